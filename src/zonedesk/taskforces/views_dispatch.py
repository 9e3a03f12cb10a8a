"""The weekly dispatch (周调度) page of a zone and its Word and Excel downloads."""

from datetime import date

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zonedesk.common.excel import XLSX_MIME
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for

from .dispatch import DOCX_MIME, export_dispatch, weekly_dispatch

DISPATCH_KINDS = [UnitKind.REGION, UnitKind.ZONE]


def _number(params, name: str, low: int, high: int) -> int | None:
    value = str(params.get(name) or "")
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def _params(request) -> tuple[Unit, int, int, object]:
    """The unit (404 outside the user's scope), ISO year and week asked for; this week by default."""
    if not can(request.user, "taskforce.view"):
        raise Http404
    units = units_for(request.user).filter(kind__in=DISPATCH_KINDS)
    raw = request.GET.get("unit") or ""
    if raw:
        if not raw.isdigit():
            raise Http404
        unit = get_object_or_404(units, pk=int(raw))
    else:
        unit = units.filter(kind=UnitKind.ZONE).first() or units.first()
    if unit is None:
        raise Http404
    this_year, this_week, _day = timezone.localdate().isocalendar()
    year = _number(request.GET, "year", 2000, 2100) or this_year
    week = _number(request.GET, "week", 1, 53) or this_week
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise Http404 from exc
    return unit, year, week, units


def dispatch_page(request):
    unit, year, week, units = _params(request)
    context = {
        "dispatch": weekly_dispatch(request.user, unit, year, week),
        "units": units,
        "unit": unit,
        "year": year,
        "week": week,
        "weeks": range(1, 54),
    }
    return render(request, "taskforces/dispatch.html", context)


def dispatch_download(request, fmt: str):
    unit, year, week, _units = _params(request)
    name, out = export_dispatch(unit, year, week, fmt, by=Actor.of(request))
    return FileResponse(out, as_attachment=True, filename=name, content_type=DOCX_MIME if fmt == "docx" else XLSX_MIME)
