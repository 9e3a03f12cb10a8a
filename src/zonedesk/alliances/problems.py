"""Chain-wide problems: the same problem raised by several members is handled once. Grouping their demands hands each
one to the chain task force's lead department; resolving the problem answers every linked demand still open, in one
transaction. Each demand moves through the demands services (their permission check, lock, state table, Event and
DemandMove), and each enterprise then confirms its own demand as usual."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Rejected
from zonedesk.common.text import normalize_multiline
from zonedesk.demands import services as demand_services
from zonedesk.demands.models import Demand
from zonedesk.demands.services import demands_in_scope, handling_unit_for
from zonedesk.demands.states import Level, Outcome
from zonedesk.demands.states import State as DemandState
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit, UnitKind, User
from zonedesk.orgs.permissions import can, ensure_can

from .models import ChainProblem, ChainProblemDemand
from .services import short_text, typed_day
from .states import OPEN_DEMAND, PROBLEM_TRANSITIONS, ProblemState


def _in_transaction(service):
    """A demands service run inside the chain problem's transaction. The service's own transaction is durable (it
    refuses to nest), so this calls the function it wraps: the same code, with its permission check, row lock, state
    table, Event and DemandMove, committed or rolled back with the chain problem."""
    return service.__wrapped__


_accept = _in_transaction(demand_services.accept)
_route = _in_transaction(demand_services.route)
_assign = _in_transaction(demand_services.assign)
_resolve = _in_transaction(demand_services.resolve)


def problems_in_scope(by: Actor):
    return ChainProblem.objects.all() if by.is_system else ChainProblem.objects.visible_to(by.user)


def _locked_problem(by: Actor, problem, *, version: int | None = None) -> ChainProblem:
    pk = getattr(problem, "pk", problem)
    rows = problems_in_scope(by).select_related("unit", "chain", "lead_department__parent")
    locked = rows.select_for_update(of=("self",)).get(pk=pk)
    ensure_can(by, "chain_problem.manage", locked.unit)
    if version is not None and version != locked.version:
        raise Conflict()
    return locked


def _demands(by: Actor, demands, chain_id: int | None = None) -> list[Demand]:
    """The demands asked for, as the actor sees them: open, of one chain, and in no chain problem yet."""
    ids = list(dict.fromkeys(getattr(d, "pk", d) for d in demands or ()))
    if not ids or not all(str(pk).isdigit() for pk in ids):
        raise Rejected("demands", _("Choose the demands to handle together."))
    found = demands_in_scope(by).select_related("enterprise", "unit").in_bulk([int(pk) for pk in ids])
    if len(found) != len(ids):
        raise Demand.DoesNotExist
    rows = [found[int(pk)] for pk in ids]
    chains = {d.chain_id for d in rows} | ({chain_id} if chain_id else set())
    if None in chains or len(chains) != 1:
        raise Rejected("demands", _("Choose demands of one industrial chain."))
    for d in rows:
        if d.state not in OPEN_DEMAND:
            raise Rejected("demands", _("%(title)s (%(enterprise)s) is not open.") % _named(d))
    linked = ChainProblemDemand.objects.filter(demand__in=rows).select_related("demand__enterprise", "problem")
    for link in linked:
        message = _("%(title)s (%(enterprise)s) is already handled in the chain problem %(problem)s.")
        raise Rejected("demands", message % {**_named(link.demand), "problem": link.problem.title})
    return rows


def _named(demand: Demand) -> dict:
    return {"title": demand.title, "enterprise": demand.enterprise.name}


def _department(by: Actor, value, unit: Unit, field: str) -> Unit:
    """A department of the chain's unit or below it, as the actor sees it."""
    scope = Unit.objects.all() if by.is_system else Unit.objects.visible_to(by.user)
    pk = getattr(value, "pk", value)
    found = scope.filter(pk=pk, kind=UnitKind.DEPARTMENT).first() if str(pk).isdigit() else None
    if found is None or not found.path.startswith(unit.path):
        raise Rejected(field, _("Choose a department of %(unit)s.") % {"unit": unit.name})
    return found


def _level_reaching(demand: Demand, owner: Unit) -> str | None:
    """The level at which the demand is worked by `owner` (its zone, county or city), if any."""
    for level in Level.values:
        if handling_unit_for(demand.unit, level).pk == owner.pk:
            return level
    return None


def _to_lead_department(by: Actor, demand: Demand, problem: ChainProblem) -> Demand:
    """Bring an open demand to the lead department along its own state table: accepted when submitted, handed to the
    level whose unit the department belongs to, and assigned there; a demand already assigned keeps its department."""
    if demand.state == DemandState.SUBMITTED:
        demand = _accept(by, demand.pk)
    if demand.state in (DemandState.ACCEPTED, DemandState.REOPENED):
        owner = problem.lead_department.parent
        if demand.handling_unit_id != owner.pk:
            level = _level_reaching(demand, owner)
            if level is None:
                message = _("%(department)s cannot work the demand of %(enterprise)s: choose a department of its zone.")
                raise Rejected(
                    "lead_department",
                    message % {"department": problem.lead_department.name, "enterprise": demand.enterprise.name},
                )
            reason = _("Handled once for the whole chain: %(title)s") % {"title": problem.title}
            demand = _route(by, demand.pk, level, reason)
        deadline = problem.deadline if problem.deadline and problem.deadline >= timezone.localdate() else None
        demand = _assign(by, demand.pk, problem.lead_department, deadline=deadline)
    return demand


