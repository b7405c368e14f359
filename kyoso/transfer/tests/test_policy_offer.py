"""The pool's policy decides what can be offered to an outsider."""

import copy
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kyoso.core.services import save_object
from kyoso.licensing.models import LicensingPolicy
from kyoso.parties.models import Organisation
from kyoso.transfer.models import Deal, Technology
from kyoso.transfer.services import rights_available, save_deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_only(user):
    """opera-demo adopts a newer policy: cooperative results are never licensed to outsiders."""
    current = LicensingPolicy.objects.filter(consortium__slug="opera-demo", active=True).order_by("-effective_from").first()
    body = copy.deepcopy(current.body)
    rule = next(r for r in body["rules"] if r["id"] == "hmhs-outsider")
    rule["decision"], rule["next"] = "refuse", "refused"
    return save_object(LicensingPolicy(consortium=current.consortium, preset=current.preset, version=current.version + 1,
                                       effective_from=date(2026, 11, 1), title="Members only", body=body), user=user("ipoffice"))


def test_an_outsider_is_refused_a_technology_the_policy_keeps_for_members(members_only, user):
    technology = Technology.objects.get(slug="photonic-interconnect")
    kiso = Organisation.objects.get(name="Kiso Robotics Co., Ltd.")  # not a member of opera-demo
    before = Deal.objects.count()
    with pytest.raises(ValidationError, match="does not allow offering"):
        save_deal(Deal(technology=technology, organisation=kiso, opened_on=date(2026, 11, 20)), user=user("cpo"))
    assert Deal.objects.count() == before
    asahi = Organisation.objects.get(name="Asahi Devices Corporation")  # a member: offered
    assert save_deal(Deal(technology=technology, organisation=asahi, opened_on=date(2026, 11, 20)), user=user("cpo")).pk
    rows = {(r.requester, r.exclusive): r for r in rights_available(technology)}
    assert rows["outsider", False].refused and rows["outsider", False].decisions == ("Refused",)
    # An exclusive licence is the steering committee's under every requester (its rule comes first).
    assert not rows["outsider", True].refused
    assert not rows["participant", False].refused


def test_without_the_new_policy_the_outsider_negotiates(user):
    technology = Technology.objects.get(slug="photonic-interconnect")
    kiso = Organisation.objects.get(name="Kiso Robotics Co., Ltd.")
    assert save_deal(Deal(technology=technology, organisation=kiso, opened_on=date(2026, 11, 20)), user=user("cpo")).stage == "lead"
