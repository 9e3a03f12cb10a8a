"""The Excel import of a chain's links, and its template (the chain's keepers with chain.import)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.forms import XlsxUploadForm
from zonedesk.common.pages import import_page
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from .importing import import_links as run_import
from .importing import template_file
from .views import visible_chain


def _importable(request, pk: int):
    chain = visible_chain(request, pk)
    if not can(request.user, "chain.import", chain.unit):
        raise PermissionDenied
    return chain


def import_links(request, pk: int):
    chain = _importable(request, pk)
    form = XlsxUploadForm(request.POST or None, request.FILES or None)

    def run(file, _unit) -> int:
        return run_import(file, chain, by=Actor.of(request)).created

    context = {
        "title": _("Import the links of %(chain)s") % {"chain": chain.name},
        "back_url": chain.get_absolute_url(),
        "back_label": chain.name,
        "template_url": reverse("chains:import_template", args=[chain.pk]),
    }
    done = _("%(n)d links were added to the chain (links it already had were left as they are).")
    return import_page(request, form, run, done_message=done, done_url=chain.get_absolute_url(), context=context)


def import_template(request, pk: int):
    _importable(request, pk)
    return FileResponse(template_file(), as_attachment=True, filename="产业链环节导入模板.xlsx", content_type=XLSX_MIME)
