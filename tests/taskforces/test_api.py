"""The task-force API: the same services and scope as the pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.orgs.models import UnitKind
from zonedesk.projects.models import Project
from zonedesk.taskforces import services
from zonedesk.taskforces.models import ElementNeed, TaskStatus

from ..conftest import client_for
from ..factories import UnitFactory

TODAY = timezone.localdate()
DAY = timedelta(days=1)
API = "/api/v1/taskforces"


@pytest.fixture
def task(task_force, pm_a, department_a):
    return services.add_task(
        task_force, title="办理施工许可证", deadline=TODAY - DAY, owner_department=department_a, by=pm_a
    )


def test_listing_and_opening_task_forces(task_force, pm_a):
    client = client_for(pm_a)
    rows = client.get(API).json()
    assert [r["id"] for r in rows] == [task_force.pk]
    detail = client.get(f"{API}/{task_force.pk}").json()
    assert detail["project_name"] == task_force.project.name
    assert detail["members"][0]["role"] == "leader"


def test_setting_up_a_task_force(project, pm_a):
    answer = client_for(pm_a).post(
        API, {"project_id": project.pk, "leader_id": pm_a.user.pk}, content_type="application/json"
    )
    assert answer.status_code == 201
    assert answer.json()["project_id"] == project.pk


def test_milestones_through_the_api(task_force, pm_a):
    client = client_for(pm_a)
    made = client.post(
        f"{API}/{task_force.pk}/milestones",
        {"name": "完成土地摘牌", "planned_on": (TODAY - 2 * DAY).isoformat()},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == "overdue"
    reached = client.post(
        f"{API}/milestones/{made.json()['id']}/actual",
        {"actual_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert reached.status_code == 200 and reached.json()["status"] == "done"
    assert len(client.get(f"{API}/{task_force.pk}/milestones").json()) == 1


def test_tasks_through_the_api(task_force, pm_a, department_a):
    client = client_for(pm_a)
    made = client.post(
        f"{API}/{task_force.pk}/tasks",
        {"title": "完成环评批复", "deadline": (TODAY + 20 * DAY).isoformat(), "owner_department_id": department_a.pk},
        content_type="application/json",
    )
    assert made.status_code == 201
    task_id = made.json()["id"]
    noted = client.post(f"{API}/tasks/{task_id}/notes", {"text": "已受理"}, content_type="application/json")
    assert noted.status_code == 201
    assert client.post(f"{API}/tasks/{task_id}/complete").json()["status"] == TaskStatus.DONE
    assert client.post(f"{API}/tasks/{task_id}/complete").status_code == 409
    assert [t["id"] for t in client.get(f"{API}/{task_force.pk}/tasks").json()] == [task_id]


def test_element_needs_and_approvals_through_the_api(task_force, pm_a, department_a):
    client = client_for(pm_a)
    need = client.post(
        f"{API}/{task_force.pk}/needs",
        {"kind": "land", "description": "新增建设用地80亩", "owner_department_id": department_a.pk},
        content_type="application/json",
    )
    assert need.status_code == 201
    assert client.post(f"{API}/needs/{need.json()['id']}/resolve").json()["status"] == "resolved"
    approval = client.post(
        f"{API}/{task_force.pk}/approvals",
        {"item": "施工许可", "planned_start": (TODAY + DAY).isoformat(), "planned_end": (TODAY + 9 * DAY).isoformat()},
        content_type="application/json",
    )
    assert approval.status_code == 201
    dated = client.post(
        f"{API}/approvals/{approval.json()['id']}/dates",
        {"actual_start": (TODAY - 3 * DAY).isoformat()},
        content_type="application/json",
    )
    assert dated.status_code == 200 and dated.json()["actual_start"] == (TODAY - 3 * DAY).isoformat()


def test_weekly_reports_through_the_api(task_force, pm_a):
    client = client_for(pm_a)
    body = {"progress": "主体封顶", "percent_complete": 40, "investment_this_week_wan": "800", "blockers": "用电未接入"}
    sent = client.post(f"{API}/{task_force.pk}/weekly-reports", body, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["investment_total_wan"] == "800.00"
    assert Project.objects.get(pk=task_force.project_id).investment_completed_wan == Decimal("800")
    assert (
        client.post(f"{API}/{task_force.pk}/weekly-reports", body, content_type="application/json").status_code == 409
    )
    assert len(client.get(f"{API}/{task_force.pk}/weekly-reports").json()) == 1
    need = client.post(
        f"{API}/{task_force.pk}/needs",
        {"kind": "power", "description": "用电未接入", "from_report_id": sent.json()["id"]},
        content_type="application/json",
    )
    assert need.status_code == 201
    assert ElementNeed.objects.get(pk=need.json()["id"]).from_report_id == sent.json()["id"]


def test_the_todo_of_a_handler_and_of_a_leader(task, handler, pm_a, zone_a):
    other = UnitFactory(name="自然资源规划局", kind=UnitKind.DEPARTMENT, parent=zone_a)
    services.add_task(task.task_force, title="土地摘牌", deadline=TODAY, owner_department=other, by=pm_a)
    mine = client_for(handler).get(f"{API}/todo").json()
    assert [t["title"] for t in mine["tasks"]] == ["办理施工许可证"]
    assert mine["tasks"][0]["deadline_status"] == "overdue"
    services.add_milestone(task.task_force, name="开工", planned_on=TODAY - DAY, by=pm_a)
    items = client_for(pm_a).get(f"{API}/todo").json()["items"]
    assert [i["title"] for i in items] == ["开工"]


def test_a_handler_cannot_complete_another_department_task(task_force, pm_a, handler, zone_a):
    other = UnitFactory(name="自然资源规划局", kind=UnitKind.DEPARTMENT, parent=zone_a)
    foreign = services.add_task(task_force, title="土地摘牌", deadline=TODAY, owner_department=other, by=pm_a)
    assert client_for(handler).post(f"{API}/tasks/{foreign.pk}/complete").status_code == 404


@pytest.mark.parametrize("who", ["officer_b", "enterprise_user"])
def test_outsiders_get_404_on_every_endpoint(who, request, task_force, task, pm_a):
    milestone = services.add_milestone(task_force, name="开工", planned_on=TODAY, by=pm_a)
    need = services.add_element_need(task_force, kind="land", description="用地", by=pm_a)
    approval = services.add_approval(task_force, item="施工许可", by=pm_a)
    report = services.submit_weekly_report(task_force, {"progress": "进展"}, by=pm_a)
    pk = task_force.pk
    body = {
        "name": "x",
        "planned_on": TODAY.isoformat(),
        "title": "x",
        "deadline": TODAY.isoformat(),
        "text": "x",
        "kind": "land",
        "description": "x",
        "item": "x",
        "progress": "x",
        "from_report_id": report.pk,
    }
    calls = [("get", f"{API}/{pk}{tail}") for tail in ("", "/events", "/milestones", "/tasks", "/needs", "/approvals")]
    calls += [("get", f"{API}/{pk}/weekly-reports")]
    calls += [
        ("post", f"{API}/{pk}/{tail}") for tail in ("milestones", "tasks", "needs", "approvals", "weekly-reports")
    ]
    calls += [
        ("post", f"{API}/milestones/{milestone.pk}/actual"),
        ("post", f"{API}/tasks/{task.pk}/complete"),
        ("post", f"{API}/tasks/{task.pk}/notes"),
        ("post", f"{API}/needs/{need.pk}/resolve"),
        ("post", f"{API}/approvals/{approval.pk}/dates"),
    ]
    client = client_for(request.getfixturevalue(who))
    for method, url in calls:
        answer = client.get(url) if method == "get" else client.post(url, body, content_type="application/json")
        assert answer.status_code == 404, url
    created = client.post(
        API, {"project_id": task_force.project_id, "leader_id": pm_a.user.pk}, content_type="application/json"
    )
    assert created.status_code == 404


def test_the_timeline_holds_the_work_on_the_task_force(task, pm_a):
    events = client_for(pm_a).get(f"{API}/{task.task_force_id}/events").json()
    assert {e["verb"] for e in events} >= {"taskforce.created", "task.added"}
