"""日督促: the daily digest of each person's items, escalations of late items, missing weekly reports.

Digests go to the person's inbox; an overdue task, milestone or element need goes to the task-force leader's
inbox after N working days, and after M to the linked leader's inbox and the unit's robot channels (if any);
a missing weekly report goes to the leader's inbox and the unit's robot channels.

Run by `zonedesk supervise` (supervision.jobs.run_due_jobs) every minute: every message carries a dedup key
(digest:<user>:<date>, escalate:<kind>:<pk>:<level>, report_missing:<task force>:<year>-W<week>), so running
it twice a day or every minute never sends anything twice.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Membership, User
from zonedesk.orgs.roles import Role
from zonedesk.projects.stages import Stage
from zonedesk.supervision.models import ROBOT_KINDS, Channel, InboxMessage, OutboxMessage
from zonedesk.supervision.services import enqueue

from .models import ElementNeed, Milestone, NeedStatus, Task, TaskForce, TaskStatus
from .queries import (
    DigestItem,
    Escalation,
    ItemStatus,
    due_horizon,
    escalation,
    missing_weekly_reports,
    my_items,
    settings_by_unit,
)

ZONE = ZoneInfo("Asia/Shanghai")
DIGEST_HOUR = 8  # the digest goes out from 08:00 Beijing time on working days
STATUS_LABELS = {
    ItemStatus.OVERDUE: gettext_lazy("overdue"),
    ItemStatus.DUE_SOON: gettext_lazy("due soon"),
    ItemStatus.ON_TRACK: gettext_lazy("on track"),
    ItemStatus.DONE: gettext_lazy("done"),
    ItemStatus.CANCELLED: gettext_lazy("cancelled"),
}


class _Sender:
    """Queues messages whose key was not sent before, and counts what it queued."""

    def __init__(self) -> None:
        self.counts = {"digests": 0, "escalations": 0, "missing_reports": 0}

    def send(self, what: str, *, subject: str, body: str, key: str, users=(), unit=None, link: str = "") -> None:
        users = [u for u in users if u is not None and u.is_active]
        seen = set(InboxMessage.objects.filter(dedup_key=key, user__in=users).values_list("user_id", flat=True))
        new_users = [u for u in {u.pk: u for u in users}.values() if u.pk not in seen]
        channels = []
        if unit is not None:
            robots = Channel.objects.filter(unit=unit, kind__in=ROBOT_KINDS, is_active=True)
            queued = set(
                OutboxMessage.objects.filter(dedup_key=key, channel__in=robots).values_list("channel_id", flat=True)
            )
            channels = [c for c in robots if c.pk not in queued]
        if not new_users and not channels:
            return
        enqueue(subject=subject, body=body, dedup_key=key, link=link, recipients=new_users)
        for channel in channels:
            enqueue(subject=subject, body=body, dedup_key=key, link=link, channel=channel)
        self.counts[what] += 1


def _line(item: DigestItem) -> str:
    project = item.obj.task_force.project.name
    title = item.obj.title if item.kind == "task" else item.obj.name
    kind = _("Task") if item.kind == "task" else _("Milestone")
    return f"[{STATUS_LABELS[item.status]}] {item.due_on:%Y-%m-%d} {project} · {kind}：{title}"


def _digests(sender: _Sender, today, calendar: WorkCalendar) -> None:
    horizon = due_horizon(today, calendar)
    owners = Task.objects.filter(status=TaskStatus.OPEN, deadline__lte=horizon).values("owner_id")
    leaders = Milestone.objects.filter(actual_on__isnull=True, planned_on__lte=horizon).values("task_force__leader_id")
    people = User.objects.filter(Q(pk__in=owners) | Q(pk__in=leaders), is_active=True).order_by("pk")
    for user in people:
        key = f"digest:{user.pk}:{today:%Y-%m-%d}"
        if InboxMessage.objects.filter(user=user, dedup_key=key).exists():
            continue
        items = my_items(user, today, calendar)
        if not items:
            continue
        overdue = sum(item.status == ItemStatus.OVERDUE for item in items)
        subject = _("Daily reminder %(date)s: %(overdue)d overdue, %(soon)d due within 3 working days") % {
            "date": f"{today:%Y-%m-%d}",
            "overdue": overdue,
            "soon": len(items) - overdue,
        }
        sender.send("digests", subject=subject, body="\n".join(_line(i) for i in items), key=key, users=[user])


def linked_leaders(task_force: TaskForce) -> list[User]:
    """Whom an item goes up to last: the enterprise's linked leader, else the leaders of the task force's unit."""
    enterprise = task_force.project.enterprise
    if enterprise is not None and enterprise.linked_leader_id:
        return [enterprise.linked_leader]
    held = Membership.objects.active().filter(unit=task_force.unit_id, role=Role.LEADER).values("user_id")
    return list(User.objects.filter(pk__in=held, is_active=True))


def _escalations(sender: _Sender, today, calendar: WorkCalendar) -> None:
    live = ~Q(task_force__project__stage=Stage.DROPPED)
    related = ("task_force__project__enterprise__linked_leader", "task_force__leader", "task_force__unit")
    tasks = Task.objects.filter(live, status=TaskStatus.OPEN, deadline__lt=today).select_related(*related)
    milestones = Milestone.objects.filter(live, actual_on__isnull=True, planned_on__lt=today).select_related(*related)
    needs = ElementNeed.objects.filter(live, status=NeedStatus.OPEN, deadline__lt=today).select_related(*related)
    items = [("task", t, t.title, t.deadline) for t in tasks]
    items += [("milestone", m, m.name, m.planned_on) for m in milestones]
    items += [("need", n, str(n), n.deadline) for n in needs]
    unit_settings = settings_by_unit(list({i[1].task_force.unit_id: i[1].task_force.unit for i in items}.values()))
    for kind, obj, title, due_on in items:
        task_force = obj.task_force
        level = escalation(due_on, today, calendar, unit_settings[task_force.unit_id])
        if level == Escalation.NONE:
            continue
        late = calendar.between(due_on, today)
        subject = _("Overdue %(days)d working days: %(project)s · %(title)s") % {
            "days": late,
            "project": task_force.project.name,
            "title": title,
        }
        body = _("Due on %(date)s and still open.") % {"date": f"{due_on:%Y-%m-%d}"}
        owner = getattr(obj, "owner", None)
        if owner is not None:
            body += " " + _("Owner: %(owner)s.") % {"owner": str(owner)}
        link = task_force.project.get_absolute_url()
        key = f"escalate:{kind}:{obj.pk}:{Escalation.TASK_FORCE_LEADER}"
        sender.send("escalations", subject=subject, body=body, key=key, users=[task_force.leader], link=link)
        if level == Escalation.LINKED_LEADER:
            key = f"escalate:{kind}:{obj.pk}:{Escalation.LINKED_LEADER}"
            users = linked_leaders(task_force)
            sender.send(
                "escalations", subject=subject, body=body, key=key, users=users, unit=task_force.unit, link=link
            )


def _missing_reports(sender: _Sender, now: datetime) -> None:
    year, week, _day = now.astimezone(ZONE).isocalendar()
    leaders = User.objects.filter(pk__in=TaskForce.objects.values("leader_id"), is_active=True)
    for leader in leaders:
        for task_force in missing_weekly_reports(leader, year, week, now):
            if task_force.leader_id != leader.pk:
                continue
            subject = _("The weekly report of %(project)s for week %(week)d is missing") % {
                "project": task_force.project.name,
                "week": week,
            }
            body = _("Submit this week's progress, percent complete, investment and blockers.")
            key = f"report_missing:{task_force.pk}:{year}-W{week:02d}"
            link = task_force.project.get_absolute_url()
            sender.send(
                "missing_reports", subject=subject, body=body, key=key, users=[leader], unit=task_force.unit, link=link
            )


def send_reminders(now: datetime, calendar: WorkCalendar | None = None) -> dict[str, int]:
    """Queue the reminders due at `now` (digests, escalations, missing reports); returns what it queued.

    Writes one "taskforce.reminders_sent" Event per run, and only when it queued something: a run that finds
    everything already sent writes nothing.
    """
    calendar = calendar or WorkCalendar()
    local = now.astimezone(ZONE)
    today = local.date()
    sender = _Sender()
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        if calendar.is_workday(today) and local.hour >= DIGEST_HOUR:
            _digests(sender, today, calendar)
        _escalations(sender, today, calendar)
        _missing_reports(sender, now)
        if any(sender.counts.values()):
            record(Actor.system("reminders"), "taskforce.reminders_sent", None, after=dict(sender.counts))
    return sender.counts
