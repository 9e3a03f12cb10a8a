"""Commitment pages to read: the agreements with each promise's status (filter, export), one agreement's sheet on
screen and as Word, and the zone's compliance figures."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import PER_PAGE, query_without_page
from zonedesk.common.word import DOCX_MIME
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can
from zonedesk.orgs.timeline import describe

from .access import area_units, checked_unit, filter_query, require
from .exporting import export_agreements
from .figures import compliance
from .forms import AgreementForm, ZonePromiseForm
from .queries import DUE, OUTCOMES, agreement_row, agreement_rows, agreement_timeline, clean_filters
from .services import FIELDS
from .sheet import export_sheet
from .status import CSS, Item, Status

OUTCOME_LABELS = {
    "assessed": gettext_lazy("With a promise met or missed"),
    "fully_met": gettext_lazy("Every promise due kept"),
    "not_fully_met": gettext_lazy("A promise missed"),
}


def _years(today) -> list[int]:
    return list(range(today.year, today.year - 6, -1))


def _filters(request) -> dict:
    filters = clean_filters(request.GET)
    if filters.get("unit"):
        filters["unit"] = checked_unit(request.user, filters["unit"]).pk
    return filters


def list_page(request):
    require(request, "commitment.view")
    user, today = request.user, timezone.localdate()
    filters = _filters(request)
    rows = agreement_rows(user, today, **filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    statuses = [*Status.choices, (DUE, _("Met or missed"))]
    context = {
        "page": page,
        "query": query_without_page(request),
        "filters": filters,
        "items": Item.choices,
        "statuses": statuses,
        "outcomes": [(k, str(OUTCOME_LABELS[k])) for k in OUTCOMES],
        "years": _years(today),
        "units": area_units(user),
        "quick": [
            (_("Construction not started on time"), filter_query({"item": Item.START, "status": Status.MISSED})),
            (_("At risk"), filter_query({"status": Status.AT_RISK})),
            (_("Missed"), filter_query({"status": Status.MISSED})),
        ],
        "export_url": f"{reverse('commitments:export')}?{filter_query(filters)}",
        "today": today,
        "legend": [(Status(s).label, CSS[s]) for s in Status.values],
    }
    return render(request, "commitments/list.html", context)


def export(request):
    require(request, "commitment.view")
    out = export_agreements(_filters(request), by=Actor.of(request))
    name = f"履约情况_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def visible_row(request, pk: int):
    require(request, "commitment.view")
    try:
        return agreement_row(request.user, pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def agreement_form(agreement, data=None) -> AgreementForm:
    initial = {name: getattr(agreement, name) for name in FIELDS}
    for name in ("signed_on", "start_by", "produce_by", "capacity_by"):
        initial[name] = f"{initial[name]:%Y-%m-%d}" if initial[name] else ""
    initial["version"] = agreement.version
    return AgreementForm(data, initial=initial, auto_id="agreement_%s")


def promise_forms(row, bound: dict | None = None) -> list:
    """Each zone's promise with its change form (the one `bound` names bound to the data sent)."""
    bound = bound or {}
    out = []
    for p in row.promises:
        initial = {
            "kind": p.kind,
            "description": p.description,
            "due_on": f"{p.due_on:%Y-%m-%d}",
            "done_on": f"{p.done_on:%Y-%m-%d}" if p.done_on else "",
            "note": p.note,
            "version": p.version,
        }
        form = bound.get(p.pk) or ZonePromiseForm(initial=initial, auto_id=f"promise{p.pk}_%s")
        out.append((p, form))
    return out


def render_detail(request, row, *, status: int = 200, bound: dict | None = None):
    bound = bound or {}
    agreement = row.agreement
    context = {
        "row": row,
        "a": agreement,
        "p": agreement.project,
        "may_manage": can(request.user, "commitment.manage", agreement.unit),
        "edit_form": bound.get("edit") or agreement_form(agreement),
        "new_promise": bound.get("promise") or ZonePromiseForm(versioned=False, auto_id="new_promise_%s"),
        "promises": promise_forms(row, bound.get("promises")),
        "events": describe(agreement_timeline(request.user, agreement)[:50]),
        "today": timezone.localdate(),
    }
    return render(request, "commitments/detail.html", context, status=status)


def detail(request, pk: int):
    return render_detail(request, visible_row(request, pk))


def sheet(request, pk: int):
    require(request, "commitment.view")
    try:
        name, out = export_sheet(pk, by=Actor.of(request))
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    return FileResponse(out, as_attachment=True, filename=name, content_type=DOCX_MIME)


def figures_page(request):
    require(request, "commitment.view")
    user, today = request.user, timezone.localdate()
    raw_year = str(request.GET.get("year") or "")
    year = int(raw_year) if raw_year.isdigit() and 1990 <= int(raw_year) <= 9999 else None
    unit = checked_unit(user, request.GET.get("unit")) if str(request.GET.get("unit") or "").isdigit() else None
    if unit is None:
        home = user.home_unit
        units = list(area_units(user))
        around = [u for u in units if home is not None and home.path.startswith(u.path)]
        unit = max(around, key=lambda u: len(u.path)) if around else (units[0] if units else None)
    figures = compliance(user, unit=unit, year=year, today=today)
    context = {
        "c": figures,
        "unit": unit,
        "year": year,
        "years": _years(today),
        "units": area_units(user),
        "link": lambda spec: f"{reverse('commitments:list')}?{filter_query(spec)}",
        "today": today,
    }
    context["links"] = {
        "in_scope": context["link"](figures.in_scope.filter),
        "assessed": context["link"](figures.assessed.filter),
        "fully_met": context["link"](figures.fully_met.filter),
        "missed_start": context["link"]({**figures.in_scope.filter, "item": Item.START, "status": Status.MISSED}),
    }
    context["item_rows"] = [
        {
            "f": f,
            "due": context["link"](f.due.filter),
            "met": context["link"](f.met.filter),
            "missed": context["link"](f.missed.filter),
            "at_risk": context["link"](f.at_risk.filter),
        }
        for f in figures.items
    ]
    return render(request, "commitments/figures.html", context)
