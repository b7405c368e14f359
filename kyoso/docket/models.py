"""The docket: every filing's deadlines, who is reminded of them and when."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyoso.core.models import TrackedModel
from kyoso.core.sentences import ByLanguage
from kyoso.ip.choices import Office
from kyoso.ip.models import Filing

from .choices import MILESTONE_KINDS, DeadlineKind, DeadlineState
from .querysets import DeadlineQuerySet, ReminderPreferenceQuerySet

__all__ = ["Deadline", "ReminderPreference", "ReminderDispatch", "parse_lead_days"]


class Deadline(TrackedModel):
    """A date by which something must happen for a filing, and what became of it.

    Computed rows come from the rule data (``kyoso/rules/data/deadline_rules.csv``) and carry the
    rule id and its legal source; they are recomputed whenever the filing's dates, claims or owners
    or the rules change, keeping their completion. Manual rows (``manual``) are typed in by a
    person — an office action's reply date, an internal decision — and never recomputed.
    ``due`` is the date after rolling past closed office days; ``raw_due`` the date before.
    """

    # No index of its own: every composite index below that starts with the filing serves it (one
    # index fewer to keep up for each of the tens of thousands of deadlines an import inserts).
    filing = models.ForeignKey(Filing, verbose_name=_("filing"), on_delete=models.CASCADE, related_name="deadlines",
                               db_index=False)
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices, default=DeadlineKind.OTHER)
    rule = models.CharField(_("rule"), max_length=60, blank=True, help_text=_("Rule id in deadline_rules.csv"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    label = models.CharField(_("what"), max_length=200)
    label_ja = models.CharField(_("what (Japanese)"), max_length=200, blank=True)
    office = models.CharField(_("office"), max_length=3, blank=True, help_text=_("The office that receives the procedure"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, help_text=_("Annuity or renewal year"))
    due = models.DateField(_("due"), db_index=True)
    raw_due = models.DateField(_("raw due"), null=True, blank=True, help_text=_("Before rolling past closed office days"))
    rule_status = models.CharField(_("rule status"), max_length=20, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    # Indexed only where set (``deadline_completed_by``, ``deadline_responsible``, below): a new
    # deadline has neither, and an import inserts tens of thousands of them.
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    manual = models.BooleanField(_("entered by hand"), default=False)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="docket_deadlines", help_text=_("Reminded instead of the consortium's CPOs and the IP office"),
        db_index=False,
    )

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due", "filing_id", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            # A filing's own deadlines are read from docket_filing_open (it starts with the filing):
            # no (filing, due) index beside it to keep up on every insert.
            # The docket home counts open deadlines by due date, kind, office and (for a scoped
            # reader) filing from these two indexes, never from the 1.5 M rows themselves; the
            # first also serves every "open, by due date" read, in the lists' order (due, filing):
            # a scoped list stops after its first visible rows rather than testing every row of
            # the first day (thousands at national scale) before sorting them.
            models.Index(fields=["state", "due", "filing", "kind", "office"], name="docket_open_window"),
            models.Index(fields=["state", "kind"], name="docket_open_kind"),
            # A scoped reader's counts start from their filings (tens of thousands for a company in
            # many consortia): per filing, its open rows with everything counted, read from the index.
            models.Index(fields=["filing", "state", "due", "kind", "office"], name="docket_filing_open"),
            models.Index(fields=["completed_by"], condition=Q(completed_by__isnull=False), name="deadline_completed_by"),
            models.Index(fields=["responsible"], condition=Q(responsible__isnull=False), name="deadline_responsible"),
        ]
        constraints = [
            # Recomputation upserts on (filing, rule, year); SQL treats NULL years as distinct, so
            # non-recurring rules get their own partial constraint.
            models.UniqueConstraint(
                fields=["filing", "rule", "year"], condition=Q(manual=False, year__isnull=False), name="deadline_unique_rule_year"
            ),
            models.UniqueConstraint(
                fields=["filing", "rule"], condition=Q(manual=False, year__isnull=True), name="deadline_unique_rule"
            ),
        ]

    RULE_STATUSES = {"confirmed": _("confirmed by a source"), "single-source": _("from a single source"),
                     "unconfirmed": _("unconfirmed"), "assumption": _("kyoso's assumption")}

    def get_rule_status_display(self) -> str:
        """How sure the rule's data is, in words (the data files write a code)."""
        return str(self.RULE_STATUSES.get(self.rule_status, self.rule_status))

    def __str__(self) -> str:
        return f"{self.due:%Y-%m-%d} {self.title}"

    @property
    def titles(self) -> ByLanguage:
        """Its name in each language (English where no Japanese one is known); ``str()`` picks the reader's."""
        return ByLanguage(en=self.label, ja=self.label_ja or self.label)

    @property
    def title(self) -> str:
        """What the deadline is called, in the reader's language."""
        return str(self.titles)

    def clean(self):
        if self.manual and self.office and self.office not in Office.values and self.office != "IB":
            raise ValidationError({"office": _("Unknown office.")})

    @property
    def is_open(self) -> bool:
        return self.state == DeadlineState.OPEN

    @property
    def is_milestone(self) -> bool:
        """Reached by the office by itself: shown, never reminded."""
        return self.kind in MILESTONE_KINDS

    @property
    def rolled(self) -> bool:
        return bool(self.raw_due and self.raw_due != self.due)


