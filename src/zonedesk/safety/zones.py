"""Which zone a page of the zone's lists or site plan is about (which region or zone the figures are about), and
where a row's enterprise link goes."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for, zones_for


def staff_zones(user) -> list[Unit]:
    """The zones whose lists and plan the user reads: safety staff only (an enterprise user has none: 404)."""
    # Units are seen through staff memberships only, so an enterprise user's list is empty.
    return list(zones_for(user)) if can(user, "safety.view") else []


def chosen_zone(user, raw) -> tuple[Unit, list[Unit]]:
    """The zone asked for (?unit=) among the user's zones (404 outside them); by default their home unit's zone,
    else the first they see."""
    zones = staff_zones(user)
    if not zones:
        raise Http404
    raw = str(raw or "")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(Unit, pk=int(raw), pk__in=[z.pk for z in zones]), zones
    home = user.home_unit
    around = [z for z in zones if home is not None and home.path.startswith(z.path)]
    return (around[0] if around else zones[0]), zones


def chosen_area(user, raw) -> tuple[Unit, list[Unit]]:
    """The region or zone asked for (?unit=) among the user's, for safety staff only (404 otherwise and outside
    them); by default the one of their home unit (a department's zone), else the first they see."""
    if not can(user, "safety.export"):
        raise Http404
    units = list(units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE]))
    raw = str(raw or "")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(Unit, pk=int(raw), pk__in=[u.pk for u in units]), units
    home = user.home_unit
    around = [u for u in units if home is not None and home.path.startswith(u.path)]
    if around:
        return max(around, key=lambda u: len(u.path)), units
    if not units:
        raise Http404
    return units[0], units


def _optional(name: str, fallback):
    """A function giving the URL of a page another part of ZoneDesk provides, or of `fallback` while it does not
    exist; the choice is made once per request, not once per row."""
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return fallback
    return lambda pk: reverse(name, args=[pk])


def enterprise_link():
    """An enterprise's safety page (the safety pages' `safety:enterprise`), else its page in the register."""
    return _optional("safety:enterprise", lambda pk: reverse("enterprises:detail", args=[pk]))


def hazard_link():
    """A hazard's page (`safety:hazard`), else nothing to link to."""
    return _optional("safety:hazard", lambda pk: "")
