"""Deadline engine: rules as data (``data/deadline_rules.csv``) applied to a case's events.

A case is described by its events – ``{"filed": date, "registered": date, …}`` – and a rule
reads one of them (its trigger), adds its period (:mod:`kyoso.rules.periods`) and rolls the end
to the next open day of the office that receives the procedure. Rules sharing an id are
alternatives of which the later applies; follow-on rules (late payment, grace periods) start
from another rule's deadline; recurring rules (annuities, renewal fees) repeat yearly.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache

from kyoso.rules.datafiles import optional_int, read_rows
from kyoso.rules.periods import period_end, roll_forward

__all__ = [
    "Deadline",
    "DeadlineRule",
    "compute_deadlines",
    "jp_deadlines",
    "pct_deadlines",
    "rules",
    "us_deadlines",
    "ep_deadlines",
]

UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One computed deadline. ``due`` is after roll-forward, ``raw_due`` before it; ``year`` numbers
    annuities and renewal fees; ``office`` receives the procedure (e.g. the national-phase office)."""

    kind: str
    due: date
    raw_due: date
    rule: str
    source: str
    label: str
    office: str
    year: int | None = None
    status: str = "confirmed"
    label_ja: str = ""

    def as_json(self) -> dict[str, object]:
        """A JSON-ready dict with ISO dates (the fields of ``kyoso deadlines --json``)."""
        data = asdict(self)
        data["due"], data["raw_due"] = self.due.isoformat(), self.raw_due.isoformat()
        del data["label_ja"]  # the command's output is a contract; the Japanese label is for pages
        return data


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """One row of ``deadline_rules.csv`` (see the file header for the meaning of each column)."""

    rule: str
    kind: str
    office: str
    trigger: str
    months: int
    days: int
    counting: str
    roll: str | None
    follows: str | None
    base: str
    every: int | None
    until: tuple[str, ...]
    first_year: int | None
    label: str
    status: str
    source: str
    label_ja: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> "DeadlineRule":
        return cls(
            rule=row["rule"],
            kind=row["kind"],
            office=row["office"],
            trigger=row["trigger"],
            months=optional_int(row["months"]) or 0,
            days=optional_int(row["days"]) or 0,
            counting=row["counting"],
            roll=row["roll"] or None,
            follows=row["follows"] or None,
            base=row["base"] or "rolled",
            every=optional_int(row["every"]),
            until=tuple(filter(None, row["until"].split(";"))),
            first_year=optional_int(row["first_year"]),
            label=row["label"],
            label_ja=row.get("label_ja") or "",
            status=row["status"],
            source=row["source"],
        )

    def end(self, start: date) -> date:
        """Raw end of this rule's period started by ``start``."""
        return period_end(start, months=self.months, days=self.days, counting=self.counting)


@cache
def rules() -> dict[str, tuple[DeadlineRule, ...]]:
    """All rules by id, in file order; several rows under one id are "later of" alternatives."""
    by_id: dict[str, list[DeadlineRule]] = {}
    for row in read_rows("deadline_rules.csv"):
        by_id.setdefault(row["rule"], []).append(DeadlineRule.from_row(row))
    return {rule_id: tuple(rows) for rule_id, rows in by_id.items()}


def compute_deadlines(rule_ids: Iterable[str], events: Mapping[str, date | None]) -> list[Deadline]:
    """Apply the given rules to ``events``; rules whose trigger is missing yield nothing.

    Follow-on and bounding rules (``follows``, ``until``) may name rules outside ``rule_ids``;
    they are computed as needed. Unconfirmed rules are never computed. Sorted by due date.
    """
    known = {name: day for name, day in events.items() if day is not None}
    computed: dict[str, list[Deadline]] = {}

    def resolve(rule_id: str) -> list[Deadline]:
        if rule_id not in computed:
            computed[rule_id] = list(_evaluate(rules()[rule_id], known, resolve))
        return computed[rule_id]

    results = [deadline for rule_id in rule_ids for deadline in resolve(rule_id)]
    return sorted(results, key=lambda d: (d.due, d.year or 0, d.rule))


def _evaluate(alternatives: tuple[DeadlineRule, ...], events, resolve) -> Iterator[Deadline]:
    first = alternatives[0]
    if first.status == UNCONFIRMED:
        return
    if first.follows:
        yield from _follow_on(first, resolve(first.follows))
    elif first.every:
        yield from _recurring(first, events, resolve)
    else:
        # The first row's trigger is required; the other alternatives only apply when known.
        if first.trigger in events:
            raw_ends = [rule.end(events[rule.trigger]) for rule in alternatives if rule.trigger in events]
            yield _deadline(first, max(raw_ends))


def _deadline(rule: DeadlineRule, raw_due: date, year: int | None = None) -> Deadline:
    return Deadline(
        kind=rule.kind,
        due=roll_forward(rule.roll, raw_due),
        raw_due=raw_due,
        rule=rule.rule,
        source=rule.source,
        label=rule.label.format(year=year),
        label_ja=rule.label_ja.format(year=year),
        office=rule.office,
        year=year,
        status=rule.status,
    )


