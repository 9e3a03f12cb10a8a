"""Reader labels of the assessment Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "scheme.created": _("created an assessment scheme"),
    "scheme.changed": _("changed an assessment scheme"),
    "scheme.item_added": _("added an indicator to an assessment scheme"),
    "scheme.item_removed": _("removed an indicator from an assessment scheme"),
    "manual_score.given": _("gave a manual score"),
    "score_sheet.computed": _("computed the scores of a period"),
    "score_sheet.published": _("published the scores of a period"),
    "score_sheet.exported": _("exported a ranking or score sheet"),
}
