"""Every page needs a signed-in user, except sign-in itself, static files and the API (own auth); a signed-in user
whose session is too old is signed out, and one who must choose a new password does that first."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import two_factor
from .accounts import password_reason, session_expired

# /invite/: the one-time link of an invited enterprise person, who has no password yet.
OPEN_PREFIXES = ("/accounts/login/", "/static/", "/api/", "/i18n/", "/healthz", "/readyz", "/invite/")
# What a user who must choose a new password may still reach.
PASSWORD_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/readyz")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class AccountPolicyMiddleware:
    """The 12-hour session limit, the administrators' second factor and the password that must be changed, for pages
    and the API alike (OTPMiddleware has put is_verified() on the user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        api = request.path.startswith("/api/")
        if session_expired(request.session):
            logout(request)
            if api:
                return JsonResponse({"detail": _("Your session has ended: please sign in again.")}, status=401)
            messages.info(request, _("Your session has ended: please sign in again."))
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if two_factor.required(user) and not user.is_verified() and not request.path.startswith(PASSWORD_PREFIXES):
            if api:
                return JsonResponse({"detail": _("Administrators give their second factor first.")}, status=403)
            return redirect_to_login(request.get_full_path(), reverse("two_factor"))
        reason = password_reason(user)
        if reason and not request.path.startswith(PASSWORD_PREFIXES):
            if api:
                return JsonResponse({"detail": reason}, status=403)
            messages.warning(request, reason)
            return redirect(reverse("password_change"))
        return self.get_response(request)
