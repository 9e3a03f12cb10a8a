"""A small fixed county for assessment: zones A and B (with a department each, and a branch office under A),
projects moved in and outside 2026 Q3, demands resolved on time / late / still overdue, task forces with
responsibility items and weekly reports — every record dated by the services on a fixed "today".

The hand-computed values of 2026 Q3 (today 2026-10-15) are in EXPECTED at the bottom of this module."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.demands import services as demand_services
from zonedesk.demands.models import DemandCategory
from zonedesk.demands.states import Outcome
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind
from zonedesk.projects import services as project_services
from zonedesk.projects.stages import Stage
from zonedesk.taskforces import services as tf_services
from zonedesk.taskforces.models import WeeklyReport

from ..factories import EnterpriseFactory, MembershipFactory, UnitFactory, UserFactory

TODAY = date(2026, 10, 15)
Q3 = date(2026, 7, 1)
Q2 = date(2026, 4, 1)


def actor_of(unit, role: str, username: str, **user_fields) -> Actor:
    user = UserFactory(username=username, **user_fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return Actor(user=user, ip="10.0.0.9", channel="web")


@pytest.fixture
def on_day(monkeypatch):
    """Make `timezone.localdate()` answer a fixed day (every service dates its rows with it)."""

    def fix(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


@pytest.fixture
def system() -> Actor:
    return Actor.system("test")


@pytest.fixture
def department_b(zone_b):
    return UnitFactory(name="海河镇经发局", kind=UnitKind.DEPARTMENT, parent=zone_b)


@pytest.fixture
def county_leader(county) -> Actor:
    return actor_of(county, "leader", "county_leader")


@pytest.fixture
def county_admin(county) -> Actor:
    return actor_of(county, "admin", "county_admin")


@pytest.fixture
def pm_b(zone_b) -> Actor:
    return actor_of(zone_b, "project_manager", "pm_b")


@dataclass
class Records:
    """The data set, by the names the tests and EXPECTED use."""

    units: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    demands: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)
    task_forces: dict = field(default_factory=dict)

    def subject_pk(self, name: str) -> int:
        if name in self.units:
            return self.units[name].pk
        return self.people[name].user.pk


def _project(by: Actor, unit, name: str, moves: list[tuple[str, date]], amount: int, on_day) -> object:
    on_day(TODAY)
    project = project_services.create_project({"name": name, "unit": unit, "lead_on": moves[0][1]}, by=by)
    for stage, day in moves[1:]:
        extra = {"contracted_investment": Decimal(amount)} if stage == Stage.SIGNED else {}
        project = project_services.advance_stage(project, stage, by=by, on=day, **extra)
    return project


def _demand(
    on_day,
    staff,
    handler,
    ent,
    ent_user,
    department,
    category,
    *,
    assigned,
    deadline,
    resolved=None,
    outcome=Outcome.SOLVED,
    confirmed=None,
    score=None,
):
    on_day(assigned)
    d = demand_services.submit_demand(staff, ent, category=category, title=f"诉求{ent.pk}-{assigned}-{deadline}")
    d = demand_services.accept(staff, d)
    d = demand_services.assign(staff, d, department, deadline=deadline)
    if resolved:
        on_day(resolved)
        d = demand_services.resolve(handler, d, outcome, "已办结")
    if confirmed:
        on_day(confirmed)
        d = demand_services.confirm(ent_user, d, score)
    return d


@pytest.fixture
def records(
    on_day,
    county,
    zone_a,
    zone_b,
    department_a,
    department_b,
    branch_a,
    officer_a,
    officer_b,
    investment_a,
    investment_b,
    handler,
    pm_a,
    pm_b,
    county_leader,
    leader,
):
    r = Records()
    r.units = {"zone_a": zone_a, "zone_b": zone_b, "department_a": department_a, "department_b": department_b}
    r.people = {
        "officer_a": officer_a,
        "officer_b": officer_b,
        "investment_a": investment_a,
        "investment_b": investment_b,
        "handler": handler,
        "pm_a": pm_a,
        "pm_b": pm_b,
    }
    # --- projects ------------------------------------------------------------------------------------------
    d = date
    r.projects["P1"] = _project(
        investment_a,
        zone_a,
        "国阳智能装备",
        [
            ("lead", d(2026, 5, 1)),
            (Stage.NEGOTIATING, d(2026, 6, 1)),
            (Stage.SIGNED, d(2026, 8, 10)),
            (Stage.STARTED, d(2026, 9, 5)),
        ],
        50000,
        on_day,
    )
    r.projects["P2"] = _project(
        investment_a,
        branch_a,
        "长三角精密部件",
        [("lead", d(2026, 5, 1)), (Stage.NEGOTIATING, d(2026, 6, 1)), (Stage.SIGNED, d(2026, 7, 20))],
        8000,
        on_day,
    )
    r.projects["P3"] = _project(
        investment_a,
        zone_a,
        "科阳5G通信",
        [
            ("lead", d(2026, 4, 1)),
            (Stage.NEGOTIATING, d(2026, 5, 1)),
            (Stage.SIGNED, d(2026, 6, 20)),
            (Stage.STARTED, d(2026, 7, 15)),
            (Stage.PRODUCING, d(2026, 9, 20)),
        ],
        20000,
        on_day,
    )
    r.projects["P4"] = _project(
        investment_b,
        zone_b,
        "海河新材料",
        [("lead", d(2026, 5, 1)), (Stage.NEGOTIATING, d(2026, 6, 1)), (Stage.SIGNED, d(2026, 9, 30))],
        10000,
        on_day,
    )
    r.projects["P5"] = _project(
        investment_b,
        zone_b,
        "海河光伏",
        [("lead", d(2026, 5, 1)), (Stage.NEGOTIATING, d(2026, 6, 1)), (Stage.SIGNED, d(2026, 8, 1))],
        30000,
        on_day,
    )
    on_day(TODAY)
    r.projects["P5"] = project_services.move_back(r.projects["P5"], reason="合同未生效", by=county_leader)
    r.projects["P6"] = _project(
        investment_b,
        zone_b,
        "海河物流园",
        [("lead", d(2026, 5, 1)), (Stage.NEGOTIATING, d(2026, 6, 1)), (Stage.SIGNED, d(2026, 10, 2))],
        15000,
        on_day,
    )
    r.projects["P7"] = _project(
        investment_b,
        zone_b,
        "海河机械",
        [("lead", d(2026, 3, 1)), (Stage.NEGOTIATING, d(2026, 4, 1)), (Stage.SIGNED, d(2026, 5, 10))],
        12000,
        on_day,
    )

    # --- demands -------------------------------------------------------------------------------------------
    category = DemandCategory.objects.get(unit=None, name="用工")
    ent_a = EnterpriseFactory(name="江苏国阳智能装备有限公司", unit=zone_a, service_officer=officer_a.user)
    ent_b = EnterpriseFactory(name="海河镇精密机械有限公司", unit=zone_b, service_officer=officer_b.user)
    user_a = actor_of(zone_a, "enterprise", "ent_a", enterprise=ent_a)
    user_b = actor_of(zone_b, "enterprise", "ent_b", enterprise=ent_b)
    a = (officer_a, handler, ent_a, user_a, department_a, category)
    b = (officer_b, officer_b, ent_b, user_b, department_b, category)
    r.demands["D1"] = _demand(
        on_day,
        *a,
        assigned=d(2026, 7, 1),
        deadline=d(2026, 7, 10),
        resolved=d(2026, 7, 8),
        confirmed=d(2026, 7, 9),
        score=5,
    )
    r.demands["D2"] = _demand(
        on_day,
        *a,
        assigned=d(2026, 7, 1),
        deadline=d(2026, 7, 10),
        resolved=d(2026, 7, 20),
        confirmed=d(2026, 7, 21),
        score=2,
    )
    r.demands["D3"] = _demand(on_day, *a, assigned=d(2026, 8, 1), deadline=d(2026, 8, 15))
    r.demands["D5"] = _demand(
        on_day,
        *a,
        assigned=d(2026, 6, 1),
        deadline=d(2026, 6, 15),
        resolved=d(2026, 6, 10),
        confirmed=d(2026, 7, 2),
        score=4,
    )
    r.demands["D8"] = _demand(
        on_day,
        *b,
        assigned=d(2026, 8, 1),
        deadline=d(2026, 8, 20),
        resolved=d(2026, 8, 10),
        outcome=Outcome.PARTLY_SOLVED,
        confirmed=d(2026, 8, 12),
        score=3,
    )
    r.demands["D4"] = _demand(on_day, *a, assigned=d(2026, 9, 1), deadline=d(2026, 9, 10), resolved=d(2026, 9, 5))
    on_day(d(2026, 9, 20))
    assert demand_services.auto_confirm_due() == 1  # D4, unanswered: confirmed without a score
    r.demands["D6"] = _demand(on_day, *b, assigned=d(2026, 7, 5), deadline=d(2026, 7, 20), resolved=d(2026, 7, 25))
    r.demands["D7"] = _demand(on_day, *b, assigned=d(2026, 9, 20), deadline=d(2026, 10, 5))
    for demand in r.demands.values():
        demand.refresh_from_db()

    # --- task forces, responsibility items, weekly reports -------------------------------------------------
    on_day(TODAY)
    tf_a = tf_services.create_task_force(r.projects["P3"], pm_a.user, by=pm_a, created_on=d(2026, 6, 25))
    tf_b = tf_services.create_task_force(r.projects["P7"], pm_b.user, by=investment_b, created_on=d(2026, 6, 1))
    tf_c = tf_services.create_task_force(r.projects["P1"], pm_a.user, by=pm_a, created_on=d(2026, 8, 15))
    r.task_forces = {"TF_A": tf_a, "TF_B": tf_b, "TF_C": tf_c}

    def task(tf, by, title, deadline, department, owner=None):
        return tf_services.add_task(tf, title=title, deadline=deadline, by=by, owner_department=department, owner=owner)

    r.tasks["T1"] = task(tf_a, pm_a, "完成环评批复", d(2026, 7, 10), department_a, handler.user)
    r.tasks["T2"] = task(tf_a, pm_a, "办理施工许可", d(2026, 8, 10), department_a, handler.user)
    r.tasks["T3"] = task(tf_a, pm_a, "完成供电接入", d(2026, 9, 10), department_a, handler.user)
    r.tasks["T6"] = task(tf_a, pm_a, "取消的事项", d(2026, 7, 5), department_a)
    r.tasks["T4"] = task(tf_b, pm_b, "土地挂牌", d(2026, 9, 1), department_b)
    r.tasks["T5"] = task(tf_b, pm_b, "竣工验收", d(2026, 10, 10), department_b)
    tf_services.complete_task(r.tasks["T1"], by=pm_a, on=d(2026, 7, 15))
    tf_services.complete_task(r.tasks["T2"], by=pm_a, on=d(2026, 8, 5))
    tf_services.cancel_task(r.tasks["T6"], "不再需要", by=pm_a)

    def report(tf, week, on_time):
        WeeklyReport.objects.create(task_force=tf, iso_year=2026, iso_week=week, progress="推进中", was_on_time=on_time)

    for week in (28, 29, 30):
        report(tf_a, week, True)
    report(tf_a, 31, False)
    report(tf_b, 28, True)
    report(tf_b, 41, True)  # the week of 2026-10-05: after the quarter
    report(tf_c, 34, True)  # a task force set up during the quarter is not yet due: its reports do not count
    report(tf_c, 35, True)
    on_day(TODAY)
    return r


# indicator -> subject kind -> subject -> value of 2026 Q3 (None: nothing to measure)
EXPECTED = {
    "signed_investment": {
        "zone": {"zone_a": Decimal(58000), "zone_b": Decimal(10000)},
        "officer": {"investment_a": Decimal(58000), "investment_b": Decimal(10000), "officer_a": 0, "handler": 0},
    },
    "signed_projects": {
        "zone": {"zone_a": 2, "zone_b": 1},
        "officer": {"investment_a": 2, "investment_b": 1, "pm_a": 0},
    },
    "projects_started": {
        "zone": {"zone_a": 2, "zone_b": 0},
        "officer": {"investment_a": 2, "investment_b": 0},
    },
    "projects_producing": {
        "zone": {"zone_a": 1, "zone_b": 0},
        "officer": {"investment_a": 1, "investment_b": 0},
    },
    "demands_on_time": {
        "zone": {"zone_a": Decimal("66.67"), "zone_b": Decimal("50.00")},
        "department": {"department_a": Decimal("66.67"), "department_b": Decimal("50.00")},
        "officer": {"officer_a": Decimal("66.67"), "officer_b": Decimal("50.00"), "investment_a": None},
    },
    "demand_satisfaction": {
        "zone": {"zone_a": Decimal("3.67"), "zone_b": Decimal("3.00")},
        "department": {"department_a": Decimal("3.67"), "department_b": Decimal("3.00")},
        "officer": {"officer_a": Decimal("3.67"), "officer_b": Decimal("3.00"), "handler": None},
    },
    "demands_solved": {
        "zone": {"zone_a": 3, "zone_b": 1},
        "department": {"department_a": 3, "department_b": 1},
        "officer": {"officer_a": 3, "officer_b": 1, "pm_a": 0},
    },
    "demands_overdue": {
        "zone": {"zone_a": 2, "zone_b": 1},
        "department": {"department_a": 2, "department_b": 1},
        "officer": {"officer_a": 2, "officer_b": 1, "investment_a": 0},
    },
    "weekly_reports_on_time": {
        "zone": {"zone_a": Decimal("23.08"), "zone_b": Decimal("7.69")},
        "officer": {"pm_a": Decimal("23.08"), "pm_b": Decimal("7.69"), "officer_a": None},
    },
    "tasks_overdue": {
        "zone": {"zone_a": 2, "zone_b": 1},
        "department": {"department_a": 2, "department_b": 1},
        "officer": {"handler": 2, "pm_b": 0, "officer_a": 0},
    },
    # No hazards, postings or fairs in this data set: rates are None, counts 0 (their own values are checked with
    # their records in test_indicators_more.py).
    "hazards_on_time": {"zone": {"zone_a": None, "zone_b": None}},
    "hazards_overdue": {"zone": {"zone_a": 0, "zone_b": 0}},
    "posting_hires": {"zone": {"zone_a": 0, "zone_b": 0}},
    "fair_hires": {"zone": {"zone_a": 0, "zone_b": 0}},
}
