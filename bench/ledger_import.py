"""Benchmark: the Excel imports of a hazard ledger (隐患台账) and of job postings at realistic size.

    uv run python bench/ledger_import.py [--rows 5000]               # SQLite in a fresh temp data folder
    DATABASE_URL=postgres://… uv run python bench/ledger_import.py   # an empty PostgreSQL database

Prints the figures and writes them to bench/results/ledger_import-<db>.json.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("ZONEDESK_DATA_DIR", tempfile.mkdtemp(prefix="zonedesk-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from zonedesk.common.excel import write_xlsx  # noqa: E402
from zonedesk.common.uscc import make_uscc  # noqa: E402
from zonedesk.enterprises.models import Enterprise  # noqa: E402
from zonedesk.orgs import services  # noqa: E402
from zonedesk.orgs.audit import Actor  # noqa: E402
from zonedesk.orgs.models import UnitKind  # noqa: E402
from zonedesk.recruitment.importing import import_postings  # noqa: E402
from zonedesk.safety.importing import import_hazards  # noqa: E402
from zonedesk.safety.models import HazardMove  # noqa: E402

STATES = ["未整改", "整改中", "已提交验收", "已验收", "已验收", "已验收", "已退回"]
FAULTS = ["配电箱未接地", "消防通道堵塞", "灭火器过期", "气瓶未固定", "除尘器未定期清灰", "安全出口锁闭"]
POSITIONS = ["普工", "电工", "焊工", "质检员", "叉车司机", "仓管", "技术员", "操作工"]


def ledger(rows: int, enterprises: list[Enterprise], rnd: random.Random):
    header = [
        "统一社会信用代码",
        "检查日期",
        "隐患描述",
        "隐患等级",
        "整改责任人",
        "整改状态",
        "整改完成日期",
        "验收日期",
    ]
    first = date(2024, 1, 2)

    def data():
        for n in range(rows):
            found = first + timedelta(days=rnd.randint(0, 500))
            state = rnd.choice(STATES)
            handed = found + timedelta(days=rnd.randint(1, 20)) if state in ("已提交验收", "已验收", "已退回") else ""
            judged = handed + timedelta(days=rnd.randint(0, 5)) if state in ("已验收", "已退回") else ""
            level = "重大" if rnd.random() < 0.1 else "一般"
            yield [
                rnd.choice(enterprises).uscc,
                found,
                f"{rnd.choice(FAULTS)}（{n}）",
                level,
                "王安全",
                state,
                handed,
                judged,
            ]

    return write_xlsx(header, data(), title="隐患排查台账")


def postings(rows: int, enterprises: list[Enterprise], rnd: random.Random):
    header = ["统一社会信用代码", "岗位", "人数", "薪资", "联系人", "联系电话"]
    data = (
        [
            rnd.choice(enterprises).uscc,
            f"{rnd.choice(POSITIONS)}{n}",
            rnd.randint(1, 50),
            "5000-7000",
            "王经理",
            "13812348000",
        ]
        for n in range(rows)
    )
    return write_xlsx(header, data, title="企业用工需求")


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--enterprises", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rnd = random.Random(2026)
    system = Actor.system("bench")
    stamp = time.time_ns()
    region = services.create_unit(name=f"射阳县{stamp}", kind=UnitKind.REGION, parent=None, by=system)
    zone = services.create_unit(name=f"射阳经济开发区{stamp}", kind=UnitKind.ZONE, parent=region, by=system)
    people = {}
    for role in ("safety_officer", "service_officer"):
        user = services.create_user(
            username=f"{role}{stamp}", password="Bench#2026x", full_name="测试", unit=zone, role=role, by=system
        )
        people[role] = Actor(user=user, channel="web")
    base = rnd.randint(0, 9_000_000)
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(name=f"射阳测试企业{stamp}-{n}", uscc=make_uscc(f"91320924MB{base + n:07d}"), unit=zone)
            for n in range(args.enterprises)
        ]
    )
    sheet = ledger(args.rows, enterprises, rnd)
    ledger_s = _timed(lambda: import_hazards(sheet, by=people["safety_officer"]))
    moves = HazardMove.objects.filter(unit=zone).count()
    sheet = postings(args.rows, enterprises, rnd)
    postings_s = _timed(lambda: import_postings(sheet, by=people["service_officer"]))
    figures = {
        "database": connection.vendor,
        "rows": args.rows,
        "enterprises": args.enterprises,
        "ledger_import_s": round(ledger_s, 2),
        "ledger_rows_per_s": round(args.rows / ledger_s),
        "ledger_moves": moves,
        "postings_import_s": round(postings_s, 2),
        "postings_rows_per_s": round(args.rows / postings_s),
        "python": sys.version.split()[0],
    }
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / f"ledger_import-{connection.vendor}.json").write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
