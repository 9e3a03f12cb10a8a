"""The hazard closed loop (隐患闭环): every move is one durable transaction on the locked row, only along
states.MOVES and by the role that table names, with one Event and one HazardMove."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from .models import Hazard, HazardCategory, HazardMove, Inspection, SafetySettings
from .photos import check_photos, discard, save_photos, store
from .states import DATE_FIELD, MOVES, HazardLevel, HazardState

HAZARD_FIELDS = {"level", "description", "category", "responsible_person", "deadline", "deadline_days"}
MAX_DESCRIPTION = 2000


def hazards_in_scope(by: Actor):
    """The hazards an actor may act on."""
    return Hazard.objects.all() if by.is_system else Hazard.objects.visible_to(by.user)


def _category(by: Actor, enterprise: Enterprise, value) -> HazardCategory | None:
    if value in (None, ""):
        return None
    scope = HazardCategory.objects.all() if by.is_system else HazardCategory.objects.visible_to(by.user)
    try:
        category = scope.select_related("unit").filter(pk=getattr(value, "pk", value), is_archived=False).first()
    except (TypeError, ValueError):
        category = None
    if category is None or not category.applies_to(enterprise.unit):
        raise Rejected("category", _("Choose one of the hazard categories of this zone."))
    return category


def _deadline(
    found_on: date, level: str, rules: SafetySettings, deadline, deadline_days, calendar: WorkCalendar
) -> date:
    """The given deadline (not in the past), or working days after the day found: given, else the level's."""
    if deadline not in (None, ""):
        if not isinstance(deadline, date) or deadline < timezone.localdate():
            raise Rejected("deadline", _("The deadline is in the past."))
        return deadline
    days = rules.deadline_days(level) if deadline_days in (None, "") else deadline_days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
        raise Rejected("deadline_days", _("Give from 1 to 365 working days."))
    return calendar.add(found_on, days)


def hazard_values(
    by: Actor,
    enterprise: Enterprise,
    found_on: date,
    rules: SafetySettings,
    default_person: str,
    data: dict,
    calendar: WorkCalendar | None = None,
) -> dict:
    """The fields of a new hazard from what the inspector typed; Rejected naming the first bad field.

    Pass one `calendar` for the hazards of one inspection: it reads each year's official days once.
    """
    if unknown := set(data) - HAZARD_FIELDS:
        raise Rejected(sorted(unknown)[0], _("This is not a field of a hazard."))
    level = data.get("level") or HazardLevel.GENERAL
    if level not in HazardLevel.values:
        raise Rejected("level", _("Choose general or major."))
    description = normalize_multiline(data.get("description"))
    if not description:
        raise Rejected("description", _("Describe the hazard."))
    if len(description) > MAX_DESCRIPTION:
        raise Rejected("description", _("Keep the description within 2000 characters."))
    person = normalize_text(data.get("responsible_person")) or default_person
    if not person or len(person) > 50:
        raise Rejected("responsible_person", _("Name the person at the enterprise who answers for the rectification."))
    return {
        "level": level,
        "description": description,
        "category": _category(by, enterprise, data.get("category")),
        "responsible_person": person,
        "deadline": _deadline(
            found_on, level, rules, data.get("deadline"), data.get("deadline_days"), calendar or WorkCalendar()
        ),
    }


def create_hazard(by: Actor, inspection: Inspection, values: dict) -> Hazard:
    """Record a checked hazard of an inspection, in the caller's transaction: the row, its Event and first move."""
    hazard = Hazard.objects.create(
        enterprise_id=inspection.enterprise_id,
        unit_id=inspection.unit_id,
        inspection=inspection,
        found_by=by.user,
        found_on=inspection.inspected_on,
        **values,
    )
    after = {
        "state": hazard.state,
        "level": hazard.level,
        "deadline": hazard.deadline,
        "category": hazard.category_id,
        "inspection": inspection.pk,
    }
    event = record(by, "hazard.found", hazard, after=after)
    HazardMove.objects.create(
        hazard=hazard, unit_id=hazard.unit_id, to_state=HazardState.FOUND, on=hazard.found_on, event=event
    )
    return hazard


