"""Policies: every cell of the Nagoya HMHS table, decided through a licence request.

The table (MEXT 2018-02-05, Nagoya HMHS slide; see kyoso/rules/tests/test_policy.py):
foreground/background × research-in-consortium/business, for participants in cooperative
research; individual research is per individual agreement.
"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kyoso.core.services import save_object
from kyoso.ip.models import Invention

from ..models import LicenceRequest
from ..services import submit_request
from .helpers import consortium, org, policy

pytestmark = pytest.mark.django_db

NAGOYA_TABLE = [
    # (ip, purpose, decision, rule, next step, status, the table's words)
    ("foreground", "research", "no_assertion", "hmhs-foreground-research", "granted_automatically", "granted",
     "コンソ内研究活動:参加機関には権利行使しない"),
    ("foreground", "business", "license_in_principle", "hmhs-foreground-business", "licensing_body", "negotiation",
     "事業目的:参加機関には原則許諾"),
    ("background", "research", "no_assertion_if_owner_accepts", "hmhs-background-research", "owner_consent", "negotiation",
     "コンソ内研究活動:権利者が容認可能な場合、参加機関には権利行使しない"),
    ("background", "business", "license_if_possible_committee", "hmhs-background-business", "steering_committee", "committee",
     "事業目的:可能であれば許諾(実施条件は運営委員会で協議、権利者はその結果を尊重)"),
]


def pooled(ip_kind, research="cooperative"):
    return Invention.objects.filter(consortium=consortium(), ip_kind=ip_kind, agreement__research_class=research).first()


def ask(user, requester, invention, preset="nagoya-hmhs", purpose="business", **extra):
    return submit_request(LicenceRequest(requester=org(requester), invention=invention, policy=policy(preset), purpose=purpose,
                                         requested_on=date(2026, 5, 1), **extra), user=user)


@pytest.mark.parametrize(("ip", "purpose", "decision", "rule", "next_step", "status", "words"), NAGOYA_TABLE)
def test_every_cell_of_the_nagoya_table(user, login, ip, purpose, decision, rule, next_step, status, words):
    request = ask(user("company-a"), "Asahi Devices", pooled(ip), purpose=purpose)
    assert (request.decision, request.rule, request.next_step, request.status) == (decision, rule, next_step, status)
    assert request.facts == {**request.facts, "requester": "participant", "ip": ip, "purpose": purpose, "research": "cooperative"}
    assert request.explanation[-1] == f"Decided by rule {rule} of nagoya-hmhs v1."
    deciding = next(r for r in request.policy.as_rules().rules if r.id == rule)
    assert words in deciding.quote and deciding.source == "mext-2018-nagoya-hmhs"  # the rule quotes the cell it encodes
    page = login("company-a").get(request.get_absolute_url()).content.decode()
    assert rule in page and request.get_next_step_display() in page


def test_individual_research_is_per_individual_agreement(user):
    request = ask(user("ipoffice"), "Asahi Devices", pooled("foreground", "individual"))
    assert (request.decision, request.rule, request.next_step) == ("per_individual_agreement", "hmhs-individual", "individual_negotiation")


def test_outsider_and_exclusive_requests(user):
    outsider = ask(user("ipoffice"), "Global Photonics", pooled("foreground"))
    assert (outsider.rule, outsider.facts["requester"]) == ("hmhs-outsider", "outsider")
    exclusive = ask(user("company-b"), "Boso Motors", pooled("foreground"), exclusive=True)
    assert (exclusive.rule, exclusive.status) == ("hmhs-exclusive", "committee")


def test_tohoku_share_uses_the_requesters_class(user):
    """Fuji is in class B: business use of pooled foreground IP at the discounted royalty."""
    request = ask(user("ipoffice"), "Fuji Mobility", pooled("foreground"), preset="tohoku-share")
    assert (request.rule, request.facts["share_class"]) == ("share-business-discounted", "B")
    assert any("royalty discount 50 %" in line for line in request.explanation)


def test_a_company_cannot_ask_in_another_companys_name(user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ask(user("company-a"), "Boso Motors", pooled("foreground"))


def test_a_policy_that_cannot_decide_every_case_is_not_stored(user):
    broken = policy("nagoya-hmhs")
    broken.pk, broken.version = None, 2
    broken.body = {**broken.body, "rules": broken.body["rules"][:2]}
    with pytest.raises(ValidationError, match="no rule decides"):
        save_object(broken, user=user("ipoffice"))


def test_ask_form_on_the_policy_page(login):
    url = policy("nagoya-hmhs").get_absolute_url()
    page = login("company-a").get(url, {"requester": "participant", "ip": "background", "purpose": "business",
                                        "research": "cooperative"}).content.decode()
    assert "hmhs-background-business" in page and "運営委員会" in page


@pytest.mark.parametrize(("ip", "purpose", "decision", "rule", "next_step", "status", "words"), NAGOYA_TABLE)
def test_cli_policy_evaluate_json_contract(ip, purpose, decision, rule, next_step, status, words):
    out = StringIO()
    call_command("policy", "evaluate", "--preset", "nagoya-hmhs", "--ip", ip, "--purpose", purpose,
                 "--requester", "participant", "--research", "cooperative", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert set(document) == {"decision", "rule", "explanation", "next"}
    assert (document["decision"], document["rule"], document["next"]) == (decision, rule, next_step)
    assert rule in document["explanation"][-1]


def test_cli_policy_evaluate_exclusive():
    out = StringIO()
    call_command("policy", "evaluate", "--preset", "nagoya-hmhs", "--ip", "foreground", "--purpose", "business",
                 "--requester", "participant", "--research", "cooperative", "--exclusive", "--json", stdout=out)
    assert json.loads(out.getvalue())["next"] == "steering_committee"
