"""Fee schedule per filing (amounts, payers, rule) and the portfolio forecast (page, exports)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from kyoso.docket.services.fees import fee_schedule, owner_kind
from kyoso.docket.services.forecast import portfolio_forecast, read_portfolio
from kyoso.ip.services import save_filing
from kyoso.rules.fees import ep_micro_entity_amount, jp_annual_fee, jp_exam_fee
from kyoso.rules.fiscal import fiscal_year_of as fiscal_year
from kyoso.rules.owners import owners_from_percentages

pytestmark = pytest.mark.django_db


def test_owner_kinds_for_reductions():
    kinds = [owner_kind("university", ""), owner_kind("public_research", ""), owner_kind("company", "sme"),
             owner_kind("company", "small"), owner_kind("company", "large"), owner_kind("tlo", ""),
             owner_kind("state", ""), owner_kind("other", "sme"), owner_kind("funding_agency", "")]
    assert kinds == ["university", "university", "sme", "small_startup", "company", "approved_tlo", "state", "sme", "company"]


def _exam_line(filing, today):
    [line] = [line for line in fee_schedule(filing, today=today).lines if line.rule == "JP.exam_request"]
    return line


def _budget_exam(filing, today):
    from kyoso.budget.services.forecast import forecast_rows
    from kyoso.ip.models import Filing

    return [r.amount for r in forecast_rows(Filing.objects.filter(pk=filing.pk), today, 5) if r.kind == "exam_request"]


def test_the_docket_and_the_budget_price_an_sme_that_is_not_a_company_the_same(jp_filing, user, today):
    """An SME 組合 (kind "other", size SME) owns the filing: both pay ½ (JPO SME reduction).

    Filed 2024-02-05, 5 claims, no search report: 138,000 + 4,000 × 5 = 158,000; ½ → 79,000.
    The docket used to price it as a company (158,000) and the budget as an SME (79,000).
    """
    from kyoso.ip.services import set_owners
    from kyoso.parties.models import Organisation

    cooperative = Organisation.objects.create(name="Shinano Precision Cooperative", kind="other", size="sme")
    set_owners(jp_filing.family.invention, [(cooperative.pk, Decimal(100))], user=user("ipoffice"))
    assert _exam_line(jp_filing, today).amount == 79_000
    assert _budget_exam(jp_filing, today) == [79_000]
    portfolio = portfolio_forecast(read_portfolio(type(jp_filing).objects.filter(pk=jp_filing.pk)), today, 5)
    assert sum(r.amount for r in portfolio if r.office == "JP") == 79_000


def test_who_searched_prices_the_exam_fee_in_the_schedule_and_every_forecast(jp_filing, user, today):
    """A report by a registered search organisation (JPO 2019 revision): 110,000 + 3,200 × 5 =
    126,000; university ½ and company full at 50/50 → ¾ = 94,500 (no report: ¾ of 158,000 = 118,500)."""
    assert _exam_line(jp_filing, today).amount == 118_500
    jp_filing.searched_by = "search_organisation"
    save_filing(jp_filing, user=user("ipoffice"))
    assert _exam_line(jp_filing, today).amount == 94_500
    assert _budget_exam(jp_filing, today) == [94_500]
    portfolio = portfolio_forecast(read_portfolio(type(jp_filing).objects.filter(pk=jp_filing.pk)), today, 5)
    assert sum(r.amount for r in portfolio if r.office == "JP") == 94_500
    assert jp_filing.history.first().searched_by == "search_organisation"


def test_who_searched_is_for_jp_filings_only(jp_filing):
    from django.core.exceptions import ValidationError

    us = type(jp_filing)(family=jp_filing.family, office="US", status="filed", filing_date=date(2025, 1, 6), searched_by="other_isa")
    with pytest.raises(ValidationError, match="JP filings only"):
        us.full_clean()


@pytest.fixture
def us_filing(jp_filing, user):
    """A granted US patent of the same family (university 50 %, company A 50 %)."""
    from kyoso.ip.models import Filing

    filing = Filing(family=jp_filing.family, office="US", kind="priority_claim", status="registered",
                    priority_date=jp_filing.filing_date, filing_date=date(2025, 1, 31), grant_decision_on=date(2026, 1, 2),
                    registered_on=date(2026, 2, 3), claims=5)
    return save_filing(filing, user=user("ipoffice"))


def _us_fees(filing, today):
    return [line.amount for line in fee_schedule(filing, today=today).lines if line.rule.startswith("US.maintenance")]


def test_a_licence_to_a_large_company_makes_the_us_filing_a_large_entity(us_filing, user, today):
    """37 CFR 1.27(a): university + SME-less company A (large) → large already; with only the
    university as owner → small (860 USD at 3.5 years, 2029-08-03), until a licence in force goes
    to a large company → large (2,150 USD)."""
    from kyoso.docket.services.fees import us_entity_of
    from kyoso.ip.services import set_owners
    from kyoso.licensing.models import Licence, LicensedAsset
    from kyoso.parties.models import Organisation

    invention = us_filing.family.invention
    university = Organisation.objects.filter(kind="university").order_by("pk").first()
    set_owners(invention, [(university.pk, Decimal(100))], user=user("ipoffice"))
    assert us_entity_of(us_filing).entity == "small"
    assert _us_fees(us_filing, today)[:1] == [Decimal(860)]
    large = Organisation.objects.filter(kind="company", size="large").order_by("pk").first()
    licence = Licence.objects.create(number="LIC-US-1", consortium=invention.consortium, licensee=large, start=date(2026, 3, 1))
    LicensedAsset.objects.create(licence=licence, invention=invention)
    status = us_entity_of(us_filing)
    assert status.entity == "large" and large.name in status.reason
    assert _us_fees(us_filing, today)[:1] == [Decimal(2150)]
    assert any("large" in note for note in fee_schedule(us_filing, today=today).notes)
    # The budget and the fee forecast read the same licences.
    from kyoso.budget.services.forecast import forecast_rows
    from kyoso.docket.services.forecast import fee_variants

    assert fee_variants(type(us_filing).objects.filter(pk=us_filing.pk), read_portfolio().owners) == {us_filing.pk: "large"}
    assert read_portfolio().variants[us_filing.pk] == "large"  # read with the filings, not by fee_variants
    # Asked about thousands of inventions (a national portfolio), the hook reads the licences in
    # force whole instead of listing the ids: the same answer, and nothing for the others.
    from kyoso.core import hooks

    many = hooks.first("licensees", [invention.pk, *range(10**9, 10**9 + 5_000)])
    assert many == hooks.first("licensees", [invention.pk]) == {invention.pk: ((large.name, large.kind, large.size or ""),)}
    assert [r.kind for r in forecast_rows(type(us_filing).objects.filter(pk=us_filing.pk), today, 3)] == ["us_maintenance"]
    # Declared on the filing, the status wins over the derivation (with the reason shown).
    us_filing.us_entity = "micro"
    save_filing(us_filing, user=user("ipoffice"))
    assert us_entity_of(us_filing).entity == "micro" and _us_fees(us_filing, today)[:1] == [Decimal(430)]


def test_fee_schedule_uses_the_owners_reductions_and_splits_by_payer(jp_filing, today):
    schedule = fee_schedule(jp_filing, today=today)
    [line] = [line for line in schedule.lines if line.rule == "JP.exam_request"]
    owners = owners_from_percentages([("university", Decimal(50)), ("company", Decimal(50))])
    assert line.amount == jp_exam_fee(5, date(2024, 2, 5), owners=owners).amount == 118_500  # ¾ of 158,000
    assert sum(part for _name, part in line.split) == line.amount
    assert schedule.payers.rule and len(schedule.payers.shares) in (1, 2)


def test_annuities_appear_once_registered(jp_filing, user, today):
    jp_filing.exam_requested_on, jp_filing.grant_decision_on = date(2024, 3, 1), date(2026, 6, 1)
    jp_filing.registered_on, jp_filing.status, jp_filing.registration_number = date(2026, 7, 1), "registered", "特許第7123456号"
    save_filing(jp_filing, user=user("ipoffice"))
    lines = {line.rule + str(line.label): line for line in fee_schedule(jp_filing, today=today).lines}
    year4 = next(line for line in lines.values() if line.rule == "JP.annuity")
    owners = owners_from_percentages([("university", Decimal(50)), ("company", Decimal(50))])
    assert year4.amount == jp_annual_fee(4, 5, year4.due, exam_requested=date(2024, 3, 1), owners=owners).amount


def test_portfolio_forecast_sums_the_kernel_by_fiscal_year_consortium_payer_office(jp_filing, today):
    rows = portfolio_forecast(read_portfolio(), today, 10)
    assert rows and {r.office for r in rows} <= {"JP", "US", "EP"}
    assert all(fiscal_year(today) <= r.fiscal_year <= fiscal_year(today) + 10 for r in rows)
    assert {r.currency for r in rows if r.office == "JP"} == {"JPY"}
    exam_fy = [r for r in rows if r.fiscal_year == 2026 and r.office == "JP" and r.consortium.startswith("Open Innovation")]
    assert exam_fy


def test_forecast_page_chart_and_exports(login):
    web = login("ipoffice")
    page = web.get("/docket/forecast/?years=5&usd=140&eur=150")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "FY2026" in html and "140" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    csv = web.get("/docket/forecast/?years=5&export=csv")
    assert b"fiscal year" in b"".join(csv.streaming_content)
    assert web.get("/docket/forecast/?export=xlsx").status_code == 200


def test_fee_schedule_api(api, jp_filing):
    data = api("cpo").get(f"/api/filings/{jp_filing.pk}/fees/").json()
    assert data["payer_rule"] and data["fees"][0]["currency"] == "JPY"
    assert api("researcher").get(f"/api/filings/{jp_filing.pk}/fees/").status_code == 404


def test_portfolio_totals_equal_the_per_fee_kernel(today):
    """Splitting among payers moves money between rows, never in or out (up to rounding per row)."""
    from kyoso.rules.forecast import forecast

    portfolio = read_portfolio()
    rows = portfolio_forecast(portfolio, today, 10)
    inputs, office_of = [], {}
    micro = set()
    for pk, office, kind, filed, parent_filed, registered, exam, claims, is_micro, invention_id, *_rest in portfolio.filings:
        if filed is None:
            continue
        office_of[pk] = office
        if is_micro and office == "EP":
            micro.add(pk)
        owners = tuple(sorted((owner_kind(k, s), share) for _o, k, s, share in portfolio.owners.get(invention_id, ()))) or None
        filed = parent_filed if kind == "national_phase" and parent_filed else filed
        # Who searched (JP) and the US entity status (licences included) as the page reads them.
        inputs.append((pk, office, filed, registered, exam, claims, owners, portfolio.variants.get(pk, "")))
    expected = defaultdict(Decimal)
    for ref, _due, _kind, amount in forecast(inputs, today, 10):
        expected[office_of[ref]] += ep_micro_entity_amount(amount) if ref in micro else amount
    for office, total in expected.items():
        got = sum(Decimal(r.amount) for r in rows if r.office == office)
        assert abs(got - total) <= Decimal("0.01") * len(rows), office


# --- EPO micro-entities (EPC R.7a) ------------------------------------------------------------------


@pytest.fixture
def ep_filing(jp_filing, user):
    """The EP application of the same family, pending (renewal fees from year 3)."""
    from kyoso.ip.models import Filing

    filing = Filing(family=jp_filing.family, office="EP", kind="priority_claim", status="examination",
                    application_number="EP24123456.7", priority_date=jp_filing.filing_date,
                    filing_date=date(2025, 1, 31), claims=5)
    return save_filing(filing, user=user("ipoffice"))


def _ep_renewals(filing, today):
    return [line for line in fee_schedule(filing, today=today).lines if line.rule == "EP.renewal"]


def test_a_micro_entity_pays_70_percent_of_ep_renewals(ep_filing, user, today):
    """Renewal year 3 at €690 (from 2025-01-01) → €483.00 for a declared micro-entity (EPC R.7a)."""
    full = _ep_renewals(ep_filing, today)
    assert full and full[0].amount == Decimal("690.00")
    ep_filing.ep_micro_entity = True
    save_filing(ep_filing, user=user("ipoffice"))
    reduced = _ep_renewals(ep_filing, today)
    assert [line.amount for line in reduced] == [ep_micro_entity_amount(line.amount) for line in full]
    assert reduced[0].amount == Decimal("483.00")


def test_the_forecasts_reduce_a_micro_entitys_ep_fees(ep_filing, user, today):
    from kyoso.budget.services.forecast import forecast_rows
    from kyoso.ip.models import Filing

    def ep_totals():
        portfolio = sum(Decimal(r.amount) for r in portfolio_forecast(read_portfolio(Filing.objects.filter(pk=ep_filing.pk)), today, 10)
                        if r.office == "EP")
        budget = sum(r.amount for r in forecast_rows(Filing.objects.filter(pk=ep_filing.pk), today, 10))
        return portfolio, budget

    full = ep_totals()
    ep_filing.ep_micro_entity = True
    save_filing(ep_filing, user=user("ipoffice"))
    reduced = ep_totals()
    assert reduced[0] == ep_micro_entity_amount(full[0])  # euros, exact
    assert abs(reduced[1] - full[1] * Decimal("0.7")) <= 10  # yen, rounded per fee


def test_the_micro_entity_flag_is_for_ep_filings_only(jp_filing, user):
    from django.core.exceptions import ValidationError

    jp_filing.ep_micro_entity = True
    with pytest.raises(ValidationError) as refused:
        save_filing(jp_filing, user=user("ipoffice"))
    assert "EP filings only" in " ".join(refused.value.message_dict["ep_micro_entity"])


# --- the kyoso fee command shows the new inputs ----------------------------------------------------

def _fee_command(*args):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("fee", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_fee_command_prices_who_searched_and_foreign_fees():
    # Another ISA searched, filed 2020-01-01, 10 claims, SME: (124,000 + 3,600 × 10) × ½ = 80,000.
    jp = _fee_command("JP", "exam", "--claims", "10", "--filed", "2020-01-01", "--exam-requested", "2021-01-04",
                      "--owner", "sme:100", "--searched-by", "other_isa")
    assert (jp["amount"], jp["currency"]) == (80_000, "JPY")
    # A 3.5-year fee paid 2024-06-03 by a large entity (FY2020 rule): 2,000 USD.
    assert _fee_command("US", "maintenance", "--stage", "3.5", "--paid-on", "2024-06-03")["amount"] == "2000"
    # EP year 4 paid 2022-05-31 (2022 schedule): 630 EUR.
    assert _fee_command("EP", "renewal", "--year", "4", "--paid-on", "2022-05-31")["amount"] == "630"


# --- Exact shares in the portfolio forecast ---------------------------------------------------------


def test_the_forecast_splits_thirds_exactly_and_rounds_once_per_payer_row(today, user):
    """Three JP applications outside any consortium (no cost policy: the owners pay pro rata), each
    filed 2024-02-05 with 5 claims and no examination request: one request fee each, due 2027-02-05
    (FY2026), 138,000 + 4,000 × 5 = 158,000 yen (large companies: no reduction).

    A is owned in thirds by X, Y, Z; B in thirds by X, Y, W; C ⅔ by Y and ⅓ by W. Each third is
    52,666⅔ yen; the rows are rounded once, half up, from the exact sums:
    X = 2 × 52,666⅔ = 105,333⅓ → 105,333 (rounding per invention would give 105,334);
    Y = 2 × 52,666⅔ + 105,333⅓ = 210,666⅔ → 210,667; Z = 52,666⅔ → 52,667; W = 105,333⅓ → 105,333.
    """
    from fractions import Fraction

    from kyoso.consortia.models import Consortium
    from kyoso.ip.models import Filing, Invention
    from kyoso.ip.services import save_filing, save_invention, set_owners
    from kyoso.parties.models import Organisation

    office = user("ipoffice")
    third = Fraction(1, 3)
    x, y, z, w = (Organisation.objects.create(name=f"Payer {name}", kind="company", size="large") for name in "XYZW")
    pks = []
    for title, owners in (("A", [(x, third), (y, third), (z, third)]), ("B", [(x, third), (y, third), (w, third)]),
                          ("C", [(y, 2 * third), (w, third)])):
        invention = save_invention(Invention(title=f"Thirds {title}", disclosed_on=date(2024, 1, 10),
                                             consortium=Consortium.objects.get(slug="opera-demo")), user=office)
        Invention.objects.filter(pk=invention.pk).update(consortium=None, topic=None, agreement=None)  # no cost policy
        invention.refresh_from_db()
        set_owners(invention, [(org.pk, share) for org, share in owners], user=office)
        filing = save_filing(Filing(family=invention.families.get(), office="JP", kind="national", status="filed",
                                    application_number=f"特願2024-09000{len(pks)}", filing_date=date(2024, 2, 5), claims=5),
                             user=office)
        pks.append(filing.pk)
    rows = portfolio_forecast(read_portfolio(Filing.objects.filter(pk__in=pks)), today, 5, ask_payers=True)
    assert [(r.fiscal_year, r.consortium, r.payer, r.office, r.currency, r.amount) for r in rows] == [
        (2026, "(no consortium)", "Payer W", "JP", "JPY", 105_333),
        (2026, "(no consortium)", "Payer X", "JP", "JPY", 105_333),
        (2026, "(no consortium)", "Payer Y", "JP", "JPY", 210_667),
        (2026, "(no consortium)", "Payer Z", "JP", "JPY", 52_667),
    ]


def test_the_forecast_page_is_written_with_the_collector_paused_and_resumes_it(login, monkeypatch):
    """The page renders its rows before the cycle collector runs again (they are freed by then),
    and leaves it running, as a page that failed half-way would too."""
    import gc

    from django.template.response import SimpleTemplateResponse

    seen = []
    render = SimpleTemplateResponse.render

    def spy(response):
        seen.append(gc.isenabled())
        return render(response)

    monkeypatch.setattr(SimpleTemplateResponse, "render", spy)
    response = login("ipoffice").get("/docket/forecast/")
    assert response.status_code == 200
    assert seen and seen[0] is False
    assert gc.isenabled()
