"""State changes of the docket: recomputing a filing's deadlines, completing them, manual ones.

Recomputation is mechanical (bulk writes, no history rows, no events): it runs whenever a filing
changes and for the whole portfolio when the rules change. Completing, reopening and manual
deadlines are people's decisions: they go through :func:`kyoso.core.services.save_object`-style
checks, keep field history and write an event on the filing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core.roles import CHANGE
from kyoso.core.sentences import Sentence
from kyoso.core.services import ensure_may_change, record_event, save_object
from kyoso.inbox import services as inbox
from kyoso.inbox.choices import NotificationKind
from kyoso.ip.choices import FilingKind, FilingStatusGroups, Office
from kyoso.ip.models import Filing, InventionOwner
from kyoso.rules import deadlines as engine
from kyoso.rules.deadlines import rules as rule_table

from ..choices import CLOSING_STATES, DeadlineState
from ..models import Deadline
from .compute import ANCESTORS, rule_deadlines, satisfied_by_facts
from .tallies import deadlines_tallied_in_bulk

__all__ = [
    "recompute_filing", "recompute_filings", "recompute_invention", "complete_deadline", "reopen_deadline",
    "save_manual_deadline", "on_filing_changed", "on_owners_changed", "on_filings_importing",
    "deadlines_of_new_filings", "prepare_deadlines_of_new_filings",
]

#: Fields a recomputation may rewrite on an existing row (state and completion only by the rules below).
_COMPUTED_FIELDS = ("kind", "source", "label", "label_ja", "office", "due", "raw_due", "rule_status")

#: Triggers that happen again: a later notice of reasons for refusal (or decision of refusal) is a
#: new procedure, so its deadline opens again; other dates that move are corrections.
_REPEATING_TRIGGERS = ("oa_dispatched", "refusal_served")


def _backfill_start(today: date) -> date:
    """Deadlines further in the past than this are not created: they were dealt with before the
    filing reached kyoso (a 2015 annuity of a patent still in force was paid)."""
    return today - timedelta(days=getattr(settings, "DOCKET_BACKFILL_DAYS", 60))


def recompute_filing(filing: Filing, *, today: date | None = None) -> dict[str, int]:
    """Bring ``filing``'s computed deadlines in line with its facts and the rules.

    Upserts on (rule, year), keeping state and completion; removes open computed rows the rules
    no longer produce; closes rows the filing's data shows were met; a dead filing (refused,
    withdrawn, lapsed, abandoned…) keeps no open deadline: its open ones are closed (state
    ``closed``), and opened again when the filing lives again. Returns counts for the command's report.
    """
    changes = _Changes()
    rows, child_rows = _stored(Deadline.objects.filter(filing=filing)), list(filing.children.values_list("office", "kind"))
    family_offices = set(Filing.objects.filter(family_id=filing.family_id).exclude(pk=filing.pk).values_list("office", flat=True))
    with engine.remembering():
        _plan(filing, rows, child_rows, family_offices, changes, today=today or timezone.localdate(), now=timezone.now())
    return changes.write()


#: What a recomputation reads of a stored deadline: the computed values as a tuple (compared with
#: the rules' in one step), as plain values; a row that changes is written field by field.
_STORED = ("pk", "rule", "year", "manual", "state", *_COMPUTED_FIELDS)
_RAW_DUE = _COMPUTED_FIELDS.index("raw_due")


class _Stored:
    """A stored deadline as a recomputation sees it (a national docket holds 1.5 million: no model
    instance each). What the plan changes is kept in ``changed``: :class:`_Changes` writes those
    fields only."""

    __slots__ = ("pk", "rule", "year", "manual", "state", "computed", "changed")

    def __init__(self, pk, rule, year, manual, state, *computed):
        self.pk, self.rule, self.year, self.manual, self.state = pk, rule, year, manual, state
        self.computed = computed  # the values of _COMPUTED_FIELDS, in order
        self.changed: dict | None = None

    @property
    def is_open(self) -> bool:
        return self.state == DeadlineState.OPEN

    @property
    def raw_due(self) -> date | None:
        return self.computed[_RAW_DUE]

    def set(self, **values) -> None:
        """Change fields of the row (written if the row is among the updates)."""
        if self.changed is None:
            self.changed = {}
        self.changed.update(values)
        if "state" in values:
            self.state = values["state"]


def _stored(queryset) -> list[_Stored]:
    return [_Stored(*values) for values in queryset.order_by().values_list(*_STORED)]


class _Changes:
    """What a recomputation writes, gathered over one filing or a batch of them, then written at once."""

    def __init__(self):
        self.create: list[dict] = []  # new rows as {attname: value}: no model instance for each
        self.update: list[_Stored] = []
        self.stale: list[int] = []  # open computed rows the rules no longer produce
        self.close: list[int] = []  # open rows of dead filings
        self.reopen: list[int] = []  # closed rows of filings pursued again
        self.closed = 0  # rows the filing's facts show were met

    def write(self) -> dict[str, int]:
        """Delete, create and update only the rows that change; returns the counts."""
        from kyoso.core.importing.bulk import Prepared

        now = timezone.now()
        counts = {"created": len(self.create), "updated": len(self.update), "removed": 0, "closed": self.closed}
        if self.close:
            counts["closed"] += Deadline.objects.filter(pk__in=self.close).update(
                state=DeadlineState.CLOSED, completed_by=None, completed_at=now, modified=now)
        if self.reopen:
            Deadline.objects.filter(pk__in=self.reopen).update(
                state=DeadlineState.OPEN, completed_by=None, completed_at=None, modified=now)
        if self.stale:
            counts["removed"] = Deadline.objects.filter(pk__in=self.stale).delete()[0]
        if self.create:
            prepared = Prepared(Deadline)  # one prepared insert, several times faster than bulk_create
            prepared.insert([prepared.row(values) for values in self.create])
        # Each changed row writes the fields the plan changed, nothing else (no read of the rest):
        # one bulk update per set of changed fields (the rule's values; they and the state …).
        by_fields: dict[tuple[str, ...], list[Deadline]] = defaultdict(list)
        for row in self.update:
            by_fields[tuple(sorted(row.changed))].append(Deadline(pk=row.pk, **row.changed))
        for fields, instances in by_fields.items():
            Deadline.objects.bulk_update(instances, fields, batch_size=500)
        return counts


def _plan(filing: Filing, rows: list[_Stored], child_rows: list[tuple[str, str]], family_offices: set[str],
          changes: _Changes, *, today: date, now) -> None:
    """Add to ``changes`` what brings ``filing``'s stored ``rows`` in line with the rules (see
    :func:`recompute_filing`); ``child_rows`` are the (office, kind) of the filings claiming it as
    parent, ``family_offices`` the offices of its family's other filings."""
    if filing.status in FilingStatusGroups.DEAD:
        # Closed, not deleted: the docket keeps what the right owed, and a reopened right gets
        # exactly these back (rows done or waived before keep their state).
        changes.close.extend(d.pk for d in rows if d.is_open)
        return
    ended = [d for d in rows if d.state == DeadlineState.CLOSED]
    for row in ended:  # the filing is pursued again: what its end closed is open again, then recomputed below
        row.set(state=DeadlineState.OPEN, completed_by=None, completed_at=None)
    existing = {(d.rule, d.year): d for d in rows if not d.manual}
    children = [office for office, _kind in child_rows]
    priority_children = any(office == Office.JP and kind == FilingKind.PRIORITY_CLAIM for office, kind in child_rows)
    divisional_children = any(kind == FilingKind.DIVISIONAL for _office, kind in child_rows)
    start = _backfill_start(today)
    wanted = set()
    child_offices, has_children = set(children), bool(children)
    for computed in rule_deadlines(filing):
        key = (computed.rule, computed.year)
        wanted.add(key)
        row = existing.get(key)
        met = satisfied_by_facts(filing, computed, child_offices, has_children,
                                 family_offices=family_offices, priority_children=priority_children,
                                 divisional_children=divisional_children)
        if row is None:
            if computed.due < start:
                continue
            values = dict(zip(_COMPUTED_FIELDS, _values(computed), strict=True), filing_id=filing.pk, rule=computed.rule,
                          year=computed.year, modified=now)
            if met:
                values.update(state=DeadlineState.DONE, note=met, completed_at=now)
                changes.closed += 1
            changes.create.append(values)
            continue
        answered = row.raw_due
        changed = _refresh(row, computed, now)
        if _answers_an_earlier_event(row, answered):
            row.set(state=DeadlineState.OPEN, completed_by=None, completed_at=None,
                    note=_("Reopened: a later notice (the one of %(before)s was answered)") % {"before": answered.isoformat()})
        if changed or (met and row.is_open):
            changes.update.append(row)
        if met and row.is_open:
            row.set(state=DeadlineState.DONE, note=met, completed_at=now)
            changes.closed += 1
    changes.reopen.extend(d.pk for d in ended)
    changes.stale.extend(d.pk for key, d in existing.items() if key not in wanted and d.is_open)


