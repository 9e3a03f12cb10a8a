"""The posting and fair list filters as a query string and back: a list page, its Excel export and every figure's link
share these functions, so a figure's link opens exactly the rows it counts."""

from zonedesk.common.listfilters import FilterSpec, read_date
from zonedesk.common.models import Industry

from .states import FairKind, FairStatus, PostingStatus

# Date ranges: the filter key and its two query-string names.
POSTING_RANGES = {"published_in": ("from", "to"), "hired_in": ("hired_from", "hired_to")}
FAIR_RANGES = {"held_in": ("held_from", "held_to")}


POSTINGS = FilterSpec({"status": PostingStatus}, ("enterprise", "fair"), ("no_industry",), POSTING_RANGES)
FAIRS = FilterSpec({"status": FairStatus, "kind": FairKind}, ("enterprise", "pk"), (), FAIR_RANGES)
QUERY = FilterSpec(ranges=POSTING_RANGES | FAIR_RANGES)


def posting_filters(params) -> dict:
    """The keyword filters of `queries.posting_list` from GET parameters; what cannot be read is left out."""
    filters = POSTINGS.read(params)
    if filters.get("no_industry") is False:
        del filters["no_industry"]  # only "1" narrows the list
    industry = str(params.get("industry") or "").strip()
    if industry and Industry.objects.filter(code=industry).exists():
        filters["industry"] = industry
    if day := read_date(params, "open_on"):
        filters["open_on"] = day
    return filters


def fair_filters(params) -> dict:
    """The keyword filters of `queries.fair_list` from GET parameters."""
    return FAIRS.read(params)


def filter_query(filters: dict) -> str:
    """The query string that `posting_filters` / `fair_filters` read back as `filters`."""
    return QUERY.query(filters)
