"""Portfolio review: score each right, recommend maintain / abandon / offer, count savings.

Pure Python: no Django import. Weights, caps and thresholds are data
(``data/review/weights.json``); a review round may override the weights. Each component is a
number from 0 (argues for dropping the right) to 1 (argues for keeping it):

- ``remaining_life`` — years left ÷ the term (a right about to expire is worth little to renew);
- ``cost`` — 1 − (cost to keep it 5 years ÷ the cost cap): cheap rights are easy to keep;
- ``licensing`` — licensed at all counts half, income up to the income cap the other half;
- ``interest`` — the members' votes: maintain and opt-in count for, abandon against;
- ``classes`` — 1 when share classes grant rights over it (dropping it changes what members hold);
- ``strategic`` — the technology area's weight set by the committee (0–100 → 0–1).

The score is the weighted mean × 100, to one decimal place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from kyoso.rules.datafiles import DATA_DIR

__all__ = ["COMPONENTS", "Asset", "Scored", "defaults", "score", "recommend", "interest", "savings", "renewals_due"]

COMPONENTS = ("remaining_life", "cost", "licensing", "interest", "classes", "strategic")
MAINTAIN, ABANDON, OFFER = "maintain", "abandon", "offer_member"


@cache
def defaults() -> dict:
    """The default weights, caps and thresholds (``data/review/weights.json``)."""
    return json.loads((DATA_DIR / "review" / "weights.json").read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Asset:
    """The facts about one right that the score reads (yen as integers)."""

    remaining_years: float
    cost_5y: int
    licences: int = 0
    income: int = 0
    votes_for: int = 0
    votes_against: int = 0
    classes: int = 0
    area_weight: int | None = None


@dataclass(frozen=True, slots=True)
class Scored:
    score: Decimal
    components: dict[str, float]
    recommendation: str


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def interest(votes_for: int, votes_against: int) -> float:
    """Members' interest from 0 to 1; with no votes at all, neutral (0.5)."""
    total = votes_for + votes_against
    return 0.5 if total == 0 else votes_for / total


def components(asset: Asset, caps: Mapping[str, int] | None = None, default_area_weight: int | None = None) -> dict[str, float]:
    """Every component in [0, 1], rounded to three places."""
    caps = {**defaults()["caps"], **(caps or {})}
    area = asset.area_weight if asset.area_weight is not None else (
        default_area_weight if default_area_weight is not None else defaults()["default_area_weight"])
    values = {
        "remaining_life": _clamp(asset.remaining_years / caps["term_years"]),
        "cost": _clamp(1 - asset.cost_5y / caps["cost_5y"]),
        "licensing": (0.5 if asset.licences else 0.0) + 0.5 * _clamp(asset.income / caps["income"]),
        "interest": interest(asset.votes_for, asset.votes_against),
        "classes": 1.0 if asset.classes else 0.0,
        "strategic": _clamp(area / 100),
    }
    return {name: round(values[name], 3) for name in COMPONENTS}


def score(asset: Asset, weights: Mapping[str, float] | None = None, caps: Mapping[str, int] | None = None,
          thresholds: Mapping[str, float] | None = None) -> Scored:
    """Score ``asset`` with ``weights`` (missing ones from the defaults) and recommend."""
    weights = {**defaults()["weights"], **(weights or {})}
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"unknown score components: {', '.join(sorted(unknown))}")
    if any(w < 0 for w in weights.values()) or not sum(weights.values()):
        raise ValueError("weights must be non-negative and not all zero")
    parts = components(asset, caps)
    total = sum(Decimal(str(weights[n])) * Decimal(str(parts[n])) for n in COMPONENTS)
    value = (total * 100 / Decimal(str(sum(weights.values())))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Scored(value, parts, recommend(value, interested=asset.votes_for > 0, thresholds=thresholds))


def recommend(value: Decimal, *, interested: bool, thresholds: Mapping[str, float] | None = None) -> str:
    """Maintain at or above the maintain threshold; below the abandon threshold abandon — unless a
    member is interested, when the right is first offered to members; in between, offer."""
    limits = {**defaults()["thresholds"], **(thresholds or {})}
    if value >= Decimal(str(limits["maintain"])):
        return MAINTAIN
    if value < Decimal(str(limits["abandon"])) and not interested:
        return ABANDON
    return OFFER


def savings(forecast_before: int, forecast_after: int) -> int:
    """Money saved by a decision: the forecast cost no longer borne (never negative)."""
    return max(0, forecast_before - forecast_after)


RENEWAL_KINDS = frozenset({"annuity", "us_maintenance", "ep_renewal"})


def renewals_due(rows, before) -> dict[object, object]:
    """``ref → first due date`` of the renewal fees (annuities, US maintenance, EP renewals) among
    forecast ``rows`` ``(ref, due, kind, amount)`` that fall before ``before`` — a round's agenda."""
    due: dict[object, object] = {}
    for ref, when, kind, _amount in rows:
        if kind in RENEWAL_KINDS and when < before and (ref not in due or when < due[ref]):
            due[ref] = when
    return due
