"""The demand list's filter as a query string and back: the list page, its Excel export and every figure's link
share these two functions, so a figure's link opens exactly the demands it counts."""

from datetime import date

from django.http import QueryDict

from zonedesk.common.dates import parse_date
from zonedesk.orgs.models import Unit

from .states import Level, Outcome, Source, State

# Filters that hold one or several values of a choice (repeated in the query string: state=a&state=b).
CHOICE_FILTERS = {"state": State, "source": Source, "level": Level, "outcome": Outcome}
# Filters that hold one or several record ids.
ID_FILTERS = ("category", "department", "enterprise", "service_officer")
# Yes / no filters ("1" / "0"; absent means either).
FLAG_FILTERS = (
    "overdue",
    "closed",
    "confirmed_auto",
    "on_time",
    "dissatisfied",
    "escalated",
    "reopened",
    "late",
    "unassigned",
)
# Date ranges: the filter key and its two query-string names.
RANGE_FILTERS = {
    "period": ("from", "to"),
    "resolved_in": ("resolved_from", "resolved_to"),
    "confirmed_in": ("confirmed_from", "confirmed_to"),
    "due_in": ("due_from", "due_to"),
}
MAX_Q = 100


def _date(params, name: str) -> date | None:
    try:
        return parse_date(params.get(name))
    except (TypeError, ValueError):
        return None


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def demand_filters(params) -> dict:
    """The keyword filters of `queries.demand_list` from GET parameters; what cannot be read is left out."""
    filters: dict = {}
    for key, choices in CHOICE_FILTERS.items():
        values = [v for v in params.getlist(key) if v in choices.values]
        if values:
            filters[key] = values[0] if len(values) == 1 else values
    for key in ID_FILTERS:
        ids = _ids(params.getlist(key))
        if ids:
            filters[key] = ids[0] if len(ids) == 1 else ids
    unit = str(params.get("unit") or "")
    if unit.isdigit() and Unit.objects.filter(pk=int(unit)).exists():
        filters["unit"] = int(unit)
    for key in FLAG_FILTERS:
        value = params.get(key)
        if value in ("1", "0"):
            filters[key] = value == "1"
    if params.get("resolved_ever") == "1":
        filters["resolved_ever"] = True
    q = str(params.get("q") or "").strip()[:MAX_Q]
    if q:
        filters["q"] = q
    for key, (first_name, last_name) in RANGE_FILTERS.items():
        first, last = _date(params, first_name), _date(params, last_name)
        if first or last:
            filters[key] = (first or date.min, last or date.max)
    return filters


def filter_query(filters: dict) -> str:
    """The query string that `demand_filters` reads back as `filters` (records and choices by their value)."""
    query = QueryDict(mutable=True)
    for key, value in filters.items():
        if value is None or value == "" or value == [] or value == ():
            continue
        if key in RANGE_FILTERS:
            for name, day in zip(RANGE_FILTERS[key], value, strict=True):
                if day not in (None, date.min, date.max):
                    query[name] = f"{day:%Y-%m-%d}"
        elif isinstance(value, bool):
            query[key] = "1" if value else "0"
        elif isinstance(value, list | tuple | set | frozenset):
            query.setlist(key, [str(getattr(v, "pk", v)) for v in value])
        else:
            query[key] = str(getattr(value, "pk", value))
    return query.urlencode()
