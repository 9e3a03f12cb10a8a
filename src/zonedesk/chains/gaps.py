"""Gap analysis for targeted investment (精准招商): for a chain, the candidate targets.

Three kinds of candidate, each read through the reader's scope:

- empty and weak links: a link with no local presence (no active enterprise and no active project on it, as the
  chain's page marks 空白环节) or a weak one (fewer than WEAK_BELOW active enterprises);
- outside suppliers: what the enterprises on the chain buy from outside the zone, as their latest visit that named
  any recorded it ("key suppliers outside the zone", free text, one supplier a line or separated by ；;、，);
- expansions: enterprises on the chain whose latest done visit flagged a plan to expand (the demand issue's risk
  flags).

A supplier or an expansion already an open or converted target on the chain (the same company, compared with its
brackets and letters folded) is not repeated; an empty or weak link stays listed while it is empty or weak, with the
count of its open targets. Constant queries in the number of links, enterprises and visits.
"""

import re
import zlib
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from zonedesk.common.text import fold_compat, normalize_text
from zonedesk.enterprises.models import Enterprise
from zonedesk.projects.stages import Kind, Stage
from zonedesk.visits.models import Visit, VisitStatus

from .models import Chain, ChainLink, EnterpriseLink, InvestmentTarget, ProjectLink, TargetSource, TargetStatus

# A link with fewer active local enterprises than this is weak: one supplier is a single point of failure, and a
# chain the zone means to keep needs at least two enterprises on each link (the gap list shows it to be targeted).
WEAK_BELOW = 2
# What separates the suppliers of a line of the visit's free text: the Chinese and Western list marks.
SUPPLIER_SEPARATORS = re.compile(r"[;；、，,]")
# What separates a supplier from what it supplies: "天赐材料（广州）—电解液", "星源材质：隔膜".
PRODUCT_SEPARATOR = re.compile(r"\s*(?:——|—|–|－|：|:|\s-\s)\s*")
NOTHING = {"无", "暂无", "没有", "无区外供应商", "-", "—", "/", "none"}
# A line that reads as a sentence ("铸件主要来自浙江台州，运输周期约3天。") names no company to approach: it is kept
# whole, as what the enterprise buys outside, and the officer types the company when listing it.
SENTENCE_MARKS = re.compile(r"[。！？!?]")
SENTENCE_WORDS = ("主要", "来自", "依赖", "采购自", "进口", "交期", "周期", "暂无", "需要", "没有")
LONGEST_NAME = 40
# The targets that stop a candidate from showing again.
LIVE_STATUSES = (TargetStatus.OPEN, TargetStatus.CONVERTED)


def company_key(name: str) -> str:
    """A company name as a key: brackets, letters and spaces folded (天赐材料(广州) is 天赐材料（广州）)."""
    return fold_compat(name).replace(" ", "").lower()


@dataclass(frozen=True)
class Supplier:
    """One outside supplier named on a visit and what it supplies when the text says; or, for a line that names no
    company, the line itself (`note`)."""

    company: str
    product: str = ""
    note: str = ""


def _is_sentence(line: str, items: list[str]) -> bool:
    return bool(
        SENTENCE_MARKS.search(line)
        or any(word in line for word in SENTENCE_WORDS)
        or any(len(item) > LONGEST_NAME for item in items)
    )


def parse_suppliers(text: str) -> list[Supplier]:
    """What a visit's "key suppliers outside the zone" says, in order, each supplier once: a line listing suppliers
    (one a line, or separated by ；;、，) gives one Supplier each; a line written as a sentence gives one Supplier with
    no company and the line as its note."""
    out: dict[str, Supplier] = {}
    for line in (text or "").split("\n"):
        line = normalize_text(line).rstrip("。.；;，,、 ")
        if not line or line.lower() in NOTHING:
            continue
        items = [normalize_text(item) for item in SUPPLIER_SEPARATORS.split(line)]
        if _is_sentence(line, items):
            out.setdefault(f"note:{line}", Supplier("", note=line[:300]))
            continue
        for item in items:
            if not item or item.lower() in NOTHING:
                continue
            parts = PRODUCT_SEPARATOR.split(item, maxsplit=1)
            company = parts[0].strip()[:200]
            product = parts[1].strip()[:100] if len(parts) > 1 else ""
            if company and company_key(company) not in out:
                out[company_key(company)] = Supplier(company, product)
    return list(out.values())


