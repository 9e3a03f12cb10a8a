"""`zonedesk generate --scale zone|city|province [--seed N]`: a benchmark data set, written in bulk."""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zonedesk.cli.generate import Generator
from zonedesk.cli.generate_base import SCALES
from zonedesk.orgs.models import Unit


class Command(BaseCommand):
    help = "Generate a realistic, seeded data set (zone, city or province scale) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="zone")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale: str, seed: int, **options):
        call_command("migrate", verbosity=0)
        if Unit.objects.exists():
            raise CommandError("The database already holds data: generate into an empty one (a new ZONEDESK_DATA_DIR).")
        result = Generator(scale, seed, echo=self.stdout.write).run()
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
