from datetime import date

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.models import OfficialDay
from zonedesk.common.workdays import CalendarSource, WorkCalendar
from zonedesk.orgs import services
from zonedesk.orgs.models import Event

from ..conftest import client_for

CAL_2027 = """
2027-02-06 班 春节调休
2027-02-08 休 春节
2027-02-09 休 春节
2027-02-10 休 春节
2027-02-11 休 春节
2027-02-12 休 春节
"""


@pytest.mark.django_db
def test_spring_festival_2025_counts_the_make_up_sunday_and_skips_the_holiday():
    cal = WorkCalendar()
    assert cal.is_workday(date(2025, 1, 26))  # a Sunday made a working day (调休)
    assert not cal.is_workday(date(2025, 1, 28)) and not cal.is_workday(date(2025, 2, 4))
    # Five working days after Friday 2025-01-24: Sun 26, Mon 27, then the holiday, then Wed 5, Thu 6, Fri 7.
    assert cal.add(date(2025, 1, 24), 5) == date(2025, 2, 7)
    assert cal.add(date(2025, 1, 24), 6) == date(2025, 2, 8)  # Saturday 2025-02-08 is a make-up day too


@pytest.mark.django_db
def test_national_day_2025_week_is_skipped_and_its_saturday_worked():
    cal = WorkCalendar()
    assert cal.is_workday(date(2025, 9, 28)) and cal.is_workday(date(2025, 10, 11))
    assert cal.add(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert cal.between(date(2025, 9, 30), date(2025, 10, 10)) == 2


@pytest.mark.django_db
def test_a_year_the_package_does_not_know_falls_back_to_weekends_and_says_so():
    cal = WorkCalendar()
    assert cal.source(2027) == CalendarSource.WEEKENDS
    assert cal.unknown_years(date(2026, 12, 30), date(2027, 2, 10)) == [2027]
    assert cal.is_workday(date(2027, 2, 10))  # a Wednesday: without the calendar, Spring Festival is missed
    assert cal.add(date(2027, 2, 5), 3) == date(2027, 2, 10)


def test_an_admin_enters_the_2027_calendar_and_deadlines_follow_it(admin_a):
    services.set_official_calendar(year=2027, text=CAL_2027, by=admin_a)
    cal = WorkCalendar()
    assert cal.source(2027) == CalendarSource.OFFICIAL and cal.unknown_years(date(2027, 2, 10)) == []
    assert cal.is_workday(date(2027, 2, 6))  # Saturday make-up day
    assert cal.add(date(2027, 2, 5), 3) == date(2027, 2, 16)  # Sat 6, then the week off, Mon 15, Tue 16
    assert Event.objects.get(verb="calendar.year_set").after["year"] == 2027


def test_entering_a_year_again_replaces_it(admin_a):
    services.set_official_calendar(year=2027, text=CAL_2027, by=admin_a)
    services.set_official_calendar(year=2027, text="2027-01-01 休 元旦", by=admin_a)
    assert list(OfficialDay.objects.values_list("name", flat=True)) == ["元旦"]


@pytest.mark.parametrize(
    "text", ["2026-01-01 休 元旦", "2027-13-01 休 x", "2027-01-01 歇 元旦", "", "2027-01-01 休\n2027-01-01 班"]
)
def test_bad_calendar_lines_are_refused_and_nothing_changes(admin_a, text):
    with pytest.raises(Rejected) as exc:
        services.set_official_calendar(year=2027, text=text, by=admin_a)
    assert exc.value.field == "days"
    assert not OfficialDay.objects.exists()


def test_only_admins_enter_the_calendar(officer_a, leader):
    for actor in (officer_a, leader):
        with pytest.raises(Forbidden):
            services.set_official_calendar(year=2027, text=CAL_2027, by=actor)
    assert client_for(officer_a).get("/calendar/").status_code == 404


def test_the_calendar_page_warns_about_a_year_without_data_and_saves(admin_a):
    client = client_for(admin_a)
    page = client.get("/calendar/").content.decode()
    assert 'id="calendar-years"' in page and "text-bg-warning" in page
    assert client.post("/calendar/", {"year": 2027, "days": CAL_2027}).status_code == 302
    assert OfficialDay.objects.filter(day__year=2027).count() == 6
    bad = client.post("/calendar/", {"year": 2027, "days": "2027-02-30 休 x"})
    assert bad.status_code == 200 and OfficialDay.objects.filter(day__year=2027).count() == 6
