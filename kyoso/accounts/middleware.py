"""Serve each signed-in user in the language they chose; send a user with no role to the page that says so."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from kyoso.core.roles import actor_of


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


class NoRoleHomeMiddleware:
    """A signed-in user without a role opening the home page sees who can give them one instead.

    Only the home page (``/``) is redirected: every other page already answers a role-less user
    with nothing or a refusal. Runs after the authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.user.is_authenticated and actor_of(request.user).role is None:
            return HttpResponseRedirect(reverse("accounts:no_role"))
        return self.get_response(request)
