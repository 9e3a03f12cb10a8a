"""The Excel import of job postings for the zone's enterprises, and its template (staff only)."""

from django.utils.translation import gettext_lazy as _

from zonedesk.common.pages import SheetImport

from .importing import import_postings, template_file

postings = SheetImport(
    perm="recruitment.import",
    importer=import_postings,
    template_file=template_file,
    template_name="招聘岗位导入模板.xlsx",
    template_url="recruitment_io:import_template",
    title=_("Import job postings"),
    back="recruitment:postings",
    back_label=_("Job postings"),
    done=_("%(n)d job postings were imported."),
)
import_page, import_template = postings.page, postings.template
