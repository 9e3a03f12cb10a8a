"""The posting and fair list filters as a query string and back: a list page, its Excel export and every figure's link
share these functions, so a figure's link opens exactly the rows it counts."""

from datetime import date

from django.http import QueryDict

from zonedesk.common.dates import parse_date
from zonedesk.common.models import Industry
from zonedesk.orgs.models import Unit

from .states import FairKind, FairStatus, PostingStatus

MAX_Q = 100
# Date ranges: the filter key and its two query-string names.
POSTING_RANGES = {"published_in": ("from", "to"), "hired_in": ("hired_from", "hired_to")}
FAIR_RANGES = {"held_in": ("held_from", "held_to")}


def _date(params, name: str) -> date | None:
    try:
        return parse_date(params.get(name))
    except (TypeError, ValueError):
        return None


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit() and len(str(v)) < 19]


def _common(params, filters: dict, choices, id_names, ranges) -> dict:
    values = [v for v in params.getlist("status") if v in choices.values]
    if values:
        filters["status"] = values[0] if len(values) == 1 else values
    for key in id_names:
        ids = _ids(params.getlist(key))
        if ids:
            filters[key] = ids[0] if len(ids) == 1 else ids
    q = str(params.get("q") or "").strip()[:MAX_Q]
    if q:
        filters["q"] = q
    for key, (first_name, last_name) in ranges.items():
        first, last = _date(params, first_name), _date(params, last_name)
        if first or last:
            filters[key] = (first or date.min, last or date.max)
    return filters


def _one_unit(filters: dict) -> dict:
    """One unit (the first given), and only one that exists."""
    unit = filters.pop("unit", None)
    unit = unit[0] if isinstance(unit, list) else unit
    if unit is not None and Unit.objects.filter(pk=unit).exists():
        filters["unit"] = unit
    return filters


def posting_filters(params) -> dict:
    """The keyword filters of `queries.posting_list` from GET parameters; what cannot be read is left out."""
    filters = _one_unit(_common(params, {}, PostingStatus, ("enterprise", "unit", "fair"), POSTING_RANGES))
    industry = str(params.get("industry") or "").strip()
    if industry and Industry.objects.filter(code=industry).exists():
        filters["industry"] = industry
    if params.get("no_industry") == "1":
        filters["no_industry"] = True
    if day := _date(params, "open_on"):
        filters["open_on"] = day
    return filters


def fair_filters(params) -> dict:
    """The keyword filters of `queries.fair_list` from GET parameters."""
    filters = _one_unit(_common(params, {}, FairStatus, ("unit", "enterprise", "pk"), FAIR_RANGES))
    kinds = [v for v in params.getlist("kind") if v in FairKind.values]
    if kinds:
        filters["kind"] = kinds[0] if len(kinds) == 1 else kinds
    return filters


def filter_query(filters: dict) -> str:
    """The query string that `posting_filters` / `fair_filters` read back as `filters`."""
    query = QueryDict(mutable=True)
    ranges = POSTING_RANGES | FAIR_RANGES
    for key, value in filters.items():
        if value is None or value == "" or value == [] or value == ():
            continue
        if key in ranges:
            for name, day in zip(ranges[key], value, strict=True):
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
