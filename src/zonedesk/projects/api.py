"""API for the project pipeline: the same filters, services, figures and permissions as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.orgs.api import EventOut, service_input
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can
from zonedesk.orgs.queries import timeline

from . import figures, services
from .models import Project, PromotionEvent, Referral
from .queries import ProjectFilter, project_list, referrals_for

router = Router(tags=["projects"])


KindName = Literal["investment", "facility"]


class ProjectOut(Schema):
    id: int
    name: str
    kind: str = Field(description="investment (招商项目) or facility (配套设施项目, the zone's own construction)")
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    stage: str
    investor_name: str
    investor_uscc: str
    industry_code: str | None = Field(None, alias="industry_id")
    investment_text: str
    investment_currency: str
    investment_qualifier: str
    total_investment_wan: Decimal | None
    rate_to_cny: Decimal | None
    contracted_investment_wan: Decimal | None
    funds_in_place_wan: Decimal
    investment_completed_wan: Decimal
    source: str
    promotion_event_id: int | None
    officer_id: int | None
    key_level: str
    builder: str
    owner_department_id: int | None
    lead_on: date = Field(description="The first stage's date: a lead's, or a facility's planned (立项) date")
    negotiating_on: date | None
    signed_on: date | None
    started_on: date | None
    producing_on: date | None
    at_capacity_on: date | None
    completed_on: date | None
    in_use_on: date | None
    dropped_on: date | None
    dropped_reason: str
    version: int


class ProjectIn(Schema):
    name: str
    unit_id: int
    investor_name: str = ""
    investor_uscc: str = ""
    industry_code: str = ""
    investment: str = Field("", description="As stated: 30亿元, 6000万欧元, 超10亿元, 5亿元~10亿元")
    description: str = ""
    source: str = "own"
    promotion_event_id: int | None = None
    officer_id: int | None = None
    key_level: str = ""
    lead_on: date | None = None
    next_steps: str = ""


class FacilityIn(Schema):
    name: str
    unit_id: int
    builder: str = Field("", description="建设单位")
    owner_department_id: int | None = None
    investment: str = Field("", description="As stated: 2.5亿元, 8000万元")
    description: str = ""
    officer_id: int | None = None
    key_level: str = ""
    planned_on: date | None = Field(None, description="立项: today when empty")
    next_steps: str = ""


class ProjectPatch(Schema):
    version: int | None = None
    name: str | None = None
    investor_name: str | None = None
    investor_uscc: str | None = None
    industry_code: str | None = None
    investment: str | None = None
    description: str | None = None
    source: str | None = None
    promotion_event_id: int | None = None
    officer_id: int | None = None
    key_level: str | None = None
    next_steps: str | None = None
    builder: str | None = Field(None, description="Facilities only")
    owner_department_id: int | None = Field(None, description="Facilities only")


class MoveIn(Schema):
    to: str
    on: date | None = None
    version: int | None = None
    contracted_investment: str = Field("", description="Needed for signing: 30亿元")
    reason: str = Field("", description="Needed for dropping")


class CorrectionIn(Schema):
    reason: str
    version: int | None = None


class ResignIn(Schema):
    on: date
    note: str = ""


class FundsIn(Schema):
    funds_in_place_wan: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    investment_completed_wan: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)


class ProjectFilterIn(Schema):
    q: str = ""
    kind: KindName | None = Field(None, description="investment (the default) or facility")
    unit: int | None = None
    stage: str = ""
    industry: str = ""
    band: str = ""
    officer: int | None = None
    promotion_event: int | None = None
    source: str = ""
    key_level: str = ""
    moved_to: str = ""
    since: date | None = None
    until: date | None = None
    stalled: bool = False


class ReferralIn(Schema):
    to_unit_id: int
    note: str = ""


class DeclineIn(Schema):
    reason: str


class ReferralOut(Schema):
    id: int
    project_id: int
    project_name: str = Field(alias="project.name")
    from_unit_id: int
    to_unit_id: int
    status: str
    note: str
    reason: str
    offered_at: datetime
    decided_at: datetime | None


class PromotionEventIn(Schema):
    unit_id: int
    name: str
    city: str
    held_on: date
    organiser: str = ""


class PromotionEventOut(Schema):
    id: int
    unit_id: int
    name: str
    city: str
    held_on: date
    organiser: str


_RENAMES = {
    "unit_id": "unit",
    "industry_code": "industry",
    "promotion_event_id": "promotion_event",
    "officer_id": "officer",
    "owner_department_id": "owner_department",
}


def _visible(request, project_id: int) -> Project:
    return get_object_or_404(Project.objects.visible_to(request.user).select_related("unit"), pk=project_id)


@router.get("/projects", response=list[ProjectOut])
@paginate(PageNumberPagination, page_size=25)
def list_projects(request, filters: Query[ProjectFilterIn]):
    ensure_can(Actor.of(request), "project.view")
    return project_list(request.user, ProjectFilter.from_params(filters.dict()))


@router.post("/projects/facilities", response={201: ProjectOut})
def create_facility(request, body: FacilityIn):
    """Record one of the zone's facilities as planned (same permission as recording a project)."""
    by = Actor.of(request)
    ensure_can(by, "project.create")
    project = services.create_facility(by, **service_input(body, _RENAMES, partial=False))
    return Status(201, _visible(request, project.pk))


