"""Where projects come from: promotion events, and referrals between sibling zones."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.text import normalize_text
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can, ensure_can

from ..models import Project, PromotionEvent, Referral
from ..stages import Kind
from .lifecycle import _past_date, _units, projects_in_scope


@transaction.atomic(durable=True)
def create_promotion_event(data: dict, *, by: Actor) -> PromotionEvent:
    """Record a 招商推介会 held by one of the actor's units."""
    unit_id = getattr(data.get("unit"), "pk", data.get("unit"))
    unit = _units(by).filter(pk=unit_id).first()
    if unit is None:
        raise Rejected("unit", _("Choose one of your units."))
    ensure_can(by, "promotion_event.manage", unit)
    name, city = normalize_text(data.get("name")), normalize_text(data.get("city"))
    if not name:
        raise Rejected("name", _("Enter the event's name."))
    if not city:
        raise Rejected("city", _("Enter the city where it was held."))
    held_on = _past_date(data.get("held_on"), "held_on")
    event = PromotionEvent.objects.create(
        unit=unit, name=name, city=city, held_on=held_on, organiser=normalize_text(data.get("organiser"))
    )
    record(by, "promotion_event.created", event, after=snapshot(event, ["name", "city", "held_on", "organiser"]))
    return event


@transaction.atomic(durable=True)
def offer_referral(project: Project, *, to_unit: Unit, note: str = "", by: Actor) -> Referral:
    """Offer a project to another zone (向兄弟区镇引流); it stays ours until they accept."""
    project = projects_in_scope(by).select_for_update().get(pk=project.pk)
    ensure_can(by, "project.refer", project.unit)
    if project.kind != Kind.INVESTMENT:
        raise Rejected("to_unit", _("A zone's own facility is not referred to another zone."))
    to_unit = Unit.objects.filter(pk=to_unit.pk, kind__in=[UnitKind.ZONE, UnitKind.BRANCH], is_archived=False).first()
    if to_unit is None or to_unit == project.unit:
        raise Rejected("to_unit", _("Choose another zone to refer the project to."))
    if project.referrals.filter(status=Referral.Status.OFFERED).exists():
        raise Conflict(_("This project is already offered to a zone."))
    referral = Referral.objects.create(
        project=project, from_unit=project.unit, to_unit=to_unit, note=normalize_text(note)
    )
    record(by, "project.referral_offered", project, after={"to_unit": to_unit.pk, "note": referral.note})
    return referral


def _open_referral(referral: Referral, by: Actor) -> Referral:
    visible = Referral.objects.all() if by.is_system else Referral.objects.visible_to(by.user)
    locked = visible.select_for_update().get(pk=referral.pk)
    if locked.status != Referral.Status.OFFERED:
        raise Conflict(_("This referral was already answered."))
    return locked


@transaction.atomic(durable=True)
def accept_referral(referral: Referral, *, by: Actor, officer=None) -> Referral:
    """The receiving zone takes the project over: it owns it from now on; both zones keep the referral."""
    referral = _open_referral(referral, by)
    ensure_can(by, "project.create", referral.to_unit)
    project = Project.objects.select_for_update().get(pk=referral.project_id)
    before = {"unit": project.unit_id, "officer": project.officer_id}
    project.unit = referral.to_unit
    project.officer = officer or (None if by.is_system else by.user)
    project.version += 1
    project.save(update_fields=["unit", "officer", "version"])
    referral.status, referral.decided_at = Referral.Status.ACCEPTED, timezone.now()
    referral.save(update_fields=["status", "decided_at"])
    record(
        by,
        "project.referral_accepted",
        project,
        unit=referral.to_unit,
        before=before,
        after={"unit": project.unit_id, "officer": project.officer_id},
    )
    return referral


@transaction.atomic(durable=True)
def decline_referral(referral: Referral, *, reason: str, by: Actor) -> Referral:
    """The receiving zone declines, saying why; the project stays with the zone that offered it."""
    referral = _open_referral(referral, by)
    ensure_can(by, "project.create", referral.to_unit)
    if not reason.strip():
        raise Rejected("reason", _("Say why the project is declined."))
    referral.status, referral.reason, referral.decided_at = Referral.Status.DECLINED, reason.strip(), timezone.now()
    referral.save(update_fields=["status", "reason", "decided_at"])
    record(
        by, "project.referral_declined", referral.project, unit=referral.from_unit, after={"reason": referral.reason}
    )
    return referral


@transaction.atomic(durable=True)
def withdraw_referral(referral: Referral, *, by: Actor) -> Referral:
    """The offering zone takes its offer back before it is answered."""
    referral = _open_referral(referral, by)
    if not (by.is_system or can(by.user, "project.refer", referral.from_unit)):
        raise Forbidden()
    referral.status, referral.decided_at = Referral.Status.WITHDRAWN, timezone.now()
    referral.save(update_fields=["status", "decided_at"])
    record(by, "project.referral_withdrawn", referral.project, unit=referral.from_unit)
    return referral
