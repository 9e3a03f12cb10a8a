from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import READ_VERBS, VERBS


class TrainingConfig(AppConfig):
    name = "zonedesk.training"
    verbose_name = _("Staff training")

    def ready(self) -> None:
        register(VERBS | READ_VERBS)
