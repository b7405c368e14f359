"""Pages whose work must not grow with the portfolio: the fee forecast, the IP budget, the docket
home and the dashboard read the same number of queries for the demo world and for the demo world
grown by more consortia (each with its cost rule and members), inventions, filings and
contributions — every one added through the services, and every one visible to the persona.

Timings belong to ``make bench``; what a test can hold fixed is the number of queries: a query per
invention, consortium or contribution shows up here as a count that grows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

TODAY = date(2026, 11, 26)
PAGES = ["/docket/forecast/", "/budget/?consortium=opera-demo", "/docket/", "/"]
PERSONAS = ["ipoffice", "cpo", "company-a"]


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


def _grow(user, steps: range) -> None:
    """More of everything the four pages read, through the services, seen by each persona.

    Per step: a new consortium with a cost rule (nagoya-hmhs) whose members are the demo's
    university and Asahi Devices (company-a), run by the demo CPO; in it and in opera-demo an
    invention co-owned by the university and Asahi with a registered JP patent (annuities ahead, so
    docket rows and forecast fees), a pending EP application and a US patent; an agreement with
    Asahi's contribution in each.
    """
    from kyoso.agreements.models import Agreement, AgreementParty, Contribution
    from kyoso.agreements.services import save_agreement, save_contribution
    from kyoso.consortia.models import Consortium, Membership
    from kyoso.consortia.services import save_consortium, save_membership
    from kyoso.core.services import save_object
    from kyoso.ip.models import Filing, Invention
    from kyoso.ip.services import save_filing, save_invention, set_owners
    from kyoso.licensing.presets import install_policy

    office = user("ipoffice")
    demo = Consortium.objects.get(slug="opera-demo")
    asahi = user("company-a").profile.organisation
    university = demo.lead_institution
    cpo = user("cpo").profile
    for i in steps:
        consortium = save_consortium(Consortium(
            slug=f"grown-{i}", name=f"Grown consortium {i}", lead_institution=university,
            first_fiscal_year=2024, last_fiscal_year=2028), user=office)
        for organisation, role in ((university, "lead"), (asahi, "company")):
            save_membership(Membership(consortium=consortium, organisation=organisation, role=role,
                                       joined=date(2024, 4, 1)), user=office)
        install_policy(consortium, "nagoya-hmhs", effective_from=date(2024, 4, 1), user=office, governs_costs=True)
        cpo.consortia.add(consortium)
        for where in (consortium, demo):
            agreement = save_agreement(Agreement(
                number=f"GROWN-{where.slug}-{i}", title=f"Grown agreement {i}", consortium=where, kind="bilateral",
                start=date(2024, 4, 1), end=date(2027, 3, 31), indirect_rate=Decimal(30), ip_earmark_rate=Decimal(10)),
                user=office)
            for organisation, role in ((university, "university"), (asahi, "company")):
                save_object(AgreementParty(agreement=agreement, organisation=organisation, role=role), user=office)
            save_contribution(Contribution(agreement=agreement, contributor=asahi, fiscal_year=2025, source="company",
                                           direct_amount=10_000_000), user=office)
            invention = save_invention(Invention(title=f"Grown invention {where.slug} {i}", disclosed_on=date(2020, 1, 10),
                                                 consortium=where, agreement=agreement), user=office)
            set_owners(invention, [(university.pk, Decimal(50)), (asahi.pk, Decimal(50))], user=office)
            family = invention.families.get()
            save_filing(Filing(family=family, office="JP", kind="national", status="registered", claims=5,
                               application_number=f"特願2020-{900000 + i * 2 + (where == demo):06d}",
                               filing_date=date(2020, 2, 5), exam_requested_on=date(2020, 3, 1),
                               registered_on=date(2022, 6, 1)), user=office)
            save_filing(Filing(family=family, office="EP", kind="national", status="examination", claims=5,
                               filing_date=date(2021, 2, 5)), user=office)
            save_filing(Filing(family=family, office="US", kind="national", status="registered", claims=5,
                               filing_date=date(2021, 2, 5), registered_on=date(2023, 8, 1)), user=office)


def _queries(web, url) -> tuple[int, bytes]:
    cache.clear()  # the dashboard's figures are cached: count a cold visit each time
    with CaptureQueriesContext(connection) as captured:
        response = web.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_does_not_grow_with_the_portfolio(login, user, today, persona, url):
    web = login(persona)
    web.get(url)  # warm what every page reads once per process (content types, the session)
    _grow(user, range(0, 1))
    small, small_page = _queries(web, url)
    _grow(user, range(1, 11))  # ten more consortia, twenty more inventions, sixty more filings…
    large, large_page = _queries(web, url)
    assert large == small, f"{url} as {persona}: {small} queries, then {large} for a larger world"
    assert large_page != small_page  # the page did read the larger world


@pytest.mark.parametrize("persona", ["ipoffice", "auditor", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher"])
def test_dashboard_tiles_count_exactly_what_the_lists_show(user, persona):
    """The index-only counts of the dashboard's tiles (``count_for``) are the scoped counts."""
    from django.apps import apps

    for label in ("consortia.consortium", "agreements.agreement", "ip.invention", "ip.filing", "ip.family"):
        model = apps.get_model(label)
        assert model.objects.all().count_for(user(persona)) == model.objects.for_user(user(persona)).count(), label


