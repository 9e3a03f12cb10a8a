"""The hazard list's filter as a query string and back: the list page, its Excel export and every figure's link
share these two functions, so a link opens exactly the hazards it counts."""

from zonedesk.common.listfilters import FilterSpec

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
SPEC = FilterSpec(CHOICE_FILTERS, ID_FILTERS, FLAG_FILTERS, RANGE_FILTERS)


def hazard_filters(params) -> dict:
    """The keyword filters of `queries.hazard_list` from GET parameters; what cannot be read is left out."""
    return SPEC.read(params)


def filter_query(filters: dict) -> str:
    """The query string that `hazard_filters` reads back as `filters` (records and choices by their value)."""
    return SPEC.query(filters)
