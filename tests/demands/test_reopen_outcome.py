"""A reopened demand is no longer counted as solved; its earlier answer stays in the history."""

from zonedesk.demands.models import DemandMove
from zonedesk.demands.queries import demand_figures
from zonedesk.demands.states import State
from zonedesk.orgs.models import Event


def test_reopening_takes_the_demand_out_of_solved(make_demand, officer_a):
    demand = make_demand(State.REOPENED)
    assert demand.outcome == ""
    figures = demand_figures(officer_a.user)
    assert figures["solved"]["value"] == 0 and figures["reopened"]["value"] == 1
    resolved = Event.objects.get(verb="demand.resolved", object_id=str(demand.pk))
    assert resolved.after["outcome"] == "solved"
    assert DemandMove.objects.filter(demand=demand, to_state=State.RESOLVED).exists()
