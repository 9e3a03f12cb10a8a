"""A staff member's own training ledger (add a session, see the year against the target), and one record's page with
its timeline and the void action."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event
from zonedesk.orgs.permissions import can
from zonedesk.orgs.timeline import describe

from . import services
from .forms import RecordForm, VoidForm
from .models import TrainingRecord
from .queries import chosen_year, my_ledger, people_for
from .standing import STATUS_CSS


def require_staff(request) -> None:
    """The ledger is for staff: an enterprise user (or anyone without training.record) has no such page."""
    if not can(request.user, "training.record"):
        raise Http404


def _years(ledger) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), ledger.year}, reverse=True)


def _record_form(request, data=None, initial=None) -> RecordForm:
    manages = can(request.user, "training.manage")
    return RecordForm(data, people=people_for(request.user) if manages else None, initial=initial)


def render_mine(request, form: RecordForm | None = None, *, year: int | None = None, status: int = 200):
    ledger = my_ledger(request.user, year or chosen_year(request.GET.get("year")))
    context = {
        "ledger": ledger,
        "status_css": STATUS_CSS[ledger.status],
        "form": form or _record_form(request, initial={"on": f"{timezone.localdate():%Y-%m-%d}"}),
        "years": _years(ledger),
        "can_manage": can(request.user, "training.manage"),
    }
    return render(request, "training/mine.html", context, status=status)


def mine(request):
    """GET: my ledger of the year. POST: record a session (for myself, or for a colleague as a manager)."""
    require_staff(request)
    if request.method != "POST":
        return render_mine(request)
    form = _record_form(request, request.POST)
    status = 422
    if form.is_valid():
        try:
            row = services.record_training(Actor.of(request), **form.values())
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            if row.user_id == request.user.pk:
                messages.success(request, _("The session was added to your ledger."))
            else:
                name = row.user.full_name or row.user.username
                messages.success(request, _("The session was added to %(name)s's ledger.") % {"name": name})
            return redirect(f"{reverse('training:mine')}?year={row.on.year}")
    return render_mine(request, form, status=status)


def _visible_record(request, pk: int) -> TrainingRecord:
    require_staff(request)
    rows = TrainingRecord.objects.visible_to(request.user).select_related("user", "unit", "recorded_by", "voided_by")
    return get_object_or_404(rows, pk=pk)


def render_record(request, row: TrainingRecord, *, form: VoidForm | None = None, status: int = 200):
    user = request.user
    may_void = not row.is_void and (
        can(user, "training.manage", row.unit) or (row.user_id == user.pk and can(user, "training.record"))
    )
    context = {
        "r": row,
        "may_void": may_void,
        "form": form or VoidForm(initial={"version": row.version}),
        "is_mine": row.user_id == user.pk,
        "events": describe(Event.objects.about(row).select_related("actor")[:50]),
    }
    return render(request, "training/record.html", context, status=status)


def record_page(request, pk: int):
    return render_record(request, _visible_record(request, pk))


@require_POST
def void(request, pk: int):
    """Void a wrong record with its reason (its owner, or a manager of its unit); it stays in the ledger."""
    row = _visible_record(request, pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: give the reason."))
        return render_record(request, row, form=form, status=422)
    try:
        services.void_record(
            Actor.of(request), row, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]
        )
    except Rejected as exc:
        show_rejection(form, exc)
        return render_record(request, row, form=form, status=422)
    except Forbidden as exc:
        messages.error(request, exc.message)
        return render_record(request, row, status=403)
    except Conflict as exc:
        messages.error(request, exc.message)
        return render_record(request, _visible_record(request, pk), status=409)
    messages.success(request, _("The record was voided; its hours no longer count."))
    return redirect("training:record", pk)
