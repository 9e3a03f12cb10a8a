from datetime import timedelta

import pytest
from django.utils import timezone

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.models import Event, UnitKind
from zonedesk.taskforces import services
from zonedesk.taskforces.models import ElementNeed, NeedKind, NeedStatus, Task, TaskForce, TaskNote, TaskStatus
from zonedesk.taskforces.queries import todo_needs, todo_tasks

from ..factories import UnitFactory

TODAY = timezone.localdate()
DAY = timedelta(days=1)


@pytest.fixture
def other_department(zone_a):
    return UnitFactory(name="自然资源规划局", kind=UnitKind.DEPARTMENT, parent=zone_a)


@pytest.fixture
def task(task_force, pm_a, department_a, handler):
    return services.add_task(
        task_force,
        title="办理施工许可证",
        deadline=TODAY + 5 * DAY,
        owner_department=department_a,
        owner=handler.user,
        by=pm_a,
    )


@pytest.fixture
def other_task(task_force, pm_a, other_department):
    return services.add_task(
        task_force, title="完成土地摘牌", deadline=TODAY + 5 * DAY, owner_department=other_department, by=pm_a
    )


def test_adding_a_task_writes_one_event(task, department_a, handler):
    assert task.status == TaskStatus.OPEN and task.owner_department == department_a and task.owner == handler.user
    assert Event.objects.filter(verb="task.added").count() == 1


def test_a_task_needs_a_title_and_a_readable_deadline(task_force, pm_a):
    with pytest.raises(Rejected) as title:
        services.add_task(task_force, title=" ", deadline=TODAY, by=pm_a)
    with pytest.raises(Rejected) as deadline:
        services.add_task(task_force, title="办证", deadline="下周", by=pm_a)
    assert (title.value.field, deadline.value.field) == ("title", "deadline")
    assert not Task.objects.exists()


def test_completing_twice_is_a_conflict(task, pm_a, leader):
    done = services.complete_task(task, by=pm_a)
    assert done.status == TaskStatus.DONE and done.done_on == TODAY and done.version == 2
    with pytest.raises(Conflict):
        services.complete_task(task, by=leader)
    assert Event.objects.filter(verb="task.completed").count() == 1


def test_a_closed_task_takes_no_progress_note(task, pm_a):
    services.complete_task(task, by=pm_a)
    with pytest.raises(Rejected):
        services.update_task_progress(task, "已提交材料", by=pm_a)


def test_the_handler_sees_notes_and_completes_his_departments_task(task, other_task, handler):
    assert list(Task.objects.visible_to(handler.user)) == [task]
    note = services.update_task_progress(task, "材料已受理", by=handler)
    assert TaskNote.objects.visible_to(handler.user).get() == note and note.by == handler.user
    assert Event.objects.filter(verb="task.progress_noted").count() == 1
    assert services.complete_task(task, by=handler).status == TaskStatus.DONE


def test_the_handler_cannot_touch_another_departments_task(other_task, handler):
    with pytest.raises(Task.DoesNotExist):
        services.complete_task(other_task, by=handler)
    with pytest.raises(Task.DoesNotExist):
        services.update_task_progress(other_task, "x", by=handler)


def test_the_handler_cannot_add_tasks(task_force, handler):
    with pytest.raises(TaskForce.DoesNotExist):
        services.add_task(task_force, title="办证", deadline=TODAY, by=handler)


def test_a_service_officer_sees_the_task_but_cannot_complete_it(task, officer_a):
    with pytest.raises(Forbidden):
        services.complete_task(task, by=officer_a)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_zone_b_cannot_see_the_task(task, investment_b):
    with pytest.raises(Task.DoesNotExist):
        services.complete_task(task, by=investment_b)


def test_an_element_need_is_resolved_once_by_its_department(task_force, pm_a, handler, department_a):
    need = services.add_element_need(
        task_force,
        kind=NeedKind.LAND,
        description="新增用地指标",
        quantity="150亩",
        owner_department=department_a,
        deadline=TODAY + 10 * DAY,
        by=pm_a,
    )
    assert ElementNeed.objects.visible_to(handler.user).get() == need
    assert Event.objects.filter(verb="element_need.added").count() == 1
    resolved = services.resolve_element_need(need, by=handler)
    assert resolved.status == NeedStatus.RESOLVED and resolved.resolved_on == TODAY
    with pytest.raises(Conflict):
        services.resolve_element_need(need, by=pm_a)
    assert Event.objects.filter(verb="element_need.resolved").count() == 1


def test_an_element_need_has_a_known_kind(task_force, pm_a):
    with pytest.raises(Rejected) as exc:
        services.add_element_need(task_force, kind="gas", description="天然气", by=pm_a)
    assert exc.value.field == "kind"


def test_a_need_of_another_department_is_out_of_the_handlers_sight(task_force, pm_a, handler, other_department):
    need = services.add_element_need(
        task_force, kind=NeedKind.POWER, description="双回路供电", owner_department=other_department, by=pm_a
    )
    with pytest.raises(ElementNeed.DoesNotExist):
        services.resolve_element_need(need, by=handler)


def test_a_blocker_becomes_an_element_need_in_one_call(task_force, pm_a, department_a):
    report = services.submit_weekly_report(
        task_force, {"progress": "桩基施工", "blockers": "用工缺口200人"}, by=pm_a, iso_year=2025, iso_week=10
    )
    need = services.element_need_from_blocker(report, "", kind=NeedKind.LABOUR, owner_department=department_a, by=pm_a)
    assert need.description == "用工缺口200人" and need.from_report == report and need.kind == NeedKind.LABOUR
    assert Event.objects.filter(verb="element_need.raised_from_blocker").count() == 1


def test_the_person_named_on_a_task_sees_and_completes_it_without_a_department(task_force, pm_a, handler):
    task = services.add_task(task_force, title="协调施工用电", deadline=TODAY, owner=handler.user, by=pm_a)
    assert list(Task.objects.visible_to(handler.user)) == [task]
    assert services.complete_task(task, by=handler).status == TaskStatus.DONE


def test_cancelling_needs_a_reason_and_closes_the_item_once(task, pm_a, handler):
    with pytest.raises(Forbidden):
        services.cancel_task(task, "规划调整", by=handler)
    with pytest.raises(Rejected) as exc:
        services.cancel_task(task, " ", by=pm_a)
    assert exc.value.field == "reason"
    cancelled = services.cancel_task(task, "规划调整，不再需要", by=pm_a)
    assert cancelled.status == TaskStatus.CANCELLED and cancelled.done_on is None
    with pytest.raises(Conflict):
        services.complete_task(task, by=pm_a)
    assert Event.objects.filter(verb="task.cancelled").count() == 1


def test_the_handlers_to_do_list_holds_the_open_work_of_his_department(task, other_task, handler, pm_a):
    need = services.add_element_need(
        task_force=task.task_force,
        kind=NeedKind.APPROVAL,
        description="环评批复",
        owner_department=task.owner_department,
        by=pm_a,
    )
    assert list(todo_tasks(handler.user)) == [task]
    assert list(todo_needs(handler.user)) == [need]
    services.complete_task(task, by=handler)
    assert list(todo_tasks(handler.user)) == []
