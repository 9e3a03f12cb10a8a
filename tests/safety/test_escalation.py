"""Overdue hazards escalate like overdue demands: to the safety leaders, then to the enterprise's linked leader."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from zonedesk.orgs.models import Event, UnitKind
from zonedesk.safety import config, hazards
from zonedesk.safety.models import Hazard
from zonedesk.safety.reminders import escalate_overdue_hazards
from zonedesk.safety.states import HazardState
from zonedesk.supervision.jobs import run_due_jobs
from zonedesk.supervision.models import InboxMessage

from ..factories import UnitFactory
from .conftest import actor_of

# Found Monday 2025-03-03 with 2 working days: due Wednesday 3-5.
FOUND_ON, DUE_ON = date(2025, 3, 3), date(2025, 3, 5)
LATE_1, LATE_2, LATE_3 = date(2025, 3, 6), date(2025, 3, 7), date(2025, 3, 10)


@pytest.fixture
def safety_department(zone_a):
    return UnitFactory(name="应急管理局", kind=UnitKind.DEPARTMENT, parent=zone_a)


@pytest.fixture
def safety_head(safety_department):
    return actor_of(safety_department, "leader", "safety_head")


@pytest.fixture
def linked(zone_b, enterprise):
    """The enterprise's linked leader (a county-appointed leader of another zone, so not one of zone A's)."""
    actor = actor_of(zone_b, "leader", "linked_leader")
    enterprise.linked_leader = actor.user
    enterprise.save(update_fields=["linked_leader"])
    return actor


@pytest.fixture
def overdue(on_day, make_hazard, linked):
    on_day(FOUND_ON)
    hazard = make_hazard(deadline_days=2)
    assert hazard.deadline == DUE_ON
    return hazard


def _events():
    return list(Event.objects.filter(verb="hazard.escalated").order_by("pk"))


def _inbox(actor):
    return InboxMessage.objects.filter(user=actor.user).count()


def test_not_escalated_on_the_deadline(overdue):
    assert escalate_overdue_hazards(DUE_ON) == 0
    assert Hazard.objects.get(pk=overdue.pk).escalation_level == 0 and not _events()


def test_first_the_safety_department_then_the_linked_leader(
    overdue, leader, zone_a, safety_department, safety_head, linked
):
    config.configure(leader, zone_a, safety_department=safety_department)
    assert escalate_overdue_hazards(LATE_1) == 1
    assert escalate_overdue_hazards(LATE_1) == 0  # once per step
    assert Hazard.objects.get(pk=overdue.pk).escalation_level == 1
    [first] = _events()
    assert first.after == {"escalation_level": 1, "to": [safety_head.user.pk], "late_days": 1}
    assert first.actor is None and first.object_id == str(overdue.pk)
    assert _inbox(safety_head) == 1 and _inbox(leader) == 0 and _inbox(linked) == 0

    assert escalate_overdue_hazards(LATE_2) == 0  # 2 working days late: the linked leader comes at 3
    assert escalate_overdue_hazards(LATE_3) == 1
    assert escalate_overdue_hazards(LATE_3) == 0
    assert Hazard.objects.get(pk=overdue.pk).escalation_level == 2
    assert [e.after["to"] for e in _events()] == [[safety_head.user.pk], [linked.user.pk]]
    assert _inbox(safety_head) == 1 and _inbox(linked) == 1


def test_without_a_safety_department_the_zone_leaders_hear_first(overdue, leader):
    assert escalate_overdue_hazards(LATE_1) == 1
    assert _events()[0].after["to"] == [leader.user.pk]
    assert _inbox(leader) == 1


def test_a_late_first_run_takes_both_steps_at_once(overdue, leader, linked):
    assert escalate_overdue_hazards(LATE_3) == 1
    [event] = _events()
    assert event.after["escalation_level"] == 2 and event.after["to"] == [leader.user.pk, linked.user.pk]
    assert _inbox(leader) == 1 and _inbox(linked) == 1


def test_delays_are_configured_per_unit(overdue, leader, county, zone_a):
    """The county's rules hold in the zone until the zone sets its own."""
    county_leader = actor_of(county, "leader", "county_leader")
    config.configure(county_leader, county, escalate_head_after_days=2, escalate_leader_after_days=4)
    assert escalate_overdue_hazards(LATE_1) == 0
    assert escalate_overdue_hazards(LATE_2) == 1
    assert escalate_overdue_hazards(LATE_3) == 0  # 3 working days late
    assert escalate_overdue_hazards(date(2025, 3, 11)) == 1
    assert [e.after["escalation_level"] for e in _events()] == [1, 2]


def test_a_submitted_hazard_not_yet_accepted_is_still_overdue(on_day, make_hazard, linked):
    on_day(FOUND_ON)
    hazard = make_hazard(HazardState.SUBMITTED, deadline_days=2)
    assert escalate_overdue_hazards(LATE_1) == 1
    assert Hazard.objects.get(pk=hazard.pk).escalation_level == 1


def test_an_accepted_hazard_is_not_escalated(overdue, enterprise_user, safety_officer, on_day):
    hazard = hazards.start_rectification(enterprise_user, overdue)
    hazard = hazards.submit_rectification(enterprise_user, hazard, "已整改", [("a.png", b"\x89PNG\r\n\x1a\n0")])
    hazards.accept_rectification(safety_officer, hazard)
    assert escalate_overdue_hazards(LATE_3) == 0 and not _events()


def test_the_supervise_job_escalates_hazards(overdue, leader):
    counts = run_due_jobs(timezone.make_aware(datetime(2025, 3, 6, 9)))
    assert counts["hazard_escalations"] == 1
    assert "hazard_escalations" not in run_due_jobs(timezone.make_aware(datetime(2025, 3, 6, 10)))
    assert _inbox(leader) == 1
