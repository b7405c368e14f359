"""State changes of consortia and their parts (members, research areas, topics), each atomic and
taking the acting ``user``.

Each goes through :mod:`kyoso.core.services` (scope check, validation, history, an event). The
parts have no page of their own, so what a user would look for on the consortium's timeline lands
there too: a member joining or leaving, and any part deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence, choice_label
from kyoso.core.services import delete_object, record_event, save_object

from .models import Consortium, Membership, ResearchArea, ResearchTopic

__all__ = [
    "save_consortium", "delete_consortium", "save_membership", "delete_membership", "save_research_area",
    "delete_research_area", "save_research_topic", "delete_research_topic",
]


def save_consortium(consortium: Consortium, *, user) -> Consortium:
    """Create or change a consortium (only the IP office creates one: see its queryset)."""
    return save_object(consortium, user=user)


def delete_consortium(consortium: Consortium, *, user) -> None:
    """Delete a consortium with its members, areas and topics (agreements and inventions protect it)."""
    delete_object(consortium, user=user)


@transaction.atomic
def save_membership(membership: Membership, *, user) -> Membership:
    """Create or change a membership; joining, and a leaving date newly set, are told on the consortium."""
    left_before = Membership.objects.filter(pk=membership.pk).values_list("left", flat=True).first() if membership.pk else None
    creating = membership.pk is None
    save_object(membership, user=user)
    if creating:
        record_event(
            membership.consortium,
            "member-joined",
            Sentence(gettext_lazy("%(organisation)s joined as %(role)s on %(date)s"),
                     organisation=membership.organisation, role=choice_label(membership, "role"), date=membership.joined),
            user=user,
        )
    elif membership.left and membership.left != left_before:
        record_event(
            membership.consortium,
            "member-left",
            Sentence(gettext_lazy("%(organisation)s left as %(role)s on %(date)s"),
                     organisation=membership.organisation, role=choice_label(membership, "role"), date=membership.left),
            user=user,
        )
    return membership


def delete_membership(membership: Membership, *, user) -> None:
    """Delete a membership; the event lands on the consortium."""
    delete_object(membership, user=user, parent=membership.consortium)


def save_research_area(area: ResearchArea, *, user) -> ResearchArea:
    """Create or change a research area."""
    return save_object(area, user=user)


def delete_research_area(area: ResearchArea, *, user) -> None:
    """Delete a research area no topic uses; the event lands on the consortium."""
    delete_object(area, user=user, parent=area.consortium)


def save_research_topic(topic: ResearchTopic, *, user) -> ResearchTopic:
    """Create or change a research topic (its participants are set by the caller afterwards)."""
    return save_object(topic, user=user)


def delete_research_topic(topic: ResearchTopic, *, user) -> None:
    """Delete a research topic; the event lands on the consortium."""
    delete_object(topic, user=user, parent=topic.consortium)
