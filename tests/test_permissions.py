"""The scoping matrix: every persona × every model × list, detail, add, edit, delete, API, export, import.

What each persona *should* see, change, create and delete comes from ``tests/expected.py`` (the
rules restated in plain Python over the demo's two consortia); what they *do* see is read from the
pages, the API and the exports: record links in list tables, ids in API results, key columns in CSV
and XLSX files. Parameters come from the oracle's tables, so no pair is skipped: a persona that may
change some record of a model gets the round-trip tests, every persona the refusal tests.
"""

from __future__ import annotations

import html
import io
from collections import Counter

import pytest
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.urls import reverse

from .expected import (
    ASAHI,
    BOSO,
    CREATORS,
    MODELS,
    NOT_DELETED_BY,
    PERSONAS,
    REFUSED_IN_STATE,
    SPECS,
    TRAINING,
    WRITES,
    api_results,
    csv_rows,
    linked_ids,
    table_rows,
    xlsx_rows,
)

SAMPLE = 3  # records per (persona, model) opened one by one: the first, the last and one between

XFAIL: dict = {}  # (test, persona, model) → a mark; empty: the code meets the oracle everywhere


def _sample(ids, n: int = SAMPLE) -> list[int]:
    ordered = sorted(ids)
    if len(ordered) <= n or n == 1:
        return ordered[:n]
    step = (len(ordered) - 1) / (n - 1)
    return sorted({ordered[round(i * step)] for i in range(n)})


def _url(spec, action: str, *args) -> str:
    return reverse(spec.url_name(action), args=args)


def _api_url(spec, pk=None) -> str:
    return f"/api/{spec.api}/" + (f"{pk}/" if pk is not None else "")


def _pairs(test: str, *, web: str | None = None, api: bool = False, nested: bool = False, api_method: str | None = None,
           writes: bool | None = None, deletes: bool = False):
    """(persona, spec) parameters for the models that offer ``web`` pages or an API route.

    ``writes=True`` keeps the personas that may change some record of the model (:data:`WRITES`),
    ``writes=False`` the others; ``deletes`` those that may also delete.
    """
    params = []
    for spec in MODELS:
        if web is not None and web not in spec.web:
            continue
        if api and not (spec.api or (nested and spec.nested_in)):
            continue
        if api_method is not None and api_method not in spec.api_methods:
            continue
        for persona in PERSONAS:
            may_write = spec.name in WRITES[persona]
            if writes is not None and may_write != writes:
                continue
            if deletes and (persona, spec.name) in NOT_DELETED_BY:
                continue
            marks = XFAIL.get((test, persona, spec.name), ())
            params.append(pytest.param(persona, spec, id=f"{persona}-{spec}", marks=marks))
    return pytest.mark.parametrize("persona, spec", params)


def _history_count(spec, pk) -> int:
    history = getattr(spec.model, "history", None)
    return history.filter(id=pk).count() if history is not None else 0


def _refusal(persona: str, spec, method: str) -> int:
    """The status the API answers a write it refuses: 403 when the role may not write this kind at all
    (or create, for POST), 405 when the route is read-only, 404 when the row is outside the writer's reach."""
    allowed = spec.name in CREATORS[persona] if method == "post" else spec.name in WRITES[persona]
    if not allowed:
        return 403
    if method not in spec.api_methods:
        return 405
    return 404


def _protected(obj) -> bool:
    """Would deleting ``obj`` hit a PROTECT reference (Django's own collector, not the code under test)?"""
    try:
        Collector(using="default").collect([obj])
    except ProtectedError:
        return True
    return False


# -- the oracle's own consistency: every (persona, model) pair is tested one way or the other ----------


@pytest.mark.parametrize("persona", PERSONAS)
def test_writes_names_exactly_the_models_with_changeable_records(persona, expected):
    """The parametrisation below splits pairs by :data:`WRITES`; the demo must give each writer rows."""
    changes_some = {spec.name for spec in MODELS if expected.changeable[persona, spec.name]}
    assert changes_some == WRITES[persona]


def test_every_model_has_rows_in_both_consortia(expected):
    for name, consortia in expected.consortium_of.items():
        if any(slug is not None for slug in consortia.values()):
            assert {"opera-demo", "opera-second"} <= set(consortia.values()), name


# -- one rule per model: the queryset itself --------------------------------------------------------


