"""Import inventions with owners, inventors and filings, one row per filing.

The invention's columns repeat on each of its rows and it is found by its reference (the key the
user gives it). Owners and inventors are written as ``Name:50;Name:50``. Filings go into the
invention's first family and are found by office and application number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kyoso.agreements.models import Agreement
from kyoso.consortia.models import Consortium, ResearchTopic
from kyoso.core import hooks
from kyoso.core.importing import (
    BooleanColumn,
    ChoiceColumn,
    DateColumn,
    Importer,
    IntegerColumn,
    KeyColumn,
    ReferenceColumn,
    RowError,
    SharesColumn,
    TextColumn,
    register,
)
from kyoso.core.importing.bulk import (
    build,
    create_with_history,
    created_event,
    ensure_all_may_change,
    event,
    render_events_meanwhile,
    save_events,
    take_parent_keys,
)
from kyoso.core.importing.importer import CREATED
from kyoso.core.sentences import Sentence
from kyoso.core.services import changed_fields
from kyoso.parties.importers import PersonReference, organisation_column
from kyoso.rules.names import normalise_name
from kyoso.rules.numbers import NumberKind, number_key, search_key
from kyoso.rules.owners import as_share, format_share

from .choices import (
    FilingKind,
    FilingStatus,
    InventionStatus,
    IPKind,
    Office,
    ProposalKind,
    SearchedBy,
    USEntityStatus,
)
from .models import Family, Filing, Invention, InventionOwner, Inventor
from .services import check_share_rows, is_researcher, save_filing, save_invention_with_shares

__all__ = ["InventionImporter"]

FILING_DATES = ("priority_date", "filing_date", "publication_date", "exam_requested_on", "grant_decision_on", "registered_on",
                "office_action_on", "refusal_served_on")
FILING_NUMBERS = ("application_number", "publication_number", "registration_number")
NUMBER_KINDS = {"application_number": NumberKind.APPLICATION, "publication_number": NumberKind.PUBLICATION,
                "registration_number": NumberKind.REGISTRATION}


CENT = Decimal("0.01")


def _percent(share) -> Decimal:
    """An inventor's contribution as stored (percent, two places); :func:`check_share_rows` has
    already refused a share that is not a whole hundredth of a percent."""
    return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(CENT)


@dataclass
class InventionPlan:
    """New inventions with their first family, owners, inventors and filings, to bulk-insert."""

    inventions: list = field(default_factory=list)
    families: list = field(default_factory=list)
    owners: dict = field(default_factory=dict)  # invention reference → [InventionOwner]
    inventors: dict = field(default_factory=dict)  # invention reference → [Inventor]
    filings: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # what other apps write for the new filings (filings_importing)


@register
class InventionImporter(Importer):
    kind = "inventions"
    verbose_name = _lazy("inventions with filings")
    description = _lazy(
        "One row per filing, the invention's columns repeated on each; inventions are matched by reference, "
        "filings by office and application number. Leave the filing columns blank for an invention not yet filed."
    )
    model = Invention
    columns = (
        TextColumn("reference", _lazy("reference"), ja="整理番号", required=True, aliases=("invention_key",)),
        TextColumn("title", _lazy("title"), ja="発明の名称", required=True),
        TextColumn("title_ja", _lazy("title (Japanese)"), ja="発明の名称（日本語）"),
        TextColumn("abstract", _lazy("abstract"), ja="要約"),
        DateColumn("disclosed_on", _lazy("disclosure date"), ja="届出日", required=True),
        ReferenceColumn("consortium", _lazy("consortium"), Consortium, ("slug",), ja="コンソーシアム"),
        KeyColumn("topic", _lazy("research topic"), ResearchTopic, ("code",), ja="研究開発課題"),
        ReferenceColumn("agreement", _lazy("agreement"), Agreement, ("number",), ja="契約番号"),
        ChoiceColumn("ip_kind", _lazy("foreground / background"), IPKind, ja="知財区分"),
        BooleanColumn("confidential", _lazy("confidential"), ja="秘匿"),
        ChoiceColumn("invention_status", _lazy("invention status"), InventionStatus, ja="発明の状態"),
        TextColumn("technology_area", _lazy("technology area"), ja="技術分野"),
        SharesColumn("owners", _lazy("owners"), organisation_column("owner", _lazy("owner"), ""), ja="権利者",
                     help_text=_lazy("Organisation:share;… totalling 100% (a share is 1/3 or 33.5%)")),
        SharesColumn("inventors", _lazy("inventors"), PersonReference("inventor", _lazy("inventor")), ja="発明者",
                     help_text=_lazy("Family Given:share;… or e-mail:share;… totalling 100")),
        ChoiceColumn("office", _lazy("office"), Office, ja="出願先"),
        ChoiceColumn("filing_kind", _lazy("filing kind"), FilingKind, ja="出願種別"),
        ChoiceColumn("filing_status", _lazy("filing status"), FilingStatus, ja="出願の状態"),
        TextColumn("application_number", _lazy("application number"), ja="出願番号"),
        TextColumn("publication_number", _lazy("publication number"), ja="公開番号"),
        TextColumn("registration_number", _lazy("registration number"), ja="登録番号"),
        DateColumn("priority_date", _lazy("priority date"), ja="優先日"),
        DateColumn("filing_date", _lazy("filing date"), ja="出願日"),
        DateColumn("publication_date", _lazy("publication date"), ja="公開日"),
        DateColumn("exam_requested_on", _lazy("examination requested"), ja="審査請求日"),
        DateColumn("grant_decision_on", _lazy("grant decision"), ja="特許査定日"),
        DateColumn("registered_on", _lazy("registration date"), ja="登録日"),
        DateColumn("office_action_on", _lazy("reasons for refusal dispatched"), ja="拒絶理由通知の発送日"),
        DateColumn("refusal_served_on", _lazy("decision of refusal served"), ja="拒絶査定の送達日"),
        IntegerColumn("claims", _lazy("claims"), ja="請求項数"),
        ChoiceColumn("searched_by", _lazy("searched by"), SearchedBy, ja="調査機関"),
        ChoiceColumn("us_entity", _lazy("US entity status"), USEntityStatus, ja="米国エンティティ"),
        BooleanColumn("ep_micro_entity", _lazy("EPO micro-entity fees"), ja="EPOマイクロエンティティ"),
    )
    sample = {
        "reference": "INV-2025-0901", "title": "Low-noise MRAM read circuit", "title_ja": "低雑音MRAM読出し回路",
        "abstract": "", "disclosed_on": "2025-05-12", "consortium": "opera-demo", "topic": "T1",
        "agreement": "OPERA-2022-001", "ip_kind": "foreground", "confidential": "no", "invention_status": "filed",
        "technology_area": "H10B", "owners": "Kita-Nihon University:50;Asahi Devices Corporation:50",
        "inventors": "Endo Haruki:60;Nakamura Kaito:40", "office": "JP", "filing_kind": "national",
        "filing_status": "filed", "application_number": "特願2025-012345", "publication_number": "",
        "registration_number": "", "priority_date": "2025-07-01", "filing_date": "2025-07-01",
        "publication_date": "", "exam_requested_on": "", "grant_decision_on": "", "registered_on": "",
        "office_action_on": "", "refusal_served_on": "", "claims": 8, "searched_by": "", "us_entity": "",
        "ep_micro_entity": "",
    }
    INVENTION_FIELDS = {
        "title": "title", "title_ja": "title_ja", "abstract": "abstract", "disclosed_on": "disclosed_on",
        "consortium": "consortium", "agreement": "agreement", "ip_kind": "ip_kind", "confidential": "confidential",
        "status": "invention_status", "technology_area": "technology_area",
    }
    FILING_FIELDS = {"kind": "filing_kind", "status": "filing_status", "claims": "claims", "ep_micro_entity": "ep_micro_entity",
                     "searched_by": "searched_by", "us_entity": "us_entity",
                     **{f: f for f in FILING_DATES + FILING_NUMBERS}}

    # -- checks across rows: duplicates -------------------------------------------------------
    def check_rows(self, rows) -> None:
        """The same application number at the same office twice in the file, or already stored
        for another invention, is an error: one application is one filing."""
        seen: dict[tuple, int] = {}
        numbered = [row for row in rows if row.values.get("office") and row.values.get("application_number")]
        for row in numbered:
            key = (row.values["office"], normalise_name(row.values["application_number"]))
            if key in seen:
                row.error(_("The same application number at the same office as row %(row)s.") % {"row": seen[key]},
                          "application_number")
            else:
                seen[key] = row.number
        if not numbered:
            return
        stored = {}
        for office, number, reference in Filing.objects.filter(
            application_number__in={row.values["application_number"] for row in numbered}
        ).values_list("office", "application_number", "family__invention__reference"):
            stored[(office, number)] = reference
        for row in numbered:
            reference = stored.get((row.values["office"], row.values["application_number"]))
            if reference is not None and reference != row.values["reference"]:
                row.error(_("Application number %(number)s at %(office)s is already filed for invention %(reference)s.") % {
                    "number": row.values["application_number"], "office": row.values["office"], "reference": reference},
                    "application_number")

    # -- the bulk path: new inventions, validated first, then written in one short transaction --
    @property
    def bulk(self) -> bool:
        # A researcher's disclosure follows its own rules (owned by their university, other splits
        # proposed to the IP office): the services decide, row by row.
        return not is_researcher(self.user)

    def accepts_bulk(self, rows) -> bool:
        """Only files of new inventions: a file that changes stored ones goes through the services."""
        references = {row.values["reference"] for row in rows}
        return not Invention.objects.filter(reference__in=references).exists()

    def prepare(self, rows) -> InventionPlan:
        plan = InventionPlan()
        self._plan, self._inventions, self._checked = plan, {}, {}
        families = {f"F-{row.values['reference']}" for row in rows}
        self._taken_families = set(Family.objects.filter(reference__in=families).values_list("reference", flat=True))
        self.read_stored_numbers({(row.values["office"], name, search_key(str(number))) for row in rows
                                  if row.values.get("office") for name in FILING_NUMBERS if (number := row.values.get(name))})
        for row in rows:
            try:
                row.changes = self.prepare_row(row.values)
            except (RowError, ValidationError) as error:
                row.refused(error)
            if row.errors and row.values["reference"] not in self._inventions:
                self._inventions[row.values["reference"]] = (None, None, row.number)  # its later rows say so
        return plan

    def before_write(self, plan: InventionPlan) -> None:
        if plan.filings:
            # The docket computes the new filings' deadlines now, inserts them in the transaction.
            plan.steps = hooks.collect("filings_importing", plan.filings, user=self.user)

    def prepare_row(self, values) -> list[str]:
        reference = values["reference"]
        changes = []
        if reference in self._inventions:
            invention, family, first = self._inventions[reference]
            if invention is None:
                raise RowError(_("Invention %(reference)s has errors in row %(row)s.") % {"reference": reference, "row": first},
                               "reference")
        else:
            invention, family = self.new_invention(values)
            changes.append(self.outcome(Invention, CREATED, reference))
            changes.extend(self.shares_set(column, reference) for column in ("owners", "inventors") if values.get(column))
        if values.get("office"):
            changes.append(self.new_filing(invention, family, values))
        elif any(values.get(f) for f in FILING_NUMBERS + FILING_DATES):
            raise RowError(_("Say at which office the filing was made."), "office")
        if reference not in self._inventions:
            # The family beside its invention, not on it: the family refers to its invention, and a
            # reference back would make 5,000 cycles that only the cycle collector frees (0.1 s).
            self._inventions[reference] = (invention, family, 0)
            self._plan.inventions.append(invention)
            self._plan.families.append(family)
        return changes

    def new_invention(self, values) -> tuple[Invention, Family]:
        """The invention, its first family and its owners and inventors, validated as the services would."""
        reference = values["reference"]
        invention = build(Invention, reference=reference)
        self.assign(invention, values, self.INVENTION_FIELDS)
        if code := values.get("topic"):
            invention.topic = self.find("topic", code, consortium_id=invention.consortium_id)
        try:
            self.validate(invention, full=True)
        except ValidationError as error:
            raise self.relabel(error, invention, {"status": "invention_status"}) from None
        if not values.get("owners"):
            raise RowError(_("An invention needs its owners (shares totalling 100%)."), "owners")
        family = build(Family, invention=invention, reference=f"F-{reference}", title=invention.title)
        if family.reference in self._taken_families:
            raise RowError(_("Family %(reference)s already exists.") % {"reference": family.reference}, "reference")
        self.validate(family)
        for kind, column, model, key, share, stored in (
            (ProposalKind.OWNERS, "owners", InventionOwner, "organisation", "share", lambda exact: exact),
            (ProposalKind.INVENTORS, "inventors", Inventor, "person", "contribution", _percent),
        ):
            if not values.get(column):
                continue
            rows = [(record.pk, amount) for record, amount in values[column]]
            self.check_shares(kind, rows)
            made = [build(model, invention=invention, **{key: record, share: stored(amount)}) for record, amount in values[column]]
            getattr(self._plan, column)[reference] = sorted(made, key=lambda m: -getattr(m, share))
        return invention, family

    def read_stored_numbers(self, wanted) -> None:
        """Read the stored numbers that may be one of ``wanted`` — (office, number field, search key)
        — written another way: those with the same search key (the filing's stored, indexed key
        column), which every writing of one number shares (:func:`~kyoso.rules.numbers.search_key`
        sets aside more than :func:`~kyoso.rules.numbers.number_key`). A few queries for a whole
        file; reading every stored number of the office took 1.2 s at national scale."""
        stored = self.__dict__.setdefault("_stored_numbers", {})  # (office, field, number key) → the stored number
        read = self.__dict__.setdefault("_numbers_read", set())
        todo: dict[tuple[str, str], set[str]] = {}
        for office, name, key in wanted:
            if (office, name, key) not in read:
                read.add((office, name, key))
                todo.setdefault((office, name), set()).add(key)
        for (office, name), keys in todo.items():
            column = Filing.NUMBER_KEYS[name]
            keys = sorted(keys)
            for start in range(0, len(keys), 5000):
                chunk = keys[start:start + 5000]
                found = Filing.objects.filter(office=office, **{f"{column}__in": chunk})
                if "" in chunk:  # a number without a digit: its key is empty, as no number's is
                    found = found.exclude(**{name: ""})
                for number in found.values_list(name, flat=True).iterator():
                    if number:
                        stored.setdefault((office, name, number_key(office, NUMBER_KINDS[name], number)), number)

    def check_numbers_written_otherwise(self, filing) -> None:
        """The model's "same number written another way" rule, against the stored numbers read for
        the whole file (:meth:`read_stored_numbers`; a query per filing made a 1,000-row preview a
        thousand queries)."""
        errors = {}
        for name in FILING_NUMBERS:
            number = getattr(filing, name)
            if not number:
                continue
            wanted = (filing.office, name, getattr(filing, Filing.NUMBER_KEYS[name]))  # its search key (fill_number_keys)
            if wanted not in self._numbers_read:  # read with the file's (prepare), unless checked on its own
                self.read_stored_numbers({wanted})
            stored = self._stored_numbers.get((filing.office, name, number_key(filing.office, NUMBER_KINDS[name], number)))
            if stored is not None and stored != number:
                errors[name] = Filing.same_number_message(stored)
        if errors:
            raise ValidationError(errors)

    def check_shares(self, kind, rows) -> None:
        """The service's rule for an owner or inventor list, checked once per distinct list."""
        # Keyed by whole numbers: hashing a Fraction is Python work, thousands of times over.
        key = (kind, tuple((record, share.numerator, share.denominator) for record, share in rows))
        if key not in self._checked:
            try:
                check_share_rows(kind, rows)
                self._checked[key] = None
            except ValidationError as error:
                self._checked[key] = error
        if self._checked[key] is not None:
            raise self._checked[key]

    def new_filing(self, invention, family, values) -> str:
        filing = build(Filing, family=family, office=values["office"])
        self.assign(filing, values, self.FILING_FIELDS)
        for name in FILING_NUMBERS:
            if getattr(filing, name) is None:
                setattr(filing, name, "")
        filing.fill_number_keys()  # written by SQL below, not by Filing.save
        filing._numbers_checked_in_bulk = True  # compared with the stored numbers below, one query per office
        try:
            self.validate(filing, full=True)
            self.check_numbers_written_otherwise(filing)
        except ValidationError as error:
            raise self.relabel(error, filing, {"kind": "filing_kind", "status": "filing_status"}) from None
        self._plan.filings.append(filing)
        number = filing.application_number or _("(no number yet)")
        return self.outcome(Filing, CREATED, f"{filing.office} {number} ({invention.reference})")

    def shares_set(self, column: str, reference: str) -> str:
        """"owners of INV-1 set" (or inventors), its words translated once per file."""
        patterns = self.__dict__.setdefault("_shares_set", {})
        if column not in patterns:
            what = _("owners") if column == "owners" else _("inventors")
            patterns[column] = _("%(what)s of %(key)s set") % {"what": what, "key": "\x00"}
        return patterns[column].replace("\x00", reference)

    def events(self, plan: InventionPlan) -> list:
        """The events the services write for new inventions, owners, inventors and filings. Made on
        the thread that renders them, during the write: it reads nothing from the database (the
        owners' and inventors' records were found with the file)."""
        user = self.user
        events = []
        named: dict[tuple, str] = {}  # "Org 50%" / "Person (60.00%)", once per owner or inventor and share

        def name(row) -> str:
            key = (type(row), getattr(row, "organisation_id", None), getattr(row, "person_id", None),
                   getattr(row, "share_numerator", None), getattr(row, "share_denominator", None),
                   str(getattr(row, "contribution", None)))  # its text: 60.0 and 60.00 are equal Decimals
            if key not in named:
                named[key] = str(row)
            return named[key]

        for invention in plan.inventions:
            events.append(event(invention, "disclosed", Sentence(_lazy("Invention “%(name)s” disclosed"), name=invention), user=user))
            for column, verb, text, key, what in (
                ("owners", "owners-changed", _lazy("Owners now: %(owners)s"), "organisation_id", "owners"),
                ("inventors", "inventors-changed", _lazy("Inventors now: %(names)s"), "person_id", "names"),
            ):
                rows = getattr(plan, column).get(invention.reference)
                if rows:
                    after = {str(getattr(r, key)): format_share(r.share) if column == "owners" else str(r.contribution)
                             for r in rows}
                    events.append(event(invention, verb, Sentence(text, **{what: ", ".join(name(r) for r in rows)}),
                                        user=user, data={"before": {}, "after": after}))
        for filing in plan.filings:
            events.append(created_event(filing, user=user))
            events.append(event(filing.family.invention, "filing-added", Sentence(_lazy("Filing %(filing)s added"), filing=filing),
                                user=user))
        return events

    def write(self, plan: InventionPlan) -> None:
        """Bulk-insert inventions, families, owners, inventors and filings with their history and
        the events the services write; the docket inserts the filings' deadlines it computed beforehand."""
        user = self.user
        create_with_history(Invention, plan.inventions, user=user)
        take_parent_keys(plan.families, "invention")  # now saved: take its pk
        create_with_history(Family, plan.families, user=user)
        owners = [o for rows in plan.owners.values() for o in rows]
        inventors = [i for rows in plan.inventors.values() for i in rows]
        take_parent_keys(owners, "invention")
        take_parent_keys(inventors, "invention")
        with hooks.around("owners_inserting", owners, user=user):  # the docket's co-owned tallies, in bulk
            create_with_history(InventionOwner, owners, user=user)
        create_with_history(Inventor, inventors, user=user)
        take_parent_keys(plan.filings, "family")
        create_with_history(Filing, plan.filings, user=user)
        # The scope checks save_invention and save_filing make once a record is saved.
        ensure_all_may_change(Invention, plan.inventions, user=user)
        ensure_all_may_change(Filing, plan.filings, user=user)
        # The docket's deadlines are a few long statements: the events are made and rendered meanwhile.
        events = render_events_meanwhile(partial(self.events, plan), subjects=(Invention, Filing))
        for step in plan.steps:
            step()
        save_events(events)
        if plan.filings:
            hooks.run("filings_imported", plan.filings, user=user)

    def import_row(self, values):
        invention = self.invention(values)
        owners, inventors, changes = self.shares(invention, values)
        # One service call saves the invention with its owners and inventors and checks that it has
        # owners totalling 100 %, as the form and the API do.
        service = partial(save_invention_with_shares, owners=owners, inventors=inventors)
        errors_to = {"status": "invention_status"}
        if invention.pk is None or changed_fields(invention):
            changes.insert(0, self.save(invention, key=invention.reference, service=service, errors_to=errors_to))
        elif owners is not None or inventors is not None:
            try:
                service(invention, user=self.user)
            except PermissionDenied:
                raise RowError(_("You may not change %(model)s %(key)s.") % {
                    "model": invention._meta.verbose_name, "key": invention.reference}) from None
            except ValidationError as error:
                raise self.relabel(error, invention, errors_to) from None
        else:
            changes.insert(0, self.save(invention, key=invention.reference, errors_to=errors_to))
        if values.get("office"):
            changes.append(self.filing(invention, values))
        elif any(values.get(f) for f in FILING_NUMBERS + FILING_DATES):
            raise RowError(_("Say at which office the filing was made."), "office")
        return changes

    def invention(self, values) -> Invention:
        reference = values["reference"]
        invention = self.upsert(Invention, key=reference, column="reference", reference=reference)
        self.assign(invention, values, self.INVENTION_FIELDS)
        if code := values.get("topic"):
            invention.topic = self.find("topic", code, consortium_id=invention.consortium_id)
        return invention

    def shares(self, invention, values) -> tuple[list | None, list | None, list[str]]:
        """The owners and inventors to set (``None``: not given, or as they are) and what changes."""
        found: dict[str, list | None] = {"owners": None, "inventors": None}
        changes = []
        for column, current, what in (
            ("owners", {o.organisation_id: o.share for o in invention.owners.all()} if invention.pk else {}, _("owners")),
            ("inventors", {i.person_id: as_share(i.contribution) for i in invention.inventors.all()} if invention.pk else {},
             _("inventors")),
        ):
            if not values.get(column):
                continue
            wanted = [(record.pk, share) for record, share in values[column]]
            if dict(wanted) != current:
                found[column] = wanted
                changes.append(_("%(what)s of %(key)s set") % {"what": what, "key": invention.reference})
        return found["owners"], found["inventors"], changes

    def filing(self, invention, values) -> str:
        family = invention.families.order_by("pk").first()
        if family is None:
            raise RowError(_("The invention has no patent family to file in."), "office")
        number = values.get("application_number") or ""
        natural_key = {"family": family, "office": values["office"], "application_number": number}
        if not number:  # without a number, one unnumbered filing per office and kind
            natural_key["kind"] = values.get("filing_kind") or FilingKind.NATIONAL
        filing = self.upsert(Filing, key=f"{values['office']} {number}", column="application_number", **natural_key)
        self.assign(filing, values, self.FILING_FIELDS)
        return self.save(filing, key=f"{filing.office} {number or _('(no number yet)')} ({invention.reference})",
                         service=save_filing, errors_to={"kind": "filing_kind", "status": "filing_status"})
