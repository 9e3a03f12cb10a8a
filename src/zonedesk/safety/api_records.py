"""API for an enterprise's safety record (profile and 五星五色 ratings), inspections with their hazards, the
inspections due, and the zone's safety figures, each carrying the list (and its query parameters) that gives it."""

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.figures import Period

from . import services
from .api import HazardOut, RecordId, as_params, visible_unit
from .models import Inspection, Rating
from .queries import hazard_list, inspections_due, rating_list, safety_figures, safety_sheet
from .states import OPEN, HazardLevel, SafetyColour

router = Router(tags=["safety"])

HAZARD_FIGURES = ("found", "rectified", "overdue", "on_time", "on_time_rate", "open_overdue")


class HazardCategoryOut(Schema):
    id: int
    code: str
    name: str
    is_six: bool


class SafetyRatingOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    unit_id: int
    stars: int
    colour: SafetyColour
    rated_on: date
    rated_by: str | None
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_rated_by(obj: Rating) -> str | None:
        user = obj.rated_by
        return (user.full_name or user.username) if user else None


class SafetyProfileOut(Schema):
    categories: list[HazardCategoryOut]
    responsible_person: str
    responsible_mobile: str = Field(..., description="Masked (138****8000) unless the user calls or inspects")
    last_inspected_on: date | None
    next_inspection_on: date | None
    stars: int | None
    star_label: str
    colour: SafetyColour | None
    rated_on: date | None
    version: int | None


class SafetyCountOut(Schema):
    value: int | float | None
    filter: dict = Field(..., description="The query parameters of the list that gives the figure")
    list: str = Field(..., description="That list: the API path with its query")


class SafetySheetOut(Schema):
    enterprise_id: int
    enterprise_name: str
    unit_id: int
    unit_name: str
    profile: SafetyProfileOut
    ratings: list[SafetyRatingOut] = Field(..., description="Every rating, the latest (the one in force) first")
    open_hazards: SafetyCountOut


class SafetyRatingIn(Schema):
    stars: int = Field(..., description="1 to 5: the enterprise's own safety management")
    colour: SafetyColour = Field(..., description="Its risk: red, orange, yellow, blue or green")
    reason: str = Field(..., max_length=2000)
    rated_on: date | None = Field(None, description="Today when not given; not before the rating in force")


class HazardIn(Schema):
    level: HazardLevel = HazardLevel.GENERAL
    description: str = Field(..., max_length=2000)
    category: RecordId | None = None
    responsible_person: str = Field("", description="The profile's safety responsible person when not given")
    deadline: date | None = None
    deadline_days: int | None = Field(None, description="Working days after the inspection; the level's default")


class SafetyInspectionIn(Schema):
    enterprise: RecordId
    findings: str = Field(..., max_length=5000)
    inspected_on: date | None = None
    inspectors: list[RecordId] = Field([], description="Staff of the zone; the user recording when none")
    hazards: list[HazardIn] = Field([], max_length=100)


class SafetyInspectionOut(Schema):
    id: int
    enterprise_id: int
    unit_id: int
    inspected_on: date
    findings: str
    inspector_ids: list[int]
    hazards: list[HazardOut]

    @staticmethod
    def resolve_inspector_ids(obj: Inspection) -> list[int]:
        return sorted(u.pk for u in obj.inspectors.all())

    @staticmethod
    def resolve_hazards(obj: Inspection) -> list:
        return list(obj.hazards.select_related("enterprise", "category").order_by("pk"))


class InspectionDueOut(Schema):
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    unit_id: int = Field(alias="enterprise.unit_id")
    stars: int | None
    colour: SafetyColour
    last_inspected_on: date | None
    frequency_days: int | None
    due_on: date | None = Field(None, description="Last inspection plus the colour's frequency (none: never inspected)")

    @staticmethod
    def resolve_due_on(obj) -> date | None:
        if obj.last_inspected_on is None or obj.frequency_days is None:
            return None
        return obj.last_inspected_on + timedelta(days=obj.frequency_days)


class SafetyRatingFilterIn(Schema):
    as_of: date | None = Field(None, description="The ratings in force on this day (today by default)")
    colour: SafetyColour | None = None
    stars: int | None = Field(None, ge=1, le=5)
    unit: RecordId | None = Field(None, description="The zone and the units below it")
    enterprise: RecordId | None = None


class SafetyPeriodIn(Schema):
    unit: RecordId | None = Field(None, description="The user's own unit when not given")
    year: int | None = Field(None, ge=2000, le=2100, description="This year when not given")
    quarter: int | None = Field(None, ge=1, le=4, description="A quarter of the year (wins over a month)")
    month: int | None = Field(None, ge=1, le=12)


class SafetyPeriodOut(Schema):
    first: date
    last: date
    label: str


class SafetyEntryOut(SafetyCountOut):
    key: str | int
    label: str = ""


class RatingDistributionOut(Schema):
    as_of: date
    rated: SafetyCountOut
    by_colour: list[SafetyEntryOut]
    by_stars: list[SafetyEntryOut]


class SafetyFiguresOut(Schema):
    unit_id: int
    unit_name: str
    period: SafetyPeriodOut
    found: SafetyCountOut
    rectified: SafetyCountOut = Field(..., description="Accepted in the period")
    overdue: SafetyCountOut = Field(..., description="Due in the period and not rectified by the deadline")
    on_time: SafetyCountOut
    on_time_rate: SafetyCountOut = Field(..., description="On time / (on time + overdue); its list is the on-time one")
    open_overdue: SafetyCountOut = Field(..., description="Open past the deadline today")
    ratings: RatingDistributionOut = Field(..., description="Ratings in force at the period's end (or today)")
    ratings_before: RatingDistributionOut = Field(..., description="… and the day before the period began")


