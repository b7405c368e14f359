"""The demo's technology transfer: the Kita-Nihon TLO markets technologies from both pools, runs
deals at every stage (one won into the demo's licence to Global Photonics, LIC-2024-004), and
hosts trainees from two universities, with their assessments, follow-ups, committee and costs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kyoso.core.services import save_object
from kyoso.licensing.models import Licence

from .choices import Channel, Competence, CostCategory, DealAgreementKind, RightsOffered, Stage
from .models import (
    Assessment,
    CommitteeDecision,
    ContactLog,
    Deal,
    DealAgreement,
    FollowUp,
    ProgrammeCost,
    Technology,
    Trainee,
    TrainingProgramme,
)
from .services import (
    move_deal,
    save_contact,
    save_deal,
    save_deal_agreement,
    save_technology,
    save_trainee,
    set_published,
)

__all__ = ["build_transfer"]

LADDER = [Stage.CONTACTED, Stage.NDA, Stage.EVALUATION, Stage.TERM_SHEET]


def build_transfer(builder) -> None:
    user, orgs = builder.actor, builder.orgs
    cpo = builder.users["cpo"][0]
    licence = Licence.objects.filter(number="LIC-2024-004").first()
    pool = [i for i in builder.consortium.inventions.filter(confidential=False).order_by("pk") if i.families.exists()]
    if not pool:
        return
    photonic = licence.assets.first().invention if licence else pool[0]
    others = [i for i in pool if i.pk != photonic.pk]
    t1 = _technology(builder.consortium, "photonic-interconnect", "Low-loss photonic interconnect", "低損失フォトニック配線",
                     [photonic], trl=5, user=user)
    t2 = _technology(builder.consortium, "mram-sense-amplifier", "Low-noise MRAM read circuit", "低雑音MRAM読出し回路",
                     others[:2], trl=4, user=user, notes="Asking: ¥5M lump sum + 3 % running; Asahi has first refusal in talks.")
    set_published(t2, True, user=user)
    confidential = builder.consortium.inventions.filter(confidential=True).order_by("pk").first()
    if confidential is not None:  # a confidential invention behind a published sheet: never shown publicly
        t2.inventions.add(confidential)

    # The won deal: Global Photonics, an outsider, into the existing licence.
    won = _deal(t1, orgs["global"], date(2024, 5, 10), 5_000_000, cpo, user=user, exclusive=False)
    for stage, on in zip(LADDER, (date(2024, 5, 20), date(2024, 6, 1), date(2024, 6, 20), date(2024, 7, 15)), strict=True):
        move_deal(won, stage, user=user, on=on)
    if licence is not None:
        move_deal(won, Stage.WON, user=user, on=licence.start, licence=licence)
    # opera-demo: a deal at every other stage.
    steps = {
        "asahi": (Stage.LEAD, date(2026, 10, 1), 3_000_000),
        "boso": (Stage.CONTACTED, date(2026, 6, 1), 4_000_000),
        "chikuma": (Stage.NDA, date(2026, 4, 20), 2_000_000),
        "daisen": (Stage.EVALUATION, date(2025, 11, 5), 8_000_000),
        "echigo": (Stage.TERM_SHEET, date(2025, 7, 1), 12_000_000),
        "fuji": (Stage.LOST, date(2025, 5, 12), 6_000_000),
    }
    deals = {}
    for key, (stage, opened, value) in steps.items():
        deal = deals[key] = _deal(t2, orgs[key], opened, value, cpo, user=user)
        _walk(deal, stage, opened, user=user)
    save_contact(ContactLog(deal=deals["boso"], contacted_on=date(2026, 6, 10), channel=Channel.MEETING, who="Inoue; Hayashi (Boso)",
                            note="Interested for in-vehicle memory.", next_step="Send the evaluation data pack",
                            next_step_on=date(2026, 12, 10), owner=cpo), user=user)
    save_contact(ContactLog(deal=deals["daisen"], contacted_on=date(2025, 12, 1), channel=Channel.CALL, who="Inoue; Yoshida (Daisen)",
                            note="Samples arrived.", next_step="Ask for the evaluation results", next_step_on=date(2026, 11, 20)), user=user)
    save_contact(ContactLog(deal=won, contacted_on=date(2024, 5, 20), channel=Channel.FAIR, who="Inoue", note="Met at a showcase."), user=user)
    save_deal_agreement(DealAgreement(deal=deals["chikuma"], kind=DealAgreementKind.NDA, signed_on=date(2026, 5, 15),
                                      expires_on=date(2027, 5, 14)), user=user)
    save_deal_agreement(DealAgreement(deal=deals["daisen"], kind=DealAgreementKind.NDA, signed_on=date(2025, 12, 20),
                                      expires_on=date(2026, 12, 19)), user=user)
    save_deal_agreement(DealAgreement(deal=deals["daisen"], kind=DealAgreementKind.MTA, signed_on=date(2026, 2, 1),
                                      expires_on=date(2027, 1, 31), note="Wafer samples for evaluation"), user=user)
    save_deal_agreement(DealAgreement(deal=deals["echigo"], kind=DealAgreementKind.OPTION, signed_on=date(2026, 3, 1),
                                      expires_on=date(2026, 12, 31), fee=500_000), user=user)

    second = getattr(builder, "second", None)
    second_deals = []
    if second is not None:
        second_pool = [i for i in builder.second_inventions if not i.confidential]
        if second_pool:
            cpo2 = builder.users["cpo-2"][0]
            t3 = _technology(second, "soft-gripper-control", "Adaptive soft-gripper control", "適応型ソフトグリッパー制御",
                             second_pool[:1], trl=6, user=user)
            for key, stage, opened, value in (("kiso", Stage.EVALUATION, date(2025, 9, 1), 7_000_000),
                                              ("boso", Stage.NDA, date(2026, 2, 10), 3_500_000),
                                              ("global", Stage.LEAD, date(2026, 9, 15), 2_000_000)):
                deal = _deal(t3, orgs[key], opened, value, cpo2, user=user)
                _walk(deal, stage, opened, user=user)
                second_deals.append(deal)
                if stage != Stage.LEAD:
                    save_deal_agreement(DealAgreement(deal=deal, kind=DealAgreementKind.NDA, signed_on=deal.log[2][1] if len(deal.log) > 2 else opened,
                                                      expires_on=date(2027, 3, 31)), user=user)
            save_contact(ContactLog(deal=second_deals[0], contacted_on=date(2026, 10, 5), channel=Channel.EMAIL, who="Nishimura; Mori (Kiso)",
                                    note="Gripper trials going well.", next_step="Draft the term sheet", next_step_on=date(2026, 12, 1),
                                    owner=cpo2), user=user)
    _programme(builder, won, deals, second_deals)


def _technology(consortium, slug, title, title_ja, inventions, *, trl, user, notes=""):
    technology = save_technology(Technology(
        consortium=consortium, slug=slug, title=title, title_ja=title_ja, trl=trl,
        summary=f"{title}: a result of the consortium's joint research, offered for licensing.",
        summary_ja=f"{title_ja}：コンソーシアムの共同研究の成果。ライセンス可能。",
        advantages="Lower power and noise than current designs.", advantages_ja="従来設計より低消費電力・低雑音。",
        applications="Automotive and industrial electronics.", applications_ja="車載・産業用エレクトロニクス。",
        development_stage="Prototype tested in the laboratory", rights_offered=RightsOffered.BOTH,
        contact_name="Kita-Nihon TLO, technology transfer desk", contact_email="transfer@example.org", internal_notes=notes,
    ), user=user)
    technology.inventions.set(inventions)
    return technology


def _deal(technology, organisation, opened, value, owner, *, user, exclusive=False):
    return save_deal(Deal(technology=technology, organisation=organisation, opened_on=opened, expected_value=value, owner=owner,
                          exclusive=exclusive), user=user)


def _walk(deal, stage, opened, *, user):
    """Move a new deal up to ``stage``, three weeks a stage (lost: after the evaluation)."""
    from datetime import timedelta

    target = Stage.EVALUATION if stage == Stage.LOST else stage
    on = opened
    for step in LADDER:
        if target == Stage.LEAD:
            break
        on += timedelta(days=21)
        move_deal(deal, step, user=user, on=on)
        if step == target:
            break
    if stage == Stage.LOST:
        move_deal(deal, Stage.LOST, user=user, on=on + timedelta(days=30), reason="Chose an in-house design")
    deal.refresh_from_db()


def _programme(builder, won, deals, second_deals):
    user, orgs, people = builder.actor, builder.orgs, builder.people
    programme = save_object(TrainingProgramme(
        name="Kita-Nihon TLO technology-transfer OJT", name_ja="北日本TLO 技術移転人材OJT研修", host=orgs["tlo"],
        first_fiscal_year=2024, last_fiscal_year=2026, follow_up_years=3,
        committee="IP human-resources committee: two technology-transfer experts, two leading TLOs, the ministry",
    ), user=user)
    trainees = [
        (people["nishimura"], orgs["chubu"], date(2024, 4, 1), date(2025, 3, 31), [won, deals["daisen"]]),
        (people["ito"], orgs["kansai"], date(2025, 4, 1), date(2026, 3, 31), [deals["echigo"], *second_deals[:1]]),
        (people["watanabe"], orgs["kansai"], date(2024, 10, 1), date(2025, 9, 30), [deals["fuji"]]),
    ]
    saved = []
    for person, sent_by, start, end, worked_on in trainees:
        trainee = save_trainee(Trainee(programme=programme, person=person, dispatched_by=sent_by, starts_on=start, ends_on=end,
                                       goal_marketing="Write marketing sheets for pooled inventions",
                                       goal_sales="Find and qualify licensees", goal_communication="Run meetings with companies"),
                               user=user)
        trainee.deals.set(worked_on)
        saved.append(trainee)
        for competence, score in ((Competence.MARKETING, 3), (Competence.SALES, 4), (Competence.COMMUNICATION, 4)):
            save_object(Assessment(trainee=trainee, assessed_on=end, competence=competence, score=score), user=user)
    first = FollowUp.objects.filter(trainee=saved[0]).order_by("due_on").first()
    first.done_on, first.note = date(2026, 4, 15), "Back at Chubu; runs two deals of her own"
    save_object(first, user=user)
    save_object(CommitteeDecision(programme=programme, decided_on=date(2024, 3, 1), subject="Host TLO chosen",
                                  decision="Kita-Nihon TLO hosts the OJT programme from FY2024."), user=user)
    save_object(CommitteeDecision(programme=programme, decided_on=date(2025, 3, 10), subject="Follow-up period",
                                  decision="Returned trainees are followed up yearly for three years."), user=user)
    amounts = {CostCategory.RECRUITMENT: 1_200_000, CostCategory.OJT: 9_600_000, CostCategory.TRANSFER: 4_800_000,
               CostCategory.OFFICE: 1_800_000}
    for year in (2024, 2025, 2026):
        for category, amount in amounts.items():
            save_object(ProgrammeCost(programme=programme, fiscal_year=year, category=category,
                                      amount=int(amount * (Decimal(100 + 5 * (year - 2024)) / 100))), user=user)
