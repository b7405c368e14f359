"""Funding-source rules, contribution rates (the IP earmark) and foreign-filing costs — pure, no Django."""

from datetime import date
from decimal import Decimal

import pytest

from kyoso.rules.funding import (
    FUND_SOURCES,
    PROGRAMMES,
    SOURCES,
    check_source,
    entry_costs,
    lifetime_costs,
    to_yen,
)

CONTRACT = (date(2024, 4, 1), date(2027, 3, 31))


def codes(result):
    return [r.code for r in result.reasons]


@pytest.mark.parametrize("programme", ["jst_mirai", "a_step", "coi"])
def test_direct_costs_allowed_during_contract_when_grant_expected_within(programme):
    result = check_source("programme_direct", programme=programme, paid_on=date(2025, 6, 1), contract=CONTRACT,
                          expected_grant=date(2026, 12, 1))
    assert result.allowed
    assert "paid_during_contract" in codes(result) and "grant_within_contract" in codes(result)
    assert result.status == "unconfirmed"  # the handbook text was not read: kept as editable data


def test_direct_costs_refused_when_grant_expected_after_the_contract():
    result = check_source("programme_direct", programme="a_step", paid_on=date(2025, 6, 1), contract=CONTRACT,
                          expected_grant=date(2028, 1, 1))
    assert not result.allowed
    assert codes(result)[-2:] == ["grant_after_contract", "use_other_source"]


def test_direct_costs_refused_after_the_contract_or_without_a_grant_date():
    late = check_source("programme_direct", programme="coi", paid_on=date(2027, 4, 1), contract=CONTRACT,
                        expected_grant=date(2026, 1, 1))
    assert not late.allowed and "paid_outside_contract" in codes(late)
    unknown = check_source("programme_direct", programme="coi", paid_on=date(2025, 4, 1), contract=CONTRACT)
    assert not unknown.allowed and "grant_date_unknown" in codes(unknown)


def test_other_programmes_never_pay_patent_costs_from_direct_costs():
    result = check_source("programme_direct", programme="opera", paid_on=date(2025, 6, 1), contract=CONTRACT,
                          expected_grant=date(2026, 1, 1))
    assert not result.allowed and result.rule == "other-direct"
    assert "programme_excludes" in codes(result)
    assert not check_source("programme_direct").allowed  # no project named at all


@pytest.mark.parametrize("source", ["competitive_indirect", "ip_earmark", "university_budget", "co_owner"])
def test_fund_sources_always_pay(source):
    assert check_source(source, cost="agent_fee").allowed


def test_sources_and_programmes_are_data():
    assert "programme_direct" in SOURCES and "programme_direct" not in FUND_SOURCES
    assert {"jst_mirai", "a_step", "coi"} <= set(PROGRAMMES)
    with pytest.raises(ValueError):
        check_source("lottery")


def test_planning_exchange_rates():
    assert to_yen(2150, "USD") == 322_500
    assert to_yen(Decimal("690.50"), "EUR") == 113_933  # 113,932.5 rounds half up
    assert to_yen(14_000, "JPY") == 14_000


def test_pct_entry_uses_the_jpo_fee_tables_with_the_university_reduction():
    company = entry_costs("PCT", filed=date(2026, 6, 1), claims=10)
    university = entry_costs("PCT", filed=date(2026, 6, 1), claims=10, owners=[("university", Decimal(100))])
    # Received 2026-06-01, filed online: transmittal 17,000 + search 143,000 + international filing
    # 250,500 less the online-filing reduction 56,500 = 354,000; a university pays ½ of each:
    # 8,500 + 71,500 + 97,000 = 177,000.
    assert company["official_fee"] == 17_000 + 143_000 + 250_500 - 56_500 == 354_000
    assert university["official_fee"] == 8_500 + 71_500 + 97_000 == 177_000
    assert company["agent_fee"] == 300_000


def test_lifetime_costs_per_office():
    costs = {c.office: c for c in lifetime_costs(["PCT", "US", "EP", "CN"], priority=date(2026, 4, 1),
                                                   entered=date(2028, 10, 1), claims=10)}
    assert costs["US"].lifetime_fees == to_yen(2150 + 4040 + 8280, "USD")  # three maintenance stages
    assert costs["EP"].lifetime_fees > 0 and "ep_renewals_proxy" in costs["EP"].notes
    assert costs["CN"].lifetime_fees == 0 and "no_fee_table" in costs["CN"].notes
    assert costs["PCT"].total == sum(costs["PCT"].entry.values())


# -- the IP earmark applies to the companies' money, not to JST's --------------------------------
def test_company_money_earns_the_agreed_earmark_and_jst_money_follows_its_contract():
    """A consortium agreement at 20 % indirect, 10 points earmarked for IP, worked by hand:

    company ¥30,000,000 direct → indirect 20 % = ¥6,000,000, of which IP 10 % = ¥3,000,000;
    JST ¥130,769,231 direct → JST's own 30 % = ¥39,230,769 (39,230,769.3 rounded down), IP ¥0.
    Before the fix JST's money earned ¥13,076,923 of IP money a year (¥70.8 M over the demo's five
    years at the old ¥141,666,667).
    """
    from kyoso.rules.fiscal import split_contribution
    from kyoso.rules.funding import contribution_rates

    def split(source, direct):
        rates = contribution_rates(source, Decimal("20"), Decimal("10"))
        return split_contribution(direct, rates.indirect, rates.ip_earmark)

    assert split("company", 30_000_000) == (30_000_000, 6_000_000, 3_000_000, 36_000_000)
    assert split("jst", 130_769_231) == (130_769_231, 39_230_769, 0, 170_000_000)
    assert split("university", 5_000_000) == (5_000_000, 1_000_000, 0, 6_000_000)
    # An agreement without an earmark leaves the companies' money without one too.
    rates = contribution_rates("company", Decimal("10"), Decimal("0"))
    assert (rates.indirect, rates.ip_earmark, rates.source) == (Decimal("10"), Decimal("0"), "mext-2018-tohoku-opera")


def test_a_funding_source_without_rates_is_refused_by_name():
    from kyoso.rules.funding import contribution_rates

    with pytest.raises(LookupError, match="no contribution rates for funding source 'lottery'"):
        contribution_rates("lottery", Decimal("20"), Decimal("10"))
