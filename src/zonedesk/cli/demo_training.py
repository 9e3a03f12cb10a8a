"""The demo's staff learning (学习型管委会): the yearly hour targets of 嘉明 (the article: 理论学习培训不少于120学时，
实践学习培训不少于30学时) and of 射阳 (100 + 24, its 招商局 with more practice: 100 + 40), and this year's training
ledgers of 射阳's demo logins, five more 射阳 staff and four of 嘉明, some ahead of schedule, some behind, one with
nothing recorded yet, one wrong record voided, and a leader's records for a colleague.

Everything goes through the training services, as the people themselves (the leader for a colleague); the records'
times and Events are then dated on the day of the session.
"""

import random
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from django.db.models import Sum
from django.utils import timezone

from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.audit_guard import rewrite_events
from zonedesk.orgs.models import Event, Unit, User
from zonedesk.orgs.roles import Role
from zonedesk.orgs.services import create_user
from zonedesk.training import services
from zonedesk.training.models import Kind, TrainingRecord, staff_memberships
from zonedesk.training.targets import ancestor_ids

from .demo_data import PASSWORD
from .demo_demand_moves import at
from .demo_visits import zone_units

LOADED = "demo.training_loaded"
SEED = 202612
# zone key, department ("" for the zone itself): theory, practice hours a year, note
TARGETS = [
    ("jm", "", 120, 30, "全体在岗人员每年理论学习培训不少于120学时，实践学习培训不少于30学时"),
    ("sy", "", 100, 24, "经开区干部职工年度学习计划"),
    ("sy", "招商局", 100, 40, "招商人员实践锻炼另加招商小分队外出"),
]
# More staff: username, full name, mobile, zone key, department ("" for the zone), role
STAFF = [
    ("sy_jf_sun", "孙志刚", "13951020001", "sy", "经济发展局", Role.HANDLER),
    ("sy_jf_gu", "顾晓梅", "13951020002", "sy", "经济发展局", Role.HANDLER),
    ("sy_zs_ji", "季海军", "13951020003", "sy", "招商局", Role.INVESTMENT_OFFICER),
    ("sy_qf_miao", "缪婷婷", "13951020004", "sy", "企业服务局", Role.SERVICE_OFFICER),
    ("sy_rs_zhu", "朱建华", "13951020005", "sy", "人力资源和社会保障局", Role.HANDLER),
    ("jm_leader", "马立新", "13951020011", "jm", "", Role.LEADER),
    ("jm_service", "王晓东", "13951020012", "jm", "", Role.SERVICE_OFFICER),
    ("jm_investment", "李娜", "13951020013", "jm", "", Role.INVESTMENT_OFFICER),
    ("jm_admin", "赵鹏", "13951020014", "jm", "", Role.ADMIN),
]
# username: share of the pro-rata hours due by today each person has done (theory, practice); above about 1.1 the
# year's target is met by December, below 1 the person is behind schedule.
PACE = {
    "leader": (1.12, 1.2),
    "investment": (1.0, 1.3),
    "pm": (0.75, 0.9),
    "service": (1.04, 1.1),
    "handler": (0.6, 0.5),
    "admin": (1.2, 1.15),
    "safety": (0.95, 0.0),
    "sy_jf_sun": (1.02, 1.0),
    "sy_jf_gu": (0.85, 1.1),
    "sy_zs_ji": (1.0, 1.25),
    "sy_qf_miao": (1.1, 0.7),
    "sy_rs_zhu": (0.0, 0.0),  # joined in the autumn: nothing recorded yet
    "jm_leader": (1.15, 1.2),
    "jm_service": (1.0, 1.05),
    "jm_investment": (0.7, 0.8),
    "jm_admin": (1.05, 0.6),
}
# title, organiser, hours of one session
THEORY = [
    ("党的二十届三中全会精神专题学习", "党工委理论学习中心组", ["3", "4"]),
    ("招商引资政策解读", "招商局", ["2", "2.5"]),
    ("安全生产法培训", "县应急管理局", ["3"]),
    ("营商环境优化专题讲座", "管委会办公室", ["2", "3"]),
    ("《优化营商环境条例》学习", "党支部", ["2"]),
    ("产业链精准招商专题培训", "招商局", ["3", "4"]),
    ("项目建设全周期管理培训", "经济发展局", ["2.5", "3"]),
    ("企业服务“店小二”业务培训", "企业服务局", ["2", "3"]),
    ("国土空间规划与用地政策解读", "自然资源和规划分局", ["2"]),
    ("党史学习教育专题党课", "机关党支部", ["2", "3"]),
    ("“一网通办”政务服务能力提升培训", "行政审批局", ["2.5"]),
    ("县委党校中青年干部专题培训", "县委党校", ["6", "8"]),
]
JM_THEORY = [("聊城大学干部能力提升专题培训", "聊城大学", ["4", "6"])]
PRACTICE = [
    ("驻企服务", "企业服务局", ["4", "6", "8"]),
    ("重大项目一线跟班", "项目专班", ["6", "8"]),
    ("招商小分队外出", "招商局", ["8"]),
    ("“三进三访”走访企业", "管委会办公室", ["4"]),
    ("项目现场帮办代办", "行政审批局", ["4", "6"]),
    ("安全生产联合检查", "安监局", ["4"]),
]


