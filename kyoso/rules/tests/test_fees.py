"""Fees – one test per fee row, worked examples, reductions and co-owners.

Sources (ids of data/sources/fees.csv): JPO fee list and fee revisions of 2019 and 2022 (JPO
fees, examination-fee variants by who searched), JPO reductions from 1 April 2019 and the
former system, JPO PCT fee revision, 37 CFR 1.20 and the USPTO fee rules of 2020, 2022 (UAIA)
and 2025 (US maintenance), EPO fee schedules of 2020–2024 (EP renewal).
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from kyoso.rules.datafiles import read_rows
from kyoso.rules.fee_tables import jp_fee_row
from kyoso.rules.fees import (
    ep_renewal_fee,
    jp_annual_fee,
    jp_exam_fee,
    jp_fixed_fee,
    jp_pct_fee,
    jp_pct_international_filing_fee,
    us_maintenance_fee,
)
from kyoso.rules.owners import Owner, owners_from_percentages, parse_owner

COMPANY_UNIVERSITY = (Owner("company", Fraction(1, 2)), Owner("university", Fraction(1, 2)))
UNIVERSITY = (Owner("university", Fraction(1)),)
NEW = date(2020, 6, 1)  # an examination request under the 2019 reduction system

# (fee, variant, years, N, dates, expected) – one line per row of fees_jp_patent.csv, amounts
# as printed in the cited source (named in the comment).
# fmt: off
JP_PATENT_ROWS = [
    ("filing", "national", None, 0, {}, 14_000),  #
    ("filing", "foreign_language", None, 0, {}, 22_000),  #
    ("filing", "pct_national_entry", None, 0, {}, 14_000),  #
    ("term_extension", "", None, 0, {}, 74_000),  #
    ("exam_request", "none", None, 1, {"filed": date(2019, 3, 31)}, 122_000),  # 118,000 + 4,000 N
    ("exam_request", "none", None, 1, {"filed": date(2019, 4, 1)}, 142_000),  # INPIT FAQ: 142,000 for N=1
    ("exam_request", "jpo_isr", None, 10, {"filed": date(2018, 1, 1)}, 95_000),  # 71,000 + 2,400 N
    ("exam_request", "jpo_isr", None, 10, {"filed": date(2020, 1, 1)}, 107_000),  # 83,000 + 2,400 N
    ("exam_request", "other_isa", None, 10, {"filed": date(2018, 1, 1)}, 142_000),  # 106,000 + 3,600 N
    ("exam_request", "other_isa", None, 10, {"filed": date(2020, 1, 1)}, 160_000),  # 124,000 + 3,600 N
    ("exam_request", "search_organisation", None, 10, {"filed": date(2018, 1, 1)}, 126_000),  # JPO 2019 revision: 94,000 + 3,200 N
    ("exam_request", "search_organisation", None, 10, {"filed": date(2020, 1, 1)}, 142_000),  # JPO 2019 revision: 110,000 + 3,200 N
    ("annual", "2022", 1, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 5_800),  # 4,300 + 300 N
    ("annual", "2022", 4, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 14_300),  # 10,300 + 800 N
    ("annual", "2022", 7, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 34_300),  # 24,800 + 1,900 N
    ("annual", "2022", 10, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 82_400),  # 59,400 + 4,600 N
    ("annual", "pre2022", 1, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 3_100),  # 2,100 + 200 N
    ("annual", "pre2022", 4, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 8_900),  # 6,400 + 500 N
    ("annual", "pre2022", 7, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 26_800),  # 19,300 + 1,500 N
    ("annual", "pre2022", 10, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 76_900),  # 55,400 + 4,300 N
    ("annual", "legacy", 1, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 14_800),  #
    ("annual", "legacy", 4, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 22_600),
    ("annual", "legacy", 7, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 44_700),
    ("annual", "legacy", 10, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 89_400),
    ("extension_request", "in_time", None, 0, {}, 2_100),  #
    ("extension_request", "after_expiry", None, 0, {}, 51_000),  # (single-source)
    ("appeal", "refusal", None, 2, {}, 60_500),  # 49,500 + 5,500 N (single-source)
    ("restoration", "patent", None, 0, {}, 212_100),  #
]
# fmt: on


@pytest.mark.parametrize(("fee", "variant", "year", "claims", "dates", "expected"), JP_PATENT_ROWS)
def test_jp_patent_fee_row(fee, variant, year, claims, dates, expected):
    assert jp_fee_row(fee, variant, dates, year).amount(claims) == expected


def test_every_jp_patent_fee_row_has_a_test():
    tested = {(fee, variant, year) for fee, variant, year, *_ in JP_PATENT_ROWS}
    rows = {
        (r["fee"], r["variant"], int(r["years_from"]) if r["years_from"] else None)
        for r in read_rows("fees_jp_patent.csv")
    }
    assert rows == tested
    assert len(read_rows("fees_jp_patent.csv")) == len(JP_PATENT_ROWS)


def test_inpit_worked_example_169800():
    # worked example (INPIT FAQ 000161, N = 1, after 2022-04-01):
    # filing 14,000 + exam 142,000 + years 1–3 13,800 = 169,800.
    filing = jp_fixed_fee("filing", "national").amount
    exam = jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1)).amount
    years_1_3 = jp_annual_fee(1, 1, date(2025, 6, 2), exam_requested=date(2024, 5, 1), through=3).amount
    assert (filing, exam, years_1_3) == (14_000, 142_000, 13_800)
    assert filing + exam + years_1_3 == 169_800


def test_exam_fee_cut_over_by_filing_date_not_request_date():
    # JPO 2019 revision: the filing date (PCT: international filing date) selects the table.
    before = jp_exam_fee(1, date(2019, 3, 31), exam_requested=date(2020, 1, 1))
    assert before.amount == 122_000


def test_company_and_university_50_50_pay_three_quarters():
    # joint applicants: "company (no reduction) + university (½) at 50/50 → ¾ of full fee".
    result = jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=COMPANY_UNIVERSITY)
    assert result.amount == 142_000 * 3 // 4 == 106_500
    parts = [line["part"] for line in result.breakdown if "owner" in line]
    assert parts == [71_000, 35_500]


def test_co_owner_sum_truncated_below_10_yen():
    #: Σ full × reduction × share, the sum rounded down to 10 yen.
    owners = owners_from_percentages([("university", Decimal("33.3")), ("company", Decimal("66.7"))])
    result = jp_exam_fee(3, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=owners)
    exact = Fraction(150_000) * (Fraction(333, 1000) / 2 + Fraction(667, 1000))  # 125,025
    assert result.amount == int(exact // 10 * 10) == 125_020


def test_reduced_annuity_truncated_per_year_then_multiplied():
    # rounding of reduced annuities (ip-creation.com 2017): reduce one year, truncate, × years.
    # Years 4–6, N = 1: 11,100 × ¾ = 8,325 → 8,320 per year → 24,960 (not 24,970 from the total).
    result = jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, owners=COMPANY_UNIVERSITY, through=6)
    assert result.amount == 3 * 8_320 == 24_960
    assert [line["amount"] for line in result.breakdown if "truncated" in line["what"]] == [8_320] * 3


def test_university_pays_half_of_years_1_to_10_and_full_from_year_11():
    #: 特許料 years 1–10 × ½ (years 11+ full price).
    year10 = jp_annual_fee(10, 1, date(2030, 1, 1), exam_requested=NEW, owners=UNIVERSITY)
    year11 = jp_annual_fee(11, 1, date(2031, 1, 1), exam_requested=NEW, owners=UNIVERSITY)
    assert (year10.amount, year11.amount) == (32_000, 64_000)


def test_university_exam_fee_half():
    #: 審査請求料 × ½ for requests on/after 2019-04-01.
    assert (
        jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=UNIVERSITY).amount == 71_000
    )


def test_pre_2019_university_reduction_applies_to_examinations_requested_before_april_2019():
    # JPO Status Report 2019 p.180: universities had ½ of the exam fee before the 2019 system too.
    # Filed 2018-05-01, 1 claim, no search report: 118,000 + 4,000 × 1 = 122,000; ½ → 61,000.
    result = jp_exam_fee(1, date(2018, 5, 1), exam_requested=date(2018, 6, 1), owners=UNIVERSITY)
    assert (result.amount, result.status) == (61_000, "confirmed")
    assert "jpo-annual-report-2019" in result.source.split(";")
    # Year 4 paid 2025-06-02, 1 claim: 10,300 + 800 = 11,100; ½ → 5,550 (years 1–10 before 2019 too).
    assert jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=date(2018, 6, 1), owners=UNIVERSITY).amount == 5_550


def test_sme_pays_half_of_the_exam_fee_and_of_years_1_to_10():
    # JPO SME reduction (施行令 §10 no.1): ½ of 142,000 = 71,000; year 4: ½ of 11,100 = 5,550.
    sme = (Owner("sme", Fraction(1)),)
    assert jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=sme).amount == 71_000
    annual = jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, owners=sme)
    assert (annual.amount, annual.status) == (5_550, "confirmed")
    assert jp_annual_fee(11, 1, date(2025, 6, 2), exam_requested=NEW, owners=sme).amount == 64_000  # full


def test_small_or_start_up_company_pays_a_third():
    # 施行令 §10 no.2, METI/JPO: ⅓. Filed 2020-01-01, 10 claims, no report: 138,000 + 4,000 × 10
    # = 178,000; ⅓ = 59,333.33 → truncated below 10 yen: 59,330.
    startup = (Owner("small_startup", Fraction(1)),)
    assert jp_exam_fee(10, date(2020, 1, 1), exam_requested=date(2021, 1, 1), owners=startup).amount == 59_330
    # Year 5 paid 2025-06-02, 10 claims: 10,300 + 800 × 10 = 18,300; ⅓ = 6,100.
    assert jp_annual_fee(5, 10, date(2025, 6, 2), exam_requested=NEW, owners=startup).amount == 6_100


def test_approved_tlo_pays_half_now_and_half_of_years_1_to_3_before_2019():
    tlo = (Owner("approved_tlo", Fraction(1)),)
    # From 2019 (施行令 §10 no.3 ハ): year 7, 5 claims, paid 2025-06-02: 24,800 + 1,900 × 5 = 34,300; ½ = 17,150.
    assert jp_annual_fee(7, 5, date(2025, 6, 2), exam_requested=NEW, owners=tlo).amount == 17_150
    # Former system (JPO, June 2009): years 1–3 only; year 4 at the full 14,300 (10,300 + 800 × 5).
    assert jp_annual_fee(4, 5, date(2025, 6, 2), exam_requested=date(2018, 1, 10), owners=tlo).amount == 14_300
    # Year 1 then: 4,300 + 300 × 5 = 5,800; ½ = 2,900.
    assert jp_annual_fee(1, 5, date(2025, 6, 2), exam_requested=date(2018, 1, 10), owners=tlo).amount == 2_900


def test_the_state_pays_nothing_on_its_share():
    # Patent Act §195(4)/(5): company 2/3 + State 1/3, filed 2020-01-01, 1 claim, no report:
    # 142,000 × 2/3 = 94,666.67 + 142,000 × 0 → truncated below 10 yen: 94,660.
    owners = (Owner("company", Fraction(2, 3)), Owner("state", Fraction(1, 3)))
    assert jp_exam_fee(1, date(2020, 1, 1), exam_requested=NEW, owners=owners).amount == 94_660
    state = (Owner("state", Fraction(1)),)
    assert jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, owners=state).amount == 0


def test_exam_fee_by_who_searched_for_a_national_phase():
    # JPO exam-request fee revision of 1 April 2019, international filing date 2020-01-01, 10 claims,
    # a university (½): registered search organisation 110,000 + 3,200 × 10 = 142,000 → 71,000;
    # another ISA (EPO) 124,000 + 3,600 × 10 = 160,000 → 80,000; JPO 83,000 + 2,400 × 10 = 107,000 → 53,500.
    def fee(searched_by):
        return jp_exam_fee(10, date(2020, 1, 1), exam_requested=NEW, owners=UNIVERSITY, search_report=searched_by)

    assert [fee(v).amount for v in ("search_organisation", "other_isa", "jpo_isr")] == [71_000, 80_000, 53_500]
    assert fee("search_organisation").status == "confirmed"


def test_individual_and_company_pay_the_full_fee():
    for kind in ("individual", "company"):
        owners = (Owner(kind, Fraction(1)),)
        assert jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, owners=owners).amount == 11_100


def test_late_payment_doubles_the_annuity():
    # 割増特許料 equal to the annuity (INPIT FAQ 000217) → total 2×.
    assert jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, late=True).amount == 22_200


def test_payment_date_selects_the_2022_table_and_exam_date_the_legacy_table():
    #: payment date for the 2022 revision; exam request before 2004-04-01 keeps the old table.
    assert jp_annual_fee(4, 1, date(2022, 3, 31), exam_requested=NEW).amount == 6_900
    assert jp_annual_fee(4, 1, date(2022, 4, 1), exam_requested=NEW).amount == 11_100
    assert jp_annual_fee(4, 1, date(2022, 4, 1), exam_requested=date(2004, 3, 31)).amount == 17_400


def test_unknown_exam_request_date_is_assumed_current_and_said_so():
    result = jp_annual_fee(4, 1, date(2025, 6, 2), owners=UNIVERSITY)
    assert result.amount == 5_550 and "assumed" in result.notes[0]


def test_fee_json_has_exactly_the_cli_keys():
    data = jp_exam_fee(1, date(2024, 5, 1)).as_json()
    assert set(data) == {"amount", "currency", "breakdown", "source"}
    assert data["amount"] == 142_000 and data["currency"] == "JPY" and isinstance(data["amount"], int)


# --- owners ------------------------------------------------------------------------------------


def test_owner_parsing_and_validation():
    assert parse_owner("University:50") == ("university", Decimal(50))
    with pytest.raises(ValueError, match="KIND:SHARE"):
        parse_owner("startup:50")
    with pytest.raises(ValueError, match="percentage"):
        parse_owner("company:half")
    with pytest.raises(ValueError, match="total 100"):
        owners_from_percentages([("company", Decimal(50)), ("university", Decimal(40))])


# --- PCT fees collected by the JPO -----------------------------------------------------------

PCT_ROWS = [
    ("pct_transmittal", date(2022, 3, 31), "ja", 10_000),
    ("pct_transmittal", date(2022, 4, 1), "ja", 17_000),
    ("pct_search", date(2022, 3, 31), "ja", 70_000),
    ("pct_search", date(2022, 4, 1), "ja", 143_000),
    ("pct_search", date(2022, 4, 1), "en", 169_000),
    ("pct_additional_search", date(2024, 1, 1), "ja", 105_000),
    ("pct_additional_search", date(2024, 1, 1), "en", 168_000),
    ("pct_preliminary_exam", date(2024, 1, 1), "ja", 34_000),
    ("pct_preliminary_exam", date(2024, 1, 1), "en", 69_000),
    ("pct_additional_preliminary_exam", date(2024, 1, 1), "ja", 28_000),
    ("pct_additional_preliminary_exam", date(2024, 1, 1), "en", 45_000),
    ("pct_international_filing", date(2022, 11, 1), "ja", 190_300),
    ("pct_international_filing", date(2024, 1, 25), "ja", 217_700),
    ("pct_international_filing", date(2025, 12, 31), "ja", 242_700),
    ("pct_international_filing", date(2026, 1, 1), "ja", 250_500),
    ("pct_sheet_fee", date(2022, 11, 1), "ja", 2_100),
    ("pct_sheet_fee", date(2024, 1, 25), "ja", 2_500),
    ("pct_sheet_fee", date(2025, 1, 1), "ja", 2_700),
    ("pct_sheet_fee", date(2026, 1, 1), "ja", 2_800),
    ("pct_online_reduction", date(2022, 11, 1), "ja", 42_900),
    ("pct_online_reduction", date(2024, 1, 25), "ja", 49_100),
    ("pct_online_reduction", date(2025, 1, 1), "ja", 54_700),
    ("pct_online_reduction", date(2026, 1, 1), "ja", 56_500),
    ("pct_handling", date(2022, 11, 1), "ja", 28_600),
    ("pct_handling", date(2024, 1, 25), "ja", 32_700),
    ("pct_handling", date(2025, 1, 1), "ja", 36_500),
    ("pct_handling", date(2026, 1, 1), "ja", 37_700),
    ("pct_search_epo", date(2025, 12, 31), "ja", 317_600),
    ("pct_search_epo", date(2026, 1, 1), "ja", 323_700),
    ("pct_priority_document", date(2024, 1, 1), "ja", 1_400),
]


@pytest.mark.parametrize(("fee", "on", "language", "expected"), PCT_ROWS)
def test_jp_pct_fee_row(fee, on, language, expected):
    assert jp_pct_fee(fee, on, language=language).amount == expected


def test_every_pct_fee_row_has_a_test():
    assert len(read_rows("fees_jp_pct.csv")) == len(PCT_ROWS)


def test_pct_entry_deducts_the_online_filing_reduction():
    # Received 2026-02-01, filed online (PCT Schedule of Fees item 4): 250,500 − 56,500 = 194,000;
    # a university pays ½ of what remains (JPO PCT support from 2024-01-01): 97,000.
    assert jp_pct_international_filing_fee(date(2026, 2, 1)).amount == 194_000
    assert jp_pct_international_filing_fee(date(2026, 2, 1), owners=UNIVERSITY).amount == 97_000
    assert jp_pct_international_filing_fee(date(2026, 2, 1), online=False).amount == 250_500
    # 2023-06-01 (before the university reduction): 190,300 − 42,900 = 147,400.
    assert jp_pct_international_filing_fee(date(2023, 6, 1), owners=UNIVERSITY).amount == 147_400


def test_pct_search_for_a_start_up_is_a_third():
    # Japanese-language application received 2024-05-01: 143,000 × ⅓ = 47,666 (whole yen).
    startup = (Owner("small_startup", Fraction(1)),)
    assert jp_pct_fee("pct_search", date(2024, 5, 1), owners=startup).amount == 47_666


def test_pct_university_reduction_for_japanese_language_applications():
    #: transmittal, search, preliminary exam ½; international filing and handling fee ½ from 2024-01-01.
    assert jp_pct_fee("pct_search", date(2024, 5, 1), owners=UNIVERSITY).amount == 71_500
    assert jp_pct_fee("pct_international_filing", date(2026, 2, 1), owners=UNIVERSITY).amount == 125_250
    assert jp_pct_fee("pct_international_filing", date(2023, 6, 1), owners=UNIVERSITY).amount == 190_300
    assert jp_pct_fee("pct_search", date(2024, 5, 1), language="en", owners=UNIVERSITY).amount == 169_000


# --- US maintenance and EP renewal ----------------------------------------------------------------

US_ROWS = [
    ("3.5", "large", Decimal(2150)),
    ("3.5", "small", Decimal(860)),
    ("3.5", "micro", Decimal(430)),
    ("7.5", "large", Decimal(4040)),
    ("7.5", "small", Decimal(1616)),
    ("7.5", "micro", Decimal(808)),
    ("11.5", "large", Decimal(8280)),
    ("11.5", "small", Decimal(3312)),
    ("11.5", "micro", Decimal(1656)),
]


@pytest.mark.parametrize(("stage", "entity", "expected"), US_ROWS)
def test_us_maintenance_fee_row(stage, entity, expected):
    result = us_maintenance_fee(stage, date(2025, 6, 1), entity=entity)
    assert (result.amount, result.currency, result.status) == (expected, "USD", "confirmed")


@pytest.mark.parametrize(("entity", "surcharge"), [("large", 540), ("small", 216), ("micro", 108)])
def test_us_grace_surcharge_row(entity, surcharge):
    late = us_maintenance_fee("3.5", date(2025, 6, 1), entity=entity, late=True)
    assert late.amount - us_maintenance_fee("3.5", date(2025, 6, 1), entity=entity).amount == surcharge


# A past payment is priced by the schedule in force on its date (37 CFR 1.20; FY2020 rule from
# 2020-10-02, UAIA 60 %/80 % discounts from 2022-12-29, FY2025 rule from 2025-01-19).
US_HISTORY = [
    ("3.5", "large", date(2020, 10, 1), 1600), ("3.5", "small", date(2020, 10, 1), 800),
    ("11.5", "micro", date(2020, 10, 1), 1850),
    ("3.5", "large", date(2020, 10, 2), 2000),  # FY2020 rule
    ("7.5", "small", date(2022, 12, 28), 1880),  # 3,760 × 50 %
    ("7.5", "small", date(2022, 12, 29), 1504),  # 3,760 × 40 % (UAIA)
    ("11.5", "micro", date(2022, 12, 29), 1540),  # 7,700 × 20 % (UAIA)
    ("11.5", "large", date(2025, 1, 18), 7700), ("11.5", "large", date(2025, 1, 19), 8280),
]


@pytest.mark.parametrize(("stage", "entity", "paid", "expected"), US_HISTORY)
def test_us_maintenance_history(stage, entity, paid, expected):
    result = us_maintenance_fee(stage, paid, entity=entity)
    assert (result.amount, result.status) == (Decimal(expected), "confirmed")


def test_us_late_payment_in_2023_by_a_small_entity():
    # 3.5-year fee paid late on 2023-06-01 by a small entity: 800 + surcharge 200 = 1,000 USD.
    assert us_maintenance_fee("3.5", date(2023, 6, 1), entity="small", late=True).amount == Decimal(1000)


@pytest.mark.parametrize(
    ("year", "expected"),
    [(3, 690), (4, 845), (5, 1000), (6, 1155), (7, 1310), (8, 1465), (9, 1620), (10, 1775), (20, 1775)],
)
def test_ep_renewal_fee_row(year, expected):
    result = ep_renewal_fee(year, date(2024, 4, 1))
    assert (result.amount, result.currency) == (Decimal(expected), "EUR")


@pytest.mark.parametrize(
    ("year", "paid", "expected"),
    [
        (3, date(2020, 3, 31), 470), (9, date(2018, 5, 31), 1395), (12, date(2019, 1, 31), 1575),  # 2016 schedule
        (3, date(2020, 4, 1), 490), (10, date(2022, 3, 31), 1640), (20, date(2021, 1, 1), 1640),  # 2020 schedule
        (6, date(2022, 4, 1), 1125), (9, date(2023, 3, 31), 1495),  # 2022 schedule
        (3, date(2023, 4, 1), 530), (5, date(2024, 3, 31), 925),  # 2023 schedule
        (3, date(2024, 4, 1), 690),  # 2024 schedule
    ],
)
def test_ep_renewal_history(year, paid, expected):
    assert ep_renewal_fee(year, paid).amount == Decimal(expected)


def test_ep_renewal_before_2016_or_year_10_in_2022_has_no_row():
    with pytest.raises(LookupError):
        ep_renewal_fee(3, date(2016, 3, 31))
    with pytest.raises(LookupError):
        ep_renewal_fee(10, date(2023, 1, 1))


def test_ep_late_renewal_in_2021_for_a_micro_entity():
    # Year 5 in 2021: 855 × 70 % = 598.50; + 50 % additional fee 299.25 = 897.75 EUR.
    assert ep_renewal_fee(5, date(2021, 6, 30), micro_entity=True, late=True).amount == Decimal("897.75")


def test_ep_grace_surcharge_and_micro_entity():
    # EPC R.51(2): 50 % additional fee in the grace period; micro-entities (incl. universities) 30 % off.
    assert ep_renewal_fee(3, date(2025, 1, 1), late=True).amount == Decimal("1035.00")
    assert ep_renewal_fee(3, date(2025, 1, 1), micro_entity=True).amount == Decimal("483.00")


def test_us_entity_status_is_not_derived_from_owner_kinds_alone():
    # 37 CFR 1.27(a): a university owner alone → small; a licence to a large company → large;
    # a large company co-owner → large; a declaration wins (micro is only ever declared).
    from kyoso.rules.owners import us_entity

    assert us_entity(("university",)).entity == "small"
    licensed = us_entity(("university",), large_licensees=("Asahi Devices",))
    assert (licensed.entity, licensed.why, licensed.names) == ("large", "licensed", ("Asahi Devices",))
    assert "Asahi Devices" in licensed.reason
    assert us_entity(("university", "company")).entity == "large"
    assert us_entity(("university",), large_licensees=("Asahi Devices",), declared="micro").entity == "micro"
    # 2029 3.5-year fee for the licensed university patent: large 2,150 USD, not small 860.
    assert us_maintenance_fee("3.5", date(2029, 8, 3), entity=licensed.entity).amount == Decimal(2150)


FEE_DATA = ("fee_rules.csv", "fees_jp_patent.csv", "fees_jp_pct.csv", "fees_ep_renewal.csv",
            "fees_us_maintenance.csv", "reductions_jp.csv", "funding/entry_costs.csv")


def test_every_fee_row_cites_sources_that_are_listed():
    listed = {row["id"] for row in read_rows("sources/fees.csv")}
    cited = {(name, part) for name in FEE_DATA for row in read_rows(name) for part in row["source"].split(";") if part}
    assert {part for _name, part in cited} - listed == set()
    assert all(row["source"] for name in FEE_DATA for row in read_rows(name) if row.get("status") != "assumption")
    assert all(row["url"].startswith("https://") and row["consulted"] for row in read_rows("sources/fees.csv"))
