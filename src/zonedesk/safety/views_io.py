"""The Excel import of a zone's existing hazard ledger (隐患台账), and its template."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.common import pages
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.forms import XlsxUploadForm
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from .importing import import_hazards, template_file


def _require_import(request) -> None:
    if not can(request.user, "safety.inspect"):
        raise Http404


def import_page(request):
    _require_import(request)
    form = XlsxUploadForm(request.POST or None, request.FILES or None)

    def run(file, _unit) -> int:
        return import_hazards(file, by=Actor.of(request)).created

    context = {
        "title": _("Import hazard ledger"),
        "back_url": reverse("safety:hazards"),
        "back_label": _("Hazards"),
        "template_url": reverse("safety_io:import_template"),
    }
    return pages.import_page(
        request,
        form,
        run,
        done_message=_("%(n)d hazards were imported."),
        done_url=reverse("safety:hazards"),
        context=context,
    )


def import_template(request):
    _require_import(request)
    return FileResponse(template_file(), as_attachment=True, filename="隐患台账导入模板.xlsx", content_type=XLSX_MIME)
