"""The ``kyoso fee`` and ``kyoso deadlines`` commands without Django: arguments, rules, output.

The management commands in ``kyoso/docket/management/commands/`` only add these arguments to
their parser and print what :func:`render_fee` / :func:`render_deadlines` return, turning
:class:`CliError` into ``CommandError``. Keeping the logic here lets it be tested as pure Python.

    kyoso fee JP exam --claims N --filed DATE [--exam-requested DATE] [--owner KIND:SHARE]... [--json]
    kyoso fee JP annual --year Y --claims N --paid-on DATE [--exam-requested DATE] [--owner KIND:SHARE]... [--json]
    kyoso fee JP exam … [--searched-by none|jpo_isr|other_isa|search_organisation]
    kyoso fee US maintenance --stage 3.5|7.5|11.5 --paid-on DATE [--entity large|small|micro] [--late] [--json]
    kyoso fee EP renewal --year Y --paid-on DATE [--micro-entity] [--late] [--json]
    kyoso fee PCT international-filing --filed DATE [--paper] [--owner KIND:SHARE]... [--json]
    kyoso deadlines JP --filed DATE [--registered DATE] [--grant-decision DATE] [--priority DATE] [--json]
    kyoso deadlines PCT --priority DATE [--json]
    kyoso deadlines US --granted DATE [--json]
    kyoso deadlines EP --filed DATE [--parent-filed DATE] [--pct-priority DATE] [--granted DATE] [--json]
"""

import argparse
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from kyoso.rules.deadlines import Deadline, ep_deadlines, jp_deadlines, pct_deadlines, us_deadlines
from kyoso.rules.fees import (
    EXAM_REPORT_VARIANTS,
    FeeResult,
    ep_renewal_fee,
    jp_annual_fee,
    jp_exam_fee,
    jp_pct_international_filing_fee,
    us_maintenance_fee,
)
from kyoso.rules.limits import FIRST_FISCAL_YEAR, LAST_YEAR, MAX_CLAIMS, check_claims, check_year
from kyoso.rules.owners import OWNER_KINDS, US_ENTITIES, owners_from_percentages, parse_owner

__all__ = [
    "CliError", "add_deadline_arguments", "add_fee_arguments", "render_deadlines", "render_fee",
    "iso_date", "fiscal_year", "record_id", "claims_count",
]

_MAX_ANNUITY_YEAR = 25  # PA 107(1) table runs to year 25 (with term extension)


class CliError(ValueError):
    """A user error with a message fit to print as is."""


def iso_date(text: str) -> date:
    """argparse type for ``YYYY-MM-DD`` dates with a clear message."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: use YYYY-MM-DD, e.g. 2024-04-01") from None
    if problem := check_year(day.year):
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: {problem}")
    return day


def fiscal_year(text: str) -> int:
    """argparse type for a fiscal year (FY2026 = 2026), within the years kyoso records money for."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid fiscal year {text!r}: give the year it starts in, e.g. 2026") from None
    if problem := check_year(year, first=FIRST_FISCAL_YEAR, last=LAST_YEAR):
        raise argparse.ArgumentTypeError(f"invalid fiscal year {text!r}: {problem}")
    return year


def record_id(text: str) -> int:
    """argparse type for a record's id (a positive 63-bit integer, as the database stores it)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"invalid id {text!r}: expected a record number such as 42")
    return value


def claims_count(text: str) -> int:
    """argparse type for the number of claims (1–999)."""
    value = positive_int(text)
    if problem := check_claims(value):
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: {problem}")
    return value


def positive_int(text: str) -> int:
    """argparse type for counts such as the number of claims."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: expected a whole number of at least 1")
    return value