@dataclass
class Buyer:
    """A local enterprise on the chain that buys from an outside supplier, on its link, as a visit recorded."""

    enterprise: Enterprise
    link: ChainLink
    product: str
    visit: Visit


@dataclass
class Candidate:
    """A candidate target: where it would sit (link), whom to approach (company, empty for a link to fill), the local
    enterprise behind it, and why (reason, the target's prefilled text)."""

    source: str
    link: ChainLink
    reason: str
    company: str = ""
    enterprise: Enterprise | None = None
    visit: Visit | None = None
    buyers: list[Buyer] = field(default_factory=list)
    note: str = ""  # what a visit says is bought outside, when it names no company
    enterprises: int = 0
    projects: int = 0
    open_targets: int = 0

    @property
    def is_empty(self) -> bool:
        return self.source == TargetSource.GAP and self.enterprises == 0 and self.projects == 0

    @property
    def key(self) -> str:
        """A stable id of the candidate on the page (which form was sent)."""
        if self.company or self.visit is None:
            return f"{self.source}-{self.link.pk}-{company_key(self.company)}"
        return f"{self.source}-{self.link.pk}-visit{self.visit.pk}-{zlib.crc32(self.note.encode())}"


@dataclass
class GapList:
    """A chain's candidates, by kind."""

    chain: Chain
    empty: list[Candidate]
    weak: list[Candidate]
    suppliers: list[Candidate]
    expansions: list[Candidate]

    @property
    def candidates(self) -> list[Candidate]:
        return [*self.empty, *self.weak, *self.suppliers, *self.expansions]


def presence(chain: Chain) -> dict[int, tuple[int, int]]:
    """Per link of the chain: (active enterprises, active investment projects) on it, whoever can see them (the chain's
    page marks 空白环节 the same way; sub-links are links of their own; a zone's own facility fills no link). Two
    queries."""
    enterprises = (
        EnterpriseLink.objects.filter(link__chain=chain, enterprise__is_archived=False)
        .values("link_id")
        .annotate(n=Count("enterprise", distinct=True))
    )
    projects = (
        ProjectLink.objects.filter(link__chain=chain, project__is_archived=False, project__kind=Kind.INVESTMENT)
        .exclude(project__stage=Stage.DROPPED)
        .values("link_id")
        .annotate(n=Count("project", distinct=True))
    )
    counts = {row["link_id"]: [row["n"], 0] for row in enterprises}
    for row in projects:
        counts.setdefault(row["link_id"], [0, 0])[1] = row["n"]
    return {pk: (e, p) for pk, (e, p) in counts.items()}


def _link_named_in(text: str, links: list[ChainLink]) -> ChainLink | None:
    """The link of the chain whose name the text names (the longest name wins: 电解液溶剂 over 电解液)."""
    folded = fold_compat(text)
    named = [link for link in links if link.name and fold_compat(link.name) in folded]
    return max(named, key=lambda link: len(link.name)) if named else None


def _latest_visits(user, enterprise_ids: list[int]) -> list[Visit]:
    """Per enterprise, its latest done visit and its latest done visit that named outside suppliers, newest first
    (one query): the candidates list the newest news first."""
    done = Visit.objects.filter(enterprise=OuterRef("enterprise_id"), status=VisitStatus.DONE)
    order = ("-visited_on", "-pk")
    latest = Subquery(done.order_by(*order).values("pk")[:1])
    naming = Subquery(done.exclude(key_suppliers_outside="").order_by(*order).values("pk")[:1])
    return list(
        Visit.objects.visible_to(user)
        .filter(status=VisitStatus.DONE, enterprise_id__in=enterprise_ids)
        .filter(Q(pk=latest) | Q(pk=naming))
        .order_by(*order)
    )


