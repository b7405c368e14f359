"""The opera-demo consortium's IP fund: other sources, an A-STEP project, paid costs with invoices.

Accruals from contributions are already booked by the ``contribution_changed`` hook while the
demo records its contributions; :func:`build_budget` re-runs :func:`sync_accruals` (a no-op when
in step) and adds what a real fund also has. Costs follow each filing's history: official fees
from the fee tables, attorney fees and translations at typical rates (illustrative).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence
from kyoso.core.services import record_event, save_object
from kyoso.ip.models import Filing
from kyoso.parties.choices import OrganisationKind
from kyoso.rules.fees import jp_exam_fee

from .choices import CostKind, EntryKind, Programme, Source
from .models import Cost, Grant, LedgerEntry
from .services.costs import save_cost
from .services.forecast import fund_shares
from .services.ledger import post, sync_accruals

__all__ = ["build_budget"]

TODAY = date(2026, 11, 26)  # the demo's "today" (kyoso.demo.build)
# Typical outside costs per filing (yen): attorney fee, and translation for foreign offices.
AGENT = {"JP": 350_000, "PCT": 300_000, "US": 600_000, "EP": 700_000}
TRANSLATION = {"US": 500_000, "EP": 450_000}
PCT_OFFICIAL = 17_000 + 143_000 + 217_700  # transmittal + search + international filing (fees_jp_pct.csv)


def build_budget(builder) -> None:
    user, consortium, orgs = builder.actor, builder.consortium, builder.orgs
    sync_accruals(consortium, user=user)
    _other_sources(consortium, orgs, user)
    grant = save_object(Grant(
        consortium=consortium, programme=Programme.A_STEP, number="JPMJTR2024-07", funder=orgs["jst"],
        title="A-STEP 産学共同（本格型）: MRAM cells for automotive controllers",
        start=date(2024, 4, 1), end=date(2027, 3, 31),
        notes="Patent costs of results expected to be granted within the contract may be paid from direct costs (funding rule astep-direct).",
    ), user=user)
    post(LedgerEntry(consortium=consortium, fiscal_year=2025, booked_on=date(2025, 4, 1), kind=EntryKind.ACCRUAL,
                     source=Source.PROGRAMME_DIRECT, amount=1_500_000, grant=grant, organisation=orgs["jst"],
                     description="A-STEP direct costs set aside for patent costs"), user=user)
    # Only filed applications have cost anything yet (a draft has no filing date).
    filings = Filing.objects.filter(family__invention__consortium=consortium, filing_date__isnull=False).select_related("family__invention")
    shares = fund_shares(filings)
    for filing in filings.order_by("filing_date", "pk"):
        _costs_of(filing, shares.get(filing.family.invention_id, Fraction(1)), user)
    _direct_cost_examples(consortium, grant, user)
    if getattr(builder, "second", None) is not None:
        _build_second(builder.second, orgs, user)


def _build_second(second, orgs, user) -> None:
    """opera-second's fund: accruals from its contributions, a university budget line, a project, paid costs."""
    sync_accruals(second, user=user)
    post(LedgerEntry(consortium=second, fiscal_year=2025, booked_on=date(2025, 4, 1), kind=EntryKind.ACCRUAL,
                     source=Source.UNIVERSITY_BUDGET, amount=500_000, organisation=orgs["chubu"],
                     description="Chubu Institute of Technology IP budget for the consortium"), user=user)
    save_object(Grant(consortium=second, programme=Programme.A_STEP, number="JPMJTR2025-31", funder=orgs["jst"],
                      title="A-STEP: grasp planning for logistics robots", start=date(2025, 4, 1), end=date(2027, 3, 31)), user=user)
    filings = Filing.objects.filter(family__invention__consortium=second, filing_date__isnull=False).select_related("family__invention")
    shares = fund_shares(filings)
    for filing in filings.order_by("filing_date", "pk"):
        _costs_of(filing, shares.get(filing.family.invention_id, Fraction(1)), user)


