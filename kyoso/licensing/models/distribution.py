"""Licence-income distribution: the waterfall's configuration, its runs and statements."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import FISCAL_YEAR_VALIDATORS, Consortium
from kyoso.core.models import TrackedModel
from kyoso.ip.models import Invention
from kyoso.parties.models import Organisation, Person
from kyoso.rules.distribution import CompensationPolicy as CompensationRules
from kyoso.rules.distribution import DistributionError, compensation_policy_from_mapping

from ..choices import StatementStep
from ..querysets import (
    CompensationPolicyQuerySet,
    DistributionQuerySet,
    DistributionRunQuerySet,
    PatentCostQuerySet,
    StatementLineQuerySet,
)
from .licences import Licence

__all__ = ["CompensationPolicy", "DistributionRule", "PatentCost", "DistributionRun", "StatementLine"]


class CompensationPolicy(TrackedModel):
    """A university's inventor-compensation rules (発明補償) as data: income bands, lab, department.

    The body is a ``kyoso.inventor-compensation/1`` document, validated on save by
    :func:`kyoso.rules.distribution.compensation_policy_from_mapping`.
    """

    university = models.ForeignKey(Organisation, verbose_name=_("university"), on_delete=models.PROTECT,
                                   related_name="compensation_policies")
    name = models.SlugField(_("name"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("effective from"))
    body = models.JSONField(_("rules (JSON)"))

    objects = CompensationPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["university", "-effective_from"]
        verbose_name = _("inventor-compensation policy")
        verbose_name_plural = _("inventor-compensation policies")

    def __str__(self) -> str:
        return f"{self.university}: {self.name} v{self.version}"

    def clean(self):
        if not isinstance(self.body, dict):  # a list or a number sent as the rules
            raise ValidationError({"body": _("The rules must be a JSON object ({…}), not a list or a single value.")})
        try:
            self.as_rules()
        except (DistributionError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValidationError({"body": str(error)}) from error

    def as_rules(self) -> CompensationRules:
        body = {k: (str(v) if isinstance(v, float) else v) for k, v in self.body.items()}
        body["bands"] = [{"up_to": b["up_to"], "inventor_percent": str(b["inventor_percent"])} for b in body["bands"]]
        return compensation_policy_from_mapping(body)


class DistributionRule(TrackedModel):
    """How a consortium's licence income flows: costs first, the administration fee, then shares."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE,
                                   related_name="distribution_rules")
    name = models.CharField(_("name"), max_length=200)
    admin_fee_percent = models.DecimalField(
        _("administration fee (%)"), max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    administrator = models.ForeignKey(Organisation, verbose_name=_("administering body"), on_delete=models.PROTECT,
                                      related_name="administered_rules")
    reimburse_costs = models.BooleanField(_("reimburse patent costs first"), default=True)

    objects = DistributionQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "name"]
        verbose_name = _("distribution rule")
        verbose_name_plural = _("distribution rules")

    def __str__(self) -> str:
        return self.name


class PatentCost(TrackedModel):
    """Patent costs a co-owner paid for an invention, reimbursable from its licence income."""

    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.PROTECT, related_name="paid_costs")
    payer = models.ForeignKey(Organisation, verbose_name=_("paid by"), on_delete=models.PROTECT, related_name="paid_patent_costs")
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    paid_on = models.DateField(_("paid on"))
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = PatentCostQuerySet.as_manager()

    class Meta:
        ordering = ["invention", "paid_on"]
        verbose_name = _("patent cost paid")
        verbose_name_plural = _("patent costs paid")

    def __str__(self) -> str:
        return f"{self.invention.reference} {self.payer}: ¥{self.amount:,}"

    def clean(self):
        if self.invention_id and self.payer_id and not self.invention.owners.filter(organisation_id=self.payer_id).exists():
            raise ValidationError({"payer": _("Only a co-owner's costs are reimbursed from licence income.")})


class DistributionRun(TrackedModel):
    """One fiscal year's distribution of the income received under a rule, with its statement lines."""

    rule = models.ForeignKey(DistributionRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="runs")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=FISCAL_YEAR_VALIDATORS)
    income = models.PositiveBigIntegerField(_("income distributed (yen)"), default=0, editable=False)
    notes = models.JSONField(_("working notes"), default=list, editable=False)

    objects = DistributionRunQuerySet.as_manager()

    class Meta:
        ordering = ["rule", "-fiscal_year"]
        verbose_name = _("distribution run")
        verbose_name_plural = _("distribution runs")
        constraints = [models.UniqueConstraint(fields=["rule", "fiscal_year"], name="run_unique_year")]

    def __str__(self) -> str:
        return f"{self.rule} FY{self.fiscal_year}"


class StatementLine(models.Model):
    """One payment of a run: to whom, at which step, from which licence and invention, and why.

    A co-owner's statement is its lines (``organisation``, no ``person``); an inventor's is theirs
    (``person``). Lines are written only by a run and replaced as a whole when it is re-run.
    """

    run = models.ForeignKey(DistributionRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="lines")
    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="statement_lines")
    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.PROTECT, related_name="statement_lines")
    step = models.CharField(_("step"), max_length=20, choices=StatementStep.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="statement_lines")
    person = models.ForeignKey(Person, verbose_name=_("inventor"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="statement_lines")
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    working = models.CharField(_("arithmetic"), max_length=300)
    position = models.PositiveIntegerField(_("order"), default=0)

    objects = StatementLineQuerySet.as_manager()

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.person or self.organisation} ¥{self.amount:,}"

    @property
    def fiscal_year(self) -> int:
        return self.run.fiscal_year