@_pairs("queryset")
def test_querysets_are_the_rule(persona, spec, user, expected):
    """``for_user`` view and change, and ``may_create``, against the oracle."""
    seen = set(spec.model.objects.for_user(user(persona), "view").values_list("pk", flat=True))
    assert seen == expected.visible[persona, spec.name]
    changeable = set(spec.model.objects.for_user(user(persona), "change").values_list("pk", flat=True))
    assert changeable == expected.changeable[persona, spec.name]
    assert spec.model.objects.get_queryset().may_create(user(persona)) == expected.may_create(persona, spec.name)


OTHER_CONSORTIUM = {"cpo": "opera-second", "company-a": "opera-second", "cpo-2": "opera-demo", "company-c": "opera-demo"}


@pytest.mark.parametrize("persona", list(OTHER_CONSORTIUM))
@pytest.mark.parametrize("spec", [s for s in MODELS if s.name not in {
    "Organisation", "Person", "Affiliation", "ContractType", "CompensationPolicy", *TRAINING}], ids=str)
def test_nothing_of_the_other_consortium(persona, spec, user, expected):
    """Neither CPO nor a member of one consortium only reads or changes a row of the other."""
    other = OTHER_CONSORTIUM[persona]
    theirs = {pk for pk, slug in expected.consortium_of[spec.name].items() if slug == other}
    assert theirs, f"the demo should hold {spec} rows in {other}"
    for action in ("view", "change"):
        reached = set(spec.model.objects.for_user(user(persona), action).values_list("pk", flat=True))
        assert not reached & theirs, action


# -- web UI -------------------------------------------------------------------------------------------


def _list_links(spec, objects) -> Counter:
    """The links a list page shows for ``objects``: the record itself, or (for money) its contributor."""
    if spec.name == "Contribution":
        return Counter(c.contributor.pk for c in objects)
    return Counter(o.pk for o in objects)


# Lists that open on a narrower default view: the query that shows every row.
EVERYTHING = {"Deadline": {"window": "all"}}
PAGE = 100  # rows on the page checked; the exports hold every row
XLSX_UP_TO = 150  # larger exports are checked as CSV only (the same rows, a slower writer)


@_pairs("list", web="list")
def test_list_page_and_exports_show_exactly_the_visible_rows(persona, spec, login, expected):
    web = login(persona)
    everything = EVERYTHING.get(spec.name, {})
    ids = expected.visible[persona, spec.name]
    visible = spec.model._base_manager.filter(pk__in=ids)
    response = web.get(_url(spec, "list"), {"per_page": PAGE, **everything})
    assert response.status_code == 200
    rows = table_rows(response)
    assert len(rows) == min(len(ids), PAGE)
    if spec.name == "Contribution":  # money rows link to their contributor
        shown = linked_ids("".join(rows), _url(SPECS["Organisation"], "detail", 0))
        assert Counter(shown) == _list_links(spec, visible)
    elif "detail" in spec.web:
        shown = set(linked_ids("".join(rows), _url(spec, "detail", 0)))
        assert shown <= ids and len(shown) == len(rows)
    formats = ("csv", "xlsx") if len(ids) <= XLSX_UP_TO else ("csv",)
    for export_format in formats:
        exported = web.get(_url(spec, "list"), {"export": export_format, **everything})
        assert exported.status_code == 200
        exported_rows = csv_rows(exported) if export_format == "csv" else xlsx_rows(exported)
        assert len(exported_rows) == len(ids), export_format
        if spec.key is not None:
            keys = Counter(tuple(row[i] for i in spec.key_columns) for row in exported_rows)
            assert keys == Counter(spec.key(obj) for obj in visible), export_format


@_pairs("detail", web="detail")
def test_detail_page_opens_visible_records_only(persona, spec, login, expected):
    web = login(persona)
    visible = expected.visible[persona, spec.name]
    for pk in _sample(visible):
        response = web.get(_url(spec, "detail", pk))
        assert response.status_code == 200, pk
        assert html.escape(str(spec.model.objects.get(pk=pk))) in response.content.decode()
    for pk in _sample(expected.all_ids[spec.name] - visible):
        assert web.get(_url(spec, "detail", pk)).status_code == 404, pk


@_pairs("add", web="edit")
def test_add_page_only_for_creators(persona, spec, login, expected):
    web = login(persona)
    status = 200 if expected.may_create(persona, spec.name) else 403
    assert web.get(_url(spec, "add")).status_code == status
    if status == 403:
        before = spec.model._base_manager.count()
        assert web.post(_url(spec, "add"), {}).status_code == 403
        assert spec.model._base_manager.count() == before


