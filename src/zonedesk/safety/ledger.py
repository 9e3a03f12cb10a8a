"""Writing an imported hazard ledger in one transaction: an inspection per enterprise and day, each hazard at its
state with the moves that state implies dated on the ledger's days, every move with its Event (as the services
write them, on the import channel), and the enterprises' last inspection brought forward."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils.translation import gettext as _

from zonedesk.common.text import fold_compat
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor, build_event, record
from zonedesk.orgs.models import Event

from .models import Hazard, HazardCategory, HazardMove, Inspection, SafetyProfile
from .states import DATE_FIELD, HazardState

BATCH = 500
# The loop a hazard goes round (states.MOVES): an imported one went along it as far as its state.
LOOP = (HazardState.FOUND, HazardState.RECTIFYING, HazardState.SUBMITTED)
VERBS = {
    HazardState.FOUND: "hazard.found",
    HazardState.RECTIFYING: "hazard.rectification_started",
    HazardState.SUBMITTED: "hazard.rectification_submitted",
    HazardState.ACCEPTED: "hazard.accepted",
    HazardState.SENT_BACK: "hazard.sent_back",
}


@dataclass
class LedgerRow:
    """One checked row of the ledger: its hazard's fields and the days of its moves."""

    row: int
    enterprise: Enterprise
    found_on: date
    description: str
    level: str
    category: HazardCategory | None
    responsible_person: str
    deadline: date
    state: str
    submitted_on: date
    judged_on: date
    reason: str
    inspectors: str

    def path(self) -> list[str]:
        """The states the hazard passed through to reach its own, each step one of states.MOVES."""
        return list(LOOP[: LOOP.index(self.state) + 1]) if self.state in LOOP else [*LOOP, self.state]

    def day_of(self, state: str) -> date:
        """The day of the move into `state`: the ledger gives the inspection, the hand-in and the judgement; the start
        of the rectification is not recorded and is dated on the inspection."""
        if state in (HazardState.FOUND, HazardState.RECTIFYING):
            return self.found_on
        return self.submitted_on if state == HazardState.SUBMITTED else self.judged_on


def recorded_rows(seen: dict[tuple, int]) -> list[int]:
    """The rows whose (enterprise, day, folded description) is already a hazard, in row order."""
    if not seen:
        return []
    enterprises = {e for e, _d, _t in seen}
    days = {d for _e, d, _t in seen}
    recorded = Hazard.objects.filter(enterprise_id__in=enterprises, found_on__in=days)
    taken = {(e, d, fold_compat(t)) for e, d, t in recorded.values_list("enterprise_id", "found_on", "description")}
    return sorted(seen[key] for key in taken & set(seen))


def _insert(model, objects: list) -> None:
    """Insert many rows and learn their ids (bulk where the database returns them: PostgreSQL, SQLite >= 3.35)."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects, batch_size=BATCH)
    else:
        for obj in objects:
            obj.save()


def _profiles(enterprise_ids: set[int]) -> dict[int, SafetyProfile]:
    """The enterprises' safety profiles, created on first use as the inspection service does, locked."""
    have = set(SafetyProfile.objects.filter(enterprise_id__in=enterprise_ids).values_list("enterprise_id", flat=True))
    SafetyProfile.objects.bulk_create(
        [SafetyProfile(enterprise_id=pk) for pk in enterprise_ids - have], ignore_conflicts=True
    )
    locked = SafetyProfile.objects.select_for_update().filter(enterprise_id__in=enterprise_ids)
    return {p.enterprise_id: p for p in locked}


def _findings(rows: list[LedgerRow]) -> str:
    text = _("Recorded before ZoneDesk; imported from the zone's hazard ledger.")
    names = "、".join(dict.fromkeys(r.inspectors for r in rows if r.inspectors))
    return f"{text}\n{_('Inspectors: %(names)s') % {'names': names}}" if names else text


