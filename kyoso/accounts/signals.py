"""Start each session in the language the user chose last time."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def restore_language(sender, request, user, **kwargs):
    profile = getattr(user, "profile", None)
    if profile is not None and request is not None:
        request.session["kyoso_language"] = profile.language
