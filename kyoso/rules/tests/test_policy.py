"""Licensing policies: the Nagoya HMHS table cell by cell, Tohoku 知財Share classes, validation, CLI.

Source of the Nagoya cases: MEXT, 知的財産推進計画2017における産学連携施策の取組状況について
(2018-02-05), slide 名古屋大学(幹事機関) 人間機械協奏技術(HMHS)コンソーシアムにおける高度な
知財マネジメント (source ``mext-2018-nagoya-hmhs``, docs/sources.md):

    研究分類        協調共同研究(非競争領域)                       個別共同研究
    資金            JST-OPERA資金を使用                            民間企業100%
    出願等費用負担  企業との共願にかかる出願・維持費用に関しては、  各共同研究で設定
                    共有権利者である当該企業がこれを負担する        ※協調共同研究のルールと矛盾がないよう設定
    実施許諾  フォアグラウンド知財 ・コンソ内研究活動:参加機関には権利行使しない
                                   ・事業目的:参加機関には原則許諾
              バックグラウンド知財 ・コンソ内研究活動:権利者が容認可能な場合、参加機関には権利行使しない
                                   ・事業目的:可能であれば許諾(実施条件は運営委員会で協議、権利者はその結果を尊重)
"""

import copy
import json
import subprocess
import sys

import pytest

from kyoso.rules import policy_cli
from kyoso.rules.policy import (
    DECISIONS,
    NEXT_STEPS,
    Filing,
    PolicyError,
    Request,
    cost_burden,
    evaluate,
    list_presets,
    load_preset,
    policy_from_mapping,
)
from kyoso.rules.policy import _data_dir as policy_dir

NAGOYA_TABLE = [
    # (ip, purpose, decision, next, the table's words)
    (
        "foreground",
        "research",
        "no_assertion",
        "granted_automatically",
        "コンソ内研究活動:参加機関には権利行使しない",
    ),
    ("foreground", "business", "license_in_principle", "licensing_body", "事業目的:参加機関には原則許諾"),
    (
        "background",
        "research",
        "no_assertion_if_owner_accepts",
        "owner_consent",
        "コンソ内研究活動:権利者が容認可能な場合、参加機関には権利行使しない",
    ),
    (
        "background",
        "business",
        "license_if_possible_committee",
        "steering_committee",
        "事業目的:可能であれば許諾(実施条件は運営委員会で協議、権利者はその結果を尊重)",
    ),
]


@pytest.fixture(scope="module")
def nagoya():
    return load_preset("nagoya-hmhs")


@pytest.fixture(scope="module")
def tohoku():
    return load_preset("tohoku-share")


def raw(name):
    return json.loads(policy_dir().joinpath(f"{name}.json").read_text(encoding="utf-8"))


# -- Nagoya HMHS: the source table ---------------------------------------------------------------


@pytest.mark.parametrize(("ip", "purpose", "decision", "next_step", "cell"), NAGOYA_TABLE)
def test_cooperative_research_participant_gets_the_tables_decision(
    nagoya, ip, purpose, decision, next_step, cell
):
    """協調共同研究 × 実施許諾 row, one test per cell: the decision the source table gives."""
    result = evaluate(
        nagoya, Request(requester="participant", ip=ip, purpose=purpose, research="cooperative")
    )
    assert (result.decision, result.next) == (decision, next_step)
    assert result.rule == f"hmhs-{ip}-{purpose}"
    rule = next(r for r in nagoya.rules if r.id == result.rule)
    assert cell in rule.quote and rule.source == "mext-2018-nagoya-hmhs"  # the rule quotes the very cell it encodes


@pytest.mark.parametrize("requester", ["participant", "outsider"])
@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize(("ip", "purpose"), [(ip, purpose) for ip, purpose, *_ in NAGOYA_TABLE])
def test_individual_research_is_per_individual_agreement(nagoya, ip, purpose, requester, exclusive):
    """個別共同研究 column: 各共同研究で設定 (協調共同研究のルールと矛盾がないよう), 各大学等のポリシーを尊重."""
    result = evaluate(nagoya, Request(requester, ip, purpose, research="individual", exclusive=exclusive))
    assert (result.decision, result.rule, result.next) == (
        "per_individual_agreement",
        "hmhs-individual",
        "individual_negotiation",
    )


@pytest.mark.parametrize(("ip", "purpose"), [(ip, purpose) for ip, purpose, *_ in NAGOYA_TABLE])
def test_outsider_negotiates_individually(nagoya, ip, purpose):
    """Reading (policy 'readings'): the table's privileges are for 参加機関 only; outsiders are not refused."""
    result = evaluate(nagoya, Request("outsider", ip, purpose))
    assert (result.decision, result.rule, result.next) == (
        "per_individual_agreement",
        "hmhs-outsider",
        "individual_negotiation",
    )