def form_data(form) -> dict:
    """What a browser would post back for ``form`` unchanged (with the invention's share rows)."""
    data = {}

    def add(bound):
        value = bound.value()
        if isinstance(value, bool) or value is None:
            if value:
                data[bound.html_name] = "on"
            return
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))

    for bound in form:
        add(bound)
    for formset in (getattr(form, "owner_formset", None), getattr(form, "inventor_formset", None)):
        if formset is None:
            continue
        for bound in formset.management_form:
            add(bound)
        for row in formset:
            for bound in row:
                add(bound)
    return data


@_pairs("edit", web="edit", writes=True)
def test_edit_page_saves_for_those_who_may_change(persona, spec, login, expected):
    web = login(persona)
    changeable = expected.changeable[persona, spec.name] & expected.on_pages[spec.name]
    assert changeable  # see test_writes_names_exactly_the_models_with_changeable_records
    for pk in _sample(changeable, 2):
        page = web.get(_url(spec, "edit", pk))
        assert page.status_code == 200, pk
        response = web.post(_url(spec, "edit", pk), form_data(page.context["form"]))
        errors = response.context and response.context["form"].errors
        if refusal := _refused_in_its_state(spec, pk):
            assert response.status_code == 200 and refusal in str(errors), (pk, errors)
            continue
        assert response.status_code == 302, (pk, errors)


@_pairs("delete-page", web="delete", writes=True, deletes=True)
def test_delete_page_deletes_for_those_who_may(persona, spec, login, expected):
    pk = _sample(expected.deletable[persona, spec.name] & expected.on_pages[spec.name], 1)[0]
    protected = _protected(spec.model._base_manager.get(pk=pk))
    response = login(persona).post(_url(spec, "delete", pk))
    assert response.status_code == 302, pk
    # A protected record stays (the page says why); any other is gone.
    assert spec.model._base_manager.filter(pk=pk).exists() == protected


@_pairs("pages-refused", web="edit")
def test_edit_and_delete_pages_refuse_everyone_else(persona, spec, login, expected):
    web = login(persona)
    served = expected.on_pages[spec.name]
    for pk in _sample(expected.all_ids[spec.name] - (expected.changeable[persona, spec.name] & served)):
        history = _history_count(spec, pk)
        assert web.get(_url(spec, "edit", pk)).status_code == 404, pk
        assert web.post(_url(spec, "edit", pk), {"name": "x", "title": "x"}).status_code == 404, pk
        assert _history_count(spec, pk) == history
    if "delete" not in spec.web:
        return
    # Records the persona changes but may not delete (a researcher's inventions) are checked below.
    own = expected.changeable[persona, spec.name] - expected.deletable[persona, spec.name]
    for pk in _sample(expected.all_ids[spec.name] - (expected.deletable[persona, spec.name] & served) - own):
        assert web.get(_url(spec, "delete", pk)).status_code == 404, pk
        assert web.post(_url(spec, "delete", pk)).status_code == 404, pk
        assert spec.model._base_manager.filter(pk=pk).exists()


# -- API ----------------------------------------------------------------------------------------------


@_pairs("api-list", api=True, nested=True)
def test_api_list_returns_exactly_the_visible_rows(persona, spec, api, expected):
    client = api(persona)
    if spec.nested_in:  # owners and inventors are listed inside their inventions
        parts = spec.model._base_manager.filter(pk__in=expected.visible[persona, spec.name])
        party = "organisation_id" if spec.name == "InventionOwner" else "person_id"
        field = "organisation" if spec.name == "InventionOwner" else "person"
        listed = Counter(
            (invention["id"], row[field]) for invention in api_results(client, "/api/inventions/")
            for row in invention[spec.nested_in]
        )
        assert listed == Counter((p.invention_id, getattr(p, party)) for p in parts)
    else:
        listed = [row["id"] for row in api_results(client, _api_url(spec))]
        assert Counter(listed) == Counter(expected.visible[persona, spec.name])


