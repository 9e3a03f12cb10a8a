"""The hazard list's filter as a query string and back: the list page, its Excel export and every figure's link
share these two functions, so a link opens exactly the hazards it counts."""

from datetime import date

from django.http import QueryDict

from zonedesk.common.dates import parse_date
from zonedesk.orgs.models import Unit

from .states import HazardLevel, HazardState

# Filters that hold one or several values of a choice (repeated in the query string: state=a&state=b).
CHOICE_FILTERS = {"state": HazardState, "level": HazardLevel}
# Filters that hold one or several record ids.
ID_FILTERS = ("category", "enterprise")
# Yes / no filters ("1" / "0"; absent means either).
FLAG_FILTERS = ("overdue", "is_six", "escalated", "on_time", "late")
# Date ranges: the filter key and its two query-string names.
RANGE_FILTERS = {
    "found_in": ("found_from", "found_to"),
    "accepted_in": ("accepted_from", "accepted_to"),
    "due_in": ("due_from", "due_to"),
}
MAX_Q = 100


def _date(params, name: str) -> date | None:
    try:
        return parse_date(params.get(name))
    except (TypeError, ValueError):
        return None


def hazard_filters(params) -> dict:
    """The keyword filters of `queries.hazard_list` from GET parameters; what cannot be read is left out."""
    filters: dict = {}
    for key, choices in CHOICE_FILTERS.items():
        values = [v for v in params.getlist(key) if v in choices.values]
        if values:
            filters[key] = values[0] if len(values) == 1 else values
    for key in ID_FILTERS:
        ids = [int(v) for v in params.getlist(key) if str(v).isdigit()]
        if ids:
            filters[key] = ids[0] if len(ids) == 1 else ids
    unit = str(params.get("unit") or "")
    if unit.isdigit() and Unit.objects.filter(pk=int(unit)).exists():
        filters["unit"] = int(unit)
    for key in FLAG_FILTERS:
        value = params.get(key)
        if value in ("1", "0"):
            filters[key] = value == "1"
    q = str(params.get("q") or "").strip()[:MAX_Q]
    if q:
        filters["q"] = q
    for key, (first_name, last_name) in RANGE_FILTERS.items():
        first, last = _date(params, first_name), _date(params, last_name)
        if first or last:
            filters[key] = (first or date.min, last or date.max)
    return filters


def filter_query(filters: dict) -> str:
    """The query string that `hazard_filters` reads back as `filters` (records and choices by their value)."""
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
