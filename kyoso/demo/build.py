"""Build the ``opera-demo`` consortium: organisations, people, logins, agreements, money, the pool."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from kyoso.accounts.models import Profile
from kyoso.agreements.catalogue import load_contract_types
from kyoso.agreements.models import Agreement, AgreementParty, ContractType, Contribution
from kyoso.agreements.services import save_contribution
from kyoso.consortia.models import Consortium, Membership, ResearchArea, ResearchTopic
from kyoso.core.services import save_object
from kyoso.ip.models import Family, Filing, Invention
from kyoso.ip.services import save_filing, save_invention, set_inventors, set_owners
from kyoso.parties.models import Affiliation, Organisation, Person

from .inventions import INVENTION_TITLES
from .people import DEMO_PASSWORD, LOGINS, ORGANISATIONS, PEOPLE

__all__ = ["build_demo", "DEMO_SLUG", "SECOND_SLUG"]

DEMO_SLUG = "opera-demo"
# A smaller second consortium led by Chubu: Boso is a member of both, Kiso Robotics of this one only,
# so that one consortium's CPO or members reaching into the other would show.
SECOND_SLUG = "opera-second"
FIRST_FY, LAST_FY = 2022, 2026
COMPANY_KEYS = ["asahi", "boso", "chikuma", "daisen", "echigo", "fuji"]
UNIVERSITY_KEYS = ["lead", "chubu", "kansai", "kyushu"]
# Company cash per fiscal year (direct costs, yen): large companies fund more than SMEs.
COMPANY_FUNDING = {"asahi": 30_000_000, "boso": 24_000_000, "chikuma": 6_000_000, "daisen": 18_000_000, "echigo": 4_000_000, "fuji": 12_000_000}
# ≈ 170M yen a year with JST's 30 % indirect costs (OPERA platform type): 130,769,231 + 39,230,769.
# JST money follows JST's contract: none of it is earmarked for the consortium's IP fund.
JST_DIRECT_PER_YEAR = 130_769_231


class DemoBuilder:
    """Builds the demo through the service layer, acting as the IP office user."""

    def __init__(self, seed: int = 2018):
        self.rng = random.Random(seed)
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.users = {}

    # -- parties and logins -------------------------------------------------------------------
    def build_parties(self):
        for spec in ORGANISATIONS:
            org = Organisation(
                name=spec.name, name_ja=spec.name_ja, short_name=spec.short, kind=spec.kind, size=spec.size,
                country=spec.country, is_domestic=spec.country == "JP",
            )
            self.orgs[spec.key] = save_object(org, user=self.actor, check_scope=False)
        for key, family, given, family_ja, given_ja, org_key, kind in PEOPLE:
            person = save_object(
                Person(family_name=family, given_name=given, family_name_ja=family_ja, given_name_ja=given_ja, kind=kind,
                       email=f"{given.lower()}.{family.lower()}@example.org"),
                user=self.actor, check_scope=False,
            )
            save_object(Affiliation(person=person, organisation=self.orgs[org_key], start=date(2015, 4, 1)), user=self.actor, check_scope=False)
            self.people[key] = person

    def build_logins(self):
        User = get_user_model()
        for username, (role, org_key, person_key, _description) in LOGINS.items():
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD, email=f"{username}@example.org")
            user.first_name = username
            user.save()
            profile = Profile.objects.create(
                user=user, role=role,
                organisation=self.orgs.get(org_key) if org_key else None,
                person=self.people.get(person_key) if person_key else None,
            )
            self.users[username] = (user, profile)

    # -- consortium ---------------------------------------------------------------------------
    def build_consortium(self):
        consortium = save_object(Consortium(
            slug=DEMO_SLUG,
            name="Open Innovation Platform for IT and Mobility",
            name_ja="IT・モビリティ融合型オープンイノベーション共創プラットフォーム",
            programme_type="opera_platform",
            lead_institution=self.orgs["lead"],
            first_fiscal_year=FIRST_FY, last_fiscal_year=LAST_FY,
            description="A demo consortium modelled on the OPERA platforms of the source document: JST matching funds, "
                        "20 % indirect costs of which 10 points fund the IP pool, a CPO and consortium licensing rules.",
        ), user=self.actor, check_scope=False)
        self.users["cpo"][1].consortia.add(consortium)
        joined = date(FIRST_FY, 4, 1)
        save_object(Membership(consortium=consortium, organisation=self.orgs["lead"], role="lead", joined=joined), user=self.actor, check_scope=False)
        for key in UNIVERSITY_KEYS[1:]:
            save_object(Membership(consortium=consortium, organisation=self.orgs[key], role="university", joined=joined), user=self.actor, check_scope=False)
        for i, key in enumerate(COMPANY_KEYS):
            # Two companies joined a year late: their first fiscal year of money is FY2023.
            save_object(Membership(consortium=consortium, organisation=self.orgs[key], role="company",
                                   joined=joined if i < 4 else date(FIRST_FY + 1, 4, 1)), user=self.actor, check_scope=False)
        for key in ("lead", "asahi", "boso"):
            save_object(Membership(consortium=consortium, organisation=self.orgs[key], role="steering", joined=joined), user=self.actor, check_scope=False)
        areas = {}
        for name, name_ja in [("Spintronic devices", "スピントロニクスデバイス"), ("Autonomous mobility", "自律移動システム"),
                              ("Low-power computing", "低消費電力コンピューティング")]:
            areas[name] = save_object(ResearchArea(consortium=consortium, name=name, name_ja=name_ja), user=self.actor, check_scope=False)
        topics_spec = [
            ("T1", "MRAM cells for automotive controllers", "車載制御向けMRAMセル", "Spintronic devices", ["asahi", "chikuma", "daisen"]),
            ("T2", "Sensor fusion for autonomous driving", "自動運転のためのセンサーフュージョン", "Autonomous mobility", ["boso", "echigo", "fuji"]),
            ("T3", "Edge AI accelerators", "エッジAIアクセラレータ", "Low-power computing", ["asahi", "boso", "chikuma"]),
            ("T4", "Vehicle-to-infrastructure networks", "路車間通信ネットワーク", "Autonomous mobility", ["fuji", "boso", "daisen"]),
        ]
        self.topics = {}
        for code, title, title_ja, area, participants in topics_spec:
            topic = save_object(ResearchTopic(consortium=consortium, area=areas[area], code=code, title=title, title_ja=title_ja),
                                user=self.actor, check_scope=False)
            topic.participants.set([self.orgs[k] for k in participants])
            self.topics[code] = (topic, participants)
        self.consortium = consortium
        return consortium

    # -- agreements and money -----------------------------------------------------------------
    def _agreement(self, number, title, title_ja, *, kind, research_class, parties, start, end, topic=None,
                   indirect=Decimal("20"), earmark=Decimal("10"), contract="consortium-model", consortium=True):
        agreement = save_object(Agreement(
            number=number, title=title, title_ja=title_ja, kind=kind, research_class=research_class,
            consortium=self.consortium if consortium else None, topic=topic,
            contract_type=ContractType.objects.get(code=contract), start=start, end=end,
            indirect_rate=indirect, ip_earmark_rate=earmark,
        ), user=self.actor, check_scope=False)
        for key, role in parties:
            save_object(AgreementParty(agreement=agreement, organisation=self.orgs[key], role=role), user=self.actor, check_scope=False)
        return agreement

    def build_agreements(self):
        start, end = date(FIRST_FY, 4, 1), date(LAST_FY + 1, 3, 31)
        parties = [(k, "university") for k in UNIVERSITY_KEYS] + [(k, "company") for k in COMPANY_KEYS] + [("jst", "funder")]
        main = self._agreement("OPERA-2022-001", "Consortium joint research agreement", "共創コンソーシアム共同研究契約",
                               kind="consortium", research_class="cooperative", parties=parties, start=start, end=end)
        for fy in range(FIRST_FY, LAST_FY + 1):
            self._contribute(main, "jst", fy, JST_DIRECT_PER_YEAR, source="jst")
            for i, key in enumerate(COMPANY_KEYS):
                if i >= 4 and fy == FIRST_FY:
                    continue
                growth = 1 + (fy - FIRST_FY) * 0.05
                self._contribute(main, key, fy, int(COMPANY_FUNDING[key] * growth) // 1000 * 1000, source="company")
                if key in ("asahi", "daisen"):
                    self._contribute(main, key, fy, 2_400_000, source="company", kind="in_kind",
                                     note="Researcher time seconded to the lead university")
            self._contribute(main, "lead", fy, 5_000_000, source="university", kind="in_kind", note="Clean-room time")
        # Individual (competitive-area) research: 1:1, fully company-funded, same rates.
        self.individual = {}
        for number, key, topic_code, title, title_ja in [
            ("IND-2023-014", "asahi", "T1", "MRAM reliability for Asahi controllers", "旭デバイス向けMRAM信頼性研究"),
            ("IND-2023-021", "boso", "T2", "Radar–camera fusion for Boso vehicles", "房総モーターズ向けレーダー・カメラ融合"),
            ("IND-2024-003", "chikuma", "T3", "Edge AI chip layout", "エッジAIチップのレイアウト"),
        ]:
            agreement = self._agreement(number, title, title_ja, kind="bilateral", research_class="individual",
                                        parties=[("lead", "university"), (key, "company")], start=date(2023, 7, 1), end=end,
                                        topic=self.topics[topic_code][0], contract="sakura-4")
            for fy in range(2023, LAST_FY + 1):
                self._contribute(agreement, key, fy, self.rng.choice([8, 10, 12, 15]) * 1_000_000, source="company")
            self.individual[key] = agreement
        # A 1:1 agreement outside the consortium, at the ordinary 10 % with nothing earmarked.
        outside = self._agreement("KNU-2024-107", "Battery materials screening", "電池材料スクリーニング",
                                  kind="bilateral", research_class="individual", parties=[("kansai", "university"), ("daisen", "company")],
                                  start=date(2024, 4, 1), end=date(2026, 3, 31), indirect=Decimal("10"), earmark=Decimal("0"),
                                  contract="sakura-0", consortium=False)
        for fy in (2024, 2025):
            self._contribute(outside, "daisen", fy, 3_000_000, source="company")
        self.main_agreement = main

    def _contribute(self, agreement, key, fy, direct, *, source, kind="cash", note=""):
        save_contribution(Contribution(agreement=agreement, contributor=self.orgs[key], fiscal_year=fy, kind=kind,
                                       source=source, direct_amount=direct, note=note), user=self.actor)

    # -- the pool -----------------------------------------------------------------------------
    def build_pool(self, count: int = 45):
        rng = self.rng
        university_people = {"lead": ["endo", "sato", "suzuki"], "chubu": ["takahashi", "tanaka"], "kansai": ["ito", "watanabe"], "kyushu": ["yamamoto"]}
        company_people = {"asahi": "nakamura", "boso": "kobayashi", "chikuma": "kato", "daisen": "yoshida", "echigo": "yamada", "fuji": "sasaki"}
        for n in range(count):
            title, title_ja, ipc = INVENTION_TITLES[n % len(INVENTION_TITLES)]
            topic_code = ["T1", "T2", "T3", "T4"][n % 4]
            topic, participants = self.topics[topic_code]
            disclosed = date(2022, 6, 1) + timedelta(days=int(n * 1580 / count) + rng.randint(0, 20))
            university = UNIVERSITY_KEYS[0] if n % 3 else rng.choice(UNIVERSITY_KEYS)
            company = participants[n % len(participants)] if n % 5 else None
            individual = company in self.individual and n % 7 == 0
            agreement = self.individual[company] if individual else self.main_agreement
            invention = save_invention(
                Invention(
                    title=title, title_ja=title_ja, abstract=f"{title}. Disclosed from research topic {topic.code}.",
                    disclosed_on=disclosed, consortium=self.consortium, topic=topic, agreement=agreement,
                    ip_kind="background" if n % 11 == 10 else "foreground",
                    confidential=bool(company == "boso" or n % 9 == 4),
                    technology_area=ipc,
                ), user=self.actor,
            )
            owners = [(self.orgs[university].pk, Decimal("100"))]
            if company:
                share = Decimal(rng.choice([50, 50, 70]))
                owners = [(self.orgs[university].pk, share), (self.orgs[company].pk, Decimal("100") - share)]
            set_owners(invention, owners, user=self.actor)
            inventor_keys = list(dict.fromkeys(
                ([ "endo"] if n % 2 == 0 and university == "lead" else [])
                + rng.sample(university_people[university], k=min(2, len(university_people[university])))
                + ([company_people[company]] if company else [])
            ))
            split = _split_evenly(len(inventor_keys))
            set_inventors(invention, [(self.people[k].pk, s) for k, s in zip(inventor_keys, split, strict=True)], user=self.actor)
            self._file(invention, n, disclosed)

    def _file(self, invention, n: int, disclosed: date):
        """Filings at every stage, depending on the invention's age."""
        rng = self.rng
        family = Family.objects.get(invention=invention)
        stage = n % 9
        if stage == 8 and disclosed > date(2026, 6, 1):
            invention.status = "evaluating"
            save_object(invention, user=self.actor)
            return
        if stage == 7 and disclosed > date(2026, 3, 1):
            # Being drafted with the patent attorney: no number, no date yet.
            save_filing(Filing(family=family, office="JP", kind="national", status="draft", claims=8), user=self.actor)
            return
        jp_filed = disclosed + timedelta(days=rng.randint(30, 90))
        year = jp_filed.year
        jp = Filing(family=family, office="JP", kind="national", application_number=f"特願{year}-{rng.randint(10000, 199999):06d}",
                    filing_date=jp_filed, priority_date=jp_filed, claims=rng.randint(4, 20), status="filed")
        today = date(2026, 11, 26)
        if jp_filed + timedelta(days=549) < today:
            jp.publication_date = jp_filed + timedelta(days=549)
            jp.publication_number = f"特開{jp.publication_date.year}-{rng.randint(10000, 199999):06d}"
            jp.status = "published"
        if n % 4 != 3 and jp_filed + timedelta(days=200) < today:
            jp.exam_requested_on = jp_filed + timedelta(days=rng.randint(0, 200))
            jp.status = "examination" if jp.publication_date else jp.status
        if jp.exam_requested_on and jp_filed + timedelta(days=900) < today and n % 3 != 1:
            jp.grant_decision_on = jp_filed + timedelta(days=rng.randint(800, 900))
            if not jp.publication_date or jp.publication_date > jp.grant_decision_on:
                jp.publication_date, jp.publication_number = None, ""
            jp.status = "granted"
            if n % 10 == 0:
                # Grant decided three weeks ago: the registration fee (years 1–3) is now due.
                jp.grant_decision_on = today - timedelta(days=21)
            elif jp.grant_decision_on + timedelta(days=45) < today:
                jp.registered_on = jp.grant_decision_on + timedelta(days=rng.randint(20, 40))
                jp.registration_number = f"特許第{rng.randint(7000000, 7799999)}号"
                jp.status = "registered"
        if jp.status == "examination" and n % 3 == 1:
            # A notice of reasons for refusal dispatched weeks ago: its 60-day reply is on the docket.
            jp.office_action_on = today - timedelta(days=20 + n % 20)
        if n % 13 == 12:
            jp.status = "abandoned"
        save_filing(jp, user=self.actor)
        invention.status = "filed"
        save_object(invention, user=self.actor)
        if n % 3 == 2 or jp_filed + timedelta(days=365) > today:
            return
        pct_filed = jp_filed + timedelta(days=rng.randint(330, 364))
        pct = save_filing(Filing(
            family=family, parent=jp, office="PCT", kind="pct", application_number=f"PCT/JP{pct_filed.year}/{rng.randint(1000, 99999):06d}",
            priority_date=jp_filed, filing_date=pct_filed, claims=jp.claims, status="filed",
        ), user=self.actor)
        if jp_filed + timedelta(days=549) < today:
            pct.publication_date = jp_filed + timedelta(days=549)
            pct.publication_number = f"WO {pct.publication_date.year}/{rng.randint(10000, 199999):06d}"
            pct.status = "published"
            save_filing(pct, user=self.actor)
        if jp_filed + timedelta(days=915) > today:
            return
        us_filed = jp_filed + timedelta(days=rng.randint(880, 912))
        us = Filing(family=family, parent=pct, office="US", kind="national_phase", priority_date=jp_filed, filing_date=us_filed,
                    application_number=f"{rng.choice([17, 18])}/{rng.randint(100, 999)},{rng.randint(100, 999)}", claims=jp.claims, status="examination")
        if us_filed + timedelta(days=500) < today and n % 2 == 0:
            us.grant_decision_on = us_filed + timedelta(days=300 + rng.randint(500, 650) % 100)
            us.registered_on = us.grant_decision_on + timedelta(days=rng.randint(60, 90))
            us.registration_number = f"US {rng.randint(11, 12)},{rng.randint(100, 999)},{rng.randint(100, 999)} B2"
            us.status = "registered"
        save_filing(us, user=self.actor)
        ep_filed = jp_filed + timedelta(days=rng.randint(915, 940))
        if ep_filed > today:
            return
        ep = Filing(family=family, parent=pct, office="EP", kind="national_phase", priority_date=jp_filed, filing_date=ep_filed,
                    application_number=f"EP {str(ep_filed.year)[2:]}{rng.randint(700000, 999999)}.{rng.randint(0, 9)}",
                    claims=min(jp.claims, 15), status="examination", exam_requested_on=ep_filed)
        if n % 5 == 0:
            ep.status = "withdrawn"
        elif n % 5 == 1 and ep_filed + timedelta(days=460) < today:
            ep.grant_decision_on = ep_filed + timedelta(days=400)
            ep.registered_on = ep_filed + timedelta(days=460)
            ep.registration_number = f"EP 4 {100 + n:03d} {200 + n:03d} B1"
            ep.status = "registered"
        save_filing(ep, user=self.actor)
        jp_phase_needed = n % 6 == 0
        if jp_phase_needed:
            save_filing(Filing(family=family, parent=pct, office="JP", kind="national_phase", priority_date=jp_filed,
                               filing_date=jp_filed + timedelta(days=rng.randint(880, 910)),
                               application_number=f"特願{(jp_filed + timedelta(days=900)).year}-5{rng.randint(10000, 99999)}",
                               # The JPO searched the PCT application (receiving office JPO): the lower exam fee.
                               claims=jp.claims, status="filed", searched_by="jpo_isr"), user=self.actor)

    # -- the second consortium --------------------------------------------------------------------
    def build_deadline_cases(self):
        """Two families whose deadlines an attorney checks first (the docket's worked examples):

        - a first JP application (2026-03-10) and a later JP application claiming its priority
          (domestic priority, 2026-11-16): both must be filed abroad by 2027-03-10 – 12 months from
          the FIRST application (Paris Art. 4C(2)) – and the later one does not close that year;
        - a JP application filed 2023-06-15, refused on 2026-09-01, and its divisional filed
          2026-11-02: the divisional is deemed filed on 2023-06-15 (PA §44(2)), so its examination
          request is due 2026-12-02 (30 days from its own filing, later than 2026-06-15: PA §48-3(2))
          and its term ends 2043-06-15.
        """
        university = self.orgs[UNIVERSITY_KEYS[0]]
        cases = []
        for title, title_ja, disclosed in (
            ("Sensor array with domestic priority claim", "国内優先権主張を伴うセンサアレイ", date(2026, 2, 2)),
            ("Catalyst support with divisional application", "分割出願を伴う触媒担体", date(2023, 5, 8)),
        ):
            invention = save_invention(Invention(
                title=title, title_ja=title_ja, abstract=f"{title} (docket example).", disclosed_on=disclosed,
                consortium=self.consortium, ip_kind="foreground", status="filed",
            ), user=self.actor)
            set_owners(invention, [(university.pk, Decimal("100"))], user=self.actor)
            cases.append(Family.objects.get(invention=invention))
        pair, divided = cases
        first = save_filing(Filing(
            family=pair, office="JP", kind="national", application_number="特願2026-230310",
            filing_date=date(2026, 3, 10), priority_date=date(2026, 3, 10), claims=6, status="filed",
        ), user=self.actor)
        save_filing(Filing(
            family=pair, parent=first, office="JP", kind="priority_claim", application_number="特願2026-311160",
            filing_date=date(2026, 11, 16), priority_date=date(2026, 3, 10), claims=9, status="filed",
        ), user=self.actor)
        parent = save_filing(Filing(
            family=divided, office="JP", kind="national", application_number="特願2023-261500",
            filing_date=date(2023, 6, 15), priority_date=date(2023, 6, 15), exam_requested_on=date(2024, 1, 15),
            office_action_on=date(2025, 12, 1), refusal_served_on=date(2026, 9, 1), claims=12, status="examination",
        ), user=self.actor)
        save_filing(Filing(
            family=divided, parent=parent, office="JP", kind="divisional", application_number="特願2026-310200",
            filing_date=date(2026, 11, 2), claims=5, status="filed",
        ), user=self.actor)

    def build_second_consortium(self):
        """``opera-second``: Chubu leads, Boso and Kiso Robotics fund, four inventions (one confidential)."""
        actor, orgs = self.actor, self.orgs
        second = save_object(Consortium(
            slug=SECOND_SLUG, name="Service Robotics Co-creation Consortium", name_ja="サービスロボティクス共創コンソーシアム",
            programme_type="opera_platform", lead_institution=orgs["chubu"], first_fiscal_year=2024, last_fiscal_year=2027,
            description="A smaller demo consortium: its own CPO, one member shared with opera-demo (Boso Motors) and one "
                        "member of its own (Kiso Robotics).",
        ), user=actor, check_scope=False)
        self.users["cpo-2"][1].consortia.add(second)
        joined = date(2024, 4, 1)
        for key, role in (("chubu", "lead"), ("boso", "company"), ("kiso", "company"), ("kiso", "steering")):
            save_object(Membership(consortium=second, organisation=orgs[key], role=role, joined=joined), user=actor, check_scope=False)
        area = save_object(ResearchArea(consortium=second, name="Service robots", name_ja="サービスロボット"), user=actor, check_scope=False)
        topic = save_object(ResearchTopic(consortium=second, area=area, code="R1", title="Grasp planning for logistics robots",
                                          title_ja="物流ロボットの把持計画"), user=actor, check_scope=False)
        topic.participants.set([orgs["boso"], orgs["kiso"]])
        end = date(2028, 3, 31)
        main = save_object(Agreement(
            number="ROBO-2024-001", title="Service robotics consortium agreement", title_ja="サービスロボティクス共同研究契約",
            kind="consortium", research_class="cooperative", consortium=second,
            contract_type=ContractType.objects.get(code="consortium-model"), start=joined, end=end,
            indirect_rate=Decimal("20"), ip_earmark_rate=Decimal("10"),
        ), user=actor, check_scope=False)
        for key, role in (("chubu", "university"), ("boso", "company"), ("kiso", "company"), ("jst", "funder")):
            save_object(AgreementParty(agreement=main, organisation=orgs[key], role=role), user=actor, check_scope=False)
        bilateral = save_object(Agreement(
            number="IND-2025-031", title="Grippers for Kiso picking cells", title_ja="木曽ロボティクス向けグリッパー研究",
            kind="bilateral", research_class="individual", consortium=second, topic=topic,
            contract_type=ContractType.objects.get(code="sakura-4"), start=date(2025, 4, 1), end=end,
            indirect_rate=Decimal("20"), ip_earmark_rate=Decimal("10"),
        ), user=actor, check_scope=False)
        for key, role in (("chubu", "university"), ("kiso", "company")):
            save_object(AgreementParty(agreement=bilateral, organisation=orgs[key], role=role), user=actor, check_scope=False)
        for fy in (2024, 2025):
            self._contribute(main, "jst", fy, 40_000_000, source="jst")
            self._contribute(main, "boso", fy, 8_000_000, source="company")
            self._contribute(main, "kiso", fy, 5_000_000, source="company")
            self._contribute(main, "chubu", fy, 1_000_000, source="university", kind="in_kind", note="Robot hall time")
        self._contribute(bilateral, "kiso", 2025, 6_000_000, source="company")
        # (title, title_ja, IPC, owners, inventors, confidential, JP filing date, registered on)
        pool = [
            ("Grasp planner for mixed-SKU totes", "混載トートの把持計画器", "B25J 9/16", [("chubu", 50), ("kiso", 50)],
             ["takahashi", "ogawa"], False, date(2024, 8, 1), None),
            ("Torque-sensing wheel hub for delivery robots", "配送ロボット用トルク検出ホイールハブ", "B60K 7/00",
             [("chubu", 60), ("boso", 40)], ["tanaka", "kobayashi"], False, date(2024, 10, 7), None),
            ("Tactile skin from printed strain gauges", "印刷ひずみゲージによる触覚スキン", "G01L 1/22", [("chubu", 100)],
             ["takahashi", "tanaka"], False, date(2020, 3, 10), date(2024, 1, 15)),
            ("Suction cup wear prediction", "吸着パッド摩耗予測", "B25J 15/06", [("chubu", 50), ("kiso", 50)],
             ["tanaka", "ogawa"], True, date(2025, 2, 3), None),
        ]
        self.second_inventions = []
        for n, (title, title_ja, ipc, owners, inventors, confidential, filed, registered) in enumerate(pool):
            invention = save_invention(Invention(
                title=title, title_ja=title_ja, abstract=f"{title}. From research topic R1.", disclosed_on=filed - timedelta(days=45),
                consortium=second, topic=topic, agreement=bilateral if n == 3 else main, confidential=confidential,
                technology_area=ipc, ip_kind="background" if registered else "foreground", status="filed",
            ), user=actor)
            set_owners(invention, [(orgs[k].pk, Decimal(s)) for k, s in owners], user=actor)
            split = _split_evenly(len(inventors))
            set_inventors(invention, [(self.people[k].pk, s) for k, s in zip(inventors, split, strict=True)], user=actor)
            jp = Filing(family=Family.objects.get(invention=invention), office="JP", kind="national", status="filed",
                        application_number=f"特願{filed.year}-{31000 + n:06d}", filing_date=filed, priority_date=filed,
                        claims=6 + n, exam_requested_on=filed if registered or n == 0 else None)
            if registered:
                jp.grant_decision_on, jp.registered_on = registered - timedelta(days=40), registered
                jp.registration_number, jp.status = f"特許第{7500000 + n}号", "registered"
            save_filing(jp, user=actor)
            self.second_inventions.append(invention)
        self.second = second
        return second


