"""Import agreements with their parties and contributions, one row per contribution.

The agreement's columns repeat on each of its rows; the agreement is found by its number, the
party by its organisation (added when missing) and the contribution by agreement, contributor,
fiscal year, kind and funding source, so importing the same file again changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _lazy

from kyoso.consortia.models import Consortium, ResearchTopic
from kyoso.core.importing import (
    ChoiceColumn,
    DateColumn,
    Importer,
    IntegerColumn,
    KeyColumn,
    PercentColumn,
    ReferenceColumn,
    TextColumn,
    register,
)
from kyoso.parties.choices import OrganisationKind
from kyoso.parties.importers import organisation_column

from .choices import AgreementKind, AgreementStatus, ContributionKind, FundingSource, PartyRole, ResearchClass
from .models import Agreement, AgreementParty, ContractType, Contribution
from .services import save_agreement, save_contribution

__all__ = ["AgreementImporter"]

# The role an organisation most likely signs in, when the file does not say.
DEFAULT_PARTY_ROLE = {
    OrganisationKind.UNIVERSITY: PartyRole.UNIVERSITY,
    OrganisationKind.COMPANY: PartyRole.COMPANY,
    OrganisationKind.FUNDING_AGENCY: PartyRole.FUNDER,
}


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
        "title", "title_ja", "kind", "research_class", "consortium", "contract_type", "status", "start", "end",
        "indirect_rate", "ip_earmark_rate", "notes",
    )}

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
