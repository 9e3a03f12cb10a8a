"""The status of each promise of an agreement, from what the system already holds: pure functions (no query) over
the agreement, its project and its enterprise's yearly figures, as of a day.

The rules (one place; the pages, the figures, the Word sheet and the alert job all read them):

- Dates (to start 开工, to produce 投产, to reach capacity 达产) against the project's stage dates: met when the stage
  was reached on or before the promised day; missed when reached after it, or not reached and the day has passed;
  at risk when not reached and the promised day is at most ALERT_DAYS away (the day itself included); otherwise on
  track.
- Total investment against the project's 完成投资 (investment completed), which every weekly report (周调度) of its
  task force updates (the latest report's cumulative total is that figure) and officers record on the project
  otherwise; due by the date to reach capacity (else to produce). Met when it reaches the promise; missed when the
  due day has passed short of it; at risk within ALERT_DAYS of the due day, or when the share completed lags the
  share of time elapsed between signing and the due day by more than LAG_POINTS points; otherwise on track. The
  system holds only today's cumulative figure, so an amount reached late shows as met.
- Fixed-asset investment, and investment intensity (fixed-asset investment ÷ land, 万元/亩), against the sum of the
  enterprise's yearly fixed-asset investment from the signing year on; due by the date to reach capacity. Met when
  reached; past the due day, missed once the figures of the due day's year are in and short, awaiting figures
  before; at risk within ALERT_DAYS of the due day.
- At-capacity yearly items (output, tax, 亩均税收 = tax ÷ land, jobs = employees at year end) against the
  enterprise's figures of the first full calendar year after the date to reach capacity: not due until that year
  has ended, then met at or above the promise, missed below it, awaiting while that year's figures are not in.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ALERT_DAYS = 30  # how long before a promised day an unreached promise is at risk (and its alert goes out)
LAG_POINTS = Decimal(20)  # investment at risk when its share completed lags the time elapsed by more than this
CENT = Decimal("0.01")


class Status(models.TextChoices):
    MET = "met", pgettext_lazy("commitment", "Met")
    ON_TRACK = "on_track", pgettext_lazy("commitment", "On track")
    AT_RISK = "at_risk", pgettext_lazy("commitment", "At risk")
    MISSED = "missed", pgettext_lazy("commitment", "Missed")
    NOT_DUE = "not_due", pgettext_lazy("commitment", "Not due")
    AWAITING = "awaiting", pgettext_lazy("commitment", "Awaiting figures")


# Worst first: a row shows the worst of its items.
SEVERITY = [Status.MISSED, Status.AT_RISK, Status.AWAITING, Status.ON_TRACK, Status.NOT_DUE, Status.MET]
DECIDED = (Status.MET, Status.MISSED)
CSS = {
    Status.MET: "text-bg-success",
    Status.ON_TRACK: "text-bg-primary",
    Status.AT_RISK: "text-bg-warning",
    Status.MISSED: "text-bg-danger",
    Status.NOT_DUE: "text-bg-light border",
    Status.AWAITING: "text-bg-secondary",
}


class Item(models.TextChoices):
    START = "start", pgettext_lazy("commitment", "Start of construction")
    PRODUCE = "produce", pgettext_lazy("commitment", "Start of production")
    CAPACITY = "capacity", pgettext_lazy("commitment", "Full capacity")
    INVESTMENT = "investment", pgettext_lazy("commitment", "Total investment")
    FIXED_ASSETS = "fixed_assets", pgettext_lazy("commitment", "Fixed-asset investment")
    INTENSITY = "intensity", pgettext_lazy("commitment", "Investment intensity")
    OUTPUT = "output", pgettext_lazy("commitment", "Annual output")
    TAX = "tax", pgettext_lazy("commitment", "Annual tax")
    TAX_PER_MU = "tax_per_mu", pgettext_lazy("commitment", "Tax per mu")
    JOBS = "jobs", pgettext_lazy("commitment", "Jobs")


# The unit each item's promise and actual are in (shown beside the numbers).
UNITS = {
    Item.INVESTMENT: _("10k yuan"),
    Item.FIXED_ASSETS: _("10k yuan"),
    Item.INTENSITY: _("10k yuan per mu"),
    Item.OUTPUT: _("10k yuan"),
    Item.TAX: _("10k yuan"),
    Item.TAX_PER_MU: _("10k yuan per mu"),
    Item.JOBS: _("people"),
}
DATE_ITEMS = {Item.START: ("start_by", "started_on"), Item.PRODUCE: ("produce_by", "producing_on")}
DATE_ITEMS[Item.CAPACITY] = ("capacity_by", "at_capacity_on")
# yearly item: (promise field of the agreement, field of the enterprise's year)
YEARLY = {
    Item.OUTPUT: ("annual_output_wan", "output_wan"),
    Item.TAX: ("annual_tax_wan", "tax_wan"),
    Item.TAX_PER_MU: ("tax_per_mu_wan", "tax_wan"),
    Item.JOBS: ("jobs", "employees"),
}


@dataclass(frozen=True)
class Result:
    """One promise as of a day: what was promised, what the system holds, by when, its status and the source."""

    item: str
    status: str
    promised: object
    actual: object = None
    due_on: date | None = None
    source: str = ""

    @property
    def label(self) -> str:
        return Item(self.item).label

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def css(self) -> str:
        return CSS[self.status]

    @property
    def unit(self) -> str:
        return str(UNITS.get(self.item, ""))

    @property
    def is_date(self) -> bool:
        return self.item in DATE_ITEMS

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED


def date_status(promised: date, reached: date | None, today: date, alert_days: int = ALERT_DAYS) -> str:
    """A promised day against the day it was reached (None: not yet)."""
    if reached is not None:
        return Status.MET if reached <= promised else Status.MISSED
    if today > promised:
        return Status.MISSED
    if today >= promised - timedelta(days=alert_days):
        return Status.AT_RISK
    return Status.ON_TRACK


def lag_points(promised: Decimal, actual: Decimal, start: date, due: date, today: date) -> Decimal:
    """How many points the share completed lags the share of time elapsed from `start` to `due` (negative: ahead)."""
    span = (due - start).days
    elapsed = Decimal(1) if span <= 0 else min(Decimal(1), max(Decimal(0), Decimal((today - start).days) / span))
    done = actual / promised if promised else Decimal(1)
    return (elapsed - done) * 100


def amount_status(
    promised: Decimal, actual: Decimal, *, start: date, due: date | None, today: date, alert_days: int = ALERT_DAYS
) -> str:
    """A promised amount against the cumulative amount reached (the total investment rule)."""
    if actual >= promised:
        return Status.MET
    if due is None:
        return Status.ON_TRACK
    if today > due:
        return Status.MISSED
    if today >= due - timedelta(days=alert_days):
        return Status.AT_RISK
    if lag_points(promised, actual, start, due, today) > LAG_POINTS:
        return Status.AT_RISK
    return Status.ON_TRACK


def yearly_status(promised, actual, *, year: int, today: date) -> str:
    """A promise for a calendar year against that year's figure (None: not entered)."""
    if today.year <= year:
        return Status.NOT_DUE
    if actual is None:
        return Status.AWAITING
    return Status.MET if actual >= promised else Status.MISSED