def _link(problem: ChainProblem, demands: list[Demand]) -> None:
    try:
        with transaction.atomic():
            ChainProblemDemand.objects.bulk_create(ChainProblemDemand(problem=problem, demand=d) for d in demands)
    except IntegrityError:  # someone grouped one of them in the meantime
        raise Conflict() from None


def _leader(unit: Unit, value) -> User:
    pk = getattr(value, "pk", value)
    user = User.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if user is None or not can(user, "chain_problem.manage", unit):
        raise Rejected("leader", _("Choose a leader or officer of %(unit)s.") % {"unit": unit.name})
    return user


@transaction.atomic(durable=True)
def make_chain_problem(
    by: Actor,
    *,
    demands,
    title: str,
    leader,
    lead_department,
    departments=(),
    description: str = "",
    deadline: date | str | None = None,
) -> ChainProblem:
    """Handle several members' same problem once: the demands (open, of one chain, in no other chain problem) are
    grouped under a chain problem led by the chain task force's lead and handed to its lead department."""
    rows = _demands(by, demands)
    chain = rows[0].chain
    unit = Unit.objects.get(pk=chain.unit_id)
    ensure_can(by, "chain_problem.manage", unit)
    problem = ChainProblem(
        chain=chain,
        unit=unit,
        title=short_text(title, "title", limit=200, required=True, message=_("Enter the problem's title.")),
        description=normalize_multiline(description),
        leader=_leader(unit, leader),
        lead_department=_department(by, lead_department, unit, "lead_department"),
        deadline=typed_day(deadline, "deadline"),
        created_by=by.user,
    )
    if problem.deadline is not None and problem.deadline < timezone.localdate():
        raise Rejected("deadline", _("The deadline is in the past."))
    others = [_department(by, d, unit, "departments") for d in departments or ()]
    others = list({d.pk: d for d in others if d.pk != problem.lead_department.pk}.values())
    problem.save()
    problem.departments.set(others)
    _link(problem, rows)
    for demand in rows:
        _to_lead_department(by, demand, problem)
    after = {
        "title": problem.title,
        "leader": problem.leader.pk,
        "lead_department": problem.lead_department.pk,
        "departments": [d.pk for d in others],
        "deadline": problem.deadline,
        "state": problem.state,
        "demands": [d.pk for d in rows],
    }
    record(by, "chain_problem.created", problem, after=after)
    return problem


@transaction.atomic(durable=True)
def add_demands(by: Actor, problem, demands, *, version: int | None = None) -> ChainProblem:
    """Another member raised the same problem: its demand joins the open chain problem and its lead department."""
    problem = _locked_problem(by, problem, version=version)
    if problem.state != ProblemState.OPEN:
        raise Rejected("state", _("This chain problem is resolved."))
    rows = _demands(by, demands, problem.chain_id)
    _link(problem, rows)
    for demand in rows:
        _to_lead_department(by, demand, problem)
    problem.version += 1
    problem.save(update_fields=["version"])
    record(by, "chain_problem.demands_added", problem, after={"demands": [d.pk for d in rows]})
    return problem


@transaction.atomic(durable=True)
def resolve_chain_problem(
    by: Actor, problem, *, note: str, outcome: str = Outcome.SOLVED, version: int | None = None
) -> ChainProblem:
    """Answer the chain problem once: every linked demand still open is resolved with this answer (brought to the lead
    department first when it is not there), each by its own moves; answered or closed demands are left as they are."""
    problem = _locked_problem(by, problem, version=version)
    if ProblemState.RESOLVED not in PROBLEM_TRANSITIONS[problem.state]:
        raise Rejected("state", _("This chain problem is resolved."))
    if outcome not in Outcome.values:
        raise Rejected("outcome", _("Choose the outcome."))
    note = normalize_multiline(note)
    if not note:
        raise Rejected("note", _("Write the answer the enterprises will read."))
    resolved = []
    demand_ids = list(problem.links.order_by("demand_id").values_list("demand_id", flat=True))
    for demand in demands_in_scope(by).select_related("enterprise").filter(pk__in=demand_ids).order_by("pk"):
        if demand.state in OPEN_DEMAND:
            _to_lead_department(by, demand, problem)
            _resolve(by, demand.pk, outcome, note)
            resolved.append(demand.pk)
    # Already answered, closed, back with the enterprise for information, or outside the actor's scope.
    left = [pk for pk in demand_ids if pk not in resolved]
    problem.state, problem.outcome, problem.resolution = ProblemState.RESOLVED, outcome, note
    problem.resolved_on = timezone.localdate()
    problem.version += 1
    problem.save(update_fields=["state", "outcome", "resolution", "resolved_on", "version"])
    after = {
        "state": problem.state,
        "outcome": outcome,
        "resolution": note,
        "resolved_on": problem.resolved_on,
        "resolved": resolved,
        "left": left,
    }
    record(by, "chain_problem.resolved", problem, before={"state": ProblemState.OPEN}, after=after)
    return problem
