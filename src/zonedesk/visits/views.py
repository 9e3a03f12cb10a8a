"""Visit pages: the list, planning, logging an unplanned visit, recording findings, cancelling, one visit, and an
enterprise's visit calendar. Campaign and risk pages are in views_campaigns.py."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.dates import parse_date
from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.demands.models import Demand
from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can
from zonedesk.orgs.queries import staff_in, timeline, units_for
from zonedesk.orgs.timeline import describe

from . import services
from .forms import CancelForm, LogForm, PlanForm, RecordForm, VisitFilterForm, categories_for
from .models import Visit, VisitCampaign, VisitStatus
from .queries import Rate, crowded_weeks, visit_calendar

RISK_FLAGS = ("plans_to_expand", "plans_to_relocate", "plans_to_downsize")


def require(request, perm: str, unit=None) -> None:
    """Outside the permission the page does not exist (404)."""
    if not can(request.user, perm, unit):
        raise Http404


def visible(request, pk: int) -> Visit:
    require(request, "visit.view")
    rows = Visit.objects.visible_to(request.user).select_related("enterprise", "enterprise__unit", "unit", "campaign")
    return get_object_or_404(rows, pk=pk)


def recording_units(user):
    """The units the user may plan and record visits for."""
    units = units_for(user)
    return units.filter(pk__in=[u.pk for u in units if can(user, "visit.record", u)])


def choices(request) -> dict:
    user = request.user
    return {
        "enterprises": Enterprise.objects.visible_to(user).active().order_by("name", "pk"),
        "units": recording_units(user),
        "people": staff_in(units_for(user)),
    }


def demand_url(pk: int) -> str | None:
    """The demand's page (built by the demand pages; absent until they are)."""
    try:
        return reverse("demands:detail", args=[pk])
    except NoReverseMatch:
        return None


def return_rate(visit: Visit) -> Rate | None:
    if visit.employees_total is None:
        return None
    return Rate(visit.employees_on_duty or 0, visit.employees_total)


def flag_labels(visit: Visit) -> list[str]:
    return [str(Visit._meta.get_field(name).verbose_name) for name in RISK_FLAGS if getattr(visit, name)]


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


# --- list -------------------------------------------------------------------------------------


def visit_list(request):
    require(request, "visit.view")
    user = request.user
    form = VisitFilterForm(request.GET or None, units=units_for(user), campaigns=VisitCampaign.objects.visible_to(user))
    visits = (
        Visit.objects.visible_to(user).select_related("enterprise", "unit", "campaign").prefetch_related("visitors")
    )
    page = paginate(request, form.apply(visits))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "today": timezone.localdate(),
        "can_record": can(user, "visit.record"),
        "can_manage": can(user, "campaign.manage"),
    }
    return render(request, "visits/list.html", context)


# --- plan, log, record, cancel ------------------------------------------------------------------


def plan(request):
    require(request, "visit.record")
    user, lists = request.user, choices(request)
    campaigns = VisitCampaign.objects.visible_to(user)
    initial = {"planned_on": timezone.localdate(), "visitors": [user.pk]}
    campaign = campaigns.filter(pk=_int(request.GET.get("campaign"))).first()
    if campaign is not None:
        initial |= {"campaign": campaign.pk, "unit": campaign.unit_id}
    if _int(request.GET.get("enterprise")):
        initial["enterprise"] = _int(request.GET["enterprise"])
    form = PlanForm(request.POST or None, initial=initial, campaigns=campaigns, **lists)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.plan_visit(
                data["enterprise"],
                unit=data["unit"],
                planned_on=data["planned_on"],
                visitors=list(data["visitors"]),
                campaign=data["campaign"],
                summary=data["summary"],
                by=Actor.of(request),
            )
        except Rejected as exc:
            show_rejection(form, exc)
            status = 422
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("The visit is planned."))
            return redirect("visits:detail", visit.pk)
    return render(request, "visits/plan.html", {"form": form}, status=status)


