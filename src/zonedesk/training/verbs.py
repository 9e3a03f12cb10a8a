"""Reader labels of the training Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "training.recorded": _("recorded a training session"),
    "training.voided": _("voided a training record"),
    "training.target_set": _("set the yearly training hour targets"),
}
# Reads that are themselves audited (data leaves the system).
READ_VERBS = {
    "training.progress_exported": _("exported the staff training progress to Excel"),
    "training.records_exported": _("exported training records to Excel"),
}
