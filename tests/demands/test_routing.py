"""Routing by level (the county or city works a demand) and hotline tickets."""

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.demands import services
from zonedesk.demands.models import Demand
from zonedesk.demands.services import handling_unit_for
from zonedesk.demands.states import Level, Outcome, Source, State
from zonedesk.orgs.models import Event, UnitKind

from ..factories import UnitFactory
from .conftest import actor_of


def test_handling_unit_for_each_level(db):
    city = UnitFactory(name="盐城市", kind=UnitKind.REGION)
    county = UnitFactory(name="射阳县", kind=UnitKind.REGION, parent=city)
    zone = UnitFactory(name="射阳港经济开发区", kind=UnitKind.ZONE, parent=county)
    assert handling_unit_for(zone, Level.ZONE) == zone
    assert handling_unit_for(zone, Level.COUNTY) == county
    assert handling_unit_for(zone, Level.CITY) == city
    lone = UnitFactory(name="独立园区", kind=UnitKind.ZONE)
    assert handling_unit_for(lone, Level.COUNTY) == lone


def test_routing_to_the_county_moves_the_handling_unit(make_demand, officer_a, county, zone_a):
    demand = make_demand()
    assert demand.handling_unit == zone_a and demand.level == Level.ZONE
    routed = services.route(officer_a, demand, Level.COUNTY, "涉及县级审批权限")
    assert routed.level == Level.COUNTY and routed.handling_unit == county and routed.unit == zone_a
    assert routed.state == State.SUBMITTED and routed.version == demand.version + 1
    event = Event.objects.filter(verb="demand.routed").get()
    assert event.after["handling_unit"] == county.pk and event.before["handling_unit"] == zone_a.pk


def test_zone_staff_cannot_handle_a_county_demand_any_more(make_demand, officer_a, county_officer, zone_a):
    demand = services.route(officer_a, make_demand(), Level.COUNTY, "涉及县级审批权限")
    with pytest.raises(Forbidden):
        services.accept(officer_a, demand)
    with pytest.raises(Forbidden):
        services.route(officer_a, demand, Level.ZONE, "退回园区")
    assert services.accept(county_officer, demand).state == State.ACCEPTED
    # The zone still sees its enterprise's demand.
    assert Demand.objects.visible_to(officer_a.user).filter(pk=demand.pk).exists()


def test_a_county_demand_goes_only_to_a_department_of_the_county(
    make_demand, officer_a, county_officer, county_department, department_a, department_b
):
    demand = services.route(officer_a, make_demand(State.ACCEPTED), Level.COUNTY, "需县住建局协调")
    for other in (department_a, department_b):  # departments of zones under the county
        with pytest.raises(Rejected) as exc:
            services.assign(county_officer, demand, other)
        assert exc.value.field == "department"
    assigned = services.assign(county_officer, demand, county_department)
    assert assigned.state == State.ASSIGNED and assigned.assigned_department == county_department


def test_a_zone_demand_goes_only_to_a_department_of_the_zone(make_demand, officer_a, county_department):
    with pytest.raises(Rejected) as exc:
        services.assign(officer_a, make_demand(State.ACCEPTED), county_department)
    assert exc.value.field == "department"


def test_routing_needs_a_reason_and_a_new_level(make_demand, officer_a):
    demand = make_demand()
    with pytest.raises(Rejected) as exc:
        services.route(officer_a, demand, Level.COUNTY, "  ")
    assert exc.value.field == "reason"
    with pytest.raises(Rejected) as exc:
        services.route(officer_a, demand, Level.ZONE, "无需上报")
    assert exc.value.field == "level"
    with pytest.raises(Rejected) as exc:
        services.route(officer_a, demand, "province", "上报")
    assert exc.value.field == "level"
    assert not Event.objects.filter(verb="demand.routed").exists()


@pytest.mark.parametrize("state", [State.ASSIGNED, State.RESOLVED, State.CONFIRMED, State.REJECTED, State.RETURNED])
def test_routing_only_before_assignment(state, make_demand, officer_a, zone_a):
    demand = make_demand(state)
    with pytest.raises(Rejected) as exc:
        services.route(officer_a, demand, Level.COUNTY, "涉及县级审批权限")
    assert exc.value.field == "state"
    assert Demand.objects.get(pk=demand.pk).handling_unit == zone_a


@pytest.mark.parametrize("state", [State.ACCEPTED, State.REOPENED])
def test_routing_an_accepted_or_reopened_demand(state, make_demand, officer_a, county):
    assert services.route(officer_a, make_demand(state), Level.COUNTY, "上报").handling_unit == county


def test_a_county_department_resolves_a_routed_demand(
    make_demand, officer_a, county_officer, county_department, county
):
    county_handler = actor_of(county_department, "handler", "county_handler")
    demand = services.route(officer_a, make_demand(State.ACCEPTED), Level.COUNTY, "需县住建局协调")
    demand = services.assign(county_officer, demand, county_department, deadline_days=5)
    assert services.resolve(county_handler, demand, Outcome.SOLVED, "已协调").state == State.RESOLVED


def test_submitting_at_county_level(officer_a, enterprise, category, county):
    demand = services.submit_demand(officer_a, enterprise, category=category, title="跨区道路破损", level=Level.COUNTY)
    assert demand.handling_unit == county


def test_a_hotline_ticket_needs_its_number(officer_a, enterprise, category):
    with pytest.raises(Rejected) as exc:
        services.submit_demand(
            officer_a, enterprise, category=category, title="厂区门口道路破损", source=Source.HOTLINE
        )
    assert exc.value.field == "reference"
    assert not Demand.objects.exists()


def test_the_same_hotline_ticket_twice_is_refused(officer_a, officer_b, enterprise, enterprise_b, category):
    first = services.submit_demand(
        officer_a,
        enterprise,
        category=category,
        title="厂区门口道路破损",
        source=Source.HOTLINE,
        reference="SY2025030100123",
    )
    assert first.reference == "SY2025030100123" and first.source == Source.HOTLINE
    with pytest.raises(Rejected) as exc:
        services.submit_demand(
            officer_b,
            enterprise_b,
            category=category,
            title="道路破损",
            source=Source.HOTLINE,
            reference=" SY2025030100123 ",
        )
    assert exc.value.field == "reference"
    assert Demand.objects.count() == 1


def test_an_enterprise_user_submits_only_through_the_portal(enterprise_user, enterprise, category):
    with pytest.raises(Rejected) as exc:
        services.submit_demand(
            enterprise_user, enterprise, category=category, title="道路破损", source=Source.HOTLINE, reference="X1"
        )
    assert exc.value.field == "source"
    own = services.submit_demand(enterprise_user, enterprise, category=category, title="道路破损")
    assert own.source == Source.PORTAL
