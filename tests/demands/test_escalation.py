"""Follow-up of demands going wrong: overdue escalation (督办) and the enterprise's dissatisfaction."""

from datetime import date, datetime, timedelta

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.demands import config, services
from zonedesk.demands.models import Demand
from zonedesk.demands.queries import escalated_to
from zonedesk.demands.reminders import escalate_overdue
from zonedesk.demands.states import State
from zonedesk.orgs.models import Event
from zonedesk.supervision.models import InboxMessage

from .conftest import actor_of

# Assigned Monday 2025-03-03 with 2 working days: due Wednesday 3-5.
ASSIGNED_ON, DUE_ON = date(2025, 3, 3), date(2025, 3, 5)
LATE_1, LATE_2, LATE_3 = date(2025, 3, 6), date(2025, 3, 7), date(2025, 3, 10)


@pytest.fixture
def overdue(on_day, make_demand, officer_a, department_a, enterprise, leader):
    """A demand of the enterprise whose linked leader is `leader`, due 3-5 at department_a."""
    enterprise.linked_leader = leader.user
    enterprise.save(update_fields=["linked_leader"])
    on_day(ASSIGNED_ON)
    demand = services.assign(officer_a, make_demand(State.ACCEPTED), department_a, deadline_days=2)
    assert demand.deadline == DUE_ON
    return demand


def _events():
    return list(Event.objects.filter(verb="demand.escalated").order_by("pk"))


def _inbox(actor):
    return InboxMessage.objects.filter(user=actor.user).count()


def test_not_escalated_on_the_deadline(overdue):
    assert escalate_overdue(DUE_ON) == 0
    assert Demand.objects.get(pk=overdue.pk).escalation_level == 0 and not _events()


def test_first_to_the_department_head_then_to_the_linked_leader(overdue, department_head, leader, handler):
    assert escalate_overdue(LATE_1) == 1
    assert escalate_overdue(LATE_1) == 0
    assert Demand.objects.get(pk=overdue.pk).escalation_level == 1
    [first] = _events()
    assert first.after == {"escalation_level": 1, "to": [department_head.user.pk], "late_days": 1}
    assert _inbox(department_head) == 1 and _inbox(leader) == 0 and _inbox(handler) == 0
    assert list(escalated_to(department_head.user)) == [overdue]
    assert not escalated_to(leader.user).exists()

    assert escalate_overdue(LATE_2) == 0  # 2 working days late: the leader comes at 3
    assert escalate_overdue(LATE_3) == 1
    assert escalate_overdue(LATE_3 + timedelta(days=1)) == 0
    assert Demand.objects.get(pk=overdue.pk).escalation_level == 2
    assert [e.after["to"] for e in _events()] == [[department_head.user.pk], [leader.user.pk]]
    assert _inbox(department_head) == 1 and _inbox(leader) == 1
    assert list(escalated_to(leader.user)) == [overdue]


def test_without_a_department_head_the_zone_leaders_hear_first(overdue, leader):
    assert escalate_overdue(LATE_1) == 1
    assert _events()[0].after["to"] == [leader.user.pk]
    assert _inbox(leader) == 1


def test_a_late_first_run_takes_both_steps_at_once(overdue, department_head, leader):
    assert escalate_overdue(LATE_3) == 1
    assert escalate_overdue(LATE_3) == 0
    [event] = _events()
    assert event.after["escalation_level"] == 2
    assert event.after["to"] == [department_head.user.pk, leader.user.pk]
    assert _inbox(department_head) == 1 and _inbox(leader) == 1


def test_without_a_linked_leader_the_zone_leaders_hear(overdue, enterprise, department_head, leader, zone_a):
    enterprise.linked_leader = None
    enterprise.save(update_fields=["linked_leader"])
    zone_leader = actor_of(zone_a, "leader", "zone_leader_2")
    escalate_overdue(LATE_1)
    escalate_overdue(LATE_3)
    assert set(_events()[1].after["to"]) == {leader.user.pk, zone_leader.user.pk}
    assert _inbox(zone_leader) == 1 and _inbox(department_head) == 1


def test_delays_are_configured_per_unit(overdue, leader, zone_a, department_head):
    config.configure(leader, zone_a, escalate_head_after_days=2, escalate_leader_after_days=4)
    assert escalate_overdue(LATE_1) == 0
    assert escalate_overdue(LATE_2) == 1
    assert escalate_overdue(LATE_3) == 0  # 3 working days late
    assert escalate_overdue(date(2025, 3, 11)) == 1
    assert [e.after["escalation_level"] for e in _events()] == [1, 2]


