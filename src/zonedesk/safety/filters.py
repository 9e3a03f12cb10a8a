"""The hazard and rating lists' filters as a query string and back: the list pages, the Excel export and every
figure's link share these functions, so a link opens exactly the rows it counts."""

from zonedesk.common.listfilters import FilterSpec, read_date

from .states import STARS, HazardLevel, HazardState, SafetyColour

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


# The rating list's filter (queries.rating_list): colour, stars, enterprise, unit, and the day the ratings were in
# force (as_of); stars and the day are read here, FilterSpec knows text choices and ranges only.
RATING_SPEC = FilterSpec({"colour": SafetyColour}, ("enterprise",))


def rating_filters(params) -> dict:
    """The keyword filters of `queries.rating_list` from GET parameters; what cannot be read is left out."""
    filters = RATING_SPEC.read(params)
    stars = [int(v) for v in params.getlist("stars") if v in {str(s) for s in STARS}]
    if stars:
        filters["stars"] = stars[0] if len(stars) == 1 else stars
    if as_of := read_date(params, "as_of"):
        filters["as_of"] = as_of
    return filters


def rating_query(filters: dict) -> str:
    """The query string that `rating_filters` reads back as `filters`."""
    return RATING_SPEC.query(filters)
