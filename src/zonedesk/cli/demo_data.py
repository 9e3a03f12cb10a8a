"""The demo data of `zonedesk demo`: the zones, towns and enterprises of the articles, loaded once.

Written as the system actor "demo": units, users and the articles' enterprises through the services, the
~1,500 generated ones in bulk with one "enterprise.created" Event each. The generator is deterministic
(random.Random(2026)), which is also what lets an interrupted load resume.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from zonedesk.common.models import Industry
from zonedesk.common.text import pinyin_initials
from zonedesk.common.uscc import make_uscc
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.enterprises.services import EDITABLE, contact_snapshot, create_enterprise
from zonedesk.orgs.audit import Actor, build_event, record, snapshot
from zonedesk.orgs.models import Event, Membership, Unit, UnitKind, User
from zonedesk.orgs.roles import Role
from zonedesk.orgs.services import add_membership, create_unit, create_user

from .demo_tables import (
    BRAND_CHARS,
    CAPITAL_STEPS,
    CONTACT_TITLES,
    ENTERPRISE_OF_LOGIN,
    GIVEN,
    INDUSTRY_WORDS,
    LOGINS,
    MANUFACTURING,
    MOBILE_PREFIXES,
    NAMED,
    PREFERRED,
    REGION_ROWS,
    REGIONS,
    SURNAMES,
    USCC_CHARS,
    ZONE_CHILDREN,
    ZONE_ROWS,
    ZONES,
)

PASSWORD = "Zone!Desk2026"
STARTED, LOADED = "demo.started", "demo.loaded"
SEED = 2026
BATCH = 500


class DemoRefused(Exception):
    """The database already holds data that is not the demo's: the demo is not mixed into it."""


def _org_code(body8: str) -> str:
    """A 9-character organisation code (GB 11714): 8 characters and their check character."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


class _Generator:
    """Deterministic people, codes and names; remembers what it handed out so nothing repeats."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.codes: set[str] = set()

    def person(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def established(self) -> date:
        return date(2003, 1, 1) + timedelta(days=self.rng.randrange(8000))

    def uscc(self, division: str, established: date) -> str:
        """91 (工商, 企业) + division code + organisation code (MA… for codes issued since 2015-10)."""
        while True:
            if established >= date(2015, 10, 1):
                body8 = "MA" + "".join(self.rng.choice(USCC_CHARS) for _ in range(6))
            else:
                body8 = f"{self.rng.randrange(10**8):08d}"
            code = make_uscc("91" + division + _org_code(body8))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def company(self, prefixes: list[str], words: list[str]) -> tuple[str, str]:
        """A new name such as 江苏瑞丰精密机械有限公司, and its industry word."""
        while True:
            word = self.rng.choice(words)
            prefix = prefixes[0] if self.rng.random() < 0.6 else self.rng.choice(prefixes[1:])
            name = f"{prefix}{''.join(self.rng.sample(BRAND_CHARS, 2))}{word}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name, word

    def size(self) -> tuple[int, Decimal, bool, bool, bool]:
        """Employees, registered capital and the flags 规上 (~30%), 高新 (~15%), 专精特新 (~5%)."""
        rng = self.rng
        employees = int(10 * 200 ** (rng.random() ** 1.6))  # 10–2000, most of them small
        step = int(employees**0.5 / 3.2) + rng.randrange(-2, 3)
        capital = Decimal(CAPITAL_STEPS[min(len(CAPITAL_STEPS) - 1, max(0, step))]).quantize(Decimal("0.01"))
        above = rng.random() < (0.8 if employees >= 300 else 0.35 if employees >= 100 else 0.08)
        high_tech = rng.random() < (0.25 if above else 0.10)
        specialised = rng.random() < (0.12 if above else 0.02)
        return employees, capital, above, high_tech, specialised

    def address(self, zone_key: str) -> str:
        """Province, region and zone, a road of the zone and a number."""
        zone, region = ZONE_ROWS[zone_key], REGION_ROWS[ZONE_ROWS[zone_key][3]]
        road = self.rng.choice(zone[6].split(","))
        return f"{REGION_ROWS[region[3]][1]}{region[1]}{zone[1]}{road}{self.rng.randrange(1, 299)}号"


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message if message.endswith("\n") else message + "\n")


