"""The agreements' Sakura side of the demo (called from ``AgreementsConfig.extend_demo``): one
agreement per family of types — university-owned (KNU-2024-107, type 0), company-owned
(IND-2023-021, type 4, its fee term changed), co-owned (KNU-2026-201, type 7, created as the wizard
does) — and the consortium agreement, each with terms and a first draft version."""

from __future__ import annotations

from datetime import date

from .choices import AgreementStatus, FeeBearer
from .models import Agreement, AgreementResearcher
from .sakura import (
    add_researcher,
    change_status,
    create_draft_agreement,
    record_draft_version,
    request_publication,
    save_terms,
    start_terms,
)

__all__ = ["build_sakura"]


def build_sakura(builder) -> None:
    actor = builder.actor
    orgs = builder.orgs
    university = start_terms(Agreement.objects.get(number="KNU-2024-107"), user=actor)
    university.purpose = "Screen candidate cathode materials for solid-state batteries."
    save_terms(university, user=actor)
    company_owned = start_terms(Agreement.objects.get(number="IND-2023-021"), user=actor)
    company_owned.fee_bearer = FeeBearer.OWNERS  # negotiated: the owners keep paying by their shares
    company_owned.publication_notice_days = 30
    save_terms(company_owned, user=actor)
    co_owned = create_draft_agreement(
        user=actor, number="KNU-2026-201", title="Low-temperature bonding of sensor packages",
        title_ja="センサーパッケージの低温接合", type_code="7", start=date(2026, 4, 1), end=date(2028, 3, 31),
        university=orgs["lead"], company=orgs["echigo"])
    change_status(co_owned, AgreementStatus.NEGOTIATING, user=actor)
    consortium = start_terms(builder.main_agreement, user=actor, type_code="consortium")
    consortium.lead_party = orgs["lead"]
    consortium.project_manager = "Hiroshi Endo"
    save_terms(consortium, user=actor)
    add_researcher(AgreementResearcher(agreement=builder.main_agreement, organisation=orgs["lead"], name="Hiroshi Endo",
                                       title="Professor", role="Principal investigator"), user=actor)
    add_researcher(AgreementResearcher(agreement=co_owned, organisation=orgs["echigo"], name="Yamada Taro",
                                       title="Engineer", role="Bonding trials", dispatched=True), user=actor)
    for agreement, language in ((university.agreement, "ja"), (company_owned.agreement, "ja"), (co_owned, "en"),
                                (builder.main_agreement, "ja")):
        record_draft_version(agreement, language, user=actor)
    request_publication(company_owned.agreement, "Radar–camera fusion under heavy rain", venue="IEEE IV",
                        user=actor, requested_on=date(2026, 11, 2))
