"""Staff pages of alliances: the list, setting one up or changing it, and one alliance's page with its members,
meetings (attendance counts and the problems raised there with their demands' states), matchings and the chain
problems of its chain, with the forms of the manager's actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can

from . import services
from .access import (
    DEMAND_CSS,
    MATCHING_CSS,
    PROBLEM_CSS,
    chain_choices,
    department_choices,
    enterprise_choices,
    keeping_units,
    optional_url,
    require_view,
    visible_alliance,
)
from .exporting import export_alliances
from .forms import AllianceForm, MatchingForm, MemberForm, OutcomeForm
from .models import Alliance
from .queries import (
    alliance_list,
    chain_problem_list,
    matching_totals,
    matchings_of,
    meetings_of,
    members_of,
    similar_open_demands,
)
from .states import AllianceKind, MatchingOutcome, MemberKind
from .timeline import alliance_timeline


def _filters(params) -> dict:
    filters = {}
    if params.get("kind") in AllianceKind.values:
        filters["kind"] = params["kind"]
    if str(params.get("chain", "")).isdigit():
        filters["chain"] = int(params["chain"])
    if params.get("q"):
        filters["q"] = str(params["q"])[:100]
    return filters


def alliance_list_page(request):
    require_view(request)
    filters = _filters(request.GET)
    page = paginate(request, alliance_list(request.user, **filters))
    context = {
        "page": page,
        "query": query_without_page(request),
        "kinds": [(v, label, v == filters.get("kind")) for v, label in AllianceKind.choices],
        "chains": [(c.pk, str(c), c.pk == filters.get("chain")) for c in chain_choices(request.user)],
        "q": filters.get("q", ""),
        "can_manage": can(request.user, "alliance.manage"),
        "can_problems": can(request.user, "chain_problem.manage"),
    }
    return render(request, "alliances/list.html", context)


def export(request):
    """The alliances the filter shows, as .xlsx (the export is recorded)."""
    require_view(request)
    out = export_alliances(_filters(request.GET), by=Actor.of(request))
    name = f"产业链联盟_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def _save(request, form, call, template: str, context: dict):
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                alliance = call(form.cleaned_data)
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            except Conflict as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("The alliance was saved."))
                return redirect(alliance)
    return render(request, template, {**context, "form": form}, status=status)


def create(request):
    require_view(request)
    units = keeping_units(request.user)
    if not units.exists():
        raise PermissionDenied
    home = request.user.home_unit
    initial = {"unit": home.pk} if home is not None and units.filter(pk=home.pk).exists() else {}
    form = AllianceForm(request.POST or None, units=units, chains=chain_choices(request.user), initial=initial)
    by = Actor.of(request)
    return _save(request, form, lambda data: services.create_alliance(by, data), "alliances/new.html", {})


def edit(request, pk: int):
    alliance = visible_alliance(request, pk)
    initial = {f: getattr(alliance, f) for f in ("name", "kind", "chain", "lead", "founded_on", "description")}
    initial["version"] = alliance.version
    form = AllianceForm(request.POST or None, chains=chain_choices(request.user), initial=initial)
    by = Actor.of(request)

    def call(data):
        values = {k: v for k, v in data.items() if k != "version"}
        return services.update_alliance(by, alliance, values, version=data["version"])

    return _save(request, form, call, "alliances/new.html", {"alliance": alliance})


# --- one alliance ---------------------------------------------------------------------------------


def alliance_forms(request, alliance: Alliance, data=None, kind: str | None = None) -> dict:
    """The manager's forms on the alliance page (only the `kind` one bound to `data`)."""
    user = request.user
    current = alliance.members.current().filter(kind=MemberKind.ENTERPRISE).select_related("enterprise")
    member_ids = alliance.members.filter(left_on__isnull=True).exclude(enterprise=None).values("enterprise_id")
    return {
        "member": MemberForm(
            data if kind == "member" else None,
            enterprises=enterprise_choices(user).exclude(pk__in=member_ids),
            departments=department_choices(user),
            auto_id="member_%s",
        ),
        "matching": MatchingForm(data if kind == "matching" else None, members=current, auto_id="matching_%s"),
    }


def render_alliance(request, alliance: Alliance, *, status: int = 200, bound: dict | None = None, outcome=None):
    user = request.user
    may_manage = can(user, "alliance.manage", alliance.unit)
    members = members_of(alliance)
    meetings = meetings_of(user, alliance)
    matchings = matchings_of(alliance)
    for m in matchings:
        m.css, m.form = MATCHING_CSS[m.outcome], None
        if may_manage and m.outcome == MatchingOutcome.PENDING:
            fresh = OutcomeForm(initial={"version": m.version}, auto_id=f"o{m.pk}_%s")
            m.form = outcome[1] if outcome is not None and outcome[0] == m.pk else fresh
    raised = [p for meeting in meetings for p in meeting.raised]
    for p in raised:
        p.css = DEMAND_CSS[p.demand.state]
    problems = list(chain_problem_list(user, chain=alliance.chain_id)) if alliance.chain_id else []
    for p in problems:
        p.css = PROBLEM_CSS[p.state]
    context = {
        "a": alliance,
        "may_manage": may_manage,
        "may_raise": may_manage and can(user, "demand.submit", alliance.unit),
        "members": members,
        "current_count": sum(m.left_on is None for m in members),
        "enterprise_count": sum(m.left_on is None and m.kind == MemberKind.ENTERPRISE for m in members),
        "candidates": {d.pk for g in similar_open_demands(user, alliance.chain) for d in g["demands"]}
        if alliance.chain_id
        else set(),
        "meetings": meetings,
        "raised": raised,
        "matchings": matchings,
        "totals": matching_totals(matchings),
        "problems": problems,
        "forms": alliance_forms(request, alliance) | (bound or {}),
        "chain_url": optional_url("chains:detail", alliance.chain_id) if alliance.chain_id else "",
        "events": alliance_timeline(user, alliance),
    }
    return render(request, "alliances/detail.html", context, status=status)


def detail(request, pk: int):
    return render_alliance(request, visible_alliance(request, pk))
