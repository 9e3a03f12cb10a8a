"""Invitations of an enterprise's people: the staff page that makes a one-time link, and the public page where
the invited person opens it once, sets a password and is signed in to their enterprise's own pages."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.common.errors import Conflict, Forbidden, Rejected
from zonedesk.common.forms import ZoneForm
from zonedesk.common.pages import show_rejection
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import User
from zonedesk.orgs.permissions import can

from . import invitations
from .models import Enterprise, Invitation, mask_mobile

# The invited person has no session yet; the backend that checked nothing is named for login().
BACKEND = "django.contrib.auth.backends.ModelBackend"


class InviteForm(ZoneForm):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=50)
    mobile = forms.CharField(label=gettext_lazy("Mobile"), max_length=20, required=False)


class SetPasswordForm(ZoneForm):
    password = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


def people_of(user, enterprise: Enterprise) -> dict:
    """The enterprise's accounts and its invitations not yet accepted (mobiles masked unless the user may call)."""
    clear = can(user, "enterprise.view_contacts", enterprise.unit, enterprise_id=enterprise.pk)
    accounts = list(User.objects.filter(enterprise=enterprise).select_related("invitation").order_by("pk"))
    for account in accounts:
        account.shown_mobile = account.mobile if clear else mask_mobile(account.mobile)
    pending = (
        Invitation.objects.visible_to(user)
        .filter(enterprise=enterprise, accepted_at__isnull=True)
        .select_related("user", "invited_by")
    )
    return {"accounts": accounts, "pending": list(pending), "now": timezone.now()}


def invite(request, pk: int):
    """Staff: create a person's account for the enterprise and show the one-time link, once."""
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not can(request.user, "enterprise.invite", enterprise.unit):
        raise Http404
    form = InviteForm(request.POST or None)
    link, status = None, 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                invitation, raw = invitations.invite(Actor.of(request), enterprise, **form.cleaned_data)
            except Rejected as exc:
                show_rejection(form, exc)
            except Forbidden as exc:
                form.add_error(None, exc.message)
                status = 403
            else:
                link = request.build_absolute_uri(reverse("invite:accept", args=[raw]))
                messages.success(request, _("%(name)s was invited.") % {"name": invitation.user})
                form, status = InviteForm(), 200
    context = {"e": enterprise, "form": form, "link": link, **people_of(request.user, enterprise)}
    response = render(request, "enterprises/invite.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the link is shown once: never from a cache
    return response


def _open(token: str) -> Invitation:
    try:
        return invitations.open_invitation(token)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc


def accept(request, token: str):
    """Public: the invited person sets a password (the link works once, for 7 days) and is signed in."""
    invitation = _open(token)
    form = SetPasswordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                user = invitations.accept(token, form.cleaned_data["password"], request=request)
            except Rejected as exc:
                show_rejection(form, exc)
            except (Conflict, Invitation.DoesNotExist) as exc:
                raise Http404 from exc
            else:
                login(request, user, backend=BACKEND)
                messages.success(request, _("Welcome. Your password is set."))
                return redirect("portal:home")
    response = render(
        request, "enterprises/invite_accept.html", {"invitation": invitation, "form": form}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response