def recompute_filings(filings: Iterable[Filing], *, today: date | None = None, batch_size: int = 2000,
                      progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Recompute many filings (after a change of the rule data), ``batch_size`` at a time.

    Each batch reads its filings' deadlines, children and owners in a few queries, computes with
    the pure rules, and writes only the rows that change (bulk deletes, inserts and updates) in one
    transaction; a run that changes nothing writes nothing. ``progress(n)`` is called after each
    batch with the number of filings done in it. Batches are large (2,000 filings, some 16,000
    deadlines) because each is a commit: a first run over a national portfolio makes 100, not 400.
    """
    today = today or timezone.localdate()
    totals = {"filings": 0, "created": 0, "updated": 0, "removed": 0, "closed": 0}
    batch: list[Filing] = []
    # The rules and calendars do not change during the run: each rule's deadline from a given date
    # is worked out once (thousands of filings share their filing or registration dates).
    with engine.remembering():
        for filing in filings:
            batch.append(filing)
            if len(batch) == batch_size:
                _recompute_batch(batch, totals, today)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            _recompute_batch(batch, totals, today)
            if progress:
                progress(len(batch))
    return totals


def _recompute_batch(filings: list[Filing], totals: dict[str, int], today: date) -> None:
    ids = [f.pk for f in filings]
    rows: dict[int, list[_Stored]] = defaultdict(list)
    for filing_id, *values in Deadline.objects.filter(filing_id__in=ids).order_by().values_list("filing_id", *_STORED):
        rows[filing_id].append(_Stored(*values))
    children: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for parent_id, office, kind in Filing.objects.filter(parent_id__in=ids).order_by().values_list("parent_id", "office", "kind"):
        children[parent_id].append((office, kind))
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, family_id, office in Filing.objects.filter(family_id__in={f.family_id for f in filings}).order_by().values_list(
            "pk", "family_id", "office"):
        members[family_id].append((pk, office))
    abroad = _applicants_abroad(ids)
    changes, now = _Changes(), timezone.now()
    for filing in filings:
        filing.applicants_abroad = abroad.get(filing.pk, False)  # read by compute.applicants_abroad
        family_offices = {office for pk, office in members.get(filing.family_id, ()) if pk != filing.pk}
        _plan(filing, rows.get(filing.pk, []), children.get(filing.pk, []), family_offices, changes, today=today, now=now)
    with transaction.atomic():
        for name, value in changes.write().items():
            totals[name] += value
    totals["filings"] += len(filings)


def _applicants_abroad(filing_ids: list[int]) -> dict[int, bool]:
    """For each filing, whether every owner of its invention is foreign (see ``compute.applicants_abroad``)."""
    invention_of = dict(Filing.objects.filter(pk__in=filing_ids).order_by().values_list("pk", "family__invention_id"))
    flags: dict[int, list[bool]] = defaultdict(list)
    for invention_id, domestic in InventionOwner.objects.filter(invention_id__in=set(invention_of.values())).order_by(
            ).values_list("invention_id", "organisation__is_domestic"):
        flags[invention_id].append(domestic)
    return {pk: bool(flags.get(inv)) and not any(flags[inv]) for pk, inv in invention_of.items()}


def _answers_an_earlier_event(row: Deadline, answered: date | None) -> bool:
    """A closed reply/appeal deadline whose trigger has moved later: it answered the previous notice."""
    if row.is_open or answered is None or row.raw_due is None or row.raw_due <= answered:
        return False
    rule = rule_table().get(row.rule)
    return bool(rule) and rule[0].trigger.startswith(_REPEATING_TRIGGERS)


def _values(computed) -> tuple:
    """The values of _COMPUTED_FIELDS a computed deadline gives its row, in order."""
    return (computed.kind, computed.source[:500], computed.label[:200], computed.label_ja[:200], computed.office,
            computed.due, computed.raw_due, computed.status)


def _refresh(row: _Stored, computed, now) -> bool:
    """Copy the computed values onto ``row``; whether anything changed (one tuple comparison)."""
    values = _values(computed)
    if values == row.computed:
        return False
    row.set(**dict(zip(_COMPUTED_FIELDS, values, strict=True)), modified=now)
    row.computed = values
    return True


def recompute_invention(invention) -> None:
    """All filings of an invention (its owners changed: payers and reductions follow)."""
    for filing in Filing.objects.filter(family__invention=invention).select_related(ANCESTORS):
        recompute_filing(filing)


def on_filing_changed(filing: Filing, *, user=None) -> None:
    """The ``filing_changed`` hook: the filing's dates, claims or status changed.

    Its family's other filings follow: a new national phase closes the PCT's entry deadline for
    that office, a filing abroad closes the Paris year of every JP application of the family, a
    later JP application claiming priority closes its parent's domestic-priority year, and a
    divisional counts from its parent's date."""
    recompute_filing(filing)
    for other in Filing.objects.filter(family_id=filing.family_id).exclude(pk=filing.pk).select_related(ANCESTORS):
        recompute_filing(other)


def deadlines_of_new_filings(filings: Iterable[Filing], *, today: date | None = None) -> int:
    """The deadlines of filings just created, in one bulk insert: what :func:`recompute_filing`
    gives a filing with no deadlines and no later filings yet, without its two queries per filing.
    Returns how many deadlines were created."""
    return prepare_deadlines_of_new_filings(filings, today=today)()


def prepare_deadlines_of_new_filings(filings: Iterable[Filing], *, today: date | None = None) -> Callable[[], int]:
    """:func:`deadlines_of_new_filings` in two steps: the rules run now, on the filings' own facts
    (they need not be saved yet); the returned step inserts the deadlines once the filings have
    their keys (and computes those of a filing whose deadlines read other records: a parent, or
    an examination whose periods depend on its owners), returning how many it created.

    An import prepares before its write transaction and runs the step inside it, so SQLite's
    write lock does not wait for the rules."""
    from kyoso.core.importing.bulk import Prepared

    today = today or timezone.localdate()
    now, start = timezone.now(), _backfill_start(today)
    prepared = Prepared(Deadline)
    # Filings of one import share a few offices and dates: the rules run once per distinct set of
    # the facts they read (a filing with a parent or an examination, whose deadlines read other
    # records, is computed on its own, in the step).
    computed_for: dict[tuple, list[list]] = {}
    ready: list[tuple[Filing, list[list]]] = []  # each filing with its rows (shared, keyed in the step)
    later: list[Filing] = []
    for filing in filings:
        if filing.status in FilingStatusGroups.DEAD:
            continue  # a dead filing keeps no open deadline
        if filing.parent_id or filing.office_action_on or filing.refusal_served_on:
            later.append(filing)
            continue
        key = (filing.office, filing.kind, *(getattr(filing, name) for name in _FACTS))
        if key not in computed_for:
            computed_for[key] = [prepared.row(row) for row in _deadline_rows(filing, start, now)]
        ready.append((filing, computed_for[key]))

    def write() -> int:
        # Filings with the same facts share their rows: each row is inserted for all of them at once.
        sharing: dict[int, tuple[list[list], list[int]]] = {}
        for filing, rows in ready:
            sharing.setdefault(id(rows), (rows, []))[1].append(filing.id)  # .id: the key attribute, not the .pk property
        groups = [(row, keys) for rows, keys in sharing.values() for row in rows]
        for filing in later:
            groups += [(prepared.row(row), [filing.pk]) for row in _deadline_rows(filing, start, now)]
        # Nothing but the new filings' deadlines is written in the block: tallied by grouped
        # statements at its end.
        keys = [filing.id for filing, _rows in ready] + [filing.id for filing in later]
        with deadlines_tallied_in_bulk(keys, using=prepared.connection.alias):
            return prepared.insert_for_each("filing_id", groups)
    return write


# What the rules and satisfied_by_facts read off a filing without a parent or an examination.
_FACTS = ("filing_date", "priority_date", "registered_on", "grant_decision_on", "exam_requested_on", "publication_date")


def _deadline_rows(filing: Filing, start: date, now) -> list[dict]:
    """The values _refresh copies onto a row for each of the filing's future deadlines, as plain
    values: thousands of rows are inserted at once without building a model instance for each."""
    rows = []
    for computed in rule_deadlines(filing):
        if computed.due < start:
            continue
        row = {
            "rule": computed.rule, "year": computed.year, "kind": computed.kind,
            "source": computed.source[:500], "label": computed.label[:200], "label_ja": computed.label_ja[:200],
            "office": computed.office, "due": computed.due, "raw_due": computed.raw_due, "rule_status": computed.status,
            "modified": now,
        }
        if met := satisfied_by_facts(filing, computed, set(), False):
            row.update(state=DeadlineState.DONE, note=met, completed_at=now)
        rows.append(row)
    return rows


def on_filings_importing(filings, *, user=None) -> Callable[[], int]:
    """The ``filings_importing`` hook: the deadlines of an import's new filings, computed before its
    write transaction; the step it answers inserts them in bulk inside it."""
    return prepare_deadlines_of_new_filings(filings)


def on_owners_changed(invention, *, user=None) -> None:
    """The ``invention_owners_changed`` hook."""
    recompute_invention(invention)


def _check_change(deadline: Deadline, user) -> None:
    if not Deadline.objects.for_user(user, CHANGE).filter(pk=deadline.pk).exists():
        raise PermissionDenied


@transaction.atomic
def complete_deadline(deadline: Deadline, state: str, *, user, note: str = "") -> Deadline:
    """Mark ``deadline`` done, waived or missed, by ``user`` now; closing an annuity as done
    also closes its late-payment window (the follow-on rule has nothing left to do)."""
    _check_change(deadline, user)
    if state not in CLOSING_STATES:
        raise ValidationError(_("A deadline is completed as done, waived or missed."))
    if not deadline.is_open:
        raise ValidationError(_("This deadline is already closed."))
    deadline.state, deadline.note = state, note[:500]
    deadline.completed_by, deadline.completed_at = user, timezone.now()
    deadline._history_user = user
    deadline.save()
    if state == DeadlineState.DONE and deadline.rule:
        followers = [rid for rid, rows in rule_table().items() if rows[0].follows == deadline.rule]
        deadline.filing.deadlines.filter(rule__in=followers, year=deadline.year, state=DeadlineState.OPEN).update(
            state=DeadlineState.DONE, completed_by=user, completed_at=deadline.completed_at,
            note=_("Closed with %(label)s") % {"label": deadline.title},
        )
    record_event(
        deadline.filing, f"deadline-{state}",
        Sentence(gettext_lazy("Deadline “%(label)s” (%(due)s) marked %(state)s"),
                 label=deadline.titles, due=deadline.due.isoformat(), state=DeadlineState(deadline.state).label),
        user=user, data={"deadline": deadline.pk, "rule": deadline.rule, "note": note},
    )
    return deadline


@transaction.atomic
def reopen_deadline(deadline: Deadline, *, user) -> Deadline:
    """Undo a completion (a wrong click); the history keeps both."""
    _check_change(deadline, user)
    deadline.state, deadline.completed_by, deadline.completed_at = DeadlineState.OPEN, None, None
    deadline._history_user = user
    deadline.save()
    record_event(deadline.filing, "deadline-reopened", Sentence(gettext_lazy("Deadline “%(label)s” reopened"), label=deadline.titles), user=user)
    return deadline


def tell_responsible(deadline: Deadline, *, user) -> None:
    """Notify the deadline's responsible user that it is theirs now (call when ``responsible`` changed)."""
    filing = deadline.filing
    inbox.notify([deadline.responsible_id], NotificationKind.DEADLINE_ASSIGNED,
                 params={"label": deadline.titles, "filing": f"{filing.office} {filing.application_number or filing.pk}",
                         "due": deadline.due.isoformat()},
                 url=deadline.get_absolute_url(), actor=user)


@transaction.atomic
def save_manual_deadline(deadline: Deadline, *, user) -> Deadline:
    """Create or change a deadline typed in by a person (never touched by recomputation)."""
    if deadline.pk and not Deadline.objects.filter(pk=deadline.pk, manual=True).exists():
        raise ValidationError(_("Computed deadlines change with their filing, not by hand."))
    deadline.manual = True
    ensure_may_change(deadline.filing, user=user)
    creating = deadline.pk is None
    before = None if creating else Deadline.objects.filter(pk=deadline.pk).values_list("responsible_id", flat=True).first()
    deadline.office = deadline.office or deadline.filing.office
    save_object(deadline, user=user, check_scope=False)
    if deadline.responsible_id and deadline.responsible_id != before:
        tell_responsible(deadline, user=user)
    if creating:
        record_event(deadline.filing, "deadline-added",
                     Sentence(gettext_lazy("Deadline “%(label)s” (%(due)s) added by hand"), label=deadline.titles, due=deadline.due.isoformat()),
                     user=user)
    return deadline
