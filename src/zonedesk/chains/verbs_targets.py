"""Reader labels of the Event verbs of targeted investment (精准招商)."""

from django.utils.translation import gettext_lazy as _

TARGET_VERBS = {
    "chain_target.added": _("added an investment target"),
    "chain_target.dismissed": _("dismissed an investment target"),
    "chain_target.converted": _("turned an investment target into a lead"),
    "chain_targets.demo_loaded": _("loaded the demo investment targets"),
}
