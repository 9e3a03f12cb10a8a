"""Reader labels of the commitments Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "agreement.recorded": _("recorded the investment agreement"),
    "agreement.updated": _("changed the investment agreement"),
    "zone_promise.added": _("recorded a promise of the zone"),
    "zone_promise.updated": _("changed a promise of the zone"),
    "commitment.due_soon": _("sent an alert: a promised date is near"),
    "commitment.missed": _("recorded a missed commitment"),
    "enterprise_year.recorded": _("entered the enterprise's yearly figures"),
    "enterprise_year.updated": _("changed the enterprise's yearly figures"),
    "enterprise_year.import_completed": _("imported enterprises' yearly figures"),
    "demo.commitments_loaded": _("loaded the demo commitments"),
}
# Reads that are themselves audited (data leaves the system).
READ_VERBS = {
    "agreement.sheet_exported": _("exported the commitment sheet to Word"),
    "agreement.list_exported": _("exported the agreements to Excel"),
}
