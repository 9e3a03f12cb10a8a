"""Escalation of overdue demands (督办): first to the head of the department at work, then to the enterprise's
linked leader (挂钩领导), after the working days the unit configures (DemandSettings).

Each step is taken once: the demand's `escalation_level` goes up by a conditional UPDATE, and only the run whose
UPDATE changed the row writes the Event and queues the messages; a new assignment or transfer starts again at 0.
Run by `zonedesk supervise` (supervision.jobs.run_due_jobs) with the automatic confirmations.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Membership, Unit, User
from zonedesk.orgs.roles import Role
from zonedesk.supervision.models import ROBOT_KINDS, Channel
from zonedesk.supervision.services import enqueue

from .config import settings_for
from .models import Demand
from .states import State

HEAD, LINKED_LEADER = 1, 2


def leaders_of(unit_id: int) -> list[User]:
    held = Membership.objects.active().filter(unit=unit_id, role=Role.LEADER).values("user_id")
    return list(User.objects.filter(pk__in=held, is_active=True))


def department_heads(demand: Demand) -> list[User]:
    """The department's leaders, else the leaders of the unit that works the demand."""
    return leaders_of(demand.assigned_department_id) or leaders_of(demand.handling_unit_id)


def linked_leaders(demand: Demand) -> list[User]:
    """The enterprise's linked leader, else the leaders of the unit that works the demand."""
    leader = demand.enterprise.linked_leader
    if leader is not None and leader.is_active:
        return [leader]
    return leaders_of(demand.handling_unit_id)


def due_level(late: int, rules) -> int:
    if late >= rules.escalate_leader_after_days and late > 0:
        return LINKED_LEADER
    if late >= rules.escalate_head_after_days and late > 0:
        return HEAD
    return 0


def escalate_overdue(today: date, calendar: WorkCalendar | None = None) -> int:
    """Take the escalation steps due today; returns how many steps were taken."""
    calendar = calendar or WorkCalendar()
    overdue = Demand.objects.filter(state=State.ASSIGNED, deadline__lt=today, escalation_level__lt=LINKED_LEADER)
    overdue = overdue.select_related("enterprise__linked_leader", "assigned_department", "handling_unit")
    rules = settings_for(Unit.objects.filter(pk__in=overdue.values("handling_unit")))
    by = Actor.system("demand_escalation")
    steps = 0
    with translation.override(settings.LANGUAGE_CODE):
        for demand in overdue:
            late = calendar.between(demand.deadline, today)
            level = due_level(late, rules[demand.handling_unit_id])
            if level <= demand.escalation_level:
                continue
            with transaction.atomic(durable=True):
                moved = Demand.objects.filter(
                    pk=demand.pk, state=State.ASSIGNED, deadline=demand.deadline, escalation_level__lt=level
                ).update(escalation_level=level)
                if not moved:
                    continue
                users = department_heads(demand) if level == HEAD else linked_leaders(demand)
                if level == LINKED_LEADER and demand.escalation_level < HEAD:
                    users = department_heads(demand) + users
                record(
                    by,
                    "demand.escalated",
                    demand,
                    before={"escalation_level": demand.escalation_level},
                    after={"escalation_level": level, "to": [u.pk for u in users], "late_days": late},
                )
                _notify(demand, level, late, users)
                steps += 1
    return steps


def _notify(demand: Demand, level: int, late: int, users: list[User]) -> None:
    subject = _("Demand overdue %(days)d working days: %(enterprise)s · %(title)s") % {
        "days": late,
        "enterprise": demand.enterprise.name,
        "title": demand.title,
    }
    body = _("Assigned to %(department)s, due on %(date)s, still not resolved.") % {
        "department": demand.assigned_department.name,
        "date": f"{demand.deadline:%Y-%m-%d}",
    }
    # Once per step, department and deadline: after a transfer the same leader hears about the new department.
    key = f"demand_escalate:{demand.pk}:{demand.assigned_department_id}:{demand.deadline:%Y%m%d}:{level}"
    link = demand.get_absolute_url()
    enqueue(subject=subject, body=body, dedup_key=key, link=link, recipients=users)
    if level == LINKED_LEADER:
        for channel in Channel.objects.filter(unit=demand.handling_unit_id, kind__in=ROBOT_KINDS, is_active=True):
            enqueue(subject=subject, body=body, dedup_key=key, link=link, channel=channel)
