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
}
