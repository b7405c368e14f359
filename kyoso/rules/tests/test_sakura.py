"""The Sakura Tool rules: the advisor's seed groupings (MEXT 2018-02-05 slides, さくらツールの利用例),
the three conditions, default term sets."""

import pytest

from kyoso.rules.sakura import (
    Answers,
    SakuraError,
    advise,
    check_conditions,
    check_terms,
    diff_terms,
    term_set,
    term_sets,
)


def test_university_contribution_and_foundational_result_recommend_types_0_to_3():
    assert advise(Answers("high", "low", "foundational")).types == ["0", "1", "2", "3"]


def test_company_contribution_and_competitive_domain_recommend_types_4_to_6():
    assert advise(Answers("low", "high", "competitive")).types == ["4", "5", "6"]


def test_co_owned_with_exclusivity_recommends_types_7_and_8_royalty_type_first():
    advice = advise(Answers("low", "low", "foundational", exclusive=True, co_owned=True))
    assert advice.types == ["7", "8"]
    assert [row["points"] for row in advice.recommended] == [4, 3]


def test_exclusivity_ranks_the_option_types_first_within_the_university_family():
    assert advise(Answers("high", "low", "foundational", exclusive=True)).types == ["2", "3", "0", "1"]


def test_no_clear_lead_falls_back_and_the_trace_says_why():
    advice = advise(Answers("low", "low", "competitive"))
    assert advice.types == ["0", "8"]
    first = advice.trace[0]
    assert first == {"rule": "university-foundational", "matched": False,
                     "because": "university_contribution is 'low', not 'high', domain is 'competitive', not 'foundational'"}


def test_every_type_has_a_full_checked_term_set_and_none_breaks_a_condition():
    assert list(term_sets()) == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "consortium"]
    for code, terms in term_sets().items():
        assert check_conditions(terms.terms) == [], code
    assert term_set("sakura-8").confirmed["ownership"] is True
    assert term_set("7").confirmed["royalty_percent"] is False


def test_the_three_conditions_are_flagged_with_their_reason():
    terms = dict(term_set("4").terms, university_research_use=False, practical_use_efforts=False,
                 publication_max_delay_days=400)
    breaches = check_conditions(terms)
    assert [b.condition for b in breaches] == ["future_research", "practical_use", "publication"]
    assert breaches[2].reason == "Publication may be delayed 400 days, longer than the 365 days kyoso accepts as an agreed period."
    assert [b.condition for b in check_conditions(dict(term_set("0").terms, publication_max_delay_days=None))] == ["publication"]


def test_co_owned_without_advance_consent_is_flagged_as_practical_use():
    terms = dict(term_set("7").terms, advance_consent_third_party=False)
    assert [b.condition for b in check_conditions(terms)] == ["practical_use"]


def test_diff_and_share_check():
    base = term_set("7").terms
    assert diff_terms(base, dict(base, university_share="2/3")) == [("university_share", "1/2", "2/3")]
    with pytest.raises(SakuraError, match="university_share"):
        check_terms(dict(base, university_share="3/2"))
