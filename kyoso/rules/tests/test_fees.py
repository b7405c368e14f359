"""Fees – one test per fee row, the doc's worked examples, reductions and co-owners.

Sources: fees-and-deadlines.md §1.1 (JPO fees), §1.2 (examination-fee variants), §1.3 (other
JPO fees), §1.5 (reductions, co-owners, rounding), §1.6 (PCT fees), §1.7 (which date selects
the table), §3.3 (US maintenance), §3.4 (EP renewal).
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
    us_maintenance_fee,
)
from kyoso.rules.owners import Owner, owners_from_percentages, parse_owner

COMPANY_UNIVERSITY = (Owner("company", Fraction(1, 2)), Owner("university", Fraction(1, 2)))
UNIVERSITY = (Owner("university", Fraction(1)),)
NEW = date(2020, 6, 1)  # an examination request under the 2019 reduction system

# (fee, variant, years, N, dates, expected) – one line per row of fees_jp_patent.csv, amounts
# as printed in fees-and-deadlines.md (section in the comment).
# fmt: off
JP_PATENT_ROWS = [
    ("filing", "national", None, 0, {}, 14_000),  # §1.1
    ("filing", "foreign_language", None, 0, {}, 22_000),  # §1.1
    ("filing", "pct_national_entry", None, 0, {}, 14_000),  # §1.1
    ("term_extension", "", None, 0, {}, 74_000),  # §1.1
    ("exam_request", "none", None, 1, {"filed": date(2019, 3, 31)}, 122_000),  # §1.2 118,000 + 4,000 N
    ("exam_request", "none", None, 1, {"filed": date(2019, 4, 1)}, 142_000),  # §1.1 INPIT 142,000 for N=1
    ("exam_request", "jpo_isr", None, 10, {"filed": date(2018, 1, 1)}, 95_000),  # §1.2 71,000 + 2,400 N
    ("exam_request", "jpo_isr", None, 10, {"filed": date(2020, 1, 1)}, 107_000),  # §1.2 83,000 + 2,400 N
    ("exam_request", "other_isa", None, 10, {"filed": date(2018, 1, 1)}, 142_000),  # §1.2 106,000 + 3,600 N
    ("exam_request", "other_isa", None, 10, {"filed": date(2020, 1, 1)}, 160_000),  # §1.2 124,000 + 3,600 N
    ("exam_request", "search_organisation", None, 10, {"filed": date(2018, 1, 1)}, 126_000),  # §1.2 (unconfirmed)
    ("exam_request", "search_organisation", None, 10, {"filed": date(2020, 1, 1)}, 142_000),  # §1.2 (unconfirmed)
    ("annual", "2022", 1, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 5_800),  # §1.1 4,300 + 300 N
    ("annual", "2022", 4, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 14_300),  # §1.1 10,300 + 800 N
    ("annual", "2022", 7, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 34_300),  # §1.1 24,800 + 1,900 N
    ("annual", "2022", 10, 5, {"paid": date(2022, 4, 1), "exam_requested": NEW}, 82_400),  # §1.1 59,400 + 4,600 N
    ("annual", "pre2022", 1, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 3_100),  # §1.1 2,100 + 200 N
    ("annual", "pre2022", 4, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 8_900),  # §1.1 6,400 + 500 N
    ("annual", "pre2022", 7, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 26_800),  # §1.1 19,300 + 1,500 N
    ("annual", "pre2022", 10, 5, {"paid": date(2022, 3, 31), "exam_requested": NEW}, 76_900),  # §1.1 55,400 + 4,300 N
    ("annual", "legacy", 1, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 14_800),  # §1.1 notes
    ("annual", "legacy", 4, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 22_600),
    ("annual", "legacy", 7, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 44_700),
    ("annual", "legacy", 10, 5, {"paid": date(2024, 1, 1), "exam_requested": date(2004, 3, 31)}, 89_400),
    ("extension_request", "in_time", None, 0, {}, 2_100),  # §1.3
    ("extension_request", "after_expiry", None, 0, {}, 51_000),  # §1.3 (single-source)
    ("appeal", "refusal", None, 2, {}, 60_500),  # §1.3 49,500 + 5,500 N (single-source)
    ("restoration", "patent", None, 0, {}, 212_100),  # §1.3
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
    # §1.1 worked example (INPIT FAQ 000161, N = 1, after 2022-04-01):
    # filing 14,000 + exam 142,000 + years 1–3 13,800 = 169,800.
    filing = jp_fixed_fee("filing", "national").amount
    exam = jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1)).amount
    years_1_3 = jp_annual_fee(1, 1, date(2025, 6, 2), exam_requested=date(2024, 5, 1), through=3).amount
    assert (filing, exam, years_1_3) == (14_000, 142_000, 13_800)
    assert filing + exam + years_1_3 == 169_800


def test_exam_fee_cut_over_by_filing_date_not_request_date():
    # §1.2/§1.7: the filing date (PCT: international filing date) selects the table.
    before = jp_exam_fee(1, date(2019, 3, 31), exam_requested=date(2020, 1, 1))
    assert before.amount == 122_000


def test_company_and_university_50_50_pay_three_quarters():
    # §1.5 joint applicants: "company (no reduction) + university (½) at 50/50 → ¾ of full fee".
    result = jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=COMPANY_UNIVERSITY)
    assert result.amount == 142_000 * 3 // 4 == 106_500
    parts = [line["part"] for line in result.breakdown if "owner" in line]
    assert parts == [71_000, 35_500]


def test_co_owner_sum_truncated_below_10_yen():
    # §1.5: Σ full × reduction × share, the sum rounded down to 10 yen.
    owners = owners_from_percentages([("university", Decimal("33.3")), ("company", Decimal("66.7"))])
    result = jp_exam_fee(3, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=owners)
    exact = Fraction(150_000) * (Fraction(333, 1000) / 2 + Fraction(667, 1000))  # 125,025
    assert result.amount == int(exact // 10 * 10) == 125_020


def test_reduced_annuity_truncated_per_year_then_multiplied():
    # §1.5 rounding of reduced annuities (ip-creation.com 2017): reduce one year, truncate, × years.
    # Years 4–6, N = 1: 11,100 × ¾ = 8,325 → 8,320 per year → 24,960 (not 24,970 from the total).
    result = jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, owners=COMPANY_UNIVERSITY, through=6)
    assert result.amount == 3 * 8_320 == 24_960
    assert [line["amount"] for line in result.breakdown if "truncated" in line["what"]] == [8_320] * 3


def test_university_pays_half_of_years_1_to_10_and_full_from_year_11():
    # §1.5: 特許料 years 1–10 × ½ (years 11+ full price).
    year10 = jp_annual_fee(10, 1, date(2030, 1, 1), exam_requested=NEW, owners=UNIVERSITY)
    year11 = jp_annual_fee(11, 1, date(2031, 1, 1), exam_requested=NEW, owners=UNIVERSITY)
    assert (year10.amount, year11.amount) == (32_000, 64_000)


def test_university_exam_fee_half():
    # §1.5: 審査請求料 × ½ for requests on/after 2019-04-01.
    assert (
        jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=UNIVERSITY).amount == 71_000
    )


def test_pre_2019_university_reduction_is_unconfirmed_and_not_applied():
    # §1.5: cases requested before 2019-04-01 "follow the pre-2019 rules" – not in the material.
    result = jp_exam_fee(1, date(2018, 5, 1), exam_requested=date(2018, 6, 1), owners=UNIVERSITY)
    assert result.amount == 122_000
    assert any("unconfirmed" in note for note in result.notes)


def test_sme_annuity_reduction_is_single_source():
    # §1.5: SMEs ½ (confirmed for the examination fee); the annuity years are single-source.
    sme = (Owner("sme", Fraction(1)),)
    assert jp_exam_fee(1, date(2024, 5, 1), exam_requested=date(2024, 5, 1), owners=sme).amount == 71_000
    annual = jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, owners=sme)
    assert (annual.amount, annual.status) == (5_550, "single-source")


def test_individual_and_company_pay_the_full_fee():
    for kind in ("individual", "company"):
        owners = (Owner(kind, Fraction(1)),)
        assert jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, owners=owners).amount == 11_100


def test_late_payment_doubles_the_annuity():
    # §1.3 割増特許料 equal to the annuity (INPIT FAQ 000217) → total 2×.
    assert jp_annual_fee(4, 1, date(2025, 6, 2), exam_requested=NEW, late=True).amount == 22_200


def test_payment_date_selects_the_2022_table_and_exam_date_the_legacy_table():
    # §1.7: payment date for the 2022 revision; exam request before 2004-04-01 keeps the old table.
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


# --- PCT fees collected by the JPO (§1.6) -----------------------------------------------------

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


def test_pct_university_reduction_for_japanese_language_applications():
    # §1.5: transmittal, search, preliminary exam ½; international filing and handling fee ½ from 2024-01-01.
    assert jp_pct_fee("pct_search", date(2024, 5, 1), owners=UNIVERSITY).amount == 71_500
    assert jp_pct_fee("pct_international_filing", date(2026, 2, 1), owners=UNIVERSITY).amount == 125_250
    assert jp_pct_fee("pct_international_filing", date(2023, 6, 1), owners=UNIVERSITY).amount == 190_300
    assert jp_pct_fee("pct_search", date(2024, 5, 1), language="en", owners=UNIVERSITY).amount == 169_000


# --- US maintenance (§3.3) and EP renewal (§3.4) ----------------------------------------------

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
    assert (result.amount, result.currency, result.status) == (expected, "USD", "single-source")


@pytest.mark.parametrize(("entity", "surcharge"), [("large", 540), ("small", 216), ("micro", 108)])
def test_us_grace_surcharge_row(entity, surcharge):
    late = us_maintenance_fee("3.5", date(2025, 6, 1), entity=entity, late=True)
    assert late.amount - us_maintenance_fee("3.5", date(2025, 6, 1), entity=entity).amount == surcharge


def test_us_previous_large_entity_amounts_are_unconfirmed():
    result = us_maintenance_fee("3.5", date(2024, 6, 1))
    assert (result.amount, result.status) == (Decimal(2000), "unconfirmed")


@pytest.mark.parametrize(
    ("year", "expected"),
    [(3, 690), (4, 845), (5, 1000), (6, 1155), (7, 1310), (8, 1465), (9, 1620), (10, 1775), (20, 1775)],
)
def test_ep_renewal_fee_row(year, expected):
    result = ep_renewal_fee(year, date(2024, 4, 1))
    assert (result.amount, result.currency) == (Decimal(expected), "EUR")


def test_ep_grace_surcharge_and_micro_entity():
    # §3.4: 50 % additional fee in the grace period; micro-entities (incl. universities) 30 % off.
    assert ep_renewal_fee(3, date(2025, 1, 1), late=True).amount == Decimal("1035.00")
    assert ep_renewal_fee(3, date(2025, 1, 1), micro_entity=True).amount == Decimal("483.00")
