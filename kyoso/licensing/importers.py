"""Import royalty reports: one row per licence and period, as the licensee reports them.

The licence is named by its number among the licences the user may see; the save checks that they
may add its reports (a licensee its own, the CPO those of their consortia), as the form does.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kyoso.core.importing import DateColumn, Importer, IntegerColumn, ReferenceColumn, TextColumn, register

from .models import Licence, RoyaltyReport
from .services import save_royalty_report

__all__ = ["RoyaltyReportImporter"]


class LicenceReference(ReferenceColumn):
    """A licence by number among those the user may see (the report's save checks the rest)."""

    def queryset(self, importer):
        return Licence.objects.for_user(importer.user, "view")


@register
class RoyaltyReportImporter(Importer):
    kind = "royalty-reports"
    verbose_name = _lazy("royalty reports")
    description = _lazy("One row per licence and period; the running royalty is computed from the licence's terms.")
    model = RoyaltyReport
    columns = (
        LicenceReference("licence", _lazy("licence"), Licence, ("number",), ja="ライセンス番号", required=True),
        DateColumn("period_start", _lazy("period start"), ja="対象期間開始日", required=True),
        DateColumn("period_end", _lazy("period end"), ja="対象期間終了日", required=True),
        IntegerColumn("net_sales", _lazy("net sales (yen)"), ja="正味販売額", required=True),
        IntegerColumn("other_due", _lazy("minimums, lump sums, milestones (yen)"), ja="その他の支払額"),
        DateColumn("received_on", _lazy("received on"), ja="受領日", help_text=_lazy("Left blank: today")),
        TextColumn("note", _lazy("note"), ja="備考"),
    )
    sample = {"licence": "LIC-2024-002", "period_start": "2026-04-01", "period_end": "2027-03-31",
              "net_sales": 5_000_000, "other_due": 0, "received_on": "", "note": ""}

    def check_rows(self, rows) -> None:
        """The same licence and period twice in one file is an error (it would be counted twice)."""
        seen: dict[tuple, int] = {}
        for row in rows:
            key = (row.values["licence"].pk, row.values["period_start"], row.values["period_end"])
            if key in seen:
                row.error(_("The same licence and period as row %(row)s.") % {"row": seen[key]}, "period_start")
            else:
                seen[key] = row.number

    def import_row(self, values):
        report = RoyaltyReport(
            licence=values["licence"], period_start=values["period_start"], period_end=values["period_end"],
            net_sales=values["net_sales"], other_due=values.get("other_due") or 0,
            received_on=values.get("received_on") or timezone.localdate(), note=values.get("note") or _("imported"),
        )
        key = f"{report.licence.number} {report.period_start:%Y-%m-%d}–{report.period_end:%Y-%m-%d}"
        return [self.save(report, key=key, service=save_royalty_report)]
