"""日督促: digests on working-day boundaries, escalation after N and M working days, each message once."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from zonedesk.orgs.models import Event
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage
from zonedesk.supervision.jobs import run_due_jobs
from zonedesk.supervision.models import Channel, InboxMessage, OutboxMessage
from zonedesk.taskforces import services
from zonedesk.taskforces.reminders import send_reminders

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


def inbox(user, prefix: str) -> list[InboxMessage]:
    return list(InboxMessage.objects.filter(user=user, dedup_key__startswith=prefix).order_by("pk"))


@pytest.fixture
def late_task(task_force, pm_a, handler, department_a):
    """Due Friday 26 September 2025; Sunday 28 September is a make-up working day, 1–8 October are off."""
    return services.add_task(
        task_force,
        title="办理施工许可",
        deadline=date(2025, 9, 26),
        owner_department=department_a,
        owner=handler.user,
        by=pm_a,
    )


def test_the_digest_holds_items_due_within_3_working_days_across_national_day(task_force, pm_a):
    services.add_task(task_force, title="报送用地预审材料", deadline=date(2025, 10, 9), owner=pm_a.user, by=pm_a)
    services.add_task(task_force, title="远期事项", deadline=date(2025, 10, 13), owner=pm_a.user, by=pm_a)
    services.add_task(task_force, title="补交环评报告", deadline=date(2025, 9, 29), owner=pm_a.user, by=pm_a)
    send_reminders(at(date(2025, 9, 30)))
    [digest] = inbox(pm_a.user, "digest:")
    assert digest.dedup_key == f"digest:{pm_a.user.pk}:2025-09-30"
    assert "报送用地预审材料" in digest.body and "2025-10-09" in digest.body
    assert "补交环评报告" in digest.body
    assert "远期事项" not in digest.body
    assert "1" in digest.title


def test_no_digest_goes_out_on_a_public_holiday(task_force, pm_a):
    services.add_task(task_force, title="报送用地预审材料", deadline=date(2025, 10, 9), owner=pm_a.user, by=pm_a)
    send_reminders(at(date(2025, 10, 3)))
    assert not inbox(pm_a.user, "digest:")


def test_an_overdue_item_goes_to_the_task_force_leader_after_n_working_days(late_task, pm_a, leader):
    send_reminders(at(date(2025, 9, 28)))  # 1 working day late
    assert not inbox(pm_a.user, "escalate:")
    send_reminders(at(date(2025, 9, 29)))  # 2 working days late: N
    [message] = inbox(pm_a.user, "escalate:")
    assert message.dedup_key == f"escalate:task:{late_task.pk}:task_force_leader"
    assert "办理施工许可" in message.title
    assert not inbox(leader.user, "escalate:")


def test_an_overdue_item_goes_to_the_zone_leader_after_m_working_days(late_task, pm_a, leader):
    send_reminders(at(date(2025, 10, 9)))  # 4 working days late: the holiday does not count
    assert not inbox(leader.user, "escalate:")
    send_reminders(at(date(2025, 10, 10)))  # 5: M
    [message] = inbox(leader.user, "escalate:")
    assert message.dedup_key == f"escalate:task:{late_task.pk}:linked_leader"
    assert len(inbox(pm_a.user, "escalate:")) == 1


def test_the_enterprise_linked_leader_is_preferred_to_the_zone_leaders(
    late_task, project, enterprise, leader, officer_a
):
    enterprise.linked_leader = officer_a.user
    enterprise.save()
    Project.objects.filter(pk=project.pk).update(enterprise=enterprise)
    send_reminders(at(date(2025, 10, 10)))
    assert len(inbox(officer_a.user, "escalate:")) == 1
    assert not inbox(leader.user, "escalate:")


def test_running_twice_or_every_minute_sends_each_message_once(late_task, task_force, pm_a, zone_a):
    services.add_task(task_force, title="报送用地预审材料", deadline=date(2025, 10, 9), owner=pm_a.user, by=pm_a)
    Channel.objects.create(unit=zone_a, kind="wecom", webhook_url="http://127.0.0.1:9/robot")
    first = send_reminders(at(date(2025, 10, 10)))
    messages = InboxMessage.objects.count()
    assert first["digests"] >= 1 and first["escalations"] == 2
    second = send_reminders(at(date(2025, 10, 10), hour=15))
    assert not any(second.values())
    assert InboxMessage.objects.count() == messages
    assert OutboxMessage.objects.filter(channel__isnull=False).count() == 1
    assert Event.objects.filter(verb="taskforce.reminders_sent").count() == 1


def test_the_supervise_job_queues_the_reminders_before_delivering(late_task, pm_a):
    counts = run_due_jobs(at(date(2025, 9, 29)))
    assert counts["escalations"] == 1
    assert counts["sent"] == 0


def test_nothing_goes_to_anybody_outside_the_zone(late_task, zone_b, investment_b, leader, officer_b):
    project_b = Project.objects.create(
        name="海河镇精密机械项目", unit=zone_b, stage=Stage.SIGNED, lead_on=date(2025, 1, 1), signed_on=date(2025, 3, 1)
    )
    created_on = timezone.localdate() - timedelta(days=5)
    force_b = services.create_task_force(project_b, investment_b.user, by=investment_b, created_on=created_on)
    services.add_task(force_b, title="海河镇事项", deadline=date(2025, 9, 26), owner=investment_b.user, by=investment_b)
    send_reminders(at(date(2025, 10, 10)))
    assert not InboxMessage.objects.filter(user=officer_b.user).exists()
    assert all("海河镇" not in m.title for m in InboxMessage.objects.filter(user=leader.user))
    assert all("办理施工许可" not in m.title for m in InboxMessage.objects.filter(user=investment_b.user))


def test_a_missing_weekly_report_is_flagged_after_the_friday_deadline_once(task_force, pm_a):
    year, week, _day = timezone.localdate().isocalendar()
    friday = date.fromisocalendar(year, week, 5)
    send_reminders(at(friday, hour=16))
    assert not inbox(pm_a.user, "report_missing:")
    send_reminders(at(friday, hour=18))
    send_reminders(at(friday, hour=19))
    missing = inbox(pm_a.user, "report_missing:")
    assert [m.dedup_key for m in missing] == [f"report_missing:{task_force.pk}:{year}-W{week:02d}"]


@pytest.mark.parametrize(
    ("deadline", "quiet_on", "escalated_on"),
    [
        # Spring Festival 2025: 28 January to 4 February off; 5 and 6 February are the 1st and 2nd working days late.
        (date(2025, 1, 27), date(2025, 2, 5), date(2025, 2, 6)),
        # 2027 is a year the calendar package does not know: weekends only, Monday and Tuesday are days 1 and 2.
        (date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9)),
    ],
)
def test_escalation_counts_working_days_across_spring_festival_and_unknown_years(
    task_force, pm_a, handler, deadline, quiet_on, escalated_on
):
    task = services.add_task(task_force, title="能评批复", deadline=deadline, owner=handler.user, by=pm_a)
    send_reminders(at(quiet_on))
    assert not inbox(pm_a.user, "escalate:")
    send_reminders(at(escalated_on))
    assert [m.dedup_key for m in inbox(pm_a.user, "escalate:")] == [f"escalate:task:{task.pk}:task_force_leader"]


def test_an_overdue_element_need_goes_up_too(task_force, pm_a, leader, department_a):
    need = services.add_element_need(
        task_force, kind="land", description="新增用地", owner_department=department_a, deadline="2025-09-26", by=pm_a
    )
    send_reminders(at(date(2025, 10, 10)))
    assert [m.dedup_key for m in inbox(leader.user, "escalate:")] == [f"escalate:need:{need.pk}:linked_leader"]
