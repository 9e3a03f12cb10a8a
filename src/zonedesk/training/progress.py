"""Progress of a unit's staff against the year's targets: per person and per department, in three queries whatever
the number of people (the people, one aggregate of their hours, the targets).

Who counts: every active staff user with an active membership in the unit or below it (people with no record show
with 0 hours), placed in the unit of their first such membership (their department, or the zone itself). Their hours:
the records not voided, dated in the year, filed under the unit or below it (a record counts for the unit where the
person worked when it was made). Their target: the one that applies to their unit (standing.py says how it reads).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from zonedesk.common.errors import Forbidden
from zonedesk.orgs.models import Membership, Unit, User
from zonedesk.orgs.permissions import can
from zonedesk.orgs.roles import STAFF_ROLES

from .models import Kind, TrainingRecord
from .standing import STATUS_ORDER, Status, YearShare, percent, status_of, year_share
from .targets import Target, targets_for

ZERO = Decimal("0.0")
TENTH = Decimal("0.1")


@dataclass
class PersonRow:
    """One person's hours of the year against the target of their unit."""

    user: User
    unit: Unit
    theory: Decimal
    practice: Decimal
    target: Target
    share: YearShare
    status: Status = field(init=False)

    def __post_init__(self) -> None:
        self.status = status_of(self.theory, self.practice, self.target, self.share)

    @property
    def name(self) -> str:
        return self.user.full_name or self.user.username

    @property
    def theory_percent(self) -> int | None:
        return percent(self.theory, self.target.theory_hours)

    @property
    def practice_percent(self) -> int | None:
        return percent(self.practice, self.target.practice_hours)

    @property
    def on_schedule(self) -> bool:
        return self.status in (Status.MET, Status.ON_TRACK)


@dataclass
class GroupRow:
    """A department (or the zone's own staff, or the whole unit): sums, averages per person, people on schedule."""

    unit: Unit
    people: list[PersonRow]

    @property
    def count(self) -> int:
        return len(self.people)

    @property
    def theory(self) -> Decimal:
        return sum((p.theory for p in self.people), ZERO)

    @property
    def practice(self) -> Decimal:
        return sum((p.practice for p in self.people), ZERO)

    @property
    def theory_average(self) -> Decimal | None:
        return (self.theory / self.count).quantize(TENTH, ROUND_HALF_UP) if self.people else None

    @property
    def practice_average(self) -> Decimal | None:
        return (self.practice / self.count).quantize(TENTH, ROUND_HALF_UP) if self.people else None

    def counted(self, *statuses: Status) -> int:
        return sum(p.status in statuses for p in self.people)

    @property
    def on_schedule(self) -> int:
        """People who met the target or are on schedule."""
        return self.counted(Status.MET, Status.ON_TRACK)

    @property
    def behind(self) -> int:
        return self.counted(Status.BEHIND)

    @property
    def with_target(self) -> int:
        return self.count - self.counted(Status.NO_TARGET)

    @property
    def on_schedule_percent(self) -> int | None:
        """On schedule over the people a target applies to, as a whole percent (half up); None without any."""
        if not self.with_target:
            return None
        share = Decimal(self.on_schedule * 100) / self.with_target
        return int(share.quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class Progress:
    unit: Unit
    year: int
    share: YearShare
    target: Target
    people: list[PersonRow]
    groups: list[GroupRow]
    total: GroupRow


# ?sort= keys of the people table; a leading "-" sorts from the largest.
SORTS = {
    "name": lambda p: (p.name,),
    "unit": lambda p: (p.unit.path, p.name),
    "theory": lambda p: (p.theory, p.name),
    "practice": lambda p: (p.practice, p.name),
    "theory_percent": lambda p: (p.theory_percent or 0, p.name),
    "practice_percent": lambda p: (p.practice_percent or 0, p.name),
    "status": lambda p: (STATUS_ORDER[p.status], p.theory, p.name),
}


def sort_people(people: list[PersonRow], sort: str | None) -> list[PersonRow]:
    key = (sort or "").lstrip("-")
    if key not in SORTS:
        return sorted(people, key=SORTS["unit"])
    return sorted(people, key=SORTS[key], reverse=bool(sort) and sort.startswith("-"))


def progress(user, unit: Unit, year: int, *, today: date | None = None, sort: str | None = None) -> Progress:
    """The progress of the staff of `unit` and below in `year` (training.manage on the unit)."""
    if not can(user, "training.manage", unit):
        raise Forbidden()
    share = year_share(year, today or timezone.localdate())
    memberships = (
        Membership.objects.active()
        .filter(
            unit__path__startswith=unit.path,
            unit__is_archived=False,
            role__in=STAFF_ROLES,
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("pk")
    )
    placed: dict[int, Membership] = {}
    for m in memberships:
        placed.setdefault(m.user_id, m)
    hours = (
        TrainingRecord.objects.visible_to(user)
        .counted()
        .in_year(year)
        .filter(unit__path__startswith=unit.path)
        .order_by()
        .values("user_id", "kind")
        .annotate(total=Sum("hours"))
    )
    sums: dict[tuple[int, str], Decimal] = {(r["user_id"], r["kind"]): r["total"].quantize(TENTH) for r in hours}
    units = {m.unit_id: m.unit for m in placed.values()} | {unit.pk: unit}
    targets = targets_for(units.values(), year)
    people = [
        PersonRow(
            m.user,
            m.unit,
            sums.get((uid, Kind.THEORY), ZERO),
            sums.get((uid, Kind.PRACTICE), ZERO),
            targets[m.unit_id],
            share,
        )
        for uid, m in placed.items()
    ]
    by_unit: dict[int, list[PersonRow]] = {}
    for row in sorted(people, key=SORTS["unit"]):
        by_unit.setdefault(row.unit.pk, []).append(row)
    groups = [GroupRow(units[pk], rows) for pk, rows in sorted(by_unit.items(), key=lambda kv: units[kv[0]].path)]
    total = GroupRow(unit, sort_people(people, None))
    return Progress(unit, year, share, targets[unit.pk], sort_people(people, sort), groups, total)
