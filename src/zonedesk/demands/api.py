"""API for the demand closed loop: list, detail, submission, every move, bulk moves, files and the timeline.

The same services, filters and permissions as the pages; figures and settings live in api_figures / api_config.
"""

from datetime import date, datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.common.workdays import WorkCalendar
from zonedesk.orgs.api import EventOut
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Unit
from zonedesk.orgs.permissions import ensure_can

from . import services
from .models import Demand
from .queries import deadline_status, demand_list
from .states import Level, Outcome, Source, State

router = Router(tags=["demands"])

# A record id as input: positive and within the database's integer range (a larger one is no record, not a 500).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
# A deadline in working days, within the year a unit's own deadlines allow.
DeadlineDays = Annotated[int, Field(ge=1, le=365)]


def _calendar(context) -> WorkCalendar:
    """One working-day calendar per request, so a page of demands looks each year up once."""
    request = (context or {}).get("request")
    if request is None:
        return WorkCalendar()
    if not hasattr(request, "_zonedesk_calendar"):
        request._zonedesk_calendar = WorkCalendar()
    return request._zonedesk_calendar


class DemandOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    unit_id: int
    handling_unit_id: int
    category_id: int
    category_name: str = Field(alias="category.name")
    source: Source
    level: Level
    reference: str
    title: str
    state: State
    reason: str
    assigned_department_id: int | None
    assigned_department_name: str | None
    deadline: date | None
    deadline_status: str
    outcome: str
    satisfaction: int | None
    confirmed_auto: bool
    is_dissatisfied: bool
    escalation_level: int
    visit_id: int | None
    submitted_on: date
    returned_on: date | None
    rejected_on: date | None
    accepted_on: date | None
    assigned_on: date | None
    resolved_on: date | None
    confirmed_on: date | None
    reopened_on: date | None
    version: int

    @staticmethod
    def resolve_assigned_department_name(obj: Demand) -> str | None:
        return obj.assigned_department.name if obj.assigned_department_id else None

    @staticmethod
    def resolve_deadline_status(obj: Demand, context) -> str:
        return str(deadline_status(obj, calendar=_calendar(context)))


class MoveOut(Schema):
    from_state: str
    to_state: State
    on: date
    department_id: int | None
    reason: str


class AttachmentOut(Schema):
    id: int
    demand_id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class DemandDetailOut(DemandOut):
    description: str
    outcome_note: str
    comment: str
    moves: list[MoveOut]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_moves(obj: Demand) -> list:
        return list(obj.moves.all())

    @staticmethod
    def resolve_attachments(obj: Demand) -> list:
        return list(obj.attachments.all())


class DemandFilterIn(Schema):
    state: State | None = None
    category: RecordId | None = Field(None, description="The category and its sub-categories")
    department: RecordId | None = Field(None, description="The assigned department")
    unassigned: bool | None = Field(None, description="With no department yet (true) or with one (false)")
    enterprise: RecordId | None = None
    unit: RecordId | None = Field(None, description="The zone and the units below it")
    source: Source | None = None
    level: Level | None = None
    outcome: Outcome | None = None
    overdue: bool | None = None
    closed: bool | None = Field(None, description="Resolved, confirmed or rejected (never the same as solved)")
    dissatisfied: bool | None = None
    escalated: bool | None = None
    reopened: bool | None = None
    confirmed_auto: bool | None = None
    on_time: bool | None = None
    resolved_ever: bool | None = None
    q: str = Field("", description="Title, enterprise name or its pinyin initials")
    submitted_from: date | None = None
    submitted_to: date | None = None
    resolved_from: date | None = None
    resolved_to: date | None = None


