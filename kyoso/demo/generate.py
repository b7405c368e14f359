"""Synthetic national-size data for benchmarks: ``kyoso generate --scale national|small``.

The demo (``kyoso.demo.build``) goes through the service layer one record at a time, which is right
for a few hundred rows and far too slow for millions. This generator writes the same tables in bulk:

- rows are built as plain tuples and written with ``executemany`` (one prepared INSERT per table,
  batches of :data:`BATCH` rows) inside **one** transaction; primary keys are assigned here, so
  children reference their parents without reading anything back;
- on SQLite, when not already inside a transaction, the load runs with PRAGMAs for a bulk load
  (no fsync, in-memory rollback journal, a large page cache, no per-row foreign-key lookups) and the
  usual settings are restored afterwards, then ``PRAGMA foreign_key_check`` proves the references
  and ``ANALYZE`` gives the query planner row counts for the new tables;
- **generated data has no history**: neither django-simple-history rows nor domain ``Event`` rows
  are written (record pages show "No history yet"). Benchmarks measure the lists, not the log.

The data still obeys the models' validation rules, so ``full_clean()`` passes on any generated row:
application/publication/registration numbers in each office's format (``kyoso.rules.numbers``),
procedural dates in order, owner shares (exact fractions) and inventor contributions totalling exactly 100 %,
contributions inside their agreement's fiscal years and from one of its parties, with the indirect
and IP-earmarked amounts derived by ``kyoso.rules.fiscal.split_contribution`` at the rates of
``kyoso.rules.funding.contribution_rates``.

Every generated name is namespaced (``G…`` numbers and references, ``gen-`` slugs and usernames) so a
generated world can sit beside the demo — the test suite generates into the demo's database.
"""

from __future__ import annotations

import random
import secrets
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from kyoso.accounts.models import Profile
from kyoso.agreements.models import Agreement, AgreementParty, ContractType, Contribution, ContributionTotal
from kyoso.consortia.models import Consortium, Membership, ResearchArea, ResearchTopic
from kyoso.core.db import refresh_statistics
from kyoso.ip.models import Family, Filing, Invention, InventionOwner, Inventor
from kyoso.parties.models import Affiliation, Organisation, Person
from kyoso.rules.fiscal import split_contribution
from kyoso.rules.funding import contribution_rates
from kyoso.rules.numbers import search_key

from .inventions import INVENTION_TITLES
from .people import DEMO_PASSWORD

__all__ = ["Scale", "SCALES", "GeneratedWorld", "generate", "GENERATED_SLUG_PREFIX", "USERNAMES", "GENERATOR_VERSION"]

#: Bump when the generated data changes, so cached benchmark databases are rebuilt.
GENERATOR_VERSION = 1

#: Rows per ``executemany`` call: large enough to amortise the call, small enough to keep memory flat.
BATCH = 50_000
#: Slugs of generated consortia start with this; its presence means "already generated".
GENERATED_SLUG_PREFIX = "gen-"
#: One login per role; the CPO runs the three largest consortia, the company user acts for the
#: company with the most agreements, the researcher is the most prolific inventor.
USERNAMES = {
    "ipoffice": "gen-ipoffice",
    "cpo": "gen-cpo",
    "company": "gen-company",
    "researcher": "gen-researcher",
    "auditor": "gen-auditor",
}
#: "Today" for the generated world, fixed so a seed always yields the same statuses.
REFERENCE_DAY = date(2026, 4, 1)
FIRST_FY = 2012


@dataclass(frozen=True)
class Scale:
    """How much to generate. Contributions are ``agreements × fiscal_years`` exactly; filings come
    out at about two per invention (older inventions have more of their family filed)."""

    name: str
    organisations: int
    consortia: int
    agreements: int
    inventions: int
    fiscal_years: int = 10  # contributions per agreement (10 years × 1 payer, or 5 years × 2)
    people_per_university: int = 60

    @property
    def contributions(self) -> int:
        return self.agreements * self.fiscal_years


SCALES = {
    "national": Scale("national", organisations=1_000, consortia=300, agreements=300_000, inventions=100_000),
    # 1/100 of national: seconds to build, for tests and quick runs.
    "small": Scale("small", organisations=10, consortia=3, agreements=3_000, inventions=1_000, people_per_university=20),
}

