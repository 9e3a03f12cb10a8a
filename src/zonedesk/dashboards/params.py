"""What a dashboard request asks for: the unit (among the user's regions and zones) and the period."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for
from zonedesk.projects.figures import Period

DASHBOARD_KINDS = [UnitKind.REGION, UnitKind.ZONE]


def _number(params, name: str, low: int, high: int) -> int | None:
    value = str(params.get(name) or "")
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def period_of(params) -> tuple[Period, int, int, int | None]:
    """(period, year, quarter or 0, month or None) from ?year=&quarter=&month= (a quarter wins over a month)."""
    year = _number(params, "year", 2000, 2100) or timezone.localdate().year
    quarter = _number(params, "quarter", 1, 4) or 0
    month = None if quarter else _number(params, "month", 1, 12)
    if quarter:
        return Period.quarter(year, quarter), year, quarter, None
    return (Period.month(year, month) if month else Period.year(year)), year, 0, month


def home_of(user, units: list[Unit]) -> Unit | None:
    """The region or zone of the user's home unit (a department's zone), else the top of the units they see."""
    home = user.home_unit
    if home is not None:
        around = [u for u in units if home.path.startswith(u.path)]
        if around:
            return max(around, key=lambda u: len(u.path))
    return units[0] if units else None


def chosen_unit(user, unit) -> tuple[Unit, list[Unit]]:
    """The unit asked for among the user's regions and zones (404 outside them), by default their home unit's."""
    if not can(user, "figures.view"):
        raise Http404
    units = units_for(user).filter(kind__in=DASHBOARD_KINDS)
    raw = str(unit or "")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(units, pk=int(raw)), list(units)
    listed = list(units)
    unit = home_of(user, listed)
    if unit is None:
        raise Http404
    return unit, listed
