"""Setting a task force up: the task force, its members, its milestones and its approval items."""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor, changes, record, snapshot
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.models import Project
from zonedesk.projects.stages import SIGNED_ON, Kind, Stage

from ..models import (
    Approval,
    MemberRole,
    Milestone,
    MilestoneTemplate,
    ProjectKind,
    TaskForce,
    TaskForceMember,
)
from .base import a_date, a_department, a_past_date, a_staff_user, a_text, in_scope


def locked_task_force(task_force: TaskForce, by: Actor) -> TaskForce:
    """The task force locked for a change, if the actor sees it (404) and may manage it (403)."""
    locked = in_scope(TaskForce, by).select_for_update().get(pk=task_force.pk)
    ensure_can(by, "taskforce.manage", locked.unit)
    return locked


@transaction.atomic(durable=True)
def create_task_force(project: Project, leader, *, by: Actor, created_on=None) -> TaskForce:
    """Set up the task force of a signed (or later) or key project, or of one of the zone's facilities, led by
    `leader`."""
    project = in_scope(Project, by).select_for_update().get(pk=project.pk)
    ensure_can(by, "taskforce.manage", project.unit)
    worth_one = project.kind == Kind.FACILITY or project.stage in SIGNED_ON or project.key_level
    if project.stage == Stage.DROPPED or not worth_one:
        raise Rejected("project", _("A task force is set up for a signed or key project."))
    if TaskForce.objects.filter(project=project).exists():
        raise Rejected("project", _("This project already has a task force."))
    leader = a_staff_user(leader, "leader", by)
    created_on = a_past_date(created_on, "created_on")
    task_force = TaskForce.objects.create(project=project, unit=project.unit, leader=leader, created_on=created_on)
    TaskForceMember.objects.create(task_force=task_force, user=leader, role=MemberRole.LEADER)
    record(by, "taskforce.created", task_force, after={"project": project.pk, "leader": leader.pk})
    return task_force


@transaction.atomic(durable=True)
def add_member(task_force: TaskForce, user, role: str, *, by: Actor, department=None) -> TaskForceMember:
    """Put a person on the task force as leader, deputy or the contact of a department."""
    task_force = locked_task_force(task_force, by)
    if role not in MemberRole.values:
        raise Rejected("role", _("Choose a role on the task force."))
    user = a_staff_user(user, "user", by)
    department = a_department(department, "department", by)
    if role == MemberRole.DEPARTMENT_CONTACT and department is None:
        raise Rejected("department", _("A department contact speaks for a department: choose it."))
    if task_force.members.filter(user=user).exists():
        raise Rejected("user", _("This person is already on the task force."))
    member = TaskForceMember.objects.create(task_force=task_force, user=user, role=role, department=department)
    after = {"user": user.pk, "role": role, "department": department}
    record(by, "taskforce.member_added", task_force, after=after)
    return member


@transaction.atomic(durable=True)
def apply_milestone_template(task_force: TaskForce, kind: str, *, start_on, by: Actor) -> list[Milestone]:
    """Plan the template milestones of a kind of project from a start date (names already planned are kept)."""
    task_force = locked_task_force(task_force, by)
    if kind not in ProjectKind.values:
        raise Rejected("kind", _("Choose a kind of project."))
    start_on = a_date(start_on, "start_on")
    existing = set(task_force.milestones.values_list("name", flat=True))
    templates = [t for t in MilestoneTemplate.objects.filter(kind=kind) if t.name not in existing]
    if not templates:
        raise Rejected("kind", _("There is no milestone left to plan from this template."))
    created = Milestone.objects.bulk_create(
        Milestone(
            task_force=task_force,
            name=t.name,
            planned_on=start_on + timedelta(days=t.offset_days),
            order=t.order,
        )
        for t in templates
    )
    record(
        by,
        "milestone.template_applied",
        task_force,
        after={"kind": kind, "start_on": start_on, "milestones": [m.name for m in created]},
    )
    return created


