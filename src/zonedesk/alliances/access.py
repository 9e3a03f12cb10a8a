"""Who reaches the alliance pages, the records they open (404 outside their scope), the choices their forms offer,
and the badges the pages share."""

from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from zonedesk.chains.models import Chain
from zonedesk.demands.states import State as DemandState
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.models import Membership, Unit, UnitKind, User
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for
from zonedesk.orgs.roles import PERMISSIONS

from .models import Alliance, AllianceMeeting, ChainProblem
from .states import MatchingOutcome, ProblemState

MATCHING_CSS = {
    MatchingOutcome.PENDING: "text-bg-warning",
    MatchingOutcome.DEAL: "text-bg-success",
    MatchingOutcome.NO_DEAL: "text-bg-secondary",
}
PROBLEM_CSS = {ProblemState.OPEN: "text-bg-primary", ProblemState.RESOLVED: "text-bg-success"}
DEMAND_CSS = {
    DemandState.SUBMITTED: "text-bg-info",
    DemandState.RETURNED: "text-bg-warning",
    DemandState.REJECTED: "text-bg-secondary",
    DemandState.ACCEPTED: "text-bg-info",
    DemandState.ASSIGNED: "text-bg-primary",
    DemandState.RESOLVED: "text-bg-success",
    DemandState.CONFIRMED: "text-bg-success",
    DemandState.REOPENED: "text-bg-danger",
}


def require_view(request) -> None:
    """Staff with alliance.view read the pages; anyone else finds nothing there (404)."""
    if not can(request.user, "alliance.view"):
        raise Http404


def visible_alliance(request, pk: int) -> Alliance:
    require_view(request)
    return get_object_or_404(Alliance.objects.visible_to(request.user).select_related("unit", "chain"), pk=pk)


def visible_meeting(request, pk: int) -> AllianceMeeting:
    require_view(request)
    rows = AllianceMeeting.objects.visible_to(request.user).select_related("alliance__unit", "alliance__chain")
    return get_object_or_404(rows, pk=pk)


def visible_problem(request, pk: int) -> ChainProblem:
    require_view(request)
    rows = ChainProblem.objects.visible_to(request.user).select_related(
        "chain", "unit", "leader", "lead_department", "created_by"
    )
    return get_object_or_404(rows, pk=pk)


def optional_url(name: str, *args) -> str:
    """The URL of a page another part of ZoneDesk provides, or "" while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def keeping_units(user):
    """The regions and zones where the user may set up an alliance."""
    units = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    return units.filter(pk__in=[u.pk for u in units if can(user, "alliance.manage", u)])


def chain_choices(user):
    return (
        Chain.objects.visible_to(user).filter(is_archived=False).select_related("unit").order_by("unit__path", "name")
    )


def enterprise_choices(user):
    return Enterprise.objects.visible_to(user).active().order_by("name")


def department_choices(user, under: Unit | None = None):
    """Departments the user sees (under `under` when given), in tree order."""
    rows = units_for(user).filter(kind=UnitKind.DEPARTMENT).select_related("parent")
    if under is None:
        return rows
    # The unit's own departments first, then those of the units below it.
    below = Case(When(parent=under, then=Value(0)), default=Value(1))
    return rows.filter(path__startswith=under.path).order_by(below, "path")


def leader_choices(unit: Unit):
    """People who may lead a chain task force of `unit`: its (or its regions') leaders, officers and admins."""
    ancestors = [int(p) for p in unit.path.strip("/").split("/") if p]
    members = Membership.objects.active().filter(unit__in=ancestors, role__in=PERMISSIONS["chain_problem.manage"])
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by("full_name", "username")
