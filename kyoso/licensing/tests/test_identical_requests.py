"""The same licence request filed twice is refused, naming the first; a decided one may be asked again."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kyoso.ip.models import Invention

from ..models import LicenceRequest
from ..services import committee_decide, submit_request
from .helpers import consortium, org, policy

pytestmark = pytest.mark.django_db


def ask(user, **extra):
    invention = Invention.objects.filter(consortium=consortium(), ip_kind="background",
                                         agreement__research_class="cooperative").order_by("pk").first()
    values = {"requester": org("Asahi Devices"), "invention": invention, "policy": policy("nagoya-hmhs"),
              "purpose": "business", "field": "sensor housings", "requested_on": date(2026, 11, 2), **extra}
    return submit_request(LicenceRequest(**values), user=user("ipoffice"))


def test_the_same_open_request_twice_is_refused(user):
    first = ask(user)
    assert first.status == "committee"  # background IP for business: the steering committee decides
    with pytest.raises(ValidationError) as caught:
        ask(user)
    assert caught.value.messages == [f"The same request is already open as {first.reference}; it was not filed twice."]
    assert LicenceRequest.objects.filter(field="sensor housings").count() == 1


def test_another_field_of_use_is_another_request(user):
    ask(user)
    ask(user, field="sensor housings for ships")
    assert LicenceRequest.objects.filter(field__startswith="sensor housings").count() == 2


def test_a_refused_request_may_be_asked_again(user):
    first = ask(user)
    committee_decide(first, approve=False, note="Not while the owner uses it.", user=user("ipoffice"))
    second = ask(user)
    assert second.reference != first.reference
    assert second.status == "committee"