def per_mu(amount, land) -> Decimal | None:
    """An amount per mu of land, rounded half-up to 0.01 (None without both)."""
    if amount is None or not land:
        return None
    return (Decimal(amount) / Decimal(land)).quantize(CENT, rounding=ROUND_HALF_UP)


def assessed_year(agreement) -> int | None:
    """The year whose figures the at-capacity promises are compared against: the first full calendar year after the
    date to reach capacity (None without that date)."""
    return agreement.capacity_by.year + 1 if agreement.capacity_by else None


def _dates(agreement, project, today: date) -> list[Result]:
    out = []
    for item, (promise_field, stage_field) in DATE_ITEMS.items():
        promised = getattr(agreement, promise_field)
        if promised is None:
            continue
        reached = getattr(project, stage_field)
        source = _("project's stage date") if reached else _("not reached yet")
        status = date_status(promised, reached, today)
        out.append(Result(item, status, promised, reached, promised, str(source)))
    return out


def _investment(agreement, project, today: date) -> Result | None:
    promised = agreement.total_investment_wan
    if promised is None:
        return None
    due = agreement.capacity_by or agreement.produce_by
    actual = project.investment_completed_wan or Decimal(0)
    status = amount_status(promised, actual, start=agreement.signed_on, due=due, today=today)
    source = _("project's investment completed")
    return Result(Item.INVESTMENT, status, promised, actual, due, str(source))