def gap_list(user, chain: Chain) -> GapList:
    """The candidate targets of a chain the user reads (the caller has read `chain` through visible_to)."""
    links = list(ChainLink.objects.visible_to(user).filter(chain=chain).order_by("order", "name", "pk"))
    by_pk = {link.pk: link for link in links}
    counts = presence(chain)
    live = list(
        InvestmentTarget.objects.filter(link__chain=chain, status__in=LIVE_STATUSES).values_list(
            "link_id", "company", "status"
        )
    )
    targeted = {company_key(company) for _link, company, _status in live}
    open_on = {}
    for link_id, _company, status in live:
        if status == TargetStatus.OPEN:
            open_on[link_id] = open_on.get(link_id, 0) + 1

    empty, weak = [], []
    for link in links:
        enterprises, projects = counts.get(link.pk, (0, 0))
        if enterprises >= WEAK_BELOW:
            continue
        is_empty = enterprises == 0 and projects == 0
        if is_empty:
            reason = _("%(link)s has no local enterprise and no project in the pipeline.") % {"link": link.name}
        else:
            reason = _("%(link)s is weak: %(enterprises)d local enterprise(s), %(projects)d project(s).") % {
                "link": link.name,
                "enterprises": enterprises,
                "projects": projects,
            }
        candidate = Candidate(
            TargetSource.GAP,
            link,
            reason,
            enterprises=enterprises,
            projects=projects,
            open_targets=open_on.get(link.pk, 0),
        )
        (empty if is_empty else weak).append(candidate)

    # The enterprises on the chain the user sees, each with its links in the chain's order.
    placed = (
        EnterpriseLink.objects.filter(link__chain=chain, enterprise__is_archived=False)
        .filter(enterprise__in=Enterprise.objects.visible_to(user))
        .select_related("enterprise")
        .order_by("link__order", "link__name", "link_id", "pk")
    )
    links_of: dict[int, list[ChainLink]] = {}
    enterprises: dict[int, Enterprise] = {}
    for row in placed:
        if row.link_id in by_pk:
            links_of.setdefault(row.enterprise_id, []).append(by_pk[row.link_id])
            enterprises[row.enterprise_id] = row.enterprise

    suppliers: dict[tuple[int, str], Candidate] = {}
    expansions: list[Candidate] = []
    seen_latest: set[int] = set()
    seen_naming: set[int] = set()
    for visit in _latest_visits(user, list(enterprises)):
        enterprise = enterprises[visit.enterprise_id]
        visit.enterprise = enterprise
        own_links = links_of[visit.enterprise_id]
        if visit.enterprise_id not in seen_latest:  # the latest done visit: is an expansion planned now?
            seen_latest.add(visit.enterprise_id)
            if visit.plans_to_expand and company_key(enterprise.name) not in targeted:
                reason = _("%(enterprise)s plans to expand (visit of %(day)s): %(note)s") % {
                    "enterprise": enterprise.name,
                    "day": f"{visit.visited_on:%Y-%m-%d}",
                    "note": visit.risk_note,
                }
                expansions.append(
                    Candidate(
                        TargetSource.EXPANSION,
                        own_links[0],
                        reason,
                        company=enterprise.name,
                        enterprise=enterprise,
                        visit=visit,
                    )
                )
        if visit.key_suppliers_outside and visit.enterprise_id not in seen_naming:
            seen_naming.add(visit.enterprise_id)
            for supplier in parse_suppliers(visit.key_suppliers_outside):
                # a sentence naming no company is one candidate of its own, its company typed when listed
                key = company_key(supplier.company) or f"{visit.enterprise_id}:{supplier.note}"
                if key in targeted:
                    continue
                target_link = _link_named_in(supplier.product or supplier.note, links) or own_links[0]
                candidate = suppliers.get((target_link.pk, key))
                if candidate is None:
                    candidate = Candidate(
                        TargetSource.OUTSIDE_SUPPLIER,
                        target_link,
                        "",
                        company=supplier.company,
                        enterprise=enterprise,
                        visit=visit,
                        note=supplier.note,
                    )
                    suppliers[(target_link.pk, key)] = candidate
                candidate.buyers.append(Buyer(enterprise, own_links[0], supplier.product or supplier.note, visit))
    for candidate in suppliers.values():
        candidate.reason = _supplier_reason(candidate)
    return GapList(chain, empty, weak, list(suppliers.values()), expansions)


def _supplier_reason(candidate: Candidate) -> str:
    parts = []
    for buyer in candidate.buyers:
        values = {
            "buyer": buyer.enterprise.name,
            "link": buyer.link.name,
            "product": buyer.product,
            "day": f"{buyer.visit.visited_on:%Y-%m-%d}",
        }
        if not candidate.company:
            parts.append(_("%(buyer)s (%(link)s) buys outside the zone: %(product)s (visit of %(day)s)") % values)
        elif buyer.product:
            parts.append(_("%(buyer)s (%(link)s) buys %(product)s from it (visit of %(day)s)") % values)
        else:
            parts.append(_("%(buyer)s (%(link)s) buys from it (visit of %(day)s)") % values)
    if not candidate.company:
        return "; ".join(parts) + "."
    return _("Supplier outside the zone: %(company)s. %(buyers)s.") % {
        "company": candidate.company,
        "buyers": "; ".join(parts),
    }
