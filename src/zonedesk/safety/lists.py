"""Writes on the zone's saved lists (五张清单): the lists every zone starts with, and creating, renaming and deleting
a list (the zone's admins and leaders), each with its Event."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.common.text import normalize_text
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import ensure_can

from .list_queries import FILTERS
from .models import HazardCategory
from .models_maps import ListKind, SavedList
from .states import OPEN, HazardLevel, SafetyColour

# (key, name, kind, filter): the lists of the "6543" programme every zone starts with. The names are the zone's
# data from then on (renamed, deleted), so they are stored in Chinese, as the zone would type them.
DEFAULT_LISTS = [
    ("six", "涉及“六涉”企业", ListKind.ENTERPRISES, {"is_six": True}),
    (
        "major_open",
        "重大隐患未整改",
        ListKind.HAZARDS,
        {"level": [HazardLevel.MAJOR.value], "state": [*map(str, OPEN)]},
    ),
    ("red_orange", "红橙色企业", ListKind.ENTERPRISES, {"colour": [SafetyColour.RED.value, SafetyColour.ORANGE.value]}),
    ("overdue", "逾期隐患", ListKind.HAZARDS, {"overdue": True}),
    ("inspection_due", "待检查企业", ListKind.ENTERPRISES, {"inspection_due": True}),
]
DEFAULT_KEYS = [key for key, *_rest in DEFAULT_LISTS]
FIELDS = ["name", "kind", "filters", "position"]
MAX_NAME = 60
MAX_TEXT = 100


def _zone(by: Actor, unit: Unit | int) -> Unit:
    scope = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    return scope.get(pk=getattr(unit, "pk", unit), kind=UnitKind.ZONE)


def _name(unit: Unit, value, exclude_pk: int | None = None) -> str:
    name = normalize_text(value)
    if not name or len(name) > MAX_NAME:
        raise Rejected("name", _("Enter a name of at most %(n)d characters.") % {"n": MAX_NAME})
    if SavedList.objects.live().filter(unit=unit, name=name).exclude(pk=exclude_pk).exists():
        raise Rejected("name", _("This zone already has a list of that name."))
    return name


def _ids(unit: Unit, values) -> list[int]:
    ids = sorted({int(v) for v in values if isinstance(v, int | str) and str(v).isdigit()})
    found = HazardCategory.objects.select_related("unit").filter(pk__in=ids)
    readable = len(ids) == len(set(map(str, values)))
    if not ids or not readable or len(found) != len(ids) or not all(c.applies_to(unit) for c in found):
        raise Rejected("category", _("Choose hazard categories of this zone."))
    return ids


def clean_filters(unit: Unit, kind: str, filters) -> dict:
    """The filter a list may keep: known names only, each with a value of its kind (JSON values)."""
    if kind not in ListKind.values:
        raise Rejected("kind", _("Choose a list of enterprises or of hazards."))
    if not isinstance(filters, dict):
        raise Rejected("filters", _("The list's filter cannot be read."))
    allowed, clean = FILTERS[kind], {}
    for name, value in filters.items():
        if name not in allowed:
            raise Rejected(name, _("This list cannot filter on %(name)s.") % {"name": name})
        spec = allowed[name]
        if value in (None, "", []):
            continue
        if spec == "flag":
            if not isinstance(value, bool):
                raise Rejected(name, _("Answer yes or no."))
            clean[name] = value
        elif spec == "text":
            text = normalize_text(value)[:MAX_TEXT]
            if text:
                clean[name] = text
        elif spec == "ids":
            clean[name] = _ids(unit, value if isinstance(value, list) else [value])
        else:
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, bool) or v not in spec for v in values):
                raise Rejected(name, _("Choose among the values offered."))
            clean[name] = sorted(set(values), key=str)
    return clean


def ensure_default_lists(unit: Unit | int) -> list[SavedList]:
    """Give a zone the lists it starts with, once: a zone that has (or had, and deleted) any list gets none."""
    if SavedList.objects.filter(unit=getattr(unit, "pk", unit)).exists():  # the usual case: no write lock taken
        return []
    return _create_default_lists(unit)


@transaction.atomic(durable=True)
def _create_default_lists(unit: Unit | int) -> list[SavedList]:
    by = Actor.system("safety-lists")
    unit = Unit.objects.select_for_update().get(pk=getattr(unit, "pk", unit), kind=UnitKind.ZONE)
    if SavedList.objects.filter(unit=unit).exists():
        return []
    created = []
    for position, (key, name, kind, filters) in enumerate(DEFAULT_LISTS, start=1):
        saved = SavedList.objects.create(
            unit=unit, name=name, kind=kind, filters=filters, position=position, default_key=key
        )
        record(by, "safety.list_created", saved, after=snapshot(saved, FIELDS))
        created.append(saved)
    return created


@transaction.atomic(durable=True)
def create_list(by: Actor, unit: Unit | int, *, name: str, kind: str, filters: dict) -> SavedList:
    """Save a filter over the zone's enterprises or hazards as a list, placed after the zone's other lists."""
    unit = _zone(by, unit)
    ensure_can(by, "safety.configure", unit)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one list of a name, however many save at once
    clean = clean_filters(unit, kind, filters)
    last = SavedList.objects.filter(unit=unit).aggregate(n=Max("position"))["n"] or 0
    saved = SavedList.objects.create(
        unit=unit, name=_name(unit, name), kind=kind, filters=clean, position=last + 1, created_by=by.user
    )
    record(by, "safety.list_created", saved, after=snapshot(saved, FIELDS))
    return saved


def _locked(by: Actor, saved: SavedList | int) -> SavedList:
    scope = SavedList.objects.all() if by.is_system else SavedList.objects.visible_to(by.user)
    saved = scope.live().select_for_update().select_related("unit").get(pk=getattr(saved, "pk", saved))
    ensure_can(by, "safety.configure", saved.unit)
    return saved


@transaction.atomic(durable=True)
def rename_list(by: Actor, saved: SavedList | int, name: str) -> SavedList:
    """Give a list another name (unique among the zone's lists)."""
    saved = _locked(by, saved)
    before = snapshot(saved, ["name"])
    saved.name = _name(saved.unit, name, exclude_pk=saved.pk)
    if saved.name == before["name"]:
        return saved
    saved.save(update_fields=["name"])
    record(by, "safety.list_renamed", saved, before=before, after=snapshot(saved, ["name"]))
    return saved


@transaction.atomic(durable=True)
def delete_list(by: Actor, saved: SavedList | int) -> SavedList:
    """Take a list off the zone's lists (kept, hidden: its Events still name it)."""
    saved = _locked(by, saved)
    saved.is_deleted = True
    saved.save(update_fields=["is_deleted"])
    record(by, "safety.list_deleted", saved, before={"is_deleted": False}, after={"is_deleted": True})
    return saved
