"""Two-step escalation of overdue records (督办), shared by demands and hazards.

A record with a `deadline` and an `escalation_level` is overdue once the deadline has passed and it is still open.
After the working days its unit's rules name (`escalate_head_after_days`, `escalate_leader_after_days`) it climbs
to FIRST (the people the app names: a department's heads, the safety leaders) and then to SECOND (the enterprise's
linked leader 挂钩领导, with the first step's people when it jumps both at once, and the unit's robot channels).

Each step is taken once: `escalation_level` goes up by a conditional UPDATE guarded by the record's open state and
deadline, and only the run whose UPDATE changed the row writes the Event and queues the messages.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.utils import translation

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Membership, User
from zonedesk.orgs.roles import Role

from .models import ROBOT_KINDS, Channel
from .services import enqueue

FIRST, SECOND = 1, 2


def leaders_of(unit_id: int) -> list[User]:
    """The active leaders of a unit."""
    held = Membership.objects.active().filter(unit=unit_id, role=Role.LEADER).values("user_id")
    return list(User.objects.filter(pk__in=held, is_active=True))


def linked_leader_or_leaders(enterprise, unit_id: int) -> list[User]:
    """The enterprise's linked leader, else the leaders of the unit that works the record."""
    leader = enterprise.linked_leader
    if leader is not None and leader.is_active:
        return [leader]
    return leaders_of(unit_id)


def due_level(late: int, rules) -> int:
    """The step a record `late` working days past its deadline has reached under its unit's rules."""
    if late >= rules.escalate_leader_after_days and late > 0:
        return SECOND
    if late >= rules.escalate_head_after_days and late > 0:
        return FIRST
    return 0


@dataclass(frozen=True)
class Ladder:
    """What one kind of record brings to the escalation: its open guard, its people and its message."""

    verb: str  # the Event of a step, e.g. "demand.escalated"
    open: models.Q  # the rows still open: the guard of the conditional UPDATE
    rules: Callable  # row -> the unit's rules (escalation delays)
    first: Callable  # (row, rules) -> the users of the first step
    second: Callable  # row -> the users of the second step
    message: Callable  # (row, level, late) -> (subject, body, dedup key, link)
    channel_unit: Callable  # row -> the unit whose robot channels hear the second step


def climb(ladder: Ladder, rows: Iterable, today: date, calendar: WorkCalendar, by: Actor) -> int:
    """Take the escalation steps due today on the overdue `rows`; returns how many steps were taken."""
    steps = 0
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            late = calendar.between(row.deadline, today)
            rules = ladder.rules(row)
            level = due_level(late, rules)
            if level <= row.escalation_level:
                continue
            with transaction.atomic(durable=True):
                guard = type(row).objects.filter(ladder.open, pk=row.pk, deadline=row.deadline)
                if not guard.filter(escalation_level__lt=level).update(escalation_level=level):
                    continue
                users = ladder.first(row, rules) if level == FIRST else ladder.second(row)
                if level == SECOND and row.escalation_level < FIRST:
                    users = ladder.first(row, rules) + users
                users = list(dict.fromkeys(users))  # someone named by both steps hears once
                record(
                    by,
                    ladder.verb,
                    row,
                    before={"escalation_level": row.escalation_level},
                    after={"escalation_level": level, "to": [u.pk for u in users], "late_days": late},
                )
                subject, body, key, link = ladder.message(row, level, late)
                enqueue(subject=subject, body=body, dedup_key=key, link=link, recipients=users)
                if level == SECOND:
                    unit = ladder.channel_unit(row)
                    for channel in Channel.objects.filter(unit=unit, kind__in=ROBOT_KINDS, is_active=True):
                        enqueue(subject=subject, body=body, dedup_key=key, link=link, channel=channel)
                steps += 1
    return steps
