"""A unit's safety rules (the rating scheme, inspection frequency per colour, rectification deadlines, escalation
delays) and its hazard categories, edited by the unit's admins and leaders.

Rules are looked up from the unit upwards: a zone without its own follows its county's, then the defaults.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.common.text import normalize_text
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import ensure_can

from .models import HazardCategory, SafetySettings
from .states import COLOURS, DEADLINE_DAYS_FIELD, INSPECTION_DAYS_FIELD, STARS

DAY_RULES = [
    *INSPECTION_DAYS_FIELD.values(),
    *DEADLINE_DAYS_FIELD.values(),
    "escalate_head_after_days",
    "escalate_leader_after_days",
]
RULES = [*DAY_RULES, "star_labels", "safety_department"]
MAX_DAYS = {**dict.fromkeys(INSPECTION_DAYS_FIELD.values(), 3650), **dict.fromkeys(DEADLINE_DAYS_FIELD.values(), 365)}
CATEGORY_FIELDS = ["code", "name", "is_six", "is_archived"]


def ancestor_ids(unit: Unit) -> list[int]:
    """The unit and the units above it, nearest first."""
    return [int(p) for p in reversed(unit.path.strip("/").split("/")) if p]


def settings_for(units) -> dict[int, SafetySettings]:
    """Each unit's rules (its own, the nearest above, or the defaults), in one query."""
    chains = {u.pk: ancestor_ids(u) for u in units}
    ids = {i for chain in chains.values() for i in chain}
    found = {s.unit_id: s for s in SafetySettings.objects.filter(unit__in=ids).select_related("safety_department")}
    return {
        pk: next((found[i] for i in chain if i in found), None) or SafetySettings(unit_id=pk)
        for pk, chain in chains.items()
    }


def safety_settings(unit: Unit) -> SafetySettings:
    return settings_for([unit])[unit.pk]


def _units(by: Actor):
    return Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)


def _whole(value, field: str, minimum: int, maximum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = minimum - 1
    if isinstance(value, bool) or not minimum <= number <= maximum:
        raise Rejected(field, _("Enter a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum})
    return number


def _star_labels(value) -> dict:
    if not isinstance(value, dict) or not set(map(str, value)) <= {str(s) for s in STARS}:
        raise Rejected("star_labels", _("Give a label for star levels 1 to 5 only."))
    labels = {str(k): normalize_text(v)[:30] for k, v in value.items()}
    return {k: v for k, v in sorted(labels.items()) if v}


def _department(by: Actor, unit: Unit, value) -> Unit | None:
    if value in (None, ""):
        return None
    found = _units(by).filter(pk=getattr(value, "pk", value), kind=UnitKind.DEPARTMENT).first()
    if found is None or not found.path.startswith(unit.path):
        raise Rejected("safety_department", _("Choose a department of this unit."))
    return found


@transaction.atomic(durable=True)
def configure(by: Actor, unit: Unit, **rules) -> SafetySettings:
    """Set a unit's safety rules; those not given keep their value (its own, else the one it inherited)."""
    unit = _units(by).get(pk=getattr(unit, "pk", unit))
    ensure_can(by, "safety.configure", unit)
    if unknown := set(rules) - set(RULES):
        raise Rejected(sorted(unknown)[0], _("This is not a safety rule."))
    current = SafetySettings.objects.select_for_update().filter(unit=unit).first()
    before = snapshot(current, RULES) if current else {}
    if current is None:  # start from what the unit follows today
        inherited = safety_settings(unit)
        current = SafetySettings(unit=unit, **{f: getattr(inherited, f) for f in DAY_RULES})
        current.star_labels = dict(inherited.star_labels)
        current.safety_department = inherited.safety_department
    for field in DAY_RULES:
        if field in rules:
            minimum = 0 if field.startswith("escalate") else 1
            setattr(current, field, _whole(rules[field], field, minimum, MAX_DAYS.get(field, 365)))
    if "star_labels" in rules:
        current.star_labels = _star_labels(rules["star_labels"])
    if "safety_department" in rules:
        current.safety_department = _department(by, unit, rules["safety_department"])
    if current.escalate_leader_after_days < current.escalate_head_after_days:
        raise Rejected("escalate_leader_after_days", _("Escalate to the linked leader after the safety leaders."))
    days = [current.inspection_days(c) for c in COLOURS]
    if days != sorted(days):
        raise Rejected(INSPECTION_DAYS_FIELD[COLOURS[0]], _("A riskier colour is inspected at least as often."))
    current.save()
    record(by, "safety.settings_changed", current, unit=unit, before=before, after=snapshot(current, RULES))
    return current


def _category_values(unit: Unit, code, name, exclude_pk: int | None = None) -> tuple[str, str]:
    code = normalize_text(code).upper()
    name = normalize_text(name)
    if not code or len(code) > 20:
        raise Rejected("code", _("Enter a code of at most 20 characters."))
    if not name or len(name) > 50:
        raise Rejected("name", _("Enter a name of at most 50 characters."))
    taken = HazardCategory.objects.filter(unit=unit, code=code).exclude(pk=exclude_pk)
    if taken.exists():
        raise Rejected("code", _("This code is already used in this unit."))
    return code, name


@transaction.atomic(durable=True)
def add_category(by: Actor, unit: Unit, *, code: str, name: str, is_six: bool = False) -> HazardCategory:
    """Add a hazard category to a unit's list (it applies to the unit's enterprises and those below)."""
    unit = _units(by).get(pk=getattr(unit, "pk", unit))
    ensure_can(by, "safety.configure", unit)
    code, name = _category_values(unit, code, name)
    category = HazardCategory.objects.create(unit=unit, code=code, name=name, is_six=bool(is_six))
    record(by, "safety.category_added", category, after=snapshot(category, CATEGORY_FIELDS))
    return category


@transaction.atomic(durable=True)
def change_category(by: Actor, category: HazardCategory | int, **values) -> HazardCategory:
    """Rename, recode, flag as 六涉 or archive a category (an archived one tags nothing new; old tags stay)."""
    scope = HazardCategory.objects.all() if by.is_system else HazardCategory.objects.filter(unit__in=_units(by))
    category = scope.select_for_update().select_related("unit").get(pk=getattr(category, "pk", category))
    ensure_can(by, "safety.configure", category.unit)
    if unknown := set(values) - set(CATEGORY_FIELDS):
        raise Rejected(sorted(unknown)[0], _("This field cannot be changed."))
    before = snapshot(category, CATEGORY_FIELDS)
    category.code, category.name = _category_values(
        category.unit, values.get("code", category.code), values.get("name", category.name), category.pk
    )
    for flag in ("is_six", "is_archived"):
        if flag in values:
            setattr(category, flag, bool(values[flag]))
    after = snapshot(category, CATEGORY_FIELDS)
    if after == before:
        return category
    category.save()
    record(by, "safety.category_changed", category, before=before, after=after)
    return category
