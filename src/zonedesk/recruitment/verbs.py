"""Reader labels of the recruitment Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "posting.published": _("published a job posting"),
    "posting.updated": _("changed a job posting"),
    "posting.closed": _("closed a job posting"),
    "posting.hires_recorded": _("recorded hires on a job posting"),
    "posting.import_completed": _("imported job postings"),
    "fair.created": _("set up a job fair"),
    "fair.participant_added": _("added an enterprise to a job fair"),
    "fair.postings_changed": _("changed the postings an enterprise shows at a job fair"),
    "fair.held": _("marked the job fair as held"),
    "fair.cancelled": _("cancelled the job fair"),
    "fair.results_recorded": _("recorded the results of the job fair"),
    "demand.invited_to_fair": _("invited the enterprise to a job fair"),
}
# Reads that are themselves audited (personal data leaves the system).
READ_VERBS = {
    "posting.exported": _("exported the job postings to Excel"),
    "fair.report_exported": _("exported the job fair's report to Word"),
}