def _locked(by: Actor, hazard: Hazard | int, version: int | None) -> Hazard:
    """The hazard's row, locked; Conflict when it changed since it was read (state or version)."""
    read_state = getattr(hazard, "state", None)
    if version is None:
        version = getattr(hazard, "version", None)
    locked = hazards_in_scope(by).select_related("unit", "enterprise")
    locked = locked.select_for_update(of=("self",)).get(pk=getattr(hazard, "pk", hazard))
    if (version is not None and locked.version != version) or (read_state and read_state != locked.state):
        raise Conflict()
    return locked


def _check(by: Actor, hazard: Hazard, to: str) -> None:
    """Rejected unless MOVES has the move from the hazard's state; Forbidden unless the actor holds its permission."""
    perm = MOVES.get((hazard.state, to))
    if perm is None:
        raise Rejected("state", _("This hazard cannot make that move now."))
    ensure_can(by, perm, hazard.unit, enterprise_id=hazard.enterprise_id)


def _move(
    by: Actor, hazard: Hazard, to: str, verb: str, fields: dict, *, reason: str = "", extra: dict | None = None
) -> HazardMove:
    """Move the locked hazard to `to` (only along MOVES, by the role it names), save, write the Event and the move."""
    _check(by, hazard, to)
    before_state = hazard.state
    day = timezone.localdate()
    changed = {"state": to, DATE_FIELD[to]: day, "reason": reason, **fields}
    before = {k: getattr(hazard, k) for k in changed}
    for key, value in changed.items():
        setattr(hazard, key, value)
    hazard.version += 1
    hazard.save(update_fields=[*changed, "version"])
    event = record(by, verb, hazard, before=before, after={**changed, **(extra or {})})
    return HazardMove.objects.create(
        hazard=hazard, unit_id=hazard.unit_id, from_state=before_state, to_state=to, on=day, reason=reason, event=event
    )


@transaction.atomic(durable=True)
def start_rectification(by: Actor, hazard: Hazard | int, *, version: int | None = None) -> Hazard:
    """The enterprise (or a service officer for it) starts rectifying a hazard found or sent back."""
    hazard = _locked(by, hazard, version)
    _move(by, hazard, HazardState.RECTIFYING, "hazard.rectification_started", {})
    return hazard


def submit_rectification(
    by: Actor, hazard: Hazard | int, note: str = "", photos=(), *, version: int | None = None
) -> Hazard:
    """Submit the rectification for acceptance with what was done and its photos (JPG or PNG, at least one)."""
    checked = check_photos(photos)
    stored = [store(data) for _name, data, _type in checked]
    try:
        return _submit(by, hazard, normalize_multiline(note), checked, stored, version)
    except BaseException:
        discard(stored)
        raise


@transaction.atomic(durable=True)
def _submit(by: Actor, hazard: Hazard | int, note: str, checked, stored, version: int | None) -> Hazard:
    hazard = _locked(by, hazard, version)
    _check(by, hazard, HazardState.SUBMITTED)
    if len(note) > MAX_DESCRIPTION:
        raise Rejected("note", _("Keep the description within 2000 characters."))
    photos = [{"file": name, "size": len(data)} for name, data, _type in checked]
    move = _move(
        by,
        hazard,
        HazardState.SUBMITTED,
        "hazard.rectification_submitted",
        {"rectification_note": note},
        extra={"photos": photos},
    )
    save_photos(hazard, move, checked, stored, by.user)
    return hazard


@transaction.atomic(durable=True)
def accept_rectification(by: Actor, hazard: Hazard | int, *, version: int | None = None) -> Hazard:
    """The safety officer accepts the rectification: the hazard is closed (验收通过)."""
    hazard = _locked(by, hazard, version)
    _move(by, hazard, HazardState.ACCEPTED, "hazard.accepted", {})
    return hazard


@transaction.atomic(durable=True)
def send_back(by: Actor, hazard: Hazard | int, reason: str, *, version: int | None = None) -> Hazard:
    """The safety officer sends the rectification back, saying what is still wrong; the deadline stays."""
    hazard = _locked(by, hazard, version)
    _check(by, hazard, HazardState.SENT_BACK)
    text = normalize_multiline(reason)
    if not text:
        raise Rejected("reason", _("Say what is still wrong."))
    _move(by, hazard, HazardState.SENT_BACK, "hazard.sent_back", {}, reason=text)
    return hazard