@router.get("/projects/{project_id}", response=ProjectOut)
def get_project(request, project_id: int):
    return _visible(request, project_id)


@router.post("/projects", response={201: ProjectOut})
def create_project(request, body: ProjectIn):
    ensure_can(Actor.of(request), "project.create")
    project = services.create_project(service_input(body, _RENAMES, partial=False), by=Actor.of(request))
    return Status(201, _visible(request, project.pk))


@router.patch("/projects/{project_id}", response=ProjectOut)
def update_project(request, project_id: int, body: ProjectPatch):
    services.update_project(
        _visible(request, project_id),
        service_input(body, _RENAMES, partial=True),
        by=Actor.of(request),
        version=body.version,
    )
    return _visible(request, project_id)


@router.post("/projects/{project_id}/move", response=ProjectOut)
def move_project(request, project_id: int, body: MoveIn):
    services.advance_stage(
        _visible(request, project_id),
        body.to,
        by=Actor.of(request),
        on=body.on,
        version=body.version,
        contracted_investment=body.contracted_investment,
        reason=body.reason,
    )
    return _visible(request, project_id)


@router.post("/projects/{project_id}/move-back", response=ProjectOut)
def move_project_back(request, project_id: int, body: CorrectionIn):
    services.move_back(_visible(request, project_id), reason=body.reason, by=Actor.of(request), version=body.version)
    return _visible(request, project_id)


@router.post("/projects/{project_id}/reopen", response=ProjectOut)
def reopen_project(request, project_id: int, body: CorrectionIn):
    services.reopen(_visible(request, project_id), reason=body.reason, by=Actor.of(request), version=body.version)
    return _visible(request, project_id)


@router.post("/projects/{project_id}/resign", response=ProjectOut)
def resign_project(request, project_id: int, body: ResignIn):
    services.record_resigning(_visible(request, project_id), on=body.on, note=body.note, by=Actor.of(request))
    return _visible(request, project_id)


@router.post("/projects/{project_id}/funds", response=ProjectOut)
def record_funds(request, project_id: int, body: FundsIn):
    services.record_funds(_visible(request, project_id), by=Actor.of(request), **body.dict())
    return _visible(request, project_id)


@router.get("/projects/{project_id}/events", response=list[EventOut])
def project_events(request, project_id: int):
    return timeline(request.user, _visible(request, project_id))[:200]


@router.post("/projects/{project_id}/referrals", response={201: ReferralOut})
def offer_referral(request, project_id: int, body: ReferralIn):
    to_unit = get_object_or_404(Unit, pk=body.to_unit_id)
    referral = services.offer_referral(
        _visible(request, project_id), to_unit=to_unit, note=body.note, by=Actor.of(request)
    )
    return Status(201, referral)


@router.get("/referrals", response=list[ReferralOut])
@paginate(PageNumberPagination, page_size=25)
def list_referrals(request):
    ensure_can(Actor.of(request), "project.view")
    return referrals_for(request.user)


def _referral(request, referral_id: int) -> Referral:
    return get_object_or_404(Referral.objects.visible_to(request.user), pk=referral_id)


@router.post("/referrals/{referral_id}/accept", response=ReferralOut)
def accept_referral(request, referral_id: int):
    return services.accept_referral(_referral(request, referral_id), by=Actor.of(request))


@router.post("/referrals/{referral_id}/decline", response=ReferralOut)
def decline_referral(request, referral_id: int, body: DeclineIn):
    return services.decline_referral(_referral(request, referral_id), reason=body.reason, by=Actor.of(request))


@router.post("/referrals/{referral_id}/withdraw", response=ReferralOut)
def withdraw_referral(request, referral_id: int):
    return services.withdraw_referral(_referral(request, referral_id), by=Actor.of(request))


@router.get("/promotion-events", response=list[PromotionEventOut])
@paginate(PageNumberPagination, page_size=25)
def list_promotion_events(request):
    ensure_can(Actor.of(request), "project.view")
    return PromotionEvent.objects.visible_to(request.user)


@router.post("/promotion-events", response={201: PromotionEventOut})
def create_promotion_event(request, body: PromotionEventIn):
    return Status(
        201, services.create_promotion_event(service_input(body, _RENAMES, partial=False), by=Actor.of(request))
    )


@router.get("/project-figures")
def project_figures(
    request, unit: int | None = None, year: int | None = None, quarter: int | None = None, month: int | None = None
) -> dict:
    """Stage counts, thresholds (bands and cumulative), the same-year chain, funnel, money and referrals."""
    ensure_can(Actor.of(request), "figures.view")
    scope = Unit.objects.visible_to(request.user).filter(pk=unit).first() if unit else None
    if unit and scope is None:
        return get_object_or_404(Unit.objects.none(), pk=unit)
    period = figures.Period.from_params({"year": year, "quarter": quarter, "month": month})
    return figures.summary(request.user, scope, period)
