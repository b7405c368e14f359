"""Portfolio review: rounds, the rights under review with their scores, votes, decisions;
and the committee's strategic weight per technology area."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core.models import TrackedModel
from kyoso.ip.choices import FilingStatus
from kyoso.ip.models import Filing
from kyoso.parties.models import Organisation
from kyoso.rules.review import defaults

from .choices import Decision, RoundStatus, Vote
from .querysets import AreaWeightQuerySet, MemberVoteQuerySet, ReviewItemQuerySet, ReviewRoundQuerySet

__all__ = ["AreaWeight", "ReviewRound", "ReviewItem", "MemberVote"]


def default_weights() -> dict:
    return dict(defaults()["weights"])


class AreaWeight(TrackedModel):
    """How much a technology area (an IPC subclass such as ``H10N``, or a tag) matters to the
    consortium's IP strategy, 0–100; areas without a row get the default from the rule data."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE, related_name="area_weights")
    area = models.CharField(_("technology area"), max_length=100, help_text=_("IPC subclass (e.g. H10N) or a tag"))
    weight = models.PositiveSmallIntegerField(_("strategic weight (0–100)"), validators=[MaxValueValidator(100)])

    objects = AreaWeightQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "-weight", "area"]
        verbose_name = _("technology-area weight")
        verbose_name_plural = _("technology-area weights")
        constraints = [models.UniqueConstraint(fields=["consortium", "area"], name="area_weight_unique")]

    def __str__(self) -> str:
        return f"{self.area}: {self.weight}"


class ReviewRound(TrackedModel):
    """A periodic maintain/abandon review: every live right of the consortium with a renewal fee
    due within ``within_months`` of ``as_of``, scored with the round's weights."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="review_rounds")
    title = models.CharField(_("title"), max_length=200)
    as_of = models.DateField(_("as of"))
    within_months = models.PositiveSmallIntegerField(_("renewals due within (months)"), default=6,
                                                     validators=[MinValueValidator(1), MaxValueValidator(60)])
    horizon_years = models.PositiveSmallIntegerField(_("cost horizon (years)"), default=5,
                                                     validators=[MinValueValidator(1), MaxValueValidator(20)])
    weights = models.JSONField(_("score weights"), default=default_weights)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self) -> str:
        return self.title


class ReviewItem(TrackedModel):
    """One right in a round: the facts the committee saw (frozen at the round's date), the score,
    the recommendation, the decision, and the money the decision saves."""

    round = models.ForeignKey(ReviewRound, verbose_name=_("review round"), on_delete=models.CASCADE, related_name="items")
    filing = models.ForeignKey(Filing, verbose_name=_("right"), on_delete=models.PROTECT, related_name="review_items")
    next_due = models.DateField(_("next renewal due"))
    remaining_years = models.DecimalField(_("remaining life (years)"), max_digits=5, decimal_places=1)
    cost_5y = models.PositiveBigIntegerField(_("cost to keep (yen)"), default=0)
    fund_cost_5y = models.PositiveBigIntegerField(_("of which the IP fund (yen)"), default=0)
    licences = models.PositiveSmallIntegerField(_("licences"), default=0)
    income = models.PositiveBigIntegerField(_("licence income (yen)"), default=0)
    share_classes = models.JSONField(_("share classes using it"), default=list, blank=True)
    area = models.CharField(_("technology area"), max_length=100, blank=True)
    area_weight = models.PositiveSmallIntegerField(_("strategic weight"), default=50)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, default=0)
    components = models.JSONField(_("score components"), default=dict)
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Decision.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    transferee = models.ForeignKey(Organisation, verbose_name=_("offered / assigned to"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="rights_received")
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    saving = models.PositiveBigIntegerField(_("saving (yen)"), default=0)
    #: The filing's status when the committee abandoned it: what reopening the right restores.
    status_before_abandoning = models.CharField(_("filing status before abandoning"), max_length=20, blank=True)

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        ordering = ["round", "score", "pk"]
        verbose_name = _("right under review")
        verbose_name_plural = _("rights under review")
        constraints = [models.UniqueConstraint(fields=["round", "filing"], name="review_item_unique")]

    def __str__(self) -> str:
        return f"{self.filing.family.invention.reference} {self.filing}"

    def get_status_before_abandoning_display(self) -> str:
        """The filing's status kept before abandoning, by its label."""
        return str(FilingStatus(self.status_before_abandoning).label) if self.status_before_abandoning in FilingStatus.values else self.status_before_abandoning

    @property
    def invention(self):
        return self.filing.family.invention


class MemberVote(TrackedModel):
    """A member company's view on a right: keep or drop, and whether it would pay to keep it
    alone (an opt-in: it takes the costs, and the right moves to it if the others drop it)."""

    item = models.ForeignKey(ReviewItem, verbose_name=_("right under review"), on_delete=models.CASCADE, related_name="votes")
    organisation = models.ForeignKey(Organisation, verbose_name=_("member"), on_delete=models.PROTECT, related_name="review_votes")
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices)
    opts_in = models.BooleanField(_("will pay the costs alone"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MemberVoteQuerySet.as_manager()

    class Meta:
        ordering = ["item", "organisation"]
        verbose_name = _("member vote")
        verbose_name_plural = _("member votes")
        constraints = [models.UniqueConstraint(fields=["item", "organisation"], name="member_vote_unique")]

    def __str__(self) -> str:
        opts_in = gettext(" (opts in)") if self.opts_in else ""
        return f"{self.organisation}: {self.get_vote_display()}{opts_in}"

    def clean(self):
        if self.opts_in and self.vote != Vote.MAINTAIN:
            raise ValidationError({"opts_in": _("A member that pays to keep a right votes to keep it.")})
        if self.item_id and self.organisation_id and not self.item.round.consortium.memberships.filter(
                organisation_id=self.organisation_id).exists():
            raise ValidationError({"organisation": _("Only members of the consortium vote.")})
