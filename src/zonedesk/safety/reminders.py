"""Escalation of overdue hazards (督办), like overdue demands: first to the safety leaders (the leaders of the
zone's safety department when the rules name one, else the zone's leaders), then to the enterprise's linked leader,
after the working days the unit configures (SafetySettings).

A hazard is overdue once its deadline has passed and it is not accepted. The steps, their once-only guard and their
messages are the shared ladder of supervision/escalation.py. Run by `zonedesk supervise`
(supervision.jobs.run_due_jobs).
"""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit, User
from zonedesk.supervision.escalation import FIRST, SECOND, Ladder, climb, leaders_of, linked_leader_or_leaders

from .config import settings_for
from .models import Hazard, SafetySettings
from .states import OPEN, HazardLevel

SAFETY_LEADERS, LINKED_LEADER = FIRST, SECOND


def safety_leaders(hazard: Hazard, rules: SafetySettings) -> list[User]:
    """The leaders of the safety department the rules name, else the leaders of the hazard's zone."""
    if rules.safety_department_id and (found := leaders_of(rules.safety_department_id)):
        return found
    return leaders_of(hazard.unit_id)


def _message(hazard: Hazard, level: int, late: int) -> tuple[str, str, str, str]:
    subject = _("Hazard overdue %(days)d working days: %(enterprise)s · %(hazard)s") % {
        "days": late,
        "enterprise": hazard.enterprise.name,
        "hazard": str(hazard),
    }
    body = _("%(level)s hazard, to be rectified by %(date)s, not yet accepted.") % {
        "level": HazardLevel(hazard.level).label,
        "date": f"{hazard.deadline:%Y-%m-%d}",
    }
    link = reverse("safety:hazard", args=[hazard.pk])
    return subject, body, f"hazard_escalate:{hazard.pk}:{hazard.deadline:%Y%m%d}:{level}", link


def escalate_overdue_hazards(today: date, calendar: WorkCalendar | None = None) -> int:
    """Take the escalation steps due today; returns how many steps were taken."""
    overdue = Hazard.objects.filter(state__in=OPEN, deadline__lt=today, escalation_level__lt=LINKED_LEADER)
    overdue = overdue.select_related("enterprise__linked_leader")
    rules = settings_for(Unit.objects.filter(pk__in=overdue.values("unit")))
    ladder = Ladder(
        verb="hazard.escalated",
        open=Q(state__in=OPEN),
        rules=lambda hazard: rules[hazard.unit_id],
        first=safety_leaders,
        second=lambda hazard: linked_leader_or_leaders(hazard.enterprise, hazard.unit_id),
        message=_message,
        channel_unit=lambda hazard: hazard.unit_id,
    )
    return climb(ladder, overdue, today, calendar or WorkCalendar(), Actor.system("hazard_escalation"))
