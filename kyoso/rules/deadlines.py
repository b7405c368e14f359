"""Deadline engine: rules as data (``data/deadline_rules.csv``) applied to a case's events.

A case is described by its events – ``{"filed": date, "registered": date, …}`` – and a rule
reads one of them (its trigger), adds its period (:mod:`kyoso.rules.periods`) and rolls the end
to the next open day of the office that receives the procedure. Rules sharing an id are
alternatives of which the later applies; follow-on rules (late payment, grace periods) start
from another rule's deadline; recurring rules (annuities, renewal fees) repeat yearly.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache

from kyoso.rules.calendars import roll_status
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
    "remembering",
]

UNCONFIRMED = "unconfirmed"
#: Statuses from the surest to the least sure; a deadline takes the weakest of its rule and its roll.
STATUS_ORDER = ("confirmed", "single-source", UNCONFIRMED)
#: The kind of the deadline on which a payment window opens (US maintenance fees): shown, never
#: reminded, and no reminder of the fee itself before it (37 CFR 1.362(d)).
WINDOW_OPENS = "maintenance_window_opens"
#: The rule of a fee's window opening is the fee's rule with this suffix (``US.maintenance_3_5_window_opens``).
WINDOW_OPENS_SUFFIX = "_window_opens"


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
        if _memo is not None:
            key = (id(self), start)
            found = _memo.get(key)
            if found is None:
                found = _memo[key] = (period_end(start, months=self.months, days=self.days, counting=self.counting), self)
            return found[0]
        return period_end(start, months=self.months, days=self.days, counting=self.counting)


#: While :func:`remembering` is active: (rule, start) → its period end; (rule, raw due, year) → its
#: deadline; ("nth", rule, start, n) → the end of its n-th recurrence. A rule is keyed by its
#: identity (hashing its 17 fields costs more than the lookup saves), kept alive in the value so
#: that its id is never another rule's while the entry lives.
_memo: dict | None = None
_MEMO_LIMIT = 500_000  # entries; beyond, start afresh (a bound on memory, never on correctness)


@contextmanager
def remembering():
    """Within the block, each rule's period end and deadline from a given date is worked out once.

    For callers computing many cases while the rules and the office calendars stay as they are
    (``docket recompute --all``: 200,000 filings share a few thousand filing and registration
    dates, so most deadlines are the same (rule, date) again). Deadlines are immutable, so sharing
    one object among cases is safe. Outside such a block nothing is kept: a calendar changed
    between two calls (as tests do) is always read afresh.
    """
    global _memo
    outer = _memo
    if outer is None:
        _memo = {}
    try:
        yield
    finally:
        _memo = outer


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
    memo = _memo
    if memo is None:
        return _new_deadline(rule, raw_due, year)
    key = (id(rule), raw_due, year)
    found = memo.get(key)
    if found is None:
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        found = memo[key] = (_new_deadline(rule, raw_due, year), rule)
    return found[0]


def _new_deadline(rule: DeadlineRule, raw_due: date, year: int | None) -> Deadline:
    due = roll_forward(rule.roll, raw_due)
    return Deadline(
        kind=rule.kind,
        due=due,
        raw_due=raw_due,
        rule=rule.rule,
        source=rule.source,
        label=rule.label.format(year=year),
        label_ja=rule.label_ja.format(year=year),
        office=rule.office,
        year=year,
        status=weakest(rule.status, roll_status(rule.roll, raw_due, due)),
    )


def weakest(*statuses: str) -> str:
    """The least sure of ``statuses`` (confirmed < single-source < unconfirmed)."""
    return max(statuses, key=STATUS_ORDER.index)


def window_opening_rule(rule_id: str) -> str | None:
    """The rule on whose date the payment window of ``rule_id`` opens (``US.maintenance_3_5`` →
    ``US.maintenance_3_5_window_opens``), or ``None`` when the fee may be paid at any time."""
    opening = f"{rule_id}{WINDOW_OPENS_SUFFIX}"
    return opening if opening in rules() and rules()[opening][0].kind == WINDOW_OPENS else None


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
    if _memo is not None:
        key = ("nth", id(rule), start, n)
        found = _memo.get(key)
        if found is None:
            found = _memo[key] = (period_end(start, months=total, days=rule.days, counting=rule.counting), rule)
        return found[0]
    return period_end(start, months=total, days=rule.days, counting=rule.counting)


# Rule sets per jurisdiction: what the CLI and the docket show for a case ----------------------

JP_RULES = (
    "JP.exam_request",
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
    "JP.divisional_after_refusal_abroad",
    "JP.divisional_after_grant",
    "JP.registration_fee",
    "JP.annuity",
    "JP.annuity_late_end",
    "JP.expiry",
)
#: A divisional is deemed filed on its parent's date (PA §44(2)): its only examination-request
#: period is PA §48-3(2)'s, and it cannot found a domestic priority claim (PA §41(1)(ii)).
JP_DIVISIONAL_RULES = tuple(
    rule for rule in JP_RULES if rule not in ("JP.exam_request", "JP.domestic_priority")
) + ("JP.exam_request_divisional",)
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
    f"US.maintenance_{stage}{suffix}"
    for stage in ("3_5", "7_5", "11_5")
    for suffix in ("_window_opens", "", "_grace_end")
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
    """Deadlines of a Japanese patent application.

    ``priority`` is the earliest priority date – for a domestic-priority application (Patent Act
    §41), the first application's filing date. The Paris year for filing abroad runs from the
    earliest application of the matter (Paris Convention Art. 4C(2)), counted as the offices abroad
    count it (PCT Rule 80.2): a later application claiming priority neither starts a new year nor
    ends the first one. The domestic-priority year is the Patent Act's own, counted by §3.

    ``parent_filed`` marks a divisional: the ORIGINAL application's filing date (of a divisional of
    a divisional, the first parent's). The divisional is deemed filed on it (Patent Act §44(2)):
    its term ends 20 years from it, publication and the Paris year count from it, and its only
    examination-request period is the later of 3 years from it and 30 days from ``filed``, the
    divisional's own date (§48-3(2)). ``office_action`` is the dispatch of reasons for refusal and
    ``refusal`` the service of the decision of refusal; ``abroad`` selects the periods for 在外者,
    the divisional period after refusal extended together with the appeal period (§44(6), §121(1),
    §4). Annuities are listed from year 4 up to expiry when ``registered`` is given.
    """
    suffix = "_abroad" if abroad else ""
    deemed = parent_filed or filed
    events = {
        "filed": deemed,
        "divisional_filed": filed if parent_filed else None,
        "earliest": min(filter(None, (deemed, priority))),
        "priority": priority,
        "parent_filed": parent_filed,
        "registered": registered,
        "grant_decision": grant_decision,
        f"oa_dispatched{suffix}": office_action,
        f"refusal_served{suffix}": refusal,
    }
    return compute_deadlines(JP_DIVISIONAL_RULES if parent_filed else JP_RULES, events)


def pct_deadlines(
    priority: date,
    *,
    international_filed: date | None = None,
    isr_transmitted: date | None = None,
) -> list[Deadline]:
    """International-phase milestones and national-phase entries of a PCT application."""
    events = {
        "priority": priority,
        "international_filed": international_filed,
        "isr_transmitted": isr_transmitted,
    }
    return compute_deadlines(PCT_RULES, events)


def us_deadlines(granted: date) -> list[Deadline]:
    """US maintenance fees of a utility patent: when each window opens (3, 7 and 11 years after
    grant; an earlier payment is refused, 37 CFR 1.362(b), (d)), when the fee is due without
    surcharge (3½, 7½, 11½ years) and when the surcharge period ends (35 U.S.C. 41(b))."""
    return compute_deadlines(US_RULES, {"granted": granted})


def ep_deadlines(
    filed: date,
    *,
    granted: date | None = None,
    parent_filed: date | None = None,
    pct_priority: date | None = None,
) -> list[Deadline]:
    """EP renewal fees of a pending application (stopping at the mention of grant) and its term.

    ``parent_filed`` marks a divisional: the original application's filing date, on which the
    divisional is deemed filed (EPC Art. 76(1)). Its renewal years count from that date, and the
    fees already due when the divisional is filed (``filed``) or falling due within 4 months of it
    are payable within those 4 months (EPC R.51(3)); the 6-month surcharge period of a fee already
    due runs from the divisional's filing (R.51(2) applied by R.51(3)).

    ``pct_priority`` marks a Euro-PCT application (``filed`` = the international filing date): a
    renewal fee falling due before the 31-month period for entry (counted from this priority date)
    ends is due when that period ends (EPC R.159(1)(g)).
    """
    found = compute_deadlines(EP_RULES, {"filed": parent_filed or filed, "granted": granted})
    if parent_filed:
        four_months = period_end(filed, months=4, counting="same_day")
        found = _payable_later(
            found, "EP.renewal_divisional", "EP.renewal_divisional_grace_end", start=filed,
            covered=lambda raw: raw <= four_months, grace_moves=lambda raw: raw < filed,
        )
    if pct_priority:
        entry = period_end(pct_priority, months=31, counting="same_day")
        found = _payable_later(
            found, "EP.renewal_at_entry", "EP.renewal_at_entry_grace_end", start=entry,
            covered=lambda raw: raw < entry, grace_moves=lambda raw: raw < entry,
        )
    return sorted(found, key=lambda d: (d.due, d.year or 0, d.rule))


def _payable_later(found, rule_id, grace_rule_id, *, start, covered, grace_moves) -> list[Deadline]:
    """Replace the renewal fees whose regular raw due date is ``covered`` by the deadline of
    ``rule_id`` counted from ``start`` (the same for every year), and the surcharge period of those
    whose due date ``grace_moves`` by ``grace_rule_id``'s."""
    rule, grace_rule = rules()[rule_id][0], rules()[grace_rule_id][0]
    moved = {d.year for d in found if d.kind == "ep_renewal" and covered(d.raw_due)}
    grace_moved = {d.year for d in found if d.kind == "ep_renewal" and d.year in moved and grace_moves(d.raw_due)}
    kept = [
        d for d in found
        if not (d.kind == "ep_renewal" and d.year in moved) and not (d.kind == "ep_renewal_late_end" and d.year in grace_moved)
    ]
    kept += [_deadline(rule, rule.end(start), year) for year in sorted(moved)]
    kept += [_deadline(grace_rule, grace_rule.end(start), year) for year in sorted(grace_moved)]
    return kept
