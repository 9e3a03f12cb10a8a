"""API of the chains app: the chains a user reads, one chain with its tree of links, and the keepers' writes on
chains, links and the enterprises and projects on links; the same services and permissions as the pages (404
outside the user's scope, 403 without the permission, 409 on a stale version, 422 naming the field)."""

from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can

from . import services
from .models import Chain, ChainLink, EnterpriseLink, ProjectLink
from .queries import chain_page, chains_for

router = Router(tags=["chains"])

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
POSITION_HELP = "upstream, core or downstream (also 上游, 核心 or 中游, 下游); a sub-link takes its parent's"


class ChainOut(Schema):
    id: int
    name: str
    description: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    is_archived: bool
    version: int
    link_count: int | None = Field(None, description="In the list: the chain's links")
    enterprise_count: int | None = Field(None, description="In the list: distinct active enterprises on the chain")
    empty_link_count: int | None = Field(None, description="In the list: links with no enterprise and no project")


class LinkOut(Schema):
    id: int
    chain_id: int
    name: str
    position: str
    parent_id: int | None
    order: int
    note: str


class LinkEnterpriseOut(Schema):
    id: int
    name: str
    year: int | None = Field(None, description="The year of the latest yearly figures")
    output_wan: Decimal | None = Field(None, description="Output of that year, 10k yuan")
    employees: int | None


class LinkProjectOut(Schema):
    id: int
    name: str
    stage: str
    total_investment_wan: Decimal | None


class TreeLinkOut(LinkOut):
    depth: int = Field(..., description="0 for a first-level link")
    enterprise_count: int = Field(..., description="Active enterprises on the link, also those outside your scope")
    project_count: int = Field(..., description="Active projects on the link, also those outside your scope")
    is_empty: bool = Field(..., description="空白环节: no enterprise and no active project")
    enterprises: list[LinkEnterpriseOut] = Field(..., description="The ones you see")
    projects: list[LinkProjectOut] = Field(..., description="The ones you see")


class ChainDetailOut(ChainOut):
    links: list[TreeLinkOut] = Field(..., description="Upstream, core, then downstream; each link before its sub-links")

    @staticmethod
    def resolve_links(obj: Chain, context) -> list[dict]:
        return tree_links(context["request"].user, obj)


class ChainIn(Schema):
    unit_id: RecordId
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=2000)


class ChainChangeIn(Schema):
    version: int = Field(..., description="The version read; 409 when the chain changed since")
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=2000)


class ChainVersionIn(Schema):
    version: int = Field(..., description="The version read; 409 when the chain changed since")


class LinkIn(Schema):
    name: str = Field(..., max_length=100)
    position: str | None = Field(None, max_length=20, description=POSITION_HELP)
    parent_id: RecordId | None = None
    order: int | None = Field(None, ge=0, le=9999, description="Last among its siblings when not given")
    note: str = Field("", max_length=300)


class LinkChangeIn(Schema):
    name: str | None = Field(None, max_length=100)
    position: str | None = Field(None, max_length=20, description=POSITION_HELP)
    parent_id: RecordId | None = Field(None, description="Send null to make it a first-level link; leave out to keep")
    order: int | None = Field(None, ge=0, le=9999)
    note: str | None = Field(None, max_length=300)


class MapIn(Schema):
    note: str = Field("", max_length=300)


class MappedOut(Schema):
    link_id: int
    enterprise_id: int | None = None
    project_id: int | None = None
    note: str = ""


def visible_chain(request, chain_id: int) -> Chain:
    ensure_can(Actor.of(request), "chain.view")
    return get_object_or_404(Chain.objects.visible_to(request.user).select_related("unit"), pk=chain_id)


def visible_link(request, link_id: int) -> ChainLink:
    ensure_can(Actor.of(request), "chain.view")
    return get_object_or_404(ChainLink.objects.visible_to(request.user), pk=link_id)


def tree_links(user, chain: Chain) -> list[dict]:
    """The chain's links in page order, each with what the user sees on it."""
    page = chain_page(user, chain)
    return [
        {
            **LinkOut.from_orm(node.link).dict(),
            "depth": node.depth,
            "enterprise_count": node.enterprise_count,
            "project_count": node.project_count,
            "is_empty": node.is_empty,
            "enterprises": [
                {
                    "id": row.enterprise.pk,
                    "name": row.enterprise.name,
                    "year": row.year,
                    "output_wan": row.output_wan,
                    "employees": row.employees,
                }
                for row in node.enterprises
            ],
            "projects": [
                {"id": p.pk, "name": p.name, "stage": p.stage, "total_investment_wan": p.total_investment_wan}
                for p in node.projects
            ],
        }
        for node in page.nodes
    ]


