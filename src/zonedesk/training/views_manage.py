"""The leaders' and administrators' training pages: progress per department and per person (and its Excel), the
records list behind every figure (and its Excel), and the yearly targets."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can

from . import services
from .exporting import export_progress, export_records
from .forms import TargetForm
from .models import Kind
from .progress import SORTS, progress
from .queries import chosen_unit, chosen_year, hours_by_kind, manage_units, people_for, record_list, target_table
from .standing import STATUS_CSS
from .views import require_staff

# The people table's columns: (sort key, label, right-aligned)
COLUMNS = [
    ("name", gettext_lazy("Full name"), False),
    ("unit", gettext_lazy("Unit"), False),
    ("theory", gettext_lazy("Theory study (hours)"), True),
    ("theory_percent", gettext_lazy("Share of the target"), True),
    ("practice", gettext_lazy("Practical training (hours)"), True),
    ("practice_percent", gettext_lazy("Share of the target"), True),
    ("status", gettext_lazy("Standing"), False),
]


def unit_options(user) -> list[tuple[int, str]]:
    """The managed units as (pk, name indented by its depth under the top one) for a select."""
    units = list(manage_units(user))
    top = min((u.depth for u in units), default=0)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in units]


def require_manage(request) -> None:
    require_staff(request)
    if not can(request.user, "training.manage"):
        raise Forbidden()


def _progress(request):
    require_manage(request)
    unit = chosen_unit(request.user, request.GET.get("unit"))
    year = chosen_year(request.GET.get("year"))
    sort = request.GET.get("sort", "")
    return progress(request.user, unit, year, sort=sort if sort.lstrip("-") in SORTS else None), sort


def _records_url(**params) -> str:
    return f"{reverse('training:records')}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def progress_page(request):
    result, sort = _progress(request)
    base = {"unit": result.unit.pk, "year": result.year}
    columns = []
    for key, label, right in COLUMNS:
        descending = sort == key  # a second click on the sorted column sorts the other way
        columns.append(
            {
                "label": label,
                "right": right,
                "url": "?" + urlencode({**base, "sort": f"-{key}" if descending else key}),
                "arrow": "↑" if sort == key else "↓" if sort == f"-{key}" else "",
            }
        )
    people = [
        {
            "p": p,
            "css": STATUS_CSS[p.status],
            "theory_url": _records_url(
                unit=result.unit.pk, year=result.year, person=p.user.pk, kind=Kind.THEORY, counted=1
            ),
            "practice_url": _records_url(
                unit=result.unit.pk, year=result.year, person=p.user.pk, kind=Kind.PRACTICE, counted=1
            ),
        }
        for p in result.people
    ]
    this = timezone.localdate().year
    context = {
        "progress": result,
        "people": people,
        "columns": columns,
        "units": unit_options(request.user),
        "years": sorted({*range(this - 4, this + 1), result.year}, reverse=True),
        "export_url": f"{reverse('training:progress_export')}?{urlencode({**base, 'sort': sort})}",
        "records_url": _records_url(unit=result.unit.pk, year=result.year),
        "due_theory": result.share.expected(result.target.theory_hours),
        "due_practice": result.share.expected(result.target.practice_hours),
    }
    return render(request, "training/progress.html", context)


def progress_export(request):
    result, _sort = _progress(request)
    out = export_progress(result, by=Actor.of(request))
    name = f"学习培训进度_{result.unit.name}_{result.year}_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def record_filters(request) -> dict:
    """The records list's filter from the query string (a unit outside the user's scope is 404)."""
    get = request.GET
    filters: dict = {}
    if get.get("unit"):
        if not str(get["unit"]).isdigit():
            raise Http404
        filters["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=int(get["unit"]))
    if get.get("year"):
        filters["year"] = chosen_year(get["year"])
    if str(get.get("person", "")).isdigit():
        filters["person"] = int(get["person"])
    if get.get("kind") in Kind.values:
        filters["kind"] = get["kind"]
    if get.get("counted"):
        filters["counted"] = True
    if get.get("q"):
        filters["q"] = str(get["q"])[:100]
    return filters


def records_page(request):
    require_manage(request)
    filters = record_filters(request)
    qs = record_list(request.user, **filters)
    sums = hours_by_kind(qs.filter(voided_at__isnull=True))
    people = people_for(request.user)
    context = {
        "page": paginate(request, qs),
        "query": query_without_page(request),
        "filters": filters,
        "sums": sums,
        "units": unit_options(request.user),
        "people": people,
        "kinds": Kind.choices,
        "export_url": f"{reverse('training:records_export')}?{query_without_page(request)}",
    }
    return render(request, "training/records.html", context)


def records_export(request):
    require_manage(request)
    out = export_records(record_filters(request), by=Actor.of(request))
    name = f"培训记录_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def _plain(hours) -> str:
    """120.0 as 120, 2.5 as 2.5 (what an officer would type); "" for none."""
    if hours is None:
        return ""
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _target_initial(request, rows, year: int) -> dict:
    """The form filled for the unit asked for (?unit=, a row's "change" link), or the user's own managed unit, with
    the hours that apply to it now."""
    by_pk = {row.unit.pk: row for row in rows}
    raw = str(request.GET.get("unit", ""))
    if raw.isdigit() and int(raw) in by_pk:
        row = by_pk[int(raw)]
    else:
        try:
            row = by_pk.get(chosen_unit(request.user, "").pk)
        except Forbidden:
            row = None
    if row is None:
        return {"year": year}
    applies = row.applies
    return {
        "year": year,
        "unit": row.unit.pk,
        "theory_hours": _plain(applies.theory_hours),
        "practice_hours": _plain(applies.practice_hours),
        "note": row.own.row.note if row.own.is_set else "",
    }


def targets_page(request):
    """GET: the units' targets for a year, own and inherited. POST: set one unit's."""
    require_manage(request)
    year = chosen_year(request.POST.get("year") or request.GET.get("year"))
    units = manage_units(request.user)
    rows = target_table(request.user, year)
    form = TargetForm(request.POST or None, units=units, initial=_target_initial(request, rows, year))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                row = services.set_target(Actor.of(request), **form.values())
            except ObjectDoesNotExist as exc:
                raise Http404 from exc
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                messages.success(
                    request, _("The %(year)d targets of %(unit)s were saved.") % {"year": row.year, "unit": row.unit}
                )
                return redirect(f"{reverse('training:targets')}?year={row.year}")
    this = timezone.localdate().year
    labels = dict(unit_options(request.user))
    context = {
        "form": form,
        "year": year,
        "years": sorted({*range(this - 2, this + 2), year}, reverse=True),
        "rows": [(labels.get(row.unit.pk, row.unit.name), row) for row in rows],
    }
    return render(request, "training/targets.html", context, status=status)
