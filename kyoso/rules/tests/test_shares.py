"""Share-class arithmetic (Tohoku 知財Share).

Source: MEXT 2018-02-05, Tohoku OPERA slide (source id ``mext-2018-tohoku-opera``, docs/sources.md):
"共同研究費に対する企業負担に応じて、特許の利用権利をクラス化(無償又は安価実施)する知財Share制度".
The thresholds used here are the illustrative preset's (A ≥ 20 %, B ≥ 10 %, C ≥ 1 %), not the source's.
"""

import copy
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyoso.rules.shares import (
    ShareClassError,
    assign_classes,
    compute_shares,
    list_schemes,
    load_scheme,
    scheme_from_mapping,
)
from kyoso.rules.shares import _data_dir as scheme_dir


@pytest.fixture(scope="module")
def scheme():
    return load_scheme("tohoku-share")


def raw():
    return json.loads(scheme_dir().joinpath("tohoku-share.json").read_text(encoding="utf-8"))


def test_worked_example(scheme):
    """Four companies, ¥10,000,000 in all:

    K  1,200,000 ÷ 10,000,000 = 12.00 % ≥ 10 % → B
    L  6,000,000 ÷ 10,000,000 = 60.00 % ≥ 20 % → A
    M  2,750,000 ÷ 10,000,000 = 27.50 % ≥ 20 % → A
    N     50,000 ÷ 10,000,000 =  0.50 % <  1 % → no class
    """
    rows = assign_classes({"K": 1_200_000, "L": 6_000_000, "M": 2_750_000, "N": 50_000}, scheme)
    assert [(r.company, r.share, r.share_class and r.share_class.name) for r in rows] == [
        ("K", Decimal("12.00"), "B"),
        ("L", Decimal("60.00"), "A"),
        ("M", Decimal("27.50"), "A"),
        ("N", Decimal("0.50"), None),
    ]
    assert rows[0].explanation == "1,200,000 ÷ 10,000,000 = 12.00 % ≥ 10 % → class B"
    assert rows[3].explanation == "50,000 ÷ 10,000,000 = 0.50 % < 1 % (lowest class) → no class"
    assert rows[0].share_class.royalty_discount == Decimal("50")


def test_threshold_is_judged_on_the_exact_share(scheme):
    """9,999,999 of 100,000,000 is 9.999999 %: below B's 10 % even though it shows as 10.00 %."""
    rows = assign_classes({"K": 9_999_999, "L": 90_000_001}, scheme)
    assert rows[0].share == Decimal("10.00")
    assert rows[0].share_class.name == "C"
    assert rows[0].explanation == ("9,999,999 ÷ 100,000,000 ≈ 9.999999 % (shown as 10.00 %) ≥ 1 % → class C")


def test_exact_threshold_reaches_the_class(scheme):
    rows = assign_classes({"K": 1, "L": 4}, scheme)
    assert [r.share_class.name for r in rows] == ["A", "A"]  # 20 % exactly is class A


def test_largest_remainder_rounding():
    """Thirds: 33.333…% each; the one missing hundredth goes to the first by tie-break (id)."""
    assert compute_shares({"b": 1, "a": 1, "c": 1}) == {
        "a": Decimal("33.34"),
        "b": Decimal("33.33"),
        "c": Decimal("33.33"),
    }


def test_zero_total(scheme):
    rows = assign_classes({"K": 0, "L": 0}, scheme)
    assert [(r.share, r.share_class) for r in rows] == [(Decimal("0.00"), None)] * 2
    assert "no share can be computed" in rows[0].explanation


def test_no_companies(scheme):
    assert assign_classes({}, scheme) == []


@pytest.mark.parametrize("amount", [-1, 1.5, True, "100"])
def test_contributions_must_be_non_negative_integer_yen(amount):
    with pytest.raises(ShareClassError, match="contribution of 'K'"):
        compute_shares({"K": amount})


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 10**12), min_size=1, max_size=12))
def test_shares_sum_to_exactly_100_and_stay_near_the_exact_value(contributions):
    shares = compute_shares(contributions)
    total = sum(contributions.values())
    if total == 0:
        assert set(shares.values()) == {Decimal("0.00")}
        return
    assert sum(shares.values()) == Decimal("100.00")
    for company, share in shares.items():
        assert share.as_tuple().exponent == -2
        assert abs(share - Decimal(contributions[company] * 100) / total) < Decimal("0.01")


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 10**10), min_size=1, max_size=8))
def test_a_larger_contribution_never_gets_a_lower_class(contributions):
    scheme = load_scheme("tohoku-share")
    rank = {c.name: i for i, c in enumerate(reversed(scheme.classes), 1)}
    rows = sorted(assign_classes(contributions, scheme), key=lambda r: r.contribution)
    ranks = [rank.get(r.share_class.name, 0) if r.share_class else 0 for r in rows]
    assert ranks == sorted(ranks)


# -- scheme validation ---------------------------------------------------------------------------


def test_preset_is_labelled_illustrative(scheme):
    assert scheme.illustrative and "ILLUSTRATIVE" in scheme.title
    assert "tohoku-share" in list_schemes()


def mutated(change):
    data = copy.deepcopy(raw())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["classes"][1].update(min_share="20"), "B .20 %. is not above|is not above"),
        (lambda d: d["classes"].reverse(), "thresholds must strictly decrease"),
        (lambda d: d["classes"][2].update(min_share="-1"), "outside 0–100"),
        (lambda d: d["classes"][0].update(min_share="NaN"), "outside 0–100"),
        (lambda d: d["classes"][0].update(rights=["world_domination"]), "unknown rights"),
        (lambda d: d["classes"][0].update(royalty_discount="10"), "royalty discount goes with"),
        (lambda d: d["classes"][0].update(colour="gold"), r"unknown keys \['colour'\]"),
        (lambda d: d["classes"][1].update(name="A"), "class names repeat"),
        (lambda d: d.update(classes=[]), "defines no class"),
    ],
)
def test_invalid_scheme(change, message):
    with pytest.raises(ShareClassError, match=message):
        scheme_from_mapping(mutated(change))


def test_unknown_scheme():
    with pytest.raises(ShareClassError, match="no share-class scheme 'x'"):
        load_scheme("x")


def test_docstring_example():
    import doctest

    from kyoso.rules import shares

    assert doctest.testmod(shares).failed == 0
