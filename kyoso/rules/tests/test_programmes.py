"""The programme catalogue and the navigator, on the FY2018 A-STEP menu of the MEXT 2018 slides."""

from datetime import date

import pytest

from kyoso.rules import programmes
from kyoso.rules.sources import registry


def _types(rows):
    return [row.programme.type_ja for row in rows]


def test_fy2018_table_as_the_slides_give_it():
    jissho = programmes.programme("a-step-2018-jissho")
    assert (jissho.phase_ja, jissho.type_ja, jissho.applicants, jissho.duration, jissho.cap_per_year,
            jissho.funding_form, jissho.confirmed) == ("機能検証", "実証研究", ("university",), "1", 10_000_000, "grant", True)
    seeds = programmes.programme("a-step-2018-seeds")
    assert (seeds.applicants, seeds.duration, seeds.cap_total_min, seeds.cap_total, seeds.funding_form) == (
        ("university+company",), "2–6", 20_000_000, 500_000_000, "matching_fund")
    nextep_a = programmes.programme("a-step-2018-nextep-a")
    assert (nextep_a.cap_total, nextep_a.duration, nextep_a.repayment, nextep_a.royalty) == (1_500_000_000, "1–10", "on_success", True)
    assert programmes.programme("a-step-2018-nextep-b").cap_text() == "total up to ¥300,000,000"


def test_later_menu_is_unconfirmed_and_abroad_is_reference():
    assert not programmes.programme("a-step-2022-hensai").confirmed
    assert programmes.programme("cambridge-gap").reference
    assert programmes.programme("cambridge-gap").cap_text() == "GBP 60,000 a year"


def test_every_row_cites_registered_sources():
    known = registry()
    for row in programmes.catalogue():
        assert row.source and all(part.strip() in known for part in row.source.split(";")), row.key
    for row in programmes.duties():
        assert all(part.strip() in known for part in row.source.split(";")), row.duty


def test_university_trl3_needing_ten_million_gets_jissho_first():
    matches, excluded = programmes.match(trl=3, applicant="university", need=10_000_000, fiscal_year=2018)
    assert _types(matches) == ["実証研究"]
    why = {row.programme.type_ja: "; ".join(r.english() for r in row.why) for row in excluded}
    assert why["試験研究"] == "¥10,000,000 is above the cap of ¥3,000,000 a year"


def test_small_need_offers_both_function_verification_types_smallest_first():
    matches, _ = programmes.match(trl=2, applicant="university+company", need=2_500_000, fiscal_year=2019)
    assert _types(matches) == ["試験研究", "実証研究"]


def test_company_alone_is_not_offered_university_types():
    matches, excluded = programmes.match(trl=7, applicant="company", need=200_000_000, fiscal_year=2018)
    assert _types(matches) == ["NexTEP-B", "NexTEP-A"]
    why = {row.programme.type_ja: [r.code for r in row.why] for row in excluded}
    assert why["試験研究"][0] == "applicant_no" and why["実証研究"][0] == "applicant_no"


def test_above_the_total_cap_names_it():
    matches, excluded = programmes.match(trl=8, applicant="company", need=400_000_000, fiscal_year=2018)
    assert _types(matches) == ["NexTEP-A"]
    nextep_b = next(row for row in excluded if row.programme.type_ja == "NexTEP-B")
    assert [r.english() for r in nextep_b.why] == ["¥400,000,000 is above the cap of ¥300,000,000 in total"]


def test_fiscal_year_picks_the_menu():
    matches, excluded = programmes.match(trl=3, applicant="university", need=10_000_000, fiscal_year=2026)
    assert "実証研究" not in _types(matches) + _types(excluded)
    assert _types(matches) == ["トライアウト", "産学共同（育成型）"]
    assert "unconfirmed" in [r.code for r in matches[0].reasons]


def test_json_shape():
    answer = programmes.as_json(*programmes.match(trl=3, applicant="university", need=10_000_000, fiscal_year=2018))
    assert list(answer) == ["matches", "excluded"]
    assert answer["matches"][0]["programme"] == "JST A-STEP" and answer["matches"][0]["type"] == "実証研究"
    assert answer["excluded"][0] == {"type": "試験研究", "why": "¥10,000,000 is above the cap of ¥3,000,000 a year"}


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        programmes.match(trl=10, applicant="university", need=1, fiscal_year=2018)
    with pytest.raises(ValueError):
        programmes.match(trl=3, applicant="inventor", need=1, fiscal_year=2018)


def test_duty_dates():
    assert programmes.duty_dates(programmes.duty("filing_notice"), event=date(2026, 4, 1)) == [date(2026, 5, 31)]
    assert programmes.duty_dates(programmes.duty("annual_report"), start=date(2018, 10, 1), end=date(2019, 9, 30)) == [
        date(2019, 5, 31), date(2020, 5, 31)]
    assert programmes.duty_dates(programmes.duty("final_report"), start=date(2018, 10, 1), end=date(2019, 9, 30)) == [
        date(2019, 11, 30)]
    assert programmes.duty_dates(programmes.duty("approval_exclusive_licence")) == []
