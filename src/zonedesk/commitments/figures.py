"""The zone's compliance figures (履约率): how many agreements kept every promise that came due, and by item how
many promises came due, were met and were missed. Every figure carries the filter of the list that produces it,
so a figure and the length of its list are the same number.

A promise "came due" when it is met or missed (an unreached date or amount still before its day is not counted;
a promise met early counts). For a year, the promises due in that year; without one, every promise to date.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .queries import DUE, Row, agreement_rows, narrow
from .status import Item, Status

# The items of the figures, in the order the page shows them.
FIGURE_ITEMS = [
    Item.START,
    Item.PRODUCE,
    Item.CAPACITY,
    Item.INVESTMENT,
    Item.FIXED_ASSETS,
    Item.INTENSITY,
    Item.OUTPUT,
    Item.TAX,
    Item.TAX_PER_MU,
    Item.JOBS,
]


def share(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, one decimal, rounded half-up (None when whole is 0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figure:
    """A number and the list filter that produces it."""

    value: int
    filter: dict


@dataclass
class ItemFigures:
    item: str
    due: Figure
    met: Figure
    missed: Figure
    at_risk: Figure

    @property
    def label(self) -> str:
        return Item(self.item).label

    @property
    def share_met(self) -> Decimal | None:
        return share(self.met.value, self.due.value)


@dataclass
class Compliance:
    unit_id: int | None
    year: int | None
    in_scope: Figure
    assessed: Figure
    fully_met: Figure
    items: list[ItemFigures]
    missed_start: list[Row]

    @property
    def share_fully_met(self) -> Decimal | None:
        return share(self.fully_met.value, self.assessed.value)


def compliance(user, *, unit=None, year: int | None = None, today: date | None = None) -> Compliance:
    """The compliance figures of the agreements the user sees, of `unit` and below, for `year` (None: to date)."""
    today = today or timezone.localdate()
    base = {"unit": getattr(unit, "pk", unit)} if unit else {}
    if year:
        base["year"] = year
    rows = agreement_rows(user, today, **base)

    def count(**extra) -> Figure:
        spec = {**base, **extra}
        matching = narrow(rows, **spec)
        return Figure(len(matching), spec)

    items = []
    for item in FIGURE_ITEMS:
        due = count(item=item, status=DUE)
        if not due.value and not any(r.result(item) for r in rows):
            continue
        items.append(
            ItemFigures(
                item=item,
                due=due,
                met=count(item=item, status=Status.MET),
                missed=count(item=item, status=Status.MISSED),
                at_risk=count(item=item, status=Status.AT_RISK),
            )
        )
    return Compliance(
        unit_id=base.get("unit"),
        year=year,
        in_scope=Figure(len(rows), dict(base)),
        assessed=count(outcome="assessed"),
        fully_met=count(outcome="fully_met"),
        items=items,
        missed_start=narrow(rows, **base, item=Item.START, status=Status.MISSED),
    )
