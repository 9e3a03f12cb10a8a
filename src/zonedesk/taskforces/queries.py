"""Reads on task forces: derived statuses, a person's digest, missing weekly reports, the approval timeline."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.models import Unit
from zonedesk.projects.stages import Stage

from .models import (
    Approval,
    ElementNeed,
    Milestone,
    NeedStatus,
    Task,
    TaskForce,
    TaskForceSettings,
    TaskStatus,
    WeeklyReport,
)

DUE_SOON_WORKDAYS = 3
REPORT_ZONE = ZoneInfo("Asia/Shanghai")


class ItemStatus(StrEnum):
    DONE = "done"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"


class Escalation(StrEnum):
    NONE = ""
    TASK_FORCE_LEADER = "task_force_leader"
    LINKED_LEADER = "linked_leader"


def deadline_status(due_on: date, today: date, calendar: WorkCalendar) -> ItemStatus:
    """Overdue once the day has passed; due soon when at most 3 working days lie between today and it."""
    if due_on < today:
        return ItemStatus.OVERDUE
    if calendar.between(today, due_on) <= DUE_SOON_WORKDAYS:
        return ItemStatus.DUE_SOON
    return ItemStatus.ON_TRACK


def milestone_status(milestone: Milestone, today: date, calendar: WorkCalendar | None = None) -> ItemStatus:
    """done / overdue / due_soon / on_track of a milestone on a day."""
    if milestone.actual_on is not None:
        return ItemStatus.DONE
    return deadline_status(milestone.planned_on, today, calendar or WorkCalendar())


def task_status(task: Task, today: date, calendar: WorkCalendar | None = None) -> ItemStatus:
    """done / cancelled / overdue / due_soon / on_track of a responsibility item on a day."""
    if task.status == TaskStatus.DONE:
        return ItemStatus.DONE
    if task.status == TaskStatus.CANCELLED:
        return ItemStatus.CANCELLED
    return deadline_status(task.deadline, today, calendar or WorkCalendar())


def need_status(need: ElementNeed, today: date, calendar: WorkCalendar | None = None) -> ItemStatus:
    """done / overdue / due_soon / on_track of an element need (on track when it has no deadline)."""
    if need.status == NeedStatus.RESOLVED:
        return ItemStatus.DONE
    if need.deadline is None:
        return ItemStatus.ON_TRACK
    return deadline_status(need.deadline, today, calendar or WorkCalendar())


def due_horizon(today: date, calendar: WorkCalendar) -> date:
    """The last day that is still "due soon" from today: the day before the 4th working day."""
    return calendar.add(today, DUE_SOON_WORKDAYS + 1) - timedelta(days=1)


@dataclass
class DigestItem:
    """One line of a person's daily digest (日督促)."""

    kind: str  # "task" or "milestone"
    obj: Task | Milestone
    due_on: date
    status: ItemStatus


def my_items(user, today: date, calendar: WorkCalendar | None = None) -> list[DigestItem]:
    """A person's open tasks and the open milestones of task forces they lead, overdue or due within 3 working days."""
    calendar = calendar or WorkCalendar()
    horizon = due_horizon(today, calendar)
    tasks = (
        Task.objects.visible_to(user)
        .filter(owner=user, status=TaskStatus.OPEN, deadline__lte=horizon)
        .select_related("task_force__project")
    )
    milestones = (
        Milestone.objects.visible_to(user)
        .filter(task_force__leader=user, actual_on__isnull=True, planned_on__lte=horizon)
        .select_related("task_force__project")
    )
    items = [DigestItem("task", t, t.deadline, task_status(t, today, calendar)) for t in tasks]
    items += [DigestItem("milestone", m, m.planned_on, milestone_status(m, today, calendar)) for m in milestones]
    return sorted(items, key=lambda item: (item.due_on, item.kind, item.obj.pk))


def todo_tasks(user) -> QuerySet[Task]:
    """The open tasks assigned to the user or to a department in their units (a handler's to-do list)."""
    units = Unit.objects.visible_to(user)
    mine = Q(owner_department__in=units) | Q(owner=user)
    return Task.objects.visible_to(user).filter(mine, status=TaskStatus.OPEN).select_related("task_force__project")


