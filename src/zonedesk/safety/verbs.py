"""Reader labels of safety supervision's Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "safety.settings_changed": _("changed the safety rules"),
    "safety.category_added": _("added a hazard category"),
    "safety.category_changed": _("changed a hazard category"),
    "safety.profile_updated": _("updated the enterprise's safety profile"),
    "safety.rated": _("rated the enterprise's safety (five stars, five colours)"),
    "inspection.recorded": _("recorded a safety inspection"),
    "hazard.found": _("recorded a hazard"),
    "hazard.rectification_started": _("started rectifying the hazard"),
    "hazard.rectification_submitted": _("submitted the hazard's rectification for acceptance"),
    "hazard.accepted": _("accepted the hazard's rectification"),
    "hazard.sent_back": _("sent the hazard's rectification back"),
    "hazard.escalated": _("escalated the overdue hazard"),
    "safety.list_created": _("created a safety list"),
    "safety.list_renamed": _("renamed a safety list"),
    "safety.list_deleted": _("deleted a safety list"),
    "safety.list_exported": _("exported a safety list to Excel"),
    "safety.plan_uploaded": _("uploaded the zone's site plan"),
    "safety.enterprise_placed": _("placed the enterprise on the site plan"),
    "safety.placement_removed": _("took the enterprise off the site plan"),
    "hazard.exported": _("exported a hazard list to Excel"),
    "hazard.import_completed": _("imported a hazard ledger"),
    "safety.report_exported": _("exported the month's safety report to Word"),
    "safety.ratings_exported": _("exported the safety ratings to Excel"),
}