def add_fee_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``kyoso fee`` arguments."""
    parser.add_argument("office", choices=list(_FEE_ITEMS), help="office (JP, US, EP, PCT)")
    parser.add_argument(
        "item",
        choices=sorted({item for items in _FEE_ITEMS.values() for item in items}),
        help="JP exam: examination request; JP annual: 特許料; US maintenance; EP renewal; PCT international-filing",
    )
    parser.add_argument("--claims", type=claims_count, help=f"number of claims (N, 1–{MAX_CLAIMS}); JP")
    parser.add_argument("--filed", type=iso_date, help="filing date (PCT: international filing date); exam")
    parser.add_argument("--exam-requested", type=iso_date, help="examination-request date (reduction system)")
    parser.add_argument("--paid-on", type=iso_date, help="payment date; annual")
    parser.add_argument("--year", type=positive_int, help="annuity year; annual")
    parser.add_argument("--through", type=positive_int, help="last year when paying several years at once")
    parser.add_argument("--late", action="store_true", help="追納: add the surcharge (double fee)")
    parser.add_argument(
        "--searched-by", "--search-report", dest="search_report", choices=EXAM_REPORT_VARIANTS, default="none",
        help="who searched, for the exam fee: none, the JPO as ISA, another ISA (EPO …), a registered search organisation",
    )
    parser.add_argument("--stage", choices=["3.5", "7.5", "11.5"], help="US maintenance stage (years after grant)")
    parser.add_argument("--entity", choices=US_ENTITIES, default="large", help="US entity status (37 CFR 1.27, 1.29)")
    parser.add_argument("--micro-entity", action="store_true", help="EP: every applicant a micro-entity (EPC R.7a)")
    parser.add_argument("--paper", action="store_true", help="PCT: filed on paper (no online-filing reduction)")
    parser.add_argument(
        "--owner",
        action="append",
        default=[],
        metavar="KIND:SHARE",
        help=f"owner and percentage share, repeatable; KIND is one of {', '.join(OWNER_KINDS)}"
        " (default: one company owning 100)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def add_deadline_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``kyoso deadlines`` arguments."""
    parser.add_argument("jurisdiction", choices=["JP", "PCT", "US", "EP"], help="JP, PCT, US or EP")
    parser.add_argument("--filed", type=iso_date, help="filing date (JP, EP)")
    parser.add_argument("--registered", type=iso_date, help="registration date (JP annuities)")
    parser.add_argument("--grant-decision", type=iso_date, help="service of the decision to grant (JP)")
    parser.add_argument(
        "--priority", type=iso_date,
        help="earliest priority date (JP: of a later application claiming priority, the first application's "
             "filing date – the Paris year counts from it; PCT)",
    )
    parser.add_argument(
        "--parent-filed", type=iso_date,
        help="a divisional's original filing date (of a divisional of a divisional, the first parent's): "
             "the divisional is deemed filed on it (JP, EP); --filed is the divisional's own date",
    )
    parser.add_argument(
        "--pct-priority", type=iso_date,
        help="Euro-PCT: the PCT's priority date (its filing date if none); --filed is then the international "
             "filing date and a renewal fee due before the 31-month entry is due at entry (EP)",
    )
    parser.add_argument("--office-action", type=iso_date, help="dispatch of reasons for refusal (JP)")
    parser.add_argument("--refusal", type=iso_date, help="service of the decision of refusal (JP)")
    parser.add_argument("--abroad", action="store_true", help="applicant resides abroad (在外者; JP)")
    parser.add_argument("--international-filed", type=iso_date, help="international filing date (PCT)")
    parser.add_argument("--isr-transmitted", type=iso_date, help="transmittal of the ISR (PCT)")
    parser.add_argument("--granted", type=iso_date, help="grant date (US) or mention of grant (EP)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def _in_order(options: Mapping[str, object], *pairs: tuple[str, str]) -> None:
    """Refuse dates given out of procedural order: each (earlier, later) pair, when both are given."""
    for earlier, later in pairs:
        first, then = options.get(earlier), options.get(later)
        if first is not None and then is not None and then < first:
            raise CliError(f"--{later.replace('_', '-')} {then} is before --{earlier.replace('_', '-')} {first}")


def _require(options: Mapping[str, object], *names: str, context: str) -> None:
    missing = [f"--{name.replace('_', '-')}" for name in names if options.get(name) is None]
    if missing:
        raise CliError(f"{context} needs {' and '.join(missing)}")


# Which items each office's fees offer.
_FEE_ITEMS = {"JP": ("exam", "annual"), "US": ("maintenance",), "EP": ("renewal",), "PCT": ("international-filing",)}


def compute_fee(options: Mapping[str, object]) -> FeeResult:
    """The fee the parsed ``options`` ask for."""
    office, item = options.get("office", "JP"), options["item"]
    if item not in _FEE_ITEMS.get(office, ()):
        raise CliError(f"fee {office} offers {', '.join(_FEE_ITEMS.get(office, ()))}, not {item}")
    try:
        owners = owners_from_percentages([parse_owner(text) for text in options.get("owner") or []])
    except ValueError as error:
        raise CliError(str(error)) from None
    try:
        if office != "JP":
            return _foreign_fee(office, options, owners)
        _require(options, "claims", context=f"fee JP {item}")
        _in_order(options, ("filed", "exam_requested"))
        if options["item"] == "exam":
            _require(options, "filed", context="fee JP exam")
            return jp_exam_fee(
                options["claims"],
                options["filed"],
                exam_requested=options.get("exam_requested"),
                owners=owners,
                search_report=options.get("search_report") or "none",
            )
        _require(options, "year", "paid_on", context="fee JP annual")
        year, through = options["year"], options.get("through")
        if year > _MAX_ANNUITY_YEAR or (through is not None and not year <= through <= _MAX_ANNUITY_YEAR):
            raise CliError(f"annuity years run from 1 to {_MAX_ANNUITY_YEAR} (--through not before --year)")
        return jp_annual_fee(
            year,
            options["claims"],
            options["paid_on"],
            exam_requested=options.get("exam_requested"),
            owners=owners,
            through=through,
            late=bool(options.get("late")),
        )
    except LookupError as error:
        raise CliError(f"no fee table applies: {error}") from None


def _foreign_fee(office: str, options: Mapping[str, object], owners) -> FeeResult:
    """US maintenance, EP renewal and the PCT international filing fee."""
    late = bool(options.get("late"))
    if office == "US":
        _require(options, "stage", "paid_on", context="fee US maintenance")
        return us_maintenance_fee(options["stage"], options["paid_on"], entity=options.get("entity") or "large", late=late)
    if office == "EP":
        _require(options, "year", "paid_on", context="fee EP renewal")
        if not 3 <= options["year"] <= 20:
            raise CliError("EP renewal years run from 3 to 20")
        return ep_renewal_fee(options["year"], options["paid_on"], late=late, micro_entity=bool(options.get("micro_entity")))
    _require(options, "filed", context="fee PCT international-filing")
    return jp_pct_international_filing_fee(options["filed"], online=not options.get("paper"), owners=owners)


def render_fee(options: Mapping[str, object]) -> str:
    """The fee as JSON (``--json``) or as a readable breakdown."""
    result = compute_fee(options)
    if options.get("json"):
        return json.dumps(result.as_json(), ensure_ascii=False, indent=2)
    lines = [f"{_money(result.amount)} {result.currency}"]
    for step in result.breakdown:
        lines.append("  " + _fee_step(step))
    lines += [f"  note: {note}" for note in result.notes]
    lines += [f"status: {result.status}", f"source: {result.source}"]
    return "\n".join(lines)


def _money(value) -> str:
    """``142,000`` for yen, ``2,150`` / ``598.50`` for other currencies (kept as given)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number:,}"


def _fee_step(step: Mapping[str, object]) -> str:
    if "owner" not in step:
        extra = f" (× {step['reduction']})" if "reduction" in step else ""
        return f"{step['what']}{extra}: {_money(step['amount'])}"
    year = f"year {step['year']}: " if "year" in step else ""
    return (
        f"{year}{step['what']}: {step['formula']} = {step['amount']:,}"
        f" × {step['owner']} {step['share']} × {step['reduction']} = {step['part']:,}"
    )


def compute_deadlines(options: Mapping[str, object]) -> list[Deadline]:
    """The deadlines the parsed ``options`` ask for."""
    jurisdiction = options["jurisdiction"]
    _in_order(
        options,
        ("priority", "filed"), ("parent_filed", "filed"), ("filed", "grant_decision"), ("filed", "registered"),
        ("grant_decision", "registered"), ("filed", "office_action"), ("office_action", "refusal"), ("filed", "refusal"),
        ("priority", "international_filed"), ("international_filed", "isr_transmitted"), ("filed", "granted"),
        ("pct_priority", "filed"),
    )
    if jurisdiction == "JP":
        _require(options, "filed", context="deadlines JP")
        return jp_deadlines(
            options["filed"],
            registered=options.get("registered"),
            grant_decision=options.get("grant_decision"),
            priority=options.get("priority"),
            parent_filed=options.get("parent_filed"),
            office_action=options.get("office_action"),
            refusal=options.get("refusal"),
            abroad=bool(options.get("abroad")),
        )
    if jurisdiction == "PCT":
        _require(options, "priority", context="deadlines PCT")
        return pct_deadlines(
            options["priority"],
            international_filed=options.get("international_filed"),
            isr_transmitted=options.get("isr_transmitted"),
        )
    if jurisdiction == "US":
        _require(options, "granted", context="deadlines US")
        return us_deadlines(options["granted"])
    _require(options, "filed", context="deadlines EP")
    return ep_deadlines(
        options["filed"], granted=options.get("granted"),
        parent_filed=options.get("parent_filed"), pct_priority=options.get("pct_priority"),
    )


def render_deadlines(options: Mapping[str, object]) -> str:
    """The deadlines as a JSON list (``--json``) or a table; ``*`` marks a rolled date."""
    deadlines = compute_deadlines(options)
    if options.get("json"):
        return json.dumps([d.as_json() for d in deadlines], ensure_ascii=False, indent=2)
    header = ("due", "raw due", "kind", "year", "office", "rule", "what")
    rows = [
        (
            f"{d.due.isoformat()}{'*' if d.due != d.raw_due else ' '}",
            d.raw_due.isoformat(),
            d.kind,
            "" if d.year is None else str(d.year),
            d.office,
            d.rule,
            d.label,
        )
        for d in deadlines
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]
        for row in [header, *rows]
    ]
    lines.append("* rolled forward: the office is closed on the raw due date")
    return "\n".join(lines)
