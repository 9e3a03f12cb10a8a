"""The task-force page's actions: one POST endpoint per service, answering redirect, field errors, 403 or 409."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import services
from .forms import (
    ActualForm,
    ApprovalDatesForm,
    ApprovalForm,
    BlockerForm,
    MemberForm,
    MilestoneForm,
    NeedForm,
    NoteForm,
    TaskForm,
    TemplateForm,
    WeeklyReportForm,
)
from .models import ElementNeed, Task, TaskForce
from .views import choices, render_detail, render_todo, require, visible


def _problems(form) -> str:
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            parts += [f"{form.fields[name].label}: {e}" for e in errors]
    return " ".join(parts)


def _act(request, task_force: TaskForce, kind: str, form, call, done: str, *, to_todo: bool = False):
    """Validate, call the service, and answer on the task-force page (or on the to-do page)."""

    def again(status: int, bound: dict | None = None):
        if to_todo:
            return render_todo(request, status=status)
        return render_detail(request, visible(request, task_force.pk), status=status, bound=bound)

    if form.is_valid():
        try:
            call(form.cleaned_data, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return again(403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return again(409)
        else:
            messages.success(request, done)
            return redirect("taskforces:todo") if to_todo else redirect("taskforces:detail", task_force.pk)
    messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": _problems(form)})
    return again(200, {kind: form})


@require_POST
def add_member(request, pk: int):
    task_force = visible(request, pk)
    form = MemberForm(request.POST, **choices(request), auto_id="member_%s")

    def call(data, by):
        services.add_member(task_force, data["user"], data["role"], by=by, department=data["department"])

    return _act(request, task_force, "member", form, call, _("The member was added."))


@require_POST
def add_milestone(request, pk: int):
    task_force = visible(request, pk)
    form = MilestoneForm(request.POST, auto_id="milestone_%s")

    def call(data, by):
        services.add_milestone(task_force, name=data["name"], planned_on=data["planned_on"], by=by)

    return _act(request, task_force, "milestone", form, call, _("The milestone was added."))


@require_POST
def apply_template(request, pk: int):
    task_force = visible(request, pk)
    form = TemplateForm(request.POST, auto_id="template_%s")

    def call(data, by):
        services.apply_milestone_template(task_force, data["kind"], start_on=data["start_on"], by=by)

    return _act(request, task_force, "template", form, call, _("The milestones were planned from the template."))


@require_POST
def record_actual(request, pk: int, milestone_pk: int):
    task_force = visible(request, pk)
    milestone = get_object_or_404(task_force.milestones, pk=milestone_pk)

    def call(data, by):
        services.record_milestone_actual(milestone, data["actual_on"], by=by)

    return _act(request, task_force, "actual", ActualForm(request.POST), call, _("The date was recorded."))


@require_POST
def add_task(request, pk: int):
    task_force = visible(request, pk)
    form = TaskForm(request.POST, **choices(request), auto_id="task_%s")

    def call(data, by):
        services.add_task(
            task_force,
            title=data["title"],
            deadline=data["deadline"],
            by=by,
            owner_department=data["owner_department"],
            owner=data["owner"],
        )

    return _act(request, task_force, "task", form, call, _("The item was added to the responsibility list."))


@require_POST
def add_need(request, pk: int):
    task_force = visible(request, pk)
    form = NeedForm(request.POST, departments=choices(request)["departments"], auto_id="need_%s")

    def call(data, by):
        services.add_element_need(
            task_force,
            kind=data["kind"],
            description=data["description"],
            by=by,
            quantity=data["quantity"],
            owner_department=data["owner_department"],
            deadline=data["deadline"],
        )

    return _act(request, task_force, "need", form, call, _("The element need was recorded."))


@require_POST
def blocker_to_need(request, pk: int, report_pk: int):
    task_force = visible(request, pk)
    report = get_object_or_404(task_force.weekly_reports, pk=report_pk)

    def call(data, by):
        services.element_need_from_blocker(report, data["text"], by=by, kind=data["kind"])

    form = BlockerForm(request.POST)
    return _act(request, task_force, "blocker", form, call, _("The blocker is now an element need."))


@require_POST
def add_approval(request, pk: int):
    task_force = visible(request, pk)
    form = ApprovalForm(request.POST, departments=choices(request)["departments"], auto_id="approval_%s")

    def call(data, by):
        services.add_approval(
            task_force,
            item=data["item"],
            by=by,
            department=data["department"],
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
        )

    return _act(request, task_force, "approval", form, call, _("The approval item was added."))


@require_POST
def approval_dates(request, pk: int, approval_pk: int):
    task_force = visible(request, pk)
    approval = get_object_or_404(task_force.approvals, pk=approval_pk)

    def call(data, by):
        start, end = data["actual_start"], data["actual_end"]
        services.record_approval_dates(approval, by=by, actual_start=start, actual_end=end)

    form = ApprovalDatesForm(request.POST)
    return _act(request, task_force, "approval_dates", form, call, _("The approval dates were recorded."))


@require_POST
def submit_report(request, pk: int):
    task_force = visible(request, pk)
    form = WeeklyReportForm(request.POST, auto_id="report_%s")

    def call(data, by):
        services.submit_weekly_report(task_force, data, by=by)

    return _act(request, task_force, "report", form, call, _("The weekly report was submitted."))


# --- work on a task or need: from the task-force page or from the to-do page ------------------


def _work(request, model, pk: int):
    """A task or need the user may work on, and whether to answer on the to-do page."""
    require(request, "task.update")
    row = get_object_or_404(model.objects.visible_to(request.user).select_related("task_force"), pk=pk)
    shown = can(request.user, "taskforce.view") and (
        TaskForce.objects.visible_to(request.user).filter(pk=row.task_force_id).exists()
    )
    return row, request.POST.get("next") == "todo" or not shown


@require_POST
def complete_task(request, task_pk: int):
    task, to_todo = _work(request, Task, task_pk)

    def call(data, by):
        services.complete_task(task, by=by)

    done = _("The item is done.")
    return _act(request, task.task_force, "complete", NoteForm({"text": "-"}), call, done, to_todo=to_todo)


@require_POST
def note_task(request, task_pk: int):
    task, to_todo = _work(request, Task, task_pk)

    def call(data, by):
        services.update_task_progress(task, data["text"], by=by)

    done = _("The progress was noted.")
    return _act(request, task.task_force, "note", NoteForm(request.POST), call, done, to_todo=to_todo)


@require_POST
def resolve_need(request, need_pk: int):
    need, to_todo = _work(request, ElementNeed, need_pk)

    def call(data, by):
        services.resolve_element_need(need, by=by)

    done = _("The element need was resolved.")
    return _act(request, need.task_force, "resolve", NoteForm({"text": "-"}), call, done, to_todo=to_todo)