class _OpenTally(models.Model):
    """How many open action deadlines the inventions of one consortium (``consortium_id`` 0: of
    none) that are (or are not) confidential have: what both tallies below count by."""

    consortium_id = models.BigIntegerField(_("consortium"))
    confidential = models.BooleanField(_("confidential"))
    n = models.IntegerField(_("open deadlines"), default=0)

    class Meta:
        abstract = True


class OpenTallyByDay(_OpenTally):
    """The open action deadlines (office milestones left out) of one office that fall due on one
    day, among the inventions of one consortium that are (or are not) confidential.

    Kept by the database itself: triggers on deadlines, inventions, families and filings
    (migration ``0009_open_tallies``) change it in the same transaction as any write, whichever
    code path makes it (a service, an import, a cascade, a recompute), so it is always exact.
    Read by a company's docket home: a company in most consortia sees 400,000 open deadlines,
    which it would otherwise count one by one on every visit (:mod:`kyoso.docket.tallies`).
    ``kyoso docket recount`` rebuilds it from the deadlines, should it ever be edited by hand.
    """

    # The key is the table: one b-tree (SQLite: WITHOUT ROWID), which the triggers' upserts find
    # and change in place and a company's windows read in order (its consortia's days up to the last).
    pk = models.CompositePrimaryKey("confidential", "consortium_id", "due", "office")
    office = models.CharField(_("office"), max_length=3)
    due = models.DateField(_("due"))

    class Meta:
        verbose_name = _("open deadlines by day")
        verbose_name_plural = _("open deadlines by day")

    def __str__(self) -> str:
        return f"{self.consortium_id}/{self.confidential} {self.office} {self.due}: {self.n}"


class OpenTally(_OpenTally):
    """:class:`OpenTallyByDay` summed over its offices and days, kept by the same triggers (a
    company's "all open" tile reads a row per consortium)."""

    pk = models.CompositePrimaryKey("confidential", "consortium_id")

    class Meta:
        verbose_name = _("open deadlines")
        verbose_name_plural = _("open deadlines")

    def __str__(self) -> str:
        return f"{self.consortium_id}/{self.confidential}: {self.n}"


class _CoOwnedTally(_OpenTally):
    """:class:`_OpenTally` kept once for each organisation co-owning the inventions counted."""

    organisation_id = models.BigIntegerField(_("organisation"))

    class Meta:
        abstract = True


class CoOwnedTallyByDay(_CoOwnedTally):
    """:class:`OpenTallyByDay` of the inventions one organisation co-owns: each open action deadline
    counted once for each of its invention's owner organisations.

    Kept by the database like the others (triggers of migration ``0011_co_owned_tallies``, which
    also follow owners added, removed or changed). Read by a company's docket home for the
    inventions it sees only as a co-owner (confidential ones, or of consortia it is not a member
    of): without it, finding those among the thousands it co-owns and counting their deadlines
    cost 50–170 ms of database time on every visit at national scale (:mod:`kyoso.docket.tallies`).
    """

    # The key is the table, as for OpenTallyByDay; a company's windows read its days up to the last.
    pk = models.CompositePrimaryKey("organisation_id", "due", "confidential", "consortium_id", "office")
    office = models.CharField(_("office"), max_length=3)
    due = models.DateField(_("due"))

    class Meta:
        verbose_name = _("co-owned open deadlines by day")
        verbose_name_plural = _("co-owned open deadlines by day")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.consortium_id}/{self.confidential} {self.office} {self.due}: {self.n}"


class CoOwnedTally(_CoOwnedTally):
    """:class:`CoOwnedTallyByDay` summed over its offices and days (a company's "all open" tile)."""

    pk = models.CompositePrimaryKey("organisation_id", "confidential", "consortium_id")

    class Meta:
        verbose_name = _("co-owned open deadlines")
        verbose_name_plural = _("co-owned open deadlines")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.consortium_id}/{self.confidential}: {self.n}"


def parse_lead_days(text: str) -> tuple[int, ...]:
    """``"90, 30,7"`` → ``(90, 30, 7)``; raises ``ValidationError`` for anything else."""
    try:
        days = tuple(sorted({int(part) for part in text.replace(" ", "").split(",") if part}, reverse=True))
    except ValueError:
        raise ValidationError(_("Give whole numbers of days separated by commas, e.g. 90,30,7.")) from None
    if not days or any(d < 1 or d > 365 for d in days):
        raise ValidationError(_("Each lead time must be between 1 and 365 days."))
    return days


class ReminderPreference(models.Model):
    """How many days before a deadline a user wants to hear about it (default: settings)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    lead_days = models.CharField(_("remind me this many days before"), max_length=60, default="90,30,7",
                                 help_text=_("Days, separated by commas, e.g. 90,30,7"))
    active = models.BooleanField(_("send me e-mail reminders"), default=True)

    objects = ReminderPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user} {self.lead_days}"

    def clean(self):
        self.lead_days = ",".join(map(str, parse_lead_days(self.lead_days)))

    @property
    def leads(self) -> tuple[int, ...]:
        return parse_lead_days(self.lead_days)


class ReminderDispatch(models.Model):
    """One reminder of one deadline to one person at one lead time: claimed before the e-mail is
    sent, so that running ``kyoso remind`` again (or twice at once) never sends it twice."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="dispatches")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lead_days = models.SmallIntegerField(_("lead time (days)"), help_text=_("0 = overdue notice"))
    run = models.CharField(max_length=32, db_index=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "recipient", "lead_days"], name="reminder_once_per_lead")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.recipient} ({self.lead_days} d)"