@_pairs("api", api=True)
def test_api_opens_and_refuses_as_the_rules_say(persona, spec, api, expected):
    """Retrieve what is visible (404 otherwise); create only as a creator; no update or delete out of reach."""
    client, office = api(persona), api("ipoffice")
    visible = expected.visible[persona, spec.name]
    for pk in _sample(visible):
        response = client.get(_api_url(spec, pk))
        assert response.status_code == 200, pk
        assert response.json()["id"] == pk
    for pk in _sample(expected.all_ids[spec.name] - visible):
        assert client.get(_api_url(spec, pk)).status_code == 404, pk

    before = spec.model._base_manager.count()
    response = client.post(_api_url(spec), {}, format="json")
    # Creators get past the permission check and are told what is missing (or that the route is
    # read-only); others are refused.
    if not expected.may_create(persona, spec.name):
        assert response.status_code == 403
    else:
        assert response.status_code == (400 if "post" in spec.api_methods else 405)
    assert spec.model._base_manager.count() == before

    for pk in _sample(expected.all_ids[spec.name] - expected.changeable[persona, spec.name]):
        history = _history_count(spec, pk)
        current = office.get(_api_url(spec, pk)).json()
        assert client.patch(_api_url(spec, pk), {}, format="json").status_code == _refusal(persona, spec, "patch"), pk
        assert client.put(_api_url(spec, pk), current, format="json").status_code == _refusal(persona, spec, "put"), pk
        assert client.delete(_api_url(spec, pk)).status_code == _refusal(persona, spec, "delete"), pk
        assert spec.model._base_manager.filter(pk=pk).exists()
        assert _history_count(spec, pk) == history


def _refused_in_its_state(spec, pk) -> str | None:
    """The documented refusal a record's state gives any edit (e.g. a licensed request), or None."""
    rule = REFUSED_IN_STATE.get(spec.name)
    return rule[1] if rule and rule[0](spec.model._base_manager.get(pk=pk)) else None


@_pairs("api-update", api=True, api_method="patch", writes=True)
def test_api_update_round_trip_for_those_who_may_change(persona, spec, api, expected):
    client = api(persona)
    for pk in _sample(expected.changeable[persona, spec.name], 2):
        current = client.get(_api_url(spec, pk)).json()
        response = client.patch(_api_url(spec, pk), {}, format="json")
        if refusal := _refused_in_its_state(spec, pk):
            assert response.status_code == 400 and refusal in response.content.decode(), (pk, response.content)
            continue
        assert response.status_code == 200, (pk, response.content)
        saved = response.json()
        # Nothing sent, nothing changed (but the time of the save).
        assert {k: v for k, v in saved.items() if k != "modified"} == {k: v for k, v in current.items() if k != "modified"}


@_pairs("api-delete", api=True, api_method="delete", writes=True, deletes=True)
def test_api_delete_for_those_who_may(persona, spec, api, expected):
    pk = _sample(expected.deletable[persona, spec.name], 1)[0]
    protected = _protected(spec.model._base_manager.get(pk=pk))
    response = api(persona).delete(_api_url(spec, pk))
    # 409: other records still refer to it (e.g. an organisation that signed agreements).
    assert response.status_code == (409 if protected else 204), (pk, response.content)
    assert spec.model._base_manager.filter(pk=pk).exists() == protected


def test_researcher_may_not_delete_their_own_invention(api, login, expected):
    """Refused (403: the researcher sees the invention, and is told deleting is the IP office's); it stays."""
    from kyoso.ip.models import Invention

    own = _sample(expected.changeable["researcher", "Invention"], 1)[0]
    assert login("researcher").get(f"/inventions/{own}/delete/").status_code == 403
    assert login("researcher").post(f"/inventions/{own}/delete/").status_code == 403
    refused = api("researcher").delete(f"/api/inventions/{own}/")
    assert refused.status_code == 403
    assert "IP office" in refused.json()["detail"]
    assert Invention.objects.filter(pk=own).exists()


def test_researcher_may_not_change_owners_or_inventors_of_their_invention(api, expected):
    """Owners and inventors of the researcher's own invention stay as the IP office recorded them."""
    from kyoso.ip.models import Invention
    from kyoso.parties.models import Organisation

    own = next(i for i in Invention.objects.filter(pk__in=expected.changeable["researcher", "Invention"]).order_by("pk")
               if i.inventors.count() > 1)  # so that naming Endo alone would be a change
    owners = sorted(own.owners.values_list("organisation_id", "share_numerator", "share_denominator"))
    inventors = sorted(own.inventors.values_list("person_id", "contribution"))
    endo = own.inventors.get(person__family_name="Endo").person_id
    lead = Organisation.objects.get(name="Kita-Nihon University").pk
    api("researcher").patch(f"/api/inventions/{own.pk}/", {
        "owners": [{"organisation": lead, "share": "100"}], "inventors": [{"person": endo, "contribution": "100"}],
    }, format="json")
    assert sorted(own.owners.values_list("organisation_id", "share_numerator", "share_denominator")) == owners
    assert sorted(own.inventors.values_list("person_id", "contribution")) == inventors


