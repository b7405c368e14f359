"""The docket API answers as its schema says (schemathesis found these mismatches)."""

import pytest
from jsonschema import Draft202012Validator

from kyoso.docket.models import Deadline
from kyoso.ip.models import Filing

pytestmark = pytest.mark.django_db


@pytest.fixture
def components(api):
    return api("ipoffice").get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]


def conforms(value, schema_name: str, components: dict) -> list[str]:
    """Errors of ``value`` against one schema component (references resolved within components)."""
    document = {"$ref": f"#/components/schemas/{schema_name}", "components": {"schemas": components}}
    return [error.message for error in Draft202012Validator(_openapi_nullable(document)).iter_errors(value)]


def _openapi_nullable(node):
    """OpenAPI 3.0's ``nullable: true`` in JSON Schema terms, so jsonschema can check it."""
    if isinstance(node, dict):
        node = {k: _openapi_nullable(v) for k, v in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [_openapi_nullable(v) for v in node]
    return node


def test_an_open_deadline_with_no_one_responsible_conforms(api, components):
    """Regression: ``completed_by`` and ``responsible`` are null on open deadlines; the schema said string."""
    deadline = Deadline.objects.filter(completed_by__isnull=True, responsible__isnull=True).order_by("pk").first()
    row = api("ipoffice").get(f"/api/deadlines/{deadline.pk}/").json()
    assert (row["completed_by"], row["responsible"]) == (None, None)
    assert conforms(row, "Deadline", components) == []


def test_fees_in_yen_are_integers_and_conform(api, components):
    """Regression: yen amounts are integers in the answer; the schema said string."""
    filing = Filing.objects.filter(office="JP", status="registered").order_by("pk").first()
    body = api("ipoffice").get(f"/api/filings/{filing.pk}/fees/").json()
    assert isinstance(body["fees"][0]["amount"], int)
    assert conforms(body, "FilingFees", components) == []
