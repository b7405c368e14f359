"""Licence-income waterfall: co-owners first, then inventors inside a university.

Two steps, each a pure function over integer yen that returns a :class:`Distribution` whose
payments add up to the amount distributed, to the yen:

:func:`split_income` — between the co-owners of a right (joint-ownership agreements and the
AUTM inter-institutional practice: costs first, then shares):

1. patent costs are reimbursed to the co-owners pro rata to what each paid, capped at the income;
2. an administration fee (a percent of what is left) goes to the administering body;
3. the rest is split by co-ownership shares.

:func:`compensate` — inside a university, its part is shared under an inventor-compensation
policy (data, ``data/distribution/*.json``; 発明補償 under Patent Act Art. 35): a tiered
inventor percentage by income band, the inventors' part split by contribution, a lab and a
department percentage, and the university keeps the rest.

Rounding rule, the same at every step: every computed payment is the exact amount truncated
(floored) to the yen, so no payment ever exceeds its entitlement; the yen truncated away go to
an explicit party, never lost:

* cost reimbursement shortfalls (income below costs) stay in the pool and flow to step 2;
* the share split's leftover yen go to ``residual_to`` (a named co-owner, e.g. the university)
  as a separate ``rounding`` payment;
* inside a university, every leftover yen goes to the university.

Percentages are ``Decimal``, ``Fraction`` or ``int`` and are used exactly (no float).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from importlib import resources

__all__ = [
    "Band",
    "CoOwner",
    "CompensationPolicy",
    "Distribution",
    "DistributionError",
    "Payment",
    "compensate",
    "compensation_policy_from_mapping",
    "list_compensation_policies",
    "load_compensation_policy",
    "split_income",
]

Percent = Decimal | Fraction | int
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class DistributionError(ValueError):
    """An input or a compensation-policy file is invalid; the message says which and why."""


@dataclass(frozen=True)
class CoOwner:
    """A co-owner of the licensed right: its share (percent) and the patent costs it paid."""

    party: str
    share: Percent
    paid_costs: int = 0


@dataclass(frozen=True)
class Payment:
    """One line of a statement: ``amount`` yen to ``party`` at ``step``, with the arithmetic."""

    step: str
    party: str
    amount: int
    working: str


@dataclass(frozen=True)
class Distribution:
    """All payments of one amount; construction fails unless they add up to it exactly."""

    amount: int
    payments: tuple[Payment, ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        paid = sum(p.amount for p in self.payments)
        if paid != self.amount or any(p.amount < 0 for p in self.payments):
            raise ArithmeticError(f"distribution of {self.amount:,} pays {paid:,}: {self.payments}")

    def by_party(self) -> dict[str, int]:
        """Total received by each party, in order of first appearance."""
        totals: dict[str, int] = defaultdict(int)
        for payment in self.payments:
            totals[payment.party] += payment.amount
        return dict(totals)

    def received(self, party: str, *steps: str) -> int:
        """What ``party`` received, at the given steps only if any are named."""
        return sum(p.amount for p in self.payments if p.party == party and (not steps or p.step in steps))


# -- between co-owners -------------------------------------------------------------------------


def split_income(
    income: int,
    co_owners: Sequence[CoOwner],
    *,
    residual_to: str,
    admin_fee_percent: Percent = 0,
    administrator: str = "administrator",
) -> Distribution:
    """Costs reimbursed pro rata, then the administration fee, then shares (see module doc)."""
    _check_yen(income, "income")
    _check_owners(co_owners, residual_to)
    fee_rate = _rate(admin_fee_percent, "admin_fee_percent")
    payments = _reimburse(income, co_owners)
    pool = income - sum(p.amount for p in payments)

    fee = _pay("admin_fee", administrator, fee_rate, pool)
    pool -= fee.amount
    shares = [_pay("share", owner.party, _rate(owner.share), pool) for owner in co_owners]
    leftover = pool - sum(p.amount for p in shares)
    rounding = Payment(
        "rounding", residual_to, leftover, f"{pool:,} − shares paid = {leftover:,} left by truncation"
    )
    return Distribution(income, (*payments, fee, *shares, rounding))


def _reimburse(income: int, co_owners: Sequence[CoOwner]) -> list[Payment]:
    paid = sum(o.paid_costs for o in co_owners)
    if paid <= income:
        return [
            Payment("costs", o.party, o.paid_costs, f"paid {o.paid_costs:,}, reimbursed in full")
            for o in co_owners
        ]
    payments = []
    for owner in co_owners:
        exact = Fraction(income * owner.paid_costs, paid)
        working = f"income below costs: {income:,} × {owner.paid_costs:,} ÷ {paid:,} = {_yen(exact)}"
        payments.append(Payment("costs", owner.party, _floor(exact), working))
    return payments


def _check_owners(co_owners: Sequence[CoOwner], residual_to: str) -> None:
    if not co_owners:
        raise DistributionError("no co-owners to distribute to")
    parties = [o.party for o in co_owners]
    if len(set(parties)) != len(parties):
        raise DistributionError(f"co-owners repeat: {parties}")
    if residual_to not in parties:
        raise DistributionError(f"residual_to {residual_to!r} is not a co-owner ({', '.join(parties)})")
    for owner in co_owners:
        _check_yen(owner.paid_costs, f"paid_costs of {owner.party}")
    if (total := sum(_rate(o.share, o.party) for o in co_owners)) != 1:
        raise DistributionError(f"co-ownership shares add up to {_pct(total)}, not 100 %")


# -- inside a university -----------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """Income up to ``up_to`` yen (cumulative in the period; ``None``: no limit) pays this rate."""

    up_to: int | None
    inventor_percent: Decimal


@dataclass(frozen=True)
class CompensationPolicy:
    id: str
    version: int
    title: str
    title_ja: str
    source: str
    illustrative: bool
    note: str
    bands: tuple[Band, ...]
    lab_percent: Decimal
    department_percent: Decimal


def compensate(
    amount: int,
    policy: CompensationPolicy,
    inventors: Mapping[str, Percent],
    *,
    earlier_in_period: int = 0,
) -> Distribution:
    """Share a university's licence income between inventors, lab, department and university.

    ``inventors`` maps each inventor to the contribution percent (summing to 100).
    ``earlier_in_period`` is the income already compensated in the same period (usually the
    fiscal year), so that bands continue where earlier payments left them.
    """
    _check_yen(amount, "amount")
    _check_yen(earlier_in_period, "earlier_in_period")
    contributions = {name: _rate(share, f"contribution of {name}") for name, share in inventors.items()}
    if not contributions or sum(contributions.values()) != 1:
        raise DistributionError(f"inventor contributions must add up to 100 %, got {inventors!r}")

    exact, notes = _inventors_part(amount, earlier_in_period, policy.bands)
    pool = _floor(exact)
    notes.append(f"inventors' part: {_yen(exact)}")

    payments = [
        *(_pay("inventor", name, share, pool) for name, share in contributions.items()),
        _pay("lab", "lab", _rate(policy.lab_percent), amount),
        _pay("department", "department", _rate(policy.department_percent), amount),
    ]
    rest = amount - sum(p.amount for p in payments)
    payments.append(
        Payment("university", "university", rest, f"{amount:,} − the above = {rest:,} (the rest)")
    )
    return Distribution(amount, tuple(payments), tuple(notes))


def _inventors_part(amount: int, earlier: int, bands: Sequence[Band]) -> tuple[Fraction, list[str]]:
    """Each band's rate on the slice of ``[earlier, earlier + amount)`` that falls inside it."""
    exact, notes, lower = Fraction(0), [], 0
    for band in bands:
        upper = band.up_to if band.up_to is not None else earlier + amount
        start, end = max(lower, earlier), min(upper, earlier + amount)
        if end > start:
            rate = _rate(band.inventor_percent)
            exact += (end - start) * rate
            notes.append(
                f"band {_band(lower, band.up_to)}: {_pct(rate)} × {end - start:,} = {_exact((end - start) * rate)}"
            )
        lower = upper
    return exact, notes


