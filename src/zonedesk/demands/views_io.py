"""Demand lists in and out: the Excel import and its template, the Excel export of the list's filter, and the
一企一清单 Word document of one enterprise."""

from django.http import FileResponse, Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common import pages
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.forms import XlsxUploadForm
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from .exporting import export_demands
from .filters import demand_filters
from .importing import import_demands, template_file
from .sheet import DOCX_MIME, export_sheet


def _require(request, perm: str) -> None:
    if not can(request.user, perm):
        raise Http404


def _list_url() -> str:
    """The staff demand list (built by the demand pages), or the import page until it exists."""
    try:
        return reverse("demands:list")
    except NoReverseMatch:
        return reverse("demand_io:import")


def import_page(request):
    _require(request, "demand.import")
    form = XlsxUploadForm(request.POST or None, request.FILES or None)

    def run(file, _unit) -> int:
        return import_demands(file, by=Actor.of(request)).created

    context = {
        "title": _("Import demands"),
        "back_url": _list_url(),
        "back_label": _("Demands"),
        "template_url": reverse("demand_io:import_template"),
    }
    return pages.import_page(
        request,
        form,
        run,
        done_message=_("%(n)d demands were imported."),
        done_url=_list_url(),
        context=context,
    )


def import_template(request):
    _require(request, "demand.import")
    return FileResponse(template_file(), as_attachment=True, filename="诉求清单导入模板.xlsx", content_type=XLSX_MIME)


def export(request):
    _require(request, "demand.export")
    out = export_demands(demand_filters(request.GET), by=Actor.of(request))
    name = f"demands-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def sheet(request, enterprise_pk: int):
    _require(request, "demand.view")
    try:
        name, out = export_sheet(enterprise_pk, by=Actor.of(request))
    except Enterprise.DoesNotExist:
        raise Http404 from None
    return FileResponse(out, as_attachment=True, filename=name, content_type=DOCX_MIME)
