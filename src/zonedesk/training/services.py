"""Every change to the training ledger: record a session, void a wrong record, set a unit's yearly target; one durable
transaction and one Event each."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.text import fold_compat, normalize_multiline, normalize_text
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.models import Unit, User, scope_paths
from zonedesk.orgs.permissions import can, ensure_can

from .models import FIRST_YEAR, LAST_YEAR, Kind, TrainingRecord, TrainingTarget, staff_memberships

MAX_RECORD_HOURS = Decimal(24)  # one record is one day's session at most
MAX_TARGET_HOURS = Decimal(2000)  # a year's working hours: anything above is a typo
RECORD_FIELDS = ["user", "unit", "on", "title", "kind", "hours", "organiser", "note"]
TARGET_FIELDS = ["theory_hours", "practice_hours", "note"]
# "3", "3.5", "３．５", "3小时", "3 学时", "3h": the number is read, the unit word dropped.
_HOURS = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:学时|小时|课时|h|H)?$")


def hours_value(value, field: str, *, maximum: Decimal, allow_zero: bool = False) -> Decimal:
    """Hours as typed or sent, in half-hour steps within bounds; Rejected names the field."""
    number = None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
    elif isinstance(value, str) and (match := _HOURS.match(fold_compat(value))):
        number = Decimal(match.group(1))
    if number is None or not number.is_finite():
        raise Rejected(field, _("Enter the hours as a number, for example 3 or 2.5."))
    if number < 0 or (number == 0 and not allow_zero):
        raise Rejected(field, _("Enter more than 0 hours.") if not allow_zero else _("Enter 0 hours or more."))
    if number > maximum:
        raise Rejected(field, _("Enter at most %(maximum)s hours.") % {"maximum": maximum})
    if (number * 2) % 1 != 0:
        raise Rejected(field, _("Enter the hours in half-hour steps (0.5, 1, 1.5 …)."))
    return number.quantize(Decimal("0.1"))


def _day(value, field: str = "on") -> date:
    try:
        day = parse_date(value)
    except (TypeError, ValueError):
        raise Rejected(field, _("Enter a date such as 2025-02-07.")) from None
    if day is None:
        raise Rejected(field, _("Enter the date of the session."))
    if day > timezone.localdate():
        raise Rejected(field, _("Training cannot be recorded before it happens."))
    if day.year < FIRST_YEAR:
        raise Rejected(field, _("Enter a date from the year 2000 on."))
    return day


def _text(value, field: str, limit: int, *, required: bool = False, multiline: bool = False) -> str:
    text = normalize_multiline(value) if multiline else normalize_text(value)
    if required and not text:
        raise Rejected(field, _("This field is required."))
    if len(text) > limit:
        raise Rejected(field, _("Keep this within %(limit)d characters.") % {"limit": limit})
    return text


def _unit_for(by: Actor, person: User) -> Unit:
    """The staff unit a record of `person` counts for, checked against who records it.

    Their own: the person's first staff unit (training.record there). Someone else's: the person must work in the
    recorder's scope (404 otherwise) and under the recorder's training.manage (403 otherwise).
    """
    memberships = staff_memberships(person)
    if by.is_system:
        if not memberships:
            raise Rejected("user", _("This person holds no staff role."))
        return memberships[0].unit
    if person.pk == by.user.pk:
        if not memberships:
            raise Forbidden(_("Only staff keep a training ledger."))
        ensure_can(by, "training.record", memberships[0].unit)
        return memberships[0].unit
    paths = scope_paths(by.user)
    seen = [m for m in memberships if any(m.unit.path.startswith(p) for p in paths)]
    if not seen:
        raise User.DoesNotExist
    managed = [m for m in seen if can(by.user, "training.manage", m.unit)]
    if not managed:
        raise Forbidden(_("Only the leaders and administrators of a unit record training for its staff."))
    return managed[0].unit


def _person(by: Actor, user) -> User:
    if user is None or user == "":
        if by.is_system:
            raise Rejected("user", _("Choose the person."))
        return by.user
    if isinstance(user, User):
        return user
    try:
        return User.objects.get(pk=int(user), is_active=True)
    except (TypeError, ValueError):
        raise Rejected("user", _("Choose the person.")) from None


@transaction.atomic(durable=True)
def record_training(
    by: Actor, *, user=None, on, title, kind, hours, organiser: str = "", note: str = ""
) -> TrainingRecord:
    """Record a session in a person's ledger: a staff member their own, a unit's leader or admin anyone's of it."""
    person = _person(by, user)
    unit = _unit_for(by, person)
    values = {
        "on": _day(on),
        "title": _text(title, "title", 200, required=True),
        "kind": str(kind or ""),
    }
    if values["kind"] not in Kind.values:
        raise Rejected("kind", _("Choose theory study or practical training."))
    values["hours"] = hours_value(hours, "hours", maximum=MAX_RECORD_HOURS)
    values["organiser"] = _text(organiser, "organiser", 100)
    values["note"] = _text(note, "note", 1000, multiline=True)
    row = TrainingRecord.objects.create(user=person, unit=unit, recorded_by=by.user, **values)
    record(by, "training.recorded", row, after=snapshot(row, RECORD_FIELDS))
    return row


