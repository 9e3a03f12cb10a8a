"""`zonedesk supervise`: run the jobs due now once (safe from cron every minute, and twice at once)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from zonedesk.supervision.jobs import run_due_jobs


class Command(BaseCommand):
    help = "Run the reminders, escalations and deliveries due now, once; safe to run from cron every minute."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="Keep running, once every SECONDS (no cron)."
        )

    def handle(self, *args, **opts):
        while True:
            counts = run_due_jobs(timezone.now())
            # Looping (the demo), only runs that did something are worth a line.
            if opts["every"] <= 0 or any(counts.values()):
                self.stdout.write(" ".join(f"{name}={n}" for name, n in counts.items()))
            if opts["every"] <= 0:
                return
            if not connection.in_atomic_block:  # between runs, a dropped database connection is replaced
                close_old_connections()
            try:
                time.sleep(opts["every"])
            except KeyboardInterrupt:
                return
