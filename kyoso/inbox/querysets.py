"""Scoping of notifications and e-mail choices: each user reads and changes only their own.

Unlike domain records, nobody sees everything here — not the IP office, not the auditor: a
notification is addressed to one person (marking it read, or choosing e-mail, is theirs alone).
"""

from kyoso.core.querysets import VIEW, ScopedQuerySet
from kyoso.core.roles import Actor, actor_of


class OwnQuerySet(ScopedQuerySet):
    """Rows of one user (``owner_field``): every user with a role sees and changes their own only."""

    owner_field = "user"

    def for_user(self, user, action: str = VIEW):
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role is None or actor.user_id is None:
            return self.none()
        return self.filter(**{f"{self.owner_field}_id": actor.user_id})


class NotificationQuerySet(OwnQuerySet):
    owner_field = "recipient"

    def unread(self):
        return self.filter(read_at__isnull=True)


class NotificationPreferenceQuerySet(OwnQuerySet):
    owner_field = "user"
