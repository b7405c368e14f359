"""Licences, royalty reports (entered or imported from a spreadsheet) and invoices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence
from kyoso.core.services import record_event, save_object

from ..models import Invoice, Licence, RoyaltyReport

__all__ = ["save_licence", "save_royalty_report", "save_invoice", "import_royalty_reports", "licence_money"]


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


IMPORT_COLUMNS = ("licence", "period_start", "period_end", "net_sales", "other_due")


@transaction.atomic
def import_royalty_reports(rows: Iterable[Mapping], *, user) -> list[RoyaltyReport]:
    """Create reports from spreadsheet rows (columns ``IMPORT_COLUMNS``), all or none.

    The licence is looked up by number among the licences ``user`` may see, and the save checks
    that they may change its reports, so a licensee imports only its own.
    """
    reports, errors = [], []
    visible = Licence.objects.for_user(user, "view")
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            licence = visible.filter(number=str(row["licence"]).strip()).first()
            if licence is None:
                raise ValueError(_("no such licence, or not yours: %(number)s") % {"number": row["licence"]})
            report = RoyaltyReport(
                licence=licence, period_start=_date(row["period_start"]), period_end=_date(row["period_end"]),
                net_sales=int(row.get("net_sales") or 0), other_due=int(row.get("other_due") or 0),
                received_on=date.today(), note=_("imported"),
            )
            reports.append(save_royalty_report(report, user=user))
        except KeyError as error:
            errors.append(_("line %(line)s: missing column %(column)s") % {"line": line, "column": error.args[0]})
        except ValidationError as error:
            errors.append(_("line %(line)s: %(error)s") % {"line": line, "error": "; ".join(error.messages)})
        except ValueError as error:
            errors.append(_("line %(line)s: %(error)s") % {"line": line, "error": error})
    if errors:
        raise ValidationError(errors)
    return reports


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value).strip()[:10])


def licence_money(licence: Licence) -> dict[str, int]:
    """Amounts due (reports), invoiced and received, and what is still outstanding, in yen."""
    reports = licence.reports.all()
    due = sum(r.amount_due for r in reports)
    invoiced = licence.invoices.aggregate(total=Sum("amount"))["total"] or 0
    received = licence.invoices.aggregate(total=Sum("received_amount"))["total"] or 0
    return {"due": due, "invoiced": invoiced, "received": received, "outstanding": invoiced - received,
            "not_invoiced": max(due - invoiced, 0)}
