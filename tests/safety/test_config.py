"""A unit's safety rules and hazard categories: inherited down the tree, set by admins and leaders only."""

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.orgs.models import Event, Unit, UnitKind
from zonedesk.safety import config, services
from zonedesk.safety.models import HazardCategory, SafetySettings

from ..factories import UnitFactory
from .conftest import actor_of


def test_defaults_then_the_county_then_the_zone(zone_a, zone_b, county):
    rules = config.safety_settings(zone_a)
    assert [rules.inspection_days(c) for c in ("red", "orange", "yellow", "blue", "green")] == [30, 60, 90, 180, 365]
    assert (rules.deadline_days("general"), rules.deadline_days("major")) == (10, 30)
    county_admin = actor_of(county, "admin", "county_admin")
    config.configure(county_admin, county, red_inspection_days=15, general_deadline_days=7)
    zone_leader = actor_of(zone_a, "leader", "zone_a_leader")
    config.configure(zone_leader, zone_a, general_deadline_days=5)
    a, b = config.safety_settings(zone_a), config.safety_settings(zone_b)
    assert (a.red_inspection_days, a.general_deadline_days) == (15, 5)  # the county's frequency kept
    assert (b.red_inspection_days, b.general_deadline_days) == (15, 7)
    assert Event.objects.filter(verb="safety.settings_changed").count() == 2


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("safety_officer", Forbidden),
        ("officer_a", Forbidden),
        ("supervisor", Forbidden),
        ("enterprise_user", Unit.DoesNotExist),  # units are staff's: outside an enterprise user's scope
        ("admin_b", Unit.DoesNotExist),
    ],
)
def test_only_the_units_admins_and_leaders_configure(who, error, request, zone_a, zone_b):
    by = actor_of(zone_b, "admin", "admin_b") if who == "admin_b" else request.getfixturevalue(who)
    with pytest.raises(error):
        config.configure(by, zone_a, red_inspection_days=10)
    with pytest.raises(error):
        config.add_category(by, zone_a, code="WH", name="涉危险化学品")
    assert not SafetySettings.objects.exists() and not HazardCategory.objects.exists()


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"red_inspection_days": 0}, "red_inspection_days"),
        ({"major_deadline_days": 400}, "major_deadline_days"),
        ({"general_deadline_days": "十"}, "general_deadline_days"),
        ({"red_inspection_days": 90}, "red_inspection_days"),  # red less often than orange (60)
        ({"escalate_head_after_days": 5}, "escalate_leader_after_days"),
        ({"star_labels": {"6": "六星"}}, "star_labels"),
        ({"colour": "red"}, "colour"),
        ({"safety_department": "zone_b_department"}, "safety_department"),
    ],
)
def test_bad_rules_are_refused(rules, field, admin_a, zone_a, zone_b):
    if rules.get("safety_department"):
        rules = {"safety_department": UnitFactory(name="海河镇应急办", kind=UnitKind.DEPARTMENT, parent=zone_b)}
    with pytest.raises(Rejected) as exc:
        config.configure(admin_a, zone_a, **rules)
    assert exc.value.field == field
    assert not SafetySettings.objects.exists()


def test_star_labels_of_the_zone(admin_a, zone_a):
    assert str(config.safety_settings(zone_a).star_label(5)) in ("Five stars", "五星")
    config.configure(admin_a, zone_a, star_labels={"5": "安全标杆企业", "1": " "})
    rules = config.safety_settings(zone_a)
    assert rules.star_label(5) == "安全标杆企业" and rules.star_labels == {"5": "安全标杆企业"}


def test_categories_of_the_county_apply_to_its_zones(county, zone_a, zone_b, safety_officer, enterprise):
    county_admin = actor_of(county, "admin", "county_admin")
    county_list = config.add_category(county_admin, county, code="wh", name="涉危险化学品", is_six=True)
    zone_b_admin = actor_of(zone_b, "admin", "admin_b")
    zone_b_only = config.add_category(zone_b_admin, zone_b, code="YX", name="涉有限空间")
    assert county_list.code == "WH"
    assert set(HazardCategory.objects.visible_to(safety_officer.user)) == {county_list}
    profile = services.update_profile(safety_officer, enterprise, categories=[county_list])
    assert list(profile.categories.all()) == [county_list]
    with pytest.raises(Rejected):
        services.update_profile(safety_officer, enterprise, categories=[zone_b_only])


def test_a_code_is_used_once_per_unit(admin_a, zone_a, dust):
    with pytest.raises(Rejected) as exc:
        config.add_category(admin_a, zone_a, code="fc", name="另一个")
    assert exc.value.field == "code"
    other = config.add_category(admin_a, zone_a, code="AQ", name="涉氨制冷", is_six=True)
    with pytest.raises(Rejected):
        config.change_category(admin_a, other, code="FC")


def test_an_archived_category_tags_nothing_new(admin_a, dust, safety_officer, enterprise):
    services.update_profile(safety_officer, enterprise, categories=[dust])
    config.change_category(admin_a, dust, is_archived=True)
    event = Event.objects.get(verb="safety.category_changed")
    assert event.before["is_archived"] is False and event.after["is_archived"] is True
    assert list(enterprise.safety_profile.categories.all()) == [dust]  # the old tag stays
    with pytest.raises(Rejected):
        services.update_profile(safety_officer, enterprise, categories=[dust])
