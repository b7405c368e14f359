"""The demo's part for the MEXT survey: the cases the survey asks about that the rest of the demo lacks.

Kita-Nihon University (the lead) gets a commissioned-research contract from a prefecture, a joint
research agreement in which the company pays nothing in FY2025 (the survey's 0-yen bracket) and a
spin-off founded in FY2025, so its FY2025 survey shows every section with figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.agreements.services import save_contribution
from kyoso.core.services import save_object
from kyoso.parties.models import Organisation

__all__ = ["build_survey_cases"]


def build_survey_cases(builder) -> None:
    user, lead = builder.actor, builder.orgs["lead"]
    # The FY2014 figure Kita-Nihon reported to MEXT (before kyoso held its contracts): the baseline
    # of the three-fold target.
    lead.survey_baseline = 60_000_000
    save_object(lead, user=user, check_scope=False)
    prefecture = save_object(Organisation(
        name="Miyagi Prefecture", name_ja="宮城県", short_name="Miyagi Pref.", kind="local_government",
    ), user=user, check_scope=False)
    commissioned = _agreement(builder, "COM-2025-004", "Coastal sensing for fisheries", "沿岸漁業のためのセンシング研究",
                              research_type="commissioned", partner=prefecture, role="funder", indirect=Decimal("30"))
    save_contribution(Contribution(agreement=commissioned, contributor=prefecture, fiscal_year=2025, source="other",
                                   direct_amount=3_000_000), user=user)
    # Joint research where the company brings samples and its engineers' time, no money (0-yen case).
    _agreement(builder, "KNU-2025-031", "Gripper wear tests on shared samples", "共有試料によるグリッパー摩耗試験",
               research_type="joint", partner=builder.orgs["kiso"], role="company", indirect=Decimal("10"))
    save_object(Organisation(
        name="Kita-Nihon Spintronics Inc.", name_ja="北日本スピントロニクス株式会社", short_name="KN Spintronics",
        kind="company", size="small", spin_off_of=lead, founded_on=date(2025, 10, 1),
    ), user=user, check_scope=False)


def _agreement(builder, number, title, title_ja, *, research_type, partner, role, indirect):
    agreement = save_object(Agreement(
        number=number, title=title, title_ja=title_ja, kind="bilateral", research_class="individual",
        research_type=research_type, start=date(2025, 4, 1), end=date(2026, 3, 31), indirect_rate=indirect,
    ), user=builder.actor, check_scope=False)
    save_object(AgreementParty(agreement=agreement, organisation=builder.orgs["lead"], role="university"),
                user=builder.actor, check_scope=False)
    save_object(AgreementParty(agreement=agreement, organisation=partner, role=role),
                user=builder.actor, check_scope=False)
    return agreement
