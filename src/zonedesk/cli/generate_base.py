"""`zonedesk generate --scale zone|city|province`: a realistic, seeded, repeatable data set for benchmarks.

Writes through bulk inserts in batches (never one save per row): units and users, enterprises with valid USCCs,
projects over every stage and year with their stage moves, demands in every state with their moves, visits with
findings, task forces with milestones, tasks and weekly reports, and the Events all of that implies (every move
points at its Event, as the services would have written it). The same seed gives the same data.
"""

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from zonedesk.demands.models import Demand
from zonedesk.demands.states import State
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Unit
from zonedesk.projects.models import Project

ZONE = ZoneInfo("Asia/Shanghai")
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    cities: int
    counties_per_city: int
    zones: int
    enterprises: int
    projects: int
    demands: int
    visits: int
    task_forces: int


SCALES = {
    "zone": Scale(1, 1, 1, 2_000, 500, 5_000, 1_000, 50),
    "city": Scale(1, 5, 30, 30_000, 10_000, 100_000, 20_000, 500),
    "province": Scale(13, 3, 150, 300_000, 100_000, 1_000_000, 200_000, 5_000),
}
DEPARTMENTS = ["自然资源和规划分局", "行政审批局", "人力资源和社会保障局", "住房和城乡建设局", "生态环境分局"]
NAME_HEADS = [
    "国阳",
    "华瑞",
    "德润",
    "海工",
    "金泰",
    "恒通",
    "苏能",
    "远景",
    "天合",
    "中鼎",
    "博越",
    "新澜",
    "鑫达",
    "源康",
]
NAME_CORES = ["智能", "新材料", "精密", "电子", "动力", "装备", "生物", "光电", "环保", "汽车零部件", "纺织", "食品"]
NAME_TAILS = ["科技有限公司", "制造有限公司", "股份有限公司", "实业有限公司"]
DEMAND_TITLES = [
    "招工难，普工缺口较大",
    "用电增容申请",
    "土地证办理进度",
    "流动资金贷款需求",
    "厂区门前道路破损",
    "物流成本高",
    "环评审批加快",
    "人才公寓申请",
    "天然气管网接入",
    "消防验收",
    "专精特新申报辅导",
]
STATE_MIX = [  # (final state, share)
    (State.SUBMITTED, 4),
    (State.RETURNED, 2),
    (State.REJECTED, 3),
    (State.ACCEPTED, 3),
    (State.ASSIGNED, 16),
    (State.RESOLVED, 7),
    (State.CONFIRMED, 62),
    (State.REOPENED, 3),
]
PATHS = {
    State.SUBMITTED: [State.SUBMITTED],
    State.RETURNED: [State.SUBMITTED, State.RETURNED],
    State.REJECTED: [State.SUBMITTED, State.REJECTED],
    State.ACCEPTED: [State.SUBMITTED, State.ACCEPTED],
    State.ASSIGNED: [State.SUBMITTED, State.ACCEPTED, State.ASSIGNED],
    State.RESOLVED: [State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.RESOLVED],
    State.CONFIRMED: [State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.RESOLVED, State.CONFIRMED],
    State.REOPENED: [State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.RESOLVED, State.REOPENED],
}


def moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=ZONE)


class Rows:
    """Rows of one table written straight to the database — COPY on PostgreSQL, executemany on SQLite — with ids
    given here, so that other rows can point at them before they are written. Values are keyword arguments by field
    name (`unit_id` for a key); the fields' defaults fill the rest."""

    def __init__(self, model) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.json = {f.attname for f in self.fields if f.get_internal_type() == "JSONField"}
        self.next_id = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, **values) -> int:
        pk, self.next_id = self.next_id, self.next_id + 1
        merged = {**self.defaults, **values}
        for key in self.json:
            merged[key] = json.dumps(merged[key], ensure_ascii=False, default=str)
        self.rows.append((pk, *(merged[f.attname] for f in self.fields)))
        if len(self.rows) >= BATCH * 4:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in ["id", *(f.column for f in self.fields)])
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * (len(self.fields) + 1))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", [_sqlite(r) for r in self.rows])
        self.written += len(self.rows)
        self.rows = []

    def finish(self) -> int:
        """Write what is left and move PostgreSQL's id sequence past the ids given here."""
        self.flush()
        if connection.vendor == "postgresql":
            table = self.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        return self.written


def _sqlite(row: tuple) -> tuple:
    out = []
    for value in row:
        if isinstance(value, datetime):
            value = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        out.append(value)
    return tuple(out)


class GeneratorBase:
    def __init__(self, scale: str, seed: int = 2026, today: date | None = None, echo=print, size: Scale | None = None):
        self.scale, self.size = scale, size or SCALES[scale]
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.echo = echo
        self.counts: dict[str, int] = {}
        self.writers: list[Rows] = []
        self.types = {m: ContentType.objects.get_for_model(m) for m in (Enterprise, Project, Demand, Unit)}

    # --- helpers ---------------------------------------------------------------------------------------------

    def rows(self, model) -> Rows:
        """A writer for one table; finish() it (done by done()) when the part is over."""
        writer = Rows(model)
        self.writers.append(writer)
        return writer

    def done(self) -> None:
        for writer in self.writers:
            label = writer.model._meta.label
            self.counts[label] = self.counts.get(label, 0) + writer.finish()
        self.writers = []

    def _bulk(self, model, rows: list) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)
        return created

    def event(self, verb: str, obj_type, obj_id, unit_id, at: datetime, after: dict, enterprise_id=None) -> int:
        """An Event row written through the part's Event writer; returns its id."""
        return self.events.add(
            at=at,
            actor_label="system:generate",
            channel="system",
            verb=verb,
            object_type_id=obj_type.pk,
            object_id=str(obj_id),
            object_repr="",
            unit_id=unit_id,
            enterprise_id=enterprise_id,
            after=after,
        )

    def _day(self, years_back: float = 2.0) -> date:
        return self.today - timedelta(days=self.rng.randint(1, int(365 * years_back)))
