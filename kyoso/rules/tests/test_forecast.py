"""The forecast kernel agrees with the reference rules (deadlines.py, fees.py) – the dates and
amounts it yields come from fees-and-deadlines.md §2.2 (JP annuities and examination request),
§3.3 (US maintenance) and §3.4 (EP renewal), checked here against those modules."""

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
        entity = "small" if all(o.kind in ("university", "sme", "individual") for o in owners) else "large"
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
    # §1.7: the payment date selects the table, so a window across 2022-04-01 mixes both.
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
