"""Dashboard pages: the zone dashboard (驾驶舱), the region's zones side by side, the big screen (大屏), and the
milestones and tasks behind the key-project health figures."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from zonedesk.common.pages import paginate, query_without_page
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.projects.forms_figures import QUARTERS

from . import charts
from .aggregates import HEALTH_KINDS, HEALTH_STATUSES, health_items
from .params import chosen_unit, period_of
from .queries import period_params, region_dashboard, zone_dashboard

SCREEN_REFRESH_SECONDS = 300


def _options(units: list[Unit]) -> list[tuple[int, str]]:
    top = min((u.depth for u in units), default=0)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in units]


def _context(request, unit: Unit, units: list[Unit]) -> dict:
    period, year, quarter, month = period_of(request.GET)
    this = timezone.localdate().year
    return {
        "unit": unit,
        "unit_options": _options(units),
        "period": period,
        "year": year,
        "quarter": quarter,
        "month": month,
        "period_query": "&".join(f"{k}={v}" for k, v in period_params(period, year, quarter, month).items()),
        "years": sorted({*range(this - 4, this + 1), year}, reverse=True),
        "quarters": QUARTERS[1:],
        "months": range(1, 13),
        "regions": [u for u in units if u.kind == UnitKind.REGION],
    }


def zone_page(request):
    unit, units = chosen_unit(request.user, request.GET.get("unit"))
    context = _context(request, unit, units)
    data = zone_dashboard(
        request.user,
        unit,
        context["period"],
        year=context["year"],
        quarter=context["quarter"],
        month=context["month"],
        today=timezone.localdate(),
    )
    departments = [{**r, "figures": [r["total"], r["open"], r["overdue"]]} for r in data["departments"]]
    context |= {"d": data, "departments": departments, "charts": charts.zone_charts(data)}
    return render(request, "dashboards/zone.html", context)


def region_page(request):
    unit, units = chosen_unit(request.user, request.GET.get("unit"))
    context = _context(request, unit, units)
    data = region_dashboard(request.user, unit, context["period"], today=timezone.localdate())
    context |= {"r": data, "charts": [charts.zones_chart(data)]}
    return render(request, "dashboards/region.html", context)


def screen_page(request):
    unit, units = chosen_unit(request.user, request.GET.get("unit"))
    context = _context(request, unit, units)
    today = timezone.localdate()
    period = context["period"]
    year, quarter, month = context["year"], context["quarter"], context["month"]
    data = zone_dashboard(request.user, unit, period, year=year, quarter=quarter, month=month, today=today)
    region = region_dashboard(request.user, unit, period, today=today) if unit.kind == UnitKind.REGION else None
    context |= {
        "d": data,
        "region": region,
        "charts": charts.screen_charts(data, region),
        "refresh_seconds": SCREEN_REFRESH_SECONDS,
        "now": timezone.localtime(),
    }
    return render(request, "dashboards/screen.html", context)


def items_page(request):
    """The open milestones or tasks of a unit's key projects on track, due soon or overdue."""
    unit, _units = chosen_unit(request.user, request.GET.get("unit"))
    kind, status = request.GET.get("kind"), request.GET.get("status")
    if kind not in HEALTH_KINDS or status not in HEALTH_STATUSES:
        raise Http404
    page = paginate(request, health_items(request.user, unit, kind, status, timezone.localdate()))
    context = {"unit": unit, "kind": kind, "status": status, "page": page, "query": query_without_page(request)}
    return render(request, "dashboards/items.html", context)
