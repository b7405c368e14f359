"""Small look-ups into the demo world shared by the licensing tests."""

from kyoso.consortia.models import Consortium
from kyoso.parties.models import Organisation

from ..models import LicensingPolicy


def consortium():
    return Consortium.objects.get(slug="opera-demo")


def org(short_name: str) -> Organisation:
    return Organisation.objects.get(short_name=short_name)


def policy(preset: str) -> LicensingPolicy:
    return LicensingPolicy.objects.get(consortium=consortium(), preset=preset)
