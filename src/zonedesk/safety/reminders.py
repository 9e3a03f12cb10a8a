"""Escalation of overdue hazards (督办), like overdue demands: first to the safety leaders (the leaders of the
zone's safety department when the rules name one, else the zone's leaders), then to the enterprise's linked leader,
after the working days the unit configures (SafetySettings).

A hazard is overdue once its deadline has passed and it is not accepted. Each step is taken once: the hazard's
`escalation_level` goes up by a conditional UPDATE, and only the run whose UPDATE changed the row writes the Event
and queues the messages. Run by `zonedesk supervise` (supervision.jobs.run_due_jobs).
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from zonedesk.common.workdays import WorkCalendar
from zonedesk.demands.reminders import due_level, leaders_of
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit, User
from zonedesk.supervision.models import ROBOT_KINDS, Channel
from zonedesk.supervision.services import enqueue

from .config import settings_for
from .models import Hazard, SafetySettings
from .states import OPEN, HazardLevel

SAFETY_LEADERS, LINKED_LEADER = 1, 2


def safety_leaders(hazard: Hazard, rules: SafetySettings) -> list[User]:
    """The leaders of the safety department the rules name, else the leaders of the hazard's zone."""
    if rules.safety_department_id and (found := leaders_of(rules.safety_department_id)):
        return found
    return leaders_of(hazard.unit_id)


def linked_leaders(hazard: Hazard) -> list[User]:
    """The enterprise's linked leader, else the leaders of the hazard's zone."""
    leader = hazard.enterprise.linked_leader
    if leader is not None and leader.is_active:
        return [leader]
    return leaders_of(hazard.unit_id)


def escalate_overdue_hazards(today: date, calendar: WorkCalendar | None = None) -> int:
    """Take the escalation steps due today; returns how many steps were taken."""
    calendar = calendar or WorkCalendar()
    overdue = Hazard.objects.filter(state__in=OPEN, deadline__lt=today, escalation_level__lt=LINKED_LEADER)
    overdue = overdue.select_related("enterprise__linked_leader")
    rules = settings_for(Unit.objects.filter(pk__in=overdue.values("unit")))
    by = Actor.system("hazard_escalation")
    steps = 0
    with translation.override(settings.LANGUAGE_CODE):
        for hazard in overdue:
            late = calendar.between(hazard.deadline, today)
            unit_rules = rules[hazard.unit_id]
            level = due_level(late, unit_rules)
            if level <= hazard.escalation_level:
                continue
            with transaction.atomic(durable=True):
                moved = Hazard.objects.filter(
                    pk=hazard.pk, state__in=OPEN, deadline=hazard.deadline, escalation_level__lt=level
                ).update(escalation_level=level)
                if not moved:
                    continue
                users = safety_leaders(hazard, unit_rules) if level == SAFETY_LEADERS else linked_leaders(hazard)
                if level == LINKED_LEADER and hazard.escalation_level < SAFETY_LEADERS:
                    users = safety_leaders(hazard, unit_rules) + users
                users = list(dict.fromkeys(users))  # a zone leader who is also the linked leader hears once
                record(
                    by,
                    "hazard.escalated",
                    hazard,
                    before={"escalation_level": hazard.escalation_level},
                    after={"escalation_level": level, "to": [u.pk for u in users], "late_days": late},
                )
                _notify(hazard, level, late, users)
                steps += 1
    return steps


def _notify(hazard: Hazard, level: int, late: int, users: list[User]) -> None:
    subject = _("Hazard overdue %(days)d working days: %(enterprise)s · %(hazard)s") % {
        "days": late,
        "enterprise": hazard.enterprise.name,
        "hazard": str(hazard),
    }
    body = _("%(level)s hazard, to be rectified by %(date)s, not yet accepted.") % {
        "level": HazardLevel(hazard.level).label,
        "date": f"{hazard.deadline:%Y-%m-%d}",
    }
    key = f"hazard_escalate:{hazard.pk}:{hazard.deadline:%Y%m%d}:{level}"
    enqueue(subject=subject, body=body, dedup_key=key, recipients=users)
    if level == LINKED_LEADER:
        for channel in Channel.objects.filter(unit=hazard.unit_id, kind__in=ROBOT_KINDS, is_active=True):
            enqueue(subject=subject, body=body, dedup_key=key, channel=channel)
