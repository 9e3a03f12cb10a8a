from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import READ_VERBS, VERBS


class CommitmentsConfig(AppConfig):
    name = "zonedesk.commitments"
    verbose_name = _("Commitments of signed projects")

    def ready(self) -> None:
        register(VERBS | READ_VERBS)
