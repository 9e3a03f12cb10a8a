"""The audit log's hash chain (等保 安全审计): each Event is sealed, in the order it is sealed, by an SM3 digest of
the previous seal's digest and the Event's own content, so a row changed, removed or slipped in afterwards — even by
someone who dropped the triggers — breaks the chain at that place. `zonedesk audit verify` walks it.

Sealing runs after the fact (run_due_jobs, and `zonedesk audit seal`), never on the write path: a service's Event
costs no lock on a global chain head. Events are sealed in id order among those not yet sealed; the chain follows
seal order, so an Event whose transaction committed late is sealed by a later run, not lost.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from .models import AuditSeal, Event

GENESIS = "0" * 64
BATCH = 2000


def sm3(data: bytes) -> str:
    """SM3 (GB/T 32905-2016) through OpenSSL."""
    digest = hashlib.new("sm3")
    digest.update(data)
    return digest.hexdigest()


def canonical(event: Event) -> bytes:
    """The Event's content as bytes that do not depend on dict order or formatting."""
    content = [
        event.pk,
        event.at.isoformat(),
        event.actor_id,
        event.actor_label,
        event.channel,
        event.ip,
        event.verb,
        event.object_type_id,
        event.object_id,
        event.object_repr,
        event.unit_id,
        event.enterprise_id,
        event.before,
        event.after,
    ]
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def link(previous: str, event: Event) -> str:
    return sm3(previous.encode() + b"\n" + canonical(event))


def seal_pending(limit: int = BATCH) -> int:
    """Seal up to `limit` unsealed Events; returns how many. Two runs at once: one seals, the other seals nothing."""
    try:
        with transaction.atomic():
            last = AuditSeal.objects.order_by("-number").first()
            previous, number = (last.digest, last.number) if last else (GENESIS, 0)
            pending = Event.objects.filter(seal__isnull=True).order_by("pk")[:limit]
            seals = []
            for event in pending:
                number += 1
                previous = link(previous, event)
                seals.append(AuditSeal(event=event, number=number, digest=previous))
            AuditSeal.objects.bulk_create(seals)
    except IntegrityError:  # another run sealed the same events, or took the same numbers, first
        return 0
    return len(seals)


@dataclass
class Verdict:
    sealed: int = 0
    unsealed: int = 0
    broken: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.broken


def verify() -> Verdict:
    """Walk the chain in seal order: every seal's Event exists, is unchanged, and follows the seal before it."""
    verdict = Verdict(unsealed=Event.objects.filter(seal__isnull=True).count())
    previous, expected_number = GENESIS, 1
    seals = AuditSeal.objects.order_by("number").values_list("number", "event_id", "digest").iterator(BATCH)
    chunk: list[tuple[int, int, str]] = []

    def check(rows) -> None:
        nonlocal previous, expected_number
        events = Event.objects.in_bulk([event_id for _n, event_id, _d in rows])
        for number, event_id, digest in rows:
            gap = number != expected_number
            if gap:  # the seals between were removed: the link after them cannot be checked against them
                verdict.broken.append(f"seal {expected_number} is missing")
            event = events.get(event_id)
            if gap:
                pass
            elif event is None:
                verdict.broken.append(f"event {event_id} (seal {number}) was removed")
            elif link(previous, event) != digest:
                verdict.broken.append(f"event {event_id} (seal {number}) was changed")
            previous, expected_number = digest, number + 1
            verdict.sealed += 1

    for row in seals:
        chunk.append(row)
        if len(chunk) == BATCH:
            check(chunk)
            chunk = []
    if chunk:
        check(chunk)
    return verdict
