"""Django's `flush`, allowed to empty the append-only audit tables (the test runner flushes between tests)."""

from django.core.management.commands.flush import Command as FlushCommand

from zonedesk.orgs.audit_guard import maintenance


class Command(FlushCommand):
    def handle(self, **options):
        with maintenance():
            return super().handle(**options)
