"""Reads of alliances: the alliance and chain-problem lists (pages and API share them), one alliance's members,
meetings, problems and matchings, and the open demands of a chain that look like the same problem."""

import unicodedata
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from zonedesk.common.text import fold_compat
from zonedesk.demands.models import Demand
from zonedesk.orgs.models import Unit

from .models import (
    Alliance,
    AllianceMeeting,
    AllianceMember,
    ChainProblem,
    ChainProblemDemand,
    Matching,
    MeetingProblem,
)
from .states import OPEN_DEMAND, MatchingOutcome, ProblemState


def _ids(value) -> list:
    values = value if isinstance(value, list | tuple | set) else [value]
    return [getattr(v, "pk", v) for v in values]


def _count(rows: QuerySet, group: str) -> Coalesce:
    """A correlated COUNT of `rows` per alliance, as a scalar subquery (no join, no row multiplication)."""
    counted = rows.filter(**{group: OuterRef("pk")}).order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def alliance_list(user, **filters) -> QuerySet[Alliance]:
    """The alliances the user sees with their counts. Filters: kind, chain, unit (that unit and below), q (name or
    lead unit)."""
    qs = Alliance.objects.visible_to(user).select_related("unit", "chain")
    if filters.get("kind"):
        qs = qs.filter(kind__in=_ids(filters["kind"]))
    if filters.get("chain"):
        qs = qs.filter(chain__in=_ids(filters["chain"]))
    if filters.get("unit"):
        unit = filters["unit"] if isinstance(filters["unit"], Unit) else Unit.objects.get(pk=filters["unit"])
        qs = qs.filter(unit__path__startswith=unit.path)
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(Q(name__icontains=text) | Q(lead__icontains=text))
    return qs.annotate(
        member_count=_count(AllianceMember.objects.current(), "alliance"),
        meeting_count=_count(AllianceMeeting.objects.all(), "alliance"),
        matching_count=_count(Matching.objects.all(), "alliance"),
        deal_count=_count(Matching.objects.filter(outcome=MatchingOutcome.DEAL), "alliance"),
    ).order_by("unit__path", "name", "pk")


def members_of(alliance: Alliance) -> list[AllianceMember]:
    """The alliance's members, current ones first (lead and secretary units, then by kind), those who left last."""
    rows = alliance.members.select_related("enterprise__unit", "department").order_by("pk")
    order = {"lead": 0, "secretary": 1, "member": 2}
    kinds = {"enterprise": 0, "department": 1, "association": 2}
    return sorted(rows, key=lambda m: (m.left_on is not None, order[m.role], kinds[m.kind], m.pk))


def meetings_of(user, alliance: Alliance) -> list[AllianceMeeting]:
    """The alliance's meetings, latest first, each with its attendance counts and the problems raised there that the
    user sees (with their demands' states)."""
    meetings = list(
        alliance.meetings.annotate(
            members_counted=Count("attendance", distinct=True),
            present_count=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        ).order_by("-held_on", "-pk")
    )
    problems = defaultdict(list)
    visible = MeetingProblem.objects.visible_to(user).filter(meeting__alliance=alliance)
    for p in visible.select_related(
        "demand__category", "demand__chain_problem_link__problem", "member__enterprise"
    ).order_by("pk"):
        problems[p.meeting_id].append(p)
    for m in meetings:
        m.raised = problems[m.pk]
    return meetings


def matchings_of(alliance: Alliance) -> list[Matching]:
    return list(
        alliance.matchings.select_related("supplier__enterprise", "buyer__enterprise").order_by("-introduced_on", "-pk")
    )


def matching_totals(matchings: list[Matching]) -> dict:
    """Introductions, deals, no deals, pending, and the deals' amount in 万元 (the deals without a known amount are
    counted, not summed)."""
    deals = [m for m in matchings if m.outcome == MatchingOutcome.DEAL]
    amounts = [m.amount_wan for m in deals if m.amount_wan is not None]
    return {
        "introduced": len(matchings),
        "deals": len(deals),
        "no_deals": sum(m.outcome == MatchingOutcome.NO_DEAL for m in matchings),
        "pending": sum(m.outcome == MatchingOutcome.PENDING for m in matchings),
        "amount_wan": sum(amounts) if amounts else None,
    }


