"""Reader labels of the project pipeline's Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "project.created": _("recorded the project"),
    "project.facility_created": _("recorded the zone facility project"),
    "project.updated": _("edited the project"),
    "project.stage_advanced": _("moved the project to a later stage"),
    "project.stage_moved_back": _("moved the project back a stage"),
    "project.dropped": _("dropped the project"),
    "project.reopened": _("reopened the project"),
    "project.resigned": _("recorded another signing ceremony"),
    "project.funds_recorded": _("recorded funds in place and investment completed"),
    "project.imported": _("imported the project from Excel"),
    "project.import_completed": _("completed an Excel import of projects"),
    "project.exported": _("exported projects to Excel"),
    "project.review_exported": _("exported the monthly review (一月一过堂) as a Word document"),
    "project.referral_offered": _("offered the project to another zone"),
    "project.referral_accepted": _("accepted a referred project"),
    "project.referral_declined": _("declined a referred project"),
    "project.referral_withdrawn": _("withdrew a referral"),
    "promotion_event.created": _("recorded a promotion event"),
    "currency_rate.set": _("set an exchange rate"),
    "target.set": _("set a target"),
    "figure_settings.set": _("set the thresholds and the stalled-project limit"),
}
