"""API of targeted investment (精准招商): a chain's gap list, the targets (list, add, dismiss, turn into a lead) and a
chain's figures; the pages' services, queries and permissions (404 outside the user's scope, 403 for a role without
the permission, 409 when someone acted first, 422 for bad input)."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.stages import LIFE

from . import targets as services
from .figures import chain_figures, checked_year
from .gaps import WEAK_BELOW, Candidate, gap_list
from .models import Chain, InvestmentTarget, TargetSource, TargetStatus
from .target_queries import target_list

router = Router(tags=["chains"])

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _chain(request, chain_id: int) -> Chain:
    ensure_can(Actor.of(request), "chain.view")
    return get_object_or_404(Chain.objects.visible_to(request.user).select_related("unit"), pk=chain_id)


def _target(request, target_id: int) -> InvestmentTarget:
    rows = InvestmentTarget.objects.visible_to(request.user).select_related("link", "link__chain", "unit")
    return get_object_or_404(rows, pk=target_id)


class BuyerOut(Schema):
    enterprise_id: int
    enterprise_name: str
    link_id: int
    link_name: str
    product: str = Field(..., description="What it buys from the supplier, when the visit says")
    visit_id: int
    visited_on: date | None


class GapCandidateOut(Schema):
    source: TargetSource
    link_id: int
    link_name: str
    company: str = Field(..., description="Whom to approach; empty for a link to fill (the target names it)")
    note: str = Field("", description="What a visit says is bought outside, when it names no supplier")
    enterprise_id: int | None = Field(None, description="The local enterprise behind it (buyer or expanding)")
    enterprise_name: str | None = None
    visit_id: int | None = None
    reason: str
    enterprises: int = Field(..., description="Active local enterprises on the link (empty and weak links)")
    projects: int = Field(..., description="Active projects on the link (empty and weak links)")
    open_targets: int
    buyers: list[BuyerOut] = Field(default_factory=list)

    @staticmethod
    def resolve_link_id(obj: Candidate) -> int:
        return obj.link.pk

    @staticmethod
    def resolve_link_name(obj: Candidate) -> str:
        return obj.link.name

    @staticmethod
    def resolve_enterprise_id(obj: Candidate) -> int | None:
        return obj.enterprise.pk if obj.enterprise else None

    @staticmethod
    def resolve_visit_id(obj: Candidate) -> int | None:
        return obj.visit.pk if obj.visit else None

    @staticmethod
    def resolve_enterprise_name(obj: Candidate) -> str | None:
        return obj.enterprise.name if obj.enterprise else None

    @staticmethod
    def resolve_buyers(obj: Candidate) -> list[dict]:
        return [
            {
                "enterprise_id": b.enterprise.pk,
                "enterprise_name": b.enterprise.name,
                "link_id": b.link.pk,
                "link_name": b.link.name,
                "product": b.product,
                "visit_id": b.visit.pk,
                "visited_on": b.visit.visited_on,
            }
            for b in obj.buyers
        ]


class GapsOut(Schema):
    chain_id: int
    weak_below: int = Field(..., description="A link with fewer active local enterprises than this is weak")
    empty: list[GapCandidateOut]
    weak: list[GapCandidateOut]
    suppliers: list[GapCandidateOut]
    expansions: list[GapCandidateOut]


class InvestmentTargetOut(Schema):
    id: int
    chain_id: int = Field(..., alias="link.chain_id")
    link_id: int
    link_name: str = Field(..., alias="link.name")
    company: str
    source: TargetSource
    enterprise_id: int | None
    reason: str
    status: TargetStatus
    project_id: int | None = Field(None, description="The lead it became")
    dismissed_reason: str
    unit_id: int
    version: int
    created_at: str

    @staticmethod
    def resolve_created_at(obj: InvestmentTarget) -> str:
        return obj.created_at.isoformat()


class TargetFilterIn(Schema):
    chain: RecordId | None = None
    link: RecordId | None = None
    status: TargetStatus | None = None
    source: TargetSource | None = None
    q: str = Field("", max_length=100, description="Company, link or local enterprise")


class InvestmentTargetIn(Schema):
    link: RecordId
    company: str = Field(..., max_length=200)
    source: TargetSource
    enterprise: RecordId | None = Field(None, description="The local enterprise behind it (buyer or expanding)")
    reason: str = Field("", max_length=2000)
    unit: RecordId | None = Field(
        None, description="By default the enterprise's zone for a target from a visit, else the chain's unit"
    )


class DismissIn(Schema):
    version: int = Field(..., description="The version read; 409 when the target changed since")
    reason: str = Field(..., max_length=300)


class LeadIn(Schema):
    version: int = Field(..., description="The version read; 409 when the target changed since")
    officer: RecordId | None = Field(None, description="The responsible officer; the caller by default")
    unit: RecordId | None = Field(None, description="The zone or branch office that follows a region's target")


class LeadOut(Schema):
    project_id: int
    target: InvestmentTargetOut


class LinkFiguresOut(Schema):
    link_id: int
    link_name: str
    depth: int
    stages: dict[str, int] = Field(..., description="Projects on the link by stage at the year's end")
    projects: int
    enterprises: int
    output_wan: Decimal = Field(..., description="Output of the enterprises on the link in output_year (万元)")
    filled_this_year: bool


class FiguresOut(Schema):
    chain_id: int
    year: int
    as_of: date
    output_year: int | None = Field(None, description="The latest year up to `year` with yearly figures")
    stages: dict[str, int]
    projects: int
    enterprises: int
    output_wan: Decimal
    filled_link_ids: list[int]
    links: list[LinkFiguresOut]


@router.get("/chains/{chain_id}/gaps", response=GapsOut)
def gaps(request, chain_id: RecordId):
    """The chain's candidate targets: empty and weak links, suppliers outside the zone, plans to expand."""
    found = gap_list(request.user, _chain(request, chain_id))
    return {
        "chain_id": chain_id,
        "weak_below": WEAK_BELOW,
        "empty": found.empty,
        "weak": found.weak,
        "suppliers": found.suppliers,
        "expansions": found.expansions,
    }


