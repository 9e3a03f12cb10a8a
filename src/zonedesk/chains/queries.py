"""Reads of the chains: the list of chains a user reads, and a chain's page — its tree of links grouped upstream /
core / downstream, with the enterprises (latest yearly output and employees) and pipeline projects on each link.

A chain's page costs the same handful of queries however many links and enterprises it has: links, enterprises on
links and projects on links are each one query, the latest yearly figures come as subqueries of the second.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from zonedesk.enterprises.models import Enterprise, EnterpriseYear
from zonedesk.projects.models import Project
from zonedesk.projects.stages import Kind, Stage

from .models import Chain, ChainLink, EnterpriseLink, Position, ProjectLink

POSITIONS = [Position.UPSTREAM, Position.CORE, Position.DOWNSTREAM]


def chains_for(user, *, unit=None, q: str = "", include_archived: bool = False) -> QuerySet[Chain]:
    """The chains the user reads (their units' and their units' ancestors'), with the counts the list shows:
    `link_count`, `enterprise_count` (distinct active enterprises on the chain, whoever can see them) and
    `empty_link_count` (links with no enterprise and no active project). Filters: unit (that unit's own chains),
    q (in the chain's or a link's name)."""
    qs = Chain.objects.visible_to(user).select_related("unit")
    if not include_archived:
        qs = qs.filter(is_archived=False)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(pk__in=ChainLink.objects.filter(name__icontains=q).values("chain_id")))
    empty = ChainLink.objects.filter(chain=OuterRef("pk")).filter(~Exists(_active_enterprises()), ~Exists(_active()))
    return qs.annotate(
        link_count=_count(ChainLink.objects.filter(chain=OuterRef("pk"))),
        enterprise_count=_count(
            EnterpriseLink.objects.filter(link__chain=OuterRef("pk"), enterprise__is_archived=False),
            "enterprise",
        ),
        empty_link_count=_count(empty),
    ).order_by("unit__path", "name", "pk")


def _count(qs: QuerySet, distinct_field: str = "pk") -> Coalesce:
    """COUNT over a correlated queryset as a scalar subquery (no join multiplies the chain rows)."""
    grouped = qs.order_by().annotate(_one=Value(1)).values("_one")
    counted = grouped.annotate(n=Count(distinct_field, distinct=True)).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _active_enterprises() -> QuerySet:
    return EnterpriseLink.objects.filter(link=OuterRef("pk"), enterprise__is_archived=False)


def _active() -> QuerySet:
    return ProjectLink.objects.filter(
        link=OuterRef("pk"), project__is_archived=False, project__kind=Kind.INVESTMENT
    ).exclude(project__stage=Stage.DROPPED)


@dataclass
class EnterpriseRow:
    """An enterprise on a link, with its latest yearly figures."""

    enterprise: Enterprise
    note: str
    year: int | None
    output_wan: Decimal | None
    employees: int | None

    @property
    def output_text(self) -> str:
        return whole(self.output_wan)

    @property
    def employees_text(self) -> str:
        return whole(self.employees)


def whole(value) -> str:
    """A figure to the unit, half up, with thousands separators (a chain's page shows hundreds: no template filter)."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal(1), ROUND_HALF_UP):,}"


@dataclass
class LinkNode:
    """A link of the chain's page: its enterprises and projects the reader can see, the ones beyond their scope
    (counted, not shown), its sub-links, and its sums."""

    link: ChainLink
    depth: int = 0
    parent_name: str = ""
    enterprises: list[EnterpriseRow] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    hidden_enterprises: int = 0
    hidden_projects: int = 0
    children: list["LinkNode"] = field(default_factory=list)

    @property
    def enterprise_count(self) -> int:
        return len(self.enterprises) + self.hidden_enterprises

    @property
    def project_count(self) -> int:
        return len(self.projects) + self.hidden_projects

    @property
    def is_empty(self) -> bool:
        """空白环节: no enterprise and no active project on the link (sub-links not counted)."""
        return self.enterprise_count == 0 and self.project_count == 0

    @property
    def output_wan(self) -> Decimal:
        return sum((row.output_wan or Decimal(0) for row in self.enterprises), Decimal(0))

    @property
    def employees(self) -> int:
        return sum(row.employees or 0 for row in self.enterprises)

    @property
    def investment_wan(self) -> Decimal:
        return sum((p.total_investment_wan or Decimal(0) for p in self.projects), Decimal(0))


@dataclass
class PositionGroup:
    position: str
    label: str
    roots: list[LinkNode]
    nodes: list[LinkNode]  # every link of the group, in tree order (depth-first)

    @property
    def empty_count(self) -> int:
        return sum(1 for node in self.nodes if node.is_empty)


@dataclass
class ChainPage:
    """What the chain's page shows."""

    chain: Chain
    groups: list[PositionGroup]
    nodes: list[LinkNode]  # every link, in page order
    enterprise_count: int  # distinct enterprises the reader sees on the chain
    output_wan: Decimal  # their latest output, each enterprise counted once
    employees: int

    @property
    def empty_nodes(self) -> list[LinkNode]:
        return [node for node in self.nodes if node.is_empty]


def link_tree(chain: Chain) -> tuple[list[ChainLink], dict[int | None, list[ChainLink]]]:
    """The chain's links (one query) and, per parent id (None for the roots), its children in order."""
    links = list(ChainLink.objects.filter(chain=chain).order_by("order", "name", "pk"))
    children: dict[int | None, list[ChainLink]] = {}
    for link in links:
        children.setdefault(link.parent_id, []).append(link)
    return links, children


def _latest(field_name: str):
    years = EnterpriseYear.objects.filter(enterprise=OuterRef("enterprise_id")).order_by("-year")
    return Subquery(years.values(field_name)[:1])


def enterprise_rows(user, chain: Chain) -> QuerySet[EnterpriseLink]:
    """The active enterprises on the chain's links, each with `is_visible` (to the user) and its latest yearly
    figures `latest_year`, `latest_output_wan`, `latest_employees` (one query)."""
    visible = Enterprise.objects.visible_to(user).filter(pk=OuterRef("enterprise_id"))
    return (
        EnterpriseLink.objects.filter(link__chain=chain, enterprise__is_archived=False)
        .select_related("enterprise", "enterprise__unit")
        .annotate(
            is_visible=Exists(visible, output_field=BooleanField()),
            latest_year=_latest("year"),
            latest_output_wan=_latest("output_wan"),
            latest_employees=_latest("employees"),
        )
        .order_by("link_id", "enterprise__name", "pk")
    )


def project_rows(user, chain: Chain) -> QuerySet[ProjectLink]:
    """The active (not dropped, not archived) projects on the chain's links, each with `is_visible` (one query)."""
    visible = Project.objects.visible_to(user).filter(pk=OuterRef("project_id"))
    return (
        ProjectLink.objects.filter(link__chain=chain, project__is_archived=False, project__kind=Kind.INVESTMENT)
        .exclude(project__stage=Stage.DROPPED)
        .select_related("project", "project__unit")
        .annotate(is_visible=Exists(visible, output_field=BooleanField()))
        .order_by("link_id", "-project__total_investment_wan", "project__name", "pk")
    )


def chain_page(user, chain: Chain) -> ChainPage:
    """A chain as its page shows it (the caller has read `chain` through Chain.objects.visible_to)."""
    links, children = link_tree(chain)
    nodes = {link.pk: LinkNode(link=link) for link in links}
    seen: dict[int, EnterpriseRow] = {}
    for row in enterprise_rows(user, chain):
        node = nodes[row.link_id]
        if not row.is_visible:
            node.hidden_enterprises += 1
            continue
        employees = row.latest_employees if row.latest_employees is not None else row.enterprise.employees
        item = EnterpriseRow(row.enterprise, row.note, row.latest_year, row.latest_output_wan, employees)
        node.enterprises.append(item)
        seen.setdefault(row.enterprise_id, item)
    for row in project_rows(user, chain):
        node = nodes[row.link_id]
        if row.is_visible:
            node.projects.append(row.project)
        else:
            node.hidden_projects += 1
    ordered: list[LinkNode] = []
    groups = []
    for position in POSITIONS:
        roots = [nodes[link.pk] for link in children.get(None, []) if link.position == position]
        group_nodes: list[LinkNode] = []
        stack = [(node, 0) for node in reversed(roots)]
        while stack:
            node, depth = stack.pop()
            node.depth = depth
            node.children = [nodes[child.pk] for child in children.get(node.link.pk, [])]
            for child in node.children:
                child.parent_name = node.link.name
            group_nodes.append(node)
            stack.extend((child, depth + 1) for child in reversed(node.children))
        groups.append(PositionGroup(position.value, str(position.label), roots, group_nodes))
        ordered += group_nodes
    return ChainPage(
        chain=chain,
        groups=groups,
        nodes=ordered,
        enterprise_count=len(seen),
        output_wan=sum((row.output_wan or Decimal(0) for row in seen.values()), Decimal(0)),
        employees=sum(row.employees or 0 for row in seen.values()),
    )


def links_of_enterprise(user, enterprise: Enterprise) -> QuerySet[EnterpriseLink]:
    """The chain links an enterprise sits on, on the chains the user reads (the enterprise page's 产业链环节)."""
    return (
        EnterpriseLink.objects.filter(enterprise=enterprise, link__chain__in=Chain.objects.visible_to(user))
        .filter(link__chain__is_archived=False)
        .select_related("link", "link__chain", "link__chain__unit")
        .order_by("link__chain__name", "link__order", "link__pk")
    )


def link_presence(chain: Chain) -> dict[int, dict[str, int]]:
    """Per link id of the chain, how many active enterprises and active projects sit on it, whoever can see them
    (two queries): the measure of a link's local presence."""
    link_ids = ChainLink.objects.filter(chain=chain).values_list("pk", flat=True)
    out = {pk: {"enterprises": 0, "projects": 0} for pk in link_ids}
    enterprise_counts = (
        EnterpriseLink.objects.filter(link__chain=chain, enterprise__is_archived=False)
        .values("link_id")
        .annotate(n=Count("enterprise", distinct=True))
    )
    for row in enterprise_counts:
        out[row["link_id"]]["enterprises"] = row["n"]
    project_counts = (
        ProjectLink.objects.filter(link__chain=chain, project__is_archived=False, project__kind=Kind.INVESTMENT)
        .exclude(project__stage=Stage.DROPPED)
        .values("link_id")
        .annotate(n=Count("project", distinct=True))
    )
    for row in project_counts:
        out[row["link_id"]]["projects"] = row["n"]
    return out


def empty_link_names(chains) -> dict[int, list[str]]:
    """Per chain id, the names of its empty links in the chain's order (one query, for the list's export)."""
    out: dict[int, list[str]] = {}
    rows = ChainLink.objects.filter(chain__in=chains).filter(~Exists(_active_enterprises()), ~Exists(_active()))
    for chain_id, name in rows.order_by("chain_id", "order", "name", "pk").values_list("chain_id", "name"):
        out.setdefault(chain_id, []).append(name)
    return out


def empty_links(chain: Chain) -> QuerySet[ChainLink]:
    """The chain's links with no active enterprise and no active project (空白环节), whoever could see them."""
    return ChainLink.objects.filter(chain=chain).filter(~Exists(_active_enterprises()), ~Exists(_active()))
