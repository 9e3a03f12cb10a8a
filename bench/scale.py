"""Benchmark at scale: server time and queries per request on a generated data set (`zonedesk generate`).

    ZONEDESK_DATA_DIR=<empty folder> uv run python bench/scale.py --generate city [--runs 20]
    DATABASE_URL=postgres://... ZONEDESK_DATA_DIR=<folder> uv run python bench/scale.py --generate city

--generate generates the data set first (`zonedesk generate --scale city`: 30 zones, 30,000 enterprises, 100,000
demands, 10,000 projects) when the database holds no units yet; without it the data set must be there already.

Signs in as the generated supervisor (the whole region) and as the leader of the first zone, requests the
dashboards and the main lists, and prints median / p95 / max milliseconds and queries per request (in-process:
server time without the network). Writes bench/results/scale-<db>.json.
"""

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from pages import measure, report  # noqa: E402

from zonedesk.demands.models import Demand  # noqa: E402
from zonedesk.orgs.models import Membership, Unit, UnitKind  # noqa: E402
from zonedesk.orgs.roles import Role  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--generate", choices=["zone", "city", "province"], help="generate this scale first if empty")
    args = parser.parse_args()
    if args.generate:
        call_command("migrate", verbosity=0)
        if not Unit.objects.exists():
            call_command("generate", scale=args.generate)
    region = Unit.objects.filter(parent__isnull=True).get()
    zone = Unit.objects.filter(kind=UnitKind.ZONE).order_by("pk").first()
    supervisor = Membership.objects.get(role=Role.SUPERVISOR, unit=region).user
    leader = Membership.objects.filter(role=Role.LEADER, unit=zone).first().user
    demand = Demand.objects.filter(unit=zone).order_by("-pk").first()
    rows = []
    for user, urls in (
        (
            supervisor,
            [f"/dashboards/region/?unit={region.pk}", f"/dashboards/?unit={region.pk}", "/demands/?overdue=1"],
        ),
        (
            leader,
            [
                f"/dashboards/?unit={zone.pk}",
                "/dashboards/screen/",
                "/demands/",
                "/demands/?state=assigned",
                f"/demands/{demand.pk}/",
                "/demands/figures/",
                "/enterprises/",
                "/projects/list/",
                "/api/v1/demands",
            ],
        ),
    ):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for row in measure(client, urls, args.runs):
            rows.append({**row, "user": user.username})
    counts = {"zones": Unit.objects.filter(kind=UnitKind.ZONE).count(), "demands": Demand.objects.count()}
    report(rows, "scale", "supervisor / zone leader", args.runs, data=counts)


if __name__ == "__main__":
    main()
