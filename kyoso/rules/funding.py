"""Which funding source may pay a patent cost, and what foreign filing costs.

Pure Python: no Django import. The rules are data (``data/funding/*.csv``, each row with its
status, its source ids (``data/sources/``) and a note) so that a programme handbook read later
changes a file, not code:

- :func:`contribution_rates` — the indirect-cost and IP-earmark rates of a contribution, by where
  its money comes from (companies' joint-research money earns the agreed earmark; JST money
  follows JST's contract);
- :func:`check_source` — may ``source`` pay a cost of a project under ``programme``? The answer
  carries the deciding rule and the reasons as codes with parameters, which the pages translate;
- :func:`to_yen` — planning exchange rates for forecasts in yen;
- :func:`entry_costs` and :func:`lifetime_costs` — the cost of entering PCT, US, EP and other
  offices from a Japanese first filing, and of keeping each right over its life.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from kyoso.rules.datafiles import read_rows
from kyoso.rules.fees import jp_exam_fee, jp_pct_fee, jp_pct_international_filing_fee
from kyoso.rules.forecast import forecast
from kyoso.rules.owners import owners_from_percentages

__all__ = [
    "SOURCES", "FUND_SOURCES", "SOURCE_CITATIONS", "PROGRAMMES", "ContributionRates", "contribution_rates", "Reason", "Eligibility", "check_source", "to_yen",
    "EntryCost", "entry_costs", "lifetime_costs", "OFFICE_ASSUMPTIONS",
]

SOURCES: tuple[str, ...] = tuple(row["funding_source"] for row in read_rows("funding/sources.csv"))
FUND_SOURCES: frozenset[str] = frozenset(r["funding_source"] for r in read_rows("funding/sources.csv") if r["fund"] == "yes")
#: Each funding source's own sources (ids of ``data/sources/``): why it may pay patent costs at all.
SOURCE_CITATIONS: dict[str, str] = {r["funding_source"]: r["source"] for r in read_rows("funding/sources.csv")}
PROGRAMMES: tuple[str, ...] = tuple(row["programme"] for row in read_rows("funding/programmes.csv"))


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a decision: a stable ``code`` (translated by the caller) and its values."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str]:
        return dict(self.params)


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether a source may pay a cost, the rule that decided, and why (in order)."""

    allowed: bool
    rule: str
    status: str
    reference: str  # what the rule's note says (or lacks), in English
    reasons: tuple[Reason, ...] = field(default=())
    source: str = ""  # the rule's source ids (``data/sources/``), separated by ";"

    def explain(self) -> str:
        """An English one-liner for logs and the CLI (pages translate :attr:`reasons` instead)."""
        words = "; ".join(f"{r.code}({', '.join(f'{k}={v}' for k, v in r.params)})" for r in self.reasons)
        return f"{'allowed' if self.allowed else 'refused'} by {self.rule} [{self.status}]: {words}"


def _rule_for(programme: str, source: str, cost: str) -> dict[str, str]:
    def matches(row, column, value):
        return row[column] in ("*", value)

    rows = read_rows("funding/rules.csv")
    for wanted in (programme, "*"):  # a programme's own rule first, then the general one
        for row in rows:
            if row["programme"] == wanted and matches(row, "funding_source", source) and matches(row, "cost", cost):
                return row
    raise LookupError(f"no funding rule for source {source!r}")


