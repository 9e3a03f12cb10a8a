"""A unit's demand rules and its own deadline per category: the nearest unit wins, on the official calendar."""

from datetime import date, datetime

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.models import OfficialDay
from zonedesk.demands import config, services
from zonedesk.demands.config import category_days, demand_settings
from zonedesk.demands.models import CategoryDeadline, Demand, DemandCategory
from zonedesk.demands.states import Level, Outcome, State
from zonedesk.orgs.models import Event

from .conftest import actor_of


@pytest.fixture
def overrides(category, admin_a, county_leader, zone_a, county):
    """用工: 6 working days in zone A, 5 in the county (zone B follows the county), 10 by default."""
    config.set_category_deadline(county_leader, county, category, 5)
    config.set_category_deadline(admin_a, zone_a, category, 6)


def test_the_nearest_unit_wins(overrides, category, zone_a, zone_b, county, department_a):
    assert category_days(zone_a, category) == 6
    assert category_days(department_a, category) == 6
    assert category_days(zone_b, category) == 5
    assert category_days(county, category) == 5
    other = DemandCategory.objects.get(unit=None, name="用地")
    assert category_days(zone_a, other) == 20


def test_zone_override_across_the_spring_festival(overrides, on_day, make_demand, officer_a, department_a):
    # Spring Festival 2025: 1-28 to 2-4 off; Saturday 2-8 is a make-up working day.
    on_day(date(2025, 1, 24))
    demand = services.assign(officer_a, make_demand(State.ACCEPTED), department_a)
    assert demand.deadline == date(2025, 2, 8)


def test_county_override_for_a_zone_without_its_own(overrides, on_day, officer_b, enterprise_b, category, department_b):
    on_day(date(2025, 1, 24))
    demand = services.submit_demand(officer_b, enterprise_b, category=category, title="招工难")
    demand = services.accept(officer_b, demand)
    assert services.assign(officer_b, demand, department_b).deadline == date(2025, 2, 7)


def test_a_routed_demand_takes_the_county_deadline(
    overrides, on_day, make_demand, officer_a, county_officer, county_department
):
    on_day(date(2025, 1, 24))
    demand = services.route(officer_a, make_demand(State.ACCEPTED), Level.COUNTY, "需县级协调")
    assert services.assign(county_officer, demand, county_department).deadline == date(2025, 2, 7)


def test_an_explicit_number_of_days_wins_over_the_rules(overrides, on_day, make_demand, officer_a, department_a):
    on_day(date(2025, 1, 24))
    demand = services.assign(officer_a, make_demand(State.ACCEPTED), department_a, deadline_days=1)
    assert demand.deadline == date(2025, 1, 26)  # Sunday 1-26 is a make-up working day


def test_a_year_entered_by_an_admin(on_day, admin_a, zone_a, category, make_demand, officer_a, department_a):
    """2027 is entered by hand: 1-1 (Friday) a holiday, Saturday 1-2 a make-up working day."""
    OfficialDay.objects.create(day=date(2027, 1, 1), is_workday=False, name="元旦")
    OfficialDay.objects.create(day=date(2027, 1, 2), is_workday=True, name="元旦调休")
    config.set_category_deadline(admin_a, zone_a, category, 2)
    on_day(date(2026, 12, 31))
    demand = services.assign(officer_a, make_demand(State.ACCEPTED), department_a)
    assert demand.deadline == date(2027, 1, 4)
    demand = services.assign(officer_a, make_demand(State.ACCEPTED), department_a, deadline_days=1)
    assert demand.deadline == date(2027, 1, 2)


def test_setting_a_deadline_again_updates_the_one_row(admin_a, zone_a, category):
    config.set_category_deadline(admin_a, zone_a, category, 6)
    config.set_category_deadline(admin_a, zone_a, category, "8")
    assert CategoryDeadline.objects.get(unit=zone_a, category=category).days == 8
    events = Event.objects.filter(verb="demand.category_deadline_set").order_by("pk")
    assert [e.after["days"] for e in events] == [6, 8] and events.last().before == {"days": 6}


