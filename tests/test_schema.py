"""/api/schema/ is a valid OpenAPI 3 document that covers every API route."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

# Which HTTP method each viewset action answers, on the collection and on one record.
COLLECTION_ACTIONS = {"list": "get", "create": "post"}
RECORD_ACTIONS = {"retrieve": "get", "update": "put", "partial_update": "patch", "destroy": "delete"}


def _routers() -> list:
    """The router of every app API included under /api/."""
    from kyoso.urls import api_patterns

    routers = [getattr(getattr(pattern, "urlconf_module", None), "router", None) for pattern in api_patterns]
    return [router for router in routers if router is not None]


def _registered_routes() -> dict[str, type]:
    """Route prefix → viewset, for every router included under /api/."""
    return {prefix: viewset for router in _routers() for prefix, viewset, _name in router.registry}


def _alias_routes() -> dict[str, str]:
    """Old route prefix → its canonical prefix (kept answering, left out of the schema)."""
    return {old: new for router in _routers() for old, new in router.aliases.items()}


@pytest.fixture
def schema(api):
    response = api("company-a").get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on any violation of the OpenAPI specification


def test_schema_and_docs_need_a_login(db):
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code in {401, 403}  # DRF: 401 with a WWW-Authenticate scheme, else 403
    assert "paths" not in response.content.decode()
    docs = APIClient().get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/")


def test_generator_output_is_valid_and_complete():
    """drf-spectacular's own generator (what ``kyoso spectacular`` writes) gives the same paths."""
    from drf_spectacular.generators import SchemaGenerator

    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate(generated)
    assert {f"/api/{route}/" for route in _registered_routes()} <= set(generated["paths"])


@pytest.mark.parametrize("route", sorted(_registered_routes()))
def test_every_route_is_documented(schema, route):
    viewset = _registered_routes()[route]
    paths = schema["paths"]
    for actions, path in ((COLLECTION_ACTIONS, f"/api/{route}/"), (RECORD_ACTIONS, f"/api/{route}/{{id}}/")):
        answered = {
            method for action, method in actions.items()
            if hasattr(viewset, action) and method in viewset.http_method_names
        }
        if answered:
            assert answered <= set(paths[path]), path


def test_nested_owners_are_documented(schema):
    invention = schema["components"]["schemas"]["Invention"]["properties"]
    assert invention["owners"]["type"] == "array"
    assert "reference" in schema["components"]["schemas"]["Invention"].get("required", []) or invention["reference"]["readOnly"]


def test_list_filters_are_documented(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/filings/"]["get"]["parameters"]}
    assert {"office", "status", "page", "ordering"} <= parameters


def _api_url_paths() -> set[str]:
    """Every URL under /api/ (routers and plain views), written as OpenAPI paths."""
    import re

    from django.urls import URLPattern, URLResolver

    from kyoso.urls import api_patterns

    def walk(patterns, prefix):
        for pattern in patterns:
            route = str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                yield prefix + route

    paths = set()
    for url in walk(api_patterns, "/api/"):
        url = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", url)  # router regex groups
        url = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", url)  # path() converters
        paths.add(url.replace("{pk}", "{id}"))
    return paths


def test_every_api_url_is_in_the_schema(schema):
    aliases = tuple(f"/api/{old}/" for old in _alias_routes())
    missing = sorted(path for path in _api_url_paths() - set(schema["paths"]) if not path.startswith(aliases))
    assert not missing, f"undocumented API URLs: {missing}"


def test_old_routes_are_served_but_not_documented_twice(schema):
    aliases = _alias_routes()
    assert aliases["budget/projects"] == "grants"
    assert "/api/budget/projects/" in _api_url_paths()
    assert "/api/grants/" in schema["paths"]
    assert not [path for path in schema["paths"] if path.startswith(tuple(f"/api/{old}/" for old in aliases))]


def test_the_api_root_is_documented(schema):
    assert "get" in schema["paths"]["/api/"]

