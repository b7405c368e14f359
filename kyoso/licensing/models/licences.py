"""Licences over pooled IP, their royalty terms, royalty reports and invoices."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core import hooks
from kyoso.core.models import TrackedModel
from kyoso.ip.models import Invention
from kyoso.parties.models import Organisation
from kyoso.rules.fiscal import fiscal_year_of

from ..choices import Exclusivity, LicenceStatus, RoyaltyKind
from ..querysets import InvoiceQuerySet, LicencePartQuerySet, LicenceQuerySet, RoyaltyReportQuerySet
from .policies import LicenceRequest

__all__ = ["Licence", "LicensedAsset", "RoyaltyTerm", "RoyaltyReport", "Invoice"]

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Licence(TrackedModel):
    """A licence granted to a licensee over pooled IP, with the class discount it was given.

    ``class_discount`` is copied from the licensee's class when the licence is issued: the
    running royalty is the standard rate less that discount, and stays so even if the class later
    changes (a signed licence is not renegotiated by a recomputation).
    """

    number = models.CharField(_("licence number"), max_length=30, unique=True)
    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="licences")
    licensee = models.ForeignKey(Organisation, verbose_name=_("licensee"), on_delete=models.PROTECT, related_name="licences")
    request = models.OneToOneField(LicenceRequest, verbose_name=_("request"), on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="licence")
    field = models.CharField(_("field of use"), max_length=200, blank=True)
    territory = models.CharField(_("territory"), max_length=100, default="Worldwide")
    exclusivity = models.CharField(_("exclusivity"), max_length=20, choices=Exclusivity.choices, default=Exclusivity.NON_EXCLUSIVE)
    sublicensing = models.BooleanField(_("sublicensing allowed"), default=False)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE)
    share_class = models.CharField(_("licensee's class when issued"), max_length=20, blank=True)
    class_discount = models.DecimalField(_("class discount on the standard royalty (%)"), max_digits=5, decimal_places=2,
                                         default=Decimal("0"), validators=PERCENT)
    notes = models.TextField(_("notes"), blank=True)

    objects = LicenceQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "number"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return f"{self.number} {self.licensee}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A licence cannot end before it starts.")})
        if self.pk and self.exclusivity == Exclusivity.EXCLUSIVE:
            check_state_approval(self.assets.values_list("invention_id", flat=True), "exclusivity")

    def effective_rate(self, standard_rate: Decimal) -> Decimal:
        """The running rate after the class discount, e.g. 3 % less 50 % → 1.5 %."""
        return standard_rate * (Decimal("100") - self.class_discount) / Decimal("100")


class LicensedAsset(TrackedModel):
    """An invention (with all its filings) covered by a licence."""

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="assets")
    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.PROTECT, related_name="licensed_as")

    objects = LicencePartQuerySet.as_manager()

    class Meta:
        ordering = ["licence", "invention__reference"]
        verbose_name = _("licensed asset")
        verbose_name_plural = _("licensed assets")
        constraints = [models.UniqueConstraint(fields=["licence", "invention"], name="asset_unique_invention")]

    def __str__(self) -> str:
        return str(self.invention)

    def clean(self):
        if self.licence_id and self.invention_id and self.invention.consortium_id != self.licence.consortium_id:
            raise ValidationError({"invention": _("The invention is in another consortium's pool.")})
        if self.licence_id and self.invention_id and self.licence.exclusivity == Exclusivity.EXCLUSIVE:
            check_state_approval([self.invention_id], "invention")


def check_state_approval(invention_ids, field: str) -> None:
    """Refuse an exclusive licence over an invention of commissioned research (産業技術力強化法
    Art. 17) until the funder's prior approval is recorded with its reference (asked by hook)."""
    missing = hooks.first("state_approval_missing", list(invention_ids), "exclusive_licence")
    if missing:
        raise ValidationError({field: _(
            "%(inventions)s came from commissioned research: the funder must approve an exclusive licence "
            "beforehand (Industrial Technology Enhancement Act Art. 17). Record the approval with its reference "
            "on the award's duty first.") % {"inventions": ", ".join(missing)}})