def _inspections(rows: list[LedgerRow], by: Actor) -> dict[tuple[int, date], Inspection]:
    """One inspection per enterprise and day, each with its Event; the profiles' last inspection brought forward."""
    groups: dict[tuple[int, date], list[LedgerRow]] = {}
    for r in rows:
        groups.setdefault((r.enterprise.pk, r.found_on), []).append(r)
    inspections = {
        key: Inspection(
            enterprise=members[0].enterprise,
            unit=members[0].enterprise.unit,
            inspected_on=key[1],
            findings=_findings(members),
            recorded_by=by.user,
        )
        for key, members in groups.items()
    }
    _insert(Inspection, list(inspections.values()))
    profiles = _profiles({pk for pk, _day in groups})
    latest = {}
    for pk, day in groups:
        latest[pk] = max(day, latest.get(pk, day))
    events = []
    for (pk, day), inspection in inspections.items():
        before, after = {}, {"inspected_on": day, "hazards": len(groups[pk, day]), "imported": True}
        profile = profiles[pk]
        if day == latest[pk] and (profile.last_inspected_on is None or day > profile.last_inspected_on):
            before["last_inspected_on"], after["last_inspected_on"] = profile.last_inspected_on, day
            profile.last_inspected_on = day
            profile.save(update_fields=["last_inspected_on"])
        events.append(build_event(by, "inspection.recorded", inspection, before=before, after=after))
    _insert(Event, events)
    return inspections


def _hazard(r: LedgerRow, inspection: Inspection) -> Hazard:
    hazard = Hazard(
        enterprise=r.enterprise,
        unit=r.enterprise.unit,
        inspection=inspection,
        level=r.level,
        category=r.category,
        description=r.description,
        responsible_person=r.responsible_person,
        deadline=r.deadline,
        state=r.state,
        reason=r.reason,
        found_on=r.found_on,
        version=len(r.path()),
    )
    for state in r.path():
        setattr(hazard, DATE_FIELD[state], r.day_of(state))
    return hazard


def _moves(r: LedgerRow, hazard: Hazard, by: Actor) -> list[tuple[Event, HazardMove]]:
    """Each move of the hazard's path with its Event, dated on the ledger's day of it."""
    out = []
    previous = ""
    for state in r.path():
        day = r.day_of(state)
        reason = r.reason if state == HazardState.SENT_BACK else ""
        after = {"state": state, DATE_FIELD[state]: day}
        if state == HazardState.FOUND:
            extra = {"level": r.level, "deadline": r.deadline, "category": hazard.category_id}
            after |= {**extra, "inspection": hazard.inspection_id}
        elif reason:
            after["reason"] = reason
        before = {"state": previous} if previous else {}
        event = build_event(by, VERBS[state], hazard, before=before, after=after)
        move = HazardMove(hazard=hazard, unit=hazard.unit, from_state=previous, to_state=state, on=day, reason=reason)
        out.append((event, move))
        previous = state
    return out


@transaction.atomic(durable=True)
def write_ledger(rows: list[LedgerRow], by: Actor, *, recheck: Callable[[], None]) -> int:
    """Write the checked rows (recheck() runs first, inside the transaction, and raises if a row became a duplicate
    meanwhile); the number of inspections made."""
    recheck()
    by_import = Actor(user=by.user, ip=by.ip, channel="import")
    inspections = _inspections(rows, by_import)
    hazards = [_hazard(r, inspections[r.enterprise.pk, r.found_on]) for r in rows]
    _insert(Hazard, hazards)
    pairs = [pair for r, hazard in zip(rows, hazards, strict=True) for pair in _moves(r, hazard, by_import)]
    _insert(Event, [event for event, _move in pairs])
    for event, move in pairs:
        move.event = event
    _insert(HazardMove, [move for _event, move in pairs])
    zones = {r.enterprise.unit for r in rows}
    unit = next(iter(zones)) if len(zones) == 1 else by.user.home_unit
    after = {"created": len(rows), "inspections": len(inspections)}
    record(by_import, "hazard.import_completed", None, unit=unit, after=after)
    return len(inspections)
