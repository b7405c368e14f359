"""The web pages: every list for every persona with filters and sorting, form messages, query budgets."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .expected import LEAD_UNIVERSITY, PERSONAS, csv_rows, table_rows

# list URL → (filters and sort, a check every exported row must pass, the sorted export column)
LISTS = {
    "/organisations/": ({"kind": "company", "sort": "name"}, lambda row: row[2] == "Company", 0),
    "/people/": ({"q": "mori", "sort": "-name"}, lambda row: row[1] == "Shun Mori", None),
    "/consortia/": ({"q": "mobility", "sort": "name"}, lambda row: row[1] == "opera-demo", 0),
    "/contract-types/": ({"confirmed": "false", "sort": "code"}, lambda row: row[4] == "False", 0),
    "/agreements/": ({"kind": "bilateral", "sort": "number"}, lambda row: row[2] == "1:1 joint research", 0),
    "/contributions/": ({"fiscal_year": "2024", "sort": "-direct_amount"}, lambda row: row[1] == "2024", None),
    "/inventions/": ({"confidential": "false", "sort": "reference"}, lambda row: row[7] == "False", 0),
    "/filings/": ({"office": "JP", "sort": "filing_date"}, lambda row: row[1] == "Japan (JPO)", None),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(LISTS))
def test_list_renders_with_filters_and_sorting(login, persona, url):
    query, row_matches, sorted_column = LISTS[url]
    web = login(persona)
    assert web.get(url).status_code == 200
    filtered = web.get(url, query)
    assert filtered.status_code == 200
    assert 'class="message error"' not in filtered.content.decode()  # the filter was understood
    exported = csv_rows(web.get(url, {**query, "export": "csv"}))
    assert len(exported) == len(table_rows(web.get(url, {**query, "per_page": 1000})))
    assert all(row_matches(row) for row in exported), exported[:3]
    if sorted_column is not None:  # the download comes in the order the page shows
        column = [row[sorted_column] for row in exported]
        assert column == sorted(column, reverse=query["sort"].startswith("-"))


def test_contributions_export_follows_the_page_sort(login):
    web = login("ipoffice")
    amounts = [int(row[5]) for row in csv_rows(web.get("/contributions/", {"sort": "-direct_amount", "export": "csv"}))]
    assert amounts == sorted(amounts, reverse=True)


# -- forms say what is wrong -----------------------------------------------------------------------


def _invention_form(**overrides):
    from kyoso.consortia.models import Consortium
    from kyoso.parties.models import Organisation, Person

    data = {
        "title": "Low-noise MRAM sense amplifier", "disclosed_on": "2025-04-20",
        "consortium": Consortium.objects.get(slug="opera-demo").pk, "ip_kind": "foreground", "status": "disclosed",
        "owners-TOTAL_FORMS": "3", "owners-INITIAL_FORMS": "0",
        "inventors-TOTAL_FORMS": "3", "inventors-INITIAL_FORMS": "0",
        "owners-0-organisation": Organisation.objects.get(name=LEAD_UNIVERSITY).pk, "owners-0-share": "50",
        "owners-1-organisation": Organisation.objects.get(short_name="Asahi Devices").pk, "owners-1-share": "40",
        "inventors-0-person": Person.objects.get(family_name="Endo").pk, "inventors-0-share": "100",
    }
    return {**data, **overrides}


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_invention_form_says_owner_shares_must_total_100(login):
    from kyoso.ip.models import Invention

    before = Invention.objects.count()
    response = login("ipoffice").post("/inventions/add/", _invention_form())
    assert response.status_code == 200
    assert "Owner shares must total 100% (now 90%)." in _page_text(response)
    assert Invention.objects.count() == before

    fixed = login("ipoffice").post("/inventions/add/", _invention_form(**{"owners-1-share": "50"}))
    assert fixed.status_code == 302
    assert Invention.objects.count() == before + 1


def test_agreement_form_refuses_an_end_before_the_start(login):
    response = login("ipoffice").post("/agreements/add/", {
        "number": "IND-2025-001", "title": "Reversed dates", "kind": "bilateral", "research_class": "individual",
        "status": "active", "start": "2025-04-01", "end": "2025-03-31", "indirect_rate": "10", "ip_earmark_rate": "0",
    })
    assert response.status_code == 200
    assert "An agreement cannot end before it starts." in _page_text(response)


def test_contribution_form_refuses_a_year_outside_the_agreement(login):
    from kyoso.agreements.models import Agreement

    agreement = Agreement.objects.get(number="KNU-2024-107")  # FY2024–FY2025
    daisen = agreement.parties.get(role="company").organisation
    response = login("ipoffice").post(f"/contributions/add/?agreement={agreement.pk}", {
        "agreement": agreement.pk, "contributor": daisen.pk, "fiscal_year": "2027", "kind": "cash",
        "source": "company", "direct_amount": "1000000",
    })
    assert response.status_code == 200
    assert "FY2027 is outside the agreement's period (FY2024–FY2025)." in _page_text(response)


# -- a constant number of queries per list page ---------------------------------------------------------


def _clone(obj, n: int, **changes):
    """A copy of ``obj`` saved as a new row, unique fields made unique with ``n``."""
    obj.pk = obj.id = None
    obj._state.adding = True
    for field in obj._meta.concrete_fields:
        if field.unique and not field.primary_key and isinstance(getattr(obj, field.attname), str):
            setattr(obj, field.attname, f"{getattr(obj, field.attname)}-{n}")
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def _add_organisations(n):
    from kyoso.parties.models import Organisation

    asahi = Organisation.objects.get(name="Asahi Devices Corporation").pk
    for i in range(n):
        _clone(Organisation.objects.get(pk=asahi), i)


def _add_people(n):
    from kyoso.parties.models import Person

    endo = Person.objects.get(family_name="Endo").pk
    for i in range(n):
        _clone(Person.objects.get(pk=endo), i)


def _add_consortia(n):
    from kyoso.consortia.models import Consortium

    for i in range(n):
        original = Consortium.objects.get(slug="opera-demo")
        memberships = list(original.memberships.all())
        copy = _clone(original, i)
        for membership in memberships:
            _clone(membership, i, consortium=copy)


def _add_contract_types(n):
    from kyoso.agreements.models import ContractType

    for i in range(n):
        _clone(ContractType.objects.order_by("pk").first(), i)


def _add_agreements(n):
    from kyoso.agreements.models import Agreement

    for i in range(n):
        original = Agreement.objects.get(number="OPERA-2022-001")
        parties = list(original.parties.all())
        copy = _clone(original, i)
        for party in parties:
            _clone(party, i, agreement=copy)


def _add_contributions(n):
    from kyoso.agreements.models import Contribution

    for i, contribution in enumerate(Contribution.objects.filter(contributor__short_name="Asahi Devices")[:n]):
        _clone(contribution, i, fiscal_year=2000 + i)  # one contribution per year, kind and source


def _add_inventions(n):
    from kyoso.ip.models import Invention

    # Endo's non-confidential inventions: the researcher and the member companies see the copies too.
    for i, original in enumerate(Invention.objects.filter(inventors__person__family_name="Endo", confidential=False)[:n]):
        owners, inventors = list(original.owners.all()), list(original.inventors.all())
        copy = _clone(original, i)
        for row in owners + inventors:
            _clone(row, i, invention=copy)


def _add_filings(n):
    from kyoso.ip.models import Filing

    for i, filing in enumerate(Filing.objects.filter(family__invention__inventors__person__family_name="Endo",
                                                     parent__isnull=True)[:n]):
        # An office gives each number once: the copies have none yet.
        _clone(filing, i, application_number="", publication_number="", registration_number="")


GROWERS = {
    "/organisations/": _add_organisations,
    "/people/": _add_people,
    "/consortia/": _add_consortia,
    "/contract-types/": _add_contract_types,
    "/agreements/": _add_agreements,
    "/contributions/": _add_contributions,
    "/inventions/": _add_inventions,
    "/filings/": _add_filings,
}


def _render(web, url, query) -> tuple[int, int]:
    """(queries, table rows) of one page view."""
    with CaptureQueriesContext(connection) as queries:
        response = web.get(url, query)
        rows = len(csv_rows(response)) if "export" in query else len(table_rows(response))
    assert response.status_code == 200
    return len(queries), rows


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "company-a", "researcher"])
@pytest.mark.parametrize("url", list(GROWERS))
@pytest.mark.parametrize("query", [{}, {"export": "csv"}], ids=["page", "csv"])
def test_list_query_count_does_not_grow_with_rows(login, persona, url, query):
    web = login(persona)
    query = {**query, "per_page": 1000}
    web.get(url, query)  # warm caches (content types, sessions) so both counts compare like with like
    before_queries, before_rows = _render(web, url, query)
    GROWERS[url](5)
    after_queries, after_rows = _render(web, url, query)
    assert after_queries == before_queries, f"{url}: {before_queries} → {after_queries} queries"
    if persona == "ipoffice":
        assert after_rows == before_rows + 5  # the extra rows really were on the page


def test_invention_form_offers_only_what_the_user_may_use(login):
    """A researcher proposes owners from the directory but does not place a disclosure in a consortium
    (the IP office does: the form has no such field)."""
    response = login("researcher").get("/inventions/add/")
    form = response.context["form"]
    assert "consortium" not in form.fields and "agreement" not in form.fields
    assert form.owner_formset.forms[0].fields["organisation"].queryset.count() > 1


def test_dates_render_as_date_pickers(login):
    page = login("ipoffice").get("/agreements/add/").content.decode()
    assert 'type="date" name="start"' in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_dashboard_renders_for_everyone(login, persona):
    assert login(persona).get("/").status_code == 200


def test_money_exports_as_plain_yen(login):
    """Spreadsheets get yen as integers, not "¥1,234" strings."""
    rows = csv_rows(login("company-a").get("/contributions/", {"export": "csv"}))
    assert all(row[5].isdigit() for row in rows)
    assert Decimal(sum(int(row[5]) for row in rows)) > 0


@pytest.mark.parametrize("url, name", [("/contributions/", "contributor"), ("/agreements/", "party"), ("/agreements/", "consortium")])
def test_filter_dropdowns_read_keys_and_labels_only(login, url, name):
    """A thousand organisations at national scale: the filter's options must not be whole rows."""
    from kyoso.core.views import QuickSelect

    response = login("ipoffice").get(url)
    field = response.context["filter"].form.fields[name]
    assert isinstance(field.widget, QuickSelect)
    options = field.widget.options_source()
    assert options is not field.widget.choices  # the fast path, not Django's per-instance iterator
    assert all(not hasattr(label, "_meta") for _key, label in options)
    selected = response.context["filter"].form[name].as_widget()
    assert selected.count("<option") == len(options)


