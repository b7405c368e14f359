"""Usage-right classes over a funding share (Tohoku 知財Share) and each company's class."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import FISCAL_YEAR_VALIDATORS, Consortium, ResearchTopic
from kyoso.core.models import TrackedModel
from kyoso.parties.models import Organisation
from kyoso.rules.shares import ClassScheme, ShareClassError, scheme_from_mapping

from ..choices import ClassRight, ShareBasis
from ..querysets import ClassAssignmentQuerySet, ConsortiumRuleQuerySet, ShareClassQuerySet

__all__ = ["ShareClassScheme", "ShareClass", "CompanyClassAssignment"]

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ShareClassScheme(TrackedModel):
    """A consortium's class table, versioned: what counts (basis, topic) and from when it applies.

    The classes themselves are :class:`ShareClass` rows; :meth:`as_rules` turns the whole into the
    pure :class:`kyoso.rules.shares.ClassScheme` that does the arithmetic.
    """

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE, related_name="share_schemes")
    name = models.SlugField(_("name"), help_text=_("e.g. tohoku-share"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("effective from"))
    title = models.CharField(_("title"), max_length=300)
    basis = models.CharField(_("share basis"), max_length=20, choices=ShareBasis.choices, default=ShareBasis.CUMULATIVE)
    topic = models.ForeignKey(
        ResearchTopic, verbose_name=_("research topic"), on_delete=models.PROTECT, null=True, blank=True,
        help_text=_("Count only this topic's research; empty: all cooperative research of the consortium"),
    )
    standard_royalty = models.DecimalField(
        # xgettext:no-python-format — a literal per cent sign, not a placeholder
        _("standard running royalty (% of net sales)"), max_digits=5, decimal_places=2, default=Decimal("3"), validators=PERCENT,
        help_text=_("The pool's list price before class discounts"),
    )
    counts_in_kind = models.BooleanField(_("in-kind contributions count"), default=True)
    active = models.BooleanField(_("in use"), default=True)
    source = models.TextField(_("source"), blank=True)
    illustrative = models.BooleanField(_("illustrative figures"), default=False,
                                       help_text=_("The thresholds are assumptions, not taken from a source"))

    objects = ConsortiumRuleQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "name", "-version"]
        verbose_name = _("share-class scheme")
        verbose_name_plural = _("share-class schemes")
        constraints = [models.UniqueConstraint(fields=["consortium", "name", "version"], name="scheme_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def clean(self):
        if self.topic_id and self.topic.consortium_id != self.consortium_id:
            raise ValidationError({"topic": _("The research topic belongs to another consortium.")})

    def as_rules(self) -> ClassScheme:
        """The pure scheme for :mod:`kyoso.rules.shares` (raises ``ShareClassError`` if invalid)."""
        return scheme_from_mapping({
            "schema": "kyoso.share-classes/1", "id": self.name, "version": self.version, "title": self.title,
            "title_ja": "", "source": self.source, "illustrative": self.illustrative,
            "classes": [c.as_mapping() for c in self.classes.all()],
        })


class ShareClass(TrackedModel):
    """One class: reached at ``min_share`` % of the counted contributions, granting ``rights``."""

    scheme = models.ForeignKey(ShareClassScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("class"), max_length=20)
    # xgettext:no-python-format — a literal per cent sign, not a placeholder
    min_share = models.DecimalField(_("threshold (% share, inclusive)"), max_digits=5, decimal_places=2, validators=PERCENT)
    rights = models.JSONField(_("rights"), default=list, help_text=_("Any of: %(rights)s") % {
        "rights": ", ".join(ClassRight.values)})
    royalty_discount = models.DecimalField(_("royalty discount (%)"), max_digits=5, decimal_places=2, default=Decimal("0"),
                                           validators=PERCENT)
    label = models.CharField(_("label"), max_length=200, blank=True)
    label_ja = models.CharField(_("label (Japanese)"), max_length=200, blank=True)

    objects = ShareClassQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "-min_share"]  # highest class first, as the rules expect
        verbose_name = _("share class")
        verbose_name_plural = _("share classes")
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="class_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} (≥ {self.min_share.normalize():f} %)"

    def as_mapping(self) -> dict:
        return {"name": self.name, "min_share": str(self.min_share), "rights": list(self.rights),
                "royalty_discount": str(self.royalty_discount), "label": self.label, "label_ja": self.label_ja}

    def clean(self):
        try:
            from kyoso.rules.shares import _class_from_mapping  # the same check the data files get

            _class_from_mapping(self.as_mapping(), str(self.name))
        except ShareClassError as error:
            raise ValidationError(str(error)) from error

    def rights_display(self) -> list[str]:
        labels = dict(ClassRight.choices)
        return [str(labels.get(r, r)) for r in self.rights]


class CompanyClassAssignment(TrackedModel):
    """A company's share and class under a scheme for one period, with the arithmetic written out.

    Rewritten by ``services.recompute_classes`` whenever contributions change; the field history
    keeps every earlier class, and a ``class-changed`` event says when a threshold was crossed.
    ``fiscal_year`` is empty for a cumulative scheme (all years to date).
    """

    scheme = models.ForeignKey(ShareClassScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="assignments")
    company = models.ForeignKey(Organisation, verbose_name=_("company"), on_delete=models.PROTECT, related_name="share_classes")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True, validators=FISCAL_YEAR_VALIDATORS)
    contribution = models.PositiveBigIntegerField(_("counted contribution (yen)"))
    total = models.PositiveBigIntegerField(_("all companies' contributions (yen)"))
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    share_class = models.ForeignKey(ShareClass, verbose_name=_("class"), on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="assignments")
    arithmetic = models.CharField(_("arithmetic"), max_length=300)

    objects = ClassAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "-fiscal_year", "-share"]
        verbose_name = _("company class")
        verbose_name_plural = _("company classes")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "company", "fiscal_year"], name="assignment_unique_period"),
        ]

    def __str__(self) -> str:
        period = f"FY{self.fiscal_year}" if self.fiscal_year else _("to date")
        return f"{self.company} — {self.share_class.name if self.share_class else '—'} ({period})"

    @property
    def class_name(self) -> str:
        return self.share_class.name if self.share_class else ""
