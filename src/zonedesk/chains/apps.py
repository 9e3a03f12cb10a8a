from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import READ_VERBS, VERBS
from .verbs_targets import TARGET_VERBS


class ChainsConfig(AppConfig):
    name = "zonedesk.chains"
    verbose_name = _("Industrial chains")

    def ready(self) -> None:
        register(VERBS | READ_VERBS | TARGET_VERBS)