def _count(value, spec: dict, path: str) -> dict:
    params = as_params(spec)
    query = urlencode({k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}, doseq=True)
    return {"value": value, "filter": params, "list": f"{reverse('api:api-root')}{path}?{query}"}


@router.get("/safety/enterprises/{enterprise_id}", response=SafetySheetOut)
def enterprise_safety(request, enterprise_id: int):
    """An enterprise's safety profile (categories, responsible person, last and next inspection, the rating in
    force) and its whole rating history; the enterprise user: its own only."""
    sheet = safety_sheet(request.user, enterprise_id)
    enterprise, profile = sheet["enterprise"], sheet["profile"]
    open_count = hazard_list(request.user, enterprise=enterprise.pk, state=OPEN).count()
    return {
        "enterprise_id": enterprise.pk,
        "enterprise_name": enterprise.name,
        "unit_id": enterprise.unit_id,
        "unit_name": enterprise.unit.name,
        "profile": {
            "categories": sheet["categories"],
            "responsible_person": profile.responsible_person if profile else "",
            "responsible_mobile": sheet["responsible_mobile"],
            "last_inspected_on": profile.last_inspected_on if profile else None,
            "next_inspection_on": sheet["next_inspection_on"],
            "stars": profile.stars if profile else None,
            "star_label": str(sheet["star_label"]),
            "colour": (profile.colour or None) if profile else None,
            "rated_on": profile.rated_on if profile else None,
            "version": profile.version if profile else None,
        },
        "ratings": sheet["ratings"],
        "open_hazards": _count(open_count, {"enterprise": enterprise.pk, "state": list(OPEN)}, "safety/hazards"),
    }


@router.post("/safety/enterprises/{enterprise_id}/ratings", response={201: SafetyRatingOut})
def rate(request, enterprise_id: int, body: SafetyRatingIn):
    """Rate the enterprise 五星五色 with a reason: a new rating (the earlier ones are kept)."""
    rating = services.rate(
        Actor.of(request), enterprise_id, stars=body.stars, colour=body.colour, reason=body.reason, on=body.rated_on
    )
    return Status(201, Rating.objects.select_related("enterprise", "rated_by").get(pk=rating.pk))


@router.get("/safety/ratings", response=list[SafetyRatingOut])
@paginate(PageNumberPagination, page_size=25)
def list_ratings(request, filters: Query[SafetyRatingFilterIn]):
    """Each enterprise's rating in force on `as_of`, one per enterprise (the list behind the rating figures)."""
    raw = {k: v for k, v in filters.dict().items() if v is not None}
    if raw.get("unit"):
        raw["unit"] = visible_unit(request, raw["unit"]).pk
    return rating_list(request.user, **raw).select_related("rated_by").order_by("enterprise__name", "pk")


@router.post("/safety/inspections", response={201: SafetyInspectionOut})
def record_inspection(request, body: SafetyInspectionIn):
    """Record an inspection and the hazards it found, all or nothing: a bad hazard refuses the whole inspection and
    the error names its row (1 for the first hazard) and field."""
    inspection = services.record_inspection(
        Actor.of(request),
        body.enterprise,
        findings=body.findings,
        inspected_on=body.inspected_on,
        inspectors=body.inspectors,
        hazards=[h.dict(exclude_unset=True) for h in body.hazards],
    )
    return Status(201, Inspection.objects.prefetch_related("inspectors").get(pk=inspection.pk))


@router.get("/safety/due", response=list[InspectionDueOut])
@paginate(PageNumberPagination, page_size=25)
def due(request):
    """The rated enterprises due for an inspection by their colour's frequency: never inspected first, then the
    longest waiting (the safety officer's to-do)."""
    ensure_can(Actor.of(request), "safety.inspect")
    return inspections_due(request.user)


def _distribution(raw: dict) -> dict:
    def entries(rows):
        return [
            {**_count(e["value"], e["filter"], "safety/ratings"), "key": e["key"], "label": e.get("label", "")}
            for e in rows
        ]

    return {
        "as_of": raw["as_of"],
        "rated": _count(raw["rated"]["value"], raw["rated"]["filter"], "safety/ratings"),
        "by_colour": entries(raw["by_colour"]),
        "by_stars": entries(raw["by_stars"]),
    }


@router.get("/safety/figures", response=SafetyFiguresOut)
def figures(request, params: Query[SafetyPeriodIn]):
    """A unit's safety figures for a year, quarter or month: hazards found, rectified, overdue and on time, the
    on-time rate, open past the deadline, and the ratings distribution at the end and before the start. Each figure
    carries its `list`: GET /safety/hazards or /safety/ratings with the filter whose length it is."""
    ensure_can(Actor.of(request), "figures.view")
    if params.unit:
        unit = visible_unit(request, params.unit)
    elif (unit := request.user.home_unit) is None:
        raise Http404
    period = Period.from_params(params.dict())
    today = timezone.localdate()
    raw = safety_figures(request.user, unit, (period.start, period.end), today)
    out = {name: _count(raw[name]["value"], raw[name]["filter"], "safety/hazards") for name in HAZARD_FIGURES}
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "period": {"first": period.start, "last": period.end, "label": period.label},
        **out,
        "ratings": _distribution(raw["ratings"]),
        "ratings_before": _distribution(raw["ratings_before"]),
    }