def log(request):
    require(request, "visit.record")
    user, lists = request.user, choices(request)
    initial = {"visitors": [user.pk]}
    if _int(request.GET.get("enterprise")):
        initial["enterprise"] = _int(request.GET["enterprise"])
    form = LogForm(request.POST or None, initial=initial, categories=categories_for(units_for(user)), **lists)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        items, rows = form.demands()
        try:
            visit = services.log_visit(
                data["enterprise"],
                unit=data["unit"],
                findings=form.findings(),
                visitors=list(data["visitors"]),
                demands=items,
                by=Actor.of(request),
            )
        except Rejected as exc:
            form.show(exc, rows)
            status = 422
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect("visits:detail", visit.pk)
    return render(request, "visits/log.html", {"form": form}, status=status)


def record(request, pk: int):
    visit = visible(request, pk)
    if not can(request.user, "visit.record", visit.unit):
        raise PermissionDenied(_("Your roles do not allow recording this visit."))
    if visit.status != VisitStatus.PLANNED:
        messages.info(request, _("Only a planned visit can be recorded."))
        return redirect("visits:detail", visit.pk)
    form = RecordForm(
        request.POST or None,
        initial={"version": visit.version, "summary": visit.summary},
        categories=categories_for([visit.enterprise.unit]),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        items, rows = form.demands()
        try:
            services.record_visit(
                visit, form.findings(), by=Actor.of(request), version=form.cleaned_data.get("version"), demands=items
            )
        except Rejected as exc:
            form.show(exc, rows)
            status = 422
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("The findings are recorded."))
            return redirect("visits:detail", visit.pk)
    return render(request, "visits/record.html", {"form": form, "v": visit}, status=status)


@require_POST
def cancel(request, pk: int):
    visit = visible(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the visit is cancelled."))
        return redirect("visits:detail", visit.pk)
    try:
        services.cancel_visit(
            visit, reason=form.cleaned_data["reason"], by=Actor.of(request), version=form.cleaned_data.get("version")
        )
    except (Rejected, Conflict, Forbidden) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The visit is cancelled."))
    return redirect("visits:detail", visit.pk)


# --- one visit, one enterprise's calendar ----------------------------------------------------------


def detail(request, pk: int):
    visit = visible(request, pk)
    user = request.user
    demands = Demand.objects.visible_to(user).filter(visit=visit).select_related("category").order_by("pk")
    may_record = can(user, "visit.record", visit.unit) and visit.status == VisitStatus.PLANNED
    context = {
        "v": visit,
        "visitors": visit.visitors.order_by("full_name", "username"),
        "rate": return_rate(visit),
        "flags": flag_labels(visit),
        "demands": [{"d": d, "url": demand_url(d.pk)} for d in demands],
        "events": describe(timeline(user, visit)[:50]),
        "may_record": may_record,
        "cancel_form": CancelForm(initial={"version": visit.version}, auto_id="cancel_%s"),
    }
    return render(request, "visits/detail.html", context)


def calendar(request, enterprise_pk: int):
    require(request, "visit.view")
    user = request.user
    enterprise = get_object_or_404(Enterprise.objects.visible_to(user).select_related("unit"), pk=enterprise_pk)
    try:
        around = parse_date(request.GET.get("on")) or timezone.localdate()
    except ValueError:
        around = timezone.localdate()
    visits = visit_calendar(user, enterprise, around)
    try:
        crowded = [c for c in crowded_weeks(user, enterprise.unit) if c.enterprise.pk == enterprise.pk]
    except Unit.DoesNotExist:
        crowded = []
    context = {
        "e": enterprise,
        "around": around,
        "first": around - timedelta(days=7),
        "last": around + timedelta(days=7),
        "previous": around - timedelta(days=14),
        "next": around + timedelta(days=14),
        "visits": visits,
        "units": len({v.unit_id for v in visits}),
        "crowded": crowded,
        "can_record": can(user, "visit.record"),
    }
    return render(request, "visits/calendar.html", context)
