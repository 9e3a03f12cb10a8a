"""The Excel import of a zone's existing hazard ledger (隐患台账), and its template."""

from django.utils.translation import gettext_lazy as _

from zonedesk.common.pages import SheetImport

from .importing import import_hazards, template_file

ledger = SheetImport(
    perm="safety.inspect",
    importer=import_hazards,
    template_file=template_file,
    template_name="隐患台账导入模板.xlsx",
    template_url="safety_io:import_template",
    title=_("Import hazard ledger"),
    back="safety:hazards",
    back_label=_("Hazards"),
    done=_("%(n)d hazards were imported."),
)
import_page, import_template = ledger.page, ledger.template
