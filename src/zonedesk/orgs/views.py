"""Pages for home, units, users, the audit log and API tokens: parse, call, render."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.excel import XLSX_MIME
from zonedesk.common.models import OfficialDay
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.common.workdays import WorkCalendar
from zonedesk.enterprises.queries import home_items

from . import queries, services
from .audit import Actor
from .forms import (
    ApiTokenForm,
    MembershipForm,
    OfficialCalendarForm,
    PasswordChangeForm,
    ResetPasswordForm,
    UnitForm,
    UserCreateForm,
)
from .models import ApiToken
from .permissions import can
from .roles import Role
from .timeline import describe, export_events


def _require(request, perm: str) -> None:
    """Pages a role may not use do not exist for it (404), like records outside scope."""
    if not can(request.user, perm):
        raise Http404


def home(request):
    if request.user.roles == {Role.ENTERPRISE}:  # an enterprise's own people have their own pages
        return redirect("portal:home")
    return render(request, "orgs/home.html", {"items": home_items(request.user)})


def change_password(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(**form.cleaned_data, by=Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            request.user.refresh_from_db()  # the new password's hash keeps this session signed in
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password was changed."))
            return redirect("home")
    return render(request, "orgs/password_change.html", {"form": form})


def unit_list(request):
    _require(request, "unit.view")
    units = queries.admin_units_for(request.user)
    form = None
    if can(request.user, "unit.manage"):
        form = UnitForm(request.POST or None, units=units.exclude(kind__in=["department", "branch"]))
        if request.method == "POST" and form.is_valid():
            try:
                unit = services.create_unit(**form.cleaned_data, by=Actor.of(request))
            except (Rejected, Forbidden) as exc:
                show_rejection(form, exc) if isinstance(exc, Rejected) else form.add_error(None, exc.message)
            else:
                messages.success(request, _("Unit %(name)s was created.") % {"name": unit})
                return redirect("orgs:units")
    elif request.method == "POST":
        raise Http404
    return render(request, "orgs/unit_list.html", {"units": units, "form": form})


def user_list(request):
    _require(request, "user.manage")
    q = request.GET.get("q", "").strip()
    page = paginate(request, queries.users_for(request.user, q=q))
    return render(request, "orgs/user_list.html", {"page": page, "q": q, "query": query_without_page(request)})


def user_create(request):
    _require(request, "user.manage")
    form = UserCreateForm(request.POST or None, units=queries.admin_units_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(**form.cleaned_data, by=Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            messages.success(request, _("User %(name)s was created.") % {"name": user})
            return redirect("orgs:users")
    return render(request, "orgs/user_form.html", {"form": form})


def event_export(request):
    _require(request, "event.view")
    params = {"verb": request.GET.get("verb", "").strip(), "actor": request.GET.get("actor", "").strip()}
    out = export_events(by=Actor.of(request), **params)
    name = f"audit-log-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_MIME)


def event_list(request):
    _require(request, "event.view")
    verb = request.GET.get("verb", "").strip()
    actor = request.GET.get("actor", "").strip()
    page = paginate(request, queries.events_for(request.user, verb=verb, actor=actor))
    context = {
        "page": page,
        "items": describe(page),
        "verb": verb,
        "actor": actor,
        "query": query_without_page(request),
    }
    return render(request, "orgs/event_list.html", context)


def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.create_api_token(name=form.cleaned_data["name"], by=Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.visible_to(request.user).order_by("-created_at")
    return render(request, "orgs/api_tokens.html", {"form": form, "tokens": tokens, "raw": raw})


@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    try:
        services.revoke_api_token(token, by=Actor.of(request))
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("orgs:api_tokens")


def _managed(request, pk: int):
    _require(request, "user.manage")
    return get_object_or_404(queries.users_for(request.user), pk=pk)


def user_detail(request, pk: int):
    target = _managed(request, pk)
    units = queries.units_for(request.user)
    role_form = MembershipForm(request.POST if "grant" in request.POST else None, units=units)
    password_form = ResetPasswordForm(request.POST if "reset" in request.POST else None)
    if request.method == "POST":
        by = Actor.of(request)
        try:
            if "grant" in request.POST and role_form.is_valid():
                services.add_membership(target, **role_form.cleaned_data, by=by)
                messages.success(request, _("Role granted."))
                return redirect("orgs:user_detail", pk=pk)
            if "reset" in request.POST and password_form.is_valid():
                services.reset_password(target, new_password=password_form.cleaned_data["new_password"], by=by)
                messages.success(request, _("The password was reset. Tell the user through a safe channel."))
                return redirect("orgs:user_detail", pk=pk)
        except Rejected as exc:
            show_rejection(password_form if "reset" in request.POST else role_form, exc)
    context = {
        "target": target,
        "memberships": queries.memberships_for(request.user, target),
        "role_form": role_form,
        "password_form": password_form,
    }
    return render(request, "orgs/user_detail.html", context)


@require_POST
def user_set_active(request, pk: int):
    target = _managed(request, pk)
    try:
        services.set_active(target, is_active=request.POST.get("active") == "1", by=Actor.of(request))
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("orgs:user_detail", pk=pk)


@require_POST
def membership_remove(request, pk: int, membership_pk: int):
    target = _managed(request, pk)
    membership = get_object_or_404(queries.memberships_for(request.user, target), pk=membership_pk)
    try:
        services.remove_membership(membership, by=Actor.of(request))
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("orgs:user_detail", pk=pk)


def calendar_page(request):
    _require(request, "calendar.manage")
    today = timezone.localdate()
    form = OfficialCalendarForm(request.POST or None, initial={"year": today.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            days = services.set_official_calendar(
                year=form.cleaned_data["year"], text=form.cleaned_data["days"], by=Actor.of(request)
            )
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            messages.success(
                request, _("%(n)d days of %(year)d were saved.") % {"n": len(days), "year": form.cleaned_data["year"]}
            )
            return redirect("orgs:calendar")
    calendar = WorkCalendar()
    years = [
        {"year": y, "source": calendar.source(y)} for y in (today.year - 1, today.year, today.year + 1, today.year + 2)
    ]
    entered = OfficialDay.objects.filter(day__year__gte=today.year - 1).order_by("day")
    return render(request, "orgs/calendar.html", {"form": form, "years": years, "entered": entered})
