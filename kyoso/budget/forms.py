"""Forms for costs and funded projects (model choices scoped to the user)."""

from kyoso.core.forms import ScopedModelForm

from .models import Cost, Grant


class CostForm(ScopedModelForm):
    class Meta:
        model = Cost
        fields = ["invention", "filing", "kind", "description", "amount", "paid_on", "vendor", "invoice_number",
                  "invoice_date", "invoice_file", "source", "grant", "payer", "expected_grant_on"]


class GrantForm(ScopedModelForm):
    class Meta:
        model = Grant
        fields = ["consortium", "programme", "number", "title", "funder", "start", "end", "notes"]