@pytest.mark.parametrize("days", [0, -1, 366, "十", None])
def test_a_deadline_is_one_to_365_working_days(days, admin_a, zone_a, category):
    with pytest.raises(Rejected) as exc:
        config.set_category_deadline(admin_a, zone_a, category, days)
    assert exc.value.field == "days"
    assert not CategoryDeadline.objects.exists()


def test_only_leaders_and_admins_configure(officer_a, handler, zone_a, category):
    with pytest.raises(Forbidden):
        config.set_category_deadline(officer_a, zone_a, category, 5)
    with pytest.raises(Forbidden):
        config.configure(officer_a, zone_a, auto_confirm_days=3)
    assert not CategoryDeadline.objects.exists()


def test_zone_b_cannot_configure_zone_a(zone_a, category, zone_b):
    admin_b = actor_of(zone_b, "admin", "admin_b")
    with pytest.raises(zone_a.DoesNotExist):
        config.configure(admin_b, zone_a, auto_confirm_days=3)


def test_a_category_of_another_region_is_refused(admin_a, zone_a, zone_b):
    theirs = DemandCategory.objects.create(unit=zone_b, name="海河镇专项")
    with pytest.raises(Rejected) as exc:
        config.set_category_deadline(admin_a, zone_a, theirs, 5)
    assert exc.value.field == "category"


def test_rules_follow_the_nearest_unit(county_leader, leader, county, zone_a, zone_b):
    config.configure(county_leader, county, auto_confirm_days=5)
    config.configure(leader, zone_a, auto_confirm_days=2, escalate_head_after_days=2, escalate_leader_after_days=4)
    assert demand_settings(zone_a).auto_confirm_days == 2
    assert demand_settings(zone_b).auto_confirm_days == 5
    assert demand_settings(zone_b).escalate_leader_after_days == 3  # the default, kept by the county
    assert Event.objects.filter(verb="demand.settings_changed").count() == 2


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"auto_confirm_days": 0}, "auto_confirm_days"),
        ({"escalate_head_after_days": -1}, "escalate_head_after_days"),
        ({"escalate_head_after_days": 5, "escalate_leader_after_days": 2}, "escalate_leader_after_days"),
    ],
)
def test_rules_are_checked(rules, field, leader, zone_a):
    with pytest.raises(Rejected) as exc:
        config.configure(leader, zone_a, **rules)
    assert exc.value.field == field
    assert demand_settings(zone_a).pk is None


def test_auto_confirm_days_per_unit_counted_apart(
    on_day, leader, zone_a, make_demand, officer_b, enterprise_b, department_b
):
    """Zone A confirms after 2 working days, zone B keeps the default 7; auto-confirmed is not confirmed."""
    config.configure(leader, zone_a, auto_confirm_days=2)
    on_day(date(2025, 3, 3))  # Monday
    ours = make_demand(State.RESOLVED)
    theirs = services.submit_demand(officer_b, enterprise_b, category=ours.category, title="融资需求")
    theirs = services.assign(officer_b, services.accept(officer_b, theirs), department_b)
    theirs = services.resolve(officer_b, theirs, Outcome.SOLVED, "已对接银行")
    assert services.auto_confirm_due(datetime(2025, 3, 5, 9)) == 0  # 3-4, 3-5 are still within
    assert services.auto_confirm_due(datetime(2025, 3, 6, 9)) == 1
    ours.refresh_from_db()
    assert ours.state == State.CONFIRMED and ours.confirmed_auto and ours.confirmed_on == date(2025, 3, 6)
    assert Demand.objects.get(pk=theirs.pk).state == State.RESOLVED
    assert services.auto_confirm_due(datetime(2025, 3, 13, 9)) == 1  # 7 working days after 3-3
    assert Demand.objects.filter(confirmed_auto=True).count() == 2
    assert not Demand.objects.filter(state=State.CONFIRMED, confirmed_auto=False).exists()
