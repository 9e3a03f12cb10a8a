"""Who reaches the staff recruitment pages, the records they open (404 outside their scope), and the badges the
pages share."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from zonedesk.orgs.models import Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for
from zonedesk.orgs.roles import Role

from .models import JobFair, JobPosting
from .states import FairStatus, PostingStatus

POSTING_CSS = {
    PostingStatus.OPEN: "text-bg-primary",
    PostingStatus.FILLED: "text-bg-success",
    PostingStatus.CLOSED: "text-bg-secondary",
}
FAIR_CSS = {
    FairStatus.PLANNED: "text-bg-info",
    FairStatus.HELD: "text-bg-success",
    FairStatus.CANCELLED: "text-bg-secondary",
}


def is_staff(user) -> bool:
    """Staff read the recruitment pages of their scope; an enterprise user has its own pages under /my/jobs/."""
    return can(user, "recruitment.view") and bool(user.roles - {Role.ENTERPRISE})


def require_staff(request) -> None:
    if not is_staff(request.user):
        raise Http404


def require(request, perm: str, unit=None, *, enterprise_id: int | None = None) -> None:
    if not can(request.user, perm, unit, enterprise_id=enterprise_id):
        raise Http404


def visible_posting(request, pk: int) -> JobPosting:
    """A posting in the staff user's scope (404 otherwise)."""
    require_staff(request)
    rows = JobPosting.objects.visible_to(request.user).select_related(
        "enterprise", "enterprise__industry", "enterprise__unit", "unit", "published_by"
    )
    return get_object_or_404(rows, pk=pk)


def visible_fair(request, pk: int) -> JobFair:
    """A fair in the staff user's scope (404 otherwise)."""
    require_staff(request)
    return get_object_or_404(JobFair.objects.visible_to(request.user).select_related("unit"), pk=pk)


def chosen_unit(user, raw) -> tuple[Unit, list[Unit]]:
    """The region or zone asked for among the user's (404 outside them), by default their home unit's."""
    if not can(user, "figures.view"):
        raise Http404
    units = list(units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE]))
    raw = str(raw or "")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(Unit.objects.filter(pk__in=[u.pk for u in units]), pk=int(raw)), units
    home = user.home_unit
    around = [u for u in units if home is not None and home.path.startswith(u.path)]
    if around:
        return max(around, key=lambda u: len(u.path)), units
    if not units:
        raise Http404
    return units[0], units


def optional_url(name: str, *args) -> str:
    """The URL of a page another part of ZoneDesk provides, or "" while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def problems(form) -> str:
    """A form's errors in one line, each visible field named, for the message at the top of the page."""
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields and not form.fields[name].widget.is_hidden:
            parts += [f"{form.fields[name].label}: {e}" for e in errors]
    return " ".join(parts)
