"""What every task-force service shares: the actor's scope, and the dates, people and departments it accepts."""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Rejected
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Membership, Unit, UnitKind, User
from zonedesk.orgs.roles import Role


def in_scope(model: type[models.Model], by: Actor) -> models.QuerySet:
    """The rows of `model` an actor may act on (a system job: all of them)."""
    return model.objects.all() if by.is_system else model.objects.visible_to(by.user)


def units_of(by: Actor) -> models.QuerySet:
    return Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)


def a_date(value, field: str, *, required: bool = True) -> date | None:
    """A date in any accepted spelling; Rejected on `field` when unreadable (or missing and required)."""
    try:
        day = value if isinstance(value, date) else parse_date(value)
    except ValueError as exc:
        raise Rejected(field, _("Enter a date such as 2025-02-07.")) from exc
    if day is None and required:
        raise Rejected(field, _("Enter the date."))
    return day


def a_past_date(value, field: str) -> date:
    """A date that has already come (an actual date is recorded when it has happened)."""
    day = a_date(value if value is not None else timezone.localdate(), field)
    if day > timezone.localdate():
        raise Rejected(field, _("This date is in the future: record it when it has happened."))
    return day


def a_text(value, field: str, *, required: bool = True, multiline: bool = False) -> str:
    """Typed text, trimmed: one line, or with its line breaks kept for notes and descriptions (multiline)."""
    text = normalize_multiline(value) if multiline else normalize_text(value)
    if required and not text:
        raise Rejected(field, _("This field is required."))
    return text


def a_department(value, field: str, by: Actor) -> Unit | None:
    """A department or branch office within the actor's units, or None when not given."""
    unit_id = getattr(value, "pk", value)
    if not unit_id:
        return None
    found = units_of(by).filter(pk=unit_id, kind__in=(UnitKind.DEPARTMENT, UnitKind.BRANCH)).first()
    if found is None:
        raise Rejected(field, _("Choose a department within your units."))
    return found


def a_staff_user(value, field: str, by: Actor, *, required: bool = True) -> User | None:
    """An active staff user holding a role on one of the actor's units."""
    user_id = getattr(value, "pk", value)
    if not user_id:
        if required:
            raise Rejected(field, _("Choose a person."))
        return None
    staff = Membership.objects.active().filter(unit__in=units_of(by)).exclude(role=Role.ENTERPRISE)
    found = User.objects.filter(pk=user_id, is_active=True, pk__in=staff.values("user_id")).first()
    if found is None:
        raise Rejected(field, _("Choose an active member of staff of your units."))
    return found
