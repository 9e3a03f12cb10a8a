"""The fair page's actions (add a participant, change the postings it shows, mark held, record results, cancel) and
the invitation from a labour demand's page: one POST per service, answering redirect, field errors, 403 or 409."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.demands.models import Demand
from zonedesk.orgs.audit import Actor

from . import fairs as fair_services
from .access import problems, require_staff, visible_fair
from .forms import InviteForm, ShowPostingsForm
from .invite import upcoming_fairs
from .models import FairParticipant
from .queries import posting_list
from .states import PostingStatus
from .views_fairs import fair_forms, participants_of, render_fair


def _act(request, pk: int, kind: str, call, done: str, *, form=None):
    """Validate, call the service, and answer on the fair's page."""
    fair = visible_fair(request, pk)
    if form is None:
        form = fair_forms(fair, participants_of(request.user, fair), request.user, request.POST, kind)[kind]
    if form.is_valid():
        try:
            call(fair, form, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            field = form.field_of(exc.field) if hasattr(form, "field_of") else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_fair(request, fair, status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_fair(request, visible_fair(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect("recruitment:fair", pk)
    if "version" in form.errors:
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
    else:
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems(form)})
    return render_fair(request, fair, status=422, bound={kind: form})


@require_POST
def add_participant(request, pk: int):
    def call(fair, form, by):
        enterprise = form.cleaned_data["enterprise"]
        postings = []
        if form.cleaned_data["all_open"]:
            postings = list(posting_list(request.user, status=PostingStatus.OPEN, enterprise=enterprise.pk))
        fair_services.add_participant(by, fair, enterprise, postings=postings)

    return _act(request, pk, "participant", call, _("The enterprise was added to the fair."))


@require_POST
def show_postings(request, pk: int, participant_pk: int):
    """Replace the postings one participant shows at the fair."""
    fair = visible_fair(request, pk)
    participant = get_object_or_404(FairParticipant.objects.visible_to(request.user), pk=participant_pk, fair=fair)
    choices = posting_list(request.user, status=PostingStatus.OPEN, enterprise=participant.enterprise_id)
    form = ShowPostingsForm(request.POST, postings=choices)

    def call(fair, form, by):
        fair_services.show_postings(by, participant, form.cleaned_data["postings"])

    return _act(request, pk, f"postings_{participant_pk}", call, _("The postings shown were saved."), form=form)


@require_POST
def mark_held(request, pk: int):
    def call(fair, form, by):
        fair_services.mark_held(by, fair, version=form.cleaned_data["version"])

    return _act(request, pk, "held", call, _("The fair is marked as held: record its results."))


@require_POST
def cancel(request, pk: int):
    def call(fair, form, by):
        fair_services.cancel_fair(by, fair, form.cleaned_data["reason"], version=form.cleaned_data["version"])

    return _act(request, pk, "cancel", call, _("The fair was cancelled."))


@require_POST
def record_results(request, pk: int):
    def call(fair, form, by):
        data = form.cleaned_data
        fair_services.record_results(
            by, fair, views=data["views"], visitors=data["visitors"], results=form.rows(), version=data["version"]
        )

    return _act(request, pk, "results", call, _("The results were recorded."))


@require_POST
def invite(request, demand_pk: int):
    """From a labour demand's page: invite its enterprise to an upcoming fair, then back to the demand."""
    require_staff(request)
    demand = get_object_or_404(Demand.objects.visible_to(request.user), pk=demand_pk)
    form = InviteForm(request.POST, fairs=upcoming_fairs(request.user))
    if not form.is_valid():
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems(form)})
        return redirect("demands:detail", demand.pk)
    fair = form.cleaned_data["fair"]
    # A new participant shows all its open postings (one already taking part keeps those it chose).
    shown = []
    if not FairParticipant.objects.filter(fair=fair, enterprise_id=demand.enterprise_id).exists():
        shown = list(posting_list(request.user, status=PostingStatus.OPEN, enterprise=demand.enterprise_id))
    try:
        fair_services.invite_to_fair(Actor.of(request), demand, fair, postings=shown)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    except (Rejected, Forbidden) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The enterprise is invited to %(fair)s.") % {"fair": fair.name})
    return redirect("demands:detail", demand.pk)
