"""Reads of safety supervision: the hazard list filter, the ratings current on a day, the inspections due, an
enterprise's safety sheet, and the zone's safety figures (each carrying the filter that lists its rows)."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from zonedesk.enterprises.models import Enterprise, mask_mobile
from zonedesk.enterprises.queries import shows_mobiles
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can

from .config import settings_for
from .models import Hazard, Inspection, Rating, SafetyProfile
from .states import COLOURS, OPEN, STARS, HazardLevel, HazardState, SafetyColour

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
    # The zones first, as a plain list: nested into the main query as a subquery of subqueries, PostgreSQL planned it
    # as nested loops on stale estimates and ran for minutes after a bulk load.
    zones = set(profiles.order_by().values_list("enterprise__unit", flat=True).distinct())
    rules = settings_for(Unit.objects.filter(pk__in=zones))
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


def _subtree_of(units: list[Unit], field: str = "unit") -> Case:
    """The pk of the unit among `units` whose subtree holds the row's unit (NULL when none does); the units given
    are siblings (the zones of a region) or a single unit, so no row counts twice."""
    whens = [
        When(**{f"{field}__in": Unit.objects.filter(path__startswith=u.path).values("pk")}, then=Value(u.pk))
        for u in units
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def hazard_conditions(period: tuple[date, date], today: date) -> dict[str, tuple[Q, dict]]:
    """Each hazard figure of a period: the condition that counts it and the hazard_list filter (without the unit)
    that lists the same hazards."""
    first, last = period
    found = Q(found_on__gte=first, found_on__lte=last)
    due = Q(deadline__gte=first, deadline__lte=last)
    return {
        "found": (found, {"found_in": period}),
        "found_major": (found & Q(level=HazardLevel.MAJOR), {"found_in": period, "level": HazardLevel.MAJOR}),
        "rectified": (Q(accepted_on__gte=first, accepted_on__lte=last), {"accepted_in": period}),
        "overdue": (due & late(today), {"due_in": period, "late": True}),
        "on_time": (due & ON_TIME, {"due_in": period, "on_time": True}),
        "open_overdue": (Q(state__in=OPEN, deadline__lt=today), {"overdue": True}),
        "open_major": (Q(state__in=OPEN, level=HazardLevel.MAJOR), {"state": list(OPEN), "level": HazardLevel.MAJOR}),
    }


def _distributions(user, units: list[Unit], as_of: date) -> dict[int, dict]:
    """For each unit, the ratings in force on `as_of` by colour and by stars (one grouped query for all units), each
    entry with its rating_list filter."""
    rows = (
        rating_list(user, as_of=as_of)
        .order_by()
        .annotate(zd_unit=_subtree_of(units))
        .filter(zd_unit__isnull=False)
        .values_list("zd_unit", "colour", "stars")
        .annotate(n=Count("pk"))
    )
    colours, stars = Counter(), Counter()
    for unit_id, colour, star, n in rows:
        colours[unit_id, colour] += n
        stars[unit_id, star] += n
    out = {}
    for unit in units:
        spec = {"as_of": as_of, "unit": unit.pk}
        out[unit.pk] = {
            "as_of": as_of,
            "rated": {"value": sum(colours[unit.pk, c] for c in COLOURS), "filter": spec},
            "by_colour": [
                {
                    "key": c,
                    "label": str(SafetyColour(c).label),
                    "value": colours[unit.pk, c],
                    "filter": {**spec, "colour": c},
                }
                for c in COLOURS
            ],
            "by_stars": [{"key": s, "value": stars[unit.pk, s], "filter": {**spec, "stars": s}} for s in STARS],
        }
    return out


def safety_figures_by_unit(
    user, units: list[Unit], period: tuple[date, date], today: date | None = None
) -> dict[int, dict]:
    """safety_figures for several units at once (the zones of a region side by side), each unit counting its own
    subtree: one grouped query for the hazards and one per day of the ratings, however many units."""
    today = today or timezone.localdate()
    first, last = period
    conditions = hazard_conditions(period, today)
    counts = {name: Count("pk", filter=cond) for name, (cond, _spec) in conditions.items()}
    rows = (
        hazard_list(user, today=today)
        .order_by()
        .annotate(zd_unit=_subtree_of(units))
        .filter(zd_unit__isnull=False)
        .values("zd_unit")
        .annotate(**counts)
    )
    found = {row["zd_unit"]: row for row in rows}
    now = _distributions(user, units, min(last, today))
    before = _distributions(user, units, first - timedelta(days=1))
    out = {}
    for unit in units:
        row = found.get(unit.pk, {})
        figures = {
            name: {"value": row.get(name, 0), "filter": {"unit": unit.pk, **spec}}
            for name, (_cond, spec) in conditions.items()
        }
        judged = figures["on_time"]["value"] + figures["overdue"]["value"]
        figures["on_time_rate"] = {
            "value": round(figures["on_time"]["value"] / judged, 4) if judged else None,
            "filter": figures["on_time"]["filter"],
        }
        figures["ratings"], figures["ratings_before"] = now[unit.pk], before[unit.pk]
        out[unit.pk] = figures
    return out


def safety_figures(user, unit: Unit | int, period: tuple[date, date], today: date | None = None) -> dict:
    """A unit's safety figures for a period, from aggregate queries only.

    Ratings: the distribution in force at the period's end (or today) and the day before it began (its change),
    listed by rating_list(user, **filter). Hazards found (and of them major), rectified (accepted), overdue (due in
    the period and not rectified on time), open past the deadline, major ones open, and the rectification on-time
    rate (on time / due in the period and judged: accepted, or past the deadline), listed by hazard_list(user,
    **filter).
    """
    unit = unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit)
    return safety_figures_by_unit(user, [unit], period, today)[unit.pk]


def inspection_count(user, unit: Unit, period: tuple[date, date]) -> int:
    """Inspections (企业家次) of the unit and below in the period."""
    first, last = period
    rows = Inspection.objects.visible_to(user).filter(unit__path__startswith=unit.path)
    return rows.filter(inspected_on__gte=first, inspected_on__lte=last).count()
