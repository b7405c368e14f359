"""From a filing to its deadlines: which rule set applies and which events feed it.

The rules themselves live in :mod:`kyoso.rules.deadlines` (pure Python, rules as data); this
module only reads a :class:`~kyoso.ip.models.Filing` and its family into the events those rules
expect, and says which computed deadlines the filing's own facts already satisfy.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.utils.translation import gettext as _

from kyoso.ip.choices import FilingKind, Office
from kyoso.ip.models import Filing
from kyoso.rules import deadlines as engine

__all__ = ["ANCESTORS", "deemed_filing_date", "earliest_priority", "rule_deadlines", "satisfied_by_facts"]

#: The ancestors a computation reads, to ``select_related`` with a filing: a national phase of a PCT
#: that claims a JP application's priority reads three generations; deeper chains cost a query each.
ANCESTORS = "parent__parent__parent"

#: How far up a chain of divisionals (a divisional of a divisional …) the parent is followed.
_MAX_GENERATIONS = 10


def _international_filing_date(filing: Filing) -> date | None:
    """For a national phase, the PCT's filing date: the JP and EP terms, the JP examination-request
    period and the EP renewal years all count from it (PA 184-3, 48-3; EPC Art. 153(2))."""
    parent = filing.parent
    if filing.kind == FilingKind.NATIONAL_PHASE and parent is not None and parent.office == Office.PCT:
        return parent.filing_date
    return None


def deemed_filing_date(filing: Filing) -> date | None:
    """The date ``filing`` is deemed filed on: a divisional's is its original parent's (PA §44(2);
    EPC Art. 76(1)), followed up a chain of divisionals; a national phase's is the international
    filing date; any other filing's is its own."""
    for _generation in range(_MAX_GENERATIONS):
        if filing.kind != FilingKind.DIVISIONAL or filing.parent is None:
            break
        filing = filing.parent
    return _international_filing_date(filing) or filing.filing_date


def earliest_priority(filing: Filing, _generation: int = 0) -> date | None:
    """The earliest priority date of the filing's matter (Paris Convention Art. 4C(2)): its own
    priority date, or what its parent gives when the priority date was not recorded – a later
    application claiming priority and a PCT claim their parent (its filing date and its own
    earliest priority); a divisional and a national phase take their parent's earliest priority."""
    dates = [filing.priority_date]
    parent = filing.parent
    if parent is not None and _generation < _MAX_GENERATIONS:
        if filing.kind in (FilingKind.PRIORITY_CLAIM, FilingKind.PCT):
            dates += [parent.filing_date, earliest_priority(parent, _generation + 1)]
        elif filing.kind in (FilingKind.DIVISIONAL, FilingKind.NATIONAL_PHASE):
            dates.append(earliest_priority(parent, _generation + 1))
    found = [day for day in dates if day]
    return min(found) if found else None


def applicants_abroad(filing: Filing) -> bool:
    """Whether every owner of the filing's invention is foreign (在外者: the longer JP periods).

    Read off the owners' "domestic" flag; an invention without owners counts as domestic. With a
    domestic co-applicant the domestic periods are kept (the safe reading: they end first).
    """
    known = getattr(filing, "applicants_abroad", None)  # read in bulk by recompute_filings
    if known is not None:
        return known
    flags = [owner.organisation.is_domestic for owner in filing.family.invention.owners.select_related("organisation")]
    return bool(flags) and not any(flags)


def rule_deadlines(filing: Filing) -> list[engine.Deadline]:
    """The deadlines the rules give for ``filing`` (past and future), without any state.

    A divisional recorded without its parent cannot be dated from the parent's filing date (its
    term, examination request and EP renewal years count from it): its deadlines are computed from
    its own date and marked unconfirmed until the parent is recorded.
    """
    found = _rule_deadlines(filing)
    if filing.kind == FilingKind.DIVISIONAL and filing.parent is None:
        return [replace(deadline, status=engine.UNCONFIRMED) for deadline in found]
    return found


