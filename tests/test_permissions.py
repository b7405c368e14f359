"""The scoping matrix: every persona × every model × list, detail, edit, API and export.

What each persona *should* see and change comes from ``tests/expected.py`` (the issue's rules
restated in plain Python over the demo); what they *do* see is read from the pages, the API and
the exports: record links in list tables, ids in API results, key columns in CSV and XLSX files.
"""

from __future__ import annotations

import html
from collections import Counter

import pytest
from django.urls import reverse

from .expected import (
    ASAHI,
    BOSO,
    MODELS,
    PERSONAS,
    SPECS,
    api_results,
    csv_rows,
    linked_ids,
    table_rows,
    xlsx_rows,
)

SAMPLE = 3  # records per (persona, model) opened one by one: the first, the last and one between


def _sample(ids, n: int = SAMPLE) -> list[int]:
    ordered = sorted(ids)
    if len(ordered) <= n or n == 1:
        return ordered[:n]
    step = (len(ordered) - 1) / (n - 1)
    return sorted({ordered[round(i * step)] for i in range(n)})


def _url(spec, action: str, *args) -> str:
    meta = spec.model._meta
    return reverse(f"{meta.app_label}:{meta.model_name}_{action}", args=args)


def _api_url(spec, pk=None) -> str:
    return f"/api/{spec.api}/" + (f"{pk}/" if pk is not None else "")


def _matrix(*, web: str | None = None, api: bool = False, nested: bool = False):
    """(persona, spec) pairs for the models that offer ``web`` pages or an API route."""
    specs = [
        s for s in MODELS
        if (web is None or web in s.web) and (not api or s.api or (nested and s.nested_in))
    ]
    return pytest.mark.parametrize(
        "persona, spec", [(p, s) for s in specs for p in PERSONAS], ids=[f"{p}-{s}" for s in specs for p in PERSONAS]
    )


def _history_count(spec, pk) -> int:
    return spec.model.history.filter(id=pk).count()


# -- one rule per model: the queryset itself --------------------------------------------------------


@_matrix()
def test_for_user_view_is_the_rule(persona, spec, user, expected):
    seen = set(spec.model.objects.for_user(user(persona), "view").values_list("pk", flat=True))
    assert seen == expected.visible[persona, spec.name]


@_matrix()
def test_for_user_change_is_the_rule(persona, spec, user, expected):
    changeable = set(spec.model.objects.for_user(user(persona), "change").values_list("pk", flat=True))
    assert changeable == expected.changeable[persona, spec.name]


@_matrix()
def test_may_create_is_the_rule(persona, spec, user, expected):
    may_create = spec.model.objects.get_queryset().may_create(user(persona))
    assert may_create == expected.may_create(persona, spec.name)


# -- web UI -------------------------------------------------------------------------------------------


def _list_links(spec, objects) -> Counter:
    """The links a list page shows for ``objects``: the record itself, or (for money) its contributor."""
    if spec.name == "Contribution":
        return Counter(c.contributor.pk for c in objects)
    return Counter(o.pk for o in objects)


@_matrix(web="list")
def test_list_page_shows_exactly_the_visible_rows(persona, spec, login, expected):
    response = login(persona).get(_url(spec, "list"), {"per_page": 1000})
    assert response.status_code == 200
    visible = spec.model._base_manager.filter(pk__in=expected.visible[persona, spec.name])
    rows = table_rows(response)
    assert len(rows) == len(visible)
    link_target = SPECS["Organisation"] if spec.name == "Contribution" else spec
    shown = Counter(linked_ids("".join(rows), _url(link_target, "detail", 0)))
    assert shown == _list_links(spec, visible)


@_matrix(web="list")
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_contains_exactly_the_visible_rows(persona, spec, export_format, login, expected):
    response = login(persona).get(_url(spec, "list"), {"export": export_format})
    assert response.status_code == 200
    rows = csv_rows(response) if export_format == "csv" else xlsx_rows(response)
    exported = Counter(tuple(row[i] for i in spec.key_columns) for row in rows)
    visible = spec.model._base_manager.filter(pk__in=expected.visible[persona, spec.name])
    assert exported == Counter(spec.key(obj) for obj in visible)


@_matrix(web="detail")
def test_detail_page_opens_visible_records_only(persona, spec, login, expected):
    web = login(persona)
    visible = expected.visible[persona, spec.name]
    for pk in _sample(visible):
        response = web.get(_url(spec, "detail", pk))
        assert response.status_code == 200, pk
        assert html.escape(str(spec.model.objects.get(pk=pk))) in response.content.decode()
    for pk in _sample(expected.all_ids[spec.name] - visible):
        assert web.get(_url(spec, "detail", pk)).status_code == 404, pk


@_matrix(web="edit")
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


@_matrix(web="edit")
def test_edit_page_saves_for_those_who_may_change(persona, spec, login, expected):
    web = login(persona)
    changeable = expected.changeable[persona, spec.name]
    if not changeable:
        pytest.skip(f"{persona} changes no {spec}")  # refusals are checked below
    for pk in _sample(changeable, 2):
        page = web.get(_url(spec, "edit", pk))
        assert page.status_code == 200, pk
        response = web.post(_url(spec, "edit", pk), form_data(page.context["form"]))
        errors = response.context and response.context["form"].errors
        assert response.status_code == 302, (pk, errors)


