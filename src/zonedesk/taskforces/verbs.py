"""Reader labels of the task forces' Event verbs."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "taskforce.created": _("set up the task force"),
    "taskforce.settings_set": _("set the weekly report deadline and the escalation delays"),
    "taskforce.member_added": _("added a member to the task force"),
    "milestone.template_applied": _("planned the milestones from a template"),
    "milestone.added": _("added a milestone"),
    "milestone.rescheduled": _("changed a milestone's name or planned date"),
    "milestone.actual_recorded": _("recorded the date a milestone was reached"),
    "task.added": _("added an item to the responsibility list"),
    "task.progress_noted": _("noted progress on a responsibility item"),
    "task.completed": _("completed a responsibility item"),
    "task.cancelled": _("cancelled a responsibility item"),
    "element_need.added": _("recorded an element need"),
    "element_need.raised_from_blocker": _("turned a weekly report blocker into an element need"),
    "element_need.resolved": _("resolved an element need"),
    "approval.added": _("added an approval item"),
    "approval.dates_recorded": _("recorded the dates of an approval item"),
    "weekly_report.submitted": _("submitted the weekly report"),
    "weekly_report.corrected": _("corrected the weekly report"),
    "taskforce.reminders_sent": _("sent the daily reminders and escalations"),
    "taskforce.dispatch_exported": _("exported the weekly dispatch document"),
}