def records_in_scope(by: Actor):
    """The records an actor may act on (outside them a record does not exist: 404)."""
    return TrainingRecord.objects.all() if by.is_system else TrainingRecord.objects.visible_to(by.user)


@transaction.atomic(durable=True)
def void_record(by: Actor, training_record: TrainingRecord | int, *, version: int, reason) -> TrainingRecord:
    """Void a wrong record with the reason (it stays in the ledger, counting nothing): its owner, or a manager."""
    pk = getattr(training_record, "pk", training_record)
    row = records_in_scope(by).select_related("unit").select_for_update(of=("self",)).get(pk=pk)
    if by.is_system or row.user_id != by.user.pk:
        ensure_can(by, "training.manage", row.unit)
    else:
        ensure_can(by, "training.record")
    if version != row.version:
        raise Conflict()
    if row.is_void:
        raise Rejected("version", _("This record is already void."))
    reason = _text(reason, "reason", 300, required=True)
    row.voided_at, row.voided_by, row.voided_reason = timezone.now(), by.user, reason
    row.version += 1
    row.save(update_fields=["voided_at", "voided_by", "voided_reason", "version"])
    after = {"voided_at": row.voided_at, "voided_reason": reason, "hours": row.hours, "kind": row.kind}
    record(by, "training.voided", row, before={"voided_at": None}, after=after)
    return row


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Rejected("year", _("Enter a year from 2000 to 2100."))
    return year


@transaction.atomic(durable=True)
def set_target(by: Actor, *, unit: Unit | int, year, theory_hours, practice_hours, note: str = "") -> TrainingTarget:
    """Set the hours a unit's staff are to study in a year (units below without their own follow it)."""
    scope = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    unit = scope.get(pk=getattr(unit, "pk", unit))
    ensure_can(by, "training.manage", unit)
    values = {
        "theory_hours": hours_value(theory_hours, "theory_hours", maximum=MAX_TARGET_HOURS, allow_zero=True),
        "practice_hours": hours_value(practice_hours, "practice_hours", maximum=MAX_TARGET_HOURS, allow_zero=True),
        "note": _text(note, "note", 300),
    }
    year = _year(year)
    row = TrainingTarget.objects.select_for_update().filter(unit=unit, year=year).first()
    before = snapshot(row, TARGET_FIELDS) if row else {}
    if row is None:
        row = TrainingTarget(unit=unit, year=year, **values)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    before, after = changes(before, snapshot(row, TARGET_FIELDS))
    if not after:
        return row
    if row.pk is not None:
        row.version += 1
    row.set_by, row.set_at = by.user, timezone.now()
    row.save()
    record(by, "training.target_set", row, before=before, after={"year": year, **after})
    return row
