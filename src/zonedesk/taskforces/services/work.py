"""The task force's lists: responsibility items (责任清单) and element needs (要素保障), worked by departments."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import can, ensure_can

from ..models import ElementNeed, NeedKind, NeedStatus, Task, TaskForce, TaskNote, TaskStatus, WeeklyReport
from .base import a_date, a_department, a_past_date, a_staff_user, a_text, in_scope
from .setup import locked_task_force


def ensure_can_update(by: Actor, row: Task | ElementNeed) -> None:
    """The task force's managers, a handler of the department that owns the row, or its named owner."""
    if by.is_system or can(by.user, "task.update", row.task_force.unit):
        return
    if row.owner_department is not None and can(by.user, "task.update", row.owner_department):
        return
    if getattr(row, "owner_id", None) == by.user.pk and can(by.user, "task.update"):
        return
    raise Forbidden()


@transaction.atomic(durable=True)
def add_task(task_force: TaskForce, *, title: str, deadline, by: Actor, owner_department=None, owner=None) -> Task:
    """Add an item to the responsibility list: what, which department and person, by when."""
    task_force = locked_task_force(task_force, by)
    title = a_text(title, "title")
    deadline = a_date(deadline, "deadline")
    department = a_department(owner_department, "owner_department", by)
    owner = a_staff_user(owner, "owner", by, required=False)
    task = Task.objects.create(
        task_force=task_force, title=title, deadline=deadline, owner_department=department, owner=owner
    )
    after = {"title": title, "deadline": deadline, "owner_department": department, "owner": owner}
    record(by, "task.added", task, after=after, unit=task_force.unit)
    return task


@transaction.atomic(durable=True)
def update_task_progress(task: Task, text: str, *, by: Actor) -> TaskNote:
    """Note progress on an open responsibility item."""
    task = in_scope(Task, by).select_for_update().select_related("task_force").get(pk=task.pk)
    ensure_can_update(by, task)
    text = a_text(text, "text", multiline=True)
    if task.status != TaskStatus.OPEN:
        raise Rejected("text", _("This item is closed: progress is noted on open items."))
    note = TaskNote.objects.create(task=task, text=text, by=by.user)
    record(by, "task.progress_noted", task, after={"note": text}, unit=task.task_force.unit)
    return note


@transaction.atomic(durable=True)
def complete_task(task: Task, *, by: Actor, on=None) -> Task:
    """Mark an open item done; of two people completing it at once, the second gets a Conflict."""
    task = in_scope(Task, by).select_related("task_force").get(pk=task.pk)
    ensure_can_update(by, task)
    on = a_past_date(on, "done_on")
    moved = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_on=on, version=F("version") + 1
    )
    if not moved:
        raise Conflict(_("This item was already closed by someone else."))
    task.refresh_from_db()
    record(
        by,
        "task.completed",
        task,
        before={"status": TaskStatus.OPEN},
        after={"status": task.status, "done_on": on},
        unit=task.task_force.unit,
    )
    return task


@transaction.atomic(durable=True)
def cancel_task(task: Task, reason: str, *, by: Actor) -> Task:
    """Cancel an open item that is no longer needed, saying why (it stays on the list, closed)."""
    task = in_scope(Task, by).select_related("task_force").get(pk=task.pk)
    ensure_can(by, "taskforce.manage", task.task_force.unit)
    reason = a_text(reason, "reason")
    moved = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
        status=TaskStatus.CANCELLED, version=F("version") + 1
    )
    if not moved:
        raise Conflict(_("This item was already closed by someone else."))
    task.refresh_from_db()
    after = {"status": task.status, "reason": reason}
    record(by, "task.cancelled", task, before={"status": TaskStatus.OPEN}, after=after, unit=task.task_force.unit)
    return task


def _clean_need(kind: str, description: str, by: Actor, owner_department, deadline) -> dict:
    if kind not in NeedKind.values:
        raise Rejected("kind", _("Choose the kind of need."))
    return {
        "kind": kind,
        "description": a_text(description, "description", multiline=True),
        "owner_department": a_department(owner_department, "owner_department", by),
        "deadline": a_date(deadline, "deadline", required=False),
    }


@transaction.atomic(durable=True)
def add_element_need(
    task_force: TaskForce,
    *,
    kind: str,
    description: str,
    by: Actor,
    quantity: str = "",
    owner_department=None,
    deadline=None,
) -> ElementNeed:
    """Record what the project needs secured (land, funds, labour, power, water, approval …) and by whom."""
    task_force = locked_task_force(task_force, by)
    values = _clean_need(kind, description, by, owner_department, deadline)
    need = ElementNeed.objects.create(
        task_force=task_force, quantity=a_text(quantity, "quantity", required=False), **values
    )
    record(by, "element_need.added", need, after={**values, "quantity": need.quantity}, unit=task_force.unit)
    return need


@transaction.atomic(durable=True)
def element_need_from_blocker(
    report: WeeklyReport, text: str, *, by: Actor, kind: str = NeedKind.OTHER, owner_department=None, deadline=None
) -> ElementNeed:
    """Turn a blocker of a weekly report into an element need in one call (the text is not typed again)."""
    report = in_scope(WeeklyReport, by).select_related("task_force").get(pk=report.pk)
    task_force = locked_task_force(report.task_force, by)
    values = _clean_need(kind, text or report.blockers, by, owner_department, deadline)
    need = ElementNeed.objects.create(task_force=task_force, from_report=report, **values)
    after = {**values, "report": report.pk}
    record(by, "element_need.raised_from_blocker", need, after=after, unit=task_force.unit)
    return need


@transaction.atomic(durable=True)
def resolve_element_need(need: ElementNeed, *, by: Actor, on=None) -> ElementNeed:
    """Mark an open element need resolved; a second resolution gets a Conflict."""
    need = in_scope(ElementNeed, by).select_related("task_force").get(pk=need.pk)
    ensure_can_update(by, need)
    on = a_past_date(on, "resolved_on")
    moved = ElementNeed.objects.filter(pk=need.pk, status=NeedStatus.OPEN).update(
        status=NeedStatus.RESOLVED, resolved_on=on
    )
    if not moved:
        raise Conflict(_("This need was already resolved by someone else."))
    need.refresh_from_db()
    record(
        by,
        "element_need.resolved",
        need,
        before={"status": NeedStatus.OPEN},
        after={"status": need.status, "resolved_on": on},
        unit=need.task_force.unit,
    )
    return need
