from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class SafetyConfig(AppConfig):
    name = "zonedesk.safety"
    verbose_name = _("Safety supervision")

    def ready(self) -> None:
        register(VERBS)
