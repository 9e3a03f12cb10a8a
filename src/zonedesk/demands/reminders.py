"""Escalation of overdue demands (督办): first to the head of the department at work, then to the enterprise's
linked leader (挂钩领导), after the working days the unit configures (DemandSettings).

The steps, their once-only guard and their messages are the shared ladder of supervision/escalation.py; a new
assignment or transfer starts again at 0. Run by `zonedesk supervise` (supervision.jobs.run_due_jobs) with the
automatic confirmations.
"""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit, User
from zonedesk.supervision.escalation import FIRST, SECOND, Ladder, climb, leaders_of, linked_leader_or_leaders

from .config import settings_for
from .models import Demand
from .states import State

HEAD, LINKED_LEADER = FIRST, SECOND


def department_heads(demand: Demand, _rules=None) -> list[User]:
    """The department's leaders, else the leaders of the unit that works the demand."""
    return leaders_of(demand.assigned_department_id) or leaders_of(demand.handling_unit_id)


def _message(demand: Demand, level: int, late: int) -> tuple[str, str, str, str]:
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
    return subject, body, key, demand.get_absolute_url()


def escalate_overdue(today: date, calendar: WorkCalendar | None = None) -> int:
    """Take the escalation steps due today; returns how many steps were taken."""
    overdue = Demand.objects.filter(state=State.ASSIGNED, deadline__lt=today, escalation_level__lt=LINKED_LEADER)
    overdue = overdue.select_related("enterprise__linked_leader", "assigned_department", "handling_unit")
    rules = settings_for(Unit.objects.filter(pk__in=overdue.values("handling_unit")))
    ladder = Ladder(
        verb="demand.escalated",
        open=Q(state=State.ASSIGNED),
        rules=lambda demand: rules[demand.handling_unit_id],
        first=department_heads,
        second=lambda demand: linked_leader_or_leaders(demand.enterprise, demand.handling_unit_id),
        message=_message,
        channel_unit=lambda demand: demand.handling_unit_id,
    )
    return climb(ladder, overdue, today, calendar or WorkCalendar(), Actor.system("demand_escalation"))