# -- compensation-policy files -----------------------------------------------------------------

_POLICY_KEYS = {
    "schema", "id", "version", "title", "title_ja", "source", "illustrative", "note", "bands", "lab_percent",
    "department_percent",
}  # fmt: skip
_SCHEMA = "kyoso.inventor-compensation/1"


def compensation_policy_from_mapping(data: Mapping) -> CompensationPolicy:
    """Build and validate a compensation policy from parsed JSON."""
    where = f"compensation policy {data.get('id', '?')!r}"
    if unknown := sorted(set(data) - _POLICY_KEYS):
        raise DistributionError(f"{where}: unknown keys {unknown} (allowed: {sorted(_POLICY_KEYS)})")
    if missing := sorted(_POLICY_KEYS - {"note"} - set(data)):
        raise DistributionError(f"{where}: missing keys {missing}")
    if data["schema"] != _SCHEMA:
        raise DistributionError(f"{where}: schema must be {_SCHEMA!r}, got {data['schema']!r}")
    bands = []
    for i, row in enumerate(data["bands"], 1):
        if set(row) != {"up_to", "inventor_percent"}:
            raise DistributionError(
                f"{where}, band #{i}: keys must be up_to and inventor_percent, got {sorted(row)}"
            )
        bands.append(Band(row["up_to"], _percent(row["inventor_percent"], f"{where}, band #{i}")))
    limits = [b.up_to for b in bands]
    if not bands or limits[-1] is not None or None in limits[:-1]:
        raise DistributionError(f"{where}: the last band, and only it, must be open-ended (up_to: null)")
    if any(not isinstance(x, int) or isinstance(x, bool) or x <= 0 for x in limits[:-1]) or limits[
        :-1
    ] != sorted(set(limits[:-1])):
        raise DistributionError(
            f"{where}: band limits must be positive integer yen, strictly increasing: {limits}"
        )
    lab = _percent(data["lab_percent"], f"{where}: lab_percent")
    department = _percent(data["department_percent"], f"{where}: department_percent")
    # Guarantees the university's remainder is never negative, whatever the income.
    if max(b.inventor_percent for b in bands) + lab + department > 100:
        raise DistributionError(f"{where}: highest inventor rate + lab + department exceeds 100 %")
    return CompensationPolicy(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        title_ja=data["title_ja"],
        source=data["source"],
        illustrative=bool(data["illustrative"]),
        note=data.get("note", ""),
        bands=tuple(bands),
        lab_percent=lab,
        department_percent=department,
    )