@pytest.mark.parametrize("requester", ["participant", "outsider"])
@pytest.mark.parametrize(("ip", "purpose"), [(ip, purpose) for ip, purpose, *_ in NAGOYA_TABLE])
def test_exclusive_request_goes_to_the_steering_committee(nagoya, ip, purpose, requester):
    """Reading: exclusivity would defeat 参加機関には原則許諾, so the 運営委員会 decides."""
    result = evaluate(nagoya, Request(requester, ip, purpose, exclusive=True))
    assert (result.decision, result.rule, result.next) == (
        "license_if_possible_committee",
        "hmhs-exclusive",
        "steering_committee",
    )


def test_explanation_lists_the_facts_used_then_the_reason(nagoya):
    result = evaluate(nagoya, Request("participant", "background", "business"))
    assert result.explanation[:5] == (
        "research = cooperative: cooperative, non-competitive research (協調共同研究)",
        "requester = participant: a participating member (参加機関)",
        "ip = background: background IP, a member's own IP brought to the consortium (バックグラウンド知財)",
        "purpose = business: business purpose (事業目的)",
        "exclusive = no: a non-exclusive use is asked for",
    )
    assert "steering committee" in result.explanation[5]
    assert result.explanation[-1] == "Decided by rule hmhs-background-business of nagoya-hmhs v1."
    assert "運営委員会" in result.explanation_ja


def test_free_facts_do_not_change_the_nagoya_decision(nagoya):
    plain = evaluate(nagoya, Request("participant", "foreground", "business"))
    detailed = evaluate(
        nagoya,
        Request("participant", "foreground", "business", field="robotics", territory="JP", asset="JP2018-1"),
    )
    assert (detailed.decision, detailed.rule) == (plain.decision, plain.rule)


@pytest.mark.parametrize(
    ("research", "joint", "bearer"),
    [
        ("cooperative", True, "co_owner_company"),  # 企業との共願…共有権利者である当該企業がこれを負担する
        ("cooperative", False, "owner"),  # not in the table: reading
        ("individual", True, "per_individual_agreement"),  # 各共同研究で設定
        ("individual", False, "per_individual_agreement"),
    ],
)
@pytest.mark.parametrize("cost", ["filing", "maintenance"])
def test_nagoya_cost_burden(nagoya, research, joint, bearer, cost):
    """出願等費用負担 row of the table."""
    assert cost_burden(nagoya, Filing(research, joint, cost)).bearer == bearer


# -- Tohoku 知財Share ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share_class", "purpose", "exclusive", "decision", "next_step"),
    [
        ("A", "research", False, "no_assertion", "granted_automatically"),
        ("A", "business", False, "license_in_principle", "licensing_body"),  # 無償実施
        ("A", "business", True, "per_individual_agreement", "first_negotiation"),
        ("B", "research", False, "no_assertion", "granted_automatically"),
        ("B", "business", False, "license_in_principle", "licensing_body"),  # 安価実施
        ("B", "business", True, "per_individual_agreement", "individual_negotiation"),
        (None, "research", False, "per_individual_agreement", "individual_negotiation"),
        (None, "business", False, "per_individual_agreement", "individual_negotiation"),
    ],
)
def test_tohoku_share_decisions_follow_the_class(
    tohoku, share_class, purpose, exclusive, decision, next_step
):
    result = evaluate(
        tohoku,
        Request(
            "participant", "foreground", purpose, exclusive=exclusive, share_class=share_class, company="K"
        ),
    )
    assert (result.decision, result.next) == (decision, next_step)


def test_tohoku_share_explains_the_class_and_discount(tohoku):
    result = evaluate(tohoku, Request("participant", "foreground", "business", share_class="B"))
    assert result.rule == "share-business-discounted"
    assert "class B of tohoku-share grants discounted_business; royalty discount 50 %" in result.explanation


def test_tohoku_share_no_class_says_so(tohoku):
    result = evaluate(tohoku, Request("participant", "foreground", "research", company="K"))
    assert "company K has no usage-right class in tohoku-share" in result.explanation


@pytest.mark.parametrize(("requester", "ip"), [("outsider", "foreground"), ("participant", "background")])
def test_tohoku_share_outside_the_pool(tohoku, requester, ip):
    result = evaluate(tohoku, Request(requester, ip, "business", share_class="A"))
    assert result.decision == "per_individual_agreement"


def test_tohoku_share_costs_come_from_the_ip_fund(tohoku):
    """この増分の10%の間接経費で、知財の出願・維持費を確保."""
    assert cost_burden(tohoku, Filing("cooperative", True)).bearer == "ip_fund"


def test_unknown_class_is_an_error(tohoku):
    with pytest.raises(ValueError, match="unknown class 'Z'"):
        evaluate(tohoku, Request("participant", "foreground", "business", share_class="Z"))


# -- every preset, every case --------------------------------------------------------------------


@pytest.mark.parametrize("name", list_presets())
def test_presets_load_and_use_the_vocabulary(name):
    policy = load_preset(name)
    assert {r.decision for r in policy.rules} <= set(DECISIONS)
    assert {r.next for r in policy.rules} <= set(NEXT_STEPS)
    assert all(r.explanation and r.explanation_ja for r in policy.rules)


