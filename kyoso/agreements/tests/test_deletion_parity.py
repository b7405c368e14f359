"""Deleting a contribution has the same effects on the web page and over the API: one event on the
agreement that names the contributor and the year but not the money, the IP fund's accrual
reversed, the share classes recomputed, the deletion in the history.

The demo figures: OPERA-2022-001 charges 20 % indirect costs of which 10 points fund IP. Asahi
Devices paid 30,000,000 yen direct in FY2022, growing 5 % a year, so FY2024 is 30,000,000 × 1.10 =
33,000,000 direct, 6,600,000 indirect, 3,300,000 earmarked for IP. Under the cumulative share-class
scheme Asahi counted 210,000,000 (cash 30 + 31.5 + 33 + 34.5 + 36 = 165 million × 1.2, plus
5 × 2,400,000 in kind) of all companies' 625,196,400: 33.59 %. Without the FY2024 cash
(33,000,000 + 6,600,000 = 39,600,000) it is 170,400,000 of 585,596,400: 29.10 %.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import translation

from kyoso.agreements.models import Agreement, Contribution
from kyoso.budget.models import LedgerEntry
from kyoso.budget.services.ledger import accruals_in_sync
from kyoso.budget.services.summary import fund_years
from kyoso.consortia.models import Consortium
from kyoso.core.models import Event
from kyoso.licensing.models import CompanyClassAssignment

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 26)


def _asahi_fy2024_cash() -> Contribution:
    return Contribution.objects.get(agreement__number="OPERA-2022-001", contributor__short_name="Asahi Devices",
                                    fiscal_year=2024, kind="cash")


def _fy2024_accruals() -> int:
    years = fund_years(Consortium.objects.get(slug="opera-demo"), as_of=AS_OF, years=5)
    return next(y.accruals for y in years if y.fiscal_year == 2024)


def _delete(channel: str, contribution: Contribution, login, api) -> None:
    if channel == "web":
        login("ipoffice").post(f"/contributions/{contribution.pk}/delete/")
    else:
        api("ipoffice").delete(f"/api/contributions/{contribution.pk}/")


def _effects(channel: str, login, api) -> dict:
    """What a user could notice after deleting Asahi's FY2024 cash contribution through ``channel``."""
    contribution = _asahi_fy2024_cash()
    agreement = contribution.agreement
    pk = contribution.pk
    accruals_before = _fy2024_accruals()
    events_before = set(Event.objects.filter(object_id=agreement.pk, verb="deleted").values_list("pk", flat=True))
    _delete(channel, contribution, login, api)
    new_events = Event.objects.filter(object_id=agreement.pk, verb="deleted").exclude(pk__in=events_before)
    reversal = LedgerEntry.objects.filter(reverses__isnull=False, fiscal_year=2024).order_by("-pk").first()
    asahi = CompanyClassAssignment.objects.get(company__short_name="Asahi Devices", fiscal_year__isnull=True)
    gone = Contribution.history.filter(id=pk).order_by("-history_date").first()
    return {
        "contribution exists": Contribution.objects.filter(pk=pk).exists(),
        "events": [(e.actor_name, e.summary_by_language["en"], e.summary_by_language["ja"]) for e in new_events],
        "FY2024 accruals change": _fy2024_accruals() - accruals_before,
        "reversal": (reversal.amount, reversal.fiscal_year, reversal.description, reversal.reverses.generated),
        "accruals in sync": accruals_in_sync(agreement.consortium),
        "Asahi's share": (asahi.contribution, asahi.total, asahi.share, asahi.share_class.name),
        "history": (gone.history_type, gone.history_user.username),
    }


EXPECTED = {
    "contribution exists": False,
    "events": [("ipoffice", "Contribution of Asahi Devices for FY2024 deleted",
                "旭デバイス株式会社の2024年度の拠出を削除しました")],
    "FY2024 accruals change": -3_300_000,
    "reversal": (-3_300_000, 2024, "Reversal: contribution deleted", True),
    "accruals in sync": True,
    "Asahi's share": (170_400_000, 585_596_400, Decimal("29.10"), "A"),
    "history": ("-", "ipoffice"),
}


def test_the_demo_figures_before_any_deletion():
    """The starting point the expected effects are worked out from."""
    contribution = _asahi_fy2024_cash()
    assert (contribution.direct_amount, contribution.indirect_amount, contribution.ip_amount) == (33_000_000, 6_600_000, 3_300_000)
    asahi = CompanyClassAssignment.objects.get(company__short_name="Asahi Devices", fiscal_year__isnull=True)
    assert (asahi.contribution, asahi.total, asahi.share) == (210_000_000, 625_196_400, Decimal("33.59"))


@pytest.mark.parametrize("channel", ["web", "api"])
def test_deleting_a_contribution_has_the_same_effects_on_the_web_and_over_the_api(channel, login, api):
    with translation.override("en"):
        assert _effects(channel, login, api) == EXPECTED


def test_web_and_api_deletions_of_two_contributions_of_the_same_kind_leave_the_same_trace(login, api):
    """Asahi's FY2024 cash on the web, its FY2025 cash (34,500,000 direct, 3,450,000 for IP) over the API."""
    agreement = Agreement.objects.get(number="OPERA-2022-001")
    fy2025 = Contribution.objects.get(agreement=agreement, contributor__short_name="Asahi Devices", fiscal_year=2025, kind="cash")
    _delete("web", _asahi_fy2024_cash(), login, api)
    _delete("api", fy2025, login, api)
    events = list(Event.objects.filter(object_id=agreement.pk, verb="deleted").order_by("pk")
                  .values_list("actor_name", "summary"))[-2:]
    assert events == [("ipoffice", "Contribution of Asahi Devices for FY2024 deleted"),
                      ("ipoffice", "Contribution of Asahi Devices for FY2025 deleted")]
    reversals = (LedgerEntry.objects.filter(reverses__isnull=False, reverses__generated=True, fiscal_year__in=(2024, 2025))
                 .values("fiscal_year").annotate(total=Sum("amount")).order_by("fiscal_year"))
    assert [(r["fiscal_year"], r["total"]) for r in reversals] == [(2024, -3_300_000), (2025, -3_450_000)]


def test_the_deletion_event_on_the_shared_agreement_does_not_name_the_amount(login):
    """Boso Motors is a party to the consortium agreement and reads its timeline: it learns that
    Asahi's FY2024 contribution was deleted, not how much Asahi had paid."""
    login("ipoffice").post(f"/contributions/{_asahi_fy2024_cash().pk}/delete/")
    page = login("company-b").get(Agreement.objects.get(number="OPERA-2022-001").get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "Contribution of Asahi Devices for FY2024 deleted" in text
    assert "33,000,000" not in text and "39,600,000" not in text