def attendance_of(meeting: AllianceMeeting) -> list:
    """The meeting's attendance rows, enterprises first, then departments and associations."""
    rows = meeting.attendance.select_related("member__enterprise", "member__department").order_by("member_id")
    kinds = {"enterprise": 0, "department": 1, "association": 2}
    return sorted(rows, key=lambda a: (kinds[a.member.kind], a.member_id))


def chain_problem_list(user, **filters) -> QuerySet[ChainProblem]:
    """The chain problems the user sees with their demand counts. Filters: state, chain, q (title)."""
    qs = ChainProblem.objects.visible_to(user).select_related("chain", "unit", "leader", "lead_department")
    if filters.get("state"):
        qs = qs.filter(state__in=_ids(filters["state"]))
    if filters.get("chain"):
        qs = qs.filter(chain__in=_ids(filters["chain"]))
    if filters.get("q"):
        qs = qs.filter(title__icontains=str(filters["q"]).strip())
    return qs.annotate(
        demand_count=Count("links", distinct=True),
        open_count=Count("links", filter=Q(links__demand__state__in=OPEN_DEMAND), distinct=True),
    ).order_by("state", "-created_at", "-pk")


def problem_demands(user, problem: ChainProblem) -> list[Demand]:
    """The problem's demands the user sees, with their enterprise, zone and department."""
    ids = ChainProblemDemand.objects.filter(problem=problem).values("demand_id")
    rows = Demand.objects.visible_to(user).filter(pk__in=ids)
    return list(rows.select_related("enterprise", "unit", "assigned_department", "category").order_by("pk"))


def title_key(title: str) -> str:
    """A demand title as a grouping key: compatibility forms folded, case, spaces and punctuation ignored
    (光伏玻璃就近配套供应不足 and "光伏玻璃 就近配套供应不足！" are the same problem)."""
    text = fold_compat(title).casefold()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "S", "Z")))


def _open_unlinked(user) -> QuerySet[Demand]:
    linked = ChainProblemDemand.objects.values("demand_id")
    return (
        Demand.objects.visible_to(user)
        .filter(chain__isnull=False, state__in=OPEN_DEMAND)
        .exclude(pk__in=linked)
        .select_related("enterprise", "unit", "category", "chain")
        .order_by("submitted_on", "pk")
    )


def similar_open_demands(user, chain=None) -> list[dict]:
    """Candidates for a chain problem: open demands of a chain (of `chain`, or of every chain) in no chain problem
    yet, grouped by chain, category and title (see title_key); the groups of two or more enterprises' demands,
    largest first."""
    rows = _open_unlinked(user)
    if chain is not None:
        rows = rows.filter(chain=chain)
    groups = defaultdict(list)
    for d in rows:
        groups[d.chain_id, d.category_id, title_key(d.title)].append(d)
    out = []
    for (chain_id, category_id, key), demands in groups.items():
        if len({d.enterprise_id for d in demands}) < 2:
            continue
        out.append(
            {"key": f"{chain_id}-{category_id}-{key}", "chain": demands[0].chain, "category": demands[0].category}
            | {"chain_id": chain_id, "category_id": category_id, "title": demands[0].title, "demands": demands}
        )
    return sorted(out, key=lambda g: (-len(g["demands"]), g["demands"][0].submitted_on, g["demands"][0].pk))


def joinable_demands(user, problem: ChainProblem) -> list[Demand]:
    """Open demands of the problem's chain in no chain problem, titled like the problem or one of its demands."""
    if problem.state != ProblemState.OPEN:
        return []
    titles = {title_key(problem.title)}
    linked = Demand.objects.filter(chain_problem_link__problem=problem).values_list("title", flat=True)
    titles |= {title_key(t) for t in linked}
    return [d for d in _open_unlinked(user).filter(chain=problem.chain_id) if title_key(d.title) in titles]
