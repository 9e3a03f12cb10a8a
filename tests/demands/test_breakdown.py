"""Breakdowns, trend, workspace, escalations and the enterprise sheet on a small data set counted by hand."""

from datetime import date

import pytest

from zonedesk.demands import services
from zonedesk.demands.models import DemandCategory
from zonedesk.demands.queries import (
    average_workdays_to_resolve,
    demand_breakdown,
    demand_figures,
    demand_list,
    enterprise_sheet,
    escalated_to,
    monthly_trend,
    workspace,
)
from zonedesk.demands.reminders import escalate_overdue
from zonedesk.demands.states import Outcome, State
from zonedesk.enterprises.models import Enterprise

TODAY = date(2025, 4, 7)


@pytest.fixture
def data(on_day, make_demand, officer_a, handler, enterprise_user, other_enterprise, department_a, leader):
    """Seven demands; "ours" are of `enterprise`, C and E of `other_enterprise` (linked leader: `leader`).

    A confirmed with 2 (dissatisfied), B reopened (partly solved), C 融资 overdue since 3-5, D rejected,
    E submitted, F resolved in April (solved, not answered), G assigned in April (due 4-21).
    """
    other_enterprise.linked_leader = leader.user
    other_enterprise.save(update_fields=["linked_leader"])
    finance = DemandCategory.objects.get(unit=None, name="融资")
    on_day(date(2025, 3, 3))  # Monday; 用工 is due in 10 working days: 3-17
    a, b = make_demand(State.ASSIGNED, title="招工难"), make_demand(State.ASSIGNED, title="普工缺口")
    c = services.submit_demand(officer_a, other_enterprise, category=finance, title="融资需求")
    c = services.assign(officer_a, services.accept(officer_a, c), department_a, deadline_days=2)
    d = make_demand(State.REJECTED, title="土地证办理")
    e = make_demand(State.SUBMITTED, title="道路破损", ent=other_enterprise)
    on_day(date(2025, 3, 6))  # 3 working days after the assignment
    a = services.confirm(enterprise_user, services.resolve(handler, a, Outcome.SOLVED, "已招聘"), 2)
    b = services.resolve(handler, b, Outcome.PARTLY_SOLVED, "部分到岗")
    b = services.reopen(enterprise_user, b, "仍缺普工")
    on_day(TODAY)
    f = services.resolve(handler, make_demand(State.ASSIGNED, title="用电增容"), Outcome.SOLVED, "已增容")
    g = make_demand(State.ASSIGNED, title="人才公寓")
    return dict(zip("ABCDEFG", (a, b, c, d, e, f, g), strict=True))


def test_figures_by_hand(data, officer_a):
    values = {k: v["value"] for k, v in demand_figures(officer_a.user, today=TODAY).items()}
    assert values["total"] == 7 and values["open"] == 4 and values["closed"] == 3
    assert values["resolved"] == 3 and values["solved"] == 2 and values["reopened"] == 1
    assert values["reopen_rate"] == round(1 / 3, 4)
    assert values["average_workdays_to_resolve"] == 2.0  # (3 + 3 + 0) / 3
    assert values["overdue"] == 1 and values["dissatisfied"] == 1
    assert values["on_time"] == 3 and values["late"] == 0 and values["on_time_rate"] == 1.0
    assert values["confirmed"] == 1 and values["auto_confirmed"] == 0 and values["average_satisfaction"] == 2.0


def test_average_workdays_over_any_list(data, officer_a):
    assert average_workdays_to_resolve(demand_list(officer_a.user, state=State.RESOLVED)) == 0.0
    assert average_workdays_to_resolve(demand_list(officer_a.user, reopened=True)) == 3.0
    assert average_workdays_to_resolve(demand_list(officer_a.user, state=State.SUBMITTED)) is None


BY_HAND = {
    "state": {"confirmed": 1, "reopened": 1, "assigned": 2, "rejected": 1, "submitted": 1, "resolved": 1},
    "category": {"用工": 6, "融资": 1},
    "department": {"行政审批局": 5, "": 2},
    "source": {"visit": 7},
    "level": {"zone": 7},
    "unit": {"射阳经济开发区": 7},
    "enterprise": {"江苏国阳智能装备有限公司": 5, "射阳科阳5G通信科技有限公司": 2},
}


