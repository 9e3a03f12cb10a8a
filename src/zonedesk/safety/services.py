"""Writes on an enterprise's safety record: its profile, its 五星五色 rating (a new row each time, never edited)
and its inspections with the hazards they find. The hazard loop itself is in hazards.py."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import fold_compat, normalize_multiline, normalize_text
from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.models import Enterprise, mask_mobile
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import User
from zonedesk.orgs.permissions import can, ensure_can
from zonedesk.orgs.roles import Role

from .config import safety_settings
from .hazards import create_hazard, hazard_values
from .models import Hazard, HazardCategory, Inspection, Rating, SafetyProfile
from .states import STARS, SafetyColour

MAX_FINDINGS = 5000


def _enterprise(by: Actor, enterprise: Enterprise | int) -> Enterprise:
    scope = Enterprise.objects.all() if by.is_system else Enterprise.objects.visible_to(by.user)
    return scope.select_related("unit").get(pk=getattr(enterprise, "pk", enterprise))


def _profile(enterprise: Enterprise) -> SafetyProfile:
    """The enterprise's profile row, created on first use, locked."""
    SafetyProfile.objects.get_or_create(enterprise=enterprise)
    profile = SafetyProfile.objects.select_for_update().get(enterprise=enterprise)
    profile.enterprise = enterprise
    return profile


def _day(value, field: str, default: date) -> date:
    day = default if value is None else value
    if not isinstance(day, date) or day > timezone.localdate():
        raise Rejected(field, _("Give a date that is not in the future."))
    return day


def _profile_state(profile: SafetyProfile, categories: list[int]) -> dict:
    """What the audit log keeps of a profile: the mobile masked (it is read by roles that may not see it)."""
    mobile = profile.responsible_mobile
    return {
        "categories": sorted(categories),
        "responsible_person": profile.responsible_person,
        "responsible_mobile": mask_mobile(mobile) if mobile else "",
    }


@transaction.atomic(durable=True)
def update_profile(
    by: Actor,
    enterprise: Enterprise | int,
    *,
    categories=None,
    responsible_person: str | None = None,
    responsible_mobile: str | None = None,
    version: int | None = None,
) -> SafetyProfile:
    """Set an enterprise's hazard categories and safety responsible person; what is not given stays."""
    enterprise = _enterprise(by, enterprise)
    ensure_can(by, "safety.inspect", enterprise.unit)
    profile = _profile(enterprise)
    if version is not None and profile.version != version:
        raise Conflict()
    old = sorted(profile.categories.values_list("pk", flat=True))
    before = _profile_state(profile, old)
    was = (profile.responsible_person, profile.responsible_mobile)
    chosen = old
    if categories is not None:
        ids = {getattr(c, "pk", c) for c in categories}
        scope = HazardCategory.objects.all() if by.is_system else HazardCategory.objects.visible_to(by.user)
        found = list(scope.select_related("unit").filter(pk__in=ids, is_archived=False))
        if len(found) != len(ids) or not all(c.applies_to(enterprise.unit) for c in found):
            raise Rejected("categories", _("Choose hazard categories of this zone."))
        chosen = sorted(ids)
    if responsible_person is not None:
        person = normalize_text(responsible_person)
        if len(person) > 50:
            raise Rejected("responsible_person", _("Keep the name within 50 characters."))
        profile.responsible_person = person
    if responsible_mobile is not None:
        mobile = fold_compat(responsible_mobile).replace(" ", "").replace("-", "")
        if mobile and not (mobile.isdigit() and 7 <= len(mobile) <= 15):
            raise Rejected("responsible_mobile", _("Enter a phone number of digits only, for example 13800138000."))
        profile.responsible_mobile = mobile
    after = _profile_state(profile, chosen)
    if chosen == old and was == (profile.responsible_person, profile.responsible_mobile):
        return profile
    profile.version += 1
    profile.save(update_fields=["responsible_person", "responsible_mobile", "version"])
    profile.categories.set(chosen)
    record(by, "safety.profile_updated", profile, unit=enterprise.unit, before=before, after=after)
    return profile