@router.get("/chains", response=list[ChainOut])
@paginate(PageNumberPagination, page_size=50)
def list_chains(request):
    """The chains the user reads: their units' and those of the city or county above them."""
    ensure_can(Actor.of(request), "chain.view")
    return chains_for(request.user)


@router.post("/chains", response={201: ChainDetailOut})
def create_chain(request, body: ChainIn):
    """Define a chain of a region or zone (chain.manage there)."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=body.unit_id)
    chain = services.create_chain(Actor.of(request), unit=unit, name=body.name, description=body.description)
    return Status(201, visible_chain(request, chain.pk))


@router.get("/chains/{chain_id}", response=ChainDetailOut)
def get_chain(request, chain_id: int):
    """A chain with its tree of links, and on each link its enterprises and projects."""
    return visible_chain(request, chain_id)


@router.patch("/chains/{chain_id}", response=ChainDetailOut)
def change_chain(request, chain_id: int, body: ChainChangeIn):
    chain = visible_chain(request, chain_id)
    services.update_chain(Actor.of(request), chain, version=body.version, name=body.name, description=body.description)
    return visible_chain(request, chain_id)


@router.post("/chains/{chain_id}/archive", response=ChainOut)
def archive_chain(request, chain_id: int, body: ChainVersionIn):
    return services.archive_chain(Actor.of(request), visible_chain(request, chain_id), version=body.version)


@router.post("/chains/{chain_id}/links", response={201: LinkOut})
def add_link(request, chain_id: int, body: LinkIn):
    chain = visible_chain(request, chain_id)
    link = services.add_link(Actor.of(request), chain, **body.dict(exclude={"parent_id"}), parent=body.parent_id)
    return Status(201, link)


@router.patch("/chain-links/{link_id}", response=LinkOut)
def change_link(request, link_id: int, body: LinkChangeIn):
    """Rename, reorder, annotate or move a link (under a link of the same chain, never under its own sub-links)."""
    sent = body.dict(exclude_unset=True)
    parent = sent.pop("parent_id", services.UNCHANGED)
    return services.update_link(Actor.of(request), visible_link(request, link_id), parent=parent, **sent)


@router.delete("/chain-links/{link_id}", response={204: None})
def remove_link(request, link_id: int):
    """Remove a link: refused (422) while it has sub-links, enterprises, projects or targets."""
    services.remove_link(Actor.of(request), visible_link(request, link_id))
    return Status(204, None)


@router.post("/chain-links/{link_id}/enterprises/{enterprise_id}", response={201: MappedOut})
def map_enterprise(request, link_id: int, enterprise_id: int, body: MapIn | None = None):
    """Put an enterprise on the link (a zone's officer: their own zone's enterprises on their city's chain)."""
    mapped: EnterpriseLink = services.map_enterprise(
        Actor.of(request), visible_link(request, link_id), enterprise_id, note=body.note if body else ""
    )
    return Status(201, {"link_id": mapped.link_id, "enterprise_id": mapped.enterprise_id, "note": mapped.note})


@router.delete("/chain-links/{link_id}/enterprises/{enterprise_id}", response={204: None})
def unmap_enterprise(request, link_id: int, enterprise_id: int):
    services.unmap_enterprise(Actor.of(request), visible_link(request, link_id), enterprise_id)
    return Status(204, None)


@router.post("/chain-links/{link_id}/projects/{project_id}", response={201: MappedOut})
def map_project(request, link_id: int, project_id: int):
    mapped: ProjectLink = services.map_project(Actor.of(request), visible_link(request, link_id), project_id)
    return Status(201, {"link_id": mapped.link_id, "project_id": mapped.project_id})


@router.delete("/chain-links/{link_id}/projects/{project_id}", response={204: None})
def unmap_project(request, link_id: int, project_id: int):
    services.unmap_project(Actor.of(request), visible_link(request, link_id), project_id)
    return Status(204, None)
