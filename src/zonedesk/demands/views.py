"""Staff pages of the demand closed loop: the list, recording a demand for an enterprise, and one demand's page."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Unit, UnitKind
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import units_for
from zonedesk.orgs.timeline import describe

from . import services
from .attachments import ACCEPT
from .config import category_days
from .filters import FLAG_FILTERS, demand_filters, filter_query
from .forms import AssignForm, DemandForm, ReasonForm, ResolveForm, RouteForm, TransferForm, UploadForm, VersionForm
from .models import Demand, DemandCategory
from .queries import DeadlineStatus, deadline_status, demand_list
from .states import TRANSITIONS, Level, Outcome, Source, State

# Every staff role reads (and exports) the demand lists of its scope; enterprise users have their own pages.
STAFF_PERM = "demand.export"
STATE_CSS = {
    State.SUBMITTED: "text-bg-info",
    State.RETURNED: "text-bg-warning",
    State.REJECTED: "text-bg-secondary",
    State.ACCEPTED: "text-bg-primary",
    State.ASSIGNED: "text-bg-primary",
    State.RESOLVED: "text-bg-success",
    State.CONFIRMED: "text-bg-success",
    State.REOPENED: "text-bg-danger",
}
DEADLINE_BADGES = {
    DeadlineStatus.OVERDUE: (pgettext_lazy("deadline", "Overdue"), "text-bg-danger"),
    DeadlineStatus.DUE_SOON: (pgettext_lazy("deadline", "Due soon"), "text-bg-warning"),
    DeadlineStatus.ON_TRACK: (pgettext_lazy("deadline", "On track"), "text-bg-light border"),
}
# The service accepts a change of level only before a department has the demand.
ROUTABLE = (State.SUBMITTED, State.ACCEPTED, State.REOPENED)
FLAG_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "dissatisfied": gettext_lazy("Enterprise dissatisfied"),
    "escalated": gettext_lazy("Escalated"),
}


def require(request, perm: str, unit=None) -> None:
    if not can(request.user, perm, unit):
        raise Http404


def visible(request, pk: int) -> Demand:
    """The demand if the user is staff and it is in their scope (404 otherwise)."""
    require(request, STAFF_PERM)
    rows = Demand.objects.visible_to(request.user).select_related(
        "enterprise__unit", "unit", "category", "handling_unit", "assigned_department", "visit", "submitted_by"
    )
    return get_object_or_404(rows, pk=pk)


def may(user, perm: str, demand: Demand) -> bool:
    """Whether the user holds `perm` on the unit that works the demand or on its department (as services check)."""
    units = [demand.handling_unit, demand.assigned_department]
    return any(can(user, perm, unit, enterprise_id=demand.enterprise_id) for unit in units if unit is not None)


def optional_url(name: str, *args) -> str:
    """The URL of a page another part of ZoneDesk provides, or "" while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def deadline_badge(demand: Demand, today, calendar) -> dict | None:
    status = deadline_status(demand, today, calendar)
    if status == DeadlineStatus.NONE:
        return None
    label, css = DEADLINE_BADGES[status]
    return {"key": str(status), "label": label, "css": css}


def rows_of(demands) -> list[dict]:
    """Each demand with its state colour and deadline badge."""
    today, calendar = timezone.localdate(), WorkCalendar()
    return [{"d": d, "state_css": STATE_CSS[d.state], "due": deadline_badge(d, today, calendar)} for d in demands]


def list_link(filters: dict) -> str:
    return f"{reverse('demands:list')}?{filter_query(filters)}"


def departments_for(user, under: Unit | None = None):
    rows = units_for(user).filter(kind=UnitKind.DEPARTMENT)
    return rows.filter(path__startswith=under.path) if under is not None else rows


def categories_for(user):
    """The national categories and those configured at or above the user's units, or below them."""
    above = {int(p) for m in user.active_memberships for p in m.unit.path.strip("/").split("/") if p}
    cond = Q(unit__isnull=True) | Q(unit__in=above) | Q(unit__in=Unit.objects.visible_to(user))
    return DemandCategory.objects.filter(cond).order_by("pk")


# --- list -------------------------------------------------------------------------------------


def _options(choices, chosen) -> list[tuple[str, str, bool]]:
    chosen = {str(getattr(c, "pk", c)) for c in (chosen if isinstance(chosen, list) else [chosen])}
    return [(str(value), label, str(value) in chosen) for value, label in choices]


def _filter_context(request, filters: dict) -> dict:
    user = request.user
    areas = units_for(user).filter(kind__in=[UnitKind.REGION, UnitKind.ZONE])
    period = filters.get("period")
    return {
        "options": {
            "state": _options(State.choices, filters.get("state", [])),
            "category": _options([(c.pk, str(c)) for c in categories_for(user)], filters.get("category", [])),
            "department": _options([(u.pk, u.name) for u in departments_for(user)], filters.get("department", [])),
            "source": _options(Source.choices, filters.get("source", [])),
            "level": _options(Level.choices, filters.get("level", [])),
            "unit": _options([(u.pk, u.name) for u in areas], filters.get("unit", [])),
        },
        "flags": [
            {"name": name, "label": FLAG_LABELS[name], "value": {True: "1", False: "0"}.get(filters.get(name), "")}
            for name in FLAG_FILTERS
            if name in FLAG_LABELS
        ],
        "q": filters.get("q", ""),
        "period_from": period[0] if period and period[0].year > 1 else None,
        "period_to": period[1] if period and period[1].year < 9999 else None,
    }


