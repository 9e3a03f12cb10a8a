from datetime import date, timedelta

import pytest
from django.utils import timezone

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.orgs.models import Event, Unit
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage
from zonedesk.taskforces import services
from zonedesk.taskforces.models import (
    Approval,
    MemberRole,
    Milestone,
    MilestoneTemplate,
    TaskForce,
    TaskForceMember,
)

TODAY = timezone.localdate()
DAY = timedelta(days=1)


def test_setting_up_a_task_force_names_its_leader_and_writes_one_event(task_force, project, pm_a, zone_a):
    assert task_force.project == project and task_force.unit == zone_a and task_force.leader == pm_a.user
    assert TaskForceMember.objects.get(task_force=task_force).role == MemberRole.LEADER
    assert Event.objects.filter(verb="taskforce.created").count() == 1


def test_a_lead_gets_no_task_force_unless_it_is_a_key_project(project, pm_a):
    Project.objects.filter(pk=project.pk).update(stage=Stage.LEAD, signed_on=None)
    with pytest.raises(Rejected) as exc:
        services.create_task_force(project, pm_a.user, by=pm_a)
    assert exc.value.field == "project"
    Project.objects.filter(pk=project.pk).update(key_level="city")
    assert services.create_task_force(project, pm_a.user, by=pm_a).project_id == project.pk


def test_a_project_has_one_task_force(task_force, project, leader):
    with pytest.raises(Rejected):
        services.create_task_force(project, leader.user, by=leader)
    assert TaskForce.objects.count() == 1


def test_zone_b_cannot_see_the_project(project, investment_b):
    with pytest.raises(Project.DoesNotExist):
        services.create_task_force(project, investment_b.user, by=investment_b)


def test_a_service_officer_cannot_set_up_or_manage_a_task_force(project, task_force, officer_a):
    with pytest.raises(Forbidden):
        services.add_milestone(task_force, name="开工", planned_on=TODAY, by=officer_a)
    assert not Milestone.objects.exists()


def test_zone_b_cannot_see_the_task_force(task_force, investment_b):
    with pytest.raises(TaskForce.DoesNotExist):
        services.add_milestone(task_force, name="开工", planned_on=TODAY, by=investment_b)


def test_a_department_contact_needs_a_department(task_force, pm_a, handler, department_a):
    with pytest.raises(Rejected) as exc:
        services.add_member(task_force, handler.user, MemberRole.DEPARTMENT_CONTACT, by=pm_a)
    assert exc.value.field == "department"
    member = services.add_member(
        task_force, handler.user, MemberRole.DEPARTMENT_CONTACT, by=pm_a, department=department_a
    )
    assert member.department == department_a
    assert Event.objects.filter(verb="taskforce.member_added").count() == 1
    with pytest.raises(Rejected):
        services.add_member(task_force, handler.user, MemberRole.DEPUTY, by=pm_a)


def test_a_zone_b_person_cannot_join_a_zone_a_task_force(task_force, pm_a, investment_b):
    with pytest.raises(Rejected) as exc:
        services.add_member(task_force, investment_b.user, MemberRole.DEPUTY, by=pm_a)
    assert exc.value.field == "user"


def test_the_shipped_templates_plan_the_milestones_in_order(task_force, pm_a):
    assert MilestoneTemplate.objects.filter(kind="industrial").count() == 8
    start = date(2025, 3, 3)
    created = services.apply_milestone_template(task_force, "industrial", start_on=start, by=pm_a)
    assert [m.name for m in created][:3] == ["土地摘牌", "规划许可", "施工许可"]
    assert created[0].planned_on == start and created[-1].name == "投产"
    assert Event.objects.filter(verb="milestone.template_applied").count() == 1
    with pytest.raises(Rejected):
        services.apply_milestone_template(task_force, "industrial", start_on=start, by=pm_a)


