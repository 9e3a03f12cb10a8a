from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "zonedesk.orgs"
    verbose_name = _("Units and users")

    def ready(self) -> None:
        # Sign-in outcomes come from Django and django-axes as signals; they only write the audit log.
        from . import signin_audit  # noqa: F401