def _other_sources(consortium, orgs, user) -> None:
    # The earmark accrues from the companies' money only (JST money follows JST's contract), so the
    # lead university's own IP budget carries the rest of the fund: ¥2,000,000 a year.
    for fy in range(2022, 2027):
        post(LedgerEntry(consortium=consortium, fiscal_year=fy, booked_on=date(fy, 4, 1), kind=EntryKind.ACCRUAL,
                         source=Source.UNIVERSITY_BUDGET, amount=2_000_000, organisation=orgs["lead"],
                         description="Kita-Nihon University IP budget for the consortium"), user=user)
    post(LedgerEntry(consortium=consortium, fiscal_year=2024, booked_on=date(2024, 10, 1), kind=EntryKind.ACCRUAL,
                     source=Source.COMPETITIVE_INDIRECT, amount=3_000_000, organisation=orgs["lead"],
                     description="Indirect costs of a KAKENHI grant (特許関連経費)"), user=user)


def _cost(filing, kind, amount, paid_on, user, **extra) -> Cost | None:
    if paid_on > TODAY or amount <= 0:
        return None
    invention = filing.family.invention
    number = f"INV-{paid_on:%y%m}-{filing.pk:04d}-{kind[:2].upper()}"
    vendor = "" if kind == CostKind.OFFICIAL_FEE else "Kita-Nihon Patent Firm"
    return save_cost(Cost(invention=invention, filing=filing, kind=kind, amount=amount, paid_on=paid_on, vendor=vendor,
                          invoice_number=number if vendor else "", invoice_date=paid_on - timedelta(days=14) if vendor else None,
                          **extra), user=user)


def _costs_of(filing, fund_share, user) -> None:
    """The fund pays its part (the cost-burden rules of the licensing policy); a co-owning company pays the rest."""
    company = next((o.organisation for o in filing.family.invention.owners.select_related("organisation")
                    if o.organisation.kind == OrganisationKind.COMPANY), None)
    filed = filing.filing_date
    lines = [(CostKind.AGENT_FEE, AGENT.get(filing.office, 0), filed)]
    if filing.office == "JP":
        lines.append((CostKind.OFFICIAL_FEE, 14_000, filed))
        if filing.exam_requested_on:
            lines.append((CostKind.OFFICIAL_FEE, jp_exam_fee(filing.claims, filed).amount, filing.exam_requested_on))
    if filing.office == "PCT":
        lines.append((CostKind.OFFICIAL_FEE, PCT_OFFICIAL, filed))
    if filing.office in TRANSLATION:
        lines.append((CostKind.TRANSLATION, TRANSLATION[filing.office], filed))
    if filing.office == "JP" and filing.kind == "national":
        lines.append((CostKind.SEARCH, 80_000, filed - timedelta(days=20)))
    for kind, amount, paid_on in lines:
        company_part = amount - int(amount * fund_share) if company else 0
        _cost(filing, kind, amount - company_part, paid_on, user, source=Source.IP_EARMARK)
        if company_part:
            _cost(filing, kind, company_part, paid_on, user, source=Source.CO_OWNER, payer=company)


def _direct_cost_examples(consortium, grant, user) -> None:
    """One eligible direct-cost payment, and one refused (grant expected after the contract)."""
    filing = (Filing.objects.filter(family__invention__consortium=consortium, office="JP", status="examination",
                                    family__invention__topic__code="T1").order_by("filing_date").first())
    if filing is None:
        return
    _cost(filing, CostKind.AGENT_FEE, 120_000, date(2025, 9, 1), user, source=Source.PROGRAMME_DIRECT, grant=grant,
          expected_grant_on=date(2026, 12, 1), description="Response to office action (A-STEP direct costs)")
    try:
        _cost(filing, CostKind.TRANSLATION, 450_000, date(2026, 6, 1), user, source=Source.PROGRAMME_DIRECT,
              grant=grant, expected_grant_on=date(2028, 6, 1), description="US translation (refused)")
    except ValidationError as error:
        record_event(consortium, "cost-refused", Sentence(gettext_lazy("Direct-cost payment refused: %(reasons)s"), reasons=error.messages), user=user)
