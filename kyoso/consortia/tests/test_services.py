"""Consortia and their parts change through kyoso.consortia.services, from the pages and the API alike:
members joining and leaving, and parts deleted, are told on the consortium's timeline."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from kyoso.consortia.models import Consortium, Membership, ResearchArea
from kyoso.core.models import Event
from kyoso.parties.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium():
    return Consortium.objects.get(slug="opera-demo")


@pytest.fixture
def newcomer():
    return Organisation.objects.create(name="Sanriku Optics Co., Ltd.", name_ja="三陸光学株式会社", kind="company", size="sme")


def _timeline(consortium) -> list[tuple[str, str, str]]:
    events = Event.objects.filter(content_type=ContentType.objects.get_for_model(Consortium), object_id=consortium.pk)
    return [(e.verb, e.summary, e.summary_by_language.get("ja", "")) for e in events.order_by("pk")]


def test_a_member_joining_from_the_page_is_on_the_consortiums_timeline(login, consortium, newcomer):
    response = login("cpo").post("/memberships/add/", {
        "consortium": consortium.pk, "organisation": newcomer.pk, "role": "company", "joined": "2026-04-01",
    })
    assert response.status_code == 302
    assert _timeline(consortium)[-1] == (
        "member-joined",
        "Sanriku Optics Co., Ltd. joined as Member company on 2026-04-01",
        "2026-04-01 に 三陸光学株式会社 が参画企業として参加",  # each language names it in its own
    )
    page = login("cpo").get(consortium.get_absolute_url()).content.decode()
    assert "Sanriku Optics Co., Ltd. joined as Member company on 2026-04-01" in page


def test_a_member_leaving_is_told_once(login, consortium, newcomer):
    membership = Membership.objects.create(consortium=consortium, organisation=newcomer, role="company", joined=date(2025, 4, 1))
    form = {"consortium": consortium.pk, "organisation": newcomer.pk, "role": "company", "joined": "2025-04-01", "left": "2027-03-31"}
    client = login("cpo")
    assert client.post(f"/memberships/{membership.pk}/edit/", form).status_code == 302
    assert client.post(f"/memberships/{membership.pk}/edit/", form).status_code == 302  # saved again unchanged
    left = [summary for verb, summary, _ja in _timeline(consortium) if verb == "member-left"]
    assert left == ["Sanriku Optics Co., Ltd. left as Member company on 2027-03-31"]


def test_leaving_before_joining_is_refused_and_changes_nothing(login, consortium, newcomer):
    membership = Membership.objects.create(consortium=consortium, organisation=newcomer, role="company", joined=date(2025, 4, 1))
    before = _timeline(consortium)
    response = login("cpo").post(f"/memberships/{membership.pk}/edit/", {
        "consortium": consortium.pk, "organisation": newcomer.pk, "role": "company", "joined": "2025-04-01", "left": "2024-03-31",
    })
    assert response.status_code == 200
    assert "A member cannot leave before joining." in response.content.decode()
    membership.refresh_from_db()
    assert membership.left is None
    assert _timeline(consortium) == before


def test_a_member_added_through_the_api_joins_the_same_way(api, consortium, newcomer):
    response = api("ipoffice").post("/api/memberships/", {
        "consortium": consortium.pk, "organisation": newcomer.pk, "role": "observer", "joined": "2026-10-01",
    }, format="json")
    assert response.status_code == 201, response.content
    assert _timeline(consortium)[-1][:2] == ("member-joined", "Sanriku Optics Co., Ltd. joined as Observer on 2026-10-01")


def test_deleting_a_research_area_from_the_page_is_told_on_the_consortium(login, consortium):
    area = ResearchArea.objects.create(consortium=consortium, name="Photonic sensing")
    response = login("cpo").post(f"/areas/{area.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == consortium.get_absolute_url()
    assert not ResearchArea.objects.filter(pk=area.pk).exists()
    assert _timeline(consortium)[-1][:2] == ("deleted", "research area “Photonic sensing” deleted")


def test_a_company_cannot_add_a_member(login, consortium, newcomer):
    response = login("company-a").post("/memberships/add/", {
        "consortium": consortium.pk, "organisation": newcomer.pk, "role": "company", "joined": "2026-04-01",
    })
    assert response.status_code == 403
    assert not Membership.objects.filter(organisation=newcomer).exists()
