from datetime import date, timedelta

import pytest
from django.utils import timezone

from zonedesk.common.workdays import WorkCalendar
from zonedesk.taskforces import services
from zonedesk.taskforces.models import Milestone, Task, TaskForceSettings, TaskStatus
from zonedesk.taskforces.queries import (
    Escalation,
    ItemStatus,
    approval_timeline,
    escalation,
    milestone_status,
    my_items,
    task_status,
)

TODAY = timezone.localdate()
DAY = timedelta(days=1)


def planned(day: date, **extra) -> Milestone:
    return Milestone(name="开工", planned_on=day, **extra)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # National Day and Mid-Autumn 2025: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
        (date(2025, 9, 26), ItemStatus.ON_TRACK),  # 28, 29, 30 September and 9 October: 4 working days
        (date(2025, 9, 28), ItemStatus.DUE_SOON),  # 29, 30 September and 9 October
        (date(2025, 9, 30), ItemStatus.DUE_SOON),  # only 9 October lies between
        (date(2025, 10, 9), ItemStatus.DUE_SOON),
        (date(2025, 10, 10), ItemStatus.OVERDUE),
    ],
)
def test_a_milestone_after_national_day_counts_working_days_only(today, expected):
    assert milestone_status(planned(date(2025, 10, 9)), today) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Spring Festival 2025: 28 January – 4 February off, Sunday 26 January and Saturday 8 February worked.
        (date(2025, 1, 24), ItemStatus.ON_TRACK),  # 26, 27 January, 5, 6 February
        (date(2025, 1, 26), ItemStatus.DUE_SOON),  # 27 January, 5, 6 February
        (date(2025, 2, 1), ItemStatus.DUE_SOON),
    ],
)
def test_a_milestone_after_spring_festival_counts_working_days_only(today, expected):
    assert milestone_status(planned(date(2025, 2, 6)), today) == expected


@pytest.mark.django_db
def test_a_year_the_calendar_does_not_know_counts_weekends_only_and_says_so():
    calendar = WorkCalendar()
    # Without holiday data 1–9 October 2031 holds seven working days: the milestone looks on track.
    assert milestone_status(planned(date(2031, 10, 9)), date(2031, 9, 30), calendar) == ItemStatus.ON_TRACK
    assert calendar.unknown_years(date(2031, 10, 9)) == [2031]


@pytest.mark.django_db
def test_a_reached_milestone_and_a_closed_task_are_done_whatever_the_date():
    assert milestone_status(planned(date(2025, 1, 1), actual_on=date(2025, 1, 3)), date(2025, 6, 1)) == "done"
    task = Task(deadline=date(2025, 1, 1), status=TaskStatus.CANCELLED)
    assert task_status(task, date(2025, 6, 1)) == ItemStatus.CANCELLED
    task.status = TaskStatus.OPEN
    assert task_status(task, date(2025, 6, 1)) == ItemStatus.OVERDUE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 10, 9), Escalation.NONE),  # one working day late
        (date(2025, 10, 10), Escalation.TASK_FORCE_LEADER),  # two
        (date(2025, 10, 13), Escalation.TASK_FORCE_LEADER),  # four: Saturday 11 October was worked
        (date(2025, 10, 14), Escalation.LINKED_LEADER),  # five
    ],
)
def test_an_overdue_item_goes_up_after_n_then_m_working_days(today, expected):
    settings = TaskForceSettings(escalate_after_days=2, escalate_linked_after_days=5)
    assert escalation(date(2025, 9, 30), today, WorkCalendar(), settings) == expected


def test_my_digest_holds_my_tasks_and_my_milestones_due_soon_or_overdue(task_force, pm_a, handler, department_a):
    mine = services.add_task(task_force, title="报送周调度", deadline=TODAY, owner=pm_a.user, by=pm_a)
    services.add_task(task_force, title="他人事项", deadline=TODAY, owner=handler.user, by=pm_a)
    services.add_task(task_force, title="远期事项", deadline=TODAY + 60 * DAY, owner=pm_a.user, by=pm_a)
    late = services.add_milestone(task_force, name="施工许可", planned_on=TODAY - DAY, by=pm_a)
    services.add_milestone(task_force, name="竣工验收", planned_on=TODAY + 60 * DAY, by=pm_a)
    reached = services.add_milestone(task_force, name="土地摘牌", planned_on=TODAY - 5 * DAY, by=pm_a)
    services.record_milestone_actual(reached, TODAY - 6 * DAY, by=pm_a)
    items = my_items(pm_a.user, TODAY)
    assert [(i.kind, i.obj.pk, i.status) for i in items] == [
        ("milestone", late.pk, ItemStatus.OVERDUE),
        ("task", mine.pk, ItemStatus.DUE_SOON),
    ]
    assert [i.obj.title for i in my_items(handler.user, TODAY)] == ["他人事项"]


def test_my_digest_leaves_out_other_zones(task_force, pm_a, investment_b):
    services.add_milestone(task_force, name="施工许可", planned_on=TODAY - DAY, by=pm_a)
    assert my_items(investment_b.user, TODAY) == []


def test_parallel_approvals_show_the_days_saved(task_force, pm_a):
    def approval(item, start, end):
        return services.add_approval(task_force, item=item, planned_start=start, planned_end=end, by=pm_a)

    approval("用地规划许可", date(2025, 3, 1), date(2025, 3, 31))  # 30 days
    approval("工程规划许可", date(2025, 3, 11), date(2025, 4, 10))  # 30 days
    permit = approval("施工许可", date(2025, 5, 1), date(2025, 5, 31))
    services.record_approval_dates(permit, actual_start=date(2025, 3, 21), actual_end=date(2025, 4, 20), by=pm_a)
    approval("环评", date(2025, 3, 5), None)  # no end yet: shown, not counted
    timeline = approval_timeline(task_force)
    assert [s.approval.item for s in timeline.spans] == ["用地规划许可", "环评", "工程规划许可", "施工许可"]
    assert timeline.spans[-1].is_actual and timeline.spans[-1].days == 30
    assert (timeline.elapsed_days, timeline.sum_of_days, timeline.days_saved) == (50, 90, 40)


def test_serial_approvals_save_nothing(task_force, pm_a):
    services.add_approval(
        task_force, item="用地规划许可", planned_start=date(2025, 3, 1), planned_end=date(2025, 3, 31), by=pm_a
    )
    services.add_approval(
        task_force, item="施工许可", planned_start=date(2025, 4, 10), planned_end=date(2025, 4, 30), by=pm_a
    )
    timeline = approval_timeline(task_force)
    assert (timeline.elapsed_days, timeline.sum_of_days, timeline.days_saved) == (60, 50, 0)