def test_researcher_changes_the_description_of_their_invention(api, expected):
    from kyoso.ip.models import Invention

    own = _sample(expected.changeable["researcher", "Invention"], 1)[0]
    response = api("researcher").patch(f"/api/inventions/{own}/", {"abstract": "Rewritten by Prof. Endo."}, format="json")
    assert response.status_code == 200, response.content
    assert Invention.objects.get(pk=own).abstract == "Rewritten by Prof. Endo."


# -- the issue's own sentences --------------------------------------------------------------------------


def _asahi_confidential_invention():
    """An invention Asahi co-owns, made confidential (the demo has none of its own)."""
    from kyoso.ip.models import Invention

    invention = Invention.objects.filter(owners__organisation__name=ASAHI).order_by("pk").first()
    Invention.objects.filter(pk=invention.pk).update(confidential=True)
    return invention


def _boso_confidential_inventions():
    from kyoso.ip.models import Invention

    inventions = list(Invention.objects.filter(confidential=True).exclude(owners__organisation__name=ASAHI))
    assert inventions, "the demo should hold confidential inventions Asahi does not co-own"
    return inventions


def test_company_a_sees_no_boso_contribution_anywhere(login, api):
    from kyoso.agreements.models import Contribution

    boso = {c.pk for c in Contribution.objects.filter(contributor__name=BOSO)}
    assert boso, "the demo should hold Boso Motors money"
    web = login("company-a")
    page = web.get("/contributions/", {"per_page": 1000})
    boso_url = Contribution.objects.filter(contributor__name=BOSO).first().contributor.get_absolute_url()
    assert boso_url not in "".join(table_rows(page))
    exported = csv_rows(web.get("/contributions/", {"export": "csv"}))
    assert exported and {row[2] for row in exported} == {"Asahi Devices"}
    listed = {row["id"] for row in api_results(api("company-a"), "/api/contributions/")}
    assert listed and not listed & boso
    for pk in boso:
        assert web.get(f"/contributions/{pk}/").status_code == 404
        assert api("company-a").get(f"/api/contributions/{pk}/").status_code == 404


def test_company_a_never_sees_another_companys_confidential_invention(login, api):
    hidden = _boso_confidential_inventions()
    web, client = login("company-a"), api("company-a")
    page = web.get("/inventions/", {"per_page": 1000}).content.decode()
    exported = {row[0] for row in csv_rows(web.get("/inventions/", {"export": "csv"}))}
    listed = {row["reference"] for row in api_results(client, "/api/inventions/")}
    for invention in hidden:
        assert invention.reference not in page
        assert invention.reference not in exported
        assert invention.reference not in listed
        assert web.get(f"/inventions/{invention.pk}/").status_code == 404
        assert client.get(f"/api/inventions/{invention.pk}/").status_code == 404
        assert client.get("/api/filings/", {"invention": invention.pk}).json()["count"] == 0


def test_company_a_opens_its_own_confidential_invention(login, api):
    own = _asahi_confidential_invention()
    assert login("company-a").get(f"/inventions/{own.pk}/").status_code == 200
    assert api("company-a").get(f"/api/inventions/{own.pk}/").json()["confidential"] is True
    # …which stays hidden from the other member company.
    assert login("company-b").get(f"/inventions/{own.pk}/").status_code == 404


def test_researcher_sees_exactly_endos_inventions(login, api):
    from kyoso.ip.models import Invention

    endo = set(Invention.objects.filter(inventors__person__family_name="Endo").values_list("reference", flat=True))
    assert endo and len(endo) < Invention.objects.count()
    listed = {row["reference"] for row in api_results(api("researcher"), "/api/inventions/")}
    exported = {row[0] for row in csv_rows(login("researcher").get("/inventions/", {"export": "csv"}))}
    assert listed == endo
    assert exported == endo


def test_cpo_sees_only_their_consortiums_agreements(login, api):
    listed = {row["number"] for row in api_results(api("cpo"), "/api/agreements/")}
    assert "OPERA-2022-001" in listed
    assert "KNU-2024-107" not in listed  # a 1:1 agreement outside the consortium
    page = login("cpo").get("/agreements/").content.decode()
    assert "OPERA-2022-001" in page and "KNU-2024-107" not in page


def test_cpo_cannot_create_a_consortium(login, api):
    from kyoso.consortia.models import Consortium
    from kyoso.parties.models import Organisation

    before = Consortium.objects.count()
    payload = {
        "slug": "cpo-made", "name": "CPO's own consortium", "lead_institution": Organisation.objects.first().pk,
        "first_fiscal_year": 2025, "last_fiscal_year": 2027,
    }
    assert login("cpo").get("/consortia/add/").status_code == 403
    assert login("cpo").post("/consortia/add/", payload).status_code == 403
    assert api("cpo").post("/api/consortia/", payload, format="json").status_code == 403
    assert Consortium.objects.count() == before
    assert "/consortia/add/" not in login("cpo").get("/consortia/").content.decode()


