from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project
from zonedesk.taskforces import services
from zonedesk.taskforces.models import TaskForce, TaskForceSettings, WeeklyReport
from zonedesk.taskforces.queries import missing_weekly_reports

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEK = {"iso_year": 2025, "iso_week": 10}  # 3–9 March 2025: the report is due Friday 7 March, 17:00


def report(task_force, by, amount="500", **extra):
    data = {"progress": "主体结构施工", "percent_complete": 35, "investment_this_week_wan": amount}
    return services.submit_weekly_report(task_force, data, by=by, **{**WEEK, **extra})


@pytest.fixture
def funded(task_force, project):
    Project.objects.filter(pk=project.pk).update(investment_completed_wan=Decimal("1000"))
    return task_force


def completed(project) -> Decimal:
    return Project.objects.get(pk=project.pk).investment_completed_wan


def test_a_weekly_report_adds_its_investment_to_the_project_once(funded, project, pm_a):
    submitted = report(funded, pm_a)
    assert submitted.investment_total_wan == Decimal("1500.00") and submitted.submitted_by == pm_a.user
    assert completed(project) == Decimal("1500.00")
    assert Event.objects.filter(verb="weekly_report.submitted").count() == 1
    assert Event.objects.filter(verb="project.funds_recorded").count() == 1


def test_a_second_report_for_the_same_week_is_a_conflict(funded, project, pm_a, leader):
    report(funded, pm_a)
    with pytest.raises(Conflict):
        report(funded, leader, amount="800")
    assert WeeklyReport.objects.count() == 1 and completed(project) == Decimal("1500.00")
    assert Event.objects.filter(verb="project.funds_recorded").count() == 1


def test_a_correction_replaces_the_weeks_amount_instead_of_adding_it(funded, project, pm_a):
    report(funded, pm_a)
    corrected = report(funded, pm_a, amount="600", correction=True)
    assert corrected.investment_total_wan == Decimal("1600.00") and completed(project) == Decimal("1600.00")
    assert WeeklyReport.objects.count() == 1
    assert Event.objects.get(verb="weekly_report.corrected").before["investment_this_week_wan"] == "500.00"


def test_the_next_week_adds_on(funded, project, pm_a):
    report(funded, pm_a)
    report(funded, pm_a, amount="250", iso_week=11)
    assert completed(project) == Decimal("1750.00")


def test_there_is_nothing_to_correct_before_a_report(funded, pm_a):
    with pytest.raises(Rejected) as exc:
        report(funded, pm_a, correction=True)
    assert exc.value.field == "iso_week"


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("percent_complete", {"progress": "x", "percent_complete": 101}),
        ("investment_this_week_wan", {"progress": "x", "investment_this_week_wan": "-1"}),
        ("investment_this_week_wan", {"progress": "x", "investment_this_week_wan": "五百"}),
        ("progress", {"progress": " "}),
    ],
)
def test_bad_figures_are_refused_on_their_field(funded, pm_a, field, data):
    with pytest.raises(Rejected) as exc:
        services.submit_weekly_report(funded, data, by=pm_a, **WEEK)
    assert exc.value.field == field
    assert not WeeklyReport.objects.exists()


def test_an_outsider_and_a_service_officer_cannot_report(funded, investment_b, officer_a):
    with pytest.raises(TaskForce.DoesNotExist):
        report(funded, investment_b)
    with pytest.raises(Forbidden):
        report(funded, officer_a)


@pytest.fixture
def old_task_force(task_force):
    TaskForce.objects.filter(pk=task_force.pk).update(created_on=date(2025, 1, 2))
    return task_force


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_a_missing_report_is_flagged_only_after_friday_17_00(old_task_force, leader):
    assert missing_weekly_reports(leader.user, 2025, 10, at(2025, 3, 7, 16, 59)) == []
    assert missing_weekly_reports(leader.user, 2025, 10, at(2025, 3, 7, 17, 0)) == [old_task_force]


def test_a_reported_week_is_not_missing(old_task_force, leader, pm_a):
    report(old_task_force, pm_a)
    assert missing_weekly_reports(leader.user, 2025, 10, at(2025, 3, 8, 9)) == []
    assert missing_weekly_reports(leader.user, 2025, 11, at(2025, 3, 14, 18)) == [old_task_force]


def test_a_task_force_set_up_after_the_deadline_owes_no_report_for_that_week(old_task_force, leader):
    TaskForce.objects.filter(pk=old_task_force.pk).update(created_on=date(2025, 3, 8))
    assert missing_weekly_reports(leader.user, 2025, 10, at(2025, 3, 9, 12)) == []


def test_the_deadline_follows_the_nearest_unit_settings(old_task_force, leader, county, zone_a):
    TaskForceSettings.objects.create(unit=county, report_weekday=1, report_hour=9)
    assert missing_weekly_reports(leader.user, 2025, 10, at(2025, 3, 3, 9)) == [old_task_force]
    TaskForceSettings.objects.create(unit=zone_a, report_weekday=6, report_hour=12)
    assert missing_weekly_reports(leader.user, 2025, 10, at(2025, 3, 8, 11, 59)) == []


def test_zone_b_sees_no_missing_report_of_zone_a(old_task_force, investment_b):
    assert missing_weekly_reports(investment_b.user, 2025, 10, at(2025, 3, 9)) == []


def test_a_week_that_has_not_started_takes_no_report(funded, pm_a):
    year, week, _day = (date.today() + timedelta(days=14)).isocalendar()
    with pytest.raises(Rejected) as exc:
        report(funded, pm_a, iso_year=year, iso_week=week)
    assert exc.value.field == "iso_week"
    with pytest.raises(Rejected):
        report(funded, pm_a, iso_year=2025, iso_week=54)
