"""The Excel import of an existing project list, and its template."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.common import pages
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.forms import XlsxImportForm
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for

from .importing import import_projects, template_file


def _require_import(request) -> None:
    if not can(request.user, "project.import"):
        raise Http404


def import_page(request):
    _require_import(request)
    form = XlsxImportForm(
        request.POST or None,
        request.FILES or None,
        units=units_for(request.user).filter(kind__in=["zone", "branch"]),
        unit_help=_("Rows whose 所属单位 column is empty belong to this zone or branch office."),
    )

    def run(file, unit) -> int:
        return import_projects(file, by=Actor.of(request), default_unit=unit).created

    context = {
        "title": _("Import projects"),
        "back_url": reverse("projects:list"),
        "back_label": _("Projects"),
        "template_url": reverse("projects:import_template"),
    }
    return pages.import_page(
        request,
        form,
        run,
        done_message=_("%(n)d projects were imported."),
        done_url=reverse("projects:list"),
        context=context,
    )


def import_template(request):
    _require_import(request)
    return FileResponse(template_file(), as_attachment=True, filename="招商项目导入模板.xlsx", content_type=XLSX_MIME)
