"""The outbox worker: claim due rows with a conditional UPDATE, send, mark sent or back off; reclaim stale claims."""

import logging
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import F, Q

from .models import OutboxMessage, Status
from .transport import DeliveryError, send

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A row still "sending" this long after its claim belongs to a run that died: it is sent again, same message_id.
STALE_CLAIM = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4, 8, 16 minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def _due(now: datetime) -> Q:
    pending = Q(status=Status.PENDING, next_attempt_at__lte=now)
    stale = Q(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return (pending | stale) & Q(attempts__lt=MAX_ATTEMPTS)


def claim(now: datetime, limit: int) -> list[OutboxMessage]:
    """Take up to `limit` due rows for this run; the UPDATE's condition lets only one run win each row."""
    OutboxMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM, attempts__gte=MAX_ATTEMPTS
    ).update(status=Status.FAILED, claim_token=None, last_error="interrupted after the last attempt")
    due = OutboxMessage.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    token = uuid.uuid4()
    # Re-checked in the UPDATE itself: a row another run took since the SELECT no longer matches.
    OutboxMessage.objects.filter(_due(now), pk__in=ids).update(
        status=Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return list(
        OutboxMessage.objects.filter(claim_token=token, status=Status.SENDING)
        .select_related("channel", "recipient")
        .order_by("pk")
    )


def deliver_due(
    now: datetime, *, limit: int = 100, transport: Callable[[OutboxMessage], None] | None = None
) -> dict[str, int]:
    """Send the outbox rows due at `now`; safe to run twice or side by side. Returns counts by outcome."""
    transport = transport or send
    counts: Counter = Counter()
    for message in claim(now, limit):
        mine = OutboxMessage.objects.filter(pk=message.pk, claim_token=message.claim_token)
        try:
            if message.channel_id and not message.channel.is_active:
                raise DeliveryError("channel switched off")
            transport(message)
        except Exception as exc:
            # A DeliveryError's text is scrubbed; anything else may quote a signed address, so only its type.
            error = str(exc)[:500] if isinstance(exc, DeliveryError) else f"unexpected {type(exc).__name__}"
            if message.attempts >= MAX_ATTEMPTS:
                mine.update(status=Status.FAILED, claim_token=None, last_error=error)
                counts["failed"] += 1
            else:
                retry_at = now + backoff(message.attempts)
                mine.update(status=Status.PENDING, claim_token=None, next_attempt_at=retry_at, last_error=error)
                counts["retried"] += 1
            log.warning(
                "outbox %s (%s) attempt %s failed: %s", message.message_id, message.kind, message.attempts, error
            )
        else:
            mine.update(status=Status.SENT, claim_token=None, sent_at=now, last_error="")
            counts["sent"] += 1
    return {"sent": counts["sent"], "retried": counts["retried"], "failed": counts["failed"]}
