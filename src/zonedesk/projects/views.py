"""Project pages: pipeline board, list and export, detail with its actions, forms (referrals and promotion events:
views_sources; facilities' own forms: views_facilities)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.models import Industry
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind, User
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import staff_in, timeline, units_for
from zonedesk.orgs.timeline import describe

from . import services
from .exporting import export_projects
from .forms import ACTIONS, ProjectForm, action_form, band_choices
from .models import KeyLevel, Project, PromotionEvent, Referral, Source
from .queries import ProjectFilter, board, figure_settings, project_list
from .stages import LIFE_BY_KIND, SIGNED_ON, TRANSITIONS_BY_KIND, Kind, Stage, next_stage, previous_stage, stages_of

OWNER_KINDS = [UnitKind.ZONE, UnitKind.BRANCH]
PLAIN_FIELDS = ["name", "investor_name", "investor_uscc", "description", "source", "key_level", "next_steps", "version"]


def _visible(request, pk: int) -> Project:
    projects = Project.objects.visible_to(request.user)
    return get_object_or_404(projects.select_related("unit", "industry", "officer", "promotion_event"), pk=pk)


def require(request, perm: str, unit=None) -> None:
    """404 unless the user may do `perm` (in `unit`): a page the user cannot use does not exist for them."""
    if not can(request.user, perm, unit):
        raise Http404


# --- list, export, board ----------------------------------------------------------------------


def _filter_context(request, f: ProjectFilter) -> dict:
    units = units_for(request.user)
    scope = units.filter(pk=f.unit).first() if f.unit else None
    thresholds, _days = figure_settings(scope)
    return {
        "f": f,
        "kinds": Kind.choices,
        "units": units.filter(kind__in=[UnitKind.REGION, *OWNER_KINDS]),
        "stages": stages_of(f.kind) if f.kind else Stage.choices,
        "sections": Industry.objects.filter(level=Industry.Level.SECTION),
        "band_groups": band_choices(thresholds),
        "officers": staff_in(units),
        "sources": Source.choices,
        "key_levels": [c for c in KeyLevel.choices if c[0]],
        "promotion_events": PromotionEvent.objects.visible_to(request.user),
    }


def project_list_page(request, *, kind: str = Kind.INVESTMENT):
    """The project list; investment projects unless ?kind= says otherwise (`kind`: the page's own default)."""
    require(request, "project.view")
    f = ProjectFilter.from_params(request.GET, kind=kind)
    query = query_without_page(request)
    if "kind" not in request.GET and f.kind != Kind.INVESTMENT:  # the export shows what this page shows
        query = "&".join(filter(None, [query, f"kind={f.kind}"]))
    context = {
        **_filter_context(request, f),
        "page": paginate(request, project_list(request.user, f)),
        "query": query,
        "can_create": can(request.user, "project.create"),
        "can_import": can(request.user, "project.import"),
        "can_export": can(request.user, "project.export"),
    }
    return render(request, "projects/_table.html" if request.htmx else "projects/list.html", context)


def export(request):
    require(request, "project.export")
    out = export_projects(ProjectFilter.from_params(request.GET), by=Actor.of(request))
    name = f"projects-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def board_page(request):
    require(request, "project.view")
    asked = ProjectFilter.from_params(request.GET)
    f = ProjectFilter(unit=asked.unit, kind=asked.kind or Kind.INVESTMENT)
    context = {
        "columns": board(request.user, f),
        "f": f,
        "kinds": Kind.choices,
        "units": units_for(request.user).filter(kind__in=[UnitKind.REGION, *OWNER_KINDS]),
        "can_create": can(request.user, "project.create"),
    }
    return render(request, "projects/board.html", context)


# --- detail and its actions -------------------------------------------------------------------


def _steps(project: Project) -> list[dict]:
    """The stepper: every stage of the project's life (of its kind) with its date, passed or not."""
    life = LIFE_BY_KIND[project.kind]
    last = project.dropped_from if project.stage == Stage.DROPPED else project.stage
    reached = life.index(last) if last in life else -1
    return [
        {
            "stage": s,
            "label": Stage(s).label,
            "on": project.stage_date(s),
            "done": i <= reached,
            "current": s == project.stage,
        }
        for i, s in enumerate(life)
    ]


def _detail(request, project: Project, *, status: int = 200, bound: dict | None = None):
    user, unit, stage, kind = request.user, project.unit, project.stage, project.kind
    forms = {action: action_form(action, project) for action in ACTIONS} | (bound or {})
    allowed = {perm: can(user, f"project.{perm}", unit) for perm in ("advance", "correct", "edit", "refer")}
    referrals = list(project.referrals.select_related("from_unit", "to_unit"))
    offered = any(r.status == Referral.Status.OFFERED for r in referrals)
    upcoming = next_stage(stage, kind)
    investment = kind == Kind.INVESTMENT  # signing ceremonies, funds in place and referrals are investment matters
    context = {
        "p": project,
        "steps": _steps(project),
        "events": describe(timeline(user, project)[:50]),
        "referrals": referrals,
        "next_label": Stage(upcoming).label if upcoming else "",
        "allowed": allowed,
        "may": {
            "advance": allowed["advance"] and upcoming is not None,
            "drop": allowed["advance"] and Stage.DROPPED in TRANSITIONS_BY_KIND[kind][stage],
            "back": allowed["correct"] and previous_stage(stage, kind) is not None,
            "reopen": allowed["correct"] and stage == Stage.DROPPED,
            "resign": investment and allowed["advance"] and stage in SIGNED_ON,
            "funds": investment and allowed["edit"],
            "refer": investment and allowed["refer"] and not offered,
            "task_force": allowed["advance"] and stage != Stage.DROPPED,
        },
        "forms": forms,
    }
    template = "projects/detail.html" if investment else "projects/facility_detail.html"
    return render(request, template, context, status=status)


def detail(request, pk: int):
    return _detail(request, _visible(request, pk))


def _act(request, pk: int, kind: str, call, done: str):
    """Bind the action's form, call the service, and answer: redirect, form errors, 403 or 409."""
    project = _visible(request, pk)
    form = action_form(kind, project, request.POST)
    if form.is_valid():
        try:
            call(project, form.cleaned_data, Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return _detail(request, project, status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return _detail(request, _visible(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect(project)
    problems = " ".join(str(e) for e in form.non_field_errors())
    messages.error(request, problems or _("Nothing was recorded: correct the form below."))
    return _detail(request, project, bound={kind: form})


@require_POST
def move(request, pk: int):
    def call(project, data, by):
        services.advance_stage(
            project,
            data["to"],
            by=by,
            on=data["on"],
            version=data["version"],
            contracted_investment=data.get("contracted_investment"),
            reason=data.get("reason", ""),
        )

    kind = "drop" if request.POST.get("to") == Stage.DROPPED else "advance"
    return _act(request, pk, kind, call, _("The move was recorded."))


@require_POST
def move_back(request, pk: int):
    def call(project, data, by):
        services.move_back(project, reason=data["reason"], by=by, version=data["version"])

    return _act(request, pk, "back", call, _("The project was moved back a stage."))


@require_POST
def reopen(request, pk: int):
    def call(project, data, by):
        services.reopen(project, reason=data["reason"], by=by, version=data["version"])

    return _act(request, pk, "reopen", call, _("The project was reopened."))


@require_POST
def resign(request, pk: int):
    def call(project, data, by):
        services.record_resigning(project, on=data["on"], note=data["note"], by=by)

    return _act(request, pk, "resign", call, _("The signing ceremony was recorded."))


@require_POST
def funds(request, pk: int):
    def call(project, data, by):
        services.record_funds(
            project,
            by=by,
            funds_in_place_wan=data["funds_in_place_wan"],
            investment_completed_wan=data["investment_completed_wan"],
        )

    return _act(request, pk, "funds", call, _("Funds in place and investment completed were saved."))


@require_POST
def refer(request, pk: int):
    def call(project, data, by):
        services.offer_referral(project, to_unit=data["to_unit"], note=data["note"], by=by)

    return _act(request, pk, "refer", call, _("The project was offered to the other zone."))


# --- create and edit --------------------------------------------------------------------------


def _project_form(request, instance: Project | None = None) -> ProjectForm:
    units = units_for(request.user)
    people = staff_in(units)
    if instance is None:
        home = request.user.home_unit
        own = home.pk if home is not None and home.kind in OWNER_KINDS else None
        initial = {"unit": own, "officer": request.user.pk}
        event_id = ProjectFilter.from_params(request.GET).promotion_event  # "record a lead" from the events page
        if event_id and PromotionEvent.objects.visible_to(request.user).filter(pk=event_id).exists():
            initial |= {"promotion_event": event_id, "source": Source.EVENT}
    else:
        if instance.officer_id:  # keep the current officer choosable even from outside the user's units
            people = (people | User.objects.filter(pk=instance.officer_id)).distinct()
        initial = {name: getattr(instance, name) for name in PLAIN_FIELDS} | {
            "industry": instance.industry_id,
            "investment": instance.investment_text,
            "promotion_event": instance.promotion_event_id,
            "officer": instance.officer_id,
        }
    return ProjectForm(
        request.POST or None,
        initial=initial,
        units=units.filter(kind__in=OWNER_KINDS),
        people=people,
        events=PromotionEvent.objects.visible_to(request.user),
        editing=instance is not None,
    )


def create(request):
    require(request, "project.create")
    form = _project_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(form.service_data(), by=Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s was recorded.") % {"name": project})
            return redirect(project)
    return render(request, "projects/form.html", {"form": form})


def edit(request, pk: int):
    project = _visible(request, pk)
    if project.kind == Kind.FACILITY:
        return redirect("projects:facility_edit", project.pk)
    require(request, "project.edit", project.unit)
    form = _project_form(request, project)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(
                project, form.service_data(), by=Actor.of(request), version=form.cleaned_data.get("version")
            )
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            form.add_error(None, exc.message)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Saved."))
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "p": project}, status=status)