@pytest.mark.parametrize("persona", ["company-a", "company-b", "company-c"])
def test_a_company_never_reads_licence_income_of_licences_it_is_not_party_to(persona, login, api, expected):
    """A review item's income is licensees' money: review pages show a company whether a right is
    licensed, never for how much — even when the licensee is the company itself, which reads its own
    royalties on its licences' pages (decided: one rule for every row, no per-row licence lookup)."""
    from kyoso.portfolio.models import ReviewItem

    hidden = list(ReviewItem.objects.filter(pk__in=expected.visible[persona, "ReviewItem"], income__gt=0))
    web, client = login(persona), api(persona)
    for item in hidden:
        amounts = (f"{item.income:,}", str(item.income))
        texts = [
            client.get(f"/api/portfolio/rights/{item.pk}/").content.decode(),
            web.get(f"/portfolio/rights/{item.pk}/").content.decode(),
            web.get(f"/portfolio/rounds/{item.round_id}/").content.decode(),
            b"".join(web.get("/portfolio/rights/", {"export": "csv"}).streaming_content).decode("utf-8-sig"),
        ]
        for text in texts:
            assert not any(amount in text for amount in amounts), (item.pk, item.income)
    # opera-demo's licensed item (seen by Asahi and Boso) and opera-second's (seen by Boso and Kiso).
    assert len(hidden) == {"company-a": 1, "company-b": 2, "company-c": 1}[persona]


@pytest.mark.parametrize("persona, consortium, status", [
    ("company-c", "opera-second", 201), ("company-c", "opera-demo", 400),
    ("company-a", "opera-demo", 201), ("company-a", "opera-second", 400),
    ("company-b", "opera-demo", 201), ("company-b", "opera-second", 201),  # Boso is a member of both
])
def test_a_company_files_licence_requests_in_its_own_consortia_only(persona, consortium, status, api, user):
    """Through the API as on the web form: an invention and a policy the company may see, for itself."""
    from kyoso.ip.models import Invention
    from kyoso.licensing.models import LicenceRequest, LicensingPolicy

    invention = Invention.objects.filter(consortium__slug=consortium, confidential=False).order_by("pk").first()
    policy = LicensingPolicy.objects.filter(consortium__slug=consortium, active=True).order_by("pk").first()
    before = LicenceRequest.objects.count()
    response = api(persona).post("/api/licensing/requests/", {
        "requester": user(persona).profile.organisation_id, "invention": invention.pk, "policy": policy.pk,
        "purpose": "research", "requested_on": "2026-11-01", "field": "Evaluation",
    }, format="json")
    assert response.status_code == status, response.content
    assert LicenceRequest.objects.count() == before + (1 if status == 201 else 0)
    if status == 400:
        assert set(response.json()) == {"invention", "policy"}  # neither is there for this company


def test_votes_stay_inside_each_consortium(login):
    """A member votes on its consortium's rights only; a CPO decides only in their own consortium."""
    from kyoso.portfolio.models import MemberVote, ReviewItem

    demo_item = ReviewItem.objects.filter(round__consortium__slug="opera-demo").order_by("pk").first()
    second_item = ReviewItem.objects.get(round__consortium__slug="opera-second")
    votes = MemberVote.objects.count()
    assert login("company-c").post(f"/portfolio/rights/{demo_item.pk}/vote/", {"vote": "maintain"}).status_code == 404
    assert login("company-a").post(f"/portfolio/rights/{second_item.pk}/vote/", {"vote": "maintain"}).status_code == 404
    assert login("cpo-2").post(f"/portfolio/rights/{demo_item.pk}/decide/", {"decision": "abandon"}).status_code == 404
    assert login("cpo").post(f"/portfolio/rights/{second_item.pk}/decide/", {"decision": "abandon"}).status_code == 404
    assert MemberVote.objects.count() == votes
    assert ReviewItem.objects.get(pk=second_item.pk).decision == ""
    # Kiso's own vote on its consortium's right is changed (it voted "maintain" in the demo).
    assert login("company-c").post(f"/portfolio/rights/{second_item.pk}/vote/", {"vote": "abandon"}).status_code == 302
    assert MemberVote.objects.get(item=second_item, organisation__short_name="Kiso Robotics").vote == "abandon"


