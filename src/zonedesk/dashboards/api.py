"""API for the dashboards: every figure of the zone dashboard and of the region's zones side by side, each with the
link of the list that produces it."""

from django.utils import timezone
from ninja import Router

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import ensure_can

from .params import chosen_unit, period_of
from .queries import region_dashboard, zone_dashboard

router = Router(tags=["dashboards"])


def _period(year: int | None, quarter: int | None, month: int | None):
    return period_of({"year": year, "quarter": quarter, "month": month})


@router.get("/dashboards/zone")
def zone(
    request, unit: int | None = None, year: int | None = None, quarter: int | None = None, month: int | None = None
) -> dict:
    """The zone dashboard of a region or zone (the user's home unit by default): projects per stage, the funnel,
    this year against target, threshold bands, the same-year chain, key-project health, demands (also by department)
    and the monthly trends; every number with `link`, the page that lists what it counts."""
    ensure_can(Actor.of(request), "figures.view")
    chosen, _units = chosen_unit(request.user, unit)
    period, year_, quarter_, month_ = _period(year, quarter, month)
    today = timezone.localdate()
    return zone_dashboard(request.user, chosen, period, year=year_, quarter=quarter_, month=month_, today=today)


@router.get("/dashboards/region")
def region(
    request, unit: int | None = None, year: int | None = None, quarter: int | None = None, month: int | None = None
) -> dict:
    """The zones of a region side by side (a zone officer gets their own zone), with the region's totals: projects
    signed, started and producing, demands open, overdue, resolved, on time and satisfaction, key-project health."""
    ensure_can(Actor.of(request), "figures.view")
    chosen, _units = chosen_unit(request.user, unit)
    period, _year, _quarter, _month = _period(year, quarter, month)
    return region_dashboard(request.user, chosen, period, today=timezone.localdate())
