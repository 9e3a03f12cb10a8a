from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class SupervisionConfig(AppConfig):
    name = "zonedesk.supervision"
    verbose_name = _("Supervision and notifications")

    def ready(self) -> None:
        register(VERBS)
