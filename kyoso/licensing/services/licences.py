"""Licences, royalty reports (entered, or imported through kyoso.licensing.importers) and invoices."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence
from kyoso.core.services import record_event, save_object

from ..models import Invoice, Licence, RoyaltyReport

__all__ = ["save_licence", "save_royalty_report", "save_invoice", "licence_money"]


def save_licence(licence: Licence, *, user) -> Licence:
    return save_object(licence, user=user)


@transaction.atomic
def save_royalty_report(report: RoyaltyReport, *, user) -> RoyaltyReport:
    """Save a report; ``clean`` computes the running royalty at the licence's effective rate."""
    creating = report.pk is None
    save_object(report, user=user)
    if creating:
        record_event(report.licence, "royalty-reported", Sentence(gettext_lazy("Royalty report %(period)s: net sales ¥%(sales)s, due ¥%(due)s"),
                                                                   period=report, sales=f"{report.net_sales:,}", due=f"{report.amount_due:,}"), user=user)
    return report


@transaction.atomic
def save_invoice(invoice: Invoice, *, user) -> Invoice:
    creating = invoice.pk is None
    save_object(invoice, user=user)
    if creating:
        record_event(invoice.licence, "invoiced", Sentence(gettext_lazy("Invoice %(number)s: ¥%(amount)s"),
                                                            number=invoice.number, amount=f"{invoice.amount:,}"), user=user)
    return invoice


def licence_money(licence: Licence) -> dict[str, int]:
    """Amounts due (reports), invoiced and received, and what is still outstanding, in yen."""
    reports = licence.reports.all()
    due = sum(r.amount_due for r in reports)
    invoiced = licence.invoices.aggregate(total=Sum("amount"))["total"] or 0
    received = licence.invoices.aggregate(total=Sum("received_amount"))["total"] or 0
    return {"due": due, "invoiced": invoiced, "received": received, "outstanding": invoiced - received,
            "not_invoiced": max(due - invoiced, 0)}
