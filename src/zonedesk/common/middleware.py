"""Chinese unless the user chose otherwise: the browser's Accept-Language does not switch the UI."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
