"""Alerts before a promise's day passes, and when it is missed (run by `zonedesk supervise` through
supervision.jobs.run_due_jobs, every minute).

- ALERT_DAYS before a promised day that is not reached (to start, to produce, to reach capacity, an amount due by
  capacity, a zone's own promise), the project's responsible officer and the investment officers of the agreement's
  unit get one inbox message.
- From the day after a promise is missed (or when the figures that show it missed come in), the leaders of the
  unit, and the enterprise's linked leader, get one message, and the agreement's timeline an Event
  "commitment.missed".

Each alert is a unique CommitmentAlert row (agreement, item, level, due day): only the run whose insert wins writes
the Event and queues the messages, so running the job twice, or at once on two machines, sends nothing twice. A
promised day that is changed is a new day: its alerts go again.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Membership, User
from zonedesk.orgs.roles import Role
from zonedesk.supervision.services import enqueue

from .models import Agreement, AlertLevel, CommitmentAlert, ZonePromise
from .queries import Row, results_for
from .status import ALERT_DAYS, Status


def _users(unit_ids: list[int], role: str) -> list[User]:
    held = Membership.objects.active().filter(unit_id__in=unit_ids, role=role).values("user_id")
    return list(User.objects.filter(pk__in=held, is_active=True).order_by("pk"))


def leaders_for(agreement: Agreement) -> list[User]:
    """The leaders of the agreement's unit (else of the nearest unit above with leaders), and the enterprise's
    linked leader."""
    ids = [int(p) for p in agreement.unit.path.strip("/").split("/") if p]
    users: list[User] = []
    for unit_id in reversed(ids):
        users = _users([unit_id], Role.LEADER)
        if users:
            break
    enterprise = agreement.project.enterprise
    if enterprise is not None and enterprise.linked_leader_id and enterprise.linked_leader.is_active:
        users.append(enterprise.linked_leader)
    return list({u.pk: u for u in users}.values())


def officers_for(agreement: Agreement) -> list[User]:
    """The project's responsible officer and the investment officers of the agreement's unit."""
    users = _users([agreement.unit_id], Role.INVESTMENT_OFFICER)
    officer = agreement.project.officer
    if officer is not None and officer.is_active:
        users.insert(0, officer)
    return list({u.pk: u for u in users}.values())


def due_alerts(row: Row, today: date) -> list[tuple[str, str, date, str]]:
    """What the row calls for today: (item key, level, due day, what it is) for each promise due soon or missed."""
    out = []
    for result in row.results:
        if result.due_on is None:
            continue
        if result.status == Status.MISSED:
            out.append((result.item, AlertLevel.MISSED, result.due_on, str(result.label)))
        elif result.status == Status.AT_RISK and result.due_on - timedelta(days=ALERT_DAYS) <= today <= result.due_on:
            out.append((result.item, AlertLevel.DUE_SOON, result.due_on, str(result.label)))
    for promise in row.promises:
        key, what = f"zone_promise:{promise.pk}", _("Zone's promise: %(p)s") % {"p": promise.description}
        if promise.status == Status.MISSED:
            out.append((key, AlertLevel.MISSED, promise.due_on, what))
        elif promise.status == Status.AT_RISK:
            out.append((key, AlertLevel.DUE_SOON, promise.due_on, what))
    return out


def _message(agreement: Agreement, level: str, due_on: date, what: str) -> tuple[str, str]:
    values = {"project": agreement.project.name, "what": what, "date": f"{due_on:%Y-%m-%d}"}
    if level == AlertLevel.MISSED:
        subject = _("Commitment missed: %(project)s · %(what)s (due %(date)s)") % values
        body = _("%(what)s was promised by %(date)s and is not kept. Open the agreement to see the figures.") % values
    else:
        subject = _("Commitment due %(date)s: %(project)s · %(what)s") % values
        body = _("%(what)s is promised by %(date)s and not reached yet.") % values
    return subject, body


def _send(agreement: Agreement, item: str, level: str, due_on: date, what: str) -> bool:
    """Insert the alert's row; the run that wins writes the Event and queues the messages."""
    by = Actor.system("commitment_alerts")
    try:
        with transaction.atomic():
            alert = CommitmentAlert.objects.create(agreement=agreement, item=item, level=level, due_on=due_on)
            subject, body = _message(agreement, level, due_on, what)
            users = leaders_for(agreement) if level == AlertLevel.MISSED else officers_for(agreement)
            verb = "commitment.missed" if level == AlertLevel.MISSED else "commitment.due_soon"
            # On the alert (its promise and day read as labels), or on the zone's promise it is about.
            promise = ZonePromise.objects.filter(pk=item.removeprefix("zone_promise:")).first() if ":" in item else None
            if promise is not None:
                record(by, verb, promise, after={"due_on": due_on}, unit=agreement.unit)
            else:
                record(by, verb, alert, after={"item": item, "level": level, "due_on": due_on}, unit=agreement.unit)
            key = f"commitment:{agreement.pk}:{item}:{level}:{due_on:%Y%m%d}"
            enqueue(subject=subject, body=body, dedup_key=key, link=agreement.get_absolute_url(), recipients=users)
    except IntegrityError:  # another run sent it first
        return False
    return True


def send_commitment_alerts(today: date) -> int:
    """Send the alerts due today that were not sent before; returns how many went out."""
    agreements = Agreement.objects.select_related(
        "unit", "project", "project__officer", "project__enterprise", "project__enterprise__linked_leader"
    ).order_by("pk")
    sent_before = set(CommitmentAlert.objects.values_list("agreement_id", "item", "level", "due_on"))
    count = 0
    with translation.override(settings.LANGUAGE_CODE):
        for row in results_for(agreements, today, promises=True):
            for item, level, due_on, what in due_alerts(row, today):
                if (row.agreement.pk, item, level, due_on) in sent_before:
                    continue
                count += _send(row.agreement, item, level, due_on, what)
    return count
