from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class DemandsConfig(AppConfig):
    name = "zonedesk.demands"
    verbose_name = _("Demands")

    def ready(self) -> None:
        register(VERBS)