def check_source(
    source: str,
    *,
    cost: str = "*",
    programme: str | None = None,
    paid_on: date | None = None,
    contract: tuple[date, date] | None = None,
    expected_grant: date | None = None,
) -> Eligibility:
    """May ``source`` pay a patent ``cost`` (a cost kind) paid on ``paid_on``?

    For a project's direct costs, ``programme`` and ``contract`` (start, end) describe the project
    and ``expected_grant`` the date the right is expected to be granted. JST 未来社会創造事業,
    A-STEP and COI allow it during the contract when the grant is expected within it; other
    programmes do not (then indirect costs or the IP fund pay).

    >>> check_source("programme_direct", programme="a_step", paid_on=date(2025, 5, 1),
    ...              contract=(date(2024, 4, 1), date(2027, 3, 31)), expected_grant=date(2026, 9, 1)).allowed
    True
    """
    if source not in SOURCES:
        raise ValueError(f"unknown funding source {source!r}; one of {', '.join(SOURCES)}")
    if source == "programme_direct" and not programme:
        return Eligibility(False, "needs-project", "confirmed", "", (Reason("no_project"),))
    row = _rule_for(programme or "*", source, cost)
    reasons = [Reason("rule", (("rule", row["rule"]), ("programme", programme or "*")))]
    allowed = row["allowed"] == "yes"
    if not allowed:
        reasons.append(Reason("programme_excludes", (("programme", programme or "*"),)))
    for condition in filter(None, row["conditions"].split(";")):
        ok, reason = _CONDITIONS[condition.strip()](paid_on, contract, expected_grant)
        reasons.append(reason)
        allowed = allowed and ok
    if allowed is False and row["allowed"] == "yes":
        reasons.append(Reason("use_other_source"))
    return Eligibility(allowed, row["rule"], row["status"], row["note"], tuple(reasons), row["source"])


def _during_contract(paid_on, contract, _grant) -> tuple[bool, Reason]:
    if contract is None:
        return False, Reason("no_contract_period")
    start, end = contract
    params = (("start", start.isoformat()), ("end", end.isoformat()))
    if paid_on is None:
        return False, Reason("no_payment_date", params)
    inside = start <= paid_on <= end
    return inside, Reason("paid_during_contract" if inside else "paid_outside_contract",
                          (("paid_on", paid_on.isoformat()), *params))


def _grant_within_contract(_paid_on, contract, expected_grant) -> tuple[bool, Reason]:
    if contract is None:
        return False, Reason("no_contract_period")
    end = contract[1]
    if expected_grant is None:
        return False, Reason("grant_date_unknown", (("end", end.isoformat()),))
    within = expected_grant <= end
    return within, Reason("grant_within_contract" if within else "grant_after_contract",
                          (("expected_grant", expected_grant.isoformat()), ("end", end.isoformat())))


_CONDITIONS = {"during_contract": _during_contract, "grant_within_contract": _grant_within_contract}


# -- indirect costs and the IP earmark of a contribution ----------------------------------------
@dataclass(frozen=True, slots=True)
class ContributionRates:
    """The rates (percent of the direct costs) that apply to one contribution, and why."""

    indirect: Decimal
    ip_earmark: Decimal
    status: str
    source: str  # source ids, separated by ";"


def contribution_rates(funding_source: str, indirect_rate: Decimal, ip_earmark_rate: Decimal) -> ContributionRates:
    """The indirect-cost and IP-earmark rates of money from ``funding_source`` under an agreement
    whose rates are ``indirect_rate`` and ``ip_earmark_rate`` (``data/funding/contribution_rates.csv``).

    The earmark (IP budget funded from indirect costs) was agreed with the companies: their
    joint-research money carries the agreement's 20 % of which 10 points go to IP. JST money in the
    same consortium follows JST's contract (30 % indirect, nothing earmarked for the IP fund).

    >>> rates = contribution_rates("jst", Decimal("20"), Decimal("10"))
    >>> rates.indirect, rates.ip_earmark
    (Decimal('30'), Decimal('0'))
    """
    row = next((r for r in read_rows("funding/contribution_rates.csv") if r["funding_source"] == funding_source), None)
    if row is None:
        raise LookupError(f"no contribution rates for funding source {funding_source!r} in funding/contribution_rates.csv")

    def rate(cell: str, agreed: Decimal) -> Decimal:
        return Decimal(agreed) if cell == "agreement" else Decimal(cell)

    indirect = rate(row["indirect_rate"], indirect_rate)
    earmark = min(rate(row["ip_earmark"], ip_earmark_rate), indirect)
    return ContributionRates(indirect, earmark, row["status"], row["source"])