def fixed_assets_so_far(agreement, years: dict) -> tuple[Decimal | None, int | None]:
    """The enterprise's fixed-asset investment summed from the signing year on, and the last year that sum covers."""
    rows = [(y, f.fixed_asset_investment_wan) for y, f in sorted(years.items()) if y >= agreement.signed_on.year]
    rows = [(y, v) for y, v in rows if v is not None]
    if not rows:
        return None, None
    return sum((v for _y, v in rows), Decimal(0)), rows[-1][0]


def _fixed_assets(agreement, years: dict, has_enterprise: bool, today: date) -> list[Result]:
    out = []
    total, last_year = fixed_assets_so_far(agreement, years)
    due = agreement.capacity_by
    wanted = [(Item.FIXED_ASSETS, agreement.fixed_asset_investment_wan, total)]
    if agreement.land_mu:
        wanted.append((Item.INTENSITY, agreement.intensity_wan_per_mu, per_mu(total, agreement.land_mu)))
    for item, promised, actual in wanted:
        if promised is None:
            continue
        if not has_enterprise:
            source = _("no local enterprise linked to the project")
        elif last_year is None:
            source = _("no yearly figures entered yet")
        else:
            source = _("enterprise's yearly figures %(first)d–%(last)d") % {
                "first": agreement.signed_on.year,
                "last": last_year,
            }
        if actual is not None and actual >= promised:
            status = Status.MET
        elif due is None:
            status = Status.ON_TRACK
        elif today > due:
            status = Status.MISSED if last_year is not None and last_year >= due.year else Status.AWAITING
        elif today >= due - timedelta(days=ALERT_DAYS):
            status = Status.AT_RISK
        else:
            status = Status.ON_TRACK
        out.append(Result(item, status, promised, actual, due, str(source)))
    return out


def _yearly(agreement, years: dict, has_enterprise: bool, today: date) -> list[Result]:
    out = []
    year = assessed_year(agreement)
    for item, (promise_field, figure_field) in YEARLY.items():
        promised = getattr(agreement, promise_field)
        if promised is None or (item == Item.TAX_PER_MU and not agreement.land_mu):
            continue
        if year is None:
            out.append(Result(item, Status.NOT_DUE, promised, None, None, str(_("no date to reach capacity promised"))))
            continue
        figures = years.get(year)
        actual = getattr(figures, figure_field) if figures is not None else None
        if item == Item.TAX_PER_MU:
            actual = per_mu(actual, agreement.land_mu)
        status = yearly_status(promised, actual, year=year, today=today)
        if not has_enterprise:
            source = _("no local enterprise linked to the project")
        else:
            source = _("enterprise's figures of %(year)d") % {"year": year}
        out.append(Result(item, status, promised, actual, date(year, 12, 31), str(source)))
    return out


def evaluate(agreement, project, years: dict, today: date, *, has_enterprise: bool = True) -> list[Result]:
    """Every promise of the agreement that is not blank, in the order of Item, as of `today`.

    `years` maps a calendar year to the enterprise's figures of that year (objects with output_wan, tax_wan,
    employees, fixed_asset_investment_wan); only attributes are read.
    """
    results = _dates(agreement, project, today)
    if (investment := _investment(agreement, project, today)) is not None:
        results.append(investment)
    results += _fixed_assets(agreement, years, has_enterprise, today)
    results += _yearly(agreement, years, has_enterprise, today)
    order = list(Item.values)
    return sorted(results, key=lambda r: order.index(r.item))


def worst(results: list[Result]) -> str | None:
    """The worst status among the results (None when nothing is promised)."""
    if not results:
        return None
    return min((r.status for r in results), key=SEVERITY.index)


def zone_promise_status(promise, today: date) -> str:
    """The zone's own promise by the same date rule."""
    return date_status(promise.due_on, promise.done_on, today)
