from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zonedesk.orgs.verbs import register

from .verbs import VERBS


class EnterprisesConfig(AppConfig):
    name = "zonedesk.enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        register(VERBS)