def logins() -> list[tuple[str, str, str]]:
    """The demo logins as (role label, username, password); the label names the unit too."""
    short = {row[0]: row[2] for row in REGIONS + ZONES}
    out = []
    for username, role, unit_key, _full_name, _mobile in LOGINS:
        key, _slash, department = unit_key.partition("/")
        where = short[key] + (f"·{department}" if department else "")
        out.append((f"{Role(role).label}（{where}）", username, PASSWORD))
    return out


def load_demo(stdout=None) -> list[tuple[str, str, str]]:
    """Create the demo data once (later calls change nothing) and return the demo logins.

    Refuses (DemoRefused) to mix the demo into a database holding units or enterprises it did not
    create. An interrupted load resumes: every step skips what already exists.
    """
    if Event.objects.filter(verb=LOADED).exists():
        _say(stdout, "演示数据已存在，未做改动。")
        return logins()
    by = Actor.system("demo")
    if not Event.objects.filter(verb=STARTED).exists():
        if Unit.objects.exists() or Enterprise.objects.exists():
            raise DemoRefused(
                "该数据库中已有非演示数据（单位或企业），演示数据不会混入其中。"
                "请把 ZONEDESK_DATA_DIR 指向一个新的空文件夹后再运行。"
            )
        record(by, STARTED, None)
    wanted = {*INDUSTRY_WORDS.values(), *(row[2] for row in NAMED)}
    if missing := wanted - set(Industry.objects.filter(code__in=wanted).values_list("code", flat=True)):
        raise RuntimeError(f"GB/T 4754-2017 codes missing from the industry table: {sorted(missing)}")
    gen = _Generator()
    _say(stdout, "创建单位…")
    units = _load_units(by)
    _say(stdout, "创建演示账号…")
    users = {name: _user(by, units, name) for name, role, *_rest in LOGINS if role != Role.ENTERPRISE}
    _say(stdout, "登记文章中的企业…")
    named = _load_named(by, gen, units, users)
    users["enterprise"] = _user(by, units, "enterprise", enterprise=named[ENTERPRISE_OF_LOGIN])
    _say(stdout, "生成各园区企业…")
    total = len(named) + _load_generated(by, gen, units, users)
    record(by, LOADED, None, unit=units["js"], after={"units": len(units), "users": len(users), "enterprises": total})
    _say(stdout, f"演示数据已加载：{len(units)} 个单位，{len(users)} 个账号，{total} 家企业。")
    return logins()


def _unit(by: Actor, name: str, kind: str, parent: Unit | None, short_name: str = "") -> Unit:
    existing = Unit.objects.filter(parent=parent, name=name).first()
    return existing or create_unit(name=name, kind=kind, parent=parent, by=by, short_name=short_name)


def _load_units(by: Actor) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for key, name, short, parent, _division in REGIONS:
        units[key] = _unit(by, name, UnitKind.REGION, units.get(parent), short)
    for key, name, short, region, *_rest in ZONES:
        zone = units[key] = _unit(by, name, UnitKind.ZONE, units[region], short)
        departments, branches = ZONE_CHILDREN.get(key, ([], []))
        for department in departments:
            units[f"{key}/{department}"] = _unit(by, department, UnitKind.DEPARTMENT, zone)
        for branch in branches:
            units[f"{key}/{branch}"] = _unit(by, branch, UnitKind.BRANCH, zone, branch.removeprefix("沛县驻"))
    return units


def _user(by: Actor, units: dict[str, Unit], username: str, enterprise: Enterprise | None = None) -> User:
    _name, role, unit_key, full_name, mobile = next(row for row in LOGINS if row[0] == username)
    unit = units[unit_key]
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        return create_user(
            username=username,
            password=PASSWORD,
            full_name=full_name,
            unit=unit,
            role=role,
            by=by,
            mobile=mobile,
            enterprise=enterprise,
        )
    if not Membership.objects.filter(user=user, unit=unit, role=role).exists():
        add_membership(user, unit=unit, role=role, by=by)
    return user


def _division(zone_key: str) -> str:
    return REGION_ROWS[ZONE_ROWS[zone_key][3]][4]


def _officers(zone_key: str, users: dict[str, User]) -> tuple[User | None, User | None]:
    """The demo leader and service officer linked to enterprises of the zone (射阳; 赣榆's officer)."""
    return {"sy": (users["leader"], users["service"]), "gy": (None, users["ganyu_officer"])}.get(zone_key, (None, None))


