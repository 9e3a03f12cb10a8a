"""Reads of the zone's saved lists (五张清单): the enterprise filter over safety profiles, running a list through
the user's scope (hazard lists through queries.hazard_list), the lists of a zone with their counts, and the rows a
list page and its export show, the responsible person's mobile masked where the user may not read it."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from zonedesk.enterprises.models import mask_mobile
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import in_scope, scope_of

from .models import Hazard, HazardCategory, SafetyProfile
from .models_maps import ListKind, SavedList
from .queries import hazard_list, inspections_due
from .states import COLOURS, OPEN, STARS, HazardLevel, HazardState

# The filters a saved list may hold, by kind: name -> the kind of value ("ids", "flag", a set of choices, "text").
ENTERPRISE_FILTERS = {
    "category": "ids",
    "is_six": "flag",
    "colour": set(COLOURS),
    "stars": set(STARS),
    "has_open_hazard": "flag",
    "has_major_open_hazard": "flag",
    "inspection_due": "flag",
    "q": "text",
}
HAZARD_FILTERS = {
    "state": set(HazardState.values),
    "level": set(HazardLevel.values),
    "category": "ids",
    "is_six": "flag",
    "overdue": "flag",
    "escalated": "flag",
    "q": "text",
}
FILTERS = {ListKind.ENTERPRISES: ENTERPRISE_FILTERS, ListKind.HAZARDS: HAZARD_FILTERS}


def _open_count(**where) -> Coalesce:
    """The number of the profile's enterprise's open hazards (matching `where`), as a subquery: no join that would
    multiply rows."""
    hazards = (
        Hazard.objects.filter(enterprise=OuterRef("enterprise"), state__in=OPEN, **where)
        .order_by()
        .values("enterprise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(hazards, output_field=IntegerField()), Value(0))


def _flag(qs, value, cond: Q):
    if value is None:
        return qs
    return qs.filter(cond) if value else qs.exclude(cond)


def enterprise_list(user, *, today: date | None = None, **filters):
    """The safety profiles of the active enterprises the user can see, narrowed by the filters of an enterprise list.

    Filters: unit (the zone and below), category (any of the ids), is_six (has a 六涉 category), colour, stars,
    has_open_hazard, has_major_open_hazard, inspection_due (queries.inspections_due on `today`), q (name). Each row
    carries `open_hazards` and `major_open_hazards`.
    """
    today = today or timezone.localdate()
    qs = SafetyProfile.objects.visible_to(user).filter(enterprise__is_archived=False)
    if filters.get("unit"):
        unit = Unit.objects.get(pk=getattr(filters["unit"], "pk", filters["unit"]))
        qs = qs.filter(enterprise__unit__path__startswith=unit.path)
    if filters.get("category"):
        ids = [getattr(c, "pk", c) for c in filters["category"]]
        qs = qs.filter(
            pk__in=SafetyProfile.categories.through.objects.filter(hazardcategory__in=ids).values("safetyprofile")
        )
    six = SafetyProfile.categories.through.objects.filter(hazardcategory__in=HazardCategory.objects.filter(is_six=True))
    qs = _flag(qs, filters.get("is_six"), Q(pk__in=six.values("safetyprofile")))
    for name in ("colour", "stars"):
        if filters.get(name):
            qs = qs.filter(**{f"{name}__in": list(filters[name])})
    open_hazards = Hazard.objects.filter(state__in=OPEN)
    qs = _flag(qs, filters.get("has_open_hazard"), Q(enterprise__in=open_hazards.values("enterprise")))
    major = open_hazards.filter(level=HazardLevel.MAJOR).values("enterprise")
    qs = _flag(qs, filters.get("has_major_open_hazard"), Q(enterprise__in=major))
    if filters.get("inspection_due") is not None:
        due = Q(pk__in=inspections_due(user, today).values("pk"))
        qs = _flag(qs, filters["inspection_due"], due)
    if filters.get("q"):
        qs = qs.filter(enterprise__name__icontains=str(filters["q"]).strip())
    return (
        qs.annotate(open_hazards=_open_count(), major_open_hazards=_open_count(level=HazardLevel.MAJOR))
        .select_related("enterprise", "enterprise__unit", "enterprise__industry")
        .order_by("enterprise__name", "pk")
    )


def lists_of(user, unit: Unit):
    """The zone's saved lists the user can see, in their order."""
    return SavedList.objects.visible_to(user).live().filter(unit=unit).order_by("position", "pk")


def list_for(user, pk: int) -> SavedList:
    """A saved list the user can see (DoesNotExist, hence 404, for any other; an enterprise user sees none)."""
    return SavedList.objects.visible_to(user).live().select_related("unit").get(pk=pk)


def run_list(user, saved: SavedList, *, today: date | None = None):
    """The rows of a saved list: its filter over the user's scope within the list's zone."""
    today = today or timezone.localdate()
    filters = {**saved.filters, "unit": saved.unit_id}
    if saved.kind == ListKind.HAZARDS:
        return hazard_list(user, today=today, **filters).order_by("deadline", "pk")
    return enterprise_list(user, today=today, **filters)


def list_counts(user, lists, *, today: date | None = None) -> list[dict]:
    """Each list with the number of its rows: one COUNT per list (a zone keeps a handful), none per row."""
    today = today or timezone.localdate()
    return [{"list": saved, "count": run_list(user, saved, today=today).count()} for saved in lists]


def _clear(user):
    """Whether a row's responsible mobile shows in clear: to those who call or inspect the enterprise (as on its
    safety page, queries.calls_safety), decided per row without a query per row."""
    scopes = [scope_of(user, "enterprise.view_contacts"), scope_of(user, "safety.inspect")]
    return lambda unit_path, enterprise_id: any(in_scope(s, unit_path, enterprise_id) for s in scopes)


def enterprise_rows(user, profiles) -> list[dict]:
    """The enterprise list's rows (a page or the export), with their categories (one query for all) and the
    responsible mobile masked for roles that may not read it."""
    profiles = list(profiles)
    through = SafetyProfile.categories.through.objects.filter(safetyprofile__in=[p.pk for p in profiles])
    names: dict[int, list[str]] = {}
    for profile_id, name in through.order_by("hazardcategory__code").values_list(
        "safetyprofile", "hazardcategory__name"
    ):
        names.setdefault(profile_id, []).append(name)
    clear = _clear(user)
    rows = []
    for p in profiles:
        mobile = p.responsible_mobile
        if mobile and not clear(p.enterprise.unit.path, p.enterprise_id):
            mobile = mask_mobile(mobile)
        rows.append({"p": p, "e": p.enterprise, "categories": names.get(p.pk, []), "mobile": mobile})
    return rows
