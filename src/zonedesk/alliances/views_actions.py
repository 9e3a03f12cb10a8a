"""The alliance page's actions (add a member, a member leaves, introduce a supplier to a buyer, record a matching's
outcome): one POST per service, answering with a redirect, field errors (422), 403 or 409 on the alliance's page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import matching, services
from .access import visible_alliance
from .forms import LeaveForm, OutcomeForm
from .models import AllianceMember, Matching
from .pages import answer
from .views import alliance_forms, render_alliance


def act(request, alliance, form, call, done: str, *, bound: dict):
    """Validate, call the service, and answer on the alliance's page."""

    def fail(status: int):
        if status == 409:
            return render_alliance(request, visible_alliance(request, alliance.pk), status=409)
        return render_alliance(request, alliance, status=status, **(bound if status == 422 else {}))

    _done, failed = answer(request, call, form, fail)
    if failed is not None:
        return failed
    messages.success(request, done)
    return redirect(alliance)


@require_POST
def add_member(request, pk: int):
    alliance = visible_alliance(request, pk)
    form = alliance_forms(request, alliance, request.POST, "member")["member"]

    def call(data, by):
        services.add_member(by, alliance, data)

    return act(request, alliance, form, call, _("The member was added."), bound={"bound": {"member": form}})


@require_POST
def leave(request, pk: int, member_pk: int):
    alliance = visible_alliance(request, pk)
    member = get_object_or_404(AllianceMember.objects.filter(alliance=alliance), pk=member_pk)
    form = LeaveForm(request.POST)

    def call(data, by):
        services.leave(by, member, left_on=data["left_on"])

    return act(request, alliance, form, call, _("The member's leaving was recorded."), bound={})


@require_POST
def introduce(request, pk: int):
    alliance = visible_alliance(request, pk)
    form = alliance_forms(request, alliance, request.POST, "matching")["matching"]

    def call(data, by):
        matching.introduce(by, alliance, data)

    done = _("The introduction was recorded: record its outcome when it is known.")
    return act(request, alliance, form, call, done, bound={"bound": {"matching": form}})


@require_POST
def record_outcome(request, pk: int, matching_pk: int):
    alliance = visible_alliance(request, pk)
    row = get_object_or_404(Matching.objects.filter(alliance=alliance), pk=matching_pk)
    form = OutcomeForm(request.POST, auto_id=f"o{row.pk}_%s")

    def call(data, by):
        values = {k: data[k] for k in ("outcome", "amount_wan", "outcome_on", "note")}
        matching.record_outcome(by, row, version=data["version"], **values)

    return act(request, alliance, form, call, _("The outcome was recorded."), bound={"outcome": (row.pk, form)})
