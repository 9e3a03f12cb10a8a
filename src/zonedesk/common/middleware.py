"""Chinese unless the user chose otherwise; service errors a page did not catch answered as 404 / 403 / 409."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from .errors import Conflict, Forbidden


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but only the language cookie (set by the language switch) overrides LANGUAGE_CODE.

    Officers' browsers often send en-US; a government system in Chinese should not turn English for them.
    """

    def process_request(self, request) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ServiceErrorsMiddleware:
    """What a page view did not catch from a service becomes the right answer instead of a 500: a record outside
    the user's scope (DoesNotExist) is 404, a refusal (Forbidden) 403, a lost race (Conflict) 409."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ObjectDoesNotExist):
            raise Http404 from exception
        if isinstance(exception, Forbidden | Conflict):
            status = 403 if isinstance(exception, Forbidden) else 409
            return render(request, "service_error.html", {"message": exception.message}, status=status)
        return None
