"""Every write on task forces, by subdomain: setup (members, milestones, approvals), work lists, weekly reports."""

from .config import set_task_force_settings
from .reports import submit_weekly_report
from .setup import (
    add_approval,
    add_member,
    add_milestone,
    apply_milestone_template,
    create_task_force,
    record_approval_dates,
    record_milestone_actual,
    reschedule_milestone,
)
from .work import (
    add_element_need,
    add_task,
    cancel_task,
    complete_task,
    element_need_from_blocker,
    resolve_element_need,
    update_task_progress,
)

__all__ = [
    "add_approval",
    "add_element_need",
    "add_member",
    "add_milestone",
    "add_task",
    "apply_milestone_template",
    "cancel_task",
    "complete_task",
    "create_task_force",
    "element_need_from_blocker",
    "record_approval_dates",
    "record_milestone_actual",
    "reschedule_milestone",
    "resolve_element_need",
    "set_task_force_settings",
    "submit_weekly_report",
    "update_task_progress",
]
