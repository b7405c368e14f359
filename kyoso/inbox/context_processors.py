"""The bell: the user's unread notifications, counted once per request and only if a page shows it."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        cached = getattr(request, "_kyoso_unread", None)
        if cached is None:
            cached = request._kyoso_unread = Notification.objects.for_user(user).unread().count()
        return cached

    return {"unread_notifications": SimpleLazyObject(count)}