def _rule_deadlines(filing: Filing) -> list[engine.Deadline]:
    if not filing.filing_date and filing.office != Office.PCT:
        return []
    filed = _international_filing_date(filing) or filing.filing_date
    divisional = filing.kind == FilingKind.DIVISIONAL and filing.parent is not None
    parent_filed = deemed_filing_date(filing) if divisional else None
    if filing.office == Office.JP:
        earliest = earliest_priority(filing)
        priority = earliest if earliest and earliest < (parent_filed or filed) else None
        examined = filing.office_action_on or filing.refusal_served_on
        return engine.jp_deadlines(
            filed, registered=filing.registered_on, grant_decision=filing.grant_decision_on,
            priority=priority, parent_filed=parent_filed,
            office_action=filing.office_action_on, refusal=filing.refusal_served_on,
            abroad=bool(examined) and applicants_abroad(filing),
        )
    if filing.office == Office.PCT:
        priority = earliest_priority(filing) or filing.filing_date
        if priority is None:
            return []
        found = engine.pct_deadlines(priority, international_filed=filing.filing_date)
        # The international filing itself is this record; its 12-month priority deadline belongs
        # to the first filing's docket (JP.paris_priority), so it is not repeated here.
        return [d for d in found if d.rule != "PCT.international_filing" or filing.filing_date is None]
    if filing.office == Office.US:
        return engine.us_deadlines(filing.registered_on) if filing.registered_on else []
    if filing.office == Office.EP:
        pct = filing.parent if filing.kind == FilingKind.NATIONAL_PHASE and filing.parent else None
        pct_priority = (earliest_priority(pct) or pct.filing_date) if pct and pct.office == Office.PCT else None
        return engine.ep_deadlines(filed, granted=filing.registered_on, parent_filed=parent_filed, pct_priority=pct_priority)
    return []


def satisfied_by_facts(
    filing: Filing, deadline: engine.Deadline, child_offices: set[str], has_children: bool,
    *, family_offices: set[str] = frozenset(), priority_children: bool | None = None,
    divisional_children: bool = False,
) -> str:
    """Why the filing's own data shows ``deadline`` was met (a note), or ``""`` if it does not.

    Recording the examination request or the registration on the filing closes the matching
    deadline without a second click; a national-phase entry closes the PCT's entry deadline.
    The Paris year (filing abroad) is met by a filing of the family at another office – a later
    JP application claiming priority is not one (Paris Convention Art. 4C(2)); the domestic-priority
    year by a JP application claiming this one (``priority_children``; ``None`` = ``has_children``).
    ``family_offices`` are the offices of the family's OTHER filings; ``divisional_children``
    whether a divisional of this filing is recorded (it meets the divisional deadlines).
    """
    kind = deadline.kind
    if kind == "exam_request" and filing.exam_requested_on and deadline.office == filing.office:
        return _("Examination requested on %(day)s") % {"day": filing.exam_requested_on.isoformat()}
    if kind == "registration_fee" and filing.registered_on:
        return _("Registered on %(day)s") % {"day": filing.registered_on.isoformat()}
    if kind == "publication" and filing.publication_date:
        return _("Published on %(day)s") % {"day": filing.publication_date.isoformat()}
    if kind in ("national_phase", "exam_request") and filing.office == Office.PCT and deadline.office in child_offices:
        return _("Entered the %(office)s phase") % {"office": deadline.office}
    if kind == "divisional" and divisional_children:
        return _("A divisional application was filed")
    if deadline.rule == "JP.domestic_priority":
        claimed = has_children if priority_children is None else priority_children
        return _("A later JP application claims this priority") if claimed else ""
    if kind == "priority" and filing.office == Office.JP:
        abroad = sorted(office for office in family_offices if office != Office.JP)
        return _("Filed abroad: %(offices)s") % {"offices": ", ".join(abroad)} if abroad else ""
    if kind == "priority" and has_children:
        return _("Later filings claim this priority")
    return ""
