"""Who manages schemes, computes and publishes sheets, and who does not even see them (404 outside scope)."""

from datetime import date

import pytest

from zonedesk.assessment import services
from zonedesk.assessment.models import Rule, Scheme, ScoreSheet, SheetStatus
from zonedesk.assessment.queries import schemes_for, sheets_for
from zonedesk.common.errors import Forbidden, Rejected

from .conftest import actor_of

SEPT = date(2026, 9, 1)


@pytest.fixture
def county_scheme(county, county_admin, on_day):
    on_day(date(2026, 10, 15))
    scheme = services.create_scheme(
        county_admin, unit=county, name="区镇月度考核", period_kind="month", subject_kind="zone"
    )
    services.add_item(
        county_admin, scheme, indicator="demands_overdue", weight=10, rule=Rule.PENALTY, penalty_per_item=2
    )
    return scheme


@pytest.fixture
def zone_scheme(zone_a, department_a, admin_a, on_day):
    on_day(date(2026, 10, 15))
    scheme = services.create_scheme(
        admin_a, unit=zone_a, name="部门月度考核", period_kind="month", subject_kind="department"
    )
    services.add_item(admin_a, scheme, indicator="tasks_overdue", weight=10, rule=Rule.PENALTY, penalty_per_item=2)
    return scheme


@pytest.fixture
def cast(county_admin, county_leader, supervisor, officer_b, admin_a, leader, county):
    return {
        "county_admin": county_admin,
        "county_leader": county_leader,
        "supervisor": supervisor,
        "county_officer": actor_of(county, "service_officer", "county_officer"),
        "officer_b": officer_b,
        "zone_admin": admin_a,
        "zone_leader": leader,
    }


OUTSIDE = Scheme.DoesNotExist
# who -> (add an item, compute, publish) on a county scheme: True, Forbidden (in scope), or OUTSIDE (404)
MATRIX = {
    "county_admin": (True, True, True),
    "county_leader": (Forbidden, True, True),
    "supervisor": (Forbidden, True, Forbidden),
    "county_officer": (Forbidden, Forbidden, Forbidden),
    "officer_b": (OUTSIDE, OUTSIDE, ScoreSheet.DoesNotExist),
    "zone_admin": (OUTSIDE, OUTSIDE, ScoreSheet.DoesNotExist),
    "zone_leader": (OUTSIDE, OUTSIDE, ScoreSheet.DoesNotExist),
}


def _expect(outcome, call):
    if outcome is True:
        return call()
    with pytest.raises(outcome):
        call()
    return None


@pytest.mark.parametrize("who", MATRIX)
def test_the_county_scheme_by_role(county_scheme, county_admin, cast, who):
    by = cast[who]
    add, compute, publish = MATRIX[who]
    _expect(
        add,
        lambda: services.add_item(by, county_scheme, indicator="demands_solved", weight=5, rule=Rule.LINEAR, target=3),
    )
    assert county_scheme.items.count() == (2 if add is True else 1)
    sheet = _expect(compute, lambda: services.compute(by, county_scheme, SEPT))
    draft = sheet or services.compute(county_admin, county_scheme, SEPT)
    _expect(publish, lambda: services.publish(by, draft))
    draft.refresh_from_db()
    assert draft.status == (SheetStatus.PUBLISHED if publish is True else SheetStatus.DRAFT)


def test_a_zone_officer_cannot_create_a_scheme(officer_a, zone_a, county):
    with pytest.raises(Forbidden):
        services.create_scheme(officer_a, unit=zone_a, name="自拟考核", period_kind="month", subject_kind="department")
    with pytest.raises(Rejected) as caught:  # the county is not one of their units
        services.create_scheme(officer_a, unit=county, name="自拟考核", period_kind="month", subject_kind="zone")
    assert caught.value.field == "unit"
    assert not Scheme.objects.exists()


def test_a_zone_officer_and_a_zone_leader_cannot_change_their_zones_scheme(zone_scheme, officer_a, leader):
    item = zone_scheme.items.get()
    for by in (officer_a, leader):
        with pytest.raises(Forbidden):
            services.add_item(by, zone_scheme, indicator="demands_solved", weight=5, rule=Rule.LINEAR, target=3)
        with pytest.raises(Forbidden):
            services.remove_item(by, item)
    item.refresh_from_db()
    assert not item.is_removed and zone_scheme.items.count() == 1


def test_a_zone_leader_computes_and_publishes_the_zones_own_scheme(zone_scheme, leader, department_a):
    sheet = services.publish(leader, services.compute(leader, zone_scheme, SEPT))
    assert sheet.status == SheetStatus.PUBLISHED
    assert [s.subject_unit_id for s in sheet.scores.all()] == [department_a.pk]


def test_an_officer_of_zone_b_does_not_see_a_county_schemes_sheet(county_scheme, county_leader, officer_b):
    sheet = services.compute(county_leader, county_scheme, SEPT)
    with pytest.raises(ScoreSheet.DoesNotExist):
        ScoreSheet.objects.visible_to(officer_b.user).get(pk=sheet.pk)
    assert not sheets_for(officer_b.user, county_scheme).exists()
    assert county_scheme not in schemes_for(officer_b.user)


def test_each_sees_the_schemes_of_their_units_and_below(county_scheme, zone_scheme, supervisor, officer_a, officer_b):
    assert set(schemes_for(supervisor.user)) == {county_scheme, zone_scheme}
    assert list(schemes_for(officer_a.user)) == [zone_scheme]
    assert list(schemes_for(officer_b.user)) == []


def test_an_enterprise_user_sees_no_scheme(county_scheme, zone_scheme, enterprise_user):
    assert not schemes_for(enterprise_user.user).exists()
    assert not ScoreSheet.objects.visible_to(enterprise_user.user).exists()


def test_a_manual_item_is_scored_only_by_people_who_see_the_scheme(
    county_scheme, county_admin, leader, enterprise_user
):
    for outsider in (leader, enterprise_user):  # a zone leader does not see the county's scheme; nor does an enterprise
        with pytest.raises(Rejected) as caught:
            services.add_item(
                county_admin,
                county_scheme,
                indicator="manual",
                weight=5,
                rule=Rule.MANUAL,
                label="评价",
                scorers=[outsider.user],
            )
        assert caught.value.field == "scorers"
    assert county_scheme.items.count() == 1
