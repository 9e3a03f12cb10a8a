"""Every page needs a signed-in user, except sign-in itself, static files and the API (own auth)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# /invite/: the one-time link of an invited enterprise person, who has no password yet.
OPEN_PREFIXES = ("/accounts/login/", "/static/", "/api/", "/i18n/", "/healthz", "/readyz", "/invite/")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
