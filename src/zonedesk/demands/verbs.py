"""Reader labels of the demand closed loop's Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "demand.submitted": _("submitted the demand"),
    "demand.accepted": _("accepted the demand"),
    "demand.returned": _("returned the demand for more information"),
    "demand.rejected": _("rejected the demand"),
    "demand.resubmitted": _("resubmitted the demand"),
    "demand.assigned": _("assigned the demand to a department"),
    "demand.transferred": _("transferred the demand to another department"),
    "demand.resolved": _("resolved the demand"),
    "demand.confirmed": _("confirmed the answer to the demand"),
    "demand.auto_confirmed": _("confirmed the demand automatically (no answer in time)"),
    "demand.reopened": _("reopened the demand"),
    "demand.routed": _("handed the demand to another level"),
    "demand.dissatisfied": _("said the answer is unsatisfactory"),
    "demand.escalated": _("escalated the overdue demand"),
    "demand.attached": _("attached a file to the demand"),
    "demand.imported": _("imported a demand list"),
    "demand.exported": _("exported a demand list"),
    "demand.settings_changed": _("changed the demand rules"),
    "demand.category_deadline_set": _("set a category's deadline"),
}
