from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class ProjectsConfig(AppConfig):
    name = "zonedesk.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        register(VERBS)
