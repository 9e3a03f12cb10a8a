"""API for the zone's saved lists (五张清单) and its site plan: the lists with their counts, a list's rows, and the
plan's dots and legend under a colouring — the same queries and scope as the pages (404 outside the user's zones).
"""

from datetime import date

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from .api import RecordId
from .list_queries import list_counts, list_for, lists_of, run_list
from .lists import ensure_default_lists
from .models import Hazard
from .models_maps import ListKind
from .plan_queries import current_plan, dots, legend
from .zones import chosen_zone

router = Router(tags=["safety"])
COLOURINGS = ("risk", "hazards", "industry")


class SavedListOut(Schema):
    id: int
    unit_id: int
    name: str
    kind: ListKind
    filters: dict
    count: int = Field(..., description="How many rows the list holds now")


class ListRowOut(Schema):
    """A row of a saved list: a hazard, or an enterprise's safety profile."""

    id: int = Field(..., description="The hazard's id, or the enterprise's for a list of enterprises")
    enterprise_id: int
    enterprise_name: str
    detail: str = Field(..., description="A hazard's description, or an enterprise's risk colour")
    deadline: date | None = None

    @staticmethod
    def resolve_id(row) -> int:
        return row.pk if isinstance(row, Hazard) else row.enterprise_id

    @staticmethod
    def resolve_enterprise_name(row) -> str:
        return row.enterprise.name

    @staticmethod
    def resolve_detail(row) -> str:
        if isinstance(row, Hazard):
            return row.description
        return str(row.get_colour_display()) if row.colour else ""

    @staticmethod
    def resolve_deadline(row) -> date | None:
        return row.deadline if isinstance(row, Hazard) else None


class ZoneIn(Schema):
    unit: int | None = Field(None, ge=1, le=2**63 - 1, description="A zone of yours; by default your home zone")


class PlanIn(ZoneIn):
    by: str = Field("risk", pattern="^(risk|hazards|industry)$", description="risk, hazards or industry")


class DotOut(Schema):
    enterprise_id: int
    name: str
    x: float = Field(..., description="0–1 from the left of the plan image")
    y: float = Field(..., description="0–1 from the top of the plan image")
    key: str
    label: str
    fill: str


class LegendOut(Schema):
    key: str
    label: str
    fill: str
    count: int


class PlanOut(Schema):
    unit_id: int
    plan_id: int | None
    width: int | None
    height: int | None
    by: str
    dots: list[DotOut]
    legend: list[LegendOut]


@router.get("/safety/lists", response=list[SavedListOut])
def saved_lists(request, params: Query[ZoneIn]):
    """The zone's saved lists with how many rows each holds (the default five are made the first time)."""
    zone, _zones = chosen_zone(request.user, params.unit)
    ensure_default_lists(zone)
    return [
        {"id": s.pk, "unit_id": s.unit_id, "name": s.name, "kind": s.kind, "filters": s.filters, "count": n}
        for s, n in ((row["list"], row["count"]) for row in list_counts(request.user, lists_of(request.user, zone)))
    ]


@router.get("/safety/lists/{list_id}/rows", response=list[ListRowOut])
@paginate(PageNumberPagination, page_size=25)
def saved_list_rows(request, list_id: RecordId):
    """A saved list's rows, 25 a page: hazards or enterprises, as on the list's page."""
    return run_list(request.user, list_for(request.user, list_id))


@router.get("/safety/plan", response=PlanOut)
def site_plan(request, params: Query[PlanIn]):
    """The zone's site plan: every placed enterprise's position and colour under the colouring, and the legend with
    how many dots show each colour (the image itself at /safety/plan/<id>/image/, in scope)."""
    if params.by not in COLOURINGS:
        raise Http404
    zone, _zones = chosen_zone(request.user, params.unit)
    plan = current_plan(request.user, zone)
    if plan is None:
        return {
            "unit_id": zone.pk,
            "plan_id": None,
            "width": None,
            "height": None,
            "by": params.by,
            "dots": [],
            "legend": [],
        }
    return {
        "unit_id": zone.pk,
        "plan_id": plan.pk,
        "width": plan.width,
        "height": plan.height,
        "by": params.by,
        "dots": [
            {**d, "enterprise_id": d["pk"], "label": str(d["label"])} for d in dots(request.user, plan, params.by)
        ],
        "legend": [{**e, "label": str(e["label"])} for e in legend(request.user, plan, params.by)],
    }
