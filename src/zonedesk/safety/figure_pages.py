"""The safety figures page (安全生产统计) of a region or zone for a year, quarter or month, the ratings list behind its
rating numbers, and the month's Word report (安全生产工作情况)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import paginate, query_without_page
from zonedesk.common.word import DOCX_MIME
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.queries import units_for
from zonedesk.projects.figures import Period

from .badges import colour_badge
from .config import settings_for
from .figure_data import CARDS, charts_of, report_month, unit_figures
from .filters import rating_filters, rating_query
from .rating_export import export_ratings, ordered_ratings
from .report import export_month_report
from .states import COLOURS, STARS, SafetyColour
from .views import require
from .zones import chosen_area

QUARTERS = [(1, gettext_lazy("Q1")), (2, gettext_lazy("Q2")), (3, gettext_lazy("Q3")), (4, gettext_lazy("Q4"))]


def _number(params, name: str, low: int, high: int) -> int | None:
    value = str(params.get(name) or "")
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def _unit_options(units: list[Unit]) -> list[tuple[int, str]]:
    top = min((u.depth for u in units), default=0)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in units]


def figures_page(request):
    unit, units = chosen_area(request.user, request.GET.get("unit"))
    today = timezone.localdate()
    period = Period.from_params(request.GET, today)
    quarter = _number(request.GET, "quarter", 1, 4)
    month = None if quarter else _number(request.GET, "month", 1, 12)
    data = unit_figures(request.user, unit, period, today)
    year, report_in = report_month(period, today)
    context = {
        "unit": unit,
        "unit_options": _unit_options(units),
        "period": period,
        "year": period.start.year,
        "quarter": quarter,
        "month": month,
        "years": sorted({*range(today.year - 4, today.year + 1), period.start.year}, reverse=True),
        "quarters": QUARTERS,
        "months": range(1, 13),
        "d": data,
        "cards": [{"key": key, "label": label, **data["hazards"][key]} for key, label in CARDS],
        "charts": charts_of(data),
        "report_url": f"{reverse('safety:figures_report')}?unit={unit.pk}&year={year}&month={report_in}",
        "report_label": f"{year}年{report_in}月",
        "is_region": unit.kind == UnitKind.REGION,
    }
    return render(request, "safety/figures.html", context)


def ratings_page(request):
    """Each enterprise's rating in force on a day (today by default), narrowed like the figures' links."""
    require(request)
    filters = rating_filters(request.GET)
    filters.setdefault("as_of", timezone.localdate())
    page = paginate(request, ordered_ratings(request.user, filters))
    rules = settings_for(list({r.unit for r in page.object_list}))
    chosen_stars = filters.get("stars", [])
    chosen_stars = {str(s) for s in (chosen_stars if isinstance(chosen_stars, list) else [chosen_stars])}
    chosen_colours = filters.get("colour", [])
    chosen_colours = set(chosen_colours if isinstance(chosen_colours, list) else [chosen_colours])
    areas = units_for(request.user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    context = {
        "page": page,
        "rows": [
            {"r": r, "colour": colour_badge(r.colour), "star_label": rules[r.unit_id].star_label(r.stars)}
            for r in page.object_list
        ],
        "query": query_without_page(request),
        "as_of": filters["as_of"],
        "colours": [(c, SafetyColour(c).label, c in chosen_colours) for c in COLOURS],
        "stars": [(s, str(s) in chosen_stars) for s in STARS],
        "units": [(u.pk, u.name, u.pk == filters.get("unit")) for u in areas],
        "export_url": f"{reverse('safety:ratings_export')}?{rating_query(filters)}",
    }
    return render(request, "safety/ratings.html", context)


def ratings_export(request):
    require(request)
    out = export_ratings(rating_filters(request.GET), by=Actor.of(request))
    name = f"ratings-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def month_report(request):
    """A month's safety work (this month by default) as a Word document; a unit outside the user's regions and
    zones is a 404."""
    unit, _units = chosen_area(request.user, request.GET.get("unit"))
    today = timezone.localdate()
    year = _number(request.GET, "year", 2000, 2100) or today.year
    month = _number(request.GET, "month", 1, 12) or today.month
    if (year, month) > (today.year, today.month):  # a month to come has no work to report
        raise Http404
    name, out = export_month_report(unit, year, month, by=Actor.of(request), today=today)
    return FileResponse(out, as_attachment=True, filename=name, content_type=DOCX_MIME)
