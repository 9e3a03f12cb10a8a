"""Reads of safety supervision: the hazard list filter, the ratings current on a day, the inspections due, an
enterprise's safety sheet, and the zone's safety figures (each carrying the filter that lists its rows)."""

from datetime import date, timedelta

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from zonedesk.enterprises.models import Enterprise, mask_mobile
from zonedesk.enterprises.queries import shows_mobiles
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can

from .config import settings_for
from .models import Hazard, Rating, SafetyProfile
from .states import COLOURS, OPEN, STARS, HazardState, SafetyColour

ON_TIME = Q(state=HazardState.ACCEPTED, submitted_on__lte=F("deadline"))


def late(today: date) -> Q:
    """Rectified after the deadline (the accepted submission came late), or still open past it."""
    return Q(state=HazardState.ACCEPTED, submitted_on__gt=F("deadline")) | Q(state__in=OPEN, deadline__lt=today)


def _values(value) -> list:
    if isinstance(value, list | tuple | set | frozenset):
        return [getattr(v, "pk", v) for v in value]
    return [getattr(value, "pk", value)]


def _under(unit) -> str:
    return Unit.objects.get(pk=getattr(unit, "pk", unit)).path


def hazard_list(user, *, today: date | None = None, **filters):
    """The hazards the user can see, narrowed by the filters a list page and every figure use.

    Filters: state, level, category, is_six (of a 六涉 category), enterprise, unit (the zone and below), overdue
    (open past the deadline), escalated, on_time, late, q (description or enterprise name), and (first day, last day)
    spans: found_in, accepted_in, due_in.
    """
    today = today or timezone.localdate()
    qs = Hazard.objects.visible_to(user).select_related("enterprise", "category", "unit")
    for name, field in (("state", "state"), ("level", "level"), ("category", "category"), ("enterprise", "enterprise")):
        if filters.get(name):
            qs = qs.filter(**{f"{field}__in": _values(filters[name])})
    if filters.get("unit"):
        qs = qs.filter(unit__path__startswith=_under(filters["unit"]))
    if filters.get("is_six") is not None:
        qs = qs.filter(category__is_six=True) if filters["is_six"] else qs.exclude(category__is_six=True)
    if filters.get("overdue") is not None:
        overdue = Q(state__in=OPEN, deadline__lt=today)
        qs = qs.filter(overdue) if filters["overdue"] else qs.exclude(overdue)
    if filters.get("escalated") is not None:
        qs = qs.filter(escalation_level__gt=0) if filters["escalated"] else qs.filter(escalation_level=0)
    if filters.get("on_time"):
        qs = qs.filter(ON_TIME)
    if filters.get("late"):
        qs = qs.filter(late(today))
    for name, field in (("found_in", "found_on"), ("accepted_in", "accepted_on"), ("due_in", "deadline")):
        if filters.get(name):
            first, last = filters[name]
            qs = qs.filter(**{f"{field}__gte": first, f"{field}__lte": last})
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(Q(description__icontains=text) | Q(enterprise__name__icontains=text))
    return qs


def rating_list(user, *, as_of: date | None = None, **filters):
    """Each visible enterprise's rating in force on `as_of` (its latest rating up to that day), one row per
    enterprise; archived enterprises left out. Filters: colour, stars, unit (the zone and below), enterprise."""
    as_of = as_of or timezone.localdate()
    latest = Rating.objects.filter(enterprise=OuterRef("enterprise"), rated_on__lte=as_of).order_by("-rated_on", "-pk")
    qs = Rating.objects.visible_to(user).filter(
        rated_on__lte=as_of, enterprise__is_archived=False, pk=Subquery(latest.values("pk")[:1])
    )
    for name in ("colour", "stars", "enterprise"):
        if filters.get(name):
            qs = qs.filter(**{f"{name}__in": _values(filters[name])})
    if filters.get("unit"):
        qs = qs.filter(unit__path__startswith=_under(filters["unit"]))
    return qs.select_related("enterprise", "unit")


def rating_history(user, enterprise: Enterprise | int):
    """Every rating of an enterprise, the latest first (the earlier ones are never changed)."""
    return (
        Rating.objects.visible_to(user)
        .filter(enterprise=getattr(enterprise, "pk", enterprise))
        .select_related("rated_by")
        .order_by("-rated_on", "-pk")
    )


def inspections_due(user, today: date | None = None):
    """The rated enterprises due for an inspection on `today` (the safety officer's to-do): never inspected, or
    last inspected at least their colour's frequency ago (the zone's rules). Each row carries `frequency_days`;
    the ones never inspected come first, then the longest waiting."""
    today = today or timezone.localdate()
    profiles = SafetyProfile.objects.visible_to(user).filter(enterprise__is_archived=False).exclude(colour="")
    rules = settings_for(Unit.objects.filter(pk__in=profiles.values("enterprise__unit")))
    due, frequency = Q(last_inspected_on__isnull=True), []
    for unit_id, unit_rules in rules.items():
        for colour in COLOURS:
            days = unit_rules.inspection_days(colour)
            where = Q(enterprise__unit=unit_id, colour=colour)
            due |= where & Q(last_inspected_on__lte=today - timedelta(days=days))
            frequency.append(When(where, then=Value(days)))
    return (
        profiles.filter(due)
        .annotate(frequency_days=Case(*frequency, default=None, output_field=IntegerField()))
        .select_related("enterprise", "enterprise__unit")
        .order_by(F("last_inspected_on").asc(nulls_first=True), "enterprise__name", "pk")
    )


