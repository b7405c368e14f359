"""The IP fund: funded projects, an append-only ledger, and patent costs with their invoices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kyoso.agreements.models import Contribution
from kyoso.consortia.models import FISCAL_YEAR_VALIDATORS, Consortium
from kyoso.core.formatting import fiscal_year_label
from kyoso.core.models import TrackedModel
from kyoso.ip.models import Filing, Invention
from kyoso.parties.models import Organisation

from .choices import CostKind, EntryKind, Programme, Source
from .querysets import CostQuerySet, GrantQuerySet, LedgerEntryQuerySet

__all__ = ["Grant", "Cost", "LedgerEntry", "AppendOnlyError"]


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete a booked ledger entry (post a reversal instead)."""


class Grant(TrackedModel):
    """A funded project (e.g. a JST A-STEP contract) whose direct costs may pay patent costs when
    its programme allows it: the contract period decides what may be charged to it."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="grants")
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    number = models.CharField(_("project number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    funder = models.ForeignKey(Organisation, verbose_name=_("funder"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="funded_grants")
    start = models.DateField(_("contract start"))
    end = models.DateField(_("contract end"))
    notes = models.TextField(_("notes"), blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "number"]
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A contract cannot end before it starts.")})


class Cost(TrackedModel):
    """A patent cost: an official fee, an agent's fee, a translation or a search, with its invoice.

    Booked against a filing (or, for costs of the whole family, only its invention). Its funding
    source is checked by the funding-source rules when saved; saving posts the payment to the ledger, and a
    change reverses that payment and posts the corrected one.
    """

    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.PROTECT, related_name="costs")
    filing = models.ForeignKey(Filing, verbose_name=_("filing"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="costs")
    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="ip_costs",
                                   editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=CostKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    paid_on = models.DateField(_("paid on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=FISCAL_YEAR_VALIDATORS, editable=False)
    vendor = models.CharField(_("agent / vendor"), max_length=200, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    invoice_file = models.FileField(_("invoice (PDF)"), upload_to="budget/invoices/%Y/", blank=True)
    source = models.CharField(_("paid from"), max_length=30, choices=Source.choices, default=Source.IP_EARMARK)
    grant = models.ForeignKey(Grant, verbose_name=_("funded project"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="costs", help_text=_("When paid from a project's direct costs"))
    payer = models.ForeignKey(Organisation, verbose_name=_("co-owner who paid"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="ip_costs_paid")
    expected_grant_on = models.DateField(_("grant expected on"), null=True, blank=True,
                                         help_text=_("Decides whether a project's direct costs may pay"))
    eligibility = models.JSONField(_("funding check"), default=dict, editable=False)

    objects = CostQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("patent cost")
        verbose_name_plural = _("patent costs")
        indexes = [models.Index(fields=["consortium", "fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.invention.reference} {self.get_kind_display()} ¥{self.amount:,}"

    def clean(self):
        errors = {}
        if self.filing_id and self.invention_id and self.filing.family.invention_id != self.invention_id:
            errors["filing"] = _("The filing belongs to another invention.")
        if self.invention_id and not self.invention.consortium_id:
            errors["invention"] = _("Only inventions in a consortium's pool are paid from its IP fund.")
        if self.source == Source.CO_OWNER and not self.payer_id:
            errors["payer"] = _("Say which co-owner paid.")
        if self.payer_id and self.invention_id and not self.invention.owners.filter(organisation_id=self.payer_id).exists():
            errors["payer"] = _("The payer must co-own the invention.")
        if self.grant_id and self.invention_id and self.grant.consortium_id != self.invention.consortium_id:
            errors["grant"] = _("The project belongs to another consortium.")
        if errors:
            raise ValidationError(errors)


class LedgerEntry(TrackedModel):
    """One booking in a consortium's IP fund: money in (+) or out (−) of a source, in a fiscal year.

    Append-only: an entry is never changed or deleted; a correction is a reversing entry (the same
    amount with the opposite sign, pointing at the entry it reverses). Balances are sums over the
    entries, never typed. Accruals generated from contributions carry ``generated`` and their
    contribution, so re-deriving them is idempotent.
    """

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="ledger")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=FISCAL_YEAR_VALIDATORS)
    booked_on = models.DateField(_("booked on"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    amount = models.BigIntegerField(_("amount (yen)"), help_text=_("Positive in, negative out"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    organisation = models.ForeignKey(Organisation, verbose_name=_("whose money"), on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="ledger_entries")
    contribution = models.ForeignKey(Contribution, verbose_name=_("contribution"), on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="ledger_entries")
    cost = models.ForeignKey(Cost, verbose_name=_("patent cost"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="ledger_entries")
    grant = models.ForeignKey(Grant, verbose_name=_("funded project"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="ledger_entries")
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reversed_by")
    generated = models.BooleanField(_("generated from a contribution"), default=False, editable=False)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-booked_on", "-pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["consortium", "fiscal_year", "kind"]), models.Index(fields=["contribution", "generated"]),
            # The ledger page in its order, for those who see every entry and for a company's own
            # entries (a million generated accruals at national scale: never sorted whole).
            models.Index(fields=["booked_on", "id"], name="ledger_in_order"),
            models.Index(fields=["organisation", "booked_on", "id"], name="ledger_of_organisation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=False) | models.Q(kind="accrual", amount__gte=0)
                | models.Q(kind="payment", amount__lte=0),
                name="ledger_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.get_kind_display()} ¥{self.amount:,}"

    def get_description_display(self) -> str:
        """The description; one a service wrote in English (a cost kind's name) in the active language."""
        return gettext(self.description) if self.description else ""

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversed_by")

    def save(self, *args, **kwargs):
        if self.pk is not None and not getattr(self, "_booking", False):
            raise AppendOnlyError("A ledger entry is never changed; post a reversing entry.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A ledger entry is never deleted; post a reversing entry.")
