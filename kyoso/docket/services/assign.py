"""Who answers for a deadline: ``responsible`` is reminded instead of the consortium's CPOs and the IP office."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core.roles import CHANGE, Role
from kyoso.core.sentences import Sentence
from kyoso.core.services import record_event

from ..models import Deadline

__all__ = ["assign_responsible", "responsible_candidates"]


def responsible_candidates():
    """The people who may act on deadlines (the manual deadline form offers the same)."""
    return get_user_model().objects.filter(is_active=True, profile__role__in=(Role.IP_OFFICE, Role.CPO)).order_by("username")


@transaction.atomic
def assign_responsible(deadline: Deadline, responsible, *, user) -> Deadline:
    """Make ``responsible`` (a user, or ``None`` for nobody) answer for ``deadline``; an event on its filing."""
    if not Deadline.objects.for_user(user, CHANGE).filter(pk=deadline.pk).exists():
        raise PermissionDenied
    if responsible is not None and not responsible_candidates().filter(pk=responsible.pk).exists():
        raise ValidationError(_("Only IP office staff and CPOs can be made responsible for a deadline."))
    if deadline.responsible_id == getattr(responsible, "pk", None):
        return deadline
    deadline.responsible = responsible
    deadline._history_user = user
    deadline.save(update_fields=["responsible", "modified"])
    record_event(
        deadline.filing, "deadline-assigned",
        Sentence(gettext_lazy("Deadline “%(label)s” (%(due)s): responsible %(who)s"), label=deadline.titles,
                 due=deadline.due.isoformat(), who=responsible.get_username() if responsible else "—"),
        user=user, data={"deadline": deadline.pk, "responsible": getattr(responsible, "pk", None)},
    )
    return deadline
