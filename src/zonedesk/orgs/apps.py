from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "zonedesk.orgs"
    verbose_name = _("Units and users")

    def ready(self) -> None:
        # Sign-in outcomes come from Django and django-axes as signals; they only write the audit log.
        from . import signin_audit  # noqa: F401
        from .audit_guard import ensure_installed, register_sqlite_function

        # The audit log's append-only triggers, after every migrate, and the function they call on SQLite.
        connection_created.connect(register_sqlite_function, dispatch_uid="zonedesk_audit_function")
        post_migrate.connect(ensure_installed, sender=self, dispatch_uid="zonedesk_audit_triggers")