@router.get("/chain-targets", response=list[InvestmentTargetOut])
@paginate(PageNumberPagination, page_size=25)
def list_targets(request, filters: Query[TargetFilterIn]):
    """The targets the user sees, newest first, as the targets page lists them."""
    ensure_can(Actor.of(request), "chain.view")
    raw = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    return target_list(request.user, **raw)


@router.post("/chain-targets", response={201: InvestmentTargetOut})
def add(request, body: InvestmentTargetIn):
    """Put a company on a link's target list (from the gap list or by hand)."""
    target = services.add_target(Actor.of(request), **body.dict())
    return Status(201, _target(request, target.pk))


@router.post("/chain-targets/{target_id}/dismiss", response=InvestmentTargetOut)
def dismiss(request, target_id: RecordId, body: DismissIn):
    services.dismiss_target(Actor.of(request), _target(request, target_id), version=body.version, reason=body.reason)
    return _target(request, target_id)


@router.post("/chain-targets/{target_id}/lead", response={201: LeadOut})
def lead(request, target_id: RecordId, body: LeadIn):
    """Turn an open target into a lead of the pipeline on its link; a second attempt is 409."""
    target = _target(request, target_id)
    project = services.target_to_lead(
        Actor.of(request), target, version=body.version, officer=body.officer, unit=body.unit
    )
    return Status(201, {"project_id": project.pk, "target": _target(request, target_id)})


@router.get("/chains/{chain_id}/figures", response=FiguresOut)
def figures(request, chain_id: RecordId, year: int | None = None):
    """The chain's figures for a year (this year by default), as at its end."""
    chain = _chain(request, chain_id)
    found = chain_figures(request.user, chain, year=checked_year(year))
    return {
        "chain_id": chain.pk,
        "year": found.year,
        "as_of": found.as_of,
        "output_year": found.output_year,
        "stages": found.stages,
        "projects": found.project_count,
        "enterprises": found.enterprise_count,
        "output_wan": found.output_wan,
        "filled_link_ids": [row.link.pk for row in found.filled],
        "links": [
            {
                "link_id": row.link.pk,
                "link_name": row.link.name,
                "depth": row.depth,
                "stages": {stage: row.stages[stage] for stage in LIFE},
                "projects": row.project_count,
                "enterprises": len(row.enterprises),
                "output_wan": row.output_wan,
                "filled_this_year": row.filled_this_year,
            }
            for row in found.links
        ],
    }
