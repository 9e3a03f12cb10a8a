"""The enterprise's answers on its demand page: one POST per service, each posting the demand's version."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor

from . import attachments, services
from .forms_portal import AnswerForm, ConfirmForm, ReasonForm
from .portal import attach_all, own_demand, read_files, render_detail


def _act(request, pk: int, kind: str, form, call, done: str):
    """Validate, call the service, and answer on the demand page: redirect, field errors (422), 403 or 409."""
    demand = own_demand(request, pk)
    if form.is_valid():
        try:
            call(demand, form.cleaned_data, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            if exc.field in form.fields:
                show_rejection(form, exc)
            else:  # the demand's state: said at the top, as the form may no longer show
                messages.error(request, exc.message)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_detail(request, own_demand(request, pk), status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_detail(request, own_demand(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect("portal:detail", pk)
    return render_detail(request, own_demand(request, pk), status=422, bound={kind: form})


@require_POST
def answer(request, pk: int):
    """Answer a demand returned for more information: the text is added to the description, files attached."""
    form = AnswerForm(request.POST, request.FILES)
    # Every file is checked before anything is written; a refused one makes the form invalid.
    files = (read_files(form, form.files.getlist("files")) or []) if form.is_valid() else []

    def call(demand, data, by):
        if demand.attachments.count() + len(files) > attachments.MAX_PER_DEMAND:
            raise Rejected("files", _("A demand takes at most %(n)d files.") % {"n": attachments.MAX_PER_DEMAND})
        added = _("Added on %(day)s:") % {"day": timezone.localdate().isoformat()}
        text = f"{demand.description}\n\n{added}\n{data['description']}".strip()
        demand = services.resubmit(by, demand, description=text, version=data["version"])
        attach_all(request, demand, files)

    return _act(request, pk, "answer", form, call, _("Your answer was sent. The zone will look at the demand again."))


@require_POST
def confirm(request, pk: int):
    """Confirm the answer with a score of 1 to 5 stars (one tap) and an optional comment."""
    form = ConfirmForm(request.POST)

    def call(demand, data, by):
        services.confirm(by, demand, data["satisfaction"], data["comment"], version=data["version"])

    return _act(request, pk, "confirm", form, call, _("Thank you: the demand is closed with your score."))


@require_POST
def reopen(request, pk: int):
    form = ReasonForm(request.POST, auto_id="reopen_%s")

    def call(demand, data, by):
        services.reopen(by, demand, data["reason"], version=data["version"])

    return _act(request, pk, "reopen", form, call, _("The demand was reopened: the zone will work on it again."))


@require_POST
def dissatisfied(request, pk: int):
    form = ReasonForm(request.POST, auto_id="dissatisfied_%s")

    def call(demand, data, by):
        services.flag_dissatisfied(by, demand, data["reason"], version=data["version"])

    return _act(request, pk, "dissatisfied", form, call, _("Your service officer will contact you about it."))
