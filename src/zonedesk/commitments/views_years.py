"""The enterprises' yearly figures: the list with its filter and the entry form, a change of one year's figures,
and the Excel import with its template."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.forms import XlsxUploadForm
from zonedesk.common.pages import import_page as run_import_page
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import years
from .access import area_units, checked_unit, require
from .forms import YearForm
from .importing_years import import_years, template_file


def _filters(request) -> dict:
    out: dict = {}
    raw = str(request.GET.get("year") or "")
    if raw.isdigit():
        out["year"] = int(raw)
    unit = str(request.GET.get("unit") or "")
    if unit.isdigit():
        out["unit"] = checked_unit(request.user, int(unit))
    q = str(request.GET.get("q") or "").strip()[:100]
    if q:
        out["q"] = q
    return out


def _enterprises(user):
    return Enterprise.objects.visible_to(user).active().filter(unit__in=area_units(user).values("pk")).order_by("name")


def _editing(request) -> EnterpriseYear | None:
    raw = str(request.GET.get("edit") or request.POST.get("row") or "")
    if not raw.isdigit():
        return None
    return get_object_or_404(years.year_list(request.user), pk=int(raw))


def _form(request, row: EnterpriseYear | None, data=None) -> YearForm:
    initial = {"year": timezone.localdate().year - 1}
    if row is not None:
        initial = {
            "enterprise": row.enterprise_id,
            "year": row.year,
            "version": row.version,
            **{k: getattr(row, k) for k in years.FIGURES},
        }
    elif str(request.GET.get("enterprise") or "").isdigit():
        initial["enterprise"] = int(request.GET["enterprise"])
    form = YearForm(data, initial=initial, enterprises=_enterprises(request.user))
    if row is not None:  # a change keeps its enterprise and year (the version read is that row's)
        form.fields["enterprise"].disabled = form.fields["year"].disabled = True
    return form


def years_page(request):
    """The yearly figures the user sees, and the form to enter (or, with ?edit=<id>, change) a year's figures."""
    require(request, "commitment.view")
    user = request.user
    row = _editing(request)
    may_edit = can(user, "enterprise_year.edit")
    form = _form(request, row, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Forbidden()
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            version = data.get("version") if row is not None else None
            try:
                years.record_year(Actor.of(request), data["enterprise"], **form.values(), version=version)
            except ObjectDoesNotExist as exc:
                raise Http404 from exc
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            except Conflict as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("The yearly figures were saved."))
                return redirect(reverse("commitments:years") + f"?year={data['year']}")
    filters = _filters(request)
    context = {
        "page": paginate(request, years.year_list(user, **filters)),
        "query": query_without_page(request),
        "filters": filters,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "units": area_units(user),
        "form": form,
        "editing": row,
        "may_edit": may_edit,
        "may_import": can(user, "enterprise_year.import"),
    }
    return render(request, "commitments/years.html", context, status=status)


def import_page(request):
    require(request, "enterprise_year.import")
    form = XlsxUploadForm(request.POST or None, request.FILES or None)

    def run(file, _unit) -> int:
        return import_years(file, by=Actor.of(request)).changed

    context = {
        "title": _("Import yearly figures"),
        "back_url": reverse("commitments:years"),
        "back_label": _("Enterprises' yearly figures"),
        "template_url": reverse("commitments:years_template"),
    }
    return run_import_page(
        request,
        form,
        run,
        done_message=_("%(n)d enterprises' yearly figures were added or changed."),
        done_url=reverse("commitments:years"),
        context=context,
    )


def import_template(request):
    require(request, "enterprise_year.import")
    return FileResponse(
        template_file(), as_attachment=True, filename="企业年度数据导入模板.xlsx", content_type=XLSX_MIME
    )
