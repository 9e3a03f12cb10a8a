from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class TaskForcesConfig(AppConfig):
    name = "zonedesk.taskforces"
    verbose_name = _("Task forces")

    def ready(self) -> None:
        register(VERBS)
