"""API for visits (走访) and visit campaigns: the same services, scope and permissions as the pages."""

from datetime import date

from django.db.models import Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.common.errors import Rejected
from zonedesk.demands.api import RecordId
from zonedesk.demands.models import Demand
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import queries, services
from .models import Visit, VisitCampaign, VisitStatus

router = Router(tags=["visits"])

COUNT = Field(None, ge=0, le=10_000_000)


class VisitPersonOut(Schema):
    id: int
    full_name: str
    username: str


class VisitOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    campaign_id: int | None
    planned_on: date
    visited_on: date | None
    status: VisitStatus
    visitors: list[VisitPersonOut]
    summary: str
    employees_on_duty: int | None
    employees_total: int | None
    capacity_in_use_percent: int | None
    plans_to_expand: bool
    plans_to_relocate: bool
    plans_to_downsize: bool
    risk_note: str
    key_suppliers_outside: str
    cancel_reason: str
    version: int

    @staticmethod
    def resolve_visitors(obj: Visit) -> list:
        return list(obj.visitors.all())


class RaisedDemandOut(Schema):
    id: int
    title: str
    state: str
    category_id: int


class VisitDetailOut(VisitOut):
    demands: list[RaisedDemandOut]

    @staticmethod
    def resolve_demands(obj: Visit, context) -> list:
        # Only the demands the reader may see (a department's visit does not open the zone's demands).
        return list(Demand.objects.visible_to(context["request"].user).filter(visit=obj).order_by("pk"))


class VisitFilterIn(Schema):
    enterprise: RecordId | None = None
    unit: RecordId | None = Field(None, description="The visiting unit and the units below it")
    status: VisitStatus | None = None
    q: str = Field("", max_length=100, description="Enterprise name, USCC or pinyin initials")
    campaign: RecordId | None = None
    from_: date | None = Field(None, alias="from", description="Visited (or planned) on or after")
    to: date | None = Field(None, description="Visited (or planned) on or before")


class VisitPlanIn(Schema):
    enterprise: RecordId
    unit: RecordId = Field(..., description="The visiting unit")
    planned_on: date
    visitors: list[RecordId] | None = Field(None, description="Staff of your units; yourself when not given")
    campaign: RecordId | None = None
    summary: str = ""


class RaisedDemandIn(Schema):
    category: RecordId
    title: str = Field(..., max_length=200)
    description: str = ""


class FindingsIn(Schema):
    visited_on: date | None = Field(None, description="Today when not given; never in the future")
    summary: str = ""
    employees_on_duty: int | None = COUNT
    employees_total: int | None = COUNT
    capacity_in_use_percent: int | None = Field(None, ge=0, le=100)
    plans_to_expand: bool = False
    plans_to_relocate: bool = False
    plans_to_downsize: bool = False
    risk_note: str = Field("", description="Needed when a plan to expand, relocate or downsize is flagged")
    key_suppliers_outside: str = ""
    demands: list[RaisedDemandIn] = Field([], description="The demands the enterprise raised at the visit")

    def findings(self) -> dict:
        return self.dict(exclude={"demands", "version", "enterprise", "unit", "visitors"})

    def raised(self) -> list[dict]:
        return [d.dict() for d in self.demands]


class VisitRecordIn(FindingsIn):
    version: int


class LogIn(FindingsIn):
    enterprise: RecordId
    unit: RecordId = Field(..., description="The visiting unit")
    visitors: list[RecordId] | None = None


class CancelIn(Schema):
    version: int
    reason: str


class CampaignTargetIn(Schema):
    enterprise: RecordId
    officer: RecordId | None = None


class CampaignIn(Schema):
    unit: RecordId
    name: str = Field(..., max_length=200)
    starts_on: date
    ends_on: date
    targets: list[CampaignTargetIn]


class CampaignTargetOut(Schema):
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    officer_id: int | None


