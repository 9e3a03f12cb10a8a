"""The yearly hour target that applies to a unit: its own, or the nearest one set above it (a department follows its
zone, a zone its county), as demands/config.py reads a unit's rules."""

from dataclasses import dataclass
from decimal import Decimal

from zonedesk.orgs.models import Unit

from .models import TrainingTarget


@dataclass(frozen=True)
class Target:
    """The hours a person of a unit is to study in a year, and the unit that set them (None: no target anywhere)."""

    theory_hours: Decimal | None = None
    practice_hours: Decimal | None = None
    source: Unit | None = None
    row: TrainingTarget | None = None

    @property
    def is_set(self) -> bool:
        return self.row is not None


NO_TARGET = Target()


def ancestor_ids(unit: Unit) -> list[int]:
    """The unit and the units above it, nearest first."""
    return [int(p) for p in reversed(unit.path.strip("/").split("/")) if p]


def targets_for(units, year: int) -> dict[int, Target]:
    """Each unit's target for the year (its own or the nearest above), in one query whatever the number of units.

    Targets are the zone's published rule, so a unit's staff read the target set above their scope too.
    """
    chains = {u.pk: ancestor_ids(u) for u in units}
    ids = {i for chain in chains.values() for i in chain}
    found = {t.unit_id: t for t in TrainingTarget.objects.filter(year=year, unit__in=ids).select_related("unit")}
    out = {}
    for pk, chain in chains.items():
        row = next((found[i] for i in chain if i in found), None)
        out[pk] = Target(row.theory_hours, row.practice_hours, row.unit, row) if row else NO_TARGET
    return out


def target_for(unit: Unit | None, year: int) -> Target:
    """The target that applies to one unit's staff in the year."""
    return targets_for([unit], year)[unit.pk] if unit is not None else NO_TARGET
