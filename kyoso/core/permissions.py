"""API permission: who may read or write at all; rows are decided by ``for_user``."""

from rest_framework import permissions

from .roles import actor_of

__all__ = ["ScopedPermission"]


class ScopedPermission(permissions.BasePermission):
    """Signed-in users with a role; writes only for roles that may change the model.

    Which *rows* a user may read or write is decided by the queryset's ``for_user`` (rows out of
    scope answer 404), so this class only decides whether a write is possible at all.
    """

    def has_permission(self, request, view):
        actor = actor_of(request.user)
        if actor.role is None:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        queryset = getattr(view, "queryset", None)
        if queryset is None or not hasattr(queryset, "writers"):
            return not actor.is_read_only
        if request.method == "POST":
            return queryset.may_create(actor)
        return not actor.is_read_only and (actor.is_ip_office or actor.role in queryset.writers)

