"""Portfolio-review scoring — pure, no Django."""

from datetime import date
from decimal import Decimal

import pytest

from kyoso.rules.review import COMPONENTS, Asset, components, defaults, renewals_due, savings, score


def test_components_are_between_zero_and_one():
    parts = components(Asset(remaining_years=10, cost_5y=500_000, licences=1, income=2_500_000, votes_for=2,
                             votes_against=1, classes=2, area_weight=80))
    assert set(parts) == set(COMPONENTS)
    assert parts == {"remaining_life": 0.5, "cost": 0.75, "licensing": 0.75, "interest": 0.667,
                     "classes": 1.0, "strategic": 0.8}


def test_score_is_the_weighted_mean_and_weights_are_configurable():
    asset = Asset(remaining_years=20, cost_5y=0, licences=1, income=10**9, votes_for=1, classes=1, area_weight=100)
    assert score(asset).score == Decimal("100.0")
    only_cost = score(Asset(remaining_years=0, cost_5y=1_000_000), weights={n: 0 for n in COMPONENTS} | {"cost": 1})
    assert only_cost.score == Decimal("50.0")
    with pytest.raises(ValueError):
        score(asset, weights={"luck": 1})


def test_recommendations():
    expensive_unused = Asset(remaining_years=2, cost_5y=5_000_000, votes_against=3, area_weight=0)
    assert score(expensive_unused).recommendation == "abandon"
    wanted = Asset(remaining_years=2, cost_5y=5_000_000, votes_for=1, votes_against=3, area_weight=0)
    assert score(wanted).recommendation == "offer_member"  # a member is interested: offer before dropping
    licensed = Asset(remaining_years=15, cost_5y=200_000, licences=2, income=4_000_000, votes_for=2)
    assert score(licensed).recommendation == "maintain"


def test_defaults_are_data_with_a_source():
    assert defaults()["source"] and set(defaults()["weights"]) == set(COMPONENTS)


def test_renewals_due_and_savings():
    rows = [("a", date(2027, 1, 5), "annuity", 1), ("a", date(2026, 12, 5), "annuity", 1),
            ("b", date(2026, 12, 1), "exam_request", 1), ("c", date(2028, 1, 1), "ep_renewal", 1)]
    assert renewals_due(rows, date(2027, 6, 1)) == {"a": date(2026, 12, 5)}
    assert savings(300, 100) == 200 and savings(100, 300) == 0
