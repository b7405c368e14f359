"""The transfer pipeline's stage rules and funnel, worked by hand."""

from datetime import date
from decimal import Decimal

from kyoso.rules.pipeline import funnel, move_errors


def test_forward_moves_and_skips_are_allowed():
    assert move_errors("lead", "contacted") == []
    assert move_errors("lead", "nda") == []  # an NDA at the first meeting
    assert move_errors("evaluation", "term_sheet") == []


def test_backwards_same_and_closed_are_refused():
    assert move_errors("nda", "contacted") == ["backwards"]
    assert move_errors("nda", "nda") == ["same"]
    assert move_errors("won", "lost", reason="x") == ["closed"]
    assert move_errors("lost", "lead") == ["closed"]


def test_a_licence_only_after_a_term_sheet_and_with_the_licence():
    assert move_errors("term_sheet", "won", has_licence=True) == []
    assert move_errors("term_sheet", "won") == ["won_needs_licence"]
    assert move_errors("evaluation", "won", has_licence=True) == ["won_from_term_sheet"]


def test_a_lost_deal_needs_its_reason():
    assert move_errors("evaluation", "lost") == ["lost_needs_reason"]
    assert move_errors("evaluation", "lost", reason="   ") == ["lost_needs_reason"]
    assert move_errors("evaluation", "lost", reason="Chose a competitor") == []


def test_funnel_worked_by_hand():
    d = lambda m, day: date(2025, m, day)  # noqa: E731
    logs = [
        # A: every stage, won
        [("lead", d(4, 1)), ("contacted", d(4, 11)), ("nda", d(5, 1)), ("evaluation", d(6, 1)), ("term_sheet", d(7, 1)), ("won", d(8, 1))],
        # B: lost after being contacted
        [("lead", d(4, 1)), ("contacted", d(4, 21)), ("lost", d(5, 21))],
        # C: skipped "contacted" (an NDA at the first meeting), still in evaluation
        [("lead", d(4, 10)), ("nda", d(4, 20)), ("evaluation", d(5, 20))],
        # D: still a lead
        [("lead", d(5, 1))],
    ]
    rows = {row.stage: row for row in funnel(logs)}
    # reached: lead A B C D; contacted A B C (C passed it); nda A C; evaluation A C; term sheet A; won A
    assert [rows[s].reached for s in ("lead", "contacted", "nda", "evaluation", "term_sheet", "won")] == [4, 3, 2, 2, 1, 1]
    # conversion: 3/4, 2/3, 2/2, 1/2, 1/1, none after winning
    assert [rows[s].conversion for s in ("lead", "contacted", "nda", "evaluation", "term_sheet")] == [
        Decimal("75.0"), Decimal("66.7"), Decimal("100.0"), Decimal("50.0"), Decimal("100.0")]
    assert rows["won"].conversion is None
    # days: lead A 10, B 20, C 10 → 10; contacted A 20, B 30 → 25; nda A 31, C 30 → 30.5;
    # evaluation A 30 (C still in it) → 30; term sheet A 31
    assert [rows[s].median_days for s in ("lead", "contacted", "nda", "evaluation", "term_sheet", "won")] == [
        10.0, 25.0, 30.5, 30.0, 31.0, None]


def test_empty_funnel():
    assert [(r.reached, r.conversion, r.median_days) for r in funnel([])][0] == (0, None, None)