def _fingerprint() -> dict:
    """Row and history counts of every model, and the event log: any write changes one of them."""
    from kyoso.core.models import Event

    counts = {"events": Event.objects.count()}
    for spec in MODELS:
        counts[spec.name] = spec.model._base_manager.count()
        if hasattr(spec.model, "history"):
            counts[f"{spec.name} history"] = spec.model.history.count()
    return counts


def test_auditor_changes_nothing_anywhere(login, api):
    web, client = login("auditor"), api("auditor")
    before = _fingerprint()
    for spec in MODELS:
        pk = spec.model._base_manager.order_by("pk").values_list("pk", flat=True).first()
        if "edit" in spec.web:
            assert web.post(_url(spec, "add"), {"name": "x"}).status_code == 403, spec
            assert web.post(_url(spec, "edit", pk), {"name": "x"}).status_code == 404, spec  # nothing in reach
        if "delete" in spec.web:
            assert web.post(_url(spec, "delete", pk)).status_code == 404, spec
        if spec.api:
            current = client.get(_api_url(spec, pk)).json()
            # The permission check comes first: a read-only role is refused every write.
            for response in (
                client.post(_api_url(spec), current, format="json"),
                client.put(_api_url(spec, pk), current, format="json"),
                client.patch(_api_url(spec, pk), {}, format="json"),
                client.delete(_api_url(spec, pk)),
            ):
                assert response.status_code == 403, (spec, response.request["REQUEST_METHOD"])
    assert _fingerprint() == before


def test_auditor_reads_everything(login, api):
    """Every row of every model through the API, and every contribution on its list page."""
    from kyoso.agreements.models import Contribution

    client = api("auditor")
    for spec in MODELS:
        if spec.api:
            assert client.get(_api_url(spec)).json()["count"] == spec.model._base_manager.count(), spec
    page = login("auditor").get("/contributions/", {"per_page": 1000})
    # 72 contributions: 48 on opera-demo's consortium agreement (JST 5, companies' cash 6 × 5 − 2 late
    # joiners = 28, in kind 2 × 5, clean-room 5), 12 on its three 1:1 agreements (FY2023–26), 2 outside
    # any consortium, and 9 in opera-second (JST, Boso, Kiso, Chubu in FY2024–25, Kiso's 1:1 in FY2025),
    # and 1 on the survey demo's commissioned research (the prefecture in FY2025).
    assert len(table_rows(page)) == Contribution.objects.count() == 72
    assert "/contributions/add/" not in page.content.decode()  # no "Add" button for a read-only role


def test_the_matrix_covers_every_model_and_route():
    """A model or route added later must join the matrix (and this test tells you so)."""
    from django.apps import apps

    from kyoso.urls import api_patterns

    from .expected import EXCLUDED

    kyoso_models = {
        m.__name__ for m in apps.get_models()
        if m.__module__.startswith("kyoso.") and not m.__name__.startswith("Historical")
    }
    assert kyoso_models - EXCLUDED == set(SPECS)
    routed = {viewset.queryset.model.__name__ for p in api_patterns for _prefix, viewset, _name in p.urlconf_module.router.registry}
    assert routed - EXCLUDED <= set(SPECS)


# -- imports ----------------------------------------------------------------------------------------

# kind → (model, {consortium slug or None: file rows}). Directory kinds belong to no consortium.
IMPORT_FILES = {
    "organisations": ("Organisation", {None: [
        ["name", "name_ja", "short_name", "kind", "size", "country", "corporate_number"],
        ["Sanriku Optics Co., Ltd.", "三陸光学株式会社", "Sanriku", "company", "SME", "JP", ""],
    ]}),
    "people": ("Person", {None: [
        ["family_name", "given_name", "email", "affiliation", "affiliation_start"],
        ["Okada", "Jun", "jun.okada@example.org", "Chubu IT", "2024-04-01"],
    ]}),
    "agreements": ("Agreement", {
        "opera-demo": [
            ["number", "title", "consortium", "topic", "start", "end", "indirect_rate", "ip_earmark_rate",
             "organisation", "fiscal_year", "source", "direct_amount"],
            ["OPERA-2025-900", "MRAM test methods", "opera-demo", "T1", "2025-04-01", "2027-03-31", "20", "10",
             "Asahi Devices Corporation", "2025", "company", "12000000"],
        ],
        "opera-second": [
            ["number", "title", "consortium", "topic", "start", "end", "indirect_rate", "ip_earmark_rate",
             "organisation", "fiscal_year", "source", "direct_amount"],
            ["ROBO-2025-900", "Gripper test rig", "opera-second", "R1", "2025-04-01", "2027-03-31", "20", "10",
             "Kiso Robotics Co., Ltd.", "2025", "company", "3000000"],
        ],
    }),
    "inventions": ("Invention", {
        "opera-demo": [
            ["reference", "title", "disclosed_on", "consortium", "topic", "owners", "inventors"],
            ["IMP-0901", "Low-noise MRAM read circuit", "2025-05-12", "opera-demo", "T1",
             "Kita-Nihon University:100", "Endo Haruki:100"],
        ],
        "opera-second": [
            ["reference", "title", "disclosed_on", "consortium", "topic", "owners", "inventors"],
            ["IMP-0902", "Compliant finger pads", "2025-05-12", "opera-second", "R1",
             "Chubu IT:50;Kiso Robotics:50", "Tanaka Ren:50;Ogawa Kenta:50"],
        ],
    }),
}
IMPORT_CASES = [(kind, slug) for kind, (_model, files) in IMPORT_FILES.items() for slug in files]