@pytest.mark.parametrize("by", list(BY_HAND))
def test_each_breakdown_row_is_its_filter(by, data, officer_a):
    rows = demand_breakdown(officer_a.user, by, today=TODAY)
    named = {row["label"] if by not in ("state", "source", "level") else row["key"]: row["total"] for row in rows}
    assert named == BY_HAND[by]
    assert [row["total"] for row in rows] == sorted(named.values(), reverse=True)
    for row in rows:
        assert demand_list(officer_a.user, today=TODAY, **row["filter"]).count() == row["total"]
        for figure in ("open", "closed", "overdue", "dissatisfied"):
            listed = demand_list(officer_a.user, today=TODAY, **row["filter"], **_figure(figure)).count()
            assert listed == row[figure], (row["key"], figure)


def _figure(name: str) -> dict:
    return {"open": {"closed": False}, "closed": {"closed": True}, "overdue": {"overdue": True}}.get(
        name, {"dissatisfied": True}
    )


def test_breakdown_figures_by_hand(data, officer_a):
    rows = {row["label"]: row for row in demand_breakdown(officer_a.user, "category", today=TODAY)}
    work = rows["用工"]
    assert (work["open"], work["closed"], work["solved"], work["overdue"]) == (3, 3, 2, 0)
    assert (work["on_time"], work["late"], work["on_time_rate"]) == (3, 0, 1.0)
    assert (work["confirmed"], work["dissatisfied"], work["satisfaction"]) == (1, 1, 2.0)
    finance = rows["融资"]
    assert (finance["open"], finance["overdue"], finance["on_time_rate"], finance["satisfaction"]) == (1, 1, None, None)


def test_a_breakdown_with_a_filter_keeps_it(data, officer_a, other_enterprise):
    rows = demand_breakdown(officer_a.user, "state", today=TODAY, enterprise=other_enterprise.pk)
    assert {row["key"]: row["total"] for row in rows} == {"assigned": 1, "submitted": 1}
    assert all(row["filter"]["enterprise"] == other_enterprise.pk for row in rows)


def test_breakdowns_follow_scope(data, officer_b):
    assert demand_breakdown(officer_b.user, "state", today=TODAY) == []


def test_monthly_trend(data, officer_a):
    trend = monthly_trend(officer_a.user, first=date(2025, 2, 1), last=date(2025, 5, 31), today=TODAY)
    assert trend == [
        {"month": "2025-02", "submitted": 0, "resolved": 0, "confirmed": 0},
        {"month": "2025-03", "submitted": 5, "resolved": 2, "confirmed": 1},
        {"month": "2025-04", "submitted": 2, "resolved": 1, "confirmed": 0},
        {"month": "2025-05", "submitted": 0, "resolved": 0, "confirmed": 0},
    ]


def test_workspace(data, officer_a, handler, enterprise_user):
    space = workspace(officer_a.user, today=TODAY)
    assert list(space["to_accept"]) == [data["E"]]
    assert list(space["to_assign"]) == [data["B"]]
    assert list(space["at_work"]) == [data["C"], data["G"]]  # overdue first
    mine = workspace(handler.user, today=TODAY)
    assert not mine["to_accept"].exists() and not mine["to_assign"].exists()
    assert list(mine["at_work"]) == [data["C"], data["G"]]
    assert all(not qs.exists() for qs in workspace(enterprise_user.user).values())


def test_escalated_to(data, officer_a, leader, department_head):
    assert escalate_overdue(TODAY) == 1
    assert list(escalated_to(department_head.user)) == [data["C"]]
    assert list(escalated_to(leader.user)) == [data["C"]]  # the linked leader of C's enterprise
    assert not escalated_to(officer_a.user).exists()


def test_enterprise_sheet(data, officer_a, officer_b, enterprise, leader):
    enterprise.linked_leader = leader.user
    enterprise.service_officer = officer_a.user
    enterprise.save(update_fields=["linked_leader", "service_officer"])
    sheet = enterprise_sheet(officer_a.user, enterprise.pk)
    assert sheet["enterprise"].linked_leader == leader.user
    assert sheet["enterprise"].service_officer == officer_a.user
    assert [d.title for d in sheet["demands"]] == ["普工缺口", "人才公寓", "招工难", "用电增容", "土地证办理"]
    assert sheet["figures"]["total"]["value"] == 5 and sheet["figures"]["dissatisfied"]["value"] == 1
    with pytest.raises(Enterprise.DoesNotExist):
        enterprise_sheet(officer_b.user, enterprise.pk)


def test_the_enterprise_user_sees_only_their_own_sheet(data, enterprise_user, enterprise, other_enterprise):
    assert len(enterprise_sheet(enterprise_user.user, enterprise.pk)["demands"]) == 5
    with pytest.raises(Enterprise.DoesNotExist):
        enterprise_sheet(enterprise_user.user, other_enterprise.pk)