def _data_dir():
    return resources.files("kyoso.rules").joinpath("data", "distribution")


def list_compensation_policies() -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in _data_dir().iterdir() if p.name.endswith(".json"))


def load_compensation_policy(name: str) -> CompensationPolicy:
    """Load and validate a shipped policy, e.g. ``load_compensation_policy("illustrative-tiered")``."""
    if not _NAME.match(name) or name not in list_compensation_policies():
        raise DistributionError(
            f"no compensation policy {name!r} (available: {', '.join(list_compensation_policies())})"
        )
    text = _data_dir().joinpath(f"{name}.json").read_text(encoding="utf-8")
    return compensation_policy_from_mapping(json.loads(text, parse_float=Decimal))


# -- arithmetic helpers ------------------------------------------------------------------------


def _rate(percent: Percent, what: str = "percent") -> Fraction:
    """A percent as an exact fraction of one, validated to lie in 0–100 %."""
    if isinstance(percent, bool) or not isinstance(percent, Decimal | Fraction | int):
        raise DistributionError(f"{what}: expected a Decimal, Fraction or int percent, got {percent!r}")
    rate = Fraction(percent) / 100
    if not 0 <= rate <= 1:
        raise DistributionError(f"{what}: {percent} is outside 0–100 %")
    return rate


def _percent(value: object, where: str) -> Decimal:
    """A percent from a data file (JSON number parsed as Decimal, or a numeric string)."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise DistributionError(f"{where}: expected a percent in 0–100, got {value!r}")
    try:
        percent = Decimal(str(value))
    except ArithmeticError:
        raise DistributionError(f"{where}: {value!r} is not a number") from None
    if not percent.is_finite() or not 0 <= percent <= 100:
        raise DistributionError(f"{where}: expected a percent in 0–100, got {value!r}")
    return percent


def _check_yen(amount: object, what: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise DistributionError(f"{what} must be a non-negative integer number of yen, got {amount!r}")


def _pay(step: str, party: str, rate: Fraction, base: int) -> Payment:
    """``rate`` of ``base``, truncated to the yen, with the arithmetic written out."""
    exact = base * rate
    return Payment(step, party, _floor(exact), f"{_pct(rate)} × {base:,} = {_yen(exact)}")


def _floor(value: Fraction) -> int:
    return value.numerator // value.denominator


def _yen(value: Fraction) -> str:
    """An amount and its payment: ``2,880,000`` or ``2,880,000.4 → 2,880,000`` when truncated."""
    whole = _floor(value)
    return f"{whole:,}" if value == whole else f"{_exact(value)} → {whole:,}"


def _exact(value: Fraction) -> str:
    """An exact amount to four places: ``752,000.4``; ``…`` marks a longer expansion."""
    scaled = value * 10**4
    digits = Decimal(_floor(scaled)).scaleb(-4)
    text = f"{digits:,f}".rstrip("0").rstrip(".")
    return text if scaled == _floor(scaled) else f"{text}…"


def _pct(rate: Fraction) -> str:
    percent = rate * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    if 10**4 % percent.denominator == 0:
        return f"{Decimal(percent.numerator) / percent.denominator:f} %"
    return f"{percent.numerator}/{percent.denominator} %"


def _band(lower: int, upper: int | None) -> str:
    return f"{lower:,}–{upper:,}" if upper is not None else f"above {lower:,}"
