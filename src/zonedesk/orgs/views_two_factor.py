"""The administrators' second sign-in step: set up an authenticator app once, then give its code at each sign-in."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.common.errors import Rejected
from zonedesk.common.pages import show_rejection

from . import two_factor
from .audit import Actor
from .forms import TwoFactorForm
from .models import User
from .permissions import can


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def verify_page(request):
    if not two_factor.required(request.user) or request.user.is_verified():
        return redirect(_next(request))
    if two_factor.confirmed_device(request.user) is None:
        return redirect(f"{request.path}setup/?next={_next(request)}")
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify(request, form.cleaned_data["code"])
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            return redirect(_next(request))
    return render(request, "orgs/two_factor.html", {"form": form, "next": _next(request)})


def setup_page(request):
    if not two_factor.required(request.user) or two_factor.confirmed_device(request.user) is not None:
        return redirect(_next(request))
    device = two_factor.pending_device(request.user)
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.confirm(request, form.cleaned_data["code"])
        except Rejected as exc:
            show_rejection(form, exc)
        else:
            messages.success(request, _("Your authenticator app is set up: it will ask for a code at each sign-in."))
            return redirect(_next(request))
    context = {
        "form": form,
        "next": _next(request),
        "qr": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
    }
    return render(request, "orgs/two_factor_setup.html", context)


@require_POST
def reset(request):
    """The security administrator clears a person's authenticator (a lost phone)."""
    if not can(request.user, "security.manage"):
        from django.http import Http404

        raise Http404
    username = request.POST.get("username", "").strip()
    user = User.objects.filter(username=username).first()
    if user is None:
        messages.error(request, _("There is no account %(name)s.") % {"name": username})
    else:
        two_factor.reset(user, by=Actor.of(request))  # Conflict (409) when there is nothing to reset
        messages.success(request, _("%(name)s sets up an authenticator again at the next sign-in.") % {"name": user})
    return redirect("orgs:lockouts")
