"""Where a person stands against the year's target: met, on track, behind schedule, or no target.

The rule (the one copy; pages, API and export read it from here):
- the share of the year elapsed is the days from 1 January to `today`, both counted, over the days of the year
  (a past year: all of it; a later year: none of it);
- *met*: theory hours ≥ the theory target and practice hours ≥ the practice target;
- *behind schedule*: theory or practice hours below the target's pro-rata share of the elapsed year
  (hours × days of the year < target × days elapsed: exactly the share is on schedule);
- *on track*: neither (below target, but not behind the share);
- *no target*: no target is set for the unit nor any unit above it.

Percentages are rounded down to a whole percent, so 100% shows only when the target is reached.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .targets import Target


class Status(models.TextChoices):
    MET = "met", _("Target met")
    ON_TRACK = "on_track", _("On schedule")
    BEHIND = "behind", _("Behind schedule")
    NO_TARGET = "no_target", _("No target set")


STATUS_CSS = {
    Status.MET: "text-bg-success",
    Status.ON_TRACK: "text-bg-primary",
    Status.BEHIND: "text-bg-danger",
    Status.NO_TARGET: "text-bg-secondary",
}
# Sorting by status puts the people behind schedule first.
STATUS_ORDER = {Status.BEHIND: 0, Status.ON_TRACK: 1, Status.MET: 2, Status.NO_TARGET: 3}


@dataclass(frozen=True)
class YearShare:
    """Days of `year` elapsed by a day, over the days of the year."""

    year: int
    elapsed: int
    days: int

    @property
    def percent(self) -> int:
        return self.elapsed * 100 // self.days

    def expected(self, target_hours: Decimal | None) -> Decimal | None:
        """The hours due by now for a yearly target (to one place, rounded up so that reaching it is on schedule)."""
        if target_hours is None:
            return None
        exact = target_hours * self.elapsed / self.days
        return exact.quantize(Decimal("0.1"), rounding=ROUND_CEILING)


def year_share(year: int, today: date) -> YearShare:
    days = 366 if calendar.isleap(year) else 365
    if year < today.year:
        return YearShare(year, days, days)
    if year > today.year:
        return YearShare(year, 0, days)
    return YearShare(year, (today - date(year, 1, 1)).days + 1, days)


def percent(hours: Decimal, target: Decimal | None) -> int | None:
    """Hours as a whole percent of the target, rounded down (None without a target or for a target of 0)."""
    if not target:
        return None
    return int((hours * 100 / target).to_integral_value(rounding=ROUND_DOWN))


def status_of(theory: Decimal, practice: Decimal, target: Target, share: YearShare) -> Status:
    """Met, behind schedule, on schedule or no target: the rule of this module's docstring."""
    if not target.is_set:
        return Status.NO_TARGET
    if theory >= target.theory_hours and practice >= target.practice_hours:
        return Status.MET
    for hours, goal in ((theory, target.theory_hours), (practice, target.practice_hours)):
        if hours * share.days < goal * share.elapsed:
            return Status.BEHIND
    return Status.ON_TRACK
