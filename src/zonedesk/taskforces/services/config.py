"""A unit's task-force settings: when the weekly report is due and when overdue items go up."""

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from ..models import TaskForceSettings
from .base import units_of

FIELDS = ["report_weekday", "report_hour", "escalate_after_days", "escalate_linked_after_days"]
LIMITS = {"report_weekday": (1, 7), "report_hour": (0, 23), "escalate_after_days": (0, 60)}


def _number(value, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise Rejected(field, _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}) from exc
    if not low <= number <= high:
        raise Rejected(field, _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
    return number


@transaction.atomic(durable=True)
def set_task_force_settings(unit: Unit, data: dict, *, by: Actor) -> TaskForceSettings:
    """Set a unit's weekly report deadline (ISO weekday, hour) and escalation delays (working days)."""
    unit = units_of(by).get(pk=unit.pk)
    ensure_can(by, "taskforce.configure", unit)
    settings, _created = TaskForceSettings.objects.select_for_update().get_or_create(unit=unit)
    before = snapshot(settings, FIELDS)
    for field in FIELDS:
        if field in data:
            low, high = LIMITS.get(field, (0, 60))
            setattr(settings, field, _number(data[field], field, low, high))
    if settings.escalate_linked_after_days < settings.escalate_after_days:
        raise Rejected(
            "escalate_linked_after_days", _("The linked leader is told no earlier than the task-force leader.")
        )
    settings.save()
    before, after = changes(before, snapshot(settings, FIELDS))
    record(by, "taskforce.settings_set", settings, before=before, after=after, unit=unit)
    return settings