@_matrix(web="edit")
def test_edit_page_refuses_everyone_else(persona, spec, login, expected):
    web = login(persona)
    refused = expected.all_ids[spec.name] - expected.changeable[persona, spec.name]
    for pk in _sample(refused):
        history = _history_count(spec, pk)
        assert web.get(_url(spec, "edit", pk)).status_code == 404, pk
        assert web.post(_url(spec, "edit", pk), {"name": "x", "title": "x"}).status_code == 404, pk
        assert _history_count(spec, pk) == history


# -- API ----------------------------------------------------------------------------------------------


@_matrix(api=True, nested=True)
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


@_matrix(api=True)
def test_api_retrieve_visible_records_only(persona, spec, api, expected):
    client = api(persona)
    visible = expected.visible[persona, spec.name]
    for pk in _sample(visible):
        response = client.get(_api_url(spec, pk))
        assert response.status_code == 200, pk
        assert response.json()["id"] == pk
    for pk in _sample(expected.all_ids[spec.name] - visible):
        assert client.get(_api_url(spec, pk)).status_code == 404, pk


@_matrix(api=True)
def test_api_create_only_for_creators(persona, spec, api, expected):
    before = spec.model._base_manager.count()
    response = api(persona).post(_api_url(spec), {}, format="json")
    # Creators get past the permission check and are told what is missing; others are refused.
    assert response.status_code == (400 if expected.may_create(persona, spec.name) else 403)
    assert spec.model._base_manager.count() == before


@_matrix(api=True)
def test_api_update_only_what_may_be_changed(persona, spec, api, expected):
    client = api(persona)
    changeable = expected.changeable[persona, spec.name]
    for pk in _sample(changeable, 2):
        response = client.patch(_api_url(spec, pk), {}, format="json")
        assert response.status_code == 200, (pk, response.content)
    for pk in _sample(expected.all_ids[spec.name] - changeable):
        history = _history_count(spec, pk)
        current = api("ipoffice").get(_api_url(spec, pk)).json()
        assert client.patch(_api_url(spec, pk), {}, format="json").status_code in (403, 404), pk
        assert client.put(_api_url(spec, pk), current, format="json").status_code in (403, 404), pk
        assert _history_count(spec, pk) == history


@_matrix(api=True)
def test_api_delete_only_what_may_be_changed(persona, spec, api, expected):
    client = api(persona)
    changeable = expected.changeable[persona, spec.name]
    for pk in _sample(expected.all_ids[spec.name] - changeable):
        assert client.delete(_api_url(spec, pk)).status_code in (403, 404), pk
        assert spec.model._base_manager.filter(pk=pk).exists()
    for pk in _sample(changeable, 1):
        response = client.delete(_api_url(spec, pk))
        # 409: other records still refer to it (e.g. an organisation that signed agreements).
        assert response.status_code in (204, 409), (pk, response.content)
        assert spec.model._base_manager.filter(pk=pk).exists() == (response.status_code == 409)


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


def _fingerprint() -> dict:
    """Row and history counts of every model, and the event log: any write changes one of them."""
    from kyoso.core.models import Event

    counts = {"events": Event.objects.count()}
    for spec in MODELS:
        counts[spec.name] = spec.model._base_manager.count()
        counts[f"{spec.name} history"] = spec.model.history.count()
    return counts


def test_auditor_changes_nothing_anywhere(login, api):
    web, client = login("auditor"), api("auditor")
    before = _fingerprint()
    statuses = []
    for spec in MODELS:
        pk = spec.model._base_manager.order_by("pk").values_list("pk", flat=True).first()
        if "edit" in spec.web:
            statuses += [web.post(_url(spec, "add"), {"name": "x"}).status_code,
                         web.post(_url(spec, "edit", pk), {"name": "x"}).status_code]
        meta = spec.model._meta
        try:
            statuses.append(web.post(reverse(f"{meta.app_label}:{meta.model_name}_delete", args=[pk])).status_code)
        except Exception:  # noqa: BLE001 — models without a delete page
            pass
        if spec.api:
            current = client.get(_api_url(spec, pk)).json()
            statuses += [
                client.post(_api_url(spec), current, format="json").status_code,
                client.put(_api_url(spec, pk), current, format="json").status_code,
                client.patch(_api_url(spec, pk), {}, format="json").status_code,
                client.delete(_api_url(spec, pk)).status_code,
                client.put(_api_url(spec), current, format="json").status_code,  # no such method on a list
            ]
    assert statuses and set(statuses) <= {403, 404, 405}, Counter(statuses)
    assert _fingerprint() == before


def test_auditor_reads_everything(login, expected):
    for spec in MODELS:
        assert expected.visible["auditor", spec.name] == expected.all_ids[spec.name]
    page = login("auditor").get("/contributions/", {"per_page": 1000})
    from kyoso.agreements.models import Contribution

    assert len(table_rows(page)) == Contribution.objects.count()
    assert "/contributions/add/" not in page.content.decode()  # no "Add" button for a read-only role


def test_the_matrix_covers_every_model_and_route():
    """A model or route added later must join the matrix (and this test tells you so)."""
    from django.apps import apps

    from kyoso.urls import api_patterns

    kyoso_models = {
        m.__name__ for m in apps.get_models()
        if m.__module__.startswith(("kyoso.parties", "kyoso.consortia", "kyoso.agreements", "kyoso.ip"))
        and not m.__name__.startswith("Historical")
    }
    assert kyoso_models == set(SPECS)
    domain_routers = [
        p.urlconf_module.router for p in api_patterns
        if p.urlconf_module.__name__.split(".")[1] in ("parties", "consortia", "agreements", "ip")
    ]
    routes = {prefix for router in domain_routers for prefix, _viewset, _name in router.registry}
    assert routes == {spec.api for spec in MODELS if spec.api}