def _may_import(persona: str, model: str, slug: str | None) -> bool:
    """Creators import; into a consortium only the IP office and that consortium's CPO."""
    from .expected import WHO

    if model not in CREATORS[persona]:
        return False
    return slug is None or persona == "ipoffice" or slug in WHO[persona].consortia


def _import_fingerprint() -> dict:
    from kyoso.core.models import Event

    counts = {spec.name: spec.model._base_manager.count() for spec in MODELS[:16]}  # directory, consortia, agreements, IP
    counts["events"] = Event.objects.count()
    return counts


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind, slug", IMPORT_CASES, ids=[f"{k}-{s or 'directory'}" for k, s in IMPORT_CASES])
def test_import_writes_only_inside_the_personas_scope(persona, kind, slug, user):
    from openpyxl import Workbook

    from kyoso.core.importing import importer_class, run_import

    model, files = IMPORT_FILES[kind]
    workbook = Workbook()
    for row in files[slug]:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    importer = importer_class(kind)(user(persona))
    assert importer.available_to(user(persona)) == (model in CREATORS[persona])
    before = _import_fingerprint()
    report = run_import(importer, content.getvalue(), f"{kind}.xlsx")
    if _may_import(persona, model, slug):
        assert report.ok and report.committed, report
        assert _import_fingerprint()[model] == before[model] + 1
    else:
        assert not report.ok and not report.committed
        assert _import_fingerprint() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_import_page_offers_only_the_personas_kinds(persona, login):
    page = login(persona).get("/import/")
    offered = {kind for kind, (model, _files) in IMPORT_FILES.items() if model in CREATORS[persona]}
    offered |= {"royalty-reports"} if "RoyaltyReport" in CREATORS[persona] else set()  # tested below
    assert page.status_code == 200  # a persona without importers is told there is nothing to import
    form = page.context["form"]
    assert {value for value, _label in form.fields["kind"].choices if value} == offered


# Royalty reports are imported by licensees (their own licences) and CPOs (their consortia's).
ROYALTY_IMPORTS = {  # persona → licence numbers they may import reports for; the others are refused
    "ipoffice": {"LIC-2024-002", "LIC-2025-011"},
    "cpo": {"LIC-2024-002"},
    "cpo-2": {"LIC-2025-011"},
    "company-a": {"LIC-2024-002"},
    "company-b": set(),
    "company-c": {"LIC-2025-011"},
    "researcher": set(),
    "auditor": set(),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("licence", ["LIC-2024-002", "LIC-2025-011"])
def test_royalty_report_import_only_for_the_licensee_and_its_cpo(persona, licence, login):
    from kyoso.licensing.models import RoyaltyReport

    content = f"licence,period_start,period_end,net_sales,other_due\n{licence},2026-04-01,2026-09-30,1000000,0\n"
    upload = io.BytesIO(content.encode())
    upload.name = "reports.csv"
    before = RoyaltyReport.objects.count()
    web = login(persona)
    response = web.post("/licensing/royalty-reports/import/", {"file": upload})
    if licence in ROYALTY_IMPORTS[persona]:
        assert response.status_code == 200 and response.context["token"]  # the preview
        web.post("/import/confirm/", {"token": response.context["token"]})
        assert RoyaltyReport.objects.filter(licence__number=licence, period_start="2026-04-01").count() == 1
    elif "RoyaltyReport" in CREATORS[persona]:
        assert response.status_code == 200 and response.context["token"] == ""  # the row error, nothing to confirm
        assert RoyaltyReport.objects.count() == before
    else:
        assert response.status_code == 403  # refused before the file is read
        assert RoyaltyReport.objects.count() == before