def test_a_transfer_starts_again(overdue, officer_a, department_a2, department_head, on_day):
    head_2 = actor_of(department_a2, "leader", "head_a2")
    escalate_overdue(LATE_1)
    on_day(LATE_1)
    moved = services.transfer(officer_a, Demand.objects.get(pk=overdue.pk), department_a2, "职能调整")
    assert moved.escalation_level == 0
    assert escalate_overdue(LATE_2) == 1
    assert [e.after["to"] for e in _events()] == [[department_head.user.pk], [head_2.user.pk]]
    assert _inbox(head_2) == 1 and _inbox(department_head) == 1
    assert list(escalated_to(head_2.user)) == [moved] and not escalated_to(department_head.user).exists()


def test_after_a_transfer_the_zone_leader_hears_again(overdue, officer_a, department_a2, leader, on_day):
    """No department heads: the zone's leader hears of each department the overdue demand goes to."""
    escalate_overdue(LATE_1)
    on_day(LATE_1)
    services.transfer(officer_a, Demand.objects.get(pk=overdue.pk), department_a2, "职能调整")
    assert escalate_overdue(LATE_2) == 1
    assert _inbox(leader) == 2


def test_a_new_assignment_starts_again(overdue, handler, enterprise_user, officer_a, department_a, on_day):
    escalate_overdue(LATE_3)
    on_day(LATE_3)
    demand = services.resolve(handler, Demand.objects.get(pk=overdue.pk), "solved", "已办")
    demand = services.reopen(enterprise_user, demand, "仍未解决")
    demand = services.assign(officer_a, demand, department_a, deadline_days=1)
    assert demand.escalation_level == 0 and demand.deadline == date(2025, 3, 11)
    assert escalate_overdue(date(2025, 3, 11)) == 0
    assert escalate_overdue(date(2025, 3, 12)) == 1


def test_a_resolved_demand_is_not_escalated(overdue, handler):
    services.resolve(handler, overdue, "solved", "已办")
    assert escalate_overdue(LATE_3) == 0


# Dissatisfaction: a low score or a later complaint flags the demand; it never disappears.


@pytest.mark.parametrize(("score", "flagged"), [(1, True), (2, True), (3, False), (5, False)])
def test_a_low_score_flags_the_demand(score, flagged, make_demand, enterprise_user):
    demand = services.confirm(enterprise_user, make_demand(State.RESOLVED), score)
    assert demand.is_dissatisfied is flagged
    assert Demand.objects.get(pk=demand.pk).is_dissatisfied is flagged


def test_flagging_after_an_automatic_confirmation(on_day, make_demand, enterprise_user, officer_a):
    on_day(date(2025, 3, 3))
    demand = make_demand(State.RESOLVED)
    assert services.auto_confirm_due(datetime(2025, 3, 20, 9)) == 1
    on_day(date(2025, 6, 30))  # long after the 30 days to reopen
    flagged = services.flag_dissatisfied(enterprise_user, Demand.objects.get(pk=demand.pk), "问题并未解决")
    assert flagged.is_dissatisfied and flagged.state == State.CONFIRMED and flagged.confirmed_auto
    assert flagged.comment == "问题并未解决"
    event = Event.objects.filter(verb="demand.dissatisfied").get()
    assert event.after == {"is_dissatisfied": True, "comment": "问题并未解决"}


def test_flagging_a_resolved_demand_after_30_days(on_day, make_demand, enterprise_user):
    on_day(date(2025, 3, 3))
    demand = make_demand(State.RESOLVED)
    on_day(date(2025, 4, 15))
    with pytest.raises(Rejected):
        services.reopen(enterprise_user, demand, "仍未解决")
    flagged = services.flag_dissatisfied(enterprise_user, demand, "仍未解决")
    assert flagged.is_dissatisfied and flagged.state == State.RESOLVED


def test_flagging_needs_a_reason(make_demand, enterprise_user):
    demand = make_demand(State.CONFIRMED)
    with pytest.raises(Rejected) as exc:
        services.flag_dissatisfied(enterprise_user, demand, " ")
    assert exc.value.field == "reason"
    assert not Demand.objects.get(pk=demand.pk).is_dissatisfied


def test_only_the_enterprise_flags_its_own_demand(make_demand, officer_a, other_enterprise, zone_a):
    demand = make_demand(State.CONFIRMED)
    with pytest.raises(Forbidden):
        services.flag_dissatisfied(officer_a, demand, "代企业反映")
    stranger = actor_of(zone_a, "enterprise", "stranger")
    stranger.user.enterprise = other_enterprise
    stranger.user.save(update_fields=["enterprise"])
    with pytest.raises(Demand.DoesNotExist):
        services.flag_dissatisfied(stranger, demand, "不满意")
    assert not Demand.objects.get(pk=demand.pk).is_dissatisfied


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.REOPENED, State.REJECTED])
def test_flagging_only_an_answered_demand(state, make_demand, enterprise_user):
    demand = make_demand(state)
    with pytest.raises(Rejected) as exc:
        services.flag_dissatisfied(enterprise_user, demand, "不满意")
    assert exc.value.field == "state"
