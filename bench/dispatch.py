"""Benchmark: the weekly dispatch (周调度) of a zone with 200 key projects, as data and as a Word document.

    uv run python bench/dispatch.py [--projects 200]              # SQLite in a fresh temp data folder
    DATABASE_URL=postgres://… uv run python bench/dispatch.py     # an empty PostgreSQL database

Each project has a task force, 8 milestones, 6 responsibility items, 2 element needs and this week's report
(written in bulk). Prints the figures and writes them to bench/results/dispatch-<db>.json.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("ZONEDESK_DATA_DIR", tempfile.mkdtemp(prefix="zonedesk-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from zonedesk.orgs import services  # noqa: E402
from zonedesk.orgs.audit import Actor  # noqa: E402
from zonedesk.orgs.models import UnitKind  # noqa: E402
from zonedesk.projects.models import Project  # noqa: E402
from zonedesk.projects.stages import Stage  # noqa: E402
from zonedesk.taskforces.dispatch import dispatch_docx, dispatch_xlsx, weekly_dispatch  # noqa: E402
from zonedesk.taskforces.models import ElementNeed, Milestone, Task, TaskForce, WeeklyReport  # noqa: E402

TRADES = ["智能装备", "新能源电池", "海工装备", "汽车零部件", "新材料", "电子信息", "生物医药", "光伏组件"]
MILESTONES = ["土地摘牌", "规划许可", "施工许可", "开工", "主体封顶", "设备进场", "竣工验收", "投产"]


def build(projects: int, zone, department, user, today: date) -> None:
    """The zone's key projects and everything the dispatch reads, in bulk."""
    rnd = random.Random(2026)
    year, week, _day = today.isocalendar()
    rows = [
        Project(
            name=f"{rnd.choice(TRADES)}项目{n:03d}",
            unit=zone,
            stage=rnd.choice([Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]),
            lead_on=today - timedelta(days=400),
            signed_on=today - timedelta(days=300),
            key_level=rnd.choice(["province", "city", "county"]),
            investment_text=f"{rnd.randint(1, 90)}亿元",
            total_investment_wan=Decimal(rnd.randint(1, 90) * 10000),
        )
        for n in range(projects)
    ]
    Project.objects.bulk_create(rows)
    forces = TaskForce.objects.bulk_create(
        [TaskForce(project=p, unit=zone, leader=user, created_on=today - timedelta(days=300)) for p in rows]
    )
    milestones, tasks, needs, reports = [], [], [], []
    for force in forces:
        for order, name in enumerate(MILESTONES):
            planned = today + timedelta(days=(order - 4) * 20 + rnd.randint(-5, 5))
            reached = planned + timedelta(days=2) if planned < today - timedelta(days=10) else None
            milestones.append(
                Milestone(task_force=force, name=name, planned_on=planned, actual_on=reached, order=order)
            )
        for n in range(6):
            deadline = today + timedelta(days=rnd.randint(-30, 30))
            tasks.append(
                Task(task_force=force, title=f"责任事项{n + 1}", owner_department=department, deadline=deadline)
            )
        needs.append(ElementNeed(task_force=force, kind="land", description="新增工业用地", quantity="100亩"))
        needs.append(
            ElementNeed(
                task_force=force,
                kind="labour",
                description="熟练技工",
                quantity="200人",
                owner_department=department,
                deadline=today - timedelta(days=rnd.randint(-10, 10)),
            )
        )
        reports.append(
            WeeklyReport(
                task_force=force,
                iso_year=year,
                iso_week=week,
                progress="主体结构施工，设备采购招标完成" * 3,
                percent_complete=rnd.randint(0, 100),
                investment_this_week_wan=Decimal(rnd.randint(100, 5000)),
                investment_total_wan=Decimal(rnd.randint(5000, 200000)),
                blockers=rnd.choice(["", "施工用电容量不足", "用工缺口约80人"]),
                next_steps="按节点推进",
            )
        )
    Milestone.objects.bulk_create(milestones)
    Task.objects.bulk_create(tasks)
    ElementNeed.objects.bulk_create(needs)
    WeeklyReport.objects.bulk_create(reports)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    system = Actor.system("bench")
    stamp = time.time_ns()
    region = services.create_unit(name=f"射阳县{stamp}", kind=UnitKind.REGION, parent=None, by=system)
    zone = services.create_unit(name="射阳经济开发区", kind=UnitKind.ZONE, parent=region, by=system)
    department = services.create_unit(name="行政审批局", kind=UnitKind.DEPARTMENT, parent=zone, by=system)
    user = services.create_user(
        username=f"bench{stamp}", password="Bench#2026x", full_name="测试", unit=zone, role="leader", by=system
    )
    today = date.today()
    year, week, _day = today.isocalendar()

    started = time.perf_counter()
    build(args.projects, zone, department, user, today)
    built = time.perf_counter() - started

    with translation.override("zh-hans"):
        started = time.perf_counter()
        data = weekly_dispatch(user, zone, year, week)
        gathered = time.perf_counter() - started
        started = time.perf_counter()
        document = dispatch_docx(data)
        written = time.perf_counter() - started
        started = time.perf_counter()
        sheet = dispatch_xlsx(data)
        sheeted = time.perf_counter() - started
    assert len(data["rows"]) == args.projects

    figures = {
        "database": connection.vendor,
        "projects": args.projects,
        "build_s": round(built, 2),
        "weekly_dispatch_s": round(gathered, 2),
        "dispatch_docx_s": round(written, 2),
        "dispatch_total_s": round(gathered + written, 2),
        "dispatch_xlsx_s": round(sheeted, 2),
        "docx_kb": round(len(document) / 1024),
        "xlsx_kb": round(sheet.seek(0, 2) / 1024),
        "python": sys.version.split()[0],
    }
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / f"dispatch-{connection.vendor}.json").write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