def test_a_milestone_is_reached_today_or_earlier_never_in_the_future(task_force, pm_a):
    milestone = services.add_milestone(task_force, name="开工", planned_on="2025年3月1日", by=pm_a)
    assert milestone.planned_on == date(2025, 3, 1)
    with pytest.raises(Rejected) as exc:
        services.record_milestone_actual(milestone, TODAY + DAY, by=pm_a)
    assert exc.value.field == "actual_on"
    reached = services.record_milestone_actual(milestone, TODAY - DAY, by=pm_a)
    assert reached.actual_on == TODAY - DAY
    assert Event.objects.filter(verb="milestone.actual_recorded").count() == 1


def test_an_outsider_cannot_record_a_milestone(task_force, pm_a, investment_b, officer_a):
    milestone = services.add_milestone(task_force, name="开工", planned_on=TODAY, by=pm_a)
    with pytest.raises(Milestone.DoesNotExist):
        services.record_milestone_actual(milestone, TODAY, by=investment_b)
    with pytest.raises(Forbidden):
        services.record_milestone_actual(milestone, TODAY, by=officer_a)


def test_approval_dates_are_checked_and_recorded(task_force, pm_a, department_a):
    approval = services.add_approval(
        task_force,
        item="施工许可",
        department=department_a,
        planned_start=TODAY - 30 * DAY,
        planned_end=TODAY,
        by=pm_a,
    )
    with pytest.raises(Rejected) as backwards:
        services.record_approval_dates(approval, actual_start=TODAY - DAY, actual_end=TODAY - 2 * DAY, by=pm_a)
    assert backwards.value.field == "actual_end"
    with pytest.raises(Rejected) as future:
        services.record_approval_dates(approval, actual_start=TODAY + DAY, by=pm_a)
    assert future.value.field == "actual_start"
    services.record_approval_dates(approval, actual_start=TODAY - 10 * DAY, by=pm_a)
    done = services.record_approval_dates(approval, actual_end=TODAY - 2 * DAY, by=pm_a)
    assert (done.actual_start, done.actual_end) == (TODAY - 10 * DAY, TODAY - 2 * DAY)
    assert Event.objects.filter(verb="approval.added").count() == 1
    assert Event.objects.filter(verb="approval.dates_recorded").count() == 2
    assert Approval.objects.visible_to(pm_a.user).count() == 1


def test_a_planned_milestone_can_be_moved_with_one_event(task_force, pm_a, officer_a):
    milestone = services.add_milestone(task_force, name="开工", planned_on=date(2025, 3, 1), by=pm_a)
    with pytest.raises(Forbidden):
        services.reschedule_milestone(milestone, planned_on=date(2025, 4, 1), by=officer_a)
    moved = services.reschedule_milestone(milestone, planned_on="2025/4/1", by=pm_a)
    assert moved.planned_on == date(2025, 4, 1)
    services.reschedule_milestone(milestone, planned_on=date(2025, 4, 1), by=pm_a)  # no change, no event
    event = Event.objects.get(verb="milestone.rescheduled")
    assert event.before == {"planned_on": "2025-03-01"} and event.after == {"planned_on": "2025-04-01"}


def test_a_leader_sets_the_units_deadline_and_escalation(zone_a, leader, pm_a, investment_b):
    with pytest.raises(Forbidden):
        services.set_task_force_settings(zone_a, {"report_hour": 12}, by=pm_a)
    with pytest.raises(Unit.DoesNotExist):
        services.set_task_force_settings(zone_a, {"report_hour": 12}, by=investment_b)
    with pytest.raises(Rejected) as exc:
        services.set_task_force_settings(zone_a, {"report_weekday": 8}, by=leader)
    assert exc.value.field == "report_weekday"
    with pytest.raises(Rejected) as order:
        services.set_task_force_settings(zone_a, {"escalate_after_days": 6}, by=leader)
    assert order.value.field == "escalate_linked_after_days"
    settings = services.set_task_force_settings(zone_a, {"report_weekday": 4, "report_hour": "12"}, by=leader)
    assert (settings.report_weekday, settings.report_hour, settings.escalate_after_days) == (4, 12, 2)
    assert Event.objects.filter(verb="taskforce.settings_set").count() == 1
