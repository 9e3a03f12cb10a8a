"""The periods a scheme is scored over: months, quarters and years, and which of them are closed."""

from datetime import date

from django.utils import timezone

from zonedesk.projects.figures import Period

from .models import PeriodKind


def period_starting(kind: str, start: date) -> Period:
    """The month, quarter or year that starts on `start` (ValueError when `start` does not start one)."""
    if kind == PeriodKind.MONTH and start.day == 1:
        return Period.month(start.year, start.month)
    if kind == PeriodKind.QUARTER and start.day == 1 and start.month in (1, 4, 7, 10):
        return Period.quarter(start.year, (start.month - 1) // 3 + 1)
    if kind == PeriodKind.YEAR and (start.month, start.day) == (1, 1):
        return Period.year(start.year)
    raise ValueError(start)


def previous(kind: str, period: Period) -> Period:
    start = period.start
    if kind == PeriodKind.MONTH:
        year, month = (start.year - 1, 12) if start.month == 1 else (start.year, start.month - 1)
        return Period.month(year, month)
    if kind == PeriodKind.QUARTER:
        quarter = (start.month - 1) // 3 + 1
        return Period.quarter(start.year - 1, 4) if quarter == 1 else Period.quarter(start.year, quarter - 1)
    return Period.year(start.year - 1)


def last_closed(kind: str, today: date | None = None) -> Period:
    """The latest period of this kind that has ended before today."""
    today = today or timezone.localdate()
    if kind == PeriodKind.MONTH:
        current = Period.month(today.year, today.month)
    elif kind == PeriodKind.QUARTER:
        current = Period.quarter(today.year, (today.month - 1) // 3 + 1)
    else:
        current = Period.year(today.year)
    return previous(kind, current)


def closed_periods(kind: str, count: int = 8, today: date | None = None) -> list[Period]:
    """The last `count` closed periods, latest first."""
    periods = [last_closed(kind, today)]
    while len(periods) < count:
        periods.append(previous(kind, periods[-1]))
    return periods
