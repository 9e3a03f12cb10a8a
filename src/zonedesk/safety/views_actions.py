"""The hazard page's actions: one POST endpoint per move, answering redirect, field errors, 403 or 409."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.demands.attachments import MAX_BYTES
from zonedesk.orgs.audit import Actor

from . import hazards
from .photos import MAX_PER_MOVE
from .views import action_form, render_detail, visible


def problems(form) -> str:
    """The form's errors as one line: each visible field's label and message."""
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields and not form.fields[name].widget.is_hidden:
            parts += [f"{form.fields[name].label}: {e}" for e in errors]
    return " ".join(parts)


def _answer(request, pk: int, kind: str, call, done: str):
    """Validate, call the service, and answer on the hazard's page."""
    hazard = visible(request, pk)
    form = action_form(kind, hazard, request.POST, request.FILES)
    if form.is_valid():
        try:
            call(hazard, form.cleaned_data, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_detail(request, hazard, status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_detail(request, visible(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect("safety:hazard", hazard.pk)
    if "version" in form.errors:
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
    else:
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems(form)})
    return render_detail(request, hazard, status=422, bound={kind: form})


@require_POST
def start(request, pk: int):
    def call(hazard, data, by):
        hazards.start_rectification(by, hazard, version=data["version"])

    return _answer(request, pk, "start", call, _("Rectification started."))


@require_POST
def submit(request, pk: int):
    def call(hazard, data, by):
        # Enough of each file to tell it is too big, never more; the service checks size and content.
        photos = [(f.name, f.read(MAX_BYTES + 1)) for f in data["photos"][: MAX_PER_MOVE + 1]]
        hazards.submit_rectification(by, hazard, data["note"], photos, version=data["version"])

    return _answer(request, pk, "submit", call, _("The rectification was submitted for acceptance."))


@require_POST
def accept(request, pk: int):
    def call(hazard, data, by):
        hazards.accept_rectification(by, hazard, version=data["version"])

    return _answer(request, pk, "accept", call, _("The rectification was accepted: the hazard is closed."))


@require_POST
def send_back(request, pk: int):
    def call(hazard, data, by):
        hazards.send_back(by, hazard, data["reason"], version=data["version"])

    return _answer(request, pk, "send_back", call, _("The rectification was sent back to the enterprise."))
