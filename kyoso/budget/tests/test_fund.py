"""The IP fund in the demo world: accruals to the yen, an append-only ledger that balances,
funding-source checks, the shortfall, the CLI contract and who sees what."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum

from kyoso.agreements.models import Contribution
from kyoso.agreements.services import save_contribution
from kyoso.budget.choices import CostKind, EntryKind, Source
from kyoso.budget.models import AppendOnlyError, Cost, Grant, LedgerEntry
from kyoso.budget.services.costs import save_cost
from kyoso.budget.services.ledger import post, sync_accruals
from kyoso.budget.services.summary import first_shortfall, fund_years
from kyoso.consortia.models import Consortium
from kyoso.ip.models import Filing

AS_OF = date(2026, 11, 26)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium(db):
    return Consortium.objects.get(slug="opera-demo")


def _accrued(consortium):
    return LedgerEntry.objects.filter(consortium=consortium, source=Source.IP_EARMARK,
                                      kind=EntryKind.ACCRUAL).aggregate(s=Sum("amount"))["s"]


def _earmarked(consortium):
    return Contribution.objects.filter(agreement__consortium=consortium).aggregate(s=Sum("ip_amount"))["s"]


def test_accruals_equal_the_earmarked_indirect_costs_to_the_yen(consortium, user):
    assert _earmarked(consortium) > 0
    assert _accrued(consortium) == _earmarked(consortium)
    again = sync_accruals(consortium, user=user("ipoffice"))  # idempotent
    assert not again.changed


def test_jst_money_earns_no_ip_earmark_and_the_companies_money_does(consortium):
    """Item 13, worked by hand. JST: ¥130,769,231 a year at JST's 30 % → ¥39,230,769 indirect
    (39,230,769.3 rounded down), ¥0 for IP (before: 10 points, ¥13,076,923 a year). Asahi FY2024:
    ¥30,000,000 × 1.10 = ¥33,000,000 at the agreed 20 % → ¥6,600,000 indirect, of which ¥3,300,000 IP."""
    jst = Contribution.objects.filter(agreement__number="OPERA-2022-001", source="jst").order_by("fiscal_year")
    assert list(jst.values_list("fiscal_year", "direct_amount", "indirect_amount", "ip_amount")) == [
        (fy, 130_769_231, 39_230_769, 0) for fy in range(2022, 2027)]
    assert not LedgerEntry.objects.filter(contribution__in=jst).exists()
    asahi = Contribution.objects.get(agreement__number="OPERA-2022-001", contributor__short_name="Asahi Devices",
                                     fiscal_year=2024, kind="cash")
    assert (asahi.direct_amount, asahi.indirect_amount, asahi.ip_amount) == (33_000_000, 6_600_000, 3_300_000)
    assert LedgerEntry.objects.get(contribution=asahi, reversed_by__isnull=True).amount == 3_300_000


def test_recompute_takes_the_earmark_off_jst_money_stored_with_it(consortium, user):
    """Contributions stored before the rates per funding source (JST at the companies' 20 % / 10
    points) are corrected by ``kyoso budget --recompute``, and the accrual is reversed."""
    row = Contribution.objects.filter(agreement__number="OPERA-2022-001", source="jst", fiscal_year=2026).get()
    Contribution.objects.filter(pk=row.pk).update(indirect_amount=26_153_846, ip_amount=13_076_923)
    sync_accruals(consortium, user=user("ipoffice"))
    assert _accrued(consortium) == _earmarked(consortium)
    before = _accrued(consortium)
    out = StringIO()
    call_command("budget", "--consortium", "opera-demo", "--recompute", stdout=out)
    row.refresh_from_db()
    assert (row.indirect_amount, row.ip_amount) == (39_230_769, 0)
    assert _accrued(consortium) == before - 13_076_923 == _earmarked(consortium)
    assert "contributions recomputed." in out.getvalue()


def test_the_ledger_balances(consortium):
    years = fund_years(consortium, as_of=AS_OF, years=5)
    booked = LedgerEntry.objects.filter(consortium=consortium).aggregate(s=Sum("amount"))["s"]
    assert sum(y.accruals for y in years) - sum(y.payments for y in years) == booked
    assert years[-1].balance == booked - sum(y.forecast for y in years)
    payments = -LedgerEntry.objects.filter(consortium=consortium, kind=EntryKind.PAYMENT).aggregate(s=Sum("amount"))["s"]
    assert payments == Cost.objects.filter(consortium=consortium).aggregate(s=Sum("amount"))["s"]


def test_a_changed_contribution_is_corrected_by_reversing_entries(consortium, user):
    contribution = Contribution.objects.filter(agreement__consortium=consortium, ip_amount__gt=0).first()
    old = LedgerEntry.objects.get(contribution=contribution, generated=True, reverses__isnull=True)
    contribution.direct_amount += 1_000_000
    save_contribution(contribution, user=user("ipoffice"))
    assert old.reversed_by.amount == -old.amount
    new = LedgerEntry.objects.get(contribution=contribution, generated=True, reverses__isnull=True, reversed_by__isnull=True)
    assert new.amount == contribution.ip_amount == old.amount + 100_000  # 10 points earmarked
    assert _accrued(consortium) == _earmarked(consortium)


def test_entries_are_append_only():
    entry = LedgerEntry.objects.first()
    entry.amount += 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def _direct_cost(expected_grant):
    grant = Grant.objects.get(number="JPMJTR2024-07")
    filing = Filing.objects.filter(family__invention__consortium=grant.consortium, office="JP").first()
    return Cost(invention=filing.family.invention, filing=filing, kind=CostKind.AGENT_FEE, amount=200_000,
                paid_on=date(2026, 5, 1), source=Source.PROGRAMME_DIRECT, grant=grant, expected_grant_on=expected_grant)


def test_an_ineligible_direct_cost_payment_is_refused_with_the_reason(user):
    before = LedgerEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        save_cost(_direct_cost(date(2028, 6, 1)), user=user("cpo"))
    text = " ".join(refused.value.messages)
    assert "after the contract end 2027-03-31" in text and "astep-direct" in text
    assert LedgerEntry.objects.count() == before


def test_an_eligible_direct_cost_payment_is_booked(user):
    cost = save_cost(_direct_cost(date(2026, 12, 1)), user=user("cpo"))
    assert cost.eligibility["allowed"] and cost.eligibility["rule"] == "astep-direct"
    assert cost.ledger_entries.get().amount == -200_000


def test_changing_a_cost_reverses_its_payment(user):
    cost = Cost.objects.filter(source=Source.IP_EARMARK).first()
    cost.amount += 5_000
    save_cost(cost, user=user("ipoffice"))
    live = cost.ledger_entries.filter(reverses__isnull=True, reversed_by__isnull=True).get()
    assert live.amount == -cost.amount and cost.ledger_entries.count() == 3


def test_the_first_fiscal_year_of_shortfall(consortium, user):
    # The demo fund covers the forecast fees through FY2032 and runs short in FY2033 (the budget
    # page warns of it): spending this year's balance brings the shortfall forward.
    years = fund_years(consortium, as_of=AS_OF, years=10)
    assert first_shortfall(years).fiscal_year == 2033
    current = next(y for y in years if y.fiscal_year == 2026)
    # Spend all but ¥1 of what the fund holds this year: the forecast fees then run it dry.
    post(LedgerEntry(consortium=consortium, fiscal_year=2026, booked_on=AS_OF, kind=EntryKind.PAYMENT,
                     source=Source.UNIVERSITY_BUDGET, amount=-(current.balance - 1), description="test"),
         user=user("ipoffice"))
    years = fund_years(consortium, as_of=AS_OF, years=10)
    short = first_shortfall(years)
    assert short is not None and 2026 <= short.fiscal_year < 2033
    assert all(not y.shortfall for y in years if y.fiscal_year < short.fiscal_year)


def test_budget_cli_json_contract(consortium):
    out = StringIO()
    call_command("budget", "--consortium", "opera-demo", "--years", "3", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert list(document) == ["years"]
    for year in document["years"]:
        assert list(year) == ["fiscal_year", "accruals", "payments", "forecast", "balance", "shortfall"]
        assert all(type(year[k]) is int for k in ("fiscal_year", "accruals", "payments", "forecast", "balance"))
        assert type(year["shortfall"]) is bool
    assert document["years"][-1]["fiscal_year"] == 2028
    assert sum(y["accruals"] for y in document["years"]) >= _earmarked(consortium)


# -- who sees what ----------------------------------------------------------------------------
def test_a_company_sees_only_its_own_money_in_the_ledger(user):
    asahi = user("company-a").profile.organisation
    rows = LedgerEntry.objects.for_user(user("company-a"))
    assert rows.exists() and set(rows.values_list("organisation_id", flat=True)) == {asahi.pk}
    assert not LedgerEntry.objects.for_user(user("company-b")).filter(organisation=asahi).exists()
    assert not LedgerEntry.objects.for_user(user("researcher")).exists()
    # The CPO reads every row of opera-demo's fund and none of opera-second's (Boso funds both).
    assert LedgerEntry.objects.for_user(user("cpo")).count() == LedgerEntry.objects.filter(consortium__slug="opera-demo").count()
    assert not LedgerEntry.objects.for_user(user("cpo")).filter(consortium__slug="opera-second").exists()
    boso_second = LedgerEntry.objects.filter(consortium__slug="opera-second", organisation__short_name="Boso Motors")
    assert boso_second.exists() and set(LedgerEntry.objects.for_user(user("company-b")).filter(
        consortium__slug="opera-second")) == set(boso_second)
    assert not Cost.objects.for_user(user("company-b")).filter(source=Source.CO_OWNER).exclude(
        payer=user("company-b").profile.organisation).exists()


def test_budget_page_per_role(login):
    page = login("cpo").get("/budget/?consortium=opera-demo")
    assert page.status_code == 200 and b"By source" in page.content
    company = login("company-a").get("/budget/?consortium=opera-demo")
    assert company.status_code == 200 and b"By source" not in company.content and b"only your own money" in company.content
    researcher = login("researcher").get("/budget/")
    assert researcher.status_code == 200 and b"no IP fund you may see" in researcher.content
    csv = login("auditor").get("/budget/?consortium=opera-demo&export=csv")
    assert csv.status_code == 200 and b"balance" in b"".join(csv.streaming_content)


def test_api_and_reversal_are_scoped(api, login, user):
    asahi = user("company-a").profile.organisation
    rows = api("company-a").get("/api/budget/ledger/").json()["results"]
    assert rows and {r["organisation"] for r in rows} == {asahi.pk}
    entry = LedgerEntry.objects.filter(reverses__isnull=True, reversed_by__isnull=True).first()
    assert login("auditor").post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": "x"}).status_code == 404
    assert login("cpo").post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": "typo"}).status_code == 302
    assert entry.reversed_by.amount == -entry.amount


@pytest.mark.parametrize("path", ["/budget/ledger/", "/budget/costs/", "/budget/projects/", "/budget/ledger/?export=xlsx",
                                  "/budget/cost-totals/?by=family", "/budget/cost-totals/?by=fiscal_year&export=csv"])
def test_pages(login, path):
    assert login("ipoffice").get(path).status_code == 200


def test_cost_page_says_why_a_source_is_allowed(login):
    cost = Cost.objects.filter(source=Source.PROGRAMME_DIRECT).first()
    page = login("cpo").get(f"/budget/costs/{cost.pk}/")
    assert page.status_code == 200 and b"within the contract" in page.content


def test_other_sources_are_booked_as_accruals_on_the_page(login, consortium):
    cpo = login("cpo")
    assert cpo.get("/budget/ledger/add/").status_code == 200
    response = cpo.post("/budget/ledger/add/", {"consortium": consortium.pk, "fiscal_year": 2026, "booked_on": "2026-11-01",
                                                "source": "university_budget", "amount": 500_000, "description": "top-up"})
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(description="top-up", amount=500_000, kind=EntryKind.ACCRUAL).exists()
    refused = cpo.post("/budget/ledger/add/", {"consortium": consortium.pk, "fiscal_year": 2026, "booked_on": "2026-11-01",
                                               "source": "ip_earmark", "amount": 1, "description": "x"})
    assert refused.status_code == 200 and b"derived from the contributions" in refused.content
    assert login("company-a").get("/budget/ledger/add/").status_code == 403


def test_opening_the_budget_page_books_nothing_and_says_when_accruals_are_out_of_step(login, consortium):
    """Accruals follow the contributions through the services; a page view never writes. A row
    written around them shows as a warning until someone syncs."""
    entry = LedgerEntry.objects.filter(consortium=consortium, generated=True, reverses__isnull=True,
                                       reversed_by__isnull=True).order_by("pk").first()
    assert LedgerEntry.objects.filter(contribution=entry.contribution).count() == 1
    LedgerEntry.objects.filter(pk=entry.pk).delete()  # as if never booked (written around the services)
    entries = LedgerEntry.objects.count()
    page = login("cpo").get("/budget/?consortium=opera-demo")
    assert page.status_code == 200 and b"not in step" in page.content
    assert LedgerEntry.objects.count() == entries
    call_command("budget", "sync", "--consortium", "opera-demo", stdout=StringIO())
    assert LedgerEntry.objects.count() == entries + 1
    assert b"not in step" not in login("cpo").get("/budget/?consortium=opera-demo").content


def test_budget_sync_cli_json_contract():
    out = StringIO()
    call_command("budget", "sync", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["totals_recounted"] is False
    assert {row["consortium"] for row in document["consortia"]} == set(Consortium.objects.values_list("slug", flat=True))
    assert all(row["posted"] == row["reversed"] == 0 for row in document["consortia"])  # services kept them in step
