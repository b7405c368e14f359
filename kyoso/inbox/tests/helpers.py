"""Requests, rounds and deadlines made through the services, in both demo consortia."""

from datetime import date

from kyoso.consortia.models import Consortium
from kyoso.ip.models import Invention
from kyoso.licensing.models import LicenceRequest, LicensingPolicy
from kyoso.parties.models import Organisation


def consortium(slug: str) -> Consortium:
    return Consortium.objects.get(slug=slug)


def org(short_name: str) -> Organisation:
    return Organisation.objects.get(short_name=short_name)


def committee_request(slug: str, requester: str, user, *, field: str = "robot grippers"):
    """An exclusive business licence under the consortium's nagoya-hmhs policy: the committee decides."""
    from kyoso.licensing.services import submit_request

    where = consortium(slug)
    invention = Invention.objects.filter(consortium=where, confidential=False).order_by("pk").first()
    policy = LicensingPolicy.objects.filter(consortium=where, preset="nagoya-hmhs").order_by("pk").first()
    request = submit_request(LicenceRequest(
        requester=org(requester), invention=invention, policy=policy, purpose="business", exclusive=True,
        field=field, requested_on=date(2026, 11, 20)), user=user)
    assert request.status == "committee", (request.rule, request.status)
    return request
