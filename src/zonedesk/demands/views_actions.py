"""The demand page's actions: one POST endpoint per service, answering redirect, field errors, 403 or 409."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor

from . import attachments, services
from .forms import UploadForm
from .views import action_form, render_detail, visible


def _problems(form) -> str:
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields and not form.fields[name].widget.is_hidden:
            parts += [f"{form.fields[name].label}: {e}" for e in errors]
    return " ".join(parts)


def _answer(request, pk: int, kind: str, form, call, done: str):
    """Validate, call the service, and answer on the demand's page."""
    demand = visible(request, pk)
    if form is None:
        form = action_form(kind, demand, request.user, request.POST)
    if form.is_valid():
        try:
            call(demand, form.cleaned_data, Actor.of(request))
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return render_detail(request, demand, status=403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return render_detail(request, visible(request, pk), status=409)
        else:
            messages.success(request, done)
            return redirect(demand)
    if "version" in form.errors:
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
    else:
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": _problems(form)})
    return render_detail(request, demand, bound={kind: form})


@require_POST
def accept(request, pk: int):
    def call(demand, data, by):
        services.accept(by, demand, version=data["version"])

    return _answer(request, pk, "accept", None, call, _("The demand was accepted."))


@require_POST
def return_for_info(request, pk: int):
    def call(demand, data, by):
        services.return_for_info(by, demand, data["reason"], version=data["version"])

    return _answer(request, pk, "return", None, call, _("The demand was returned to the enterprise."))


@require_POST
def reject(request, pk: int):
    def call(demand, data, by):
        services.reject(by, demand, data["reason"], version=data["version"])

    return _answer(request, pk, "reject", None, call, _("The demand was rejected."))


@require_POST
def route(request, pk: int):
    def call(demand, data, by):
        services.route(by, demand, data["level"], data["reason"], version=data["version"])

    return _answer(request, pk, "route", None, call, _("The demand was handed to the other level."))


@require_POST
def assign(request, pk: int):
    def call(demand, data, by):
        services.assign(by, demand, data["department"], deadline_days=data["deadline_days"], version=data["version"])

    return _answer(request, pk, "assign", None, call, _("The demand was assigned."))


@require_POST
def transfer(request, pk: int):
    def call(demand, data, by):
        services.transfer(
            by, demand, data["department"], data["reason"], deadline_days=data["deadline_days"], version=data["version"]
        )

    return _answer(request, pk, "transfer", None, call, _("The demand was transferred."))


@require_POST
def resolve(request, pk: int):
    def call(demand, data, by):
        services.resolve(by, demand, data["outcome"], data["outcome_note"], version=data["version"])

    return _answer(request, pk, "resolve", None, call, _("The answer was recorded."))


@require_POST
def attach(request, pk: int):
    form = UploadForm(request.POST, request.FILES, auto_id="upload_%s")

    def call(demand, data, by):
        upload = data["file"]
        if upload.size > attachments.MAX_BYTES:
            raise Rejected("file", _("%(name)s is larger than 10 MB.") % {"name": upload.name})
        attachments.attach(by, demand, upload.name, upload.read())

    return _answer(request, pk, "upload", form, call, _("The file was attached."))
