"""A county with two zones: projects along the pipeline, demands in every state, and a task force whose milestones
and tasks are on track, due soon and overdue."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zonedesk.demands import services as demands
from zonedesk.demands.states import Outcome
from zonedesk.projects import services as projects
from zonedesk.projects.models import Project, Target
from zonedesk.projects.stages import Stage
from zonedesk.taskforces import services as taskforces

from ..demands.conftest import category, department_a2, department_b, make_demand  # noqa: F401

TODAY = timezone.localdate()
Y = TODAY.year - 1  # the project data lies in last year, so every move is in the past


def lead(by, unit, name: str, on: date, amount: str = "") -> Project:
    return projects.create_project({"name": name, "unit": unit, "investment": amount, "lead_on": on}, by=by)


def drive(project: Project, by, *moves: tuple[str, date]) -> Project:
    for stage, on in moves:
        extra = {"contracted_investment": project.investment_text} if stage == Stage.SIGNED else {}
        project = projects.advance_stage(project, stage, by=by, on=on, **extra)
    return project


def signed_project(by, unit, name: str, amount: str = "2亿元") -> Project:
    return drive(
        lead(by, unit, name, date(Y, 1, 5), amount),
        by,
        (Stage.NEGOTIATING, date(Y, 2, 1)),
        (Stage.SIGNED, date(Y, 3, 10)),
    )


def overdue(demand, days: int = 3):
    """Move the deadline of an assigned demand into the past."""
    type(demand).objects.filter(pk=demand.pk).update(deadline=TODAY - timedelta(days=days))
    return demand


@pytest.fixture
def city(
    investment_a,
    investment_b,
    officer_a,
    officer_b,
    pm_a,
    leader,
    handler,
    zone_a,
    zone_b,
    enterprise_b,
    department_a2,  # noqa: F811
    department_b,  # noqa: F811
    make_demand,  # noqa: F811
    category,  # noqa: F811
):
    """Zone A: a full chain, two other signings, a lead, a task force, demands in every state; zone B: one signing and
    two demands, one overdue."""
    a = investment_a
    chain = drive(
        lead(a, zone_a, "国阳智能装备产业园", date(Y, 1, 5), "30亿元"),
        a,
        (Stage.NEGOTIATING, date(Y, 1, 20)),
        (Stage.SIGNED, date(Y, 2, 10)),
        (Stage.STARTED, date(Y, 4, 1)),
        (Stage.PRODUCING, date(Y, 11, 1)),
    )
    drive(
        lead(a, zone_a, "科创新材料产业园", date(Y, 2, 1), "8亿元"),
        a,
        (Stage.NEGOTIATING, date(Y, 2, 5)),
        (Stage.SIGNED, date(Y, 3, 15)),
        (Stage.STARTED, date(Y, 6, 1)),
    )
    drive(lead(a, zone_a, "巨衡机械", date(Y - 1, 9, 1), "超5亿元"), a, (Stage.NEGOTIATING, date(Y - 1, 10, 1)))
    drive(Project.objects.get(name="巨衡机械"), a, (Stage.SIGNED, date(Y, 6, 1)))
    lead(a, zone_a, "岩象装备", date(Y, 5, 1), "2亿元")
    signed_project(investment_b, zone_b, "海河精密")
    Target.objects.create(unit=zone_a, year=Y, quarter=0, metric="signed_count", value=4)
    Target.objects.create(unit=zone_a, year=Y, quarter=0, metric="started_count", value=4)

    task_force = taskforces.create_task_force(chain, pm_a.user, by=pm_a, created_on=TODAY - timedelta(days=60))
    for name, days in [("环评批复", -10), ("施工许可", -2), ("主体封顶", 1), ("设备进场", 40), ("竣工验收", 90)]:
        taskforces.add_milestone(task_force, name=name, planned_on=TODAY + timedelta(days=days), by=pm_a)
    for title, days in [("供电接入", -5), ("道路配套", 30)]:
        taskforces.add_task(task_force, title=title, deadline=TODAY + timedelta(days=days), by=pm_a)

    for state in ["submitted", "accepted", "assigned", "resolved", "confirmed", "reopened", "rejected"]:
        make_demand(state, title=f"诉求·{state}")
    overdue(make_demand("assigned", title="超期未办"))
    late = make_demand("assigned", title="逾期办结")
    overdue(late, days=10)
    demands.resolve(handler, late, Outcome.SOLVED, "已协调")
    to_a2 = demands.accept(officer_a, make_demand("submitted", title="用地指标"))
    demands.assign(officer_a, to_a2, department_a2)

    b = demands.accept(officer_b, demands.submit_demand(officer_b, enterprise_b, category=category, title="海河诉求"))
    overdue(demands.assign(officer_b, b, department_b))
    demands.submit_demand(officer_b, enterprise_b, category=category, title="海河新诉求")
    return {"chain": chain, "task_force": task_force}
