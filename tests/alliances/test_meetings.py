"""Meetings with their attendance, and the problems raised there, which become demands of the one pool."""

from datetime import date

import pytest

from zonedesk.alliances import meetings, services
from zonedesk.alliances.models import AllianceMeeting, MeetingAttendance, MeetingProblem
from zonedesk.alliances.states import MeetingKind, MemberKind
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.demands import services as demand_services
from zonedesk.demands.models import Demand, DemandMove
from zonedesk.demands.states import Source, State
from zonedesk.orgs.models import Event

from ..factories import EnterpriseFactory
from .conftest import join


def test_a_meeting_records_every_member_present_or_not(meeting, members):
    rows = {a.member_id: a for a in MeetingAttendance.objects.filter(meeting=meeting)}
    assert set(rows) == {m.pk for m in members.values()}
    present = {pk for pk, row in rows.items() if row.present}
    assert present == {members["guoyang"].pk, members["jingao"].pk}
    assert rows[members["guoyang"].pk].attendee == "李强强 总经理"
    event = Event.objects.get(verb="alliance.meeting_recorded")
    assert event.after["present"] == sorted(present) and event.after["members"] == 5
    assert event.after["held_on"] == "2026-03-02"


def test_a_member_that_joined_after_the_meeting_is_not_on_its_list(officer_a, alliance, members, zone_a):
    late = EnterpriseFactory(name="射阳新晶光伏电气设备有限公司", unit=zone_a)
    newcomer = services.add_member(
        officer_a, alliance, {"kind": MemberKind.ENTERPRISE, "enterprise": late, "joined_on": "2026-03-05"}
    )
    data = {"kind": MeetingKind.JOINT_MEETING, "held_on": "2026-03-02", "topic": "联席会议"}
    with pytest.raises(Rejected) as refused:
        meetings.record_meeting(officer_a, alliance, data, attendance=[newcomer.pk])
    assert refused.value.field == "attendance"
    assert not AllianceMeeting.objects.exists()
    meeting = meetings.record_meeting(officer_a, alliance, data, attendance=[members["keyang"].pk])
    assert not MeetingAttendance.objects.filter(meeting=meeting, member=newcomer).exists()


def test_a_meeting_is_recorded_once_held_with_its_topic(officer_a, alliance, members):
    with pytest.raises(Rejected) as refused:
        meetings.record_meeting(
            officer_a, alliance, {"kind": MeetingKind.JOINT_MEETING, "held_on": "2026-03-11", "topic": "联席会议"}
        )
    assert refused.value.field == "held_on"
    with pytest.raises(Rejected) as refused:
        meetings.record_meeting(officer_a, alliance, {"kind": MeetingKind.JOINT_MEETING, "held_on": "2026-03-01"})
    assert refused.value.field == "topic"


def test_correcting_the_attendance_needs_the_version_read(officer_a, meeting, members):
    meetings.record_attendance(officer_a, meeting, {members["keyang"].pk: "王经理"}, version=1)
    present = MeetingAttendance.objects.filter(meeting=meeting, present=True)
    assert [(a.member_id, a.attendee) for a in present] == [(members["keyang"].pk, "王经理")]
    event = Event.objects.get(verb="alliance.attendance_recorded")
    assert event.before["present"] == sorted([members["guoyang"].pk, members["jingao"].pk])
    with pytest.raises(Conflict):
        meetings.record_attendance(officer_a, meeting, [members["guoyang"].pk], version=1)


def test_a_problem_raised_becomes_a_demand_from_the_meeting_tagged_with_the_chain(
    officer_a, meeting, members, chain, supply, enterprise
):
    problem, demand = meetings.raise_problem(
        officer_a,
        meeting,
        member=members["guoyang"],
        title="光伏玻璃就近配套供应不足",
        description="需从外省采购，运输成本高",
        category=supply,
    )
    demand = Demand.objects.get(pk=demand.pk)
    assert (demand.enterprise, demand.source, demand.chain, demand.state) == (
        enterprise,
        Source.MEETING,
        chain,
        State.SUBMITTED,
    )
    assert (problem.meeting, problem.member, problem.demand) == (meeting, members["guoyang"], demand)
    assert DemandMove.objects.filter(demand=demand, to_state=State.SUBMITTED).count() == 1
    raised = Event.objects.get(verb="alliance.problem_raised")
    assert raised.after == {"meeting": meeting.pk, "member": members["guoyang"].pk, "demand": demand.pk}
    # It is a demand like any other: the officer accepts it.
    assert demand_services.accept(officer_a, demand).state == State.ACCEPTED


def test_only_a_member_enterprise_raises_a_problem(officer_a, meeting, members, supply):
    for member in (members["department"], members["association"]):
        with pytest.raises(Rejected) as refused:
            meetings.raise_problem(officer_a, meeting, member=member, title="用地指标", category=supply)
        assert refused.value.field == "member"
    assert not Demand.objects.exists() and not MeetingProblem.objects.exists()


def test_a_bad_title_writes_neither_the_demand_nor_the_problem(officer_a, meeting, members, supply):
    with pytest.raises(Rejected) as refused:
        meetings.raise_problem(officer_a, meeting, member=members["keyang"], title="  ", category=supply)
    assert refused.value.field == "title"
    assert not Demand.objects.exists() and not MeetingProblem.objects.exists()


def test_an_investment_officer_manages_the_alliance_but_does_not_submit_demands(investment_a, meeting, members, supply):
    with pytest.raises(Forbidden):
        meetings.raise_problem(investment_a, meeting, member=members["keyang"], title="电力增容", category=supply)
    assert not Demand.objects.exists() and not MeetingProblem.objects.exists()


def test_another_zones_officer_cannot_reach_the_meeting(officer_b, meeting, members, supply):
    with pytest.raises(AllianceMeeting.DoesNotExist):
        meetings.raise_problem(officer_b, meeting, member=members["keyang"], title="电力增容", category=supply)


def test_a_member_that_left_before_the_meeting_raises_nothing_there(officer_a, alliance, meeting, members, supply):
    services.leave(officer_a, members["keyang"], left_on=date(2026, 2, 1))
    with pytest.raises(Rejected):
        meetings.raise_problem(officer_a, meeting, member=members["keyang"], title="电力增容", category=supply)
    # It rejoins: a new membership, from its new day.
    again = join(
        officer_a, alliance, kind=MemberKind.ENTERPRISE, enterprise=members["keyang"].enterprise, joined_on="2026-03-05"
    )
    with pytest.raises(Rejected):
        meetings.raise_problem(officer_a, meeting, member=again, title="电力增容", category=supply)
