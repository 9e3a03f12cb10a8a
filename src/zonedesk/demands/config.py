"""A unit's demand rules (auto-confirmation, escalation delays) and its own deadline per category.

Both are looked up from the unit upwards: a zone without its own rules follows its county's, then the
defaults.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from .models import CategoryDeadline, DemandCategory, DemandSettings

RULES = ["auto_confirm_days", "escalate_head_after_days", "escalate_leader_after_days"]


def _ancestor_ids(unit: Unit) -> list[int]:
    """The unit and the units above it, nearest first."""
    return [int(p) for p in reversed(unit.path.strip("/").split("/")) if p]


def settings_for(units) -> dict[int, DemandSettings]:
    """Each unit's rules (its own, the nearest above, or the defaults), in one query."""
    units = {u.pk: u for u in units}
    chains = {pk: _ancestor_ids(u) for pk, u in units.items()}
    ids = {i for chain in chains.values() for i in chain}
    found = {s.unit_id: s for s in DemandSettings.objects.filter(unit__in=ids)}
    result = {}
    for pk, chain in chains.items():
        result[pk] = next((found[i] for i in chain if i in found), None) or DemandSettings(unit_id=pk)
    return result


def demand_settings(unit: Unit) -> DemandSettings:
    return settings_for([unit])[unit.pk]


def category_days(unit: Unit, category: DemandCategory) -> int:
    """The deadline in working days for a category at a unit: its own, the nearest above, or the category's."""
    chain = _ancestor_ids(unit)
    found = {c.unit_id: c.days for c in CategoryDeadline.objects.filter(unit__in=chain, category=category)}
    return next((found[i] for i in chain if i in found), category.default_deadline_days)


def _positive(value, field: str, minimum: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < minimum or number > 365:
        raise Rejected(field, _("Enter a whole number of working days from %(min)d to 365.") % {"min": minimum})
    return number


@transaction.atomic(durable=True)
def configure(by: Actor, unit: Unit, **rules) -> DemandSettings:
    """Set a unit's demand rules (admins and leaders of the unit)."""
    unit = Unit.objects.all().get(pk=unit.pk) if by.is_system else Unit.objects.visible_to(by.user).get(pk=unit.pk)
    ensure_can(by, "demand.configure", unit)
    current = DemandSettings.objects.select_for_update().filter(unit=unit).first() or DemandSettings(unit=unit)
    before = snapshot(current, RULES) if current.pk else {}
    for field in RULES:
        if field in rules:
            setattr(current, field, _positive(rules[field], field, 1 if field == "auto_confirm_days" else 0))
    if current.escalate_leader_after_days < current.escalate_head_after_days:
        raise Rejected("escalate_leader_after_days", _("Escalate to the linked leader after the department head."))
    current.save()
    record(by, "demand.settings_changed", current, unit=unit, before=before, after=snapshot(current, RULES))
    return current


@transaction.atomic(durable=True)
def set_category_deadline(by: Actor, unit: Unit, category: DemandCategory, days) -> CategoryDeadline:
    """A unit's own deadline for a category (限期, working days)."""
    unit = Unit.objects.all().get(pk=unit.pk) if by.is_system else Unit.objects.visible_to(by.user).get(pk=unit.pk)
    ensure_can(by, "demand.configure", unit)
    if not category.applies_to(unit):
        raise Rejected("category", _("Choose one of the categories of this zone."))
    days = _positive(days, "days", 1)
    row = CategoryDeadline.objects.select_for_update().filter(unit=unit, category=category).first()
    before = {"days": row.days} if row else {}
    row = row or CategoryDeadline(unit=unit, category=category, days=days)
    row.days = days
    row.save()
    record(
        by, "demand.category_deadline_set", row, unit=unit, before=before, after={"days": days, "category": category.pk}
    )
    return row
