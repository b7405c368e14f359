"""The REST API as a client program meets it: CRUD, validation messages, tokens, paging, filters."""

from __future__ import annotations

from fractions import Fraction

import pytest
from rest_framework.test import APIClient

from .expected import ASAHI, BOSO, LEAD_UNIVERSITY, api_results


@pytest.fixture
def orgs(db):
    from kyoso.parties.models import Organisation

    return {o.name: o for o in Organisation.objects.all()}


def _invention_payload(orgs, owners: dict[str, int], **extra) -> dict:
    from kyoso.consortia.models import Consortium
    from kyoso.parties.models import Person

    endo = Person.objects.get(family_name="Endo")
    return {
        "title": "Self-healing MTJ stack",
        "disclosed_on": "2025-05-12",
        "consortium": Consortium.objects.get(slug="opera-demo").pk,
        "owners": [{"organisation": orgs[name].pk, "share": str(share)} for name, share in owners.items()],
        "inventors": [{"person": endo.pk, "contribution": "100"}],
        **extra,
    }


def test_ipoffice_creates_an_invention_with_owners_and_inventors(api, orgs):
    from kyoso.ip.models import Invention

    response = api("ipoffice").post(
        "/api/inventions/", _invention_payload(orgs, {LEAD_UNIVERSITY: 60, ASAHI: 40}), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("INV-2025-")
    invention = Invention.objects.get(pk=body["id"])
    assert {o.organisation.name: o.share for o in invention.owners.all()} == {
        LEAD_UNIVERSITY: Fraction(3, 5), ASAHI: Fraction(2, 5)}
    assert invention.families.count() == 1  # a new invention gets its first patent family
    assert invention.inventors.get().person.family_name == "Endo"


def test_owner_shares_totalling_90_are_refused_with_the_reason(api, orgs):
    from kyoso.ip.models import Invention

    before = Invention.objects.count()
    response = api("ipoffice").post(
        "/api/inventions/", _invention_payload(orgs, {LEAD_UNIVERSITY: 50, ASAHI: 40}), format="json"
    )
    assert response.status_code == 400
    assert "Owner shares must total 100% (now 90" in str(response.json())
    assert Invention.objects.count() == before  # nothing half-saved


def test_ipoffice_reads_updates_and_deletes_an_invention(api, orgs):
    client = api("ipoffice")
    created = client.post("/api/inventions/", _invention_payload(orgs, {LEAD_UNIVERSITY: 100}), format="json").json()
    url = f"/api/inventions/{created['id']}/"

    assert client.get(url).json()["title"] == "Self-healing MTJ stack"
    changed = client.patch(url, {"title": "Self-healing MTJ stack, v2", "owners": [
        {"organisation": orgs[LEAD_UNIVERSITY].pk, "share": "50"}, {"organisation": orgs[ASAHI].pk, "share": "50"},
    ]}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Self-healing MTJ stack, v2"
    assert [(o["share"], o["percent"]) for o in changed.json()["owners"]] == [("1/2", "50"), ("1/2", "50")]

    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_a_filing_with_a_malformed_jp_number_names_the_field(api):
    from kyoso.ip.models import Family, Filing

    family = Family.objects.order_by("pk").first()
    before = Filing.objects.count()
    response = api("ipoffice").post("/api/filings/", {
        "family": family.pk, "office": "JP", "kind": "national", "status": "filed",
        "application_number": "JP-12345", "filing_date": "2025-06-01",
    }, format="json")
    assert response.status_code == 400
    assert "application_number" in response.json()
    assert "JP-12345" in response.json()["application_number"][0]
    assert Filing.objects.count() == before


def test_a_contribution_gets_its_derived_amounts(api, orgs):
    from kyoso.agreements.models import Agreement

    agreement = Agreement.objects.get(number="IND-2023-014")  # 20 % indirect, 10 points for IP
    response = api("ipoffice").post("/api/contributions/", {
        "agreement": agreement.pk, "contributor": orgs[ASAHI].pk, "fiscal_year": 2025, "kind": "cash",
        # FY2025's company-funded cash is recorded already (one per year, kind and source); this is another source.
        "source": "other", "direct_amount": 1_000_000,
    }, format="json")
    assert response.status_code == 201, response.content
    # The earmark is on the companies' joint-research money (source "company"); "other" money
    # carries the agreement's indirect rate and no earmark (funding/contribution_rates.csv).
    assert (response.json()["indirect_amount"], response.json()["ip_amount"]) == (200_000, 0)


def test_token_authentication(user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=user("company-a"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/contributions/")
    assert response.status_code == 200
    assert response.json()["count"] > 0
    assert {row["contributor"] for row in response.json()["results"]} == {token.user.profile.organisation_id}

    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/contributions/").status_code in (401, 403)


@pytest.mark.parametrize("url", ["/api/inventions/", "/api/contributions/", "/api/organisations/1/"])
def test_anonymous_callers_are_refused(db, url):
    client = APIClient()
    assert client.get(url).status_code in (401, 403)
    assert client.post(url, {}, format="json").status_code in (401, 403)


def test_pagination_pages_through_every_row(api):
    from kyoso.ip.models import Filing

    client = api("ipoffice")
    first = client.get("/api/filings/").json()
    assert first["count"] == Filing.objects.count() > 50
    assert len(first["results"]) == 50 and first["next"] and first["previous"] is None
    everything = api_results(client, "/api/filings/")
    assert len({row["id"] for row in everything}) == Filing.objects.count()


@pytest.mark.parametrize(
    "url, query, check",
    [
        ("/api/filings/", {"office": "JP"}, lambda row: row["office"] == "JP"),
        ("/api/contributions/", {"fiscal_year": 2024}, lambda row: row["fiscal_year"] == 2024),
        ("/api/inventions/", {"confidential": "false"}, lambda row: row["confidential"] is False),
        ("/api/organisations/", {"kind": "company"}, lambda row: row["kind"] == "company"),
        ("/api/agreements/", {"kind": "bilateral"}, lambda row: row["kind"] == "bilateral"),
    ],
)
def test_filters_narrow_the_list(api, url, query, check):
    client = api("ipoffice")
    everything = api_results(client, url)
    filtered = api_results(client, url + "?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert filtered and all(check(row) for row in filtered)
    assert len(filtered) == sum(1 for row in everything if check(row)) < len(everything)


def test_filters_never_widen_a_companys_view(api, orgs):
    """Filtering company-a's money by Boso Motors gives nothing, not Boso's money."""
    client = api("company-a")
    response = client.get("/api/contributions/", {"contributor": orgs[BOSO].pk})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_ordering(api):
    rows = api_results(api("ipoffice"), "/api/contributions/?ordering=-direct_amount")
    amounts = [row["direct_amount"] for row in rows]
    assert amounts == sorted(amounts, reverse=True)


# The API root and the routes named after the models (old routes kept as aliases).

#: Every route under /api/, named after its model: plural and hyphenated.
CANONICAL_ROUTES = {
    "organisations", "people", "affiliations",
    "consortia", "memberships", "research-areas", "research-topics",
    "contract-types", "agreements", "agreement-parties", "contributions",
    "inventions", "families", "filings", "change-proposals",
    "share-class-schemes", "share-classes", "company-class-assignments", "licensing-policies", "licence-requests",
    "licences", "royalty-terms", "royalty-reports", "invoices", "distribution-runs", "statement-lines",
    "grants", "costs", "ledger-entries",
    "review-rounds", "review-items", "member-votes",
    "deadlines",
    "technologies", "deals", "deal-agreements",
    "applications", "awards", "duties",
    "documents",
}


def test_api_root_lists_every_endpoint_by_its_models_name(api):
    response = api("company-a").get("/api/")
    assert response.status_code == 200
    endpoints = response.json()
    assert set(endpoints) == CANONICAL_ROUTES
    assert endpoints["grants"] == "http://testserver/api/grants/"
    assert endpoints["inventions"] == "http://testserver/api/inventions/"
    assert endpoints["ledger-entries"] == "http://testserver/api/ledger-entries/"


def test_api_root_answers_a_token_and_refuses_anonymous_callers(user):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    assert client.get("/api/").status_code == 403
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user('auditor')).key}")
    response = client.get("/api/")
    assert response.status_code == 200
    assert "review-rounds" in response.json()


@pytest.mark.parametrize("old, new", [
    ("budget/projects", "grants"),
    ("budget/costs", "costs"),
    ("budget/ledger", "ledger-entries"),
    ("licensing/licences", "licences"),
    ("licensing/share-schemes", "share-class-schemes"),
    ("portfolio/rounds", "review-rounds"),
    ("portfolio/rights", "review-items"),
])
def test_an_old_route_answers_the_same_as_its_new_name(api, old, new):
    client = api("ipoffice")
    rows = api_results(client, f"/api/{new}/")
    assert rows, f"/api/{new}/ is empty in the demo: the comparison would prove nothing"
    assert api_results(client, f"/api/{old}/") == rows
    first = rows[0]["id"]
    assert client.get(f"/api/{old}/{first}/").json() == client.get(f"/api/{new}/{first}/").json()


def test_an_old_route_keeps_the_callers_scope(api):
    """A company reads the same (its own) ledger lines under either name, not more."""
    client = api("company-a")
    assert api_results(client, "/api/budget/ledger/") == api_results(client, "/api/ledger-entries/")


def test_every_api_list_caps_its_count_and_pages_on(api, monkeypatch):
    """Lists page with the capped count by default (deadlines were counted in full: seconds at
    national scale): beyond the cap, ``count`` is null and ``next`` still leads on."""
    from kyoso.core.views import CappedCountPaginator

    client = api("ipoffice")
    total = client.get("/api/deadlines/").json()["count"]
    assert total > 3
    monkeypatch.setattr(CappedCountPaginator, "cap", 2)
    page = client.get("/api/deadlines/").json()
    assert page["count"] is None
    assert page["next"] is not None


@pytest.mark.parametrize("persona", ["company-a", "company-b"])
def test_a_company_api_deadline_count_is_what_it_may_see(api, user, persona):
    """The API's count of a company's deadlines reads the counting shape (``counted_for``) and
    finds as many as the rows it lists, filters included."""
    from kyoso.docket.models import Deadline

    client = api(persona)
    for query, rows in (("", Deadline.objects.for_user(user(persona))),
                        ("?state=open", Deadline.objects.for_user(user(persona)).filter(state="open"))):
        assert client.get(f"/api/deadlines/{query}").json()["count"] == rows.count() > 0
