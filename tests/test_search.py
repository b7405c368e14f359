"""The search box, bulk actions, saved filters and autocompletes (issue 13, "Search and bulk work").

Every kind is searched within what the user may see: two consortia (opera-demo, opera-second)
and companies inside and outside each.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

NOTATIONS = ["特願2024-012345", "2024-012345", "JP2024012345", "２０２４－０１２３４５", "2024012345", "特願２０２４－０１２３４５"]


def _visible_family(user, persona="company-a"):
    from kyoso.ip.models import Invention

    invention = (Invention.objects.for_user(user(persona)).filter(consortium__slug="opera-demo", confidential=False)
                 .order_by("pk").first())
    return invention.families.order_by("pk").first()


@pytest.fixture
def filing(user):
    from kyoso.ip.models import Filing
    from kyoso.ip.services import save_filing

    return save_filing(Filing(family=_visible_family(user), office="JP", kind="national", status="filed",
                              application_number="特願2024-012345", filing_date=date(2024, 1, 25)), user=user("ipoffice"))


def _links(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<a href="([^"]+)"', response.content.decode().split('<main class="page">', 1)[1])


def _groups(response) -> dict[str, str]:
    """kind → its count badge."""
    page = response.content.decode()
    return dict(re.findall(r'<section class="card search-group" id="search-(\w+)">\s*<h2>.*?<span class="badge">([^<]+)</span>', page))


@pytest.mark.parametrize("written", NOTATIONS)
def test_each_notation_finds_the_same_filing(login, filing, written):
    response = login("ipoffice").get("/search/", {"q": written})
    assert filing.get_absolute_url() in _links(response)
    assert _groups(response)["filings"] == "1"


def test_a_publication_and_a_changed_number_are_found_by_their_new_key(login, user, filing):
    from kyoso.ip.services import save_filing

    filing.application_number = "特願2024-054321"
    filing.publication_number = "特開2025-123456"
    filing.publication_date = date(2025, 7, 25)
    filing.status = "published"
    save_filing(filing, user=user("ipoffice"))
    web = login("ipoffice")
    assert filing.get_absolute_url() in _links(web.get("/search/", {"q": "2025-123456"}))
    assert filing.get_absolute_url() in _links(web.get("/search/", {"q": "JP2024054321"}))
    assert filing.get_absolute_url() not in _links(web.get("/search/", {"q": "特願2024-012345"}))


def test_the_filing_list_filter_takes_any_notation_too(login, filing):
    page = login("ipoffice").get("/filings/", {"q": "JP2024012345"}).content.decode()
    assert "特願2024-012345" in page


def test_the_import_path_keeps_the_search_key(user):
    """The bulk importer writes filings by SQL, not Filing.save: it fills the keys itself."""
    from kyoso.ip.models import Filing

    built = Filing(office="US", application_number="US 17/123,456")
    built.fill_number_keys()
    assert built.application_key == "17123456"
    assert Filing.objects.exclude(application_number="").filter(application_key="").count() == 0  # the demo, backfilled


def test_a_company_finds_its_pool_but_no_confidential_invention(login, user):
    from kyoso.ip.models import Invention

    for persona in ("company-a", "company-b", "company-c", "cpo-2"):  # two consortia, three companies
        seen = Invention.objects.for_user(user(persona))
        hidden = Invention.objects.filter(confidential=True).exclude(pk__in=seen.values("pk")).order_by("pk").first()
        pooled = seen.filter(confidential=False).order_by("pk").first()
        web = login(persona)
        assert _groups(web.get("/search/", {"q": hidden.reference})) == {}, persona
        assert pooled.get_absolute_url() in _links(web.get("/search/", {"q": pooled.reference})), persona
        assert hidden.get_absolute_url() in _links(login("ipoffice").get("/search/", {"q": hidden.reference}))


def test_a_company_never_finds_another_companys_licence(login):
    kiso = "LIC-2025-011"  # Kiso Robotics (company-c), opera-second
    assert "licences" in _groups(login("company-c").get("/search/", {"q": kiso}))
    for persona in ("company-b", "company-a"):  # Boso shares opera-second with Kiso; Asahi does not
        assert "licences" not in _groups(login(persona).get("/search/", {"q": kiso})), persona


def test_another_consortiums_filing_is_not_found(login, filing):
    assert "filings" in _groups(login("cpo").get("/search/", {"q": "JP2024012345"}))
    assert "filings" not in _groups(login("cpo-2").get("/search/", {"q": "JP2024012345"}))
    assert "filings" not in _groups(login("company-c").get("/search/", {"q": "JP2024012345"}))


def test_inventors_are_found_in_either_script(login):
    from django.db.models import Count

    from kyoso.ip.models import Inventor
    from kyoso.parties.models import Person

    person = (Person.objects.exclude(family_name_ja="").annotate(n=Count("inventorships")).filter(n__gte=1)
              .order_by("n", "pk").first())  # an inventor of few inventions: every one shows in its group
    inventor = Inventor.objects.filter(person=person).select_related("person", "invention").first()
    web = login("ipoffice")
    for name in (inventor.person.family_name_ja, inventor.person.family_name):
        assert inventor.invention.get_absolute_url() in _links(web.get("/search/", {"q": name})), name


def test_organisations_by_japanese_or_english_name_without_the_legal_form(login):
    web = login("company-a")
    for text in ("Asahi Devices Corporation", "asahi", "旭デバイス株式会社", "株式会社 旭デバイス"):
        assert "organisations" in _groups(web.get("/search/", {"q": text})), text


def test_groups_are_capped_with_a_link_to_the_whole_list_and_the_queries_stay_bounded(login, user):
    from kyoso.parties.models import Person
    from kyoso.parties.services import save_person

    web = login("ipoffice")
    web.get("/search/", {"q": "Zyxwu"})  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        web.get("/search/", {"q": "Zyxwu"})
    for i in range(25):
        save_person(Person(family_name="Zyxwu", given_name=f"Test{i}"), user=user("ipoffice"))
    with CaptureQueriesContext(connection) as many:
        response = web.get("/search/", {"q": "Zyxwu"})
    assert _groups(response) == {"people": "25"}
    page = response.content.decode()
    assert page.count("/people/") - page.count('href="/people/?') >= 20
    assert 'href="/people/?q=Zyxwu"' in page
    assert len(many) <= len(few) + 1  # the same count and rows queries, whatever the number found


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor"])
def test_search_page_for_every_role(login, persona):
    response = login(persona).get("/search/", {"q": "INV"})
    assert response.status_code == 200
    assert 'id="header-search"' in response.content.decode()


def test_search_needs_a_login(client):
    response = client.get("/search/", {"q": "INV"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_too_short_search_asks_for_more(login):
    page = login("ipoffice").get("/search/", {"q": "a"}).content.decode()
    assert "Type at least two characters." in page


# --- Bulk actions ------------------------------------------------------------------------------

def _open_deadlines(user, persona="cpo", count=3, consortium="opera-demo"):
    from kyoso.docket.models import Deadline

    return list(Deadline.objects.for_user(user(persona), "change").filter(
        state="open", filing__family__invention__consortium__slug=consortium).order_by("pk")[:count])


def _messages(response) -> list[str]:
    return re.findall(r'<div class="message (\w+)" role="status">(.*?)</div>', response.content.decode(), re.S)


def test_bulk_mark_done_writes_one_event_per_deadline(login, user):
    from kyoso.core.models import Event
    from kyoso.docket.models import Deadline

    deadlines = _open_deadlines(user)
    before = Event.objects.filter(verb="deadline-done").count()
    response = login("cpo").post("/docket/deadlines/?window=open", {
        "bulk_action": "mark_done", "selected": [d.pk for d in deadlines]}, follow=True)
    assert ("success", "Mark done: 3 records.") in _messages(response)
    assert set(Deadline.objects.filter(pk__in=[d.pk for d in deadlines]).values_list("state", flat=True)) == {"done"}
    assert Deadline.objects.filter(pk__in=[d.pk for d in deadlines], completed_by=user("cpo")).count() == 3
    assert Event.objects.filter(verb="deadline-done").count() == before + 3


def test_bulk_mark_done_refuses_all_when_one_is_already_closed(login, user):
    from kyoso.core.models import Event
    from kyoso.docket.models import Deadline
    from kyoso.docket.services import complete_deadline

    first, second, third = _open_deadlines(user)
    complete_deadline(third, "waived", user=user("ipoffice"))
    before = Event.objects.count()
    response = login("cpo").post("/docket/deadlines/", {"bulk_action": "mark_done", "selected": [first.pk, second.pk, third.pk]},
                                 follow=True)
    (kind, text), = [m for m in _messages(response) if m[0] == "error"]
    assert str(third) in text and "nothing was changed" in text
    assert list(Deadline.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == ["open", "open"]
    assert Event.objects.count() == before


def test_bulk_refuses_all_when_one_record_may_not_be_changed(user):
    """Visible but not changeable (the auditor reads every deadline): refused, naming the record."""
    from kyoso.core.bulk import BulkRefused, run_bulk
    from kyoso.docket.models import Deadline
    from kyoso.docket.views import MARK_DONE

    deadlines = _open_deadlines(user)
    with pytest.raises(BulkRefused, match="You may not change deadline"):
        run_bulk(Deadline, [d.pk for d in deadlines], MARK_DONE, user=user("auditor"))
    assert set(Deadline.objects.filter(pk__in=[d.pk for d in deadlines]).values_list("state", flat=True)) == {"open"}


def test_another_consortiums_deadline_refuses_the_whole_action(login, user):
    from kyoso.docket.models import Deadline

    own = _open_deadlines(user, "cpo-2", 2, "opera-second")
    other = _open_deadlines(user, "cpo", 1)[0]  # opera-demo's: cpo-2 cannot see it
    response = login("cpo-2").post("/docket/deadlines/", {"bulk_action": "mark_done", "selected": [d.pk for d in [*own, other]]},
                                   follow=True)
    assert ("error", f"Record {other.pk} was not found; nothing was changed.") in _messages(response)
    assert set(Deadline.objects.filter(pk__in=[d.pk for d in [*own, other]]).values_list("state", flat=True)) == {"open"}


def test_read_only_roles_get_no_bulk_change(login, user):
    from kyoso.docket.models import Deadline

    deadline = _open_deadlines(user)[0]
    page = login("auditor").get("/docket/deadlines/").content.decode()
    assert 'value="mark_done"' not in page and 'value="export"' in page
    response = login("auditor").post("/docket/deadlines/", {"bulk_action": "mark_done", "selected": [deadline.pk]})
    assert response.status_code == 403
    assert Deadline.objects.get(pk=deadline.pk).state == "open"


def test_export_selected_writes_only_the_checked_rows(login, user):
    from kyoso.ip.models import Filing

    chosen = list(Filing.objects.exclude(application_number="").order_by("pk")[:2])
    response = login("ipoffice").post("/filings/", {"bulk_action": "export", "value_export": "csv", "selected": [f.pk for f in chosen]})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3  # the header and the two rows
    assert all(any(f.application_number in line for line in lines) for f in chosen)


def test_bulk_status_change_goes_through_the_service_per_record(login, user):
    from kyoso.core.models import Event
    from kyoso.ip.models import Invention

    chosen = list(Invention.objects.for_user(user("cpo"), "change").exclude(status="abandoned").order_by("pk")[:2])
    events = Event.objects.filter(object_id__in=[i.pk for i in chosen], content_type__model="invention")
    before = events.count()
    response = login("cpo").post("/inventions/", {"bulk_action": "set_status", "value_set_status": "abandoned",
                                                  "selected": [i.pk for i in chosen]}, follow=True)
    assert ("success", "Change status to: 2 records.") in _messages(response)
    assert set(Invention.objects.filter(pk__in=[i.pk for i in chosen]).values_list("status", flat=True)) == {"abandoned"}
    assert events.count() == before + 2


def test_bulk_delete_asks_first_then_deletes_through_the_service(login, user):
    from kyoso.parties.models import Person
    from kyoso.parties.services import save_person

    people = [save_person(Person(family_name="Bulkdel", given_name=str(i)), user=user("ipoffice")) for i in range(2)]
    web = login("ipoffice")
    asked = web.post("/people/", {"bulk_action": "delete", "selected": [p.pk for p in people]})
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in asked.content.decode()
    assert Person.objects.filter(family_name="Bulkdel").count() == 2
    web.post("/people/", {"bulk_action": "delete", "selected": [p.pk for p in people], "confirmed": "1"})
    assert Person.objects.filter(family_name="Bulkdel").count() == 0


# --- Saved filters ------------------------------------------------------------------------------

def test_saved_filter_round_trip_is_the_owners_alone(login):
    from kyoso.core.models import SavedFilter

    owner = login("company-a")
    response = owner.post("/saved-filters/add/", {"path": "/filings/", "name": "JP filed", "query": "office=JP&status=filed&page=3"})
    assert response.status_code == 302 and response["Location"] == "/filings/?office=JP&status=filed"
    saved = SavedFilter.objects.get(name="JP filed")
    assert 'href="/filings/?office=JP&amp;status=filed">JP filed</a>' in owner.get("/filings/").content.decode()
    other = login("company-b")
    assert "JP filed" not in other.get("/filings/").content.decode()
    assert other.post(f"/saved-filters/{saved.pk}/delete/").status_code == 404
    assert owner.post(f"/saved-filters/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_filter_is_saved_on_list_pages_only(login):
    from kyoso.core.models import SavedFilter

    login("company-a").post("/saved-filters/add/", {"path": "/admin/", "name": "x", "query": "a=1"})
    assert not SavedFilter.objects.filter(name="x").exists()


# --- Autocompletes ------------------------------------------------------------------------------

def test_autocomplete_is_scoped(login, user):
    from kyoso.ip.models import Invention

    seen = Invention.objects.for_user(user("company-c"))
    hidden = Invention.objects.filter(confidential=True).exclude(pk__in=seen.values("pk")).order_by("pk").first()
    found = login("ipoffice").get("/autocomplete/inventions/", {"q": hidden.reference}).json()["results"]
    assert [row["id"] for row in found] == [hidden.pk]
    assert login("company-c").get("/autocomplete/inventions/", {"q": hidden.reference}).json() == {"results": []}
    assert login("company-b").get("/autocomplete/organisations/", {"q": "Asahi"}).json()["results"]
    assert login("ipoffice").get("/autocomplete/nothing/", {"q": "x"}).status_code == 404


def test_a_record_typed_by_number_offers_a_searchable_box(login, monkeypatch):
    from kyoso.core import forms

    monkeypatch.setattr(forms, "MAX_SELECT_CHOICES", 3)
    page = login("ipoffice").get("/affiliations/add/").content.decode()
    assert re.search(r'<input type="number" name="organisation"[^>]*data-autocomplete="/autocomplete/organisations/"', page)
    assert "kyoso/autocomplete.js" in page


def test_bulk_assign_makes_one_person_responsible_for_each(login, user):
    from kyoso.core.models import Event
    from kyoso.docket.models import Deadline

    deadlines = _open_deadlines(user)
    cpo = user("cpo")
    before = Event.objects.filter(verb="deadline-assigned").count()
    response = login("ipoffice").post("/docket/deadlines/", {"bulk_action": "assign", "value_assign": str(cpo.pk),
                                                             "selected": [d.pk for d in deadlines]}, follow=True)
    assert ("success", "Make responsible: 3 records.") in _messages(response)
    assert Deadline.objects.filter(pk__in=[d.pk for d in deadlines], responsible=cpo).count() == 3
    assert Event.objects.filter(verb="deadline-assigned").count() == before + 3
    refused = login("ipoffice").post("/docket/deadlines/", {"bulk_action": "assign", "value_assign": str(user("company-a").pk),
                                                            "selected": [d.pk for d in deadlines]}, follow=True)
    assert any("nothing was changed" in text for kind, text in _messages(refused) if kind == "error")
    assert Deadline.objects.filter(pk__in=[d.pk for d in deadlines], responsible=cpo).count() == 3
