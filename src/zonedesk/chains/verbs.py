"""Reader labels of the chains Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "chain.created": _("defined an industrial chain"),
    "chain.updated": _("changed an industrial chain"),
    "chain.archived": _("archived an industrial chain"),
    "chain.link_added": _("added a link to the chain"),
    "chain.link_updated": _("changed a link of the chain"),
    "chain.link_removed": _("removed a link of the chain"),
    "chain.enterprise_mapped": _("put an enterprise on a link of the chain"),
    "chain.enterprise_unmapped": _("took an enterprise off a link of the chain"),
    "chain.project_mapped": _("put a project on a link of the chain"),
    "chain.project_unmapped": _("took a project off a link of the chain"),
    "chain.links_imported": _("imported the chain's links"),
    "chains.demo_loaded": _("loaded the demo industrial chains"),
}
# Reads that are themselves audited (data leaves the system).
READ_VERBS: dict = {}
