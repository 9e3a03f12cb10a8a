from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import READ_VERBS, VERBS


class AlliancesConfig(AppConfig):
    name = "zonedesk.alliances"
    verbose_name = _("Chain alliances")

    def ready(self) -> None:
        register(VERBS | READ_VERBS)