class RoyaltyTerm(TrackedModel):
    """One money term of a licence: a running rate, an annual minimum, a lump sum or a milestone."""

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(_("kind"), max_length=20, choices=RoyaltyKind.choices)
    # xgettext:no-python-format — a literal per cent sign, not a placeholder
    standard_rate = models.DecimalField(_("standard rate (% of net sales)"), max_digits=5, decimal_places=2, null=True, blank=True,
                                        validators=PERCENT)
    amount = models.PositiveBigIntegerField(_("amount (yen)"), null=True, blank=True)
    event = models.CharField(_("milestone / due event"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)

    objects = LicencePartQuerySet.as_manager()

    class Meta:
        ordering = ["licence", "kind"]
        verbose_name = _("royalty term")
        verbose_name_plural = _("royalty terms")

    def __str__(self) -> str:
        if self.kind == RoyaltyKind.RUNNING:
            return f"{self.get_kind_display()}: {self.standard_rate} %"
        return f"{self.get_kind_display()}: ¥{self.amount or 0:,}"

    def clean(self):
        if self.kind == RoyaltyKind.RUNNING and self.standard_rate is None:
            raise ValidationError({"standard_rate": _("A running royalty needs its rate.")})
        if self.kind != RoyaltyKind.RUNNING and not self.amount:
            raise ValidationError({"amount": _("This term needs its amount.")})

    @property
    def effective_rate(self) -> Decimal | None:
        return self.licence.effective_rate(self.standard_rate) if self.standard_rate is not None else None


class RoyaltyReport(TrackedModel):
    """A licensee's report for a period: net sales, and the royalty due computed from the terms.

    ``running_royalty`` = net sales × the licence's effective running rate, truncated to the yen;
    ``other_due`` covers minimum top-ups, lump sums and milestones falling in the period.
    """

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    net_sales = models.PositiveBigIntegerField(_("net sales (yen)"), default=0)
    running_royalty = models.PositiveBigIntegerField(_("running royalty (yen)"), default=0, editable=False)
    other_due = models.PositiveBigIntegerField(_("minimums, lump sums, milestones (yen)"), default=0)
    received_on = models.DateField(_("report received"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RoyaltyReportQuerySet.as_manager()

    class Meta:
        ordering = ["licence", "-period_end"]
        verbose_name = _("royalty report")
        verbose_name_plural = _("royalty reports")

    def __str__(self) -> str:
        return f"{self.licence.number} {self.period_start:%Y-%m}–{self.period_end:%Y-%m}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("A period cannot end before it starts.")})
        if self.licence_id:
            self.running_royalty = self.compute_running_royalty()

    def compute_running_royalty(self) -> int:
        term = self.licence.terms.filter(kind=RoyaltyKind.RUNNING).first()
        if term is None:
            return 0
        exact = Decimal(self.net_sales) * term.effective_rate / Decimal("100")
        return int(exact.to_integral_value(rounding=ROUND_FLOOR))  # never bill more than owed

    @property
    def amount_due(self) -> int:
        return self.running_royalty + self.other_due

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.period_end)


class Invoice(TrackedModel):
    """What was invoiced to the licensee, and what was received and when (income for distribution)."""

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="invoices")
    report = models.ForeignKey(RoyaltyReport, verbose_name=_("royalty report"), on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued on"))
    amount = models.PositiveBigIntegerField(_("amount invoiced (yen)"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_amount = models.PositiveBigIntegerField(_("amount received (yen)"), default=0)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["licence", "-issued_on"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number

    def clean(self):
        if self.received_amount and not self.received_on:
            raise ValidationError({"received_on": _("Say when the money was received.")})
        if self.report_id and self.licence_id and self.report.licence_id != self.licence_id:
            raise ValidationError({"report": _("The report belongs to another licence.")})
