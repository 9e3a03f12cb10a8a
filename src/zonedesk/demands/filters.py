"""The demand list's filter as a query string and back: the list page, its Excel export and every figure's link
share these two functions, so a figure's link opens exactly the demands it counts."""

from zonedesk.common.listfilters import FilterSpec

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
SPEC = FilterSpec(CHOICE_FILTERS, ID_FILTERS, FLAG_FILTERS, RANGE_FILTERS)


def demand_filters(params) -> dict:
    """The keyword filters of `queries.demand_list` from GET parameters; what cannot be read is left out."""
    filters = SPEC.read(params)
    if params.get("resolved_ever") == "1":
        filters["resolved_ever"] = True
    return filters


def filter_query(filters: dict) -> str:
    """The query string that `demand_filters` reads back as `filters` (records and choices by their value)."""
    return SPEC.query(filters)
