"""The survey's categories: brackets at their edges, partner categories, sizes, figure keys."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyoso.rules.survey import Case, bracket_of, cases_of, partner_type_of, size_of, summarise


@pytest.mark.parametrize(("amount", "bracket"), [
    (0, "zero"), (1, "under_1m"), (999_999, "under_1m"), (1_000_000, "1m_3m"), (2_999_999, "1m_3m"),
    (3_000_000, "3m_5m"), (5_000_000, "5m_10m"), (9_999_999, "5m_10m"), (10_000_000, "10m_plus"),
    (2_000_000_000, "10m_plus"),
])
def test_bracket_edges(amount, bracket):
    assert bracket_of(amount) == bracket


def test_a_negative_amount_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        bracket_of(-1)


@pytest.mark.parametrize(("kind", "domestic", "expected"), [
    ("company", True, "private_company"), ("company", False, "foreign_company"),
    ("funding_agency", True, "independent_agency"), ("public_research", True, "independent_agency"),
    ("public_interest", True, "public_interest"), ("local_government", True, "local_government"),
    ("state", True, "state"), ("tlo", True, "other"), ("university", False, "other"), ("unheard_of", True, "other"),
])
def test_partner_categories(kind, domestic, expected):
    assert partner_type_of(kind, domestic) == expected


def test_sizes():
    assert [size_of("company", s) for s in ("large", "sme", "small", "")] == ["large", "sme", "sme", "unknown"]
    assert size_of("university", "") == "not_company"


def test_large_cases_and_unknown_keys():
    cases = [Case(1, 10, "private_company", "large", 10_000_000), Case(2, 11, "state", "not_company", 9_999_999)]
    assert [case.agreement_id for case in cases_of(cases, "large")] == [1]
    assert summarise(cases).large.amount == 10_000_000
    with pytest.raises(KeyError):
        cases_of(cases, "by_partner.martians")


_cases = st.lists(st.builds(
    Case, agreement_id=st.integers(1, 50), partner_id=st.integers(1, 50),
    partner_type=st.sampled_from(["private_company", "foreign_company", "independent_agency", "public_interest",
                                  "local_government", "state", "other"]),
    size=st.sampled_from(["large", "sme", "not_company", "unknown"]), amount=st.integers(0, 50_000_000),
), max_size=40)


@given(_cases)
def test_every_breakdown_adds_up_to_the_total_and_matches_its_records(cases):
    summary = summarise(cases)
    for rows, dimension in ((summary.by_partner, "by_partner"), (summary.by_size, "by_size"),
                            (summary.by_bracket, "by_bracket")):
        assert sum(row.cases for row in rows) == summary.cases == len(cases)
        assert sum(row.amount for row in rows) == summary.amount == sum(case.amount for case in cases)
        for row in rows:  # each figure counts exactly the records its link lists
            assert row.cases == len(cases_of(cases, f"{dimension}.{row.key}"))
    assert summary.large.cases == sum(1 for case in cases if case.amount >= 10_000_000)
