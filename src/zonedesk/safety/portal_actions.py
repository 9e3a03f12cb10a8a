"""The enterprise's moves on its hazard page: start rectifying, submit for acceptance with photos; each posts the
hazard's version, so a page read before someone else's move is told so (409) instead of moving the hazard."""

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
from .forms_portal import SubmitForm, VersionForm
from .portal import own_hazard, render_detail


def _act(request, pk: int, kind: str, form, call, done: str):
    """Validate, call the service, and answer on the hazard page: redirect, field errors (422), 403 or 409."""
    hazard = own_hazard(request, pk)
    if form.is_valid():
        try:
            call(hazard, form.cleaned_data, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            if exc.field in form.fields:
                show_rejection(form, exc)
            else:  # the hazard's state: said at the top, as the form may no longer show
                messages.error(request, exc.message)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_detail(request, own_hazard(request, pk), status=403)
        except Conflict:
            messages.error(request, _("Someone else changed this hazard meanwhile: here it is as it is now."))
            return render_detail(request, own_hazard(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect("safety_portal:detail", pk)
    return render_detail(request, own_hazard(request, pk), status=422, bound={kind: form})


@require_POST
def start(request, pk: int):
    """开始整改: the enterprise starts rectifying a hazard found or sent back."""
    form = VersionForm(request.POST, auto_id="start_%s")

    def call(hazard, data, by):
        hazards.start_rectification(by, hazard, version=data["version"])

    done = _("Rectification started. When it is done, submit it here with photos.")
    return _act(request, pk, "start", form, call, done)


@require_POST
def submit(request, pk: int):
    """提交验收: photos (checked on their content by the service, all or none) and what was done."""
    form = SubmitForm(request.POST, request.FILES)

    def call(hazard, data, by):
        # One byte past the limit is enough to refuse a file without reading a huge upload whole.
        photos = [(upload.name, upload.read(MAX_BYTES + 1)) for upload in data["photos"]]
        hazards.submit_rectification(by, hazard, data["note"], photos, version=data["version"])

    done = _("Submitted for acceptance. The safety officer will check the rectification.")
    return _act(request, pk, "submit", form, call, done)
