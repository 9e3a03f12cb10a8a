"""Task-force pages: the list, the weekly-meeting page of one task force, setting one up, and a person's to-do."""

from datetime import date

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.workdays import WorkCalendar
from zonedesk.demands.queries import escalated_to
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import staff_in, units_for
from zonedesk.orgs.roles import Role
from zonedesk.orgs.timeline import describe
from zonedesk.projects.models import Project
from zonedesk.safety.due import due_section

from . import services
from .forms import (
    ApprovalForm,
    BlockerForm,
    MemberForm,
    MilestoneForm,
    NeedForm,
    TaskForceForm,
    TaskForm,
    TemplateForm,
    WeeklyReportForm,
)
from .models import Approval, ElementNeed, Milestone, Task, TaskForce, WeeklyReport, template_kind
from .queries import (
    ItemStatus,
    approval_timeline,
    due_horizon,
    milestone_status,
    my_items,
    need_status,
    report_deadline,
    settings_for,
    task_status,
    todo_needs,
    todo_tasks,
)

STATUS = {
    ItemStatus.DONE: (gettext_lazy("Done"), "text-bg-success"),
    ItemStatus.CANCELLED: (gettext_lazy("Cancelled"), "text-bg-secondary"),
    ItemStatus.OVERDUE: (gettext_lazy("Overdue"), "text-bg-danger"),
    ItemStatus.DUE_SOON: (gettext_lazy("Due soon"), "text-bg-warning"),
    ItemStatus.ON_TRACK: (gettext_lazy("On track"), "text-bg-light border"),
}
DEPARTMENT_KINDS = [UnitKind.DEPARTMENT, UnitKind.BRANCH]


def require(request, perm: str, unit=None) -> None:
    if not can(request.user, perm, unit):
        raise Http404


def visible(request, pk: int) -> TaskForce:
    """The task force if the user may open task forces and it is in their scope (404 otherwise)."""
    require(request, "taskforce.view")
    rows = TaskForce.objects.visible_to(request.user).select_related("project", "leader", "unit")
    return get_object_or_404(rows, pk=pk)


def badge(status: ItemStatus) -> dict:
    label, css = STATUS[status]
    return {"key": str(status), "label": label, "css": css}


def choices(request) -> dict:
    units = units_for(request.user)
    return {"people": staff_in(units), "departments": units.filter(kind__in=DEPARTMENT_KINDS)}


# --- list -------------------------------------------------------------------------------------


def _count(model, **filters):
    rows = model.objects.filter(task_force=OuterRef("pk"), **filters).order_by().values("task_force")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def _latest(field: str):
    rows = WeeklyReport.objects.filter(task_force=OuterRef("pk")).order_by("-iso_year", "-iso_week")
    return Subquery(rows.values(field)[:1], output_field=IntegerField())


def task_force_list(request):
    require(request, "taskforce.view")
    today = timezone.localdate()
    horizon = due_horizon(today, WorkCalendar())
    units = units_for(request.user)
    rows = TaskForce.objects.visible_to(request.user).select_related("project", "leader", "unit")
    unit = units.filter(pk=request.GET.get("unit") or 0).first() if request.GET.get("unit", "").isdigit() else None
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    rows = rows.annotate(
        milestones_overdue=_count(Milestone, planned_on__lt=today, actual_on__isnull=True),
        milestones_due_soon=_count(Milestone, planned_on__gte=today, planned_on__lte=horizon, actual_on__isnull=True),
        tasks_overdue=_count(Task, deadline__lt=today, status="open"),
        tasks_due_soon=_count(Task, deadline__gte=today, deadline__lte=horizon, status="open"),
        last_year=_latest("iso_year"),
        last_week=_latest("iso_week"),
    ).order_by("unit__path", "-created_on", "pk")
    context = {"rows": rows, "units": units.exclude(kind__in=DEPARTMENT_KINDS), "unit": unit}
    return render(request, "taskforces/list.html", context)


# --- detail -----------------------------------------------------------------------------------


def _bars(timeline_) -> list[dict]:
    """Each approval's bar as left offset and width in per cent of the whole date range."""
    dated = [s for s in timeline_.spans if s.start]
    if not dated:
        return [{"span": s, "left": 0, "width": 0} for s in timeline_.spans]
    first = min(s.start for s in dated)
    last = max((s.end or s.start) for s in dated)
    total = max((last - first).days, 1)
    bars = []
    for span in timeline_.spans:
        if span.start is None:
            bars.append({"span": span, "left": 0, "width": 0})
            continue
        left = (span.start - first).days * 100 / total
        width = max(((span.end or span.start) - span.start).days * 100 / total, 1.5)
        bars.append({"span": span, "left": round(left, 1), "width": round(min(width, 100 - left + 1.5), 1)})
    return bars


def _this_week(task_force: TaskForce, reports: list[WeeklyReport], today: date) -> dict:
    year, week, _day = today.isocalendar()
    current = next((r for r in reports if (r.iso_year, r.iso_week) == (year, week)), None)
    deadline = report_deadline(year, week, settings_for(task_force.unit))
    missing = current is None and timezone.now() >= deadline and task_force.created_on <= deadline.date()
    return {"year": year, "week": week, "report": current, "deadline": deadline, "is_missing": missing}