class CampaignOut(Schema):
    id: int
    unit_id: int
    name: str
    starts_on: date
    ends_on: date
    targets: list[CampaignTargetOut]

    @staticmethod
    def resolve_targets(obj: VisitCampaign) -> list:
        return list(obj.targets.all())


class EnterpriseRefOut(Schema):
    id: int
    name: str


class VisitRateOut(Schema):
    numerator: int
    denominator: int
    percent: float | None
    enterprises: list[EnterpriseRefOut]


class FindingOut(Schema):
    enterprise_id: int
    visit_id: int = Field(alias="id")
    visited_on: date | None
    employees_on_duty: int | None
    employees_total: int | None
    capacity_in_use_percent: int | None


class CampaignProgressOut(Schema):
    campaign_id: int
    name: str
    visited: list[EnterpriseRefOut]
    not_visited: list[EnterpriseRefOut]
    resumption: VisitRateOut = Field(..., description="复工复产率: visited enterprises at work / visited")
    return_rate: VisitRateOut = Field(..., description="员工返岗率: employees on duty / in total, of the visited")
    findings: list[FindingOut]


class UnitRefOut(Schema):
    id: int
    name: str


class CrowdedWeekOut(Schema):
    enterprise: EnterpriseRefOut
    year: int
    week: int
    units: list[UnitRefOut]
    visit_ids: list[int]

    @staticmethod
    def resolve_visit_ids(obj: queries.CrowdedWeek) -> list[int]:
        return [v.pk for v in obj.visits]


class RiskOut(Schema):
    enterprise: EnterpriseRefOut
    visit_id: int = Field(alias="visit.pk")
    visited_on: date | None = Field(alias="visit.visited_on")
    flags: list[str]
    risk_note: str = Field(alias="visit.risk_note")


def _view(request) -> None:
    ensure_can(Actor.of(request), "visit.view")


def _rows(request):
    visits = Visit.objects.visible_to(request.user).select_related("enterprise", "unit")
    return visits.prefetch_related("visitors")


def _visible(request, visit_id: int) -> Visit:
    _view(request)
    return get_object_or_404(_rows(request), pk=visit_id)


def _campaigns(request):
    return VisitCampaign.objects.visible_to(request.user).prefetch_related("targets__enterprise")


def _unit(request, unit_id: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_id)


def _enterprise(request, enterprise_id: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(request.user), pk=enterprise_id)


def _rate(rate: queries.Rate) -> dict:
    return {
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "percent": rate.percent,
        "enterprises": rate.enterprises,
    }


@router.get("/visits", response=list[VisitOut])
@paginate(PageNumberPagination, page_size=25)
def list_visits(request, filters: Query[VisitFilterIn]):
    _view(request)
    visits = _rows(request)
    if filters.enterprise:
        visits = visits.filter(enterprise=filters.enterprise)
    if filters.unit:
        visits = visits.filter(unit__path__startswith=_unit(request, filters.unit).path)
    if filters.status:
        visits = visits.filter(status=filters.status)
    if filters.campaign:
        visits = visits.filter(campaign=filters.campaign)
    if text := filters.q.strip():
        names = Q(enterprise__name__icontains=text) | Q(enterprise__name_initials__startswith=text.lower())
        visits = visits.filter(names | Q(enterprise__uscc__iexact=text))
    # The day a visit happened, or the day it is planned for while it has not happened.
    if filters.from_:
        visits = visits.filter(
            Q(visited_on__gte=filters.from_) | Q(visited_on__isnull=True, planned_on__gte=filters.from_)
        )
    if filters.to:
        visits = visits.filter(Q(visited_on__lte=filters.to) | Q(visited_on__isnull=True, planned_on__lte=filters.to))
    return visits


@router.post("/visits", response={201: VisitDetailOut})
def plan_visit(request, body: VisitPlanIn):
    _view(request)
    visit = services.plan_visit(
        _enterprise(request, body.enterprise),
        unit=body.unit,
        planned_on=body.planned_on,
        by=Actor.of(request),
        visitors=body.visitors,
        campaign=body.campaign,
        summary=body.summary,
    )
    return Status(201, _visible(request, visit.pk))


