"""Every allowed and every refused move of the TRANSITIONS table, and the reasons moves need."""

import pytest

from zonedesk.common.errors import Rejected
from zonedesk.demands import services
from zonedesk.demands.models import Demand, DemandMove
from zonedesk.demands.states import TRANSITIONS, Outcome, State
from zonedesk.orgs.models import Event

# action -> (target state, who acts, how); assign and transfer both lead to ASSIGNED.
ACTIONS = {
    "accept": (State.ACCEPTED, "officer", lambda by, d, ctx: services.accept(by, d)),
    "return": (State.RETURNED, "officer", lambda by, d, ctx: services.return_for_info(by, d, "请补充材料")),
    "reject": (State.REJECTED, "officer", lambda by, d, ctx: services.reject(by, d, "不属于受理范围")),
    "resubmit": (State.SUBMITTED, "enterprise", lambda by, d, ctx: services.resubmit(by, d, description="补充")),
    "assign": (State.ASSIGNED, "officer", lambda by, d, ctx: services.assign(by, d, ctx["department_a"])),
    "transfer": (State.ASSIGNED, "officer", lambda by, d, ctx: services.transfer(by, d, ctx["dept2"], "职能调整")),
    "resolve": (State.RESOLVED, "officer", lambda by, d, ctx: services.resolve(by, d, Outcome.SOLVED, "已办")),
    "confirm": (State.CONFIRMED, "enterprise", lambda by, d, ctx: services.confirm(by, d, 4)),
    "reopen": (State.REOPENED, "enterprise", lambda by, d, ctx: services.reopen(by, d, "问题仍在")),
}
VERB = {
    "accept": "demand.accepted",
    "return": "demand.returned",
    "reject": "demand.rejected",
    "resubmit": "demand.resubmitted",
    "assign": "demand.assigned",
    "transfer": "demand.transferred",
    "resolve": "demand.resolved",
    "confirm": "demand.confirmed",
    "reopen": "demand.reopened",
}


def allowed(action: str, state: str) -> bool:
    target = ACTIONS[action][0]
    if target not in TRANSITIONS[state]:
        return False
    if action == "assign":
        return state != State.ASSIGNED
    if action == "transfer":
        return state == State.ASSIGNED
    return True


CASES = [(a, s, allowed(a, s)) for a in ACTIONS for s in State.values]


@pytest.mark.parametrize(("action", "state", "ok"), CASES, ids=[f"{a}-from-{s}" for a, s, _ in CASES])
def test_every_move_of_the_table(
    action, state, ok, make_demand, officer_a, enterprise_user, handler, department_a, department_a2
):
    demand = make_demand(state)
    target, who, call = ACTIONS[action]
    by = {"officer": officer_a, "enterprise": enterprise_user, "handler": handler}[who]
    ctx = {"department_a": department_a, "dept2": department_a2}
    events = Event.objects.count()
    moves = DemandMove.objects.count()
    if ok:
        moved = call(by, demand, ctx)
        assert moved.state == target
        assert moved.version == demand.version + 1
        assert Event.objects.count() == events + 1
        assert Event.objects.latest("pk").verb == VERB[action]
        assert DemandMove.objects.count() == moves + 1
    else:
        with pytest.raises(Rejected):
            call(by, demand, ctx)
        assert Demand.objects.get(pk=demand.pk).state == state
        assert Event.objects.count() == events


def test_the_table_covers_every_state():
    assert set(TRANSITIONS) == set(State.values)
    assert TRANSITIONS[State.CONFIRMED] == set() and TRANSITIONS[State.REJECTED] == set()


@pytest.mark.parametrize("call", [services.return_for_info, services.reject])
def test_returned_and_rejected_need_a_reason(call, make_demand, officer_a):
    demand = make_demand()
    with pytest.raises(Rejected) as exc:
        call(officer_a, demand, "  ")
    assert exc.value.field == "reason"
    assert Demand.objects.get(pk=demand.pk).state == State.SUBMITTED


def test_transfer_needs_a_reason_and_another_department(make_demand, officer_a, department_a, department_a2):
    demand = make_demand(State.ASSIGNED)
    with pytest.raises(Rejected):
        services.transfer(officer_a, demand, department_a2, "")
    with pytest.raises(Rejected):
        services.transfer(officer_a, demand, department_a, "职能调整")
    moved = services.transfer(officer_a, demand, department_a2, "职能调整")
    assert moved.assigned_department == department_a2 and moved.deadline == demand.deadline


def test_not_solvable_needs_an_explanation(make_demand, handler):
    demand = make_demand(State.ASSIGNED)
    with pytest.raises(Rejected) as exc:
        services.resolve(handler, demand, Outcome.NOT_SOLVABLE, "")
    assert exc.value.field == "outcome_note"
    moved = services.resolve(handler, demand, Outcome.NOT_SOLVABLE, "涉及上级政策，园区无权调整")
    assert moved.outcome == Outcome.NOT_SOLVABLE


@pytest.mark.parametrize("score", [0, 6, "5"])
def test_satisfaction_is_one_to_five(score, make_demand, enterprise_user):
    demand = make_demand(State.RESOLVED)
    with pytest.raises(Rejected):
        services.confirm(enterprise_user, demand, score)
