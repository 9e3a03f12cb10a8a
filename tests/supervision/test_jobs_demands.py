"""`zonedesk supervise` runs the demand jobs: escalation of overdue demands and automatic confirmation."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from zonedesk.demands import config, services
from zonedesk.demands.models import Demand, DemandCategory
from zonedesk.demands.states import Outcome, State
from zonedesk.orgs.models import Event
from zonedesk.supervision.jobs import run_due_jobs
from zonedesk.supervision.models import InboxMessage


@pytest.fixture
def monday(monkeypatch):
    day = date(2025, 3, 3)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


@pytest.fixture
def demands(monday, officer_a, handler, enterprise, department_a, leader):
    """Two overdue on Thursday 3-6 (due 3-4 and 3-5) and one resolved on Monday 3-3."""
    enterprise.linked_leader = leader.user
    enterprise.save(update_fields=["linked_leader"])
    category = DemandCategory.objects.get(unit=None, name="用工")
    made = []
    for title, days in (("招工难", 1), ("用电增容", 2), ("道路破损", 3)):
        demand = services.submit_demand(officer_a, enterprise, category=category, title=title)
        made.append(services.assign(officer_a, services.accept(officer_a, demand), department_a, deadline_days=days))
    resolved = services.resolve(handler, made.pop(), Outcome.SOLVED, "已修复")
    return made, resolved


def _run(day: date, hour: int = 9) -> dict:
    return run_due_jobs(timezone.make_aware(datetime(day.year, day.month, day.day, hour)))


def test_nothing_due_is_quiet(demands):
    counts = _run(date(2025, 3, 4))
    assert "demand_escalations" not in counts and "demands_auto_confirmed" not in counts


def test_escalations_counted_and_taken_once(demands, leader):
    counts = _run(date(2025, 3, 6))  # 3-4 is 2 working days late, 3-5 one
    assert counts["demand_escalations"] == 2
    assert "demand_escalations" not in _run(date(2025, 3, 6), hour=10)
    assert Event.objects.filter(verb="demand.escalated").count() == 2
    assert InboxMessage.objects.filter(user=leader.user).count() == 2  # the zone's leader: no department head
    counts = _run(date(2025, 3, 7))  # 3-4 is now 3 working days late: to the linked leader
    assert counts["demand_escalations"] == 1
    levels = dict(Demand.objects.filter(state=State.ASSIGNED).values_list("title", "escalation_level"))
    assert levels == {"招工难": 2, "用电增容": 1}


def test_auto_confirmation_with_the_units_days(demands, leader, zone_a):
    _made, resolved = demands
    config.configure(leader, zone_a, auto_confirm_days=2)
    assert "demands_auto_confirmed" not in _run(date(2025, 3, 5))
    counts = _run(date(2025, 3, 6))
    assert counts["demands_auto_confirmed"] == 1
    resolved.refresh_from_db()
    assert resolved.state == State.CONFIRMED and resolved.confirmed_auto
    assert "demands_auto_confirmed" not in _run(date(2025, 3, 6), hour=10)
