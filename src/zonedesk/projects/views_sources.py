"""Where projects come from: the referrals page and its answers, and the promotion events page."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import paginate, query_without_page, show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can, in_scope, scope_of
from zonedesk.orgs.queries import units_for

from . import services
from .forms import DeclineForm, PromotionEventForm
from .models import Project, PromotionEvent, Referral
from .queries import referrals_for
from .views import require

# --- referrals --------------------------------------------------------------------------------


def _referrals(request, *, status: int = 200):
    user = request.user
    page = paginate(request, referrals_for(user).select_related("project__unit"))
    visible = scope_of(user, "project.view")
    rows = [
        {
            "r": r,
            "open": r.status == Referral.Status.OFFERED,
            "can_see": in_scope(visible, r.project.unit.path),
            "can_answer": can(user, "project.create", r.to_unit),
            "can_withdraw": can(user, "project.refer", r.from_unit),
        }
        for r in page
    ]
    return render(request, "projects/referrals.html", {"page": page, "rows": rows, "query": ""}, status=status)


def referrals(request):
    require(request, "project.view")
    return _referrals(request)


def _answer(request, pk: int, call, done: str, *, to_project: bool = False):
    """Answer or withdraw a referral; an accepted project opens on its new owner's page."""
    referral = get_object_or_404(Referral.objects.visible_to(request.user).select_related("project"), pk=pk)
    try:
        call(referral, Actor.of(request))
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    except Rejected as exc:
        messages.error(request, exc.message)
    except Forbidden as exc:
        messages.error(request, exc.message)
        return _referrals(request, status=403)
    except Conflict as exc:
        messages.error(request, exc.message)
        return _referrals(request, status=409)
    else:
        messages.success(request, done % {"name": referral.project})
        if to_project and Project.objects.visible_to(request.user).filter(pk=referral.project_id).exists():
            return redirect(referral.project)
    return redirect("projects:referrals")


@require_POST
def referral_accept(request, pk: int):
    return _answer(
        request, pk, lambda r, by: services.accept_referral(r, by=by), _("%(name)s is now yours."), to_project=True
    )


@require_POST
def referral_decline(request, pk: int):
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _answer(
        request, pk, lambda r, by: services.decline_referral(r, reason=reason, by=by), _("%(name)s was declined.")
    )


@require_POST
def referral_withdraw(request, pk: int):
    done = _("The offer of %(name)s was withdrawn.")
    return _answer(request, pk, lambda r, by: services.withdraw_referral(r, by=by), done)


# --- promotion events -------------------------------------------------------------------------


def events(request):
    require(request, "project.view")
    user = request.user
    home = user.home_unit
    form = PromotionEventForm(request.POST or None, units=units_for(user), initial={"unit": home}, auto_id="event_%s")
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_promotion_event(form.cleaned_data, by=Actor.of(request))
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            messages.success(request, _("%(name)s was recorded.") % {"name": event.name})
            return redirect("projects:events")
    leads = Q(projects__unit__in=Unit.objects.visible_to(user), projects__is_archived=False)
    rows = PromotionEvent.objects.visible_to(user).select_related("unit")
    rows = rows.annotate(leads=Count("projects", filter=leads)).order_by("-held_on", "-pk")
    context = {
        "page": paginate(request, rows),
        "query": query_without_page(request),
        "form": form,
        "can_manage": can(user, "promotion_event.manage"),
        "can_create_project": can(user, "project.create"),
    }
    return render(request, "projects/events.html", context, status=status)