def todo_needs(user) -> QuerySet[ElementNeed]:
    """The open element needs assigned to a department in the user's units."""
    units = Unit.objects.visible_to(user)
    needs = ElementNeed.objects.visible_to(user).filter(owner_department__in=units, status=NeedStatus.OPEN)
    return needs.select_related("task_force__project").order_by("deadline", "pk")


def settings_for(unit: Unit) -> TaskForceSettings:
    """The settings of the nearest unit up the tree that has them (unsaved defaults otherwise)."""
    return settings_by_unit([unit])[unit.pk]


def settings_by_unit(units: list[Unit]) -> dict[int, TaskForceSettings]:
    """settings_for() of many units in one query."""
    chains = {u.pk: [int(p) for p in u.path.strip("/").split("/") if p] for u in units}
    ids = {i for chain in chains.values() for i in chain}
    found = {s.unit_id: s for s in TaskForceSettings.objects.filter(unit_id__in=ids)}
    out = {}
    for unit in units:
        nearest = next((found[i] for i in reversed(chains[unit.pk]) if i in found), None)
        out[unit.pk] = nearest or TaskForceSettings(unit=unit)
    return out


def escalation(due_on: date, today: date, calendar: WorkCalendar, settings: TaskForceSettings) -> Escalation:
    """Whom a late open item goes up to: after N working days the task-force leader, after M the linked leader."""
    late = calendar.between(due_on, today)
    if late >= settings.escalate_linked_after_days:
        return Escalation.LINKED_LEADER
    if late >= settings.escalate_after_days:
        return Escalation.TASK_FORCE_LEADER
    return Escalation.NONE


def report_deadline(iso_year: int, iso_week: int, settings: TaskForceSettings) -> datetime:
    """When the week's report is due: the unit's weekday and hour of that ISO week, Beijing time."""
    day = date.fromisocalendar(iso_year, iso_week, settings.report_weekday)
    return datetime.combine(day, time(settings.report_hour), tzinfo=REPORT_ZONE)


def missing_weekly_reports(user, iso_year: int, iso_week: int, now: datetime) -> list[TaskForce]:
    """Task forces the user sees that have no report for the week once its deadline has passed."""
    reported = WeeklyReport.objects.filter(task_force=OuterRef("pk"), iso_year=iso_year, iso_week=iso_week)
    candidates = list(
        TaskForce.objects.visible_to(user)
        .exclude(project__stage=Stage.DROPPED)
        .filter(~Exists(reported))
        .select_related("project", "unit")
    )
    settings = settings_by_unit(list({tf.unit_id: tf.unit for tf in candidates}.values()))
    missing = []
    for task_force in candidates:
        deadline = report_deadline(iso_year, iso_week, settings[task_force.unit_id])
        if now >= deadline and task_force.created_on <= deadline.date():
            missing.append(task_force)
    return missing


@dataclass
class Span:
    """An approval item's span on the timeline (actual dates once recorded, planned before)."""

    approval: Approval
    start: date | None
    end: date | None
    is_actual: bool

    @property
    def days(self) -> int | None:
        return (self.end - self.start).days if self.start and self.end else None


@dataclass
class ApprovalTimeline:
    """Parallel approvals (串联变并联): elapsed days from first start to last end against the sum of durations."""

    spans: list[Span] = field(default_factory=list)
    elapsed_days: int = 0
    sum_of_days: int = 0

    @property
    def days_saved(self) -> int:
        return max(0, self.sum_of_days - self.elapsed_days)


def approval_timeline(task_force: TaskForce) -> ApprovalTimeline:
    """The approval items of a task force as spans, with the days saved by running them in parallel."""
    spans = []
    for approval in Approval.objects.filter(task_force=task_force).order_by("pk"):
        is_actual = approval.actual_start is not None
        start = approval.actual_start if is_actual else approval.planned_start
        end = approval.actual_end if is_actual else approval.planned_end
        spans.append(Span(approval, start, end, is_actual))
    spans.sort(key=lambda s: (s.start or date.max, s.approval.pk))
    complete = [s for s in spans if s.days is not None]
    if not complete:
        return ApprovalTimeline(spans=spans)
    elapsed = (max(s.end for s in complete) - min(s.start for s in complete)).days
    return ApprovalTimeline(spans=spans, elapsed_days=elapsed, sum_of_days=sum(s.days for s in complete))
