from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class VisitsConfig(AppConfig):
    name = "zonedesk.visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        register(VERBS)