# The dashboard and the consortium page show what the apps above them registered (kyoso.core.figures,
# kyoso.core.panels): the same tiles, cards and sections as when core and consortia imported them.

@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "company-a", "researcher"])
def test_dashboard_tiles_count_what_the_persona_sees(login, expected, persona):
    from django.core.cache import cache

    cache.clear()  # the figures are cached per scope for five minutes
    response = login(persona).get("/")
    tiles = [(str(label), count, url) for label, count, url in response.context["counts"]]
    assert tiles == [
        ("consortia", len(expected.visible[persona, "Consortium"]), "consortia:consortium_list"),
        ("agreements", len(expected.visible[persona, "Agreement"]), "agreements:agreement_list"),
        ("inventions", len(expected.visible[persona, "Invention"]), "ip:invention_list"),
        ("filings", len(expected.visible[persona, "Filing"]), "ip:filing_list"),
    ]


def test_dashboard_shows_every_apps_card(login):
    page = login("company-a").get("/").content.decode()
    for heading in ("Consortia", "Funding you can see, by fiscal year", "Latest inventions"):
        assert f"<h2>{heading}</h2>" in page
    assert page.index('id="consortia"') < page.index('id="funding"')  # both in the wide column, in order


def test_dashboard_money_is_the_companys_own(login, user):
    """Company A's money by fiscal year is summed over its own contributions only."""
    from django.core.cache import cache
    from django.db.models import Sum

    from kyoso.agreements.models import Contribution
    from kyoso.core.pages import dashboard_figures

    cache.clear()
    page = login("company-a").get("/").content.decode()
    shown = dashboard_figures(user("company-a"))["figures"]["money_by_year"]  # the entry the page filled
    own = dict(
        Contribution.objects.filter(contributor=user("company-a").profile.organisation)
        .values_list("fiscal_year").annotate(Sum("direct_amount")).values_list("fiscal_year", "direct_amount__sum")
    )
    assert shown and {row["fiscal_year"]: row["direct"] for row in shown} == {year: own[year] for year in sorted(own)[-6:]}
    assert f"¥{shown[0]['direct']:,}" in page


@pytest.mark.parametrize("persona, shows_ratio", [("cpo", True), ("auditor", True), ("company-a", False)])
def test_consortium_page_shows_funding_and_counts(login, expected, persona, shows_ratio):
    from kyoso.agreements.models import Agreement
    from kyoso.consortia.models import Consortium
    from kyoso.ip.models import Invention

    consortium = Consortium.objects.get(slug="opera-demo")
    page = login(persona).get(consortium.get_absolute_url()).content.decode()
    agreements = Agreement.objects.filter(pk__in=expected.visible[persona, "Agreement"], consortium=consortium).count()
    inventions = Invention.objects.filter(pk__in=expected.visible[persona, "Invention"], consortium=consortium).count()
    assert f'<a href="/agreements/?consortium={consortium.pk}">{agreements} agreements</a>' in page
    assert f'<a href="/inventions/?consortium={consortium.pk}">{inventions} inventions</a>' in page
    assert "<h2>Funding by fiscal year</h2>" in page
    assert ("Matching ratio" in page) is shows_ratio
