"""The sign-in form: Django's, saying plainly when a user name is locked out."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .lockout import locked_message, locked_until, user_key

__all__ = ["SignInForm"]


class SignInForm(AuthenticationForm):
    """Refuses a locked user name with the time the lock ends (the backend refuses it anyway)."""

    lock_message = ""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and (until := locked_until(user_key(username))):
            self.lock_message = locked_message(until)
            raise forms.ValidationError(self.lock_message, code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            # This failure may have been the one that locked the name: say so at once.
            if username and (until := locked_until(user_key(username))):
                self.lock_message = locked_message(until)
                raise forms.ValidationError(self.lock_message, code="locked") from None
            raise