PLACES = [
    ("Hokkaido", "北海道"), ("Aomori", "青森"), ("Iwate", "岩手"), ("Miyagi", "宮城"), ("Akita", "秋田"), ("Yamagata", "山形"),
    ("Fukushima", "福島"), ("Ibaraki", "茨城"), ("Tochigi", "栃木"), ("Gunma", "群馬"), ("Saitama", "埼玉"), ("Chiba", "千葉"),
    ("Tokyo", "東京"), ("Kanagawa", "神奈川"), ("Niigata", "新潟"), ("Toyama", "富山"), ("Ishikawa", "石川"), ("Fukui", "福井"),
    ("Yamanashi", "山梨"), ("Nagano", "長野"), ("Gifu", "岐阜"), ("Shizuoka", "静岡"), ("Aichi", "愛知"), ("Mie", "三重"),
    ("Shiga", "滋賀"), ("Kyoto", "京都"), ("Osaka", "大阪"), ("Hyogo", "兵庫"), ("Nara", "奈良"), ("Wakayama", "和歌山"),
    ("Tottori", "鳥取"), ("Shimane", "島根"), ("Okayama", "岡山"), ("Hiroshima", "広島"), ("Yamaguchi", "山口"),
    ("Tokushima", "徳島"), ("Kagawa", "香川"), ("Ehime", "愛媛"), ("Kochi", "高知"), ("Fukuoka", "福岡"), ("Saga", "佐賀"),
    ("Nagasaki", "長崎"), ("Kumamoto", "熊本"), ("Oita", "大分"), ("Miyazaki", "宮崎"), ("Kagoshima", "鹿児島"), ("Okinawa", "沖縄"),
]
INDUSTRIES = [("Electronics", "電子"), ("Motors", "モーターズ"), ("Materials", "マテリアル"), ("Pharma", "製薬"),
              ("Systems", "システムズ"), ("Chemicals", "化学"), ("Devices", "デバイス"), ("Energy", "エネルギー")]
FAMILY_NAMES = [("Sato", "佐藤"), ("Suzuki", "鈴木"), ("Takahashi", "高橋"), ("Tanaka", "田中"), ("Ito", "伊藤"),
                ("Watanabe", "渡辺"), ("Yamamoto", "山本"), ("Nakamura", "中村"), ("Kobayashi", "小林"), ("Kato", "加藤"),
                ("Yoshida", "吉田"), ("Yamada", "山田"), ("Sasaki", "佐々木"), ("Yamaguchi", "山口"), ("Matsumoto", "松本"),
                ("Inoue", "井上"), ("Kimura", "木村"), ("Hayashi", "林"), ("Shimizu", "清水"), ("Saito", "斎藤")]
GIVEN_NAMES = [("Haruki", "春樹"), ("Yui", "結衣"), ("Daichi", "大地"), ("Mei", "芽依"), ("Ren", "蓮"), ("Sakura", "さくら"),
               ("Sota", "颯太"), ("Aoi", "葵"), ("Kaito", "海斗"), ("Hina", "陽菜"), ("Riku", "陸"), ("Mio", "美桜"),
               ("Yuto", "悠斗"), ("Rin", "凛"), ("Kenji", "健二"), ("Naoko", "直子")]
FOREIGN_COUNTRIES = ["US", "DE", "KR", "FR", "GB", "CN", "TW"]
BILATERAL_RATES = [(Decimal("10"), Decimal("0")), (Decimal("15"), Decimal("5")), (Decimal("20"), Decimal("10")),
                   (Decimal("30"), Decimal("10"))]
CONSORTIUM_RATES = (Decimal("20"), Decimal("10"))
PROGRAMMES = ["opera_platform", "opera_oi", "opera_development", "other", "none"]


@dataclass
class GeneratedWorld:
    """What was generated: row counts per model, the per-role logins and the elapsed time."""

    scale: Scale
    seed: int
    counts: dict[str, int]
    usernames: dict[str, str]
    seconds: float


