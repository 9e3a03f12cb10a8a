"""The separated administrators' pages (三员): the security administrator's lock-outs, the audit administrator's check
of the audit log's hash chain."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .audit import Actor
from .audit_chain import seal_pending, verify
from .permissions import can


def _require(request, perm: str) -> None:
    if not can(request.user, perm):
        raise Http404


def lockouts(request):
    _require(request, "security.manage")
    return render(request, "orgs/lockouts.html", {"rows": services.locked_out()})


@require_POST
def unlock(request):
    _require(request, "security.manage")
    username = request.POST.get("username", "").strip()
    services.unlock(username, by=Actor.of(request))  # Conflict (409) when it is not locked out
    messages.success(request, _("The account %(name)s can sign in again.") % {"name": username})
    return redirect("orgs:lockouts")


def audit_check(request):
    _require(request, "audit.verify")
    if request.method == "POST":
        sealed = 0
        while batch := seal_pending():
            sealed += batch
        messages.success(request, _("%(n)d new audit events were sealed.") % {"n": sealed})
        return redirect("orgs:audit_check")
    return render(request, "orgs/audit_check.html", {"verdict": verify()})