@router.post("/visits/log", response={201: VisitDetailOut})
def log_visit(request, body: LogIn):
    """Record a visit that was not planned, with its findings and the demands raised, in one step."""
    _view(request)
    visit = services.log_visit(
        _enterprise(request, body.enterprise),
        unit=body.unit,
        findings=body.findings(),
        by=Actor.of(request),
        visitors=body.visitors,
        demands=body.raised(),
    )
    return Status(201, _visible(request, visit.pk))


@router.get("/visits/crowded", response=list[CrowdedWeekOut])
def crowded(request, unit: int):
    """Enterprises of the unit visited by three or more units within one week."""
    _view(request)
    return queries.crowded_weeks(request.user, _unit(request, unit))


@router.get("/visits/risks", response=list[RiskOut])
def risks(request, unit: int):
    """Enterprises of the unit whose latest visit flags a plan to expand, relocate or downsize."""
    _view(request)
    return queries.risk_enterprises(request.user, _unit(request, unit))


@router.get("/visits/{visit_id}", response=VisitDetailOut)
def get_visit(request, visit_id: int):
    return _visible(request, visit_id)


@router.post("/visits/{visit_id}/record", response=VisitDetailOut)
def record_visit(request, visit_id: int, body: VisitRecordIn):
    """Record that the planned visit took place: its findings and the demands raised, all or nothing."""
    services.record_visit(
        _visible(request, visit_id),
        body.findings(),
        by=Actor.of(request),
        version=body.version,
        demands=body.raised(),
    )
    return _visible(request, visit_id)


@router.post("/visits/{visit_id}/cancel", response=VisitDetailOut)
def cancel_visit(request, visit_id: int, body: CancelIn):
    services.cancel_visit(_visible(request, visit_id), reason=body.reason, by=Actor.of(request), version=body.version)
    return _visible(request, visit_id)


@router.get("/enterprises/{enterprise_id}/visit-calendar", response=list[VisitOut])
def visit_calendar(request, enterprise_id: int, around: date | None = None):
    """Every unit's visits to the enterprise within a week either side of `around` (today when not given)."""
    _view(request)
    enterprise = _enterprise(request, enterprise_id)
    if around is not None and not 1900 <= around.year <= 2999:
        raise Rejected("around", _("Enter a date such as 2025-02-07."))
    visits = queries.visit_calendar(request.user, enterprise, around or timezone.localdate())
    prefetch_related_objects(visits, "enterprise", "visitors")
    return visits


@router.get("/visit-campaigns", response=list[CampaignOut])
@paginate(PageNumberPagination, page_size=25)
def list_campaigns(request):
    _view(request)
    return _campaigns(request)


@router.post("/visit-campaigns", response={201: CampaignOut})
def create_campaign(request, body: CampaignIn):
    _view(request)
    data = body.dict()
    data["targets"] = [(t["enterprise"], t["officer"]) for t in data["targets"]]
    campaign = services.create_campaign(data, by=Actor.of(request))
    return Status(201, _campaigns(request).get(pk=campaign.pk))


@router.get("/visit-campaigns/{campaign_id}/progress", response=CampaignProgressOut)
def campaign_progress(request, campaign_id: int):
    """Who of the campaign's targets is visited, and its 复工复产率 and 员工返岗率."""
    _view(request)
    campaign = get_object_or_404(VisitCampaign.objects.visible_to(request.user), pk=campaign_id)
    progress = queries.campaign_progress(request.user, campaign)
    return {
        "campaign_id": campaign.pk,
        "name": campaign.name,
        "visited": progress.visited,
        "not_visited": progress.not_visited,
        "resumption": _rate(progress.resumption),
        "return_rate": _rate(progress.return_rate),
        "findings": list(progress.findings.values()),
    }
