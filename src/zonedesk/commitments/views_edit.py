"""Commitment pages that write: the agreement of a project (from the project's page), its change, and the zone's
promises (add, change, record done). Field errors answer 422 on the page, a missing permission 403, a stale
version 409."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.permissions import can
from zonedesk.projects.models import Project

from . import services
from .access import require
from .forms import AgreementForm, ZonePromiseForm
from .models import Agreement
from .views import render_detail, visible_row


def for_project(request, project_pk: int):
    """The agreement of a project: its page when recorded, else the form to record it."""
    require(request, "commitment.view")
    project = get_object_or_404(Project.objects.visible_to(request.user).select_related("unit"), pk=project_pk)
    existing = Agreement.objects.filter(project=project).first()
    if existing is not None:
        return redirect(existing)
    if not can(request.user, "commitment.manage", project.unit):
        raise Forbidden()
    initial = {"signed_on": f"{project.signed_on:%Y-%m-%d}" if project.signed_on else ""}
    if project.contracted_investment_wan is not None:
        initial["total_investment_wan"] = project.contracted_investment_wan
    form = AgreementForm(request.POST or None, versioned=False, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                agreement = services.record_agreement(project, form.values(), by=Actor.of(request))
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                messages.success(request, _("The agreement was recorded."))
                return redirect(agreement)
    eligible = project.stage in services.SIGNED_OR_LATER and not getattr(project, "is_facility", False)
    context = {"form": form, "project": project, "eligible": eligible}
    return render(request, "commitments/agreement_new.html", context, status=status)


def _act(request, pk: int, kind: str, form, call, done: str, *, promise_pk: int | None = None):
    """Validate the form, call the service, answer on the agreement's page (field errors 422, 403, 409)."""
    row = visible_row(request, pk)
    status = 422
    if form.is_valid():
        try:
            call(row, form.values(), form.cleaned_data.get("version"), Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_detail(request, row, status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_detail(request, visible_row(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect("commitments:detail", pk)
    if "version" in form.errors:
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
    else:
        messages.error(request, _("Nothing was recorded: correct the form below."))
    bound = {"promises": {promise_pk: form}} if kind == "promises" else {kind: form}
    return render_detail(request, row, status=status, bound=bound)


@require_POST
def edit(request, pk: int):
    def call(row, data, version, by):
        services.update_agreement(row.agreement, data, by=by, version=version)

    form = AgreementForm(request.POST, auto_id="agreement_%s")
    return _act(request, pk, "edit", form, call, _("The agreement was saved."))


@require_POST
def add_promise(request, pk: int):
    def call(row, data, _version, by):
        services.add_zone_promise(row.agreement, data, by=by)

    form = ZonePromiseForm(request.POST, versioned=False, auto_id="new_promise_%s")
    return _act(request, pk, "promise", form, call, _("The zone's promise was recorded."))


@require_POST
def edit_promise(request, pk: int, promise_pk: int):
    def call(row, data, version, by):
        if not any(p.pk == promise_pk for p in row.promises):
            raise Http404
        services.update_zone_promise(promise_pk, data, by=by, version=version)

    form = ZonePromiseForm(request.POST, auto_id=f"promise{promise_pk}_%s")
    return _act(request, pk, "promises", form, call, _("The zone's promise was saved."), promise_pk=promise_pk)
