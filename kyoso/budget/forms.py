"""Forms for costs and funded projects (model choices scoped to the user)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import ScopedModelForm

from .choices import Source
from .models import Cost, Grant, LedgerEntry


class CostForm(ScopedModelForm):
    class Meta:
        model = Cost
        fields = ["invention", "filing", "kind", "description", "amount", "paid_on", "vendor", "invoice_number",
                  "invoice_date", "invoice_file", "source", "grant", "payer", "expected_grant_on"]


class GrantForm(ScopedModelForm):
    class Meta:
        model = Grant
        fields = ["consortium", "programme", "number", "title", "funder", "start", "end", "notes"]


class AccrualForm(ScopedModelForm):
    """Money into the fund from a source other than contributions (those are derived)."""

    class Meta:
        model = LedgerEntry
        fields = ["consortium", "fiscal_year", "booked_on", "source", "amount", "organisation", "grant", "description"]

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None or amount <= 0:
            raise forms.ValidationError(_("An accrual brings money in: a positive amount."))
        return amount

    def clean_source(self):
        source = self.cleaned_data["source"]
        if source == Source.IP_EARMARK:
            raise forms.ValidationError(_("IP-earmarked accruals are derived from the contributions."))
        return source
