"""Reader labels of the visit Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "visit.planned": _("planned a visit"),
    "visit.recorded": _("recorded the findings of a visit"),
    "visit.cancelled": _("cancelled a visit"),
    "campaign.created": _("created a visit campaign"),
}