def query_filters(request, filters: DemandFilterIn) -> dict:
    """The API's query parameters as demand_list() takes them (a unit outside the user's scope is 404)."""
    raw = {k: v for k, v in filters.dict().items() if v is not None and v != ""}
    if raw.get("unit"):
        raw["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=raw["unit"]).pk
    for name in ("submitted", "resolved"):
        first, last = raw.pop(f"{name}_from", None), raw.pop(f"{name}_to", None)
        if first or last:
            raw["period" if name == "submitted" else "resolved_in"] = (first or date.min, last or date.max)
    return raw


def as_params(spec: dict) -> dict:
    """A demand_list() filter as the query parameters of GET /demands (each figure links to its list)."""
    out = {}
    for key, value in spec.items():
        if key in ("period", "resolved_in"):
            name = "submitted" if key == "period" else "resolved"
            first, last = value
            out.update({f"{name}_from": first, f"{name}_to": last})
        else:
            out[key] = getattr(value, "value", value)
    return out


class SubmitIn(Schema):
    enterprise: RecordId
    category: RecordId
    title: str = Field(..., max_length=200)
    description: str = ""
    source: Source | None = Field(None, description="Staff: visit, hotline or meeting; an enterprise user: portal")
    level: Level = Level.ZONE
    reference: str = Field("", max_length=40, description="The 12345 hotline's ticket number")


class VersionIn(Schema):
    version: int = Field(..., description="The version read; 409 when the demand changed since")


class ReasonIn(VersionIn):
    reason: str


class ResubmitIn(VersionIn):
    description: str | None = None


class RouteIn(ReasonIn):
    level: Level


class AssignIn(VersionIn):
    department: RecordId
    deadline_days: DeadlineDays | None = Field(None, description="Working days; the category's default when not given")
    deadline: date | None = None


class TransferIn(ReasonIn):
    department: RecordId
    deadline_days: DeadlineDays | None = None


class ResolveIn(VersionIn):
    outcome: Outcome
    note: str = ""


class ConfirmIn(VersionIn):
    satisfaction: int = Field(..., ge=1, le=5)
    comment: str = ""


def visible(request, demand_id: int) -> Demand:
    rows = Demand.objects.visible_to(request.user).select_related(
        "enterprise", "category", "assigned_department", "unit", "handling_unit"
    )
    return get_object_or_404(rows, pk=demand_id)


def detail(request, demand_id: int) -> Demand:
    """The demand as the detail answer shows it: with its moves and its files' metadata."""
    rows = Demand.objects.visible_to(request.user).select_related("enterprise", "category", "assigned_department")
    return get_object_or_404(rows.prefetch_related("moves", "attachments"), pk=demand_id)


@router.get("/demands", response=list[DemandOut])
@paginate(PageNumberPagination, page_size=25)
def list_demands(request, filters: Query[DemandFilterIn]):
    ensure_can(Actor.of(request), "demand.view")
    return demand_list(request.user, **query_filters(request, filters))


@router.post("/demands", response={201: DemandDetailOut})
def submit_demand(request, body: SubmitIn):
    ensure_can(Actor.of(request), "demand.submit")
    demand = services.submit_demand(
        Actor.of(request),
        body.enterprise,
        category=body.category,
        title=body.title,
        description=body.description,
        source=body.source,
        level=body.level,
        reference=body.reference,
    )
    return Status(201, detail(request, demand.pk))


@router.get("/demands/{demand_id}", response=DemandDetailOut)
def get_demand(request, demand_id: int):
    return detail(request, demand_id)


@router.get("/demands/{demand_id}/events", response=list[EventOut])
def demand_events(request, demand_id: int):
    # Whoever sees the demand reads its whole history (the department it was assigned to included).
    return Event.objects.about(visible(request, demand_id)).select_related("actor")[:200]


@router.post("/demands/{demand_id}/accept", response=DemandDetailOut)
def accept(request, demand_id: int, body: VersionIn):
    services.accept(Actor.of(request), visible(request, demand_id), version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/return", response=DemandDetailOut)
def return_for_info(request, demand_id: int, body: ReasonIn):
    """Send the demand back to the enterprise for more information (say which)."""
    services.return_for_info(Actor.of(request), visible(request, demand_id), body.reason, version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/reject", response=DemandDetailOut)
def reject(request, demand_id: int, body: ReasonIn):
    services.reject(Actor.of(request), visible(request, demand_id), body.reason, version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/resubmit", response=DemandDetailOut)
def resubmit(request, demand_id: int, body: ResubmitIn):
    demand = visible(request, demand_id)
    services.resubmit(Actor.of(request), demand, description=body.description, version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/route", response=DemandDetailOut)
def route(request, demand_id: int, body: RouteIn):
    """Hand the demand to the county or the city (or back to the zone), with a reason."""
    services.route(Actor.of(request), visible(request, demand_id), body.level, body.reason, version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/assign", response=DemandDetailOut)
def assign(request, demand_id: int, body: AssignIn):
    services.assign(
        Actor.of(request),
        visible(request, demand_id),
        body.department,
        deadline_days=body.deadline_days,
        deadline=body.deadline,
        version=body.version,
    )
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/transfer", response=DemandDetailOut)
def transfer(request, demand_id: int, body: TransferIn):
    services.transfer(
        Actor.of(request),
        visible(request, demand_id),
        body.department,
        body.reason,
        deadline_days=body.deadline_days,
        version=body.version,
    )
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/resolve", response=DemandDetailOut)
def resolve(request, demand_id: int, body: ResolveIn):
    demand = visible(request, demand_id)
    services.resolve(Actor.of(request), demand, body.outcome, body.note, version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/confirm", response=DemandDetailOut)
def confirm(request, demand_id: int, body: ConfirmIn):
    """The enterprise confirms the answer with a score from 1 to 5."""
    demand = visible(request, demand_id)
    services.confirm(Actor.of(request), demand, body.satisfaction, body.comment, version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/reopen", response=DemandDetailOut)
def reopen(request, demand_id: int, body: ReasonIn):
    services.reopen(Actor.of(request), visible(request, demand_id), body.reason, version=body.version)
    return detail(request, demand_id)


@router.post("/demands/{demand_id}/dissatisfied", response=DemandDetailOut)
def dissatisfied(request, demand_id: int, body: ReasonIn):
    """The enterprise says the answer is unsatisfactory (at any time after it)."""
    services.flag_dissatisfied(Actor.of(request), visible(request, demand_id), body.reason, version=body.version)
    return detail(request, demand_id)