# -- writing --------------------------------------------------------------------------------------
def _insert(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """INSERT ``rows`` (tuples in ``fields`` order, database-ready values) in batches; returns the count.

    Plain ``executemany`` rather than ``bulk_create``: no model instances, and one prepared statement
    instead of SQLite's 999-parameter multi-row INSERTs (about 80 rows each for a wide table).
    """
    return _insert_table(model._meta.db_table, [model._meta.get_field(f).column for f in fields], rows)


def _insert_table(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    qn = connection.ops.quote_name
    sql = f"INSERT INTO {qn(table)} ({', '.join(map(qn, columns))}) VALUES ({', '.join(['%s'] * len(columns))})"
    total = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows, BATCH):
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


@lru_cache(maxsize=65_536)
def _split(direct: int, source: str, indirect_rate: Decimal, earmark_rate: Decimal, cash: bool) -> tuple[int, int]:
    """(indirect, IP-earmarked) from the rules for money from ``source`` (JST money follows JST's
    contract, not the companies' earmark); cached because amounts come in round steps and
    millions of calls would otherwise spend most of the load in Decimal arithmetic."""
    rates = contribution_rates(source, indirect_rate, earmark_rate)
    split = split_contribution(direct, rates.indirect, rates.ip_earmark, cash=cash)
    return split.indirect, split.ip_earmarked


def _split_evenly(n: int) -> list[Decimal]:
    """n percentages in whole hundredths that total exactly 100 (the first takes the remainder)."""
    base = (Decimal("100") / n).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [Decimal("100") - base * (n - 1)] + [base] * (n - 1)


class _Weighted:
    """Weighted choice by bisection over cumulative weights (``random.choices`` rebuilds them)."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cumulative = list(accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


# -- the generator --------------------------------------------------------------------------------
class Generator:
    """Builds one synthetic world; each ``build_*`` step writes its tables and keeps only the ids
    and facts later steps need (which company signed which agreement, who invented what…)."""

    def __init__(self, scale: Scale, seed: int, report: Callable[[str], None]):
        self.scale = scale
        self.rng = random.Random(seed)
        self.report = report
        self.counts: Counter[str] = Counter()
        now = timezone.now()
        self.now = connection.ops.adapt_datetimefield_value(now)
        self._dates: dict[date, object] = {}

    def d(self, day: date | None):
        """A date as the database wants it (cached: the same few thousand days recur)."""
        if day is None:
            return None
        value = self._dates.get(day)
        if value is None:
            value = self._dates[day] = connection.ops.adapt_datefield_value(day)
        return value

    def step(self, label: str, model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> None:
        started = time.perf_counter()
        count = _insert(model, fields, rows)
        self.counts[model._meta.label] += count
        elapsed = time.perf_counter() - started
        self.report(f"  {label:<22} {count:>10,} rows  {elapsed:6.1f} s  ({count / max(elapsed, 1e-6):,.0f} rows/s)")

    # -- parties --------------------------------------------------------------------------------
    def build_parties(self) -> None:
        scale, rng = self.scale, self.rng
        n = scale.organisations
        universities = max(2, round(n * 0.15))
        funders = max(1, round(n * 0.01))
        tlos = round(n * 0.02)
        institutes = round(n * 0.02)
        companies = n - universities - funders - tlos - institutes
        kinds = (["university"] * universities + ["funding_agency"] * funders + ["tlo"] * tlos
                 + ["public_research"] * institutes + ["company"] * companies)
        first = _next_id(Organisation)
        self.universities: list[int] = []
        self.companies: list[int] = []
        self.funders: list[int] = []
        self.institutes: list[int] = []
        rows = []
        for i, kind in enumerate(kinds):
            pk = first + i
            place, place_ja = PLACES[i % len(PLACES)]
            foreign = kind == "company" and i % 12 == 0
            country = FOREIGN_COUNTRIES[i % len(FOREIGN_COUNTRIES)] if foreign else "JP"
            if kind == "university":
                name, name_ja, short = f"{place} University G{i:04d}", f"{place_ja}大学G{i:04d}", f"{place} U G{i:04d}"
                self.universities.append(pk)
            elif kind == "company":
                industry, industry_ja = INDUSTRIES[i % len(INDUSTRIES)]
                name, name_ja = f"{place} {industry} Corporation G{i:04d}", f"{place_ja}{industry_ja}株式会社G{i:04d}"
                short = f"{place} {industry} G{i:04d}"
                self.companies.append(pk)
            elif kind == "funding_agency":
                name, name_ja, short = f"Research Funding Agency G{i:04d}", f"研究資金配分機関G{i:04d}", f"RFA G{i:04d}"
                self.funders.append(pk)
            elif kind == "tlo":
                name, name_ja, short = f"{place} TLO G{i:04d}", f"{place_ja}TLO G{i:04d}", f"{place} TLO G{i:04d}"
            else:
                name, name_ja, short = f"{place} Research Institute G{i:04d}", f"{place_ja}研究所G{i:04d}", f"{place} RI G{i:04d}"
                self.institutes.append(pk)
            size = ("large" if rng.random() < 0.4 else "sme") if kind == "company" else ""
            corporate = f"{rng.randrange(10**12, 10**13)}" if country == "JP" else ""
            rows.append((pk, name, name_ja, short, kind, size, country == "JP", country, corporate, "",
                         self.now, self.now))
        self.step("organisations", Organisation,
                  ["id", "name", "name_ja", "short_name", "kind", "size", "is_domestic", "country", "corporate_number",
                   "website", "created", "modified"], rows)
        # Zipf-like weights: a few large companies sign a large share of all agreements, as nationally.
        self.company_weights = {pk: 1 / (rank + 1) ** 0.7 for rank, pk in enumerate(self.companies)}
        self.company_pick = _Weighted(self.companies, [self.company_weights[c] for c in self.companies])

        # People: researchers and staff at universities and institutes, two contacts per company.
        self.people_of: dict[int, list[int]] = {}
        person_rows, affiliation_rows = [], []
        pk = _next_id(Person)
        affiliation_pk = _next_id(Affiliation)
        for org in self.universities + self.institutes + self.companies:
            count = scale.people_per_university if org in self.universities else (10 if org in self.institutes else 2)
            ids = []
            for j in range(count):
                family, family_ja = FAMILY_NAMES[rng.randrange(len(FAMILY_NAMES))]
                given, given_ja = GIVEN_NAMES[rng.randrange(len(GIVEN_NAMES))]
                kind = "company_contact" if org in self.companies and j else ("staff" if j == count - 1 else "researcher")
                number = f"{10_000_000 + pk:08d}" if kind == "researcher" and org not in self.companies else ""
                person_rows.append((pk, family, given, family_ja, given_ja, kind, f"g{pk}@example.org", number,
                                    self.now, self.now))
                affiliation_rows.append((affiliation_pk, pk, org, "", "", self.d(date(2005 + rng.randrange(15), 4, 1)),
                                         None, self.now, self.now))
                ids.append(pk)
                pk += 1
                affiliation_pk += 1
            self.people_of[org] = ids
        self.step("people", Person, ["id", "family_name", "given_name", "family_name_ja", "given_name_ja", "kind",
                                     "email", "researcher_number", "created", "modified"], person_rows)
        self.step("affiliations", Affiliation, ["id", "person", "organisation", "department", "title", "start", "end",
                                                "created", "modified"], affiliation_rows)

    # -- consortia ------------------------------------------------------------------------------
    def build_consortia(self) -> None:
        scale, rng = self.scale, self.rng
        first = _next_id(Consortium)
        consortium_rows, membership_rows, area_rows, topic_rows, participant_rows = [], [], [], [], []
        membership_pk, area_pk, topic_pk = _next_id(Membership), _next_id(ResearchArea), _next_id(ResearchTopic)
        self.consortia: list[int] = []
        self.members: dict[int, tuple[list[int], list[int]]] = {}  # consortium → (universities, companies)
        self.topics_of: dict[int, list[int]] = {}
        self.lead_of: dict[int, int] = {}
        for i in range(scale.consortia):
            pk = first + i
            lead = self.universities[i % len(self.universities)]
            first_fy = FIRST_FY + rng.randrange(8)
            last_fy = min(first_fy + rng.choice([4, 5, 9]), REFERENCE_DAY.year + 4)
            place, place_ja = PLACES[i % len(PLACES)]
            consortium_rows.append((pk, f"{GENERATED_SLUG_PREFIX}{i:04d}", f"{place} Co-creation Platform G{i:04d}",
                                    f"{place_ja}共創プラットフォームG{i:04d}", PROGRAMMES[i % len(PROGRAMMES)], lead,
                                    first_fy, last_fy, "", self.now, self.now))
            others = [u for u in self.universities if u != lead]
            universities = [lead] + rng.sample(others, k=min(len(others), rng.randint(1, 3)))
            companies: set[int] = set()
            wanted = min(len(self.companies), rng.randint(5, 20))
            while len(companies) < wanted:
                companies.add(self.company_pick.pick(rng))
            companies_list = sorted(companies)
            joined = self.d(date(first_fy, 4, 1))
            roles = [(lead, "lead")] + [(u, "university") for u in universities[1:]] + [(c, "company") for c in companies_list]
            roles += [(lead, "steering")] + [(c, "steering") for c in companies_list[:2]]
            for org, role in roles:
                membership_rows.append((membership_pk, pk, org, role, joined, None, self.now, self.now))
                membership_pk += 1
            areas = []
            for a in range(3):
                area_rows.append((area_pk, pk, f"Research area {a + 1}", f"研究領域{a + 1}", self.now, self.now))
                areas.append(area_pk)
                area_pk += 1
            topics = []
            for t in range(4):
                title, title_ja, _ipc = INVENTION_TITLES[(i + t) % len(INVENTION_TITLES)]
                topic_rows.append((topic_pk, pk, areas[t % 3], f"T{t + 1}", title, title_ja, self.now, self.now))
                for company in rng.sample(companies_list, k=min(3, len(companies_list))):
                    participant_rows.append((topic_pk, company))
                topics.append(topic_pk)
                topic_pk += 1
            self.consortia.append(pk)
            self.members[pk] = (universities, companies_list)
            self.topics_of[pk] = topics
            self.lead_of[pk] = lead
        self.step("consortia", Consortium, ["id", "slug", "name", "name_ja", "programme_type", "lead_institution",
                                            "first_fiscal_year", "last_fiscal_year", "description", "created", "modified"],
                  consortium_rows)
        self.step("memberships", Membership, ["id", "consortium", "organisation", "role", "joined", "left", "created",
                                              "modified"], membership_rows)
        self.step("research areas", ResearchArea, ["id", "consortium", "name", "name_ja", "created", "modified"], area_rows)
        self.step("research topics", ResearchTopic, ["id", "consortium", "area", "code", "title", "title_ja", "created",
                                                     "modified"], topic_rows)
        through = ResearchTopic.participants.through
        started = time.perf_counter()
        count = _insert_table(through._meta.db_table, ["researchtopic_id", "organisation_id"], participant_rows)
        self.counts[through._meta.label] += count
        self.report(f"  {'topic participants':<22} {count:>10,} rows  {time.perf_counter() - started:6.1f} s")
        # Larger consortia attract more agreements (weights fall off with rank).
        self.consortium_pick = _Weighted(self.consortia, [1 / (rank + 1) ** 0.5 for rank in range(len(self.consortia))])

    # -- agreements and money -------------------------------------------------------------------
    def build_agreements(self) -> None:
        scale, rng = self.scale, self.rng
        contract_types = dict(ContractType.objects.values_list("code", "pk"))
        sakura = [pk for code, pk in contract_types.items() if code.startswith("sakura-")] or [None]
        consortium_model = contract_types.get("consortium-model")
        first = _next_id(Agreement)
        # Per agreement, what inventions need later: (consortium, topic, university, companies, start, end).
        self.agreements: list[tuple[int, int | None, int | None, int, tuple[int, ...], date, date]] = []
        party_rows, contribution_rows = [], []
        party_pk, contribution_pk = _next_id(AgreementParty), _next_id(Contribution)

        def agreement_rows_iter():
            nonlocal party_pk, contribution_pk
            for i in range(scale.agreements):
                pk = first + i
                roll = rng.random()
                consortium = self.consortium_pick.pick(rng) if roll < 0.7 else None
                if consortium:
                    universities, members = self.members[consortium]
                    university = universities[0] if rng.random() < 0.6 else rng.choice(universities)
                    weights = [self.company_weights[c] for c in members]
                    company = rng.choices(members, weights=weights)[0]
                    topic = rng.choice(self.topics_of[consortium]) if rng.random() < 0.8 else None
                else:
                    members = None
                    university = rng.choice(self.universities)
                    company = self.company_pick.pick(rng)
                    topic = None
                consortium_kind = consortium is not None and roll < 0.21 and len(members) > 1
                if consortium_kind:
                    # A consortium agreement: the lead, two member companies and the funder; five
                    # fiscal years of JST money matched by the first company.
                    university = self.lead_of[consortium]
                    second = rng.choice([c for c in members if c != company])
                    funder = self.funders[i % len(self.funders)]
                    parties = [(university, "university"), (company, "company"), (second, "company"), (funder, "funder")]
                    payers = [(funder, "jst", "cash"), (company, "company", "cash")]
                    years, companies = 5, (company, second)
                    rates, contract, kind, research_class = CONSORTIUM_RATES, consortium_model, "consortium", "cooperative"
                else:
                    parties = [(university, "university"), (company, "company")]
                    if rng.random() < 0.5:
                        payers, years = [(company, "company", "cash")], 10
                    else:
                        payers, years = [(company, "company", "cash"), (university, "university", "in_kind")], 5
                    companies = (company,)
                    rates = CONSORTIUM_RATES if consortium and rng.random() < 0.5 else rng.choice(BILATERAL_RATES)
                    contract, kind = rng.choice(sakura), "bilateral"
                    research_class = "individual" if consortium else rng.choice(["individual", "cooperative"])
                # Starts between FY2012 and FY2025; ten-year agreements by FY2021, so none runs past FY2030.
                first_fy = rng.randint(FIRST_FY, REFERENCE_DAY.year - 1 if years == 5 else FIRST_FY + 9)
                start = date(first_fy, 4, 1) + timedelta(days=rng.randrange(90))
                end = date(first_fy + years, 3, 31)
                status = "active" if end >= REFERENCE_DAY else "ended"
                if rng.random() < 0.02:
                    status = "terminated"
                indirect, earmark = rates
                number = f"G{first_fy}-{pk:07d}"
                self.agreements.append((pk, consortium, topic, university, companies, start, end))
                for org, role in parties:
                    party_rows.append((party_pk, pk, org, role, 0, self.now, self.now))
                    party_pk += 1
                for fy in range(first_fy, first_fy + years):
                    growth = 1 + (fy - first_fy) * 0.05
                    for org, source, contribution_kind in payers:
                        if source == "jst":
                            direct = rng.randrange(200, 1500) * 100_000
                        elif source == "company":
                            direct = int(rng.randrange(10, 300) * growth) * 100_000
                        else:
                            direct = rng.randrange(5, 50) * 100_000
                        cash = contribution_kind == "cash"
                        indirect_amount, ip_amount = _split(direct, source, indirect, earmark, cash)
                        contribution_rows.append((contribution_pk, pk, org, fy, contribution_kind, source, direct,
                                                  indirect_amount, ip_amount, "", self.now, self.now))
                        contribution_pk += 1
                # One 1:1 contract in ten is commissioned research (受託研究) for the MEXT survey; from the
                # id, not the random stream, so the same seed still gives the same world otherwise.
                research_type = "commissioned" if kind == "bilateral" and pk % 10 == 0 else "joint"
                yield (pk, number, f"Joint research G{pk:07d}", f"共同研究G{pk:07d}", kind, research_class, research_type,
                       consortium, topic, contract, status, self.d(start), self.d(end), str(indirect), str(earmark), "",
                       self.now, self.now)

        # Agreements stream into the database in batches; parties and contributions are collected
        # alongside and written per batch so memory stays bounded at national scale.
        fields = ["id", "number", "title", "title_ja", "kind", "research_class", "research_type", "consortium", "topic",
                  "contract_type",
                  "status", "start", "end", "indirect_rate", "ip_earmark_rate", "notes", "created", "modified"]
        timings = Counter()
        started = time.perf_counter()
        for batch in _batches(agreement_rows_iter(), BATCH // 5):
            t0 = time.perf_counter()
            self.counts[Agreement._meta.label] += _insert(Agreement, fields, batch)
            self.counts[AgreementParty._meta.label] += _insert(
                AgreementParty, ["id", "agreement", "organisation", "role", "research_expense", "created", "modified"], party_rows)
            self.counts[Contribution._meta.label] += _insert(
                Contribution, ["id", "agreement", "contributor", "fiscal_year", "kind", "source", "direct_amount",
                               "indirect_amount", "ip_amount", "note", "created", "modified"], contribution_rows)
            timings["write"] += time.perf_counter() - t0
            party_rows.clear()
            contribution_rows.clear()
            done = self.counts[Agreement._meta.label]
            if done % (BATCH * 2) == 0 or done == scale.agreements:
                self.report(f"  agreements {done:>9,}/{scale.agreements:,}  {time.perf_counter() - started:6.1f} s")
        elapsed = time.perf_counter() - started
        self.report(f"  {'agreements':<22} {self.counts[Agreement._meta.label]:>10,} rows, "
                    f"{self.counts[AgreementParty._meta.label]:,} parties, "
                    f"{self.counts[Contribution._meta.label]:,} contributions  {elapsed:6.1f} s "
                    f"({timings['write']:.1f} s writing)")

    def build_totals(self) -> None:
        """The contribution totals the services would have kept (``kyoso.agreements.totals``): the
        contributions were written around the services, so they are counted here once."""
        from kyoso.agreements.totals import rebuild_totals

        started = time.perf_counter()
        rebuild_totals()
        self.counts[ContributionTotal._meta.label] = ContributionTotal.objects.count()
        self.report(f"  {'contribution totals':<22} {self.counts[ContributionTotal._meta.label]:>10,} rows "
                    f"{time.perf_counter() - started:8.1f} s")

    # -- the IP pool ----------------------------------------------------------------------------
    def build_pool(self) -> None:
        scale, rng = self.scale, self.rng
        first = _next_id(Invention)
        family_first = _next_id(Family)
        owner_pk, inventor_pk, filing_pk = _next_id(InventionOwner), _next_id(Inventor), _next_id(Filing)
        invention_rows, family_rows, owner_rows, inventor_rows, filing_rows = [], [], [], [], []
        self.inventions_by_person: Counter[int] = Counter()
        serials: Counter[str] = Counter()

        def serial(key: str) -> int:
            serials[key] += 1
            return SERIAL_BASE.get(key.rstrip("0123456789"), 0) + serials[key]

        latest_disclosure = REFERENCE_DAY - timedelta(days=120)
        for i in range(scale.inventions):
            pk, family_pk = first + i, family_first + i
            agreement, consortium, topic, university, companies, start, end = self.agreements[
                rng.randrange(len(self.agreements))
            ]
            if consortium and topic is None:
                topic = rng.choice(self.topics_of[consortium])
            if consortium and rng.random() < 0.1:
                agreement = None  # background IP brought into the consortium, under no agreement
            last = min(end, latest_disclosure)
            disclosed = start + timedelta(days=rng.randrange(max(1, (last - start).days)))
            title, title_ja, ipc = INVENTION_TITLES[i % len(INVENTION_TITLES)]
            reference = f"G-INV-{disclosed.year}-{pk:06d}"
            # Wanted filings; inventions too young for a PCT or national phases get fewer, so the
            # draw is set high enough for about two filings per invention overall.
            n_filings = rng.choices((0, 1, 2, 3, 4), weights=(8, 15, 35, 25, 17))[0]
            status = "filed" if n_filings else rng.choice(["disclosed", "evaluating", "not_filed"])
            invention_rows.append((pk, reference, f"{title} (G{pk})", f"{title_ja}（G{pk}）", "", self.d(disclosed),
                                   consortium, topic, agreement, "background" if rng.random() < 0.08 else "foreground",
                                   rng.random() < 0.15, status, ipc, self.now, self.now))
            family_rows.append((family_pk, pk, f"F-{reference}", f"{title} (G{pk})", self.now, self.now))
            # Owners: the university alone, or with one or two of the agreement's companies.
            roll = rng.random()
            if roll < 0.3:
                owners = [(university, Decimal("100"))]
            elif roll < 0.9 or len(companies) < 2:
                share = Decimal(rng.choice([50, 50, 60, 70]))
                owners = [(university, share), (companies[0], Decimal("100") - share)]
            else:
                owners = [(university, Decimal("50")), (companies[0], Decimal("25")), (companies[1], Decimal("25"))]
            for org, share in owners:
                exact = Fraction(share) / 100  # owner shares are stored exact: 1/2, 3/10
                owner_rows.append((owner_pk, pk, org, exact.numerator, exact.denominator, self.now, self.now))
                owner_pk += 1
            staff = self.people_of[university]
            researchers = staff[:-1] or staff  # the last person of a university is administrative staff
            people = rng.sample(researchers, k=min(len(researchers), rng.randint(1, 3)))
            if len(owners) > 1:
                people.append(self.people_of[companies[0]][0])
            for person, contribution in zip(people, _split_evenly(len(people)), strict=True):
                inventor_rows.append((inventor_pk, pk, person, str(contribution), self.now, self.now))
                self.inventions_by_person[person] += 1
                inventor_pk += 1
            family_filings: list[int] = []
            for parent, row in self._filings(disclosed, n_filings, serial):
                # A parent is an earlier filing of the same family, given by its position.
                parent_pk = None if parent is None else family_filings[parent]
                filing_rows.append((filing_pk, family_pk, parent_pk, *row, self.now, self.now,
                                    search_key(row[3]), search_key(row[4]), search_key(row[5])))
                family_filings.append(filing_pk)
                filing_pk += 1
        self.step("inventions", Invention, ["id", "reference", "title", "title_ja", "abstract", "disclosed_on",
                                            "consortium", "topic", "agreement", "ip_kind", "confidential", "status",
                                            "technology_area", "created", "modified"], invention_rows)
        self.step("families", Family, ["id", "invention", "reference", "title", "created", "modified"], family_rows)
        self.step("owners", InventionOwner, ["id", "invention", "organisation", "share_numerator", "share_denominator",
                                             "created", "modified"], owner_rows)
        self.step("inventors", Inventor, ["id", "invention", "person", "contribution", "created", "modified"],
                  inventor_rows)
        self.step("filings", Filing, ["id", "family", "parent", "office", "kind", "status", "application_number",
                                      "publication_number", "registration_number", "priority_date", "filing_date",
                                      "publication_date", "exam_requested_on", "grant_decision_on", "registered_on",
                                      "claims", "created", "modified", "application_key", "publication_key",
                                      "registration_key"], filing_rows)

    def _filings(self, disclosed: date, wanted: int, serial: Callable[[str], int]) -> Iterator[tuple[int | None, tuple]]:
        """The filings of one family, oldest first: JP, its PCT, then US and EP national phases.

        Each step happens only once its date has come (a PCT a year after the JP filing, national
        phases at 30 months), so young inventions have fewer filings than ``wanted``. Yields
        ``(parent position or None, row from office to claims)``.
        """
        rng, today = self.rng, REFERENCE_DAY
        if not wanted:
            return
        filed = disclosed + timedelta(days=rng.randint(30, 110))
        claims = rng.randint(3, 25)
        # JP national filing: published at 18 months, examined on request, granted, registered.
        jp = dict(office="JP", kind="national", status="filed", priority=filed, filing=filed,
                  application=f"特願{filed.year}-{serial(f'JP{filed.year}'):06d}")
        published = filed + timedelta(days=549)
        if published <= today:
            jp.update(status="published", publication_date=published,
                      publication=f"特開{published.year}-{serial(f'JPP{published.year}'):06d}")
        if rng.random() < 0.75:
            requested = filed + timedelta(days=rng.randint(0, 1000))
            if requested <= today:
                jp.update(exam=requested, status="examination" if "publication_date" in jp else jp["status"])
                decided = max(requested + timedelta(days=rng.randint(300, 700)), published + timedelta(days=30))
                if decided <= today and "publication_date" in jp:
                    if rng.random() < 0.15:
                        jp.update(status="refused")
                    else:
                        jp.update(status="granted", grant=decided)
                        registered = decided + timedelta(days=rng.randint(20, 45))
                        if registered <= today:
                            jp.update(status="registered", registered=registered,
                                      registration=f"特許第{7_000_000 + serial('JPR'):07d}号")
        pct_filed = filed + timedelta(days=rng.randint(330, 364))
        rows = [jp]
        if wanted >= 2 and pct_filed <= today:
            pct = dict(office="PCT", kind="pct", status="filed", priority=filed, filing=pct_filed, parent=0,
                       application=f"PCT/JP{pct_filed.year}/{serial(f'PCT{pct_filed.year}'):06d}")
            if published <= today:
                pct.update(status="published", publication_date=published,
                           publication=f"WO {published.year}/{serial(f'WO{published.year}'):06d} A1")
            rows.append(pct)
            phase = filed + timedelta(days=rng.randint(880, 912))
            for office in ("US", "EP")[: max(0, wanted - 2)]:
                if phase > today:
                    break
                if office == "US":
                    row = dict(office="US", kind="national_phase", status="examination", priority=filed, filing=phase,
                               parent=1, exam=phase, application=_us_application(phase.year, serial("US")))
                    granted = phase + timedelta(days=rng.randint(500, 800))
                    if granted <= today and rng.random() < 0.6:
                        registered = granted + timedelta(days=rng.randint(60, 100))
                        row.update(status="granted", grant=granted)
                        if registered <= today:
                            number = 11_000_000 + serial("USR")
                            row.update(status="registered", registered=registered,
                                       registration=f"US {number // 1_000_000},{number // 1000 % 1000:03d},{number % 1000:03d} B2")
                else:
                    row = dict(office="EP", kind="national_phase", status="examination", priority=filed, filing=phase,
                               parent=1, exam=phase, application=f"EP {phase.year % 100:02d}{serial('EP'):06d}.{rng.randrange(10)}")
                    if rng.random() < 0.1:
                        row.update(status="withdrawn")
                rows.append(row)
        for row in rows:
            yield row.get("parent"), (
                row["office"], row["kind"], row["status"], row.get("application", ""), row.get("publication", ""),
                row.get("registration", ""), self.d(row.get("priority")), self.d(row.get("filing")),
                self.d(row.get("publication_date")), self.d(row.get("exam")), self.d(row.get("grant")),
                self.d(row.get("registered")), claims,
            )

    # -- logins ---------------------------------------------------------------------------------
    def build_users(self) -> dict[str, str]:
        """One login per role with the demo password (hashed once: hashing is deliberately slow)."""
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)
        by_agreements = Counter(c for *_head, companies, _s, _e in self.agreements for c in companies)
        company = by_agreements.most_common(1)[0][0]
        researcher = self.inventions_by_person.most_common(1)[0][0]
        researcher_org = Affiliation.objects.filter(person_id=researcher).values_list("organisation_id", flat=True).first()
        # The CPO runs the three consortia with most agreements: the heaviest CPO view.
        by_consortium = Counter(a[1] for a in self.agreements if a[1])
        cpo_consortia = [pk for pk, _n in by_consortium.most_common(3)]
        specs = {
            "ipoffice": dict(organisation_id=self.universities[0]),
            "cpo": dict(organisation_id=self.lead_of[cpo_consortia[0]]),
            "company": dict(organisation_id=company),
            "researcher": dict(organisation_id=researcher_org, person_id=researcher),
            "auditor": {},
        }
        for role, extra in specs.items():
            username = USERNAMES[role]
            user = User.objects.create(username=username, password=password, email=f"{username}@example.org",
                                       first_name=username)
            profile = Profile.objects.create(user=user, role=role, feed_token=secrets.token_urlsafe(24), **extra)
            if role == "cpo":
                profile.consortia.set(cpo_consortia)
        self.counts[User._meta.label] += len(specs)
        self.report(f"  {'logins':<22} {', '.join(USERNAMES.values())} (password {DEMO_PASSWORD})")
        return dict(USERNAMES)


@dataclass
class _Pragmas:
    """SQLite settings for a bulk load, and the values to restore afterwards."""

    LOAD = {"synchronous": "OFF", "journal_mode": "MEMORY", "cache_size": "-1048576", "temp_store": "MEMORY",
            "foreign_keys": "OFF"}

    saved: dict[str, str]

    @classmethod
    def apply(cls) -> _Pragmas:
        saved = {}
        with connection.cursor() as cursor:
            for name, value in cls.LOAD.items():
                cursor.execute(f"PRAGMA {name}")
                saved[name] = str(cursor.fetchone()[0])
                cursor.execute(f"PRAGMA {name} = {value}")
        return cls(saved)

    def restore(self) -> None:
        with connection.cursor() as cursor:
            for name, value in self.saved.items():
                cursor.execute(f"PRAGMA {name} = {value}")


def generate(scale: Scale | str = "small", *, seed: int = 2026, report: Callable[[str], None] = print) -> GeneratedWorld:
    """Generate a synthetic world of ``scale`` into the default database.

    Inside an open transaction (tests) the rows join it and no PRAGMA is touched; otherwise the load
    runs in its own transaction with bulk-load PRAGMAs on SQLite, then checks foreign keys, and
    refreshes the planner's statistics on every database (:func:`kyoso.core.db.refresh_statistics`).
    """
    if isinstance(scale, str):
        scale = SCALES[scale]
    started = time.perf_counter()
    bulk = connection.vendor == "sqlite" and not connection.in_atomic_block
    _split.cache_clear()
    pragmas = _Pragmas.apply() if bulk else None
    report(f"Generating the {scale.name} dataset (seed {seed}): {scale.organisations:,} organisations, "
           f"{scale.consortia:,} consortia, {scale.agreements:,} agreements × {scale.fiscal_years} contributions, "
           f"{scale.inventions:,} inventions, ≈{scale.inventions * 2:,} filings")
    try:
        with transaction.atomic():
            generator = Generator(scale, seed, report)
            generator.build_parties()
            generator.build_consortia()
            generator.build_agreements()
            generator.build_pool()
            generator.build_totals()
            usernames = generator.build_users()
            if connection.vendor != "sqlite":
                # Explicit ids leave PostgreSQL's sequences behind; SQLite's AUTOINCREMENT follows.
                touched = [Organisation, Person, Affiliation, Consortium, Membership, ResearchArea, ResearchTopic,
                           Agreement, AgreementParty, Contribution, Invention, Family, InventionOwner, Inventor, Filing]
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), touched):
                        cursor.execute(sql)
    finally:
        if pragmas is not None:
            pragmas.restore()
    if bulk:
        _check_and_analyse(report)
    elif not connection.in_atomic_block:
        # PostgreSQL: without fresh statistics its planner picks poor plans for the scoped pages.
        analysed = time.perf_counter()
        refresh_statistics()
        report(f"  statistics (ANALYZE) in {time.perf_counter() - analysed:.1f} s")
    seconds = time.perf_counter() - started
    report(f"Generated {sum(generator.counts.values()):,} rows in {seconds:.1f} s.")
    return GeneratedWorld(scale, seed, dict(generator.counts), usernames, seconds)


#: Where each office's generated serials start (by the serial's key without its year): above the
#: numbers the demo draws (kyoso.demo.build: JP and WO serials up to 199999, the docket examples
#: 2xxxxx–3xxxxx and divisionals
#: 5xxxxx, PCT up to 099999, JP registrations 7000000–7799999), so a generated world that joins
#: the demo never repeats an office's number — which the database refuses. EP serials stay
#: below the demo's 700000–999999; US numbers differ by their ranges already.
SERIAL_BASE = {"JP": 600_000, "JPP": 600_000, "JPR": 1_000_000, "PCT": 600_000, "WO": 600_000}


def _us_application(year: int, n: int) -> str:
    """A USPTO application number (series code/serial), e.g. ``18/123,456``."""
    return f"{17 + year % 2}/{n // 1000 % 1000:03d},{n % 1000:03d}"


def _check_and_analyse(report: Callable[[str], None]) -> None:
    """Prove the references (checks were off during the load) and refresh the planner's statistics."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        problems = cursor.fetchmany(5)
        if problems:
            raise RuntimeError(f"generated rows break foreign keys, e.g. {problems}")
        checked = time.perf_counter()
    refresh_statistics()
    report(f"  foreign keys checked in {checked - started:.1f} s, statistics (ANALYZE) in {time.perf_counter() - checked:.1f} s")
