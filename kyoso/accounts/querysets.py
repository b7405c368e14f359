"""Who reads what of the accounts: a user's API tokens are theirs alone (not even the IP office's)."""

from __future__ import annotations

from kyoso.core.querysets import ScopedQuerySet

__all__ = ["ApiTokenQuerySet"]


class ApiTokenQuerySet(ScopedQuerySet):
    """Tokens are their owner's: every role, the IP office and the auditor included, sees only its own."""

    def for_user(self, user, action: str = "view") -> ApiTokenQuerySet:
        pk = getattr(user, "pk", None)
        if not pk or not getattr(user, "is_active", False):
            return self.none()
        return self.filter(user_id=pk)