def safety_sheet(user, enterprise_id: int) -> dict:
    """An enterprise's safety record: profile (mobile masked unless the user may call), rating history, hazards."""
    enterprise = Enterprise.objects.visible_to(user).select_related("unit").get(pk=enterprise_id)
    profile = SafetyProfile.objects.filter(enterprise=enterprise).prefetch_related("categories").first()
    mobile = profile.responsible_mobile if profile else ""
    rules = settings_for([enterprise.unit])[enterprise.unit_id]
    next_on = None
    if profile and profile.colour and profile.last_inspected_on:
        next_on = profile.last_inspected_on + timedelta(days=rules.inspection_days(profile.colour))
    return {
        "enterprise": enterprise,
        "profile": profile,
        "categories": list(profile.categories.all()) if profile else [],
        "responsible_mobile": mobile if not mobile or calls_safety(user, enterprise) else mask_mobile(mobile),
        "star_label": rules.star_label(profile.stars) if profile and profile.stars else "",
        "next_inspection_on": next_on,
        "ratings": list(rating_history(user, enterprise)),
        "hazards": hazard_list(user, enterprise=enterprise.pk).order_by("deadline", "pk"),
    }


def calls_safety(user, enterprise: Enterprise) -> bool:
    """Whether the user may read the safety responsible person's mobile in clear: those who call enterprises, and
    those who inspect them (PIPL: need to know)."""
    return shows_mobiles(user, enterprise) or can(user, "safety.inspect", enterprise.unit)


def _distribution(user, as_of: date, unit) -> dict:
    """Ratings in force on `as_of` by colour and by stars: two grouped queries, each entry with its filter."""
    base = rating_list(user, as_of=as_of, unit=unit).order_by()
    colours = dict(base.values_list("colour").annotate(n=Count("pk")))
    stars = dict(base.values_list("stars").annotate(n=Count("pk")))
    spec = {"as_of": as_of, "unit": unit}
    return {
        "as_of": as_of,
        "rated": {"value": sum(colours.values()), "filter": spec},
        "by_colour": [
            {
                "key": c,
                "label": str(SafetyColour(c).label),
                "value": colours.get(c, 0),
                "filter": {**spec, "colour": c},
            }
            for c in COLOURS
        ],
        "by_stars": [{"key": s, "value": stars.get(s, 0), "filter": {**spec, "stars": s}} for s in STARS],
    }


def safety_figures(user, unit: Unit | int, period: tuple[date, date], today: date | None = None) -> dict:
    """A unit's safety figures for a period, from aggregate queries only.

    Ratings: the distribution in force at the period's end (or today) and the day before it began (its change),
    listed by rating_list(user, **filter). Hazards found, rectified (accepted), overdue (due in the period and not
    rectified on time) and the rectification on-time rate (on time / due in the period and judged: accepted, or past
    the deadline), listed by hazard_list(user, **filter).
    """
    today = today or timezone.localdate()
    unit = getattr(unit, "pk", unit)
    first, last = period
    base = hazard_list(user, today=today, unit=unit).order_by()
    due = Q(deadline__gte=first, deadline__lte=last)
    counts = base.aggregate(
        found=Count("pk", filter=Q(found_on__gte=first, found_on__lte=last)),
        rectified=Count("pk", filter=Q(accepted_on__gte=first, accepted_on__lte=last)),
        overdue=Count("pk", filter=due & late(today)),
        on_time=Count("pk", filter=due & ON_TIME),
        open_overdue=Count("pk", filter=Q(state__in=OPEN, deadline__lt=today)),
    )
    specs = {
        "found": {"unit": unit, "found_in": period},
        "rectified": {"unit": unit, "accepted_in": period},
        "overdue": {"unit": unit, "due_in": period, "late": True},
        "on_time": {"unit": unit, "due_in": period, "on_time": True},
        "open_overdue": {"unit": unit, "overdue": True},
    }
    figures = {name: {"value": counts[name], "filter": spec} for name, spec in specs.items()}
    judged = counts["on_time"] + counts["overdue"]
    figures["on_time_rate"] = {
        "value": round(counts["on_time"] / judged, 4) if judged else None,
        "filter": specs["on_time"],
    }
    figures["ratings"] = _distribution(user, min(last, today), unit)
    figures["ratings_before"] = _distribution(user, first - timedelta(days=1), unit)
    return figures