def test_presets_are_listed():
    assert {"nagoya-hmhs", "tohoku-share"} <= set(list_presets())


# -- validation ----------------------------------------------------------------------------------


def broken(mutate):
    data = copy.deepcopy(raw("nagoya-hmhs"))
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(colour="red"), r"unknown keys \['colour'\]"),
        (
            lambda d: d["rules"][3].update(decision="maybe"),
            r"hmhs-foreground-research\): unknown decision 'maybe'",
        ),
        (lambda d: d["rules"][3].update(next="pray"), "unknown next step 'pray'"),
        (lambda d: d["rules"][3]["when"].update(ip="forground"), "ip cannot be forground"),
        (lambda d: d["rules"][3]["when"].update(colour="red"), r"when: unknown keys \['colour'\]"),
        (lambda d: d["rules"][1]["when"].update(exclusive=1), "exclusive cannot be 1"),
        (lambda d: d["rules"][3]["when"].update(has_right="research_use"), "names no share_classes"),
        (
            lambda d: d["rules"].pop(),
            "no rule decides requester=participant, ip=background, purpose=business",
        ),
        (
            lambda d: d["rules"].insert(0, {**d["rules"][3], "id": "x", "when": {}}),
            "hmhs-individual is never reached",
        ),
        (lambda d: d["rules"].append(dict(d["rules"][0])), r"rule ids repeat: \['hmhs-individual'\]"),
        (lambda d: d["cost_burden"].pop(), "no cost rule decides research=individual"),
        (lambda d: d["cost_burden"][0].update(bearer="nobody"), "unknown bearer 'nobody'"),
        (lambda d: d.update(schema="kyoso.policy/9"), "schema must be"),
        (lambda d: d.pop("rules"), r"missing keys \['rules'\]"),
    ],
)
def test_invalid_policy_is_refused_with_a_clear_message(mutate, message):
    with pytest.raises(PolicyError, match=message):
        policy_from_mapping(broken(mutate))


@pytest.mark.parametrize("name", ["nope", "../settings", "Nagoya-HMHS"])
def test_unknown_preset(name):
    with pytest.raises(PolicyError, match="no policy preset"):
        load_preset(name)


def test_invalid_request():
    with pytest.raises(PolicyError, match="purpose must be one of research, business"):
        Request("participant", "foreground", "fun")


# -- CLI -----------------------------------------------------------------------------------------


def cli(*argv):
    lines = []
    status = policy_cli.main(list(argv), lines.append)
    return status, "\n".join(lines)


def test_cli_evaluate_json_contract():
    status, out = cli(
        "evaluate", "--preset", "nagoya-hmhs", "--ip", "foreground", "--purpose", "research",
        "--requester", "participant", "--research", "cooperative", "--json",
    )  # fmt: skip
    document = json.loads(out)
    assert status == 0
    assert list(document) == ["decision", "rule", "explanation", "next"]
    assert document["decision"] == "no_assertion"
    assert document["rule"] == "hmhs-foreground-research"
    assert document["next"] == "granted_automatically"
    assert isinstance(document["explanation"], list) and document["explanation"]


def test_cli_evaluate_exclusive_text():
    status, out = cli(
        "evaluate", "--preset", "nagoya-hmhs", "--ip", "foreground", "--purpose", "business",
        "--requester", "participant", "--exclusive",
    )  # fmt: skip
    assert status == 0
    assert out.startswith("Decision: license_if_possible_committee")
    assert "Next:     steering_committee" in out


def test_cli_list_and_show():
    assert cli("list")[1].splitlines()[0].startswith("nagoya-hmhs\t")
    status, out = cli("show", "nagoya-hmhs")
    assert status == 0 and "4. hmhs-foreground-research" in out and "Readings of the source:" in out
    assert json.loads(cli("show", "tohoku-share", "--json")[1])["share_classes"] == "tohoku-share"


def test_cli_errors_are_reported_not_raised(capsys):
    assert (
        cli(
            "evaluate",
            "--preset",
            "nope",
            "--ip",
            "foreground",
            "--purpose",
            "research",
            "--requester",
            "participant",
        )[0]
        == 2
    )
    assert "no policy preset 'nope'" in capsys.readouterr().err


def test_rules_layer_imports_no_django():
    code = "import sys, kyoso.rules.policy_cli, kyoso.rules.distribution; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"exclusive": 1}, "exclusive must be one of no, yes"), ({"field": 7}, "field must be a string")],
)
def test_request_facts_are_typed(kwargs, message):
    with pytest.raises(PolicyError, match=message):
        Request("participant", "foreground", "research", **kwargs)


def test_a_text_enum_member_counts_as_its_value():
    """Regression: a Django TextChoices member (a str subclass) was refused as "not one of"."""
    from enum import Enum

    class Research(str, Enum):  # noqa: UP042 — shaped like Django TextChoices on purpose
        COOPERATIVE = "cooperative"

    from kyoso.rules.policy import Filing

    assert Filing(research=Research.COOPERATIVE, joint_with_company=True).research == "cooperative"
