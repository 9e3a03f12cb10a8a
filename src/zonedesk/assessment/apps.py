from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class AssessmentConfig(AppConfig):
    name = "zonedesk.assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        register(VERBS)
