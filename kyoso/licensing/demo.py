"""The licensing side of the opera-demo consortium (called from ``LicensingConfig.extend_demo``).

Both presets in use (Nagoya HMHS for licensing and costs, Tohoku 知財Share for the classes),
requests decided each way, licences with royalty terms, reports, invoices and payments in FY2024
and FY2025, patent costs paid by co-owners, and the FY2025 distribution run.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kyoso.core.services import save_object
from kyoso.ip.models import Invention

from .choices import RoyaltyKind
from .models import DistributionRule, Invoice, LicenceRequest, PatentCost, RoyaltyReport, RoyaltyTerm
from .presets import install_compensation_policy, install_policy, install_scheme
from .services import (
    committee_decide,
    issue_licence,
    recompute_classes,
    run_distribution,
    save_invoice,
    save_royalty_report,
    submit_request,
)

__all__ = ["build_licensing"]


def build_licensing(builder) -> None:
    consortium, orgs, ipoffice = builder.consortium, builder.orgs, builder.actor
    start = date(2022, 4, 1)
    install_scheme(consortium, "tohoku-share", effective_from=start, user=ipoffice)
    nagoya = install_policy(consortium, "nagoya-hmhs", effective_from=start, user=ipoffice, governs_costs=True)
    share = install_policy(consortium, "tohoku-share", effective_from=start, user=ipoffice)
    recompute_classes(consortium, user=ipoffice)
    for key in ("lead", "chubu", "kansai", "kyushu"):
        install_compensation_policy(orgs[key], "illustrative-tiered", effective_from=start, user=ipoffice)
    rule = save_object(DistributionRule(consortium=consortium, name="opera-demo licence income", admin_fee_percent=Decimal("10"),
                                        administrator=orgs["tlo"]), user=ipoffice)

    pool = Invention.objects.filter(consortium=consortium, confidential=False, ip_kind="foreground").order_by("reference")
    co_owned = {o: pool.filter(owners__organisation=orgs[o]).first() for o in ("asahi", "chikuma", "fuji", "daisen")}
    university_only = pool.exclude(owners__organisation__kind="company").first()
    background = Invention.objects.filter(consortium=consortium, confidential=False, ip_kind="background").order_by("reference").first()
    company = {k: builder.users[k][0] for k in ("company-a", "company-b")}

    def ask(requester, invention, policy, purpose, on, user=ipoffice, **extra):
        return submit_request(LicenceRequest(requester=orgs[requester], invention=invention, policy=policy, purpose=purpose,
                                             requested_on=on, **extra), user=user)

    # Research use by a class-A member: granted at once, nothing to sign.
    ask("asahi", university_only, share, "research", date(2024, 5, 10), user=company["company-a"], field="Automotive MRAM evaluation")
    # Business use by a class-B/C member under 知財Share → licence at the class discount.
    fuji = ask("fuji", co_owned["asahi"] or university_only, share, "business", date(2024, 6, 3), field="V2X roadside units", territory="Japan")
    # Business use by a class-A member → royalty-free licence; Asahi files its own request.
    asahi = ask("asahi", university_only, share, "business", date(2024, 7, 1), user=company["company-a"], field="Engine control units")
    # Background IP for business under Nagoya HMHS → steering committee, approved.
    echigo = ask("echigo", background or university_only, nagoya, "business", date(2024, 9, 12), field="Rain sensors")
    committee_decide(echigo, approve=True, note="Approved at the 2024-10 steering committee; standard terms.", user=ipoffice)
    # An exclusive request by Boso → steering committee, pending (Boso sees it, others do not).
    ask("boso", co_owned["fuji"] or university_only, nagoya, "business", date(2025, 11, 20), user=company["company-b"],
        exclusive=True, field="Radar fusion for trucks")
    # An outsider → individual negotiation, licensed with a lump sum.
    outsider = ask("global", university_only, nagoya, "business", date(2024, 8, 1), field="Photonic interconnects", territory="US")

    licences = [
        (fuji, "LIC-2024-001", [(RoyaltyKind.RUNNING, Decimal("3"), None), (RoyaltyKind.MINIMUM, None, 500_000)],
         {2024: 180_000_000, 2025: 240_000_000}),
        (asahi, "LIC-2024-002", [(RoyaltyKind.RUNNING, Decimal("3"), None)], {2024: 300_000_000, 2025: 350_000_000}),
        (echigo, "LIC-2024-003", [(RoyaltyKind.RUNNING, Decimal("2.5"), None), (RoyaltyKind.LUMP_SUM, None, 1_000_000)],
         {2024: 40_000_000, 2025: 75_000_000}),
        (outsider, "LIC-2024-004", [(RoyaltyKind.RUNNING, Decimal("4"), None), (RoyaltyKind.LUMP_SUM, None, 5_000_000)],
         {2024: 60_000_000, 2025: 90_000_000}),
    ]
    for request, number, terms, sales in licences:
        licence = issue_licence(request, number=number, start=request.requested_on, user=ipoffice)
        for kind, rate, amount in terms:
            save_object(RoyaltyTerm(licence=licence, kind=kind, standard_rate=rate, amount=amount), user=ipoffice)
        lump = sum(a for k, _r, a in terms if k == RoyaltyKind.LUMP_SUM)
        for fy, net_sales in sales.items():
            report = save_royalty_report(RoyaltyReport(
                licence=licence, period_start=date(fy, 4, 1), period_end=date(fy + 1, 3, 31), net_sales=net_sales,
                other_due=lump if fy == 2024 else 0, received_on=date(fy + 1, 4, 20)), user=ipoffice)
            paid_on = date(fy + 1, 5, 31) if fy == 2024 else date(2026, 3, 25)  # FY2025's paid within FY2025
            save_invoice(Invoice(licence=licence, report=report, number=f"INV-{number[4:]}-{fy}", issued_on=date(fy + 1, 3, 1) if fy == 2025 else date(fy + 1, 4, 30),
                                 amount=report.amount_due, received_on=paid_on, received_amount=report.amount_due), user=ipoffice)
    for invention in {r.invention for r, *_rest in licences}:
        for owner in invention.owners.all():
            save_object(PatentCost(invention=invention, payer=owner.organisation, amount=int(owner.share * 1_200_000),
                                   paid_on=date(2023, 9, 1), description="JP filing and examination request"), user=ipoffice)
    run_distribution(rule, 2025, user=ipoffice)
    if getattr(builder, "second", None) is not None:
        _build_second(builder)


def _build_second(builder) -> None:
    """opera-second: its own scheme and policy, a licence to Kiso and one to Boso (a member of both).

    Both exclusive (so without the class-A royalty-free discount): their royalties make the run's lines.
    """
    second, orgs, ipoffice = builder.second, builder.orgs, builder.actor
    start = date(2024, 4, 1)
    install_scheme(second, "tohoku-share", effective_from=start, user=ipoffice)
    policy = install_policy(second, "nagoya-hmhs", effective_from=start, user=ipoffice, governs_costs=True)
    recompute_classes(second, user=ipoffice)
    rule = save_object(DistributionRule(consortium=second, name="opera-second licence income", admin_fee_percent=Decimal("10"),
                                        administrator=orgs["tlo"]), user=ipoffice)
    grasp, hub, skin, _suction = builder.second_inventions
    kiso = submit_request(LicenceRequest(requester=orgs["kiso"], invention=grasp, policy=policy, purpose="business",
                                         requested_on=date(2025, 5, 12), field="Picking cells", territory="Japan",
                                         exclusive=True), user=ipoffice)
    boso = submit_request(LicenceRequest(requester=orgs["boso"], invention=skin, policy=policy, purpose="business",
                                         requested_on=date(2025, 6, 2), field="Delivery robots", territory="Japan",
                                         exclusive=True), user=ipoffice)
    for request, number, net_sales in ((kiso, "LIC-2025-011", 30_000_000), (boso, "LIC-2025-012", 55_000_000)):
        if request.status == "committee":
            committee_decide(request, approve=True, note="Approved at the 2025-07 steering committee.", user=ipoffice)
        licence = issue_licence(request, number=number, start=request.requested_on, user=ipoffice)
        save_object(RoyaltyTerm(licence=licence, kind=RoyaltyKind.RUNNING, standard_rate=Decimal("3")), user=ipoffice)
        report = save_royalty_report(RoyaltyReport(licence=licence, period_start=date(2025, 4, 1), period_end=date(2026, 3, 31),
                                                   net_sales=net_sales, other_due=0, received_on=date(2026, 3, 10)), user=ipoffice)
        save_invoice(Invoice(licence=licence, report=report, number=f"INV-{number[4:]}-2025", issued_on=date(2026, 3, 12),
                             amount=report.amount_due, received_on=date(2026, 3, 27), received_amount=report.amount_due), user=ipoffice)
    for owner in hub.owners.select_related("organisation"):
        save_object(PatentCost(invention=hub, payer=owner.organisation, amount=int(owner.share * 1_000_000),
                               paid_on=date(2024, 11, 1), description="JP filing"), user=ipoffice)
    run_distribution(rule, 2025, user=ipoffice)
