"""API for task forces: milestones, responsibility items, element needs, approvals, weekly reports and to-do."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.api import EventOut
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can
from zonedesk.orgs.roles import Role
from zonedesk.projects.models import Project

from . import services
from .models import Approval, ElementNeed, Milestone, Task, TaskForce
from .queries import milestone_status, my_items, need_status, task_status, todo_needs, todo_tasks
from .views import task_force_events

router = Router(tags=["task forces"])


class TaskForceOut(Schema):
    id: int
    project_id: int
    project_name: str = Field(alias="project.name")
    stage: str = Field(alias="project.stage")
    project_kind: str = Field(alias="project.kind")
    unit_id: int
    leader_id: int
    created_on: date


class MemberOut(Schema):
    user_id: int
    role: str
    department_id: int | None


class TaskForceDetailOut(TaskForceOut):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: TaskForce) -> list:
        return list(obj.members.all())


class TaskForceIn(Schema):
    project_id: int
    leader_id: int


class MilestoneOut(Schema):
    id: int
    task_force_id: int
    name: str
    planned_on: date
    actual_on: date | None
    order: int
    status: str

    @staticmethod
    def resolve_status(obj: Milestone) -> str:
        return str(milestone_status(obj, timezone.localdate(), WorkCalendar()))


class MilestoneIn(Schema):
    name: str
    planned_on: date


class ActualIn(Schema):
    actual_on: date | None = None


class TaskOut(Schema):
    id: int
    task_force_id: int
    title: str
    owner_department_id: int | None
    owner_id: int | None
    deadline: date
    status: str
    deadline_status: str
    done_on: date | None

    @staticmethod
    def resolve_deadline_status(obj: Task) -> str:
        return str(task_status(obj, timezone.localdate(), WorkCalendar()))


class TaskIn(Schema):
    title: str
    deadline: date
    owner_department_id: int | None = None
    owner_id: int | None = None


class NoteIn(Schema):
    text: str


class NoteOut(Schema):
    id: int
    task_id: int
    text: str
    at: datetime


class NeedOut(Schema):
    id: int
    task_force_id: int
    kind: str
    description: str
    quantity: str
    owner_department_id: int | None
    deadline: date | None
    status: str
    deadline_status: str
    resolved_on: date | None
    from_report_id: int | None

    @staticmethod
    def resolve_deadline_status(obj: ElementNeed) -> str:
        return str(need_status(obj, timezone.localdate(), WorkCalendar()))


class NeedIn(Schema):
    kind: str
    description: str
    quantity: str = ""
    owner_department_id: int | None = None
    deadline: date | None = None
    from_report_id: int | None = Field(None, description="Turn a blocker of this weekly report into the need")


class ApprovalOut(Schema):
    id: int
    task_force_id: int
    item: str
    department_id: int | None
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None


class ApprovalIn(Schema):
    item: str
    department_id: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None


class ApprovalDatesIn(Schema):
    actual_start: date | None = None
    actual_end: date | None = None


class WeeklyReportOut(Schema):
    id: int
    task_force_id: int
    iso_year: int
    iso_week: int
    progress: str
    percent_complete: int
    investment_this_week_wan: Decimal
    investment_total_wan: Decimal
    blockers: str
    next_steps: str
    submitted_at: datetime


class WeeklyReportIn(Schema):
    progress: str
    percent_complete: int = 0
    investment_this_week_wan: Decimal = Decimal(0)
    blockers: str = ""
    next_steps: str = ""


class TodoItemOut(Schema):
    kind: str
    id: int
    task_force_id: int
    title: str
    due_on: date
    status: str


class TodoOut(Schema):
    tasks: list[TaskOut]
    needs: list[NeedOut]
    items: list[TodoItemOut]


class TaskForceFilterIn(Schema):
    unit: int | None = None


def _require(request, perm: str) -> None:
    if not can(request.user, perm):
        raise Http404


def _visible(request, pk: int) -> TaskForce:
    _require(request, "taskforce.view")
    rows = TaskForce.objects.visible_to(request.user).select_related("project")
    return get_object_or_404(rows, pk=pk)


def _work(request, model, pk: int):
    _require(request, "task.update")
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk)


@router.get("/taskforces", response=list[TaskForceOut])
def list_task_forces(request, filters: Query[TaskForceFilterIn]):
    _require(request, "taskforce.view")
    rows = TaskForce.objects.visible_to(request.user).select_related("project")
    if filters.unit:
        unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=filters.unit)
        rows = rows.filter(unit__path__startswith=unit.path)
    return rows


@router.post("/taskforces", response={201: TaskForceDetailOut})
def create_task_force(request, body: TaskForceIn):
    _require(request, "taskforce.view")
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=body.project_id)
    task_force = services.create_task_force(project, body.leader_id, by=Actor.of(request))
    return Status(201, _visible(request, task_force.pk))


@router.get("/taskforces/todo", response=TodoOut)
def todo(request):
    _require(request, "task.update")
    user = request.user
    if Role.HANDLER in user.roles:
        return {"tasks": list(todo_tasks(user)), "needs": list(todo_needs(user)), "items": []}
    items = [
        {
            "kind": i.kind,
            "id": i.obj.pk,
            "task_force_id": i.obj.task_force_id,
            "title": getattr(i.obj, "title", None) or i.obj.name,
            "due_on": i.due_on,
            "status": str(i.status),
        }
        for i in my_items(user, timezone.localdate())
    ]
    return {"tasks": [], "needs": [], "items": items}


@router.get("/taskforces/{pk}", response=TaskForceDetailOut)
def get_task_force(request, pk: int):
    return _visible(request, pk)


@router.get("/taskforces/{pk}/events", response=list[EventOut])
def list_task_force_events(request, pk: int):
    return task_force_events(request.user, _visible(request, pk))[:200]


@router.get("/taskforces/{pk}/milestones", response=list[MilestoneOut])
def list_milestones(request, pk: int):
    return _visible(request, pk).milestones.all()


@router.post("/taskforces/{pk}/milestones", response={201: MilestoneOut})
def add_milestone(request, pk: int, body: MilestoneIn):
    task_force = _visible(request, pk)
    milestone = services.add_milestone(task_force, name=body.name, planned_on=body.planned_on, by=Actor.of(request))
    return Status(201, milestone)


@router.post("/taskforces/milestones/{milestone_id}/actual", response=MilestoneOut)
def record_milestone_actual(request, milestone_id: int, body: ActualIn):
    _require(request, "taskforce.view")
    milestone = get_object_or_404(Milestone.objects.visible_to(request.user), pk=milestone_id)
    return services.record_milestone_actual(milestone, body.actual_on, by=Actor.of(request))


@router.get("/taskforces/{pk}/tasks", response=list[TaskOut])
def list_tasks(request, pk: int):
    return _visible(request, pk).tasks.all()


@router.post("/taskforces/{pk}/tasks", response={201: TaskOut})
def add_task(request, pk: int, body: TaskIn):
    task = services.add_task(
        _visible(request, pk),
        title=body.title,
        deadline=body.deadline,
        by=Actor.of(request),
        owner_department=body.owner_department_id,
        owner=body.owner_id,
    )
    return Status(201, task)


@router.post("/taskforces/tasks/{task_id}/complete", response=TaskOut)
def complete_task(request, task_id: int):
    return services.complete_task(_work(request, Task, task_id), by=Actor.of(request))


@router.post("/taskforces/tasks/{task_id}/notes", response={201: NoteOut})
def note_task(request, task_id: int, body: NoteIn):
    return Status(201, services.update_task_progress(_work(request, Task, task_id), body.text, by=Actor.of(request)))


@router.get("/taskforces/{pk}/needs", response=list[NeedOut])
def list_needs(request, pk: int):
    return _visible(request, pk).element_needs.all()


@router.post("/taskforces/{pk}/needs", response={201: NeedOut})
def add_need(request, pk: int, body: NeedIn):
    task_force, by = _visible(request, pk), Actor.of(request)
    if body.from_report_id:
        report = get_object_or_404(task_force.weekly_reports, pk=body.from_report_id)
        need = services.element_need_from_blocker(
            report,
            body.description,
            by=by,
            kind=body.kind,
            owner_department=body.owner_department_id,
            deadline=body.deadline,
        )
        return Status(201, need)
    need = services.add_element_need(
        task_force,
        kind=body.kind,
        description=body.description,
        by=by,
        quantity=body.quantity,
        owner_department=body.owner_department_id,
        deadline=body.deadline,
    )
    return Status(201, need)


@router.post("/taskforces/needs/{need_id}/resolve", response=NeedOut)
def resolve_need(request, need_id: int):
    return services.resolve_element_need(_work(request, ElementNeed, need_id), by=Actor.of(request))


@router.get("/taskforces/{pk}/approvals", response=list[ApprovalOut])
def list_approvals(request, pk: int):
    return _visible(request, pk).approvals.all()


@router.post("/taskforces/{pk}/approvals", response={201: ApprovalOut})
def add_approval(request, pk: int, body: ApprovalIn):
    approval = services.add_approval(
        _visible(request, pk),
        item=body.item,
        by=Actor.of(request),
        department=body.department_id,
        planned_start=body.planned_start,
        planned_end=body.planned_end,
    )
    return Status(201, approval)


@router.post("/taskforces/approvals/{approval_id}/dates", response=ApprovalOut)
def record_approval_dates(request, approval_id: int, body: ApprovalDatesIn):
    _require(request, "taskforce.view")
    approval = get_object_or_404(Approval.objects.visible_to(request.user), pk=approval_id)
    return services.record_approval_dates(
        approval, by=Actor.of(request), actual_start=body.actual_start, actual_end=body.actual_end
    )


@router.get("/taskforces/{pk}/weekly-reports", response=list[WeeklyReportOut])
def list_weekly_reports(request, pk: int):
    return _visible(request, pk).weekly_reports.all()


@router.post("/taskforces/{pk}/weekly-reports", response={201: WeeklyReportOut})
def submit_weekly_report(request, pk: int, body: WeeklyReportIn):
    report = services.submit_weekly_report(_visible(request, pk), body.dict(), by=Actor.of(request))
    return Status(201, report)