class _Loader:
    def __init__(self, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.first = date(today.year, 1, 1)
        self.elapsed = (today - self.first).days + 1
        self.days = (date(today.year, 12, 31) - self.first).days + 1
        self.dated: list[tuple[int, date]] = []  # record pk, day of the session

    def day(self, i: int, n: int) -> date:
        """The i-th of n sessions spread over the year so far, on a working day, never after today."""
        offset = int((i + self.rng.uniform(0.15, 0.85)) * self.elapsed / n)
        day = self.first + timedelta(days=min(offset, self.elapsed - 1))
        while day.weekday() >= 5 and day > self.first:
            day -= timedelta(days=1)
        return min(day, self.today)

    def sessions(self, by: Actor, person: User, kind: str, goal: Decimal, catalogue) -> None:
        """Record sessions of `kind` for `person` until their hours reach `goal`."""
        picked, total = [], Decimal(0)
        while total < goal:
            title, organiser, hours = self.rng.choice(catalogue)
            amount, left = Decimal(self.rng.choice(hours)), goal - total
            if amount > left:  # the last session: the shortest of its usual lengths that reaches the goal
                amount = min((Decimal(h) for h in hours if Decimal(h) >= left), default=amount)
            picked.append((title, organiser, amount))
            total += amount
        for i, (title, organiser, amount) in enumerate(picked):
            self.add(by, person, self.day(i, len(picked)), title, kind, amount, organiser)

    def add(self, by: Actor, person: User, day: date, title: str, kind: str, hours, organiser: str, note: str = ""):
        row = services.record_training(
            by, user=person, on=day, title=title, kind=kind, hours=hours, organiser=organiser, note=note
        )
        self.dated.append((row.pk, day))
        return row

    def date_rows(self) -> None:
        """The records and their Events on the day of the session, at the end of the working day."""
        rows = {pk: day for pk, day in self.dated}
        records = list(TrainingRecord.objects.filter(pk__in=rows))
        for row in records:
            row.created_at = at(rows[row.pk], 17)
        TrainingRecord.objects.bulk_update(records, ["created_at"], batch_size=500)
        events = list(Event.objects.filter(verb="training.recorded", object_id__in=[str(pk) for pk in rows]))
        for event in events:
            event.at = at(rows[int(event.object_id)], 17)
        rewrite_events(events, ["at"], batch_size=500)


def _half_up(hours: Decimal) -> Decimal:
    """Hours rounded up to the next half hour (a pace of 1 is then never below the share due)."""
    return (hours * 2).to_integral_value(rounding=ROUND_CEILING) / 2


def _people(by: Actor, zones: dict[str, Unit]) -> dict[str, User]:
    people = {u.username: u for u in User.objects.filter(username__in=PACE)}
    for username, full_name, mobile, key, department, role in STAFF:
        if username in people:
            continue
        unit = zones[key] if not department else Unit.objects.get(parent=zones[key], name=department)
        people[username] = create_user(
            username=username, password=PASSWORD, full_name=full_name, unit=unit, role=role, by=by, mobile=mobile
        )
    return people


def load_training(stdout=None) -> None:
    """Load the demo's training once (later calls change nothing)."""
    if Event.objects.filter(verb=LOADED).exists():
        return
    system, today = Actor.system("demo"), timezone.localdate()
    zones = zone_units()
    people = _people(system, zones)
    setters = {"sy": Actor(user=people["admin"]), "jm": Actor(user=people["jm_leader"])}
    targets = {}
    for key, department, theory, practice, note in TARGETS:
        unit = zones[key] if not department else Unit.objects.get(parent=zones[key], name=department)
        targets[unit.pk] = services.set_target(
            setters[key], unit=unit, year=today.year, theory_hours=theory, practice_hours=practice, note=note
        )
    loader = _Loader(random.Random(SEED), today)
    share = Decimal(loader.elapsed) / loader.days
    for username, (theory_pace, practice_pace) in PACE.items():
        person = people[username]
        by = Actor(user=person)
        unit = staff_memberships(person)[0].unit
        target = next(targets[pk] for pk in ancestor_ids(unit) if pk in targets)
        catalogue = THEORY + (JM_THEORY if unit.path.startswith(zones["jm"].path) else [])
        theory = _half_up(target.theory_hours * share * Decimal(str(theory_pace)))
        practice = _half_up(target.practice_hours * share * Decimal(str(practice_pace)))
        loader.sessions(by, person, Kind.THEORY, theory, catalogue)
        if username == "handler":  # the leader records the handler's days with a project task force
            leader = Actor(user=people["leader"])
            for i in range(2):
                day = loader.day(i + 1, 3)
                loader.add(leader, person, day, "重大项目一线跟班", Kind.PRACTICE, 8, "项目专班", "领导带队，代为登记")
            practice = max(practice - 16, Decimal(0))
        loader.sessions(by, person, Kind.PRACTICE, practice, PRACTICE)
    # A wrong record, voided by its owner and entered again.
    pm = Actor(user=people["pm"])
    day = loader.day(5, 9)
    wrong = loader.add(pm, people["pm"], day, "安全生产法培训", Kind.THEORY, 12, "县应急管理局")
    services.void_record(pm, wrong, version=wrong.version, reason="学时录入错误（应为3学时），已重新登记")
    loader.add(pm, people["pm"], day, "安全生产法培训", Kind.THEORY, 3, "县应急管理局")
    loader.date_rows()
    counted = TrainingRecord.objects.counted()
    hours = {r["kind"]: r["total"] for r in counted.values("kind").annotate(total=Sum("hours")).order_by()}
    after = {"people": len(PACE), "records": TrainingRecord.objects.count(), "targets": len(TARGETS)}
    record(system, LOADED, None, unit=zones["sy"].parent, after=after)
    if stdout is not None:
        stdout.write(
            f"演示学习培训数据已加载：嘉明、射阳两个园区的年度学时目标，{len(PACE)} 名干部职工"
            f" {after['records']} 条培训记录（理论学习 {hours.get(Kind.THEORY, 0):g} 学时，"
            f"实践锻炼 {hours.get(Kind.PRACTICE, 0):g} 学时，1 条已作废）。\n"
        )