def _load_named(by: Actor, gen: _Generator, units, users) -> dict[str, Enterprise]:
    out = {}
    for zone_key, name, industry, employees, capital, flags, established, titles in NAMED:
        gen.names.add(name)
        established = date.fromisoformat(established)
        code = gen.uscc(_division(zone_key), established)
        people = [(gen.person(), title, gen.mobile()) for title in titles.split(",")]
        legal, address = gen.person(), gen.address(zone_key)
        existing = Enterprise.objects.filter(uscc=code).first()
        if existing is not None:
            out[name] = existing
            continue
        leader, officer = _officers(zone_key, users)
        out[name] = create_enterprise(
            {
                "name": name,
                "uscc": code,
                "unit": units[zone_key],
                "industry": industry,
                "legal_representative": legal,
                "address": address,
                "established_on": established,
                "registered_capital_wan": Decimal(capital).quantize(Decimal("0.01")),
                "employees": int(employees),
                "is_above_scale": "规" in flags,
                "is_high_tech": "高" in flags,
                "is_specialized": "专" in flags,
                "linked_leader": leader,
                "service_officer": officer,
            },
            by=by,
        )
        # enterprises.services.add_contact cannot act as the system (it reads visible_to(None)): bulk it.
        _bulk_contacts(by, [(out[name], people)])
    return out


def _load_generated(by: Actor, gen: _Generator, units, users) -> int:
    """The bulk of each zone's register; returns how many enterprises were created."""
    planned: list[tuple[Enterprise, list[tuple[str, str, str]]]] = []
    for zone_key, _name, _short, _region, count, prefixes, *_rest in ZONES:
        division, (leader, officer) = _division(zone_key), _officers(zone_key, users)
        preferred = PREFERRED.get(zone_key, "").split()
        for _ in range(int(count)):
            own = zone_key == "jhlw" or gen.rng.random() < 0.65
            name, word = gen.company(prefixes.split(","), preferred if own else MANUFACTURING)
            established = gen.established()
            employees, capital, above, high_tech, specialised = gen.size()
            enterprise = Enterprise(
                name=name,
                uscc=gen.uscc(division, established),
                unit=units[zone_key],
                industry_id=INDUSTRY_WORDS[word],
                legal_representative=gen.person(),
                address=gen.address(zone_key),
                established_on=established,
                registered_capital_wan=capital,
                employees=employees,
                is_above_scale=above,
                is_high_tech=high_tech,
                is_specialized=specialised,
                linked_leader=leader if leader and above and gen.rng.random() < 0.5 else None,
                service_officer=officer if officer and gen.rng.random() < 0.4 else None,
                name_initials=pinyin_initials(name),
            )
            planned.append((enterprise, [(gen.person(), gen.rng.choice(CONTACT_TITLES), gen.mobile())]))
    taken = set(Enterprise.objects.filter(uscc__in=[e.uscc for e, _ in planned]).values_list("uscc", flat=True))
    planned = [(e, people) for e, people in planned if e.uscc not in taken]
    if planned:
        _bulk_enterprises(by, planned)
    return len(planned)


@transaction.atomic
def _bulk_enterprises(by: Actor, planned: list[tuple[Enterprise, list[tuple[str, str, str]]]]) -> None:
    enterprises = [e for e, _ in planned]
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35; re-read to be certain on both.
    pks = dict(Enterprise.objects.filter(uscc__in=[e.uscc for e in enterprises]).values_list("uscc", "pk"))
    for enterprise in enterprises:
        enterprise.pk = pks[enterprise.uscc]
    Event.objects.bulk_create(
        [build_event(by, "enterprise.created", e, after=snapshot(e, EDITABLE)) for e in enterprises],
        batch_size=BATCH,
    )
    _bulk_contacts(by, planned)


@transaction.atomic
def _bulk_contacts(by: Actor, rows: list[tuple[Enterprise, list[tuple[str, str, str]]]]) -> None:
    """Contacts (the first one primary) with the Event add_contact writes for each."""
    contacts = [
        Contact(enterprise=enterprise, name=name, title=title, mobile=mobile, is_primary=i == 0)
        for enterprise, people in rows
        for i, (name, title, mobile) in enumerate(people)
    ]
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    verb = "enterprise.contact_added"
    events = [build_event(by, verb, c, after=contact_snapshot(c)) for c in contacts]
    Event.objects.bulk_create(events, batch_size=BATCH)