@transaction.atomic(durable=True)
def rate(
    by: Actor,
    enterprise: Enterprise | int,
    *,
    stars: int,
    colour: str,
    reason: str,
    on: date | None = None,
) -> Rating:
    """Rate an enterprise 五星五色 with a reason: a new Rating row (earlier ones kept), shown on its profile."""
    enterprise = _enterprise(by, enterprise)
    ensure_can(by, "safety.rate", enterprise.unit)
    if isinstance(stars, bool) or stars not in STARS:
        raise Rejected("stars", _("Give from 1 to 5 stars."))
    if colour not in SafetyColour.values:
        raise Rejected("colour", _("Choose red, orange, yellow, blue or green."))
    reason = normalize_multiline(reason)
    if not reason:
        raise Rejected("reason", _("Give the reason of the rating."))
    rated_on = _day(on, "rated_on", timezone.localdate())
    profile = _profile(enterprise)
    if profile.rated_on and rated_on < profile.rated_on:
        raise Rejected("rated_on", _("A later rating is already recorded: date this one on or after it."))
    rating = Rating.objects.create(
        enterprise=enterprise,
        unit=enterprise.unit,
        stars=stars,
        colour=colour,
        rated_on=rated_on,
        rated_by=by.user,
        reason=reason,
    )
    before = {"stars": profile.stars, "colour": profile.colour, "rated_on": profile.rated_on}
    profile.stars, profile.colour, profile.rated_on = stars, colour, rated_on
    profile.version += 1
    profile.save(update_fields=["stars", "colour", "rated_on", "version"])
    # The register's own columns follow the rating in force (its lists read them); the Event is the rating's.
    Enterprise.objects.filter(pk=enterprise.pk).update(safety_stars=stars, safety_colour=colour)
    after = {"stars": stars, "colour": colour, "rated_on": rated_on, "reason": reason}
    record(by, "safety.rated", rating, before=before, after=after)
    return rating


def _inspectors(by: Actor, enterprise: Enterprise, inspectors) -> list[User]:
    """The inspectors: staff who may see the enterprise's zone (the one recording, when none are named)."""
    ids = {getattr(u, "pk", u) for u in inspectors or ()} or ({by.user.pk} if by.user else set())
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    staff = [u for u in users if can(u, "safety.view", enterprise.unit) and Role.ENTERPRISE not in u.roles]
    if not ids or len(staff) != len(ids):
        raise Rejected("inspectors", _("Name the inspectors: staff of this zone."))
    return staff


@transaction.atomic(durable=True)
def record_inspection(
    by: Actor,
    enterprise: Enterprise | int,
    *,
    findings: str,
    inspected_on: date | None = None,
    inspectors=(),
    hazards=(),
) -> Inspection:
    """Record an inspection and the hazards it found (each with its deadline in working days); all or nothing."""
    enterprise = _enterprise(by, enterprise)
    ensure_can(by, "safety.inspect", enterprise.unit)
    inspected_on = _day(inspected_on, "inspected_on", timezone.localdate())
    findings = normalize_multiline(findings)
    if not findings:
        raise Rejected("findings", _("Say what the inspection found (also when it found nothing wrong)."))
    if len(findings) > MAX_FINDINGS:
        raise Rejected("findings", _("Keep the findings within 5000 characters."))
    people = _inspectors(by, enterprise, inspectors)
    profile = _profile(enterprise)
    rules = safety_settings(enterprise.unit)
    checked, calendar = [], WorkCalendar()
    for row, data in enumerate(hazards or (), start=1):
        try:
            person = profile.responsible_person
            checked.append(hazard_values(by, enterprise, inspected_on, rules, person, data, calendar))
        except Rejected as exc:
            raise Rejected(exc.field, exc.message, errors=[{"row": row, **exc.errors[0]}]) from exc
    inspection = Inspection.objects.create(
        enterprise=enterprise, unit=enterprise.unit, inspected_on=inspected_on, findings=findings, recorded_by=by.user
    )
    inspection.inspectors.set(people)
    before = {"last_inspected_on": profile.last_inspected_on}
    if profile.last_inspected_on is None or inspected_on > profile.last_inspected_on:
        profile.last_inspected_on = inspected_on
        profile.save(update_fields=["last_inspected_on"])
    after = {
        "inspected_on": inspected_on,
        "inspectors": sorted(u.pk for u in people),
        "hazards": len(checked),
        "last_inspected_on": profile.last_inspected_on,
    }
    record(by, "inspection.recorded", inspection, before=before, after=after)
    for values in checked:
        create_hazard(by, inspection, values)
    return inspection


@transaction.atomic(durable=True)
def add_hazard(by: Actor, inspection: Inspection | int, **data) -> Hazard:
    """Add one more hazard to a recorded inspection (found on its day)."""
    scope = Inspection.objects.all() if by.is_system else Inspection.objects.visible_to(by.user)
    inspection = scope.select_related("enterprise__unit").get(pk=getattr(inspection, "pk", inspection))
    enterprise = inspection.enterprise
    ensure_can(by, "safety.inspect", enterprise.unit)
    profile = _profile(enterprise)
    rules = safety_settings(enterprise.unit)
    values = hazard_values(by, enterprise, inspection.inspected_on, rules, profile.responsible_person, data)
    return create_hazard(by, inspection, values)