# -- money in yen -------------------------------------------------------------------------------
def to_yen(amount: int | Decimal, currency: str) -> int:
    """``amount`` in yen at the planning rate of ``data/funding/exchange_rates.csv``."""
    if currency == "JPY":
        return int(amount)
    rate = next((r["yen"] for r in read_rows("funding/exchange_rates.csv") if r["currency"] == currency), None)
    if rate is None:
        raise LookupError(f"no planning exchange rate for {currency}")
    return int((Decimal(amount) * Decimal(rate)).to_integral_value(rounding=ROUND_HALF_UP))


# -- foreign filing -------------------------------------------------------------------------------
# How a right is assumed to progress when its lifetime fees are estimated: years from entry to
# grant (US maintenance runs from grant; EP renewals to the EPO stop at grant, after which national
# offices collect — not in the fee tables, so not counted).
OFFICE_ASSUMPTIONS = {"JP": {"grant_after_years": 3}, "US": {"grant_after_years": 3}, "EP": {"grant_after_years": 4}}


@dataclass(frozen=True, slots=True)
class EntryCost:
    """What entering one office costs: one-off yen by kind, lifetime official fees, and the status."""

    office: str
    entry: dict[str, int]
    lifetime_fees: int
    status: str
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.entry.values()) + self.lifetime_fees


def entry_costs(office: str, *, filed: date, claims: int, owners: Iterable[tuple[str, Decimal]] = ()) -> dict[str, int]:
    """One-off yen by kind (official_fee, agent_fee, translation) of entering ``office``."""
    owners = tuple(owners)
    totals: dict[str, int] = {}
    for row in read_rows("funding/entry_costs.csv"):
        if row["office"] == office:
            totals[row["kind"]] = totals.get(row["kind"], 0) + to_yen(Decimal(row["amount"]), row["currency"])
    if office == "PCT":
        parsed = owners_from_percentages(list(owners)) if owners else owners_from_percentages([])
        # Filed online (as every JPO receiving-office filing from a university's attorney is):
        # the international filing fee less the online-filing reduction.
        pct = sum(jp_pct_fee(fee, filed, owners=parsed).amount for fee in ("pct_transmittal", "pct_search"))
        pct += jp_pct_international_filing_fee(filed, owners=parsed).amount
        totals["official_fee"] = totals.get("official_fee", 0) + pct
    if office == "JP":
        parsed = owners_from_percentages(list(owners)) if owners else owners_from_percentages([])
        totals["official_fee"] = 14_000 + jp_exam_fee(claims, filed, owners=parsed).amount
    return totals


def lifetime_costs(
    offices: Iterable[str], *, priority: date, entered: date, claims: int,
    owners: tuple[tuple[str, Decimal], ...] | None = None,
) -> list[EntryCost]:
    """Entry plus lifetime official fees per office for a right first filed on ``priority``.

    Lifetime fees are the forecast kernel's fees over 21 years for an assumed grant
    (:data:`OFFICE_ASSUMPTIONS`), converted to yen; offices without fee tables (CN, KR…) show
    their entry costs only and say so.
    """
    result = []
    for office in offices:
        entry = entry_costs(office, filed=entered, claims=claims, owners=owners or ())
        statuses = {r["status"] for r in read_rows("funding/entry_costs.csv") if r["office"] == office}
        notes: list[str] = []
        lifetime = 0
        if office in OFFICE_ASSUMPTIONS:
            granted = entered + timedelta(days=365 * OFFICE_ASSUMPTIONS[office]["grant_after_years"])
            filing = ("x", office, priority if office == "JP" else entered,
                      granted if office in ("JP", "US") else None, entered, claims, owners)
            lifetime = sum(to_yen(amount, _currency(office)) for _ref, _due, _kind, amount
                           in forecast([filing], entered, 21))
            notes.append("lifetime_assumed_grant")
            if office == "EP":
                # The EPO's renewal fees for every year stand in for the national renewals after grant.
                notes.append("ep_renewals_proxy")
        elif office != "PCT":
            notes.append("no_fee_table")
        status = "assumption" if "assumption" in statuses else ("unconfirmed" if "unconfirmed" in statuses else "confirmed")
        result.append(EntryCost(office, entry, lifetime, status, tuple(notes)))
    return result


def _currency(office: str) -> str:
    return {"US": "USD", "EP": "EUR"}.get(office, "JPY")
