"""API of chain-wide problems (/chain-problems): the list, the candidates (open demands of a chain several
enterprises raised alike), grouping them in one step, one problem with its demands, adding the same problem raised
since, and resolving it for every demand still open."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from zonedesk.chains.models import Chain
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import ensure_can

from . import problems as problem_services
from .queries import chain_problem_list, problem_demands, similar_open_demands
from .schemas import (
    AddDemandsIn,
    ChainProblemCandidateOut,
    ChainProblemDetailOut,
    ChainProblemFilterIn,
    ChainProblemIn,
    ChainProblemOut,
    ChainProblemResolveIn,
    RecordId,
)

router = Router(tags=["alliances"])


def _problem(request, problem_id: int):
    problem = get_object_or_404(chain_problem_list(request.user), pk=problem_id)
    problem.department_ids = sorted(problem.departments.values_list("pk", flat=True))
    problem.demand_rows = problem_demands(request.user, problem)
    return problem


@router.get("/chain-problems", response=list[ChainProblemOut])
@paginate(PageNumberPagination, page_size=25)
def list_problems(request, filters: Query[ChainProblemFilterIn]):
    """The chain-wide problems the reader sees (of their units, or holding a demand they see), open ones first."""
    ensure_can(Actor.of(request), "alliance.view")
    return chain_problem_list(request.user, **{k: v for k, v in filters.dict().items() if v not in (None, "")})


@router.get("/chain-problems/candidates", response=list[ChainProblemCandidateOut])
def candidates(request, chain: RecordId | None = None):
    """Open demands of a chain, in no chain problem yet, of one category and the same title (spaces and
    punctuation aside), raised by two or more enterprises: each group can be handled as one chain problem."""
    ensure_can(Actor.of(request), "alliance.view")
    found = get_object_or_404(Chain.objects.visible_to(request.user), pk=chain) if chain else None
    return similar_open_demands(request.user, found)


@router.post("/chain-problems", response={201: ChainProblemDetailOut})
def make_problem(request, body: ChainProblemIn):
    """Handle the demands once: grouped under a chain problem and handed to its lead department."""
    problem = problem_services.make_chain_problem(Actor.of(request), **body.dict())
    return Status(201, _problem(request, problem.pk))


@router.get("/chain-problems/{problem_id}", response=ChainProblemDetailOut)
def get_problem(request, problem_id: int):
    return _problem(request, problem_id)


@router.post("/chain-problems/{problem_id}/demands", response=ChainProblemDetailOut)
def add_demands(request, problem_id: int, body: AddDemandsIn):
    problem = get_object_or_404(chain_problem_list(request.user), pk=problem_id)
    problem_services.add_demands(Actor.of(request), problem, body.demands, version=body.version)
    return _problem(request, problem_id)


@router.post("/chain-problems/{problem_id}/resolve", response=ChainProblemDetailOut)
def resolve(request, problem_id: int, body: ChainProblemResolveIn):
    """Answer every linked demand still open, each through its own moves; each enterprise then confirms its own."""
    problem = get_object_or_404(chain_problem_list(request.user), pk=problem_id)
    problem_services.resolve_chain_problem(
        Actor.of(request), problem, note=body.note, outcome=body.outcome, version=body.version
    )
    return _problem(request, problem_id)