@pytest.mark.parametrize("persona", ["ipoffice", "auditor", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher"])
def test_deadline_lists_and_counts_read_the_same_rows(user, persona):
    """A company's deadline list tests each row's filing as it walks the due dates; its counts (the
    paginator's, the docket home's) read its filings' rows, or join deadlines to inventions. Both are the rows an
    oracle written from the rule itself picks: the consortia's non-confidential pool and what the
    company co-owns (anyone else: the filings they may see)."""
    from kyoso.consortia.models import Membership
    from kyoso.core.roles import Role, actor_of
    from kyoso.docket.models import Deadline
    from kyoso.ip.models import Filing, InventionOwner

    actor = actor_of(user(persona))
    listed = set(Deadline.objects.for_user(actor).values_list("pk", flat=True))
    counted = set(Deadline.objects.counted_for(actor).values_list("pk", flat=True))
    counted_up_to = set(Deadline.objects.counted_for(actor, up_to=10_000).values_list("pk", flat=True))
    if actor.role == Role.COMPANY:
        member = set(Membership.objects.filter(organisation_id=actor.organisation_id).values_list("consortium_id", flat=True))
        owned = set(InventionOwner.objects.filter(organisation_id=actor.organisation_id).values_list("invention_id", flat=True))
        expected = {
            deadline.pk for deadline in Deadline.objects.select_related("filing__family__invention")
            if (invention := deadline.filing.family.invention).pk in owned
            or (not invention.confidential and invention.consortium_id in member)
        }
        hidden = Deadline.objects.exclude(pk__in=expected)
        assert expected and hidden.exists(), "the world must show a company some deadlines and hide others"
    else:
        filings = set(Filing.objects.for_user(actor).values_list("pk", flat=True))
        expected = set(Deadline.objects.filter(filing_id__in=filings).values_list("pk", flat=True))
    assert listed == expected
    assert counted == expected
    assert counted_up_to == expected
    assert Deadline.objects.count_for(actor) == len(expected)


@pytest.mark.parametrize("persona", ["company-a", "company-b"])
def test_a_company_deadline_list_counts_its_rows_in_the_counting_shape(login, user, persona):
    """The list's paginator counts the filtered rows through ``counted_for`` (joined, not tested
    row by row), and finds as many as the list holds, filters included."""
    from kyoso.docket.models import Deadline

    web = login(persona)
    for query, rows in (("", Deadline.objects.for_user(user(persona))),
                        ("?state=open", Deadline.objects.for_user(user(persona)).filter(state="open"))):
        paginator = web.get(f"/docket/deadlines/{query}").context["table"].paginator
        assert paginator.counted is not None
        assert "JOIN" in str(paginator.counted.query) and "_seen" not in str(paginator.counted.query)
        assert paginator.count == rows.count() > 0


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "company-a", "company-b", "researcher"])
def test_agreement_counts_read_the_rows_the_list_shows(login, user, persona):
    """A company's agreement list counts from the list of agreements it is party to (one shape),
    while the page tests each agreement (another): both are the agreements an oracle written from
    the rule picks — those naming the company as a party — and the paginator's count agrees, filters included."""
    from kyoso.agreements.models import Agreement, AgreementParty
    from kyoso.core.roles import Role, actor_of

    actor = actor_of(user(persona))
    listed = set(Agreement.objects.for_user(actor).values_list("pk", flat=True))
    counted = set(Agreement.objects.counted_for(actor, up_to=10_000).values_list("pk", flat=True))
    if actor.role == Role.COMPANY:
        expected = {party.agreement_id for party in AgreementParty.objects.all() if party.organisation_id == actor.organisation_id}
        assert expected and Agreement.objects.exclude(pk__in=expected).exists(), "the company must see some and not others"
    else:
        expected = listed
    assert listed == counted == expected
    if actor.role == Role.COMPANY:
        theirs = list(Agreement.objects.filter(pk__in=expected))
        searched = theirs[0].number
        found = [a for a in theirs if searched.lower() in f"{a.number} {a.title} {a.title_ja}".lower()]
        assert 0 < len(found) < len(expected), "the search must keep some of the company's agreements and drop others"
        paginator = login(persona).get("/agreements/", {"q": searched}).context["table"].paginator
        assert paginator.counted is not None and paginator.count == len(found)


