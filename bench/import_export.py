"""Benchmark: Excel import and export of enterprises at realistic size.

    uv run python bench/import_export.py [--rows 10000]              # SQLite in a fresh temp data folder
    DATABASE_URL=postgres://… uv run python bench/import_export.py   # an empty PostgreSQL database

Prints the figures and writes them to bench/results/import_export-<db>.json.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("ZONEDESK_DATA_DIR", tempfile.mkdtemp(prefix="zonedesk-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from zonedesk.common.excel import write_xlsx  # noqa: E402
from zonedesk.common.uscc import make_uscc  # noqa: E402
from zonedesk.enterprises.exporting import export_enterprises  # noqa: E402
from zonedesk.enterprises.importing import import_enterprises  # noqa: E402
from zonedesk.enterprises.models import Enterprise  # noqa: E402
from zonedesk.enterprises.queries import EnterpriseFilter  # noqa: E402
from zonedesk.orgs import services  # noqa: E402
from zonedesk.orgs.audit import Actor  # noqa: E402
from zonedesk.orgs.models import UnitKind  # noqa: E402

WORDS = [
    "瑞丰",
    "恒达",
    "国阳",
    "科阳",
    "华新",
    "金鼎",
    "远航",
    "宏图",
    "天成",
    "鑫源",
    "海晨",
    "博创",
    "中瑞",
    "东升",
    "汇通",
    "永泰",
]
TRADES = ["精密机械", "智能装备", "新材料", "电子科技", "新能源", "光电", "汽车零部件", "生物医药", "食品"]


def sheet(rows: int, seed: int = 2026):
    rnd = random.Random(seed)
    header = [
        "序号",
        "企业名称*",
        "统一社会信用代码*",
        "所属园区",
        "行业代码",
        "成立日期",
        "注册资本(万元)",
        "从业人数",
        "规上企业",
        "联系人",
        "联系人手机",
    ]

    def data():
        for n in range(rows):
            name = f"江苏{rnd.choice(WORDS)}{rnd.choice(TRADES)}{n:05d}有限公司"
            yield [
                n + 1,
                name,
                make_uscc(f"91320924MA{n:07d}"),
                "射阳经济开发区",
                rnd.choice(["3491", "392", "34", "C"]),
                f"20{rnd.randint(0, 24):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                rnd.randint(50, 50000),
                rnd.randint(5, 3000),
                rnd.choice(["是", "否"]),
                "张经理",
                f"138{rnd.randint(0, 99999999):08d}",
            ]

    return write_xlsx(header, data(), title="射阳经济开发区企业名录")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    system = Actor.system("bench")
    region = services.create_unit(name=f"射阳县{time.time_ns()}", kind=UnitKind.REGION, parent=None, by=system)
    zone = services.create_unit(name="射阳经济开发区", kind=UnitKind.ZONE, parent=region, by=system)
    user = services.create_user(
        username=f"bench{time.time_ns()}",
        password="Bench#2026x",
        full_name="测试",
        unit=zone,
        role="service_officer",
        by=system,
    )
    officer = Actor(user=user, channel="web")
    Enterprise.objects.filter(uscc__startswith="91320924MA").delete()

    started = time.perf_counter()
    file = sheet(args.rows)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    result = import_enterprises(file, by=officer, default_zone=zone)
    imported = time.perf_counter() - started
    assert result.created == args.rows

    tracemalloc.start()
    started = time.perf_counter()
    out = export_enterprises(EnterpriseFilter(unit=zone.pk), by=officer)
    exported = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = out.seek(0, 2)

    figures = {
        "database": connection.vendor,
        "rows": args.rows,
        "sheet_generation_s": round(generated, 2),
        "import_s": round(imported, 2),
        "import_rows_per_s": round(args.rows / imported),
        "export_s": round(exported, 2),
        "export_peak_python_mb": round(peak / 2**20, 1),
        "export_file_mb": round(size / 2**20, 2),
        "python": sys.version.split()[0],
    }
    for key, value in figures.items():
        print(f"{key:>24}: {value}")
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / f"import_export-{connection.vendor}.json").write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
