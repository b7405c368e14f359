"""Serve each signed-in user in the language they chose (Japanese or English)."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Put the profile's language where LocaleMiddleware looks first (the language cookie).

    Runs before LocaleMiddleware; the session is read lazily, so anonymous requests cost nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get("kyoso_language") if hasattr(request, "session") else None
        if language:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language)
        translation.deactivate()
        return response
