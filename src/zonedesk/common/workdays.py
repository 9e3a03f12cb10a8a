"""Working days on the official Chinese calendar, with its 调休 make-up working days.

Sources, in order: days an admin entered (OfficialDay) for their year; the `chinese-calendar` package
(2004–2026 in the pinned version; it raises for later years); otherwise Monday to Friday, and the year is
reported as unknown so pages can warn that deadlines there ignore public holidays.
"""

from datetime import date, timedelta
from enum import StrEnum

import chinese_calendar

from .models import OfficialDay


class CalendarSource(StrEnum):
    OFFICIAL = "official"  # entered by an admin
    PACKAGE = "package"  # chinese-calendar
    WEEKENDS = "weekends"  # no data: Monday to Friday only


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Answers working-day questions; holds each year's entered days once it has looked them up."""

    def __init__(self) -> None:
        self._entered: dict[int, dict[date, bool]] = {}

    def _year(self, year: int) -> dict[date, bool]:
        if year not in self._entered:
            days = OfficialDay.objects.filter(day__year=year).values_list("day", "is_workday")
            self._entered[year] = dict(days)
        return self._entered[year]

    def source(self, year: int) -> CalendarSource:
        if self._year(year):
            return CalendarSource.OFFICIAL
        return CalendarSource.PACKAGE if _package_knows(year) else CalendarSource.WEEKENDS

    def is_workday(self, day: date) -> bool:
        entered = self._year(day.year)
        if entered:
            return entered.get(day, day.weekday() < 5)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    def add(self, start: date, days: int) -> date:
        """The day `days` working days after `start` (start itself not counted); a deadline of N working days."""
        if days < 0:
            raise ValueError(days)
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end is before start)."""
        if end < start:
            return -self.between(end, start)
        return sum(self.is_workday(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))

    def unknown_years(self, *days: date) -> list[int]:
        """Years among `days` with no calendar at all: deadlines there count only weekends (show a warning)."""
        return sorted({d.year for d in days if self.source(d.year) == CalendarSource.WEEKENDS})
