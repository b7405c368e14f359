"""The forecast kernel agrees with the reference rules (deadlines.py, fees.py): the JP annuities
and examination request, US maintenance and EP renewal it yields are checked against those
modules, and the filing's facts (who searched, US entity status) change its amounts."""

from datetime import date
from fractions import Fraction

from kyoso.rules.bench_forecast import synthetic_filings
from kyoso.rules.deadlines import ep_deadlines, jp_deadlines, us_deadlines
from kyoso.rules.fees import ep_renewal_fee, jp_annual_fee, jp_exam_fee, us_maintenance_fee
from kyoso.rules.forecast import forecast
from kyoso.rules.owners import Owner

START, END = date(2026, 4, 1), date(2036, 4, 1)


def _owners(pairs):
    return tuple(Owner(kind, Fraction(percent, 100)) for kind, percent in pairs) if pairs else None


def _reference(filing):
    """What the one-filing-at-a-time rules say the filing owes in the window."""
    ref, office, filed, registered, exam_requested, claims, pairs = filing
    owners = _owners(pairs) or (Owner("company", Fraction(1)),)
    out = []
    if office == "JP" and registered:
        for d in jp_deadlines(filed, registered=registered):
            if d.kind == "annuity" and START <= d.due < END:
                fee = jp_annual_fee(d.year, claims, d.due, exam_requested=exam_requested, owners=owners)
                out.append((ref, d.due, "annuity", fee.amount))
    elif office == "JP" and exam_requested is None:
        [d] = [d for d in jp_deadlines(filed) if d.kind == "exam_request"]
        if START <= d.due < END:
            out.append((ref, d.due, "exam_request", jp_exam_fee(claims, filed, owners=owners).amount))
    elif office == "US" and registered:
        entity = "small" if all(o.kind in ("university", "sme", "small_startup", "approved_tlo", "individual")
                                for o in owners) else "large"
        stages = iter(("3.5", "7.5", "11.5"))
        for d in us_deadlines(registered):
            if d.kind == "us_maintenance":
                stage = next(stages)
                if START <= d.due < END:
                    out.append(
                        (ref, d.due, "us_maintenance", us_maintenance_fee(stage, d.due, entity=entity).amount)
                    )
    elif office == "EP" and not registered:
        for d in ep_deadlines(filed):
            if d.kind == "ep_renewal" and START <= d.due < END:
                out.append((ref, d.due, "ep_renewal", ep_renewal_fee(d.year, d.due).amount))
    return out


def test_forecast_matches_the_reference_rules_on_a_mixed_portfolio():
    filings = synthetic_filings(400, seed=7)
    expected = sorted(item for filing in filings for item in _reference(filing))
    assert sorted(forecast(filings, START, 10)) == expected
    assert {kind for _, _, kind, _ in expected} == {"annuity", "exam_request", "us_maintenance", "ep_renewal"}


def test_forecast_window_crossing_the_2022_annuity_table():
    # JPO 2022 revision: the payment date selects the table, so a window across 2022-04-01 mixes both.
    filing = ("p", "JP", date(2010, 3, 1), date(2014, 3, 10), date(2011, 1, 5), 1, None)
    got = list(forecast([filing], date(2022, 1, 1), 2))
    # year 9 paid before 2022-04-01: 19,300 + 1,500; year 10 after: 59,400 + 4,600 (§1.1).
    assert got == [("p", date(2022, 3, 10), "annuity", 20_800), ("p", date(2023, 3, 10), "annuity", 64_000)]


def test_annuities_stop_at_expiry_and_rolled_dates_are_used():
    # Registration 2003-04-29: year 4 due Sat 2006-04-29 → 2006-05-01 (§2.1 INPIT example).
    filing = ("q", "JP", date(2001, 12, 3), date(2003, 4, 29), date(2002, 1, 10), 1, (("university", 100),))
    got = list(forecast([filing], date(2006, 1, 1), 30))
    assert got[0][:3] == ("q", date(2006, 5, 1), "annuity")
    assert got[-1][1] < date(2021, 12, 3) and len(got) == 16  # years 4..19; expiry 2021-12-03


def test_exam_request_forecast_uses_who_searched():
    # A JP national phase whose international filing date is 2025-06-10, 10 claims, no request
    # yet: due 2028-06-12 (2028-06-10 is a Saturday). JPO 2019 revision, by who searched:
    # none 138,000 + 4,000 × 10 = 178,000; JPO as ISA 83,000 + 2,400 × 10 = 107,000;
    # another ISA 124,000 + 3,600 × 10 = 160,000; registered search organisation 110,000 + 3,200 × 10 = 142,000.
    def owed(*variant):
        filing = ("x", "JP", date(2025, 6, 10), None, None, 10, None, *variant)
        return [amount for _ref, _due, _kind, amount in forecast([filing], date(2026, 1, 1), 5)]

    assert owed() == [178_000]
    assert owed("jpo_isr") == [107_000]
    assert owed("other_isa") == [160_000]
    assert owed("search_organisation") == [142_000]


def test_us_forecast_uses_the_entity_status_it_is_given():
    # Granted 2024-01-09, university owner: derived small 860 USD at 3.5 years (2027-07-09);
    # licensed to a large company, the caller passes "large": 2,150 USD.
    university = (("university", 100),)
    small = list(forecast([("x", "US", date(2022, 1, 1), date(2024, 1, 9), None, 5, university)], START, 2))
    large = list(forecast([("x", "US", date(2022, 1, 1), date(2024, 1, 9), None, 5, university, "large")], START, 2))
    assert [a for *_, a in small] == [860] and [a for *_, a in large] == [2150]
