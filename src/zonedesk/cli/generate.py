"""`zonedesk generate`: the tree, the people, enterprises and projects (demands and the rest in generate_service)."""

import time
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from zonedesk.common.models import Industry
from zonedesk.common.text import pinyin_initials
from zonedesk.common.uscc import make_uscc
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Event, Membership, Unit, UnitKind, User
from zonedesk.orgs.roles import Role
from zonedesk.projects.models import Project, StageMove
from zonedesk.projects.stages import DATE_FIELD, LIFE, Stage

from .generate_base import DEPARTMENTS, NAME_CORES, NAME_HEADS, NAME_TAILS, moment
from .generate_service import ServiceRecords


class Generator(ServiceRecords):
    # --- the tree and the people -------------------------------------------------------------------------------

    def units(self) -> None:
        size = self.size
        province = self._unit("江苏省（生成）" if self.scale == "province" else "盐城市（生成）", UnitKind.REGION, None)
        cities = (
            [province]
            if self.scale != "province"
            else [self._unit(f"第{n + 1}市", UnitKind.REGION, province) for n in range(size.cities)]
        )
        counties = [
            self._unit(f"{c.name}第{n + 1}县区", UnitKind.REGION, c)
            for c in cities
            for n in range(size.counties_per_city)
        ]
        self.top = province
        self.zones, self.departments = [], {}
        for n in range(size.zones):
            county = counties[n % len(counties)]
            zone = self._unit(f"{county.name}第{n + 1}开发区", UnitKind.ZONE, county)
            self.zones.append(zone)
            self.departments[zone.pk] = [self._unit(name, UnitKind.DEPARTMENT, zone) for name in DEPARTMENTS]
        password = make_password("Zone!Desk2026")
        users, memberships = [], []
        self.officers: dict[int, list[int]] = {}
        for zone in self.zones:
            for role, count in ((Role.LEADER, 1), (Role.INVESTMENT_OFFICER, 2), (Role.SERVICE_OFFICER, 2)):
                for k in range(count):
                    users.append(
                        (
                            User(
                                username=f"g{zone.pk}_{role[:4]}{k}",
                                full_name=f"{zone.name}{role}{k}",
                                password=password,
                            ),
                            zone,
                            role,
                        )
                    )
            for dept in self.departments[zone.pk]:
                users.append(
                    (
                        User(username=f"g{dept.pk}_hand", full_name=f"{dept.name}经办人", password=password),
                        dept,
                        Role.HANDLER,
                    )
                )
        users.append((User(username="g_supervisor", full_name="督查室", password=password), province, Role.SUPERVISOR))
        created = self._bulk(User, [u for u, _unit, _role in users])
        for user, (_u, unit, role) in zip(created, users, strict=True):
            memberships.append(Membership(user=user, unit=unit, role=role))
            if role in (Role.INVESTMENT_OFFICER, Role.SERVICE_OFFICER):
                self.officers.setdefault(unit.pk, []).append(user.pk)
            if role == Role.LEADER:
                self.officers.setdefault(-unit.pk, []).append(user.pk)
        self._bulk(Membership, memberships)
        self.counts["orgs.Unit"] = Unit.objects.count()

    def _unit(self, name: str, kind: str, parent: Unit | None) -> Unit:
        unit = Unit.objects.create(name=name, kind=kind, parent=parent)
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        return unit

    # --- enterprises --------------------------------------------------------------------------------------------

    def enterprises(self) -> None:
        rng = self.rng
        industries = list(Industry.objects.filter(level=Industry.Level.GROUP).values_list("code", flat=True))
        initials = {w: pinyin_initials(w) for w in NAME_HEADS + NAME_CORES + NAME_TAILS}
        self.enterprises_of: dict[int, list[int]] = {}
        rows, now = self.rows(Enterprise), timezone.now()
        for n in range(self.size.enterprises):
            zone = self.zones[n % len(self.zones)]
            head, core, tail = rng.choice(NAME_HEADS), rng.choice(NAME_CORES), rng.choice(NAME_TAILS)
            officers = self.officers[zone.pk]
            pk = rows.add(
                name=f"{zone.name[-6:-3]}{head}{core}{n:06d}{tail}",
                uscc=make_uscc(f"91320900{n:09d}"),
                unit_id=zone.pk,
                industry_id=rng.choice(industries) if industries else None,
                employees=rng.randint(10, 3000),
                registered_capital_wan=Decimal(rng.randint(50, 50000)),
                is_above_scale=rng.random() < 0.3,
                is_high_tech=rng.random() < 0.15,
                service_officer_id=officers[n % len(officers)],
                linked_leader_id=self.officers[-zone.pk][0],
                name_initials=f"{initials[head]}{initials[core]}{n:06d}{initials[tail]}",
                created_at=now,
            )
            self.enterprises_of.setdefault(zone.pk, []).append(pk)
            self.event("enterprise.created", self.types[Enterprise], pk, zone.pk, now, {}, pk)

    def projects(self) -> None:
        rng, now = self.rng, timezone.now()
        projects, moves = self.rows(Project), self.rows(StageMove)
        for n in range(self.size.projects):
            zone = self.zones[n % len(self.zones)]
            reach = rng.choices(range(len(LIFE)), weights=[20, 20, 20, 15, 15, 10])[0]
            dropped = reach < 3 and rng.random() < 0.15
            day, days = self._day(4), []
            for _stage in LIFE[: reach + 1]:
                days.append(min(day, self.today))
                day += timedelta(days=rng.randint(20, 200))
            amount = Decimal(rng.choice([3000, 8000, 12000, 30000, 60000, 120000, 250000]))
            stages = list(zip(LIFE, days, strict=False)) + ([(Stage.DROPPED, days[-1])] if dropped else [])
            pk = projects.add(
                name=f"{rng.choice(NAME_HEADS)}{rng.choice(NAME_CORES)}项目{n:06d}",
                unit_id=zone.pk,
                investor_name=f"{rng.choice(NAME_HEADS)}集团",
                investor_uscc=make_uscc(f"91310000{n:09d}"),
                stage=Stage.DROPPED if dropped else LIFE[reach],
                total_investment_wan=amount,
                total_investment_upper_wan=amount,
                investment_text=f"{amount}万元",
                officer_id=self.officers[zone.pk][n % 2],
                last_moved_at=moment(days[-1], rng),
                created_at=now,
                dropped_from=LIFE[reach] if dropped else "",
                **{DATE_FIELD[s]: d for s, d in stages},
            )
            previous = ""
            for stage, on in stages:
                event = self.event("project.moved", self.types[Project], pk, zone.pk, moment(on, rng), {"stage": stage})
                signed = amount if stage == Stage.SIGNED else None
                moves.add(
                    project_id=pk,
                    unit_id=zone.pk,
                    from_stage=previous,
                    to_stage=stage,
                    on=on,
                    investment_wan=signed,
                    event_id=event,
                )
                previous = stage

    def run(self) -> dict:
        """Generate everything in order, one transaction per part; returns the counts, seconds and database size."""
        started = time.perf_counter()
        for part in (self.units, self.enterprises, self.projects, self.demands, self.visits, self.task_forces):
            begun = time.perf_counter()
            with transaction.atomic():
                self.events = self.rows(Event)
                part()
                self.done()
            self.echo(f"{part.__name__}: {time.perf_counter() - begun:.1f} s")
        begun = time.perf_counter()
        analyze()
        self.echo(f"analyze: {time.perf_counter() - begun:.1f} s")
        return {
            "scale": self.scale,
            "seconds": round(time.perf_counter() - started, 1),
            "rows": self.counts,
            "database_bytes": database_bytes(),
        }


def analyze() -> None:
    """On PostgreSQL, refresh the planner's statistics after the bulk load: without them it plans the first queries
    on empty tables' estimates (a city dashboard took 830 ms instead of 400 until autovacuum caught up). Not on
    SQLite: with sqlite_stat1 its planner picks worse plans for a zone's pages (zone dashboard 134 -> 285 ms)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def database_bytes() -> int | None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            return pages * cursor.fetchone()[0]
    return None