@transaction.atomic(durable=True)
def add_milestone(task_force: TaskForce, *, name: str, planned_on, by: Actor, order: int | None = None) -> Milestone:
    """Add a milestone with its planned date."""
    task_force = locked_task_force(task_force, by)
    name = a_text(name, "name")
    planned_on = a_date(planned_on, "planned_on")
    if order is None:
        order = (task_force.milestones.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    milestone = Milestone.objects.create(task_force=task_force, name=name, planned_on=planned_on, order=order)
    record(by, "milestone.added", milestone, after={"name": name, "planned_on": planned_on}, unit=task_force.unit)
    return milestone


@transaction.atomic(durable=True)
def record_milestone_actual(milestone: Milestone, on, *, by: Actor) -> Milestone:
    """Record the day a milestone was reached (today or earlier)."""
    milestone = in_scope(Milestone, by).select_for_update().select_related("task_force").get(pk=milestone.pk)
    ensure_can(by, "taskforce.manage", milestone.task_force.unit)
    on = a_past_date(on, "actual_on")
    before = {"actual_on": milestone.actual_on}
    milestone.actual_on = on
    milestone.save(update_fields=["actual_on"])
    record(
        by,
        "milestone.actual_recorded",
        milestone,
        before=before,
        after={"actual_on": on},
        unit=milestone.task_force.unit,
    )
    return milestone


@transaction.atomic(durable=True)
def reschedule_milestone(milestone: Milestone, *, by: Actor, name: str | None = None, planned_on=None) -> Milestone:
    """Rename a milestone or move its planned date (a template's plan is only a first draft)."""
    milestone = in_scope(Milestone, by).select_for_update().select_related("task_force").get(pk=milestone.pk)
    ensure_can(by, "taskforce.manage", milestone.task_force.unit)
    before = snapshot(milestone, ["name", "planned_on"])
    if name is not None:
        milestone.name = a_text(name, "name")
    if planned_on is not None:
        milestone.planned_on = a_date(planned_on, "planned_on")
    before, after = changes(before, snapshot(milestone, ["name", "planned_on"]))
    if after:
        milestone.save(update_fields=["name", "planned_on"])
        record(by, "milestone.rescheduled", milestone, before=before, after=after, unit=milestone.task_force.unit)
    return milestone


def _span(start, end, start_field: str, end_field: str, *, past: bool) -> tuple:
    read = a_past_date if past else a_date
    start = read(start, start_field) if start not in (None, "") else None
    end = read(end, end_field) if end not in (None, "") else None
    if start and end and end < start:
        raise Rejected(end_field, _("The end is before the start."))
    return start, end


@transaction.atomic(durable=True)
def add_approval(
    task_force: TaskForce, *, item: str, by: Actor, department=None, planned_start=None, planned_end=None
) -> Approval:
    """Add an approval item (用地规划许可, 施工许可, 环评 …) with its department and planned span."""
    task_force = locked_task_force(task_force, by)
    item = a_text(item, "item")
    department = a_department(department, "department", by)
    planned_start, planned_end = _span(planned_start, planned_end, "planned_start", "planned_end", past=False)
    approval = Approval.objects.create(
        task_force=task_force, item=item, department=department, planned_start=planned_start, planned_end=planned_end
    )
    after = {"item": item, "department": department, "planned_start": planned_start, "planned_end": planned_end}
    record(by, "approval.added", approval, after=after, unit=task_force.unit)
    return approval


@transaction.atomic(durable=True)
def record_approval_dates(approval: Approval, *, by: Actor, actual_start=None, actual_end=None) -> Approval:
    """Record when an approval item actually started and ended (not in the future; end after start)."""
    approval = in_scope(Approval, by).select_for_update().select_related("task_force").get(pk=approval.pk)
    ensure_can(by, "taskforce.manage", approval.task_force.unit)
    start, end = _span(
        actual_start if actual_start is not None else approval.actual_start,
        actual_end if actual_end is not None else approval.actual_end,
        "actual_start",
        "actual_end",
        past=True,
    )
    if end and not start:
        raise Rejected("actual_start", _("Record the start of the approval first."))
    before = {"actual_start": approval.actual_start, "actual_end": approval.actual_end}
    approval.actual_start, approval.actual_end = start, end
    approval.save(update_fields=["actual_start", "actual_end"])
    record(
        by,
        "approval.dates_recorded",
        approval,
        before=before,
        after={"actual_start": start, "actual_end": end},
        unit=approval.task_force.unit,
    )
    return approval
