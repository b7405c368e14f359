"""Licence-income waterfall: costs first, then the administration fee, then shares, then inventors.

The compensation bands are the illustrative preset's (modelled on Hokkaido University's rule,
source ``hokudai-employee-invention-rules`` in docs/sources.md): first ¥1,000,000 of the year at 50 %, up to
¥10,000,000 at 40 %, above at 30 %; lab 10 %, department 10 %.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyoso.rules.distribution import (
    CoOwner,
    DistributionError,
    compensate,
    compensation_policy_from_mapping,
    load_compensation_policy,
    split_income,
)

POLICY = load_compensation_policy("illustrative-tiered")


def test_worked_example():
    """A university U and a company K co-own a patent (U 40 %, K 60 %). Income ¥10,000,001.

    Step 1 — patent costs, reimbursed first (total paid 2,000,000 ≤ income, so in full):
        U paid   600,000 → U    600,000
        K paid 1,400,000 → K  1,400,000
        left: 10,000,001 − 2,000,000 = 8,000,001
    Step 2 — administration fee 10 % to the TLO:
        10 % × 8,000,001 = 800,000.1 → TLO 800,000 (truncated to the yen)
        left: 8,000,001 − 800,000 = 7,200,001
    Step 3 — co-ownership shares:
        U 40 % × 7,200,001 = 2,880,000.4 → U 2,880,000
        K 60 % × 7,200,001 = 4,320,000.6 → K 4,320,000
        7,200,001 − 2,880,000 − 4,320,000 = 1 yen left by truncation → U (residual_to)
    Check: U 600,000 + 2,880,000 + 1 = 3,480,001; K 1,400,000 + 4,320,000 = 5,720,000;
           TLO 800,000; 3,480,001 + 5,720,000 + 800,000 = 10,000,001 ✓

    Step 4 — inside U, its part 2,880,000 + 1 = 2,880,001 (its first income this fiscal year):
        band 0–1,000,000:          50 % × 1,000,000 = 500,000
        band 1,000,000–10,000,000: 40 % × 1,880,001 = 752,000.4
        inventors' part 1,252,000.4 → 1,252,000
          inventor A 50 % × 1,252,000 = 626,000
          inventor B 30 % × 1,252,000 = 375,600
          inventor C 20 % × 1,252,000 = 250,400
        lab        10 % × 2,880,001 = 288,000.1 → 288,000
        department 10 % × 2,880,001 = 288,000.1 → 288,000
        university 2,880,001 − 1,252,000 − 288,000 − 288,000 = 1,052,001
    Check: 1,252,000 + 288,000 + 288,000 + 1,052,001 = 2,880,001 ✓
    """
    owners = [CoOwner("U", share=40, paid_costs=600_000), CoOwner("K", share=60, paid_costs=1_400_000)]
    split = split_income(10_000_001, owners, admin_fee_percent=10, administrator="TLO", residual_to="U")
    assert [(p.step, p.party, p.amount) for p in split.payments] == [
        ("costs", "U", 600_000),
        ("costs", "K", 1_400_000),
        ("admin_fee", "TLO", 800_000),
        ("share", "U", 2_880_000),
        ("share", "K", 4_320_000),
        ("rounding", "U", 1),
    ]
    assert split.by_party() == {"U": 3_480_001, "K": 5_720_000, "TLO": 800_000}
    assert split.payments[2].working == "10 % × 8,000,001 = 800,000.1 → 800,000"

    university_part = split.received("U", "share", "rounding")
    assert university_part == 2_880_001
    inside = compensate(university_part, POLICY, {"A": 50, "B": 30, "C": 20})
    assert inside.notes == (
        "band 0–1,000,000: 50 % × 1,000,000 = 500,000",
        "band 1,000,000–10,000,000: 40 % × 1,880,001 = 752,000.4",
        "inventors' part: 1,252,000.4 → 1,252,000",
    )
    assert inside.by_party() == {
        "A": 626_000,
        "B": 375_600,
        "C": 250_400,
        "lab": 288_000,
        "department": 288_000,
        "university": 1_052_001,
    }


def test_income_below_costs_reimburses_pro_rata_and_carries_the_truncated_yen():
    """1,000 against 3,000 of costs: U 1,000 × 1,000 ÷ 3,000 = 333.3 → 333; K 666.6 → 666.

    The 1 yen truncated away flows on: no fee (0 %), and the share split sends it to U.
    """
    owners = [CoOwner("U", 50, 1_000), CoOwner("K", 50, 2_000)]
    split = split_income(1_000, owners, residual_to="U")
    assert split.by_party() == {"U": 334, "K": 666, "administrator": 0}
    assert split.received("U", "costs") == 333


def test_bands_continue_through_the_period():
    """¥500,000 already compensated this year: the next ¥1,000,000 is half at 50 %, half at 40 %."""
    inside = compensate(1_000_000, POLICY, {"A": 100}, earlier_in_period=500_000)
    assert inside.received("A") == 250_000 + 200_000


def test_thirds_are_exact():
    owners = [CoOwner("U", Fraction(100, 3)), CoOwner("K", Fraction(200, 3))]
    split = split_income(3_000_000, owners, residual_to="U")
    assert split.by_party() == {"U": 1_000_000, "K": 2_000_000, "administrator": 0}


# -- properties ----------------------------------------------------------------------------------


@st.composite
def co_owners(draw):
    count = draw(st.integers(1, 5))
    weights = draw(st.lists(st.integers(1, 1000), min_size=count, max_size=count))
    costs = draw(st.lists(st.integers(0, 10**9), min_size=count, max_size=count))
    return [
        CoOwner(f"P{i}", Fraction(100 * w, sum(weights)), paid)
        for i, (w, paid) in enumerate(zip(weights, costs, strict=True))
    ]


percents = st.decimals(min_value=0, max_value=100, places=2)


@given(st.integers(0, 10**12), co_owners(), percents)
def test_split_pays_exactly_the_income_and_nothing_negative(income, owners, fee):
    split = split_income(
        income, owners, residual_to=owners[-1].party, admin_fee_percent=fee, administrator="TLO"
    )
    assert sum(p.amount for p in split.payments) == income
    assert all(p.amount >= 0 for p in split.payments)
    for owner in owners:
        assert split.received(owner.party, "costs") <= owner.paid_costs
    if income >= sum(o.paid_costs for o in owners):
        assert all(split.received(o.party, "costs") == o.paid_costs for o in owners)
    assert split.received(owners[-1].party, "rounding") < len(owners)


@given(
    st.integers(0, 10**11),
    st.integers(0, 10**8),
    st.dictionaries(st.sampled_from("ABCDE"), st.integers(1, 100), min_size=1),
)
def test_compensation_pays_exactly_the_amount_and_nothing_negative(amount, earlier, weights):
    inventors = {name: Fraction(100 * w, sum(weights.values())) for name, w in weights.items()}
    inside = compensate(amount, POLICY, inventors, earlier_in_period=earlier)
    assert sum(p.amount for p in inside.payments) == amount
    assert all(p.amount >= 0 for p in inside.payments)


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_compensating_in_two_parts_matches_once_within_a_yen(first, second):
    whole = compensate(first + second, POLICY, {"A": 100}).received("A")
    parts = compensate(first, POLICY, {"A": 100}).received("A") + compensate(
        second, POLICY, {"A": 100}, earlier_in_period=first
    ).received("A")
    assert whole - 1 <= parts <= whole


# -- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"income": -1}, "income must be a non-negative integer"),
        ({"income": 1.5}, "income must be a non-negative integer"),
        ({"co_owners": []}, "no co-owners"),
        ({"residual_to": "X"}, "residual_to 'X' is not a co-owner"),
        ({"co_owners": [CoOwner("U", 50), CoOwner("K", 40)]}, "add up to 90 %, not 100 %"),
        ({"co_owners": [CoOwner("U", 100), CoOwner("U", 0)]}, "co-owners repeat"),
        ({"co_owners": [CoOwner("U", 100, -5)]}, "paid_costs of U"),
        ({"admin_fee_percent": 101}, "outside 0–100"),
        ({"admin_fee_percent": 0.1}, "expected a Decimal, Fraction or int"),
    ],
)
def test_split_rejects_bad_input(kwargs, message):
    args = {"income": 1000, "co_owners": [CoOwner("U", 100)], "residual_to": "U", **kwargs}
    with pytest.raises(DistributionError, match=message):
        split_income(args.pop("income"), args.pop("co_owners"), **args)


def test_compensation_rejects_contributions_not_summing_to_100():
    with pytest.raises(DistributionError, match="add up to 100 %"):
        compensate(1000, POLICY, {"A": 60, "B": 30})


def policy_data(**changes):
    data = {
        "schema": "kyoso.inventor-compensation/1", "id": "t", "version": 1, "title": "t", "title_ja": "t",
        "source": "test", "illustrative": True, "lab_percent": "10", "department_percent": "10",
        "bands": [{"up_to": 1000, "inventor_percent": "50"}, {"up_to": None, "inventor_percent": "30"}],
    }  # fmt: skip
    return {**data, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, r"unknown keys \['colour'\]"),
        ({"bands": [{"up_to": 1000, "inventor_percent": "50"}]}, "must be open-ended"),
        (
            {
                "bands": [
                    {"up_to": 1000, "inventor_percent": "5"},
                    {"up_to": 500, "inventor_percent": "5"},
                    {"up_to": None, "inventor_percent": "5"},
                ]
            },
            "strictly increasing",
        ),  # fmt: skip
        ({"lab_percent": "45"}, "exceeds 100 %"),
        ({"department_percent": "-1"}, "percent in 0–100"),
        ({"bands": [{"up_to": None, "rate": "5"}]}, "keys must be up_to and inventor_percent"),
    ],
)
def test_invalid_compensation_policy(changes, message):
    with pytest.raises(DistributionError, match=message):
        compensation_policy_from_mapping(policy_data(**changes))


def test_preset_is_labelled_illustrative():
    assert POLICY.illustrative and POLICY.bands[0].inventor_percent == Decimal("50")
