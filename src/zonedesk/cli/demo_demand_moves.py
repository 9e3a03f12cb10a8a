"""The demo demands' moves: the days they happened (chosen so that each demand's end state reads true today), and
the bulk writer that records a demand, its Events and its DemandMoves exactly as the services' moves would."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from zonedesk.common.workdays import WorkCalendar
from zonedesk.demands.models import Demand, DemandMove
from zonedesk.demands.states import DATE_FIELD, State
from zonedesk.orgs.audit import Actor, build_event
from zonedesk.orgs.models import Event

BATCH = 300
# action: the Event verb and the state it moves to (services._move and auto_confirm_due)
MOVES = {
    "return": ("demand.returned", State.RETURNED),
    "reject": ("demand.rejected", State.REJECTED),
    "accept": ("demand.accepted", State.ACCEPTED),
    "assign": ("demand.assigned", State.ASSIGNED),
    "resolve": ("demand.resolved", State.RESOLVED),
    "confirm": ("demand.confirmed", State.CONFIRMED),
    "auto": ("demand.auto_confirmed", State.CONFIRMED),
    "reopen": ("demand.reopened", State.REOPENED),
}


def at(day: date, hour: int) -> datetime:
    """The hour of a demo move's day, never later than now (a move dated today happens by now)."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


class Calendar(WorkCalendar):
    """The official calendar, each day looked up once (the demo asks about the same days thousands of times)."""

    def __init__(self) -> None:
        super().__init__()
        self._days: dict[date, bool] = {}

    def is_workday(self, day: date) -> bool:
        if day not in self._days:
            self._days[day] = super().is_workday(day)
        return self._days[day]


class Days:
    """The days of a demand's moves, chosen so that its end state reads true today."""

    def __init__(self, rng: random.Random, today: date, calendar: WorkCalendar):
        self.rng, self.today, self.cal = rng, today, calendar

    def ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def back(self, day: date, workdays: int) -> date:
        """The day `workdays` working days before `day`."""
        while workdays > 0:
            day -= timedelta(days=1)
            workdays -= self.cal.is_workday(day)
        return day

    def plus(self, day: date, low: int, high: int) -> date:
        return min(self.today, day + timedelta(days=self.rng.randint(low, high)))

    def steps(self, kind: str, days: int, submitted: date | None = None) -> list[tuple[str, date]]:
        """The moves of a demand of `kind` and their days (deadline: `days` working days after assignment)."""
        rng, today, cal = self.rng, self.today, self.cal
        if kind == "submitted":
            return [("submit", self.ago(0, 4))]
        if kind in ("returned", "rejected"):
            s = submitted or self.ago(4, 40 if kind == "returned" else 360)
            return [("submit", s), ("return" if kind == "returned" else "reject", self.plus(s, 1, 3))]
        if kind == "accepted":
            s = self.ago(1, 6)
            return [("submit", s), ("accept", self.plus(s, 1, 1))]
        if kind == "on_track":
            a = self.ago(0, 3)
        elif kind == "due_soon":
            a = self.back(cal.add(today, rng.randint(1, 3)), days)
        elif kind == "overdue":
            a = submitted + timedelta(days=2) if submitted else self.back(self.ago(2, 40), days)
        elif kind == "resolved":
            r = self.back(today, rng.randint(0, 3))
            a = r - timedelta(days=rng.randint(3, 14))
        elif kind in ("reopened", "reassigned"):
            r = self.ago(5, 25) if kind == "reopened" else self.ago(10, 20)
            a = r - timedelta(days=rng.randint(3, 14))
        else:  # confirmed, auto: resolved mostly within the deadline, one in seven late
            s = submitted or self.ago(20 if kind == "confirmed" else 60, 365)
            a = self.plus(s, 1, 3)
            late = rng.random() < 0.15
            r = cal.add(a, days + rng.randint(1, 5)) if late else cal.add(a, rng.randint(1, max(1, days - 1)))
            r = max(a, min(r, today - timedelta(days=1 if kind == "confirmed" else 20)))
        s = submitted or a - timedelta(days=rng.randint(1, 4))
        out = [("submit", s), ("accept", min(a, s + timedelta(days=1))), ("assign", a)]
        if kind in ("on_track", "due_soon", "overdue"):
            return out
        out.append(("resolve", r))
        if kind == "confirmed":
            out.append(("confirm", self.plus(r, 0, 5)))
        elif kind == "auto":  # the day after the 7th working day, when `zonedesk supervise` confirmed it
            out.append(("auto", min(today, cal.add(r, 7) + timedelta(days=1))))
        elif kind in ("reopened", "reassigned"):
            o = self.plus(r, 1, 3)
            out.append(("reopen", o))
            if kind == "reassigned":
                out.append(("assign", self.plus(o, 1, 2)))
        return out


@dataclass
class Row:
    verb: str
    day: date
    by: Actor
    before: dict
    after: dict
    from_state: str
    to_state: str
    reason: str = ""
    department_id: int | None = None


@dataclass
class History:
    """A demand built in memory move by move, as services.create_demand and services._move would write it."""

    demand: Demand
    rows: list[Row] = field(default_factory=list)

    @classmethod
    def submitted(cls, demand: Demand, by: Actor, day: date) -> "History":
        demand.state, demand.submitted_on = State.SUBMITTED, day
        after = {"state": State.SUBMITTED, "title": demand.title, "source": demand.source, "level": demand.level}
        return cls(demand, [Row("demand.submitted", day, by, {}, after, "", State.SUBMITTED)])

    def move(self, action: str, day: date, by: Actor, reason: str = "", **fields) -> None:
        verb, to = MOVES[action]
        demand = self.demand
        changed = {"state": to, DATE_FIELD[to]: day, "reason": reason, **fields}
        before = {k: _plain(getattr(demand, k)) for k in changed}
        for key, value in changed.items():
            setattr(demand, key, value)
        demand.version += 1
        after = {k: _plain(v) for k, v in changed.items()}
        self.rows.append(Row(verb, day, by, before, after, before["state"], to, reason, demand.assigned_department_id))


def _plain(value):
    return getattr(value, "pk", value)


@transaction.atomic
def write(histories: list[History]) -> None:
    """The demands, then one Event and one DemandMove per move, in bulk."""
    Demand.objects.bulk_create([h.demand for h in histories], batch_size=BATCH)
    events = []
    for history in histories:
        for hour, row in enumerate(history.rows):
            event = build_event(row.by, row.verb, history.demand, before=row.before, after=row.after)
            event.at = at(row.day, 9 + hour % 9)
            events.append(event)
    Event.objects.bulk_create(events, batch_size=BATCH)
    moves, made = [], iter(events)
    for history in histories:
        for row in history.rows:
            moves.append(
                DemandMove(
                    demand=history.demand,
                    unit=history.demand.unit,
                    from_state=row.from_state,
                    to_state=row.to_state,
                    on=row.day,
                    department_id=row.department_id,
                    reason=row.reason,
                    event=next(made),
                )
            )
    DemandMove.objects.bulk_create(moves, batch_size=BATCH)
