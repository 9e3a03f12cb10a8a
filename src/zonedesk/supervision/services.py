"""Writes: queue a notification inside the caller's transaction, configure a unit's channel, read the inbox."""

from collections.abc import Iterable

from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.forms import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit, User
from zonedesk.orgs.permissions import ensure_can

from .models import ROBOT_KINDS, Channel, ChannelKind, InboxMessage, OutboxMessage, mask_url


def enqueue(
    *,
    subject: str,
    body: str,
    dedup_key: str,
    link: str = "",
    recipients: Iterable[User] = (),
    channel: Channel | None = None,
    email: bool = False,
) -> None:
    """Queue one notification in the caller's transaction: inbox rows now, outbox rows for the worker.

    `recipients` get it in their inbox (and by e-mail with `email=True`); `channel` gets it on the unit's
    robot or mail list (an inbox channel: in the inbox of the unit's members). A `dedup_key` seen before
    for the same destination (e.g. "milestone_overdue:42:2025-02-07") is skipped without error.
    """
    subject, link = subject[:200], link[:500]
    users = list(recipients)
    outbox = []
    if channel is not None and channel.is_active:
        if channel.kind == ChannelKind.INBOX:
            users += list(
                User.objects.filter(
                    is_active=True, memberships__unit=channel.unit, memberships__revoked_at__isnull=True
                ).distinct()
            )
        else:
            outbox.append(OutboxMessage(channel=channel, kind=channel.kind))
    if email:
        outbox += [OutboxMessage(recipient=u, kind=ChannelKind.EMAIL) for u in users if u.email]
    inbox = {u.pk: InboxMessage(user=u, title=subject, body=body, link=link, dedup_key=dedup_key) for u in users}
    InboxMessage.objects.bulk_create(inbox.values(), ignore_conflicts=True)
    for row in outbox:
        row.subject, row.body, row.link, row.dedup_key = subject, body, link, dedup_key
    OutboxMessage.objects.bulk_create(outbox, ignore_conflicts=True)


def _channel_state(channel: Channel | None) -> dict:
    if channel is None or channel.pk is None:
        return {}
    return {
        "webhook_url": mask_url(channel.webhook_url),
        "email_to": channel.email_to,
        "is_active": channel.is_active,
        "secret_set": bool(channel.secret),
    }


def _check_address(kind: str, webhook_url: str, email_to: str) -> None:
    if kind in ROBOT_KINDS:
        try:
            URLValidator(schemes=["http", "https"])(webhook_url)
        except ValidationError as exc:
            raise Rejected("webhook_url", _("Enter the robot's webhook address (https://…).")) from exc
    if kind == ChannelKind.EMAIL:
        addresses = [a.strip() for a in email_to.replace(";", ",").split(",") if a.strip()]
        try:
            if not addresses:
                raise ValidationError("empty")
            for address in addresses:
                validate_email(address)
        except ValidationError as exc:
            raise Rejected("email_to", _("Enter one or more e-mail addresses, separated by commas.")) from exc


@transaction.atomic(durable=True)
def configure_channel(
    unit: Unit,
    kind: str,
    *,
    webhook_url: str = "",
    secret: str | None = None,
    email_to: str = "",
    is_active: bool = True,
    by: Actor,
) -> Channel:
    """Set a unit's channel of one kind; `secret=None` keeps the stored secret (it is never shown again)."""
    unit = Unit.objects.visible_to(by.user).get(pk=unit.pk) if not by.is_system else unit
    ensure_can(by, "channel.manage", unit)
    if kind not in ChannelKind.values:
        raise Rejected("kind", _("Choose a channel kind."))
    webhook_url, email_to = (webhook_url or "").strip(), (email_to or "").strip()
    _check_address(kind, webhook_url, email_to)
    channel = Channel.objects.select_for_update().filter(unit=unit, kind=kind).first()
    before = _channel_state(channel)
    channel = channel or Channel(unit=unit, kind=kind)
    channel.webhook_url = webhook_url if kind in ROBOT_KINDS else ""
    channel.email_to = email_to if kind == ChannelKind.EMAIL else ""
    if secret is not None:
        channel.secret = secret.strip() if kind in {ChannelKind.DINGTALK, ChannelKind.FEISHU} else ""
    channel.is_active = is_active
    channel.updated_at = timezone.now()
    channel.save()
    after = _channel_state(channel)
    changed = [k for k in after if before.get(k) != after[k]] + (["secret_set"] if secret else [])
    record(
        by,
        "channel.configured",
        channel,
        unit=unit,
        before={k: before[k] for k in changed if k in before},
        after={"kind": kind, **{k: after[k] for k in changed}},
    )
    return channel


def mark_read(message: InboxMessage, *, user: User) -> None:
    """Mark one of the user's inbox messages read (personal state: no audit Event)."""
    InboxMessage.objects.visible_to(user).filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, user: User) -> int:
    """Mark every unread message of the user's inbox read."""
    return InboxMessage.objects.visible_to(user).unread().update(read_at=timezone.now())
