"""Every change to an alliance and its members: set up, change, add a member, a member leaves; one durable transaction
and one Event each. Meetings are in meetings.py, matchings in matching.py, chain problems in problems.py."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.chains.models import Chain
from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline, normalize_text
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import ensure_can

from .models import Alliance, AllianceMember
from .states import AllianceKind, MemberKind, MemberRole

ALLIANCE_FIELDS = ["unit", "chain", "name", "kind", "lead", "founded_on", "description"]
MEMBER_FIELDS = ["kind", "enterprise", "department", "name", "role", "joined_on", "left_on"]


def alliances_in_scope(by: Actor):
    """The alliances an actor may act on (outside them an alliance does not exist: 404)."""
    return Alliance.objects.all() if by.is_system else Alliance.objects.visible_to(by.user)


def typed_day(value, field: str, *, required: bool = False, not_after_today: bool = False) -> date | None:
    """A date as officers type it (2025-02-07, 2025年2月7日 …); Rejected names the field."""
    try:
        day = parse_date(value)
    except (TypeError, ValueError):
        raise Rejected(field, _("Enter a date such as 2025-02-07.")) from None
    if day is None and required:
        raise Rejected(field, _("Enter the date."))
    if day is not None and not_after_today and day > timezone.localdate():
        raise Rejected(field, _("The date is in the future."))
    return day


def short_text(value, field: str, *, limit: int, required: bool = False, message=None) -> str:
    """One line of text within `limit` characters; Rejected names the field."""
    text = normalize_text(value)
    if required and not text:
        raise Rejected(field, message or _("This field is required."))
    if len(text) > limit:
        raise Rejected(field, _("Keep it within %(limit)d characters.") % {"limit": limit})
    return text


def locked_alliance(by: Actor, alliance: Alliance | int, *, version: int | None = None) -> Alliance:
    """The alliance's row, locked, for an actor who may manage it; Conflict when it changed since it was read."""
    pk = getattr(alliance, "pk", alliance)
    locked = alliances_in_scope(by).select_related("unit", "chain").select_for_update(of=("self",)).get(pk=pk)
    ensure_can(by, "alliance.manage", locked.unit)
    if version is not None and version != locked.version:
        raise Conflict()
    return locked


def _chain(by: Actor, value) -> Chain | None:
    if value in (None, ""):
        return None
    scope = Chain.objects.all() if by.is_system else Chain.objects.visible_to(by.user)
    chain = scope.filter(pk=getattr(value, "pk", value), is_archived=False).first()
    if chain is None:
        raise Rejected("chain", _("Choose one of the industrial chains you see."))
    return chain


def _clean(by: Actor, data: dict) -> dict:
    out = {
        "name": short_text(data.get("name"), "name", limit=200, required=True, message=_("Enter the name.")),
        "kind": data.get("kind"),
        "chain": _chain(by, data.get("chain")),
        "lead": short_text(data.get("lead"), "lead", limit=100),
        "founded_on": typed_day(data.get("founded_on"), "founded_on", not_after_today=True),
        "description": normalize_multiline(data.get("description")),
    }
    if out["kind"] not in AllianceKind.values:
        raise Rejected("kind", _("Choose the kind of alliance."))
    if len(out["description"]) > 5000:
        raise Rejected("description", _("Keep it within %(limit)d characters.") % {"limit": 5000})
    return out


@transaction.atomic(durable=True)
def create_alliance(by: Actor, data: dict) -> Alliance:
    """Set up an alliance kept by one of the actor's units, on one of the chains the actor sees (or none)."""
    units = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    raw = data.get("unit")
    unit = units.filter(pk=getattr(raw, "pk", raw), kind__in=[UnitKind.REGION, UnitKind.ZONE]).first() if raw else None
    if unit is None:
        raise Rejected("unit", _("Choose one of your regions or zones."))
    ensure_can(by, "alliance.manage", unit)
    values = _clean(by, data)
    if Alliance.objects.filter(unit=unit, name=values["name"]).exists():
        raise Rejected("name", _("This unit already has an alliance of that name."))
    alliance = Alliance.objects.create(unit=unit, **values)
    record(by, "alliance.created", alliance, after=snapshot(alliance, ALLIANCE_FIELDS))
    return alliance


