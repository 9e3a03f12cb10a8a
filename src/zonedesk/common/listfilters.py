"""A list's filter as a query string and back, one implementation for every list (demands, hazards, postings …).

A list page, its Excel export and every figure's link share `read` and `query` of the list's FilterSpec, so a
figure's link opens exactly the rows it counts. What cannot be read (an unknown choice, an id that is not a number
or is beyond any database's range, a bad date) is left out, never an error.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.http import QueryDict

from zonedesk.common.dates import parse_date

MAX_Q = 100
MAX_ID_DIGITS = 18  # a bigint holds 18 digits; more would overflow the query (a 500 instead of an empty list)


def read_date(params, name: str) -> date | None:
    try:
        return parse_date(params.get(name))
    except (TypeError, ValueError):
        return None


def read_ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit() and len(str(v)) <= MAX_ID_DIGITS]


def one_or_many(values: list):
    return values[0] if len(values) == 1 else values


@dataclass(frozen=True)
class FilterSpec:
    """The filters a list reads: choices and record ids (one or several, repeated in the query string), yes / no
    flags ("1" / "0"; absent means either), a unit (one that exists), a search text and date ranges (the filter key
    and its two query-string names)."""

    choices: dict[str, type[models.TextChoices]] = field(default_factory=dict)
    ids: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    ranges: dict[str, tuple[str, str]] = field(default_factory=dict)
    unit: bool = True

    def read(self, params) -> dict:
        """The keyword filters of the list's query from GET parameters."""
        from zonedesk.orgs.models import Unit  # common does not import orgs at module level

        filters: dict = {}
        for key, choices in self.choices.items():
            values = [v for v in params.getlist(key) if v in choices.values]
            if values:
                filters[key] = one_or_many(values)
        for key in self.ids:
            ids = read_ids(params.getlist(key))
            if ids:
                filters[key] = one_or_many(ids)
        if self.unit:
            unit = read_ids([params.get("unit") or ""])
            if unit and Unit.objects.filter(pk=unit[0]).exists():
                filters["unit"] = unit[0]
        for key in self.flags:
            value = params.get(key)
            if value in ("1", "0"):
                filters[key] = value == "1"
        q = str(params.get("q") or "").strip()[:MAX_Q]
        if q:
            filters["q"] = q
        for key, (first_name, last_name) in self.ranges.items():
            first, last = read_date(params, first_name), read_date(params, last_name)
            if first or last:
                filters[key] = (first or date.min, last or date.max)
        return filters

    def query(self, filters: dict) -> str:
        """The query string that `read` reads back as `filters` (records and choices by their value)."""
        query = QueryDict(mutable=True)
        for key, value in filters.items():
            if value is None or value == "" or value == [] or value == ():
                continue
            if key in self.ranges:
                for name, day in zip(self.ranges[key], value, strict=True):
                    if day not in (None, date.min, date.max):
                        query[name] = f"{day:%Y-%m-%d}"
            elif isinstance(value, bool):
                query[key] = "1" if value else "0"
            elif isinstance(value, date):
                query[key] = f"{value:%Y-%m-%d}"
            elif isinstance(value, list | tuple | set | frozenset):
                query.setlist(key, [str(getattr(v, "pk", v)) for v in value])
            else:
                query[key] = str(getattr(value, "pk", value))
        return query.urlencode()
