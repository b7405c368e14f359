"""Import agreements with their parties and contributions, one row per contribution.

The agreement's columns repeat on each of its rows; the agreement is found by its number, the
party by its organisation (added when missing) and the contribution by agreement, contributor,
fiscal year, kind and funding source, so importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kyoso.consortia.models import Consortium, ResearchTopic
from kyoso.core import hooks
from kyoso.core.importing import (
    ChoiceColumn,
    DateColumn,
    Importer,
    IntegerColumn,
    KeyColumn,
    PercentColumn,
    ReferenceColumn,
    RowError,
    TextColumn,
    register,
)
from kyoso.core.importing.bulk import (
    build,
    create_with_history,
    created_event,
    ensure_all_may_change,
    render_events,
    save_events,
    take_parent_keys,
)
from kyoso.core.importing.importer import CREATED, UNCHANGED, UPDATED
from kyoso.core.roles import CHANGE
from kyoso.core.services import ensure_may_change, save_object
from kyoso.parties.choices import OrganisationKind
from kyoso.parties.importers import organisation_column
from kyoso.rules.names import normalise_name

from .choices import (
    AgreementKind,
    AgreementStatus,
    ContributionKind,
    FundingSource,
    PartyRole,
    ResearchClass,
    ResearchType,
)
from .models import Agreement, AgreementParty, ContractType, Contribution
from .services import save_agreement, save_contribution
from .totals import key_of, refresh_totals

__all__ = ["AgreementImporter"]

# The role an organisation most likely signs in, when the file does not say.
DEFAULT_PARTY_ROLE = {
    OrganisationKind.UNIVERSITY: PartyRole.UNIVERSITY,
    OrganisationKind.COMPANY: PartyRole.COMPANY,
    OrganisationKind.FUNDING_AGENCY: PartyRole.FUNDER,
}


@dataclass
class AgreementPlan:
    """What an agreements file will write: new records (bulk-inserted) and changed ones (saved
    through the services, which re-derive and re-run the hooks as on the edit form)."""

    new_agreements: list = field(default_factory=list)
    changed_agreements: list = field(default_factory=list)
    new_parties: list = field(default_factory=list)
    changed_parties: list = field(default_factory=list)
    new_contributions: list = field(default_factory=list)
    changed_contributions: list = field(default_factory=list)
    events: list = field(default_factory=list)  # of the new records, rendered before the write transaction
    steps: list = field(default_factory=list)  # what other apps write for the new contributions (contributions_importing)


CONTRIBUTION_KEY = ("agreement", "contributor", "fiscal year", "kind", "source")


@register
class AgreementImporter(Importer):
    kind = "agreements"
    verbose_name = _lazy("agreements with contributions")
    description = _lazy(
        "One row per contribution, the agreement's columns repeated on each; agreements are matched by "
        "number, contributions by agreement, contributor, fiscal year, kind and source."
    )
    model = Agreement
    columns = (
        TextColumn("number", _lazy("agreement number"), ja="契約番号", required=True),
        TextColumn("title", _lazy("title"), ja="契約名", required=True),
        TextColumn("title_ja", _lazy("title (Japanese)"), ja="契約名（日本語）"),
        ChoiceColumn("kind", _lazy("kind"), AgreementKind, ja="契約形態"),
        ChoiceColumn("research_class", _lazy("research class"), ResearchClass, ja="研究区分"),
        ChoiceColumn("research_type", _lazy("research type (MEXT survey)"), ResearchType, ja="研究種別",
                     help_text=_lazy("Left blank: joint research")),
        ReferenceColumn("consortium", _lazy("consortium"), Consortium, ("slug",), ja="コンソーシアム"),
        KeyColumn("topic", _lazy("research topic"), ResearchTopic, ("code",), ja="研究開発課題",
                  help_text=_lazy("The topic code within the consortium, e.g. T1")),
        ReferenceColumn("contract_type", _lazy("contract type"), ContractType, ("code", "name", "name_ja"), ja="契約類型"),
        ChoiceColumn("status", _lazy("status"), AgreementStatus, ja="状態"),
        DateColumn("start", _lazy("start"), ja="開始日", required=True),
        DateColumn("end", _lazy("end"), ja="終了日", required=True),
        PercentColumn("indirect_rate", _lazy("indirect-cost rate (%)"), ja="間接経費率"),
        PercentColumn("ip_earmark_rate", _lazy("of which earmarked for IP (%)"), ja="知財経費率"),
        TextColumn("notes", _lazy("notes"), ja="備考"),
        organisation_column("organisation", _lazy("contributor"), "拠出機関", required=True),
        ChoiceColumn("party_role", _lazy("party role"), PartyRole, ja="当事者区分",
                     help_text=_lazy("Left blank: from the organisation's kind")),
        IntegerColumn("fiscal_year", _lazy("fiscal year"), ja="年度", required=True),
        ChoiceColumn("contribution_kind", _lazy("contribution kind"), ContributionKind, ja="拠出種別"),
        ChoiceColumn("source", _lazy("funding source"), FundingSource, ja="財源", required=True),
        IntegerColumn("direct_amount", _lazy("direct costs (yen)"), ja="直接経費", required=True),
        TextColumn("note", _lazy("note"), ja="摘要"),
    )
    sample = {
        "number": "OPERA-2025-101", "title": "Consortium joint research on MRAM test methods",
        "title_ja": "MRAM試験方法の共同研究", "kind": "consortium", "research_class": "cooperative",
        "consortium": "opera-demo", "topic": "T1", "contract_type": "consortium-model", "status": "active",
        "start": "2025-04-01", "end": "2027-03-31", "indirect_rate": "20", "ip_earmark_rate": "10", "notes": "",
        "organisation": "Asahi Devices Corporation", "party_role": "company", "fiscal_year": 2025,
        "contribution_kind": "cash", "source": "company", "direct_amount": 12_000_000, "note": "",
    }
    AGREEMENT_FIELDS = {f: f for f in (
        "title", "title_ja", "kind", "research_class", "research_type", "consortium", "contract_type", "status", "start", "end",
        "indirect_rate", "ip_earmark_rate", "notes",
    )}

    bulk = True
    CONTRIBUTION_FIELDS = ("direct_amount", "note")

    # -- checks across rows: duplicates -------------------------------------------------------
    def check_rows(self, rows) -> None:
        """The same contribution twice in the file is an error; an agreement number that differs
        from a stored one only in case, width or spacing is a warning."""
        seen: dict[tuple, int] = {}
        for row in rows:
            values = row.values
            key = (values["number"].casefold(), values["organisation"].pk, values["fiscal_year"],
                   values.get("contribution_kind") or ContributionKind.CASH, values["source"])
            if key in seen:
                row.error(_("The same contribution (agreement, contributor, fiscal year, kind and source) as row %(row)s.")
                          % {"row": seen[key]}, "organisation")
            else:
                seen[key] = row.number
        numbers = {row.values["number"] for row in rows}
        stored = set(Agreement.objects.filter(number__in=numbers).values_list("number", flat=True))
        new = {normalise_name(n): n for n in numbers - stored}
        if not new:
            return
        alike: dict[str, str] = {}
        for number in Agreement.objects.values_list("number", flat=True).iterator():
            if normalise_name(number) in new and number not in numbers:
                alike[new[normalise_name(number)]] = number
        for row in rows:
            if (number := row.values["number"]) in alike:
                row.warnings.append(_("Agreement number “%(number)s” looks like “%(stored)s” — did you mean it?") % {
                    "number": number, "stored": alike[number]})

    # -- the bulk path: validate everything, then write in one short transaction ---------------
    def prepare(self, rows) -> AgreementPlan:
        plan = AgreementPlan()
        numbers = {row.values["number"] for row in rows}
        stored = {a.number: a for a in Agreement.objects.filter(number__in=numbers)}
        changeable = set(Agreement.objects.for_user(self.user, CHANGE).filter(
            pk__in=[a.pk for a in stored.values()]).values_list("pk", flat=True))
        parties = {(p.agreement_id, p.organisation_id): p
                   for p in AgreementParty.objects.filter(agreement__in=list(stored.values()))}
        contributions = {(c.agreement_id, c.contributor_id, c.fiscal_year, c.kind, c.source): c
                         for c in Contribution.objects.filter(agreement__in=list(stored.values()))}
        self._plan, self._stored, self._changeable = plan, stored, changeable
        self._parties, self._contributions = parties, contributions
        self._agreements: dict[str, tuple[Agreement | None, int]] = {}  # number → (agreement or None if bad, first row)
        self._new_parties: dict[tuple, AgreementParty] = {}
        for row in rows:
            try:
                row.changes = self.prepare_row(row.values, row.number)
            except (RowError, ValidationError) as error:
                row.refused(error)
        return plan

    def before_write(self, plan: AgreementPlan) -> None:
        plan.events = render_events(created_event(instance, user=self.user) for instance in (
            *plan.new_agreements, *plan.new_parties, *plan.new_contributions))
        if plan.new_contributions:
            # The IP-fund accruals of the new contributions, built and described now.
            plan.steps = hooks.collect("contributions_importing", plan.new_contributions, user=self.user)

    def prepare_row(self, values, number) -> list[str]:
        agreement, changes = self.prepared_agreement(values, number)
        organisation = values["organisation"]
        changes.append(self.prepared_party(agreement, organisation, values.get("party_role")))
        changes.append(self.prepared_contribution(agreement, organisation, values))
        return changes

    def prepared_agreement(self, values, number) -> tuple[Agreement, list[str]]:
        key = values["number"]
        label = Agreement._meta.verbose_name
        if key in self._agreements:
            agreement, first = self._agreements[key]
            if agreement is None:
                raise RowError(_("Agreement %(number)s has errors in row %(row)s.") % {"number": key, "row": first}, "number")
            for field_name, column in self.AGREEMENT_FIELDS.items():
                # The agreement's columns repeat on each of its rows: a different value is a mistake
                # (the first row's would win silently).
                if values.get(column) is not None and getattr(agreement, field_name) != values[column]:
                    raise RowError(_("Differs from row %(row)s, which gives this agreement's %(column)s.") % {
                        "row": first, "column": column}, column)
            return agreement, [self.outcome(Agreement, UNCHANGED, key)]
        self._agreements[key] = (None, number)
        agreement = self._stored.get(key)
        if agreement is not None and agreement.pk not in self._changeable:
            raise RowError(_("You may not change %(model)s %(key)s.") % {"model": label, "key": key}, "number")
        creating = agreement is None
        agreement = agreement or build(Agreement, number=key)
        before = {f.attname: getattr(agreement, f.attname) for f in Agreement._meta.concrete_fields}
        self.assign(agreement, values, self.AGREEMENT_FIELDS)
        if creating and values.get("kind") is None and agreement.consortium_id:
            agreement.kind = AgreementKind.CONSORTIUM  # naming a consortium says which kind it is
        if code := values.get("topic"):
            agreement.topic = self.find("topic", code, consortium_id=agreement.consortium_id)
        try:
            # The form's validation (fields and clean()). Foreign keys were resolved among the user's
            # records and the number's uniqueness checked above in one query; the database enforces
            # its constraints at the write.
            self.validate(agreement, full=True)
        except ValidationError as error:
            raise self.relabel(error, agreement, {}) from None
        self._agreements[key] = (agreement, number)
        if creating:
            self._plan.new_agreements.append(agreement)
            return agreement, [self.outcome(Agreement, CREATED, key)]
        if any(getattr(agreement, name) != value for name, value in before.items() if name != "modified"):
            self._plan.changed_agreements.append(agreement)
            return agreement, [self.outcome(Agreement, UPDATED, key)]
        return agreement, [self.outcome(Agreement, UNCHANGED, key)]

    def prepared_party(self, agreement, organisation, role) -> str:
        key = f"“{self.name_of(organisation)}” ({agreement.number})"
        party = self._parties.get((agreement.pk, organisation.pk)) if agreement.pk else None
        if party is None:
            party = self._new_parties.get((agreement.number, organisation.pk))
            if party is not None:
                return self.outcome(AgreementParty, UNCHANGED, key)
            party = build(AgreementParty, agreement=agreement, organisation=organisation,
                                   role=role or DEFAULT_PARTY_ROLE.get(organisation.kind, PartyRole.OTHER))
            self.clean_new(party, errors_to={"role": "party_role"})
            self._new_parties[(agreement.number, organisation.pk)] = party
            self._plan.new_parties.append(party)
            return self.outcome(AgreementParty, CREATED, key)
        if role and party.role != role and party not in self._plan.changed_parties:
            party.role = role
            self.clean_new(party, errors_to={"role": "party_role"})
            self._plan.changed_parties.append(party)
            return self.outcome(AgreementParty, UPDATED, key)
        return self.outcome(AgreementParty, UNCHANGED, key)

    def prepared_contribution(self, agreement, organisation, values) -> str:
        kind = values.get("contribution_kind") or ContributionKind.CASH
        label = Contribution._meta.verbose_name
        key = f"FY{values['fiscal_year']} “{self.name_of(organisation)}” ({agreement.number})"
        stored = self._contributions.get((agreement.pk, organisation.pk, values["fiscal_year"], kind, values["source"]))             if agreement.pk else None
        if stored is not None:
            changed = any(values.get(f) is not None and getattr(stored, f) != values[f] for f in self.CONTRIBUTION_FIELDS)
            if not changed:
                return self.outcome(Contribution, UNCHANGED, key)
            try:
                ensure_may_change(stored, user=self.user)
            except PermissionDenied:
                raise RowError(_("You may not change %(model)s %(key)s.") % {"model": label, "key": key}) from None
            self.assign(stored, values, {f: f for f in self.CONTRIBUTION_FIELDS})
            stored.agreement = agreement
            self.clean_new(stored, errors_to={"kind": "contribution_kind", "contributor": "organisation"})
            self._plan.changed_contributions.append(stored)
            return self.outcome(Contribution, UPDATED, key)
        contribution = build(Contribution, agreement=agreement, contributor=organisation, fiscal_year=values["fiscal_year"],
                                    kind=kind, source=values["source"])
        self.assign(contribution, values, {f: f for f in self.CONTRIBUTION_FIELDS})
        self.clean_new(contribution, errors_to={"kind": "contribution_kind", "contributor": "organisation"})
        if agreement.start and agreement.end and contribution.fiscal_year not in agreement.fiscal_years:
            # Contribution.clean's rule, which it checks only once the agreement is stored.
            first, last = agreement.fiscal_years[0], agreement.fiscal_years[-1]
            raise RowError(_("FY%(fy)s is outside the agreement's period (FY%(first)s–FY%(last)s).") % {
                "fy": contribution.fiscal_year, "first": first, "last": last}, "fiscal_year")
        contribution.derive_amounts()  # the model's own arithmetic, as its clean() does
        self._plan.new_contributions.append(contribution)
        return self.outcome(Contribution, CREATED, key)

    def name_of(self, organisation) -> str:
        """The organisation's name as the user reads it, worked out once per file (a file names
        the same few contributors on thousands of rows)."""
        names = self.__dict__.setdefault("_names", {})
        if organisation.pk not in names:
            names[organisation.pk] = str(organisation)
        return names[organisation.pk]

    def clean_new(self, instance, *, errors_to) -> None:
        """The model's field validation (ranges, choices, lengths), without the per-row queries:
        its foreign keys were resolved from the user's records and its uniqueness checked in bulk."""
        try:
            self.validate(instance)
        except ValidationError as error:
            raise self.relabel(error, instance, errors_to) from None

    def write(self, plan: AgreementPlan) -> None:
        """Bulk-insert the new records with history and events; save the changed ones through the
        services; run the contribution hooks once for the whole file."""
        user = self.user
        create_with_history(Agreement, plan.new_agreements, user=user)
        ensure_all_may_change(Agreement, plan.new_agreements, user=user)
        for agreement in plan.changed_agreements:
            save_agreement(agreement, user=user)
        take_parent_keys(plan.new_parties, "agreement")  # the agreements now have their pks
        create_with_history(AgreementParty, plan.new_parties, user=user)
        ensure_all_may_change(AgreementParty, plan.new_parties, user=user)
        for party in plan.changed_parties:
            save_object(party, user=user)
        take_parent_keys(plan.new_contributions, "agreement")
        create_with_history(Contribution, plan.new_contributions, user=user)
        ensure_all_may_change(Contribution, plan.new_contributions, user=user)
        save_events(plan.events)
        for contribution in plan.changed_contributions:
            save_contribution(contribution, user=user)
        if plan.new_contributions:
            refresh_totals({key_of(contribution) for contribution in plan.new_contributions})
            for step in plan.steps:  # IP-fund accruals
                step()
            # Share classes, once per consortium rather than once per row.
            hooks.run("contributions_imported", plan.new_contributions, user=user)

    def import_row(self, values):
        agreement = self.agreement(values)
        changes = [self.save(agreement, key=agreement.number, service=save_agreement)]
        organisation = values["organisation"]
        party = self.party(agreement, organisation, values.get("party_role"))
        changes.append(self.save(party, key=f"“{organisation}” ({agreement.number})",
                                 errors_to={"role": "party_role", "organisation": "organisation"}))
        contribution = self.upsert(
            Contribution, key=agreement.number, column="organisation", agreement=agreement, contributor=organisation,
            fiscal_year=values["fiscal_year"], kind=values.get("contribution_kind") or ContributionKind.CASH,
            source=values["source"],
        )
        self.assign(contribution, values, {"direct_amount": "direct_amount", "note": "note"})
        changes.append(self.save(
            contribution, key=f"FY{contribution.fiscal_year} “{organisation}” ({agreement.number})",
            service=save_contribution, errors_to={"kind": "contribution_kind", "contributor": "organisation"},
        ))
        return changes

    def agreement(self, values) -> Agreement:
        agreement = self.upsert(Agreement, key=values["number"], column="number", number=values["number"])
        self.assign(agreement, values, self.AGREEMENT_FIELDS)
        if agreement.pk is None and values.get("kind") is None and agreement.consortium_id:
            agreement.kind = AgreementKind.CONSORTIUM  # naming a consortium says which kind it is
        if code := values.get("topic"):
            agreement.topic = self.find("topic", code, consortium_id=agreement.consortium_id)
        return agreement

    def party(self, agreement, organisation, role) -> AgreementParty:
        party = AgreementParty.objects.filter(agreement=agreement, organisation=organisation).first()
        if party is None:
            role = role or DEFAULT_PARTY_ROLE.get(organisation.kind, PartyRole.OTHER)
            return AgreementParty(agreement=agreement, organisation=organisation, role=role)
        if role:
            party.role = role
        return party