@pytest.mark.parametrize("persona", ["cpo", "company-a", "company-b", "company-c", "researcher"])
def test_invention_counts_read_the_rows_the_list_shows(login, user, persona):
    """A company's invention list counts its scope as lists the database starts from, while the
    page tests each invention: both are what an oracle written from the rule picks (its consortia's
    non-confidential pool and what it co-owns), and so is the paginator's count."""
    from kyoso.consortia.models import Membership
    from kyoso.core.roles import Role, actor_of
    from kyoso.ip.models import Invention, InventionOwner

    actor = actor_of(user(persona))
    listed = set(Invention.objects.for_user(actor).values_list("pk", flat=True))
    counted = set(Invention.objects.counted_for(actor, up_to=10_000).values_list("pk", flat=True))
    if actor.role == Role.COMPANY:
        member = set(Membership.objects.filter(organisation_id=actor.organisation_id).values_list("consortium_id", flat=True))
        owned = set(InventionOwner.objects.filter(organisation_id=actor.organisation_id).values_list("invention_id", flat=True))
        expected = {i.pk for i in Invention.objects.all()
                    if i.pk in owned or (not i.confidential and i.consortium_id in member)}
        assert expected and Invention.objects.exclude(pk__in=expected).exists(), "the company must see some and not others"
        paginator = login(persona).get("/inventions/").context["table"].paginator
        assert paginator.counted is not None and paginator.count == len(expected)
    else:
        expected = listed
    assert listed == counted == expected


@pytest.mark.parametrize("persona", ["cpo", "company-a", "company-b", "company-c", "researcher"])
def test_filing_lists_and_counts_read_the_same_rows(login, user, persona):
    """A company's filing list tests each filing's invention as it walks the list's order, while
    its counts, charts and forecast read the filings joined to their inventions: both are the
    filings an oracle written from the rule picks (a company: its consortia's non-confidential
    pool and what it co-owns; a CPO: their consortia's; a researcher: their inventions'), and so
    are the list page's and the API's counts."""
    from kyoso.consortia.models import Membership
    from kyoso.core.roles import Role, actor_of
    from kyoso.ip.models import Filing, InventionOwner, Inventor

    actor = actor_of(user(persona))
    listed = set(Filing.objects.for_user(actor).values_list("pk", flat=True))
    counted = set(Filing.objects.counted_for(actor).values_list("pk", flat=True))
    counted_up_to = set(Filing.objects.counted_for(actor, up_to=10_000).values_list("pk", flat=True))
    filings = list(Filing.objects.select_related("family__invention"))
    if actor.role == Role.COMPANY:
        member = set(Membership.objects.filter(organisation_id=actor.organisation_id).values_list("consortium_id", flat=True))
        owned = set(InventionOwner.objects.filter(organisation_id=actor.organisation_id).values_list("invention_id", flat=True))
        expected = {f.pk for f in filings if (invention := f.family.invention).pk in owned
                    or (not invention.confidential and invention.consortium_id in member)}
        assert "_seen" in str(Filing.objects.for_user(actor).query)
        assert "_seen" not in str(Filing.objects.counted_for(actor).query)
    elif actor.role == Role.CPO:
        expected = {f.pk for f in filings if f.family.invention.consortium_id in set(actor.consortium_ids)}
    else:
        theirs = set(Inventor.objects.filter(person_id=actor.person_id).values_list("invention_id", flat=True))
        expected = {f.pk for f in filings if f.family.invention_id in theirs}
    assert expected and len(expected) < len(filings), "the persona must see some filings and not others"
    assert listed == counted == counted_up_to == expected
    assert login(persona).get("/filings/").context["table"].paginator.count == len(expected)
    assert login(persona).get("/api/filings/").json()["count"] == len(expected)


@pytest.mark.parametrize("url", ["/api/filings/", "/api/deadlines/", "/api/inventions/"])
def test_a_company_api_list_counts_in_the_counting_shape(login, user, url):
    """An API list counts a company's rows as the web list does: through ``counted_for`` (no
    row-by-row probe in the count), finding as many rows as the scope holds."""
    from django.urls import resolve

    web = login("company-a")
    model = resolve(url).func.cls.queryset.model
    with CaptureQueriesContext(connection) as captured:
        body = web.get(url).json()
    counts = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "_seen" not in counts[0]
    assert body["count"] == model.objects.for_user(user("company-a")).count() > 0
