"""What the alliance pages share when they call a service for a posted form: the errors in one line, and the answer
(the service's result, or the page again with field errors 422, 403 or 409)."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor


def problems(form) -> str:
    """A form's errors in one line, each visible field named, for the message at the top of the page."""
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields and not form.fields[name].widget.is_hidden:
            parts += [f"{form.fields[name].label}: {e}" for e in errors]
    return " ".join(parts)


def answer(request, call, form, fail):
    """Call the service for a valid form: (its result, None); otherwise (None, `fail(status)`) with the reason on the
    form's fields (422), or in a message (403, 409). Outside the user's scope a record does not exist (404)."""
    if form.is_valid():
        try:
            return call(form.cleaned_data, Actor.of(request)), None
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        except Rejected as exc:
            show_rejection(form, exc)
        except Forbidden as exc:
            messages.error(request, exc.message)
            return None, fail(403)
        except Conflict as exc:
            messages.error(request, exc.message)
            return None, fail(409)
    if "version" in form.errors:
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
    else:
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems(form)})
    return None, fail(422)
