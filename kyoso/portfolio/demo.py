"""A review round of the opera-demo pool, ending with the committee's decisions.

The committee weighs the spintronics areas highest; two members vote, one opts in to keep a right
the others would drop; then every right is decided: recommendations followed, the opted-in right
offered to that member, the rest abandoned — so the savings are real forecast removed.
"""

from __future__ import annotations

from datetime import date

from kyoso.core.services import save_object

from .choices import Decision, Vote
from .models import AreaWeight
from .services.review import cast_vote, decide, open_round, rescore

__all__ = ["build_review"]

AS_OF = date(2026, 11, 26)  # the demo's "today"
WEIGHTS = {"H10N": 90, "G11C": 70, "G06N": 60, "G01S": 50, "H04W": 40, "G06T": 30}


def build_review(builder) -> None:
    _build_round(builder)
    if getattr(builder, "second", None) is not None:
        _build_second(builder)


def _build_second(builder) -> None:
    """opera-second's round: its weights, its renewals, a vote by each member company."""
    user, second, orgs = builder.actor, builder.second, builder.orgs
    save_object(AreaWeight(consortium=second, area="B25J", weight=80), user=user)
    review = open_round(second, user=user, as_of=AS_OF, within_months=6, title="FY2026 opera-second renewal review")
    for item in review.items.order_by("pk"):
        cast_vote(item, orgs["kiso"], Vote.MAINTAIN, user=user, note="Our grippers use it")
        cast_vote(item, orgs["boso"], Vote.ABANDON, user=user)


def _build_round(builder) -> None:
    user, consortium, orgs = builder.actor, builder.consortium, builder.orgs
    for area, weight in WEIGHTS.items():
        save_object(AreaWeight(consortium=consortium, area=area, weight=weight), user=user)
    review = open_round(consortium, user=user, as_of=AS_OF, within_months=6, title="FY2026 autumn maintenance review")
    items = list(review.items.select_related("filing__family__invention").order_by("score", "pk"))
    if not items:
        return
    # The lowest-scored right: Asahi would keep it alone; Boso would drop it.
    cast_vote(items[0], orgs["asahi"], Vote.MAINTAIN, user=user, opts_in=True, note="Core to our controller roadmap")
    cast_vote(items[0], orgs["boso"], Vote.ABANDON, user=user)
    for item in items[1:3]:
        cast_vote(item, orgs["boso"], Vote.ABANDON, user=user, note="No product plans in this area")
    rescore(review, user=user)
    for item in review.items.order_by("score", "pk"):
        if item.votes.filter(opts_in=True).exists():
            decide(item, Decision.OFFER_MEMBER, user=user, note="Asahi takes over the right and its costs")
        elif item.recommendation == Decision.MAINTAIN:
            decide(item, Decision.MAINTAIN, user=user)
        else:
            decide(item, Decision.ABANDON, user=user, note="Low score; no member interest")