def _split_evenly(n: int) -> list[Decimal]:
    """n contributions in whole hundredths that total exactly 100 (the first takes the rest)."""
    base = (Decimal("100") / n).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [Decimal("100") - base * (n - 1)] + [base] * (n - 1)


@transaction.atomic
def build_demo(seed: int = 2018) -> DemoBuilder:
    """Create the whole demo; callers check first that the database is empty."""
    from kyoso.inbox.services import without_email

    with without_email():  # the demo's people are told in the app, never by e-mail
        return _build_demo(seed)


def _build_demo(seed: int) -> DemoBuilder:
    User = get_user_model()
    load_contract_types(ContractType)  # normally there from the migration; a flushed test DB lacks it
    builder = DemoBuilder(seed)
    builder.actor = User.objects.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)
    builder.build_parties()
    builder.build_logins()
    builder.actor = builder.users["ipoffice"][0]
    builder.build_consortium()
    builder.build_agreements()
    builder.build_pool()
    builder.build_deadline_cases()
    builder.build_second_consortium()
    for extend in _extensions():
        extend(builder)
    return builder


def _extensions():
    """Demo builders of later apps (licensing, docket, budget…), each ``extend(builder)``."""
    from django.apps import apps

    for config in apps.get_app_configs():
        extend = getattr(config, "extend_demo", None)
        if extend is not None:
            yield extend
