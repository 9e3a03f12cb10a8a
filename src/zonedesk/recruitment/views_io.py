"""The Excel import of job postings for the zone's enterprises, and its template (staff only)."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.common import pages
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.forms import XlsxUploadForm
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from .importing import import_postings, template_file


def _require_import(request) -> None:
    if not can(request.user, "recruitment.import"):
        raise Http404


def import_page(request):
    _require_import(request)
    form = XlsxUploadForm(request.POST or None, request.FILES or None)

    def run(file, _unit) -> int:
        return import_postings(file, by=Actor.of(request)).created

    context = {
        "title": _("Import job postings"),
        "back_url": reverse("recruitment:postings"),
        "back_label": _("Job postings"),
        "template_url": reverse("recruitment_io:import_template"),
    }
    return pages.import_page(
        request,
        form,
        run,
        done_message=_("%(n)d job postings were imported."),
        done_url=reverse("recruitment:postings"),
        context=context,
    )


def import_template(request):
    _require_import(request)
    return FileResponse(template_file(), as_attachment=True, filename="招聘岗位导入模板.xlsx", content_type=XLSX_MIME)
