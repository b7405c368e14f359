"""The OpenAPI document is generated without a single warning (every endpoint typed)."""

from django.core.management import call_command


def test_schema_generates_without_warnings(tmp_path):
    """Regression: an untyped fee endpoint and same-named enums gave warnings."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/filings/{id}/fees/" in (tmp_path / "schema.yml").read_text()
