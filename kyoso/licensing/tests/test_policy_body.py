"""A policy's rules must be a JSON object: anything else is a 400 naming the field, not a 500."""

import pytest

from kyoso.licensing.models import LicensingPolicy

from .helpers import consortium

pytestmark = pytest.mark.django_db

MESSAGE = ["The rules must be a JSON object ({…}), not a list or a single value."]


@pytest.mark.parametrize(("body", "errors"), [
    ([], ["This field cannot be blank.", *MESSAGE]),
    ([1, 2], MESSAGE),
    ("rules", MESSAGE),
    (7, MESSAGE),
    (True, MESSAGE),
    (None, ["This field may not be null."]),
])
def test_a_licensing_policy_body_that_is_not_an_object_is_refused(api, body, errors):
    """Regression: the fuzzer's 4 server errors (``body.get`` on a list)."""
    before = LicensingPolicy.objects.count()
    response = api("ipoffice").post("/api/licensing-policies/", {
        "consortium": consortium().pk, "preset": "fuzzed", "version": 1, "effective_from": "2026-04-01",
        "title": "Fuzzed", "body": body}, format="json")
    assert response.status_code == 400
    assert response.json()["body"] == errors
    assert LicensingPolicy.objects.count() == before


def test_changing_a_policy_body_to_a_list_is_refused(api):
    policy = LicensingPolicy.objects.filter(consortium=consortium()).order_by("pk").first()
    response = api("ipoffice").patch(f"/api/licensing-policies/{policy.pk}/", {"body": ["a", "b"]}, format="json")
    assert response.status_code == 400
    assert response.json()["body"] == MESSAGE
