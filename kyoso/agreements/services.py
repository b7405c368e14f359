"""State changes of agreements: rates that recompute every contribution's derived amounts."""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction
from django.utils.translation import gettext_lazy, pgettext_lazy

from kyoso.core import hooks
from kyoso.core.sentences import Sentence
from kyoso.core.services import delete_object, record_event, save_object
from kyoso.rules.names import normalise_name

from .models import Agreement, Contribution
from .totals import key_of, keys_of, refresh_totals

__all__ = ["save_agreement", "delete_agreement", "recompute_contributions", "save_contribution", "delete_contribution",
           "similar_agreements"]


@transaction.atomic
def save_agreement(agreement: Agreement, *, user) -> Agreement:
    """Save an agreement; when its rates changed, re-derive all its contributions.

    When it moves to another consortium, its contributions' totals move with it and each
    contribution's hooks run (the IP fund moves its accruals, licensing recomputes classes).
    """
    previous = Agreement.objects.filter(pk=agreement.pk).values("indirect_rate", "ip_earmark_rate", "consortium_id").first()
    moved = previous is not None and previous.pop("consortium_id") != agreement.consortium_id
    before = keys_of(agreement.contributions.all()) if moved else set()
    save_object(agreement, user=user)
    if moved:
        refresh_totals(before | keys_of(agreement.contributions.all()))
        for contribution in agreement.contributions.select_related("agreement"):
            hooks.run("contribution_changed", contribution, user=user)
    if previous and (previous["indirect_rate"], previous["ip_earmark_rate"]) != (agreement.indirect_rate, agreement.ip_earmark_rate):
        count = recompute_contributions(agreement, user=user)
        record_event(
            agreement,
            "rates-changed",
            Sentence(gettext_lazy("Rates now %(indirect)s%% indirect / %(ip)s%% for IP; %(count)s contributions recomputed"),
                     indirect=agreement.indirect_rate, ip=agreement.ip_earmark_rate, count=count),
            user=user,
            data={"before": {k: str(v) for k, v in previous.items()}},
        )
    return agreement


def recompute_contributions(agreement: Agreement, *, user) -> int:
    """Re-derive indirect and IP amounts of every contribution of ``agreement`` (with history)."""
    contributions = list(agreement.contributions.all())
    keys = {(agreement.consortium_id, c.contributor_id, c.fiscal_year, c.source) for c in contributions}
    for contribution in contributions:
        contribution.agreement = agreement
        contribution.derive_amounts()
        contribution._history_user = user if getattr(user, "pk", None) else None
        contribution.save(update_fields=["indirect_amount", "ip_amount", "modified"])
        # The IP fund and the share classes follow the derived amounts, as on any other change.
        hooks.run("contribution_changed", contribution, user=user)
    refresh_totals(keys)
    return len(contributions)


@transaction.atomic
def save_contribution(contribution: Contribution, *, user) -> Contribution:
    """Save a contribution; ``clean`` derives its indirect and IP-earmarked amounts; the totals of
    its key before and after are recounted."""
    before = keys_of(Contribution.objects.filter(pk=contribution.pk)) if contribution.pk else set()
    save_object(contribution, user=user)
    refresh_totals(before | {key_of(contribution)})
    hooks.run("contribution_changed", contribution, user=user)  # e.g. licensing recomputes share classes
    return contribution


@transaction.atomic
def delete_contribution(contribution: Contribution, *, user) -> None:
    """Delete a contribution (web page and API alike); the event lands on its agreement and
    ``contribution_removed`` runs, so the share classes and the IP fund's accruals follow.

    The agreement's timeline is read by every party to it, so the event names the contributor and
    the fiscal year only: one member company's money is none of the others' business.
    """
    agreement = contribution.agreement
    key = key_of(contribution)
    summary = Sentence(
        gettext_lazy("Contribution of %(contributor)s for %(year)s deleted"),
        contributor=contribution.contributor,
        year=Sentence(pgettext_lazy("fiscal year", "FY%(year)s"), year=contribution.fiscal_year),
    )
    delete_object(contribution, user=user, parent=agreement, summary=summary)
    refresh_totals({key})
    hooks.run("contribution_removed", agreement, user=user)


@transaction.atomic
def delete_agreement(agreement: Agreement, *, user) -> None:
    """Delete an agreement (its parties and contributions go with it); the totals its contributions
    counted in are recounted and ``contribution_removed`` runs, as for a deleted contribution."""
    keys = keys_of(agreement.contributions.all())
    delete_object(agreement, user=user)
    refresh_totals(keys)
    if keys:
        hooks.run("contribution_removed", agreement, user=user)


def similar_agreements(number: str, *, user, exclude: int | None = None) -> list[Agreement]:
    """Agreements the user may see whose number reads like ``number`` once case, width, spaces and
    punctuation are set aside (``KNU-2024-107``, ``knu 2024 107``, ``ＫＮＵ－２０２４－１０７``)."""
    key = normalise_name(number)
    if not key:
        return []
    # The longest run of letters or digits narrows the search in the database; the keys decide.
    runs = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", number))
    longest = max(runs, key=len)
    candidates = Agreement.objects.for_user(user, "view").filter(number__icontains=longest).exclude(pk=exclude)
    return [agreement for agreement in candidates.only("pk", "number", "title")[:200] if normalise_name(agreement.number) == key][:5]
