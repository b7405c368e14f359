"""Who is asking: the role-based facts every ``for_user`` scoping rule reads.

Roles (see README "Who sees what"):

- ``ipoffice``   — the university IP office: sees and changes everything.
- ``cpo``        — a consortium's CPO or secretariat: everything inside their consortia.
- ``company``    — a member company's IP staff: their consortia's non-confidential pool, their
  own agreements and contributions; never another company's money or confidential inventions.
- ``researcher`` — their own inventions.
- ``auditor``    — reads everything, changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Role", "Actor", "actor_of", "VIEW", "CHANGE"]

VIEW = "view"
CHANGE = "change"


class Role(models.TextChoices):
    IP_OFFICE = "ipoffice", _("IP office staff")
    CPO = "cpo", _("Consortium CPO / secretariat")
    COMPANY = "company", _("Member company staff")
    RESEARCHER = "researcher", _("Researcher")
    AUDITOR = "auditor", _("Auditor (read-only)")


@dataclass(frozen=True)
class Actor:
    """The scoping facts of one user, read once per request from their profile."""

    user_id: int | None
    role: str | None
    organisation_id: int | None = None
    person_id: int | None = None
    consortium_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.IP_OFFICE, Role.AUDITOR)

    @property
    def is_read_only(self) -> bool:
        return self.role in (None, Role.AUDITOR)

    @property
    def is_ip_office(self) -> bool:
        return self.role == Role.IP_OFFICE


ANONYMOUS = Actor(user_id=None, role=None)


def actor_of(user) -> Actor:
    """The :class:`Actor` for ``user``, cached on the user object for the request.

    A superuser without a profile counts as IP office; an active user without a profile has no
    role and sees nothing.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_kyoso_actor", None)
    if cached is not None:
        return cached
    profile = getattr(user, "profile", None) if _has_profile(user) else None
    if profile is None:
        actor = Actor(user.pk, Role.IP_OFFICE if user.is_superuser else None)
    else:
        consortium_ids = frozenset(profile.consortia.values_list("pk", flat=True)) if profile.role == Role.CPO else frozenset()
        actor = Actor(
            user_id=user.pk,
            role=profile.role,
            organisation_id=profile.organisation_id,
            person_id=profile.person_id,
            consortium_ids=consortium_ids,
        )
    user._kyoso_actor = actor
    return actor


def _has_profile(user) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        user.profile  # noqa: B018 — the access itself is the test
    except (ObjectDoesNotExist, AttributeError):
        return False
    return True
