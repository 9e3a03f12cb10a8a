"""The task-force pages: the leader's weekly meeting, a handler's to-do, and who gets a 404."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zonedesk.orgs.models import Event, UnitKind
from zonedesk.projects.models import Project
from zonedesk.taskforces import services
from zonedesk.taskforces.models import (
    ElementNeed,
    MilestoneTemplate,
    Task,
    TaskForce,
    TaskForceSettings,
    TaskStatus,
    WeeklyReport,
)

from ..conftest import client_for
from ..factories import UnitFactory

TODAY = timezone.localdate()
DAY = timedelta(days=1)


@pytest.fixture
def other_department(zone_a):
    return UnitFactory(name="自然资源规划局", kind=UnitKind.DEPARTMENT, parent=zone_a)


@pytest.fixture
def milestone(task_force, pm_a):
    return services.add_milestone(task_force, name="完成土地摘牌", planned_on=TODAY - 5 * DAY, by=pm_a)


@pytest.fixture
def task(task_force, pm_a, department_a):
    return services.add_task(
        task_force, title="办理施工许可证", deadline=TODAY + 10 * DAY, owner_department=department_a, by=pm_a
    )


@pytest.fixture
def other_task(task_force, pm_a, other_department):
    return services.add_task(
        task_force, title="完成管网接入", deadline=TODAY + 10 * DAY, owner_department=other_department, by=pm_a
    )


@pytest.fixture
def need(task_force, pm_a, department_a):
    return services.add_element_need(
        task_force, kind="power", description="双回路供电", owner_department=department_a, by=pm_a
    )


@pytest.fixture
def approval(task_force, pm_a):
    return services.add_approval(
        task_force, item="施工许可", planned_start=TODAY - 20 * DAY, planned_end=TODAY - 10 * DAY, by=pm_a
    )


@pytest.fixture
def report(task_force, pm_a):
    data = {"progress": "主体结构施工", "investment_this_week_wan": "100", "blockers": "用地指标未落实"}
    return services.submit_weekly_report(task_force, data, by=pm_a)


def test_the_leader_runs_the_weekly_meeting_from_the_page(task_force, milestone, task, approval, pm_a):
    client = client_for(pm_a)
    page = client.get(reverse("taskforces:detail", args=[task_force.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="milestone-{milestone.pk}"' in html and 'data-status="overdue"' in html
    assert "施工许可" in html and 'id="days-saved"' not in html

    done = client.post(reverse("taskforces:complete_task", args=[task.pk]))
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE

    week = {
        "progress": "厂房主体封顶",
        "percent_complete": "40",
        "investment_this_week_wan": "1200",
        "blockers": "用地指标未落实\n施工用电未接入",
        "next_steps": "设备进场",
    }
    sent = client.post(reverse("taskforces:submit_report", args=[task_force.pk]), week)
    assert sent.status_code == 302
    project = Project.objects.get(pk=task_force.project_id)
    assert project.investment_completed_wan == Decimal("1200")
    assert Event.objects.filter(verb="project.funds_recorded").count() == 1
    again = client.post(reverse("taskforces:submit_report", args=[task_force.pk]), week)
    assert again.status_code == 409
    project.refresh_from_db()
    assert project.investment_completed_wan == Decimal("1200")

    report = WeeklyReport.objects.get(task_force=task_force)
    page = client.get(reverse("taskforces:detail", args=[task_force.pk])).content.decode()
    assert "施工用电未接入" in page and reverse("taskforces:blocker_to_need", args=[task_force.pk, report.pk]) in page
    raised = client.post(
        reverse("taskforces:blocker_to_need", args=[task_force.pk, report.pk]),
        {"text": "施工用电未接入", "kind": "power"},
    )
    assert raised.status_code == 302
    need = ElementNeed.objects.get(from_report=report)
    assert (need.kind, need.description) == ("power", "施工用电未接入")


def test_the_list_counts_what_is_overdue(task_force, milestone, pm_a):
    page = client_for(pm_a).get(reverse("taskforces:list"))
    assert page.status_code == 200
    assert task_force.project.name in page.content.decode()


def test_recording_a_milestone_date_and_adding_rows_through_the_page(task_force, milestone, pm_a, department_a):
    client = client_for(pm_a)
    url = reverse("taskforces:record_actual", args=[task_force.pk, milestone.pk])
    assert client.post(url, {"actual_on": TODAY.isoformat()}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_on == TODAY
    added = client.post(
        reverse("taskforces:add_task", args=[task_force.pk]),
        {"title": "完成环评批复", "deadline": (TODAY + 9 * DAY).isoformat(), "owner_department": department_a.pk},
    )
    assert added.status_code == 302
    assert Task.objects.filter(title="完成环评批复", owner_department=department_a).exists()


def test_a_future_actual_date_is_shown_on_the_field(task_force, milestone, pm_a):
    url = reverse("taskforces:record_actual", args=[task_force.pk, milestone.pk])
    page = client_for(pm_a).post(url, {"actual_on": (TODAY + 3 * DAY).isoformat()})
    assert page.status_code == 200
    milestone.refresh_from_db()
    assert milestone.actual_on is None


def test_completing_a_task_twice_through_the_page_is_a_conflict(task, pm_a):
    client = client_for(pm_a)
    url = reverse("taskforces:complete_task", args=[task.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 409


def test_setting_up_a_task_force_from_the_project(project, pm_a):
    client = client_for(pm_a)
    assert reverse("taskforces:create") in client.get(project.get_absolute_url()).content.decode()
    url = f"{reverse('taskforces:create')}?project={project.pk}"
    assert client.get(url).status_code == 200
    created = client.post(url, {"leader": pm_a.user.pk})
    task_force = TaskForce.objects.get(project=project)
    assert created.status_code == 302 and created["Location"] == reverse("taskforces:detail", args=[task_force.pk])
    assert reverse("taskforces:detail", args=[task_force.pk]) in client.get(project.get_absolute_url()).content.decode()


def test_the_handler_completes_his_department_task_from_the_todo_page(task, other_task, need, handler):
    client = client_for(handler)
    page = client.get(reverse("taskforces:todo"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "办理施工许可证" in html and "完成管网接入" not in html and "双回路供电" in html
    done = client.post(reverse("taskforces:complete_task", args=[task.pk]), {"next": "todo"})
    assert done.status_code == 302 and done["Location"] == reverse("taskforces:todo")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert client.post(reverse("taskforces:resolve_need", args=[need.pk]), {"next": "todo"}).status_code == 302
    assert client.post(reverse("taskforces:complete_task", args=[other_task.pk])).status_code == 404


def test_a_leader_sees_his_items_on_the_todo_page(task_force, milestone, pm_a):
    page = client_for(pm_a).get(reverse("taskforces:todo"))
    assert page.status_code == 200
    assert "完成土地摘牌" in page.content.decode()


def _urls(tf, milestone, task, need, approval, report) -> list[tuple[str, str]]:
    pk = tf.pk
    return [
        ("get", reverse("taskforces:detail", args=[pk])),
        ("get", f"{reverse('taskforces:create')}?project={tf.project_id}"),
        ("post", reverse("taskforces:add_member", args=[pk])),
        ("post", reverse("taskforces:add_milestone", args=[pk])),
        ("post", reverse("taskforces:apply_template", args=[pk])),
        ("post", reverse("taskforces:record_actual", args=[pk, milestone.pk])),
        ("post", reverse("taskforces:add_task", args=[pk])),
        ("post", reverse("taskforces:complete_task", args=[task.pk])),
        ("post", reverse("taskforces:note_task", args=[task.pk])),
        ("post", reverse("taskforces:add_need", args=[pk])),
        ("post", reverse("taskforces:resolve_need", args=[need.pk])),
        ("post", reverse("taskforces:blocker_to_need", args=[pk, report.pk])),
        ("post", reverse("taskforces:add_approval", args=[pk])),
        ("post", reverse("taskforces:approval_dates", args=[pk, approval.pk])),
        ("post", reverse("taskforces:submit_report", args=[pk])),
    ]


@pytest.mark.parametrize("who", ["officer_b", "enterprise_user"])
def test_outsiders_get_404_on_every_page_and_action(who, request, task_force, milestone, task, need, approval, report):
    client = client_for(request.getfixturevalue(who))
    for method, url in _urls(task_force, milestone, task, need, approval, report):
        answer = getattr(client, method)(url, {"text": "x", "actual_on": TODAY.isoformat()} if method == "post" else {})
        assert answer.status_code == 404, url
    assert task_force.project.name not in client.get(reverse("taskforces:list")).content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_the_enterprise_user_has_no_task_force_pages(enterprise_user):
    client = client_for(enterprise_user)
    assert client.get(reverse("taskforces:list")).status_code == 404
    assert client.get(reverse("taskforces:todo")).status_code == 404


def test_parallel_approvals_show_the_days_saved(task_force, approval, pm_a):
    services.add_approval(
        task_force, item="环评批复", planned_start=TODAY - 15 * DAY, planned_end=TODAY - 5 * DAY, by=pm_a
    )
    html = client_for(pm_a).get(reverse("taskforces:detail", args=[task_force.pk])).content.decode()
    assert 'id="days-saved"' in html and "15" in html and "20" in html
    assert 'data-zd-left="33.3%"' in html  # the second bar starts a third of the way (set by behaviours.js)


def test_a_service_officer_may_read_but_not_manage(task_force, officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("taskforces:detail", args=[task_force.pk])).status_code == 200
    url = reverse("taskforces:add_milestone", args=[task_force.pk])
    answer = client.post(url, {"name": "开工", "planned_on": TODAY.isoformat()})
    assert answer.status_code == 403
    assert not task_force.milestones.exists()


def test_a_rejected_department_shows_on_the_field(task_force, pm_a, zone_b):
    foreign = UnitFactory(name="海河镇建设局", kind=UnitKind.DEPARTMENT, parent=zone_b)
    url = reverse("taskforces:add_need", args=[task_force.pk])
    answer = client_for(pm_a).post(url, {"kind": "land", "description": "用地", "owner_department": foreign.pk})
    assert answer.status_code == 200
    assert "is-invalid" in answer.content.decode()
    assert not ElementNeed.objects.exists()


def test_the_list_runs_as_many_queries_for_three_rows_as_for_one(task_force, pm_a, zone_a):
    client = client_for(pm_a)
    client.get(reverse("taskforces:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("taskforces:list"))
    for n in range(2):
        project = Project.objects.create(
            name=f"项目{n}", unit=zone_a, stage="signed", lead_on=TODAY - 9 * DAY, signed_on=TODAY - 3 * DAY
        )
        services.create_task_force(project, pm_a.user, by=pm_a)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("taskforces:list"))
    assert len(three) == len(one)


def test_a_missing_weekly_report_is_flagged_after_the_deadline(task_force, pm_a, zone_a):
    TaskForceSettings.objects.create(unit=zone_a, report_weekday=1, report_hour=0)
    html = client_for(pm_a).get(reverse("taskforces:detail", args=[task_force.pk])).content.decode()
    assert 'id="missing-report"' in html


def test_members_and_template_milestones_through_the_page(task_force, pm_a, handler, department_a):
    planned_names = list(MilestoneTemplate.objects.filter(kind="industrial").values_list("name", flat=True))
    assert planned_names  # seeded by a migration
    client = client_for(pm_a)
    added = client.post(
        reverse("taskforces:add_member", args=[task_force.pk]),
        {"user": handler.user.pk, "role": "department_contact", "department": department_a.pk},
    )
    assert added.status_code == 302
    assert task_force.members.filter(user=handler.user, department=department_a).exists()
    planned = client.post(
        reverse("taskforces:apply_template", args=[task_force.pk]),
        {"kind": "industrial", "start_on": TODAY.isoformat()},
    )
    assert planned.status_code == 302
    assert sorted(task_force.milestones.values_list("name", flat=True)) == sorted(planned_names)


def test_a_lead_offers_no_task_force(zone_a, pm_a):
    lead = Project.objects.create(name="线索项目", unit=zone_a, stage="lead", lead_on=TODAY)
    assert reverse("taskforces:create") not in client_for(pm_a).get(lead.get_absolute_url()).content.decode()
