"""Reader labels of the enterprise registry's Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "enterprise.created": _("registered the enterprise"),
    "enterprise.updated": _("edited the enterprise"),
    "enterprise.uscc_confirmed": _("confirmed the pilot credit code"),
    "enterprise.archived": _("archived the enterprise"),
    "enterprise.restored": _("restored the enterprise"),
    "enterprise.contact_added": _("added a contact"),
    "enterprise.contact_archived": _("removed a contact"),
    "enterprise.imported": _("imported the enterprise from Excel"),
    "enterprise.import_completed": _("completed an Excel import"),
    "enterprise.exported": _("exported enterprises to Excel"),
}