def task_force_events(user, task_force: TaskForce):
    """The events of the task force and of its milestones, tasks, needs, approvals and reports, newest first."""
    cond = Q(object_type=ContentType.objects.get_for_model(TaskForce), object_id=str(task_force.pk))
    for model in (Milestone, Task, ElementNeed, Approval, WeeklyReport):
        ids = model.objects.filter(task_force=task_force).annotate(key=Cast("pk", CharField())).values("key")
        cond |= Q(object_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return Event.objects.visible_to(user).filter(cond).select_related("actor").order_by("-at", "-pk")


def render_detail(request, task_force: TaskForce, *, status: int = 200, bound: dict | None = None):
    user, today, calendar = request.user, timezone.localdate(), WorkCalendar()
    lists = choices(request)
    forms = {
        "member": MemberForm(**lists, auto_id="member_%s"),
        "milestone": MilestoneForm(auto_id="milestone_%s"),
        "template": TemplateForm(
            auto_id="template_%s", initial={"start_on": today, "kind": template_kind(task_force.project)}
        ),
        "task": TaskForm(**lists, auto_id="task_%s"),
        "need": NeedForm(departments=lists["departments"], auto_id="need_%s"),
        "approval": ApprovalForm(departments=lists["departments"], auto_id="approval_%s"),
        "report": WeeklyReportForm(auto_id="report_%s"),
    } | (bound or {})
    tasks = task_force.tasks.select_related("owner", "owner_department").prefetch_related("notes")
    needs = task_force.element_needs.select_related("owner_department")
    reports = list(task_force.weekly_reports.select_related("submitted_by"))
    approvals = approval_timeline(task_force)
    latest = reports[0] if reports else None
    context = {
        "tf": task_force,
        "p": task_force.project,
        "members": task_force.members.select_related("user", "department"),
        "milestones": [
            {"m": m, "status": badge(milestone_status(m, today, calendar))} for m in task_force.milestones.all()
        ],
        "tasks": [{"t": t, "status": badge(task_status(t, today, calendar))} for t in tasks],
        "needs": [{"n": n, "status": badge(need_status(n, today, calendar))} for n in needs],
        "approvals": approvals,
        "bars": _bars(approvals),
        "reports": reports,
        "latest": latest,
        "blockers": [line.strip() for line in latest.blockers.splitlines() if line.strip()] if latest else [],
        "week": _this_week(task_force, reports, today),
        "events": describe(task_force_events(user, task_force)[:50]),
        "may": {
            "manage": can(user, "taskforce.manage", task_force.unit),
            "update": can(user, "task.update", task_force.unit),
        },
        "forms": forms,
        "blocker_form": BlockerForm(auto_id="blocker_%s"),
        "today": today,
    }
    return render(request, "taskforces/detail.html", context, status=status)


def detail(request, pk: int):
    return render_detail(request, visible(request, pk))


# --- set up -----------------------------------------------------------------------------------


def create(request):
    require(request, "taskforce.view")
    project_id = request.GET.get("project", "")
    projects = Project.objects.visible_to(request.user).select_related("unit")
    project = get_object_or_404(projects, pk=project_id if project_id.isdigit() else 0)
    existing = TaskForce.objects.visible_to(request.user).filter(project=project).first()
    if existing is not None:
        return redirect("taskforces:detail", existing.pk)
    form = TaskForceForm(request.POST or None, people=choices(request)["people"], initial={"leader": request.user.pk})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            task_force = services.create_task_force(project, form.cleaned_data["leader"], by=Actor.of(request))
        except Rejected as exc:
            for error in exc.errors:
                form.add_error("leader" if error.get("field") == "leader" else None, error["message"])
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("The task force was set up."))
            return redirect("taskforces:detail", task_force.pk)
    return render(request, "taskforces/new.html", {"form": form, "p": project}, status=status)


# --- to-do ------------------------------------------------------------------------------------


def render_todo(request, *, status: int = 200):
    user, today, calendar = request.user, timezone.localdate(), WorkCalendar()
    is_handler = Role.HANDLER in user.roles
    if is_handler:
        open_tasks = todo_tasks(user).select_related("owner", "owner_department")
        open_needs = todo_needs(user).select_related("owner_department")
        tasks = [{"t": t, "status": badge(task_status(t, today, calendar))} for t in open_tasks]
        needs = [{"n": n, "status": badge(need_status(n, today, calendar))} for n in open_needs]
        items = []
    else:
        tasks, needs = [], []
        items = [{"item": i, "status": badge(i.status)} for i in my_items(user, today, calendar)]
    escalated = escalated_to(user)
    context = {
        "is_handler": is_handler,
        "does_tasks": can(user, "task.update"),
        "tasks": tasks,
        "needs": needs,
        "items": items,
        "escalated": escalated,
        "inspections_due": due_section(user),  # None unless the user inspects enterprises' safety
    }
    return render(request, "taskforces/todo.html", context, status=status)


def todo(request):
    if not (can(request.user, "task.update") or can(request.user, "safety.inspect")):
        raise Http404
    return render_todo(request)
