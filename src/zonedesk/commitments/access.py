"""Who reaches the commitment pages (404 for a user without the permission or outside the scope), the units a
filter may name, and the list filter as a query string."""

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for

FILTER_KEYS = ("unit", "item", "status", "year", "outcome", "q")


def require(request, perm: str, unit=None) -> None:
    if not can(request.user, perm, unit):
        raise Http404


def area_units(user):
    """The regions, zones and branch offices a filter may name."""
    return units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE, UnitKind.BRANCH])


def checked_unit(user, unit_id) -> Unit | None:
    """The unit a filter names, among the user's (404 outside them)."""
    if not unit_id:
        return None
    return get_object_or_404(units_for(user), pk=unit_id)


def filter_query(spec: dict) -> str:
    """A list filter as the list page's query string (each figure links to its list)."""
    params = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = spec.get(key)
        if value not in (None, ""):
            params[key] = str(getattr(value, "pk", getattr(value, "value", value)))
    return params.urlencode()
