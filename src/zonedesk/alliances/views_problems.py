"""Chain problem pages: the list with the candidates (open demands of a chain that several enterprises raised alike)
and the one-step form that handles a candidate as one chain-wide problem; one problem's page with its demands, the
same problem raised since (to add), and the resolve form."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import paginate, query_without_page
from zonedesk.demands.models import Demand
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import problems as problem_services
from .access import (
    DEMAND_CSS,
    PROBLEM_CSS,
    chain_choices,
    department_choices,
    leader_choices,
    require_view,
    visible_problem,
)
from .exporting import export_problems
from .forms import AddDemandsForm, ChainProblemForm, ResolveForm
from .models import ChainProblem, MeetingProblem
from .pages import answer
from .queries import chain_problem_list, joinable_demands, problem_demands, similar_open_demands
from .states import ProblemState
from .timeline import problem_timeline


def _group_form(user, chain, demands, data=None) -> ChainProblemForm:
    leaders = leader_choices(chain.unit)
    initial = {"demands": [d.pk for d in demands], "title": demands[0].title if demands else ""}
    if leaders.filter(pk=user.pk).exists():
        initial["leader"] = user.pk
    return ChainProblemForm(
        data,
        demands=Demand.objects.filter(pk__in=[d.pk for d in demands]),
        leaders=leaders,
        departments=department_choices(user, chain.unit),
        initial=initial,
        auto_id=f"g{demands[0].pk if demands else 0}_%s",
    )


def _filters(params) -> dict:
    filters = {}
    if params.get("state") in ProblemState.values:
        filters["state"] = params["state"]
    if str(params.get("chain", "")).isdigit():
        filters["chain"] = int(params["chain"])
    if params.get("q"):
        filters["q"] = str(params["q"])[:100]
    return filters


def render_problems(request, *, status: int = 200, bound: tuple | None = None):
    user = request.user
    filters = _filters(request.GET)
    groups = similar_open_demands(user, filters.get("chain"))
    for g in groups:
        g["may_group"] = can(user, "chain_problem.manage", g["chain"].unit)
        g["css"] = {d.pk: DEMAND_CSS[d.state] for d in g["demands"]}
        posted = bound is not None and bound[0] & {d.pk for d in g["demands"]}
        g["form"] = bound[1] if posted else (_group_form(user, g["chain"], g["demands"]) if g["may_group"] else None)
    page = paginate(request, chain_problem_list(user, **filters))
    for p in page.object_list:
        p.css = PROBLEM_CSS[p.state]
    context = {
        "groups": groups,
        "page": page,
        "query": query_without_page(request),
        "states": [(v, label, v == filters.get("state")) for v, label in ProblemState.choices],
        "chains": [(c.pk, str(c), c.pk == filters.get("chain")) for c in chain_choices(user)],
        "q": filters.get("q", ""),
    }
    return render(request, "alliances/problems.html", context, status=status)


def export(request):
    """The chain problems the filter shows, as .xlsx (the export is recorded)."""
    require_view(request)
    out = export_problems(_filters(request.GET), by=Actor.of(request))
    name = f"全链问题_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def problem_list_page(request):
    require_view(request)
    return render_problems(request)


@require_POST
def make(request):
    """Handle a candidate's ticked demands as one chain problem, in one step."""
    require_view(request)
    user = request.user
    ids = [int(v) for v in request.POST.getlist("demands") if str(v).isdigit()]
    first = Demand.objects.visible_to(user).filter(pk__in=ids, chain__isnull=False).select_related("chain__unit")
    first = first.order_by("pk").first()
    if first is None:
        messages.error(request, _("Choose the demands to handle together."))
        return render_problems(request, status=422)
    rows = Demand.objects.visible_to(user).filter(pk__in=ids).order_by("pk")
    form = _group_form(user, first.chain, list(rows), request.POST)

    def call(data, by):
        values = {k: data[k] for k in ("title", "leader", "lead_department", "departments", "deadline", "description")}
        return problem_services.make_chain_problem(by, demands=list(data["demands"]), **values)

    problem, failed = answer(
        request, call, form, lambda status: render_problems(request, status=status, bound=(set(ids), form))
    )
    if failed is not None:
        return failed
    messages.success(request, _("The demands are handled together as one chain-wide problem."))
    return redirect(problem)


# --- one chain problem --------------------------------------------------------------------------------


def render_problem(request, problem: ChainProblem, *, status: int = 200, bound: dict | None = None):
    user = request.user
    may_manage = can(user, "chain_problem.manage", problem.unit)
    demands = problem_demands(user, problem)
    raised = {
        p.demand_id: p
        for p in MeetingProblem.objects.filter(demand__in=demands).select_related("meeting__alliance", "member")
    }
    for d in demands:
        d.css, d.raised = DEMAND_CSS[d.state], raised.get(d.pk)
    joinable = joinable_demands(user, problem) if may_manage else []
    is_open = problem.state == ProblemState.OPEN
    forms = {
        "resolve": ResolveForm(initial={"version": problem.version}, auto_id="resolve_%s"),
        "add": AddDemandsForm(
            initial={"version": problem.version, "demands": [d.pk for d in joinable]},
            demands=Demand.objects.filter(pk__in=[d.pk for d in joinable]),
            auto_id="add_%s",
        ),
    } | (bound or {})
    context = {
        "p": problem,
        "css": PROBLEM_CSS[problem.state],
        "demands": demands,
        "departments": list(problem.departments.order_by("path")),
        "joinable": joinable,
        "may_resolve": may_manage and is_open,
        "forms": forms,
        "events": problem_timeline(user, problem),
    }
    return render(request, "alliances/problem.html", context, status=status)


def problem_detail(request, pk: int):
    return render_problem(request, visible_problem(request, pk))


@require_POST
def resolve(request, pk: int):
    problem = visible_problem(request, pk)
    form = ResolveForm(request.POST, auto_id="resolve_%s")

    def call(data, by):
        return problem_services.resolve_chain_problem(
            by, problem, note=data["note"], outcome=data["outcome"], version=data["version"]
        )

    def fail(status: int):
        fresh = visible_problem(request, pk)
        return render_problem(request, fresh, status=status, bound=None if status == 409 else {"resolve": form})

    _done, failed = answer(request, call, form, fail)
    if failed is not None:
        return failed
    messages.success(request, _("The chain problem is resolved: each enterprise now confirms its own demand."))
    return redirect(problem)


@require_POST
def add_demands(request, pk: int):
    problem = visible_problem(request, pk)
    joinable = joinable_demands(request.user, problem)
    form = AddDemandsForm(request.POST, demands=Demand.objects.filter(pk__in=[d.pk for d in joinable]))

    def call(data, by):
        return problem_services.add_demands(by, problem, list(data["demands"]), version=data["version"])

    def fail(status: int):
        fresh = visible_problem(request, pk)
        return render_problem(request, fresh, status=status, bound=None if status == 409 else {"add": form})

    _done, failed = answer(request, call, form, fail)
    if failed is not None:
        return failed
    messages.success(request, _("The demands joined the chain problem."))
    return redirect(problem)