@transaction.atomic(durable=True)
def update_alliance(by: Actor, alliance: Alliance | int, data: dict, *, version: int | None = None) -> Alliance:
    """Change an alliance's name, kind, chain, lead unit, founding date or description (409 when stale)."""
    alliance = locked_alliance(by, alliance, version=version)
    current = {name: getattr(alliance, name) for name in ALLIANCE_FIELDS if name != "unit"}
    values = _clean(by, {**current, **{k: v for k, v in data.items() if k in current}})
    if Alliance.objects.filter(unit=alliance.unit, name=values["name"]).exclude(pk=alliance.pk).exists():
        raise Rejected("name", _("This unit already has an alliance of that name."))
    before = snapshot(alliance, ALLIANCE_FIELDS)
    for key, value in values.items():
        setattr(alliance, key, value)
    before, after = changes(before, snapshot(alliance, ALLIANCE_FIELDS))
    if not after:
        return alliance
    alliance.version += 1
    alliance.save(update_fields=[*values, "version"])
    record(by, "alliance.updated", alliance, before=before, after=after)
    return alliance


def _member_values(by: Actor, alliance: Alliance, data: dict) -> dict:
    """Who the new member is: an enterprise or a department the actor sees, or an association by its name."""
    kind = data.get("kind")
    values = {"kind": kind, "enterprise": None, "department": None, "name": ""}
    if kind == MemberKind.ENTERPRISE:
        scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
        raw = data.get("enterprise")
        values["enterprise"] = scope.filter(pk=getattr(raw, "pk", raw)).first() if raw else None
        if values["enterprise"] is None:
            raise Rejected("enterprise", _("Choose an enterprise."))
        if values["enterprise"].is_archived:
            raise Rejected("enterprise", _("This enterprise is archived."))
    elif kind == MemberKind.DEPARTMENT:
        scope = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
        raw = data.get("department")
        values["department"] = (
            scope.filter(pk=getattr(raw, "pk", raw), kind=UnitKind.DEPARTMENT).first() if raw else None
        )
        if values["department"] is None:
            raise Rejected("department", _("Choose a department."))
    elif kind == MemberKind.ASSOCIATION:
        values["name"] = short_text(
            data.get("name"), "name", limit=200, required=True, message=_("Enter the association's name.")
        )
    else:
        raise Rejected("kind", _("Choose an enterprise, a department or an association."))
    return values


@transaction.atomic(durable=True)
def add_member(by: Actor, alliance: Alliance | int, data: dict) -> AllianceMember:
    """Add an enterprise, a department or an association to the alliance, with its role and the day it joined."""
    alliance = locked_alliance(by, alliance)
    values = _member_values(by, alliance, data)
    role = data.get("role") or MemberRole.MEMBER
    if role not in MemberRole.values:
        raise Rejected("role", _("Choose the member's role."))
    joined_on = typed_day(data.get("joined_on"), "joined_on", not_after_today=True) or timezone.localdate()
    current = alliance.members.filter(left_on__isnull=True)
    if values["kind"] == MemberKind.ASSOCIATION and current.filter(name=values["name"]).exists():
        raise Rejected("name", _("This association is already a member."))
    try:
        with transaction.atomic():
            member = AllianceMember.objects.create(alliance=alliance, role=role, joined_on=joined_on, **values)
    except IntegrityError:
        field = "enterprise" if values["kind"] == MemberKind.ENTERPRISE else "department"
        raise Rejected(field, _("This is already a member of the alliance.")) from None
    record(by, "alliance.member_added", member, unit=alliance.unit, after=snapshot(member, MEMBER_FIELDS[:-1]))
    return member


@transaction.atomic(durable=True)
def leave(by: Actor, member: AllianceMember | int, *, left_on=None) -> AllianceMember:
    """A member leaves the alliance on a day (its record, attendance and matchings stay)."""
    pk = getattr(member, "pk", member)
    scope = AllianceMember.objects.all() if by.is_system else AllianceMember.objects.visible_to(by.user)
    alliance = locked_alliance(by, scope.values_list("alliance_id", flat=True).get(pk=pk))
    member = AllianceMember.objects.select_related("enterprise", "department").get(pk=pk)
    if member.left_on is not None:
        raise Rejected("left_on", _("This member has already left."))
    day = typed_day(left_on, "left_on", not_after_today=True) or timezone.localdate()
    if day < member.joined_on:
        raise Rejected("left_on", _("The member joined after that day."))
    member.left_on = day
    member.save(update_fields=["left_on"])
    record(by, "alliance.member_left", member, unit=alliance.unit, before={"left_on": None}, after={"left_on": day})
    return member
