"""Benchmark: the chain page at city scale, server time and queries per request.

    ZONEDESK_DATA_DIR=<empty folder> uv run python bench/chains.py --generate city [--runs 20]

On a data set made by `zonedesk generate --scale city` (made first with --generate when the database holds no
units), adds once, by bulk inserts (benchmark data, no Events): for each zone a chain of 14 links (two of them
sub-links) with ~30% of the zone's enterprises and ~20% of its projects on random links, and the 2024 and 2025
figures of those enterprises; and a chain of the city itself with ~3% of all enterprises and ~2% of all projects.
Then requests, 20 times each, the page of the largest zone's chain as that zone's leader, the city's chain as a
city leader (made for the benchmark if the data set has none), and both as the API's chain detail. Prints median /
p95 / max milliseconds and queries per request (in-process, as bench/pages.py) and writes
bench/results/chains-<db>.json.
"""

import argparse
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from pages import measure, report  # noqa: E402

from zonedesk.chains.models import Chain, ChainLink, EnterpriseLink, ProjectLink  # noqa: E402
from zonedesk.enterprises.models import Enterprise, EnterpriseYear  # noqa: E402
from zonedesk.orgs.models import Membership, Unit, UnitKind, User  # noqa: E402
from zonedesk.orgs.roles import Role  # noqa: E402
from zonedesk.projects.models import Project  # noqa: E402

NAME = "新能源动力电池（基准）"
LINKS = [
    ("正极材料", "upstream", None),
    ("磷酸铁锂", "upstream", "正极材料"),
    ("负极材料", "upstream", None),
    ("电解液", "upstream", None),
    ("隔膜", "upstream", None),
    ("铜箔/铝箔", "upstream", None),
    ("外壳及结构件", "upstream", None),
    ("电芯", "core", None),
    ("电池模组/PACK", "core", None),
    ("电池管理系统(BMS)", "core", "电池模组/PACK"),
    ("储能系统", "downstream", None),
    ("新能源整车", "downstream", None),
    ("充换电设施", "downstream", None),
    ("电池回收", "downstream", None),
]


def build_chain(unit: Unit, enterprise_ids: list[int], project_ids: list[int], rng: random.Random) -> Chain:
    """A chain of `unit` with its 14 links, the given enterprises and projects on random links (bulk inserts)."""
    chain = Chain.objects.create(unit=unit, name=NAME)
    made: dict[str, ChainLink] = {}
    for order, (name, position, parent) in enumerate(LINKS, start=1):
        made[name] = ChainLink.objects.create(
            chain=chain, name=name, position=position, parent=made.get(parent), order=order
        )
    # 电解液 stays empty, as on the demo.
    links = [link for name, link in made.items() if name != "电解液"]
    EnterpriseLink.objects.bulk_create(
        [EnterpriseLink(link=rng.choice(links), enterprise_id=pk) for pk in enterprise_ids], batch_size=2000
    )
    ProjectLink.objects.bulk_create(
        [ProjectLink(link=rng.choice(links), project_id=pk) for pk in project_ids], batch_size=2000
    )
    return chain


def add_years(enterprise_ids: set[int], rng: random.Random) -> None:
    have = set(EnterpriseYear.objects.filter(enterprise_id__in=enterprise_ids).values_list("enterprise_id", flat=True))
    rows = []
    for pk in sorted(enterprise_ids - have):
        output = Decimal(rng.randint(500, 200000))
        for year, scale in ((2024, Decimal("0.9")), (2025, Decimal(1))):
            rows.append(
                EnterpriseYear(
                    enterprise_id=pk,
                    year=year,
                    output_wan=output * scale,
                    tax_wan=(output * scale * Decimal("0.04")).quantize(Decimal("0.01")),
                    employees=rng.randint(10, 3000),
                )
            )
    EnterpriseYear.objects.bulk_create(rows, batch_size=2000)


def sample(ids: list[int], share: float, rng: random.Random) -> list[int]:
    return rng.sample(ids, round(len(ids) * share))


@transaction.atomic
def prepare(rng: random.Random) -> tuple[Chain, Chain]:
    """The benchmark's chains, made once (a later run reuses them)."""
    region = Unit.objects.filter(parent__isnull=True).get()
    existing = Chain.objects.filter(name=NAME)
    if existing.filter(unit=region).exists():
        return largest_zone_chain(), existing.get(unit=region)
    mapped: set[int] = set()
    for zone in Unit.objects.filter(kind=UnitKind.ZONE).order_by("pk"):
        enterprises = list(Enterprise.objects.filter(unit=zone, is_archived=False).values_list("pk", flat=True))
        projects = list(Project.objects.filter(unit=zone).exclude(stage="dropped").values_list("pk", flat=True))
        chosen = sample(enterprises, 0.3, rng)
        build_chain(zone, chosen, sample(projects, 0.2, rng), rng)
        mapped.update(chosen)
    everyone = list(Enterprise.objects.filter(is_archived=False).values_list("pk", flat=True))
    all_projects = list(Project.objects.exclude(stage="dropped").values_list("pk", flat=True))
    city_enterprises = sample(everyone, 0.03, rng)
    city = build_chain(region, city_enterprises, sample(all_projects, 0.02, rng), rng)
    add_years(mapped | set(city_enterprises), rng)
    return largest_zone_chain(), city


def largest_zone_chain() -> Chain:
    zone = Unit.objects.filter(kind=UnitKind.ZONE).annotate(n=Count("enterprises")).order_by("-n", "pk").first()
    return Chain.objects.get(unit=zone, name=NAME)


def city_leader(region: Unit) -> User:
    membership = Membership.objects.filter(role=Role.LEADER, unit=region, revoked_at__isnull=True).first()
    if membership is not None:
        return membership.user
    user = User.objects.create_user(username="bench_city_leader", password="Zone!Desk2026", full_name="市领导（基准）")
    Membership.objects.create(user=user, unit=region, role=Role.LEADER)
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--generate", choices=["zone", "city", "province"], help="generate this scale first if empty")
    args = parser.parse_args()
    if args.generate:
        call_command("migrate", verbosity=0)
        if not Unit.objects.exists():
            call_command("generate", scale=args.generate)
    rng = random.Random(2026)
    zone_chain, city_chain = prepare(rng)
    zone_leader = Membership.objects.filter(role=Role.LEADER, unit=zone_chain.unit).first().user
    rows = []
    for user, chain in ((zone_leader, zone_chain), (city_leader(city_chain.unit), city_chain)):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for row in measure(client, [f"/chains/{chain.pk}/", f"/api/v1/chains/{chain.pk}", "/chains/"], args.runs):
            rows.append({**row, "user": user.username})
    counts = {
        "zones": Unit.objects.filter(kind=UnitKind.ZONE).count(),
        "enterprises": Enterprise.objects.count(),
        "chains": Chain.objects.count(),
        "zone_chain": {
            "unit": zone_chain.unit.name,
            "links": zone_chain.links.count(),
            "enterprises": EnterpriseLink.objects.filter(link__chain=zone_chain).count(),
            "projects": ProjectLink.objects.filter(link__chain=zone_chain).count(),
        },
        "city_chain": {
            "unit": city_chain.unit.name,
            "links": city_chain.links.count(),
            "enterprises": EnterpriseLink.objects.filter(link__chain=city_chain).count(),
            "projects": ProjectLink.objects.filter(link__chain=city_chain).count(),
        },
    }
    report(rows, "chains", "zone leader / city leader", args.runs, data=counts)


if __name__ == "__main__":
    main()
