"""Reads of the training ledger: one's own year, the records list behind every figure (pages, API and export share
it), the units and people a manager covers, and the targets table."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zonedesk.common.errors import Forbidden
from zonedesk.orgs.models import Unit, User
from zonedesk.orgs.permissions import can, scope_of
from zonedesk.orgs.roles import STAFF_ROLES

from .models import FIRST_YEAR, LAST_YEAR, Kind, TrainingRecord, staff_memberships
from .standing import Status, YearShare, percent, status_of, year_share
from .targets import Target, target_for, targets_for

ZERO = Decimal("0.0")


def chosen_year(raw, today: date | None = None) -> int:
    """The year asked for (2000–2100), this year when none or not a year."""
    text = str(raw or "").strip()
    if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return (today or timezone.localdate()).year


def manage_paths(user) -> list[str]:
    return scope_of(user, "training.manage")[0]


def manage_units(user) -> QuerySet[Unit]:
    """The units whose staff's training the user manages (training.manage there), in tree order."""
    paths = manage_paths(user)
    if not paths:
        return Unit.objects.none()
    cond = Q()
    for path in paths:
        cond |= Q(path__startswith=path)
    return Unit.objects.filter(cond, is_archived=False).order_by("path")


def chosen_unit(user, raw) -> Unit:
    """The unit asked for: 404 outside the user's scope, 403 where they do not manage training; by default the
    narrowest managed unit around the user's own, or their first."""
    raw = str(raw or "").strip()
    if raw:
        if not raw.isdigit():
            raise Unit.DoesNotExist
        unit = get_object_or_404(Unit.objects.visible_to(user), pk=int(raw))
        if not can(user, "training.manage", unit):
            raise Forbidden()
        return unit
    units = list(manage_units(user).filter(path__in=manage_paths(user)))
    if not units:
        raise Forbidden()
    home = user.home_unit
    around = [u for u in units if home is not None and home.path.startswith(u.path)]
    return max(around, key=lambda u: len(u.path)) if around else units[0]


def people_for(user) -> QuerySet[User]:
    """Active staff people working in the units the user manages: whom they may record training for."""
    units = manage_units(user)
    return (
        User.objects.filter(
            is_active=True,
            memberships__revoked_at__isnull=True,
            memberships__role__in=STAFF_ROLES,
            memberships__unit__in=units,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def record_list(user, **filters) -> QuerySet[TrainingRecord]:
    """The records the user can see (their own; their managed units'), newest first.

    Filters: unit (the unit and below), year, person (a user id), kind, counted (only records not voided),
    q (title or organiser).
    """
    qs = TrainingRecord.objects.visible_to(user).select_related("user", "unit", "recorded_by", "voided_by")
    if filters.get("unit"):
        unit = filters["unit"]
        path = unit.path if isinstance(unit, Unit) else Unit.objects.get(pk=unit).path
        qs = qs.filter(unit__path__startswith=path)
    if filters.get("year"):
        qs = qs.in_year(int(filters["year"]))
    if filters.get("person"):
        qs = qs.filter(user_id=getattr(filters["person"], "pk", filters["person"]))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("counted"):
        qs = qs.counted()
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(Q(title__icontains=text) | Q(organiser__icontains=text))
    return qs.order_by("-on", "-pk")


@dataclass
class Ledger:
    """A person's year: their records (voided ones too), the hours that count, the target and where they stand."""

    user: User
    year: int
    unit: Unit | None
    records: list[TrainingRecord]
    theory: Decimal
    practice: Decimal
    target: Target
    share: YearShare
    status: Status = field(init=False)

    def __post_init__(self) -> None:
        self.status = status_of(self.theory, self.practice, self.target, self.share)

    @property
    def theory_percent(self) -> int | None:
        return percent(self.theory, self.target.theory_hours)

    @property
    def practice_percent(self) -> int | None:
        return percent(self.practice, self.target.practice_hours)

    @property
    def theory_due(self) -> Decimal | None:
        return self.share.expected(self.target.theory_hours)

    @property
    def practice_due(self) -> Decimal | None:
        return self.share.expected(self.target.practice_hours)


def my_ledger(user, year: int, *, today: date | None = None) -> Ledger:
    """The user's own records of the year and their hours against the target of the unit where they work."""
    memberships = staff_memberships(user)
    unit = memberships[0].unit if memberships else None
    records = list(record_list(user, person=user.pk, year=year))
    sums = {k: ZERO for k in Kind.values}
    for row in records:
        if not row.is_void:
            sums[row.kind] += row.hours
    share = year_share(year, today or timezone.localdate())
    return Ledger(user, year, unit, records, sums[Kind.THEORY], sums[Kind.PRACTICE], target_for(unit, year), share)


def hours_by_kind(qs: QuerySet[TrainingRecord]) -> dict[str, Decimal]:
    """The hours of a record list per kind (what the list's rows add up to)."""
    rows = qs.order_by().values("kind").annotate(total=Sum("hours"))
    return {k: ZERO for k in Kind.values} | {r["kind"]: r["total"].quantize(ZERO) for r in rows}


@dataclass
class TargetRow:
    unit: Unit
    own: Target
    applies: Target


def target_table(user, year: int) -> list[TargetRow]:
    """The regions, zones and departments the user manages, each with its own target for the year and the one that
    applies to it (its own or inherited)."""
    units = list(manage_units(user))
    applying = targets_for(units, year)
    return [TargetRow(u, applying[u.pk] if applying[u.pk].source == u else Target(), applying[u.pk]) for u in units]
