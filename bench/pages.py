"""Benchmark: server time and queries per request for pages and API lists, on the demo data.

    ZONEDESK_DATA_DIR=<a demo data folder> uv run python bench/pages.py [--user investment] [--runs 30] [--set demands]

Loads the demo data if the folder has none (`zonedesk demo --no-serve`), signs in as the user through
Django's test client (in-process: server time without the network), requests each page `runs` times
and prints median / p95 / max milliseconds and queries per request. Writes bench/results/pages-<db>.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from zonedesk.orgs.models import User  # noqa: E402

PAGES = [
    "/enterprises/",
    "/enterprises/?q=jsgy",
    "/projects/",
    "/projects/list/",
    "/projects/list/?moved_to=signed&since=2026-01-01&until=2026-12-31&band=over3",
    "/figures/",
    "/figures/?quarter=1",
    "/figures/review/?month=10",
    "/api/v1/enterprises",
    "/api/v1/projects",
    "/api/v1/project-figures",
]
DEMAND_PAGES = [
    "/demands/",
    "/demands/?overdue=1",
    "/demands/?q=招工",
    "/demands/workspace/",
    "/demands/figures/",
    "/visits/",
    "/api/v1/demands",
    "/api/v1/demands/figures",
]
SETS = {"projects": PAGES, "demands": DEMAND_PAGES}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="investment")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--set", choices=sorted(SETS), default="projects")
    args = parser.parse_args()
    call_command("demo", "--no-serve", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.user))
    name = "pages" if args.set == "projects" else f"pages-{args.set}"
    report(measure(client, SETS[args.set], args.runs), name, args.user, args.runs)


def measure(client: Client, urls: list[str], runs: int) -> list[dict]:
    """Median, p95 and max server milliseconds and queries per request of each URL, `runs` requests each."""
    rows = []
    for url in urls:
        times, queries = [], 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        times.sort()
        rows.append(
            {
                "url": url,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                "max_ms": round(times[-1], 1),
                "queries": queries,
            }
        )
    return rows


def report(rows: list[dict], name: str, user: str, runs: int, **extra) -> None:
    """Print the table and write it to bench/results/<name>-<database>.json."""
    width = max(len(r["url"]) for r in rows)
    print(f"{'page':<{width}}  median   p95     max    queries   ({connection.vendor}, user {user})")
    for r in rows:
        print(f"{r['url']:<{width}}  {r['median_ms']:>6}  {r['p95_ms']:>6}  {r['max_ms']:>6}  {r['queries']:>5}")
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    out = {"database": connection.vendor, "user": user, "runs": runs, "python": sys.version.split()[0], **extra}
    out["pages"] = rows
    (results / f"{name}-{connection.vendor}.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
