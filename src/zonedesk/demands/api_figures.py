"""API for what the demands add up to: figures, breakdowns, the monthly trend, the handler's workspace, the
escalations and an enterprise's demand sheet (一企一清单). Each figure carries the GET /demands filter behind it."""

from datetime import date
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can, ensure_can

from .api import DemandFilterIn, DemandOut, as_params, query_filters
from .queries import demand_breakdown, demand_figures, enterprise_sheet, escalated_to, monthly_trend
from .queries import workspace as workspace_of

router = Router(tags=["demands"])

WORKSPACE_ROWS = 200
BreakdownBy = Literal["department", "category", "source", "level", "unit", "state", "enterprise"]
TREND_MONTHS = 120


class FigureOut(Schema):
    value: int | float | None
    filter: dict = Field(..., description="The query parameters of GET /demands that list what the figure counts")


class BreakdownRowOut(Schema):
    key: int | str | None
    label: str
    total: int
    open: int
    closed: int
    solved: int
    overdue: int
    on_time: int
    late: int
    confirmed: int
    auto_confirmed: int
    dissatisfied: int
    on_time_rate: float | None
    satisfaction: float | None
    filter: dict


class TrendOut(Schema):
    month: str
    submitted: int
    resolved: int
    confirmed: int


class WorkspaceOut(Schema):
    to_accept: list[DemandOut]
    to_assign: list[DemandOut]
    at_work: list[DemandOut]


class PersonOut(Schema):
    id: int
    full_name: str
    username: str


class SheetEnterpriseOut(Schema):
    id: int
    name: str
    uscc: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    linked_leader: PersonOut | None
    service_officer: PersonOut | None


class DemandSheetOut(Schema):
    enterprise: SheetEnterpriseOut
    demands: list[DemandOut]
    figures: dict[str, FigureOut]


def _figures(raw: dict) -> dict:
    return {name: {"value": f["value"], "filter": as_params(f["filter"])} for name, f in raw.items()}


@router.get("/demands/figures", response=dict[str, FigureOut])
def figures(request, filters: Query[DemandFilterIn]):
    """Total, open, closed (never the same as solved), confirmed and auto-confirmed apart, overdue, on time,
    the rates and averages, over the demands the filter lists (submitted_from / submitted_to give the period)."""
    ensure_can(Actor.of(request), "figures.view")
    return _figures(demand_figures(request.user, **query_filters(request, filters)))


@router.get("/demands/breakdown", response=list[BreakdownRowOut])
def breakdown(request, by: BreakdownBy, filters: Query[DemandFilterIn]):
    """The figures per department, category, source, level, zone, state or enterprise, in one grouped query."""
    ensure_can(Actor.of(request), "figures.view")
    rows = demand_breakdown(request.user, by, **query_filters(request, filters))
    return [{**row, "filter": as_params(row["filter"])} for row in rows]


@router.get("/demands/trend", response=list[TrendOut])
def trend(request, first: date, last: date, filters: Query[DemandFilterIn]):
    """Per month from `first` to `last`: demands submitted, resolved, and confirmed by the enterprise."""
    ensure_can(Actor.of(request), "figures.view")
    if last < first:
        raise Rejected("last", _("The last day is before the first."))
    if (last.year - first.year) * 12 + last.month - first.month >= TREND_MONTHS:
        raise Rejected("last", _("Ask for at most ten years."))
    return monthly_trend(request.user, first=first, last=last, **query_filters(request, filters))


@router.get("/demands/workspace", response=WorkspaceOut)
def workspace(request):
    """The demands to accept and to assign, and those at work in the user's departments (earliest deadline first)."""
    if not (can(request.user, "demand.handle") or can(request.user, "demand.resolve")):
        raise Forbidden()
    return {name: list(rows[:WORKSPACE_ROWS]) for name, rows in workspace_of(request.user).items()}


@router.get("/demands/escalated", response=list[DemandOut])
@paginate(PageNumberPagination, page_size=25)
def escalated(request):
    """Overdue demands escalated to the user: as head of the department at work, or as the linked leader."""
    return escalated_to(request.user)


@router.get("/enterprises/{enterprise_id}/demand-sheet", response=DemandSheetOut)
def demand_sheet(request, enterprise_id: int):
    """一企一清单: the enterprise's demands (open first, by deadline), its linked leader and officer, its figures."""
    sheet = enterprise_sheet(request.user, enterprise_id)
    return {**sheet, "figures": _figures(sheet["figures"])}
