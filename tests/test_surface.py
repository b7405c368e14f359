"""What every surface must agree on: hidden figures, scoped timelines, deletes that leave a record.

The figures are the demo's (``kyoso demo``): review item of EP 25782912.5 (INV-2023-0001) carries
¥6,300,000 of licence income from Fuji Mobility's licence LIC-2024-001; Asahi Devices co-owns
that invention and is paid, from that licence, ¥600,000 of costs and a 50 % share of ¥4,590,000
(= ¥2,295,000), and the statement's arithmetic names those amounts.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from kyoso.consortia.models import Consortium, ResearchTopic
from kyoso.core.models import Event
from kyoso.licensing.models import StatementLine
from kyoso.parties.models import Organisation
from kyoso.portfolio.models import ReviewItem

from .expected import csv_rows, table_html, xlsx_rows

INCOME = "6,300,000"
FUJI_LICENCE = "LIC-2024-001"


def _income_item():
    return ReviewItem.objects.get(filing__application_number="EP 25782912.5")


# -- licence income on review rights -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["company-a", "company-b"])
def test_company_never_reads_licence_income_of_a_review_right(persona, login, api):
    item = _income_item()
    web = login(persona)
    pages = [
        web.get(reverse("portfolio:reviewitem_list"), {"per_page": 500}),
        web.get(reverse("portfolio:reviewitem_detail", args=[item.pk])),
        web.get(item.round.get_absolute_url()),
    ]
    for page in pages:
        assert page.status_code == 200
        assert INCOME not in page.content.decode()
    for export_format, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        rows = read(web.get(reverse("portfolio:reviewitem_list"), {"export": export_format}))
        assert rows, "the company sees the right, so the export has rows"
        assert not any("6300000" in cell or INCOME in cell for row in rows for cell in row)
    response = api(persona).get(f"/api/portfolio/rights/{item.pk}/")
    assert response.status_code == 200
    assert "6300000" not in response.content.decode()


def test_cpo_reads_the_income_of_a_review_right(login):
    item = _income_item()
    page = login("cpo").get(reverse("portfolio:reviewitem_list"), {"per_page": 500})
    assert INCOME in table_html(page)
    detail = login("cpo").get(reverse("portfolio:reviewitem_detail", args=[item.pk])).content.decode()
    assert "6300000" in detail.replace(",", "")


# -- co-owner statements -------------------------------------------------------------------------------


def test_co_owner_statement_hides_the_other_companys_licence_and_its_arithmetic(login, api):
    asahi_lines = StatementLine.objects.filter(organisation__name="Asahi Devices Corporation", person__isnull=True)
    assert sorted(asahi_lines.values_list("amount", flat=True)) == [600_000, 2_295_000]
    web = login("company-a")
    page = web.get(reverse("licensing:statement"))
    html = table_html(page)
    assert "2,295,000" in html and "600,000" in html  # its own money
    assert FUJI_LICENCE not in html
    assert "4,590,000" not in html  # the licence's net income, named by the arithmetic
    rows = csv_rows(web.get(reverse("licensing:statement"), {"export": "csv"}))
    assert len(rows) == 2
    assert not any(FUJI_LICENCE in cell or "4,590,000" in cell for row in rows for cell in row)
    results = api("company-a").get("/api/licensing/statement-lines/").json()["results"]
    assert {r["amount"] for r in results} == {600_000, 2_295_000}
    assert {r["licence"] for r in results} == {None}
    assert {r["working"] for r in results} == {None}


def test_licensee_reads_its_own_licence_on_a_statement_line(login):
    # The CPO runs the distribution: every line shows its licence and arithmetic.
    html = table_html(login("cpo").get(reverse("licensing:statement"), {"per_page": 200}))
    assert FUJI_LICENCE in html
    assert "50 % × 4,590,000 = 2,295,000" in html


# -- timelines: an event about one member's money ------------------------------------------------------


def test_class_change_on_the_consortium_is_read_by_that_company_and_the_cpo_only(login, user):
    from kyoso.agreements.models import Agreement, Contribution
    from kyoso.agreements.services import save_contribution

    consortium = Consortium.objects.get(slug="opera-demo")
    fuji = Organisation.objects.get(name="Fuji Mobility Systems Corporation")
    agreement = Agreement.objects.get(number="OPERA-2022-001")
    # Fuji holds class B (10.36 % of the pooled money); ¥150 M more in FY2026 moves it to class A (≥ 20 %).
    fy2026 = Contribution.objects.get(agreement=agreement, contributor=fuji, fiscal_year=2026, kind="cash", source="company")
    fy2026.direct_amount += 150_000_000
    save_contribution(fy2026, user=user("ipoffice"))
    event = Event.objects.get(verb="class-changed", content_type=ContentType.objects.get_for_model(Consortium),
                              object_id=consortium.pk, summary__contains="Fuji Mobility")
    # Pooled money before: 625,196,400 (six companies); Fuji's 150 M direct + 20 % indirect = 180 M.
    figures = "244,798,800 ÷ 805,196,400"
    assert figures in event.summary
    url = consortium.get_absolute_url()
    assert figures in login("cpo").get(url).content.decode()
    assert figures not in login("company-a").get(url).content.decode()
    assert figures not in login("company-b").get(url).content.decode()


# -- deletes leave a record ----------------------------------------------------------------------------


def _events_of(model, pk):
    return list(Event.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk)
                .order_by("occurred_at", "pk").values_list("verb", flat=True))


def test_web_delete_of_a_top_level_record_keeps_its_events_and_adds_deleted(login):
    web = login("ipoffice")
    web.post(reverse("parties:organisation_add"), {"name": "Short-lived KK", "kind": "company", "size": "sme",
                                                   "country": "JP", "is_domestic": "on"})
    org = Organisation.objects.get(name="Short-lived KK")
    response = web.post(reverse("parties:organisation_delete", args=[org.pk]))
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert _events_of(Organisation, org.pk) == ["created", "deleted"]
    deleted = Event.objects.get(content_type=ContentType.objects.get_for_model(Organisation), object_id=org.pk,
                                verb="deleted")
    assert deleted.summary_by_language["en"] == "organisation “Short-lived KK” deleted"
    assert "Short-lived KK" in deleted.summary_by_language["ja"] and "削除" in deleted.summary_by_language["ja"]


def test_api_delete_of_a_top_level_record_records_the_same_as_the_web(api):
    client = api("ipoffice")
    created = client.post("/api/organisations/", {"name": "Short-lived API KK", "kind": "company", "size": "sme",
                                                  "country": "JP", "is_domestic": True}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.delete(f"/api/organisations/{pk}/").status_code == 204
    assert _events_of(Organisation, pk) == ["created", "deleted"]


def test_deleting_a_child_writes_deleted_on_its_parent_in_both_languages(login, user):
    from kyoso.core.services import save_object

    existing = ResearchTopic.objects.select_related("consortium", "area").first()
    consortium = existing.consortium
    topic = save_object(ResearchTopic(consortium=consortium, area=existing.area, code="T-DEL", title="To be deleted"),
                        user=user("ipoffice"))
    response = login("ipoffice").post(reverse("consortia:researchtopic_delete", args=[topic.pk]))
    assert response.status_code == 302
    event = Event.objects.filter(content_type=ContentType.objects.get_for_model(Consortium), object_id=consortium.pk,
                                 verb="deleted").get()
    assert event.summary_by_language["en"] == f"research topic “{topic}” deleted"
    assert "削除" in event.summary_by_language["ja"]


# -- many-to-many in the service's transaction -------------------------------------------------------------


def test_changing_a_topics_participants_writes_one_event_web_and_api(login, api):
    topic = ResearchTopic.objects.prefetch_related("participants").first()
    before = Event.objects.filter(verb="changed").count()
    members = list(topic.consortium.memberships.filter(role="company").values_list("organisation_id", flat=True))
    current = set(topic.participants.values_list("pk", flat=True))
    new = [pk for pk in members if pk not in current][:1] or members[:1]
    response = api("ipoffice").patch(f"/api/research-topics/{topic.pk}/", {"participants": new}, format="json")
    assert response.status_code == 200, response.content
    assert set(topic.participants.values_list("pk", flat=True)) == set(new)
    changed = Event.objects.filter(verb="changed", object_id=topic.pk,
                                   content_type=ContentType.objects.get_for_model(ResearchTopic))
    assert Event.objects.filter(verb="changed").count() == before + 1
    assert "participat" in changed.get().summary_by_language["en"].lower()


# -- fee shares of co-owners on a pooled invention -----------------------------------------------------


def test_a_pool_member_sees_how_co_owners_split_the_official_fees(login):
    """Decided: a fee's split between co-owners is shown to everyone who sees the filing.

    It follows from two facts those readers already have: the owners' shares (on the invention's
    page) and the office's fee (public tables). What each co-owner actually *paid* is its own
    (the IP fund's cost records, scoped to the payer) and stays hidden.
    """
    from kyoso.ip.models import Filing

    filing = Filing.objects.get(application_number="特願2023-162850")  # Kita-Nihon U 70 %, Chikuma Semi 30 %
    html = login("company-a").get(filing.get_absolute_url()).content.decode()
    # The next fee on the page, ¥9,950, split 70 % = ¥6,965 and 30 % = ¥2,985.
    assert "Chikuma Semi" in html
    assert "6,965" in html and "2,985" in html


def test_hiding_statement_lines_reads_no_licence_per_line(api):
    """The API hides another licensee's licence row by row, from the lines it already read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api("company-a")
    client.get("/api/licensing/statement-lines/")  # warm: session, profile, content types
    with CaptureQueriesContext(connection) as queries:
        results = client.get("/api/licensing/statement-lines/").json()["results"]
    assert len(results) == 2
    by_key = [q["sql"] for q in queries.captured_queries if 'FROM "licensing_licence" WHERE' in q["sql"]]
    assert by_key == []  # no "SELECT … FROM licensing_licence WHERE id = …" per line