def demand_list_page(request):
    require(request, STAFF_PERM)
    filters = demand_filters(request.GET)
    page = paginate(request, demand_list(request.user, **filters))
    export = optional_url("demand_io:export")
    context = {
        **_filter_context(request, filters),
        "page": page,
        "rows": rows_of(page.object_list),
        "query": query_without_page(request),
        "export_url": f"{export}?{filter_query(filters)}" if export else "",
        "can_submit": can(request.user, "demand.submit"),
        "import_url": optional_url("demand_io:import") if can(request.user, "demand.import") else "",
    }
    return render(request, "demands/list.html", context)


# --- record a demand for an enterprise --------------------------------------------------------


def create(request):
    require(request, STAFF_PERM)
    require(request, "demand.submit")
    user = request.user
    enterprises = Enterprise.objects.visible_to(user).active().select_related("unit").order_by("name")
    initial = {"enterprise": request.GET.get("enterprise")} if str(request.GET.get("enterprise", "")).isdigit() else {}
    form = DemandForm(request.POST or None, enterprises=enterprises, categories=categories_for(user), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            demand = services.submit_demand(
                Actor.of(request),
                data["enterprise"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                source=data["source"],
                level=data["level"],
                reference=data["reference"],
            )
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("The demand was recorded."))
            return redirect(demand)
    return render(request, "demands/new.html", {"form": form}, status=status)


# --- one demand -------------------------------------------------------------------------------


def action_form(kind: str, demand: Demand, user, data=None):
    """The form of one action on the demand's page, bound to `data` when given."""
    options = {"initial": {"version": demand.version}, "auto_id": f"{kind}_%s"}
    if kind == "accept":
        return VersionForm(data, **options)
    if kind in ("return", "reject"):
        return ReasonForm(data, **options)
    if kind == "route":
        return RouteForm(data, **options)
    if kind == "resolve":
        return ResolveForm(data, **options)
    departments = departments_for(user, demand.handling_unit)
    if kind == "assign":
        options["initial"]["deadline_days"] = category_days(demand.handling_unit, demand.category)
        return AssignForm(data, departments=departments, **options)
    if kind == "transfer":
        return TransferForm(data, departments=departments.exclude(pk=demand.assigned_department_id), **options)
    raise ValueError(kind)


def allowed_actions(user, demand: Demand) -> dict[str, bool]:
    """Which action forms the page shows: the state allows the move and the user may make it."""
    state, moves = demand.state, TRANSITIONS[demand.state]
    handle, resolve = may(user, "demand.handle", demand), may(user, "demand.resolve", demand)
    return {
        "accept": handle and State.ACCEPTED in moves,
        "return": handle and State.RETURNED in moves,
        "reject": handle and State.REJECTED in moves,
        "route": handle and state in ROUTABLE,
        "assign": handle and State.ASSIGNED in moves and state != State.ASSIGNED,
        "transfer": handle and state == State.ASSIGNED,
        "resolve": resolve and State.RESOLVED in moves,
    }


def demand_events(demand: Demand):
    """The demand's own history; it is shown with the demand to everyone who may open it (a department's handler
    too, though the events are filed under the zone)."""
    return Event.objects.about(demand).select_related("actor")


def render_detail(request, demand: Demand, *, status: int = 200, bound: dict | None = None):
    user = request.user
    allowed = allowed_actions(user, demand)
    forms = {kind: action_form(kind, demand, user) for kind, ok in allowed.items() if ok} | (bound or {})
    attachments = [{"a": a, "url": optional_url("portal:attachment", a.pk)} for a in demand.attachments.all()]
    today, calendar = timezone.localdate(), WorkCalendar()
    context = {
        "d": demand,
        "state_css": STATE_CSS[demand.state],
        "due": deadline_badge(demand, today, calendar),
        "enterprise_url": (
            reverse("enterprises:detail", args=[demand.enterprise_id])
            if can(user, "enterprise.view", demand.enterprise.unit)
            else ""
        ),
        "visit_url": optional_url("visits:detail", demand.visit_id) if demand.visit_id else "",
        "stars": range(1, 6),
        "is_not_solvable": demand.outcome == Outcome.NOT_SOLVABLE,
        "attachments": attachments,
        "may_attach": may(user, "demand.submit", demand) or may(user, "demand.resolve", demand),
        "upload_form": (bound or {}).get("upload") or UploadForm(auto_id="upload_%s"),
        "accept_files": ACCEPT,
        "moves": demand.moves.select_related("department").order_by("on", "pk"),
        "events": describe(demand_events(demand)[:50]),
        "allowed": allowed,
        "forms": forms,
    }
    return render(request, "demands/detail.html", context, status=status)


def detail(request, pk: int):
    if not can(request.user, STAFF_PERM):  # an enterprise user following a link to their own demand
        portal = optional_url("portal:detail", pk)
        if portal and Demand.objects.visible_to(request.user).filter(pk=pk).exists():
            return redirect(portal)
    return render_detail(request, visible(request, pk))