def _follow_on(rule: DeadlineRule, predecessors: list[Deadline]) -> Iterator[Deadline]:
    """A window opening when each predecessor deadline ends (e.g. 追納 after an annuity)."""
    for before in predecessors:
        start = before.due if rule.base == "rolled" else before.raw_due
        yield _deadline(rule, rule.end(start), before.year)


def _recurring(rule: DeadlineRule, events, resolve) -> Iterator[Deadline]:
    """Yearly (``every`` months) occurrences while the raw due date is before every bound."""
    if rule.trigger not in events:
        return
    bounds = [events[name] for name in rule.until if name in events]
    bounds += [d.raw_due for name in rule.until if name in rules() for d in resolve(name)]
    limit = min(bounds) if bounds else None
    if limit is None:
        raise ValueError(f"recurring rule {rule.rule} has no bound among {rule.until}")
    start, n = events[rule.trigger], 0
    while (raw := _nth_end(rule, start, n)) < limit:
        yield _deadline(rule, raw, None if rule.first_year is None else rule.first_year + n)
        n += 1


def _nth_end(rule: DeadlineRule, start: date, n: int) -> date:
    """Raw end of the ``n``-th occurrence, counted from the trigger (not from the previous one,
    so that a 29 Feb or month-end start never drifts)."""
    total = rule.months + n * (rule.every or 0)
    return period_end(start, months=total, days=rule.days, counting=rule.counting)


# Rule sets per jurisdiction: what the CLI and the docket show for a case ----------------------

JP_RULES = (
    "JP.exam_request",
    "JP.exam_request_divisional",
    "JP.publication",
    "JP.domestic_priority",
    "JP.paris_priority",
    "JP.priority_statement",
    "JP.priority_document",
    "JP.oa_reply",
    "JP.oa_reply_abroad",
    "JP.appeal",
    "JP.appeal_abroad",
    "JP.divisional_after_refusal",
    "JP.divisional_after_grant",
    "JP.registration_fee",
    "JP.annuity",
    "JP.annuity_late_end",
    "JP.expiry",
)
PCT_RULES = (
    "PCT.international_filing",
    "PCT.search_report",
    "PCT.article_19",
    "PCT.publication",
    "PCT.demand",
    "PCT.iprp",
    "PCT.national_phase_JP",
    "PCT.national_phase_US",
    "PCT.national_phase_EP",
    "PCT.jp_exam_request",
)
US_RULES = tuple(
    f"US.maintenance_{stage}{suffix}" for stage in ("3_5", "7_5", "11_5") for suffix in ("", "_grace_end")
)
EP_RULES = ("EP.renewal", "EP.renewal_grace_end", "EP.term_end")


def jp_deadlines(
    filed: date,
    *,
    registered: date | None = None,
    grant_decision: date | None = None,
    priority: date | None = None,
    parent_filed: date | None = None,
    office_action: date | None = None,
    refusal: date | None = None,
    abroad: bool = False,
) -> list[Deadline]:
    """Deadlines of a Japanese patent application (fees-and-deadlines.md §2.2).

    ``priority`` is the earliest priority date (publication counts from it); ``parent_filed``
    marks a divisional; ``office_action`` is the dispatch of reasons for refusal and ``refusal``
    the service of the decision of refusal; ``abroad`` selects the periods for 在外者.
    Annuities are listed from year 4 up to expiry when ``registered`` is given.
    """
    suffix = "_abroad" if abroad else ""
    events = {
        "filed": filed,
        "earliest": min(filter(None, (filed, priority))),
        "priority": priority,
        "parent_filed": parent_filed,
        "registered": registered,
        "grant_decision": grant_decision,
        f"oa_dispatched{suffix}": office_action,
        f"refusal_served{suffix}": refusal,
    }
    return compute_deadlines(JP_RULES, events)


def pct_deadlines(
    priority: date,
    *,
    international_filed: date | None = None,
    isr_transmitted: date | None = None,
) -> list[Deadline]:
    """International-phase milestones and national-phase entries of a PCT application (§3.1)."""
    events = {
        "priority": priority,
        "international_filed": international_filed,
        "isr_transmitted": isr_transmitted,
    }
    return compute_deadlines(PCT_RULES, events)


def us_deadlines(granted: date) -> list[Deadline]:
    """US maintenance fees and their surcharge periods for a utility patent (§3.3)."""
    return compute_deadlines(US_RULES, {"granted": granted})


def ep_deadlines(filed: date, *, granted: date | None = None) -> list[Deadline]:
    """EP renewal fees of a pending application (stopping at the mention of grant) (§3.4)."""
    return compute_deadlines(EP_RULES, {"filed": filed, "granted": granted})
