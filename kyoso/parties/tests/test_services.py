"""Organisations, people and affiliations change through kyoso.parties.services, from the pages, the
API and the importer alike; an affiliation added or deleted is told on its person's timeline."""

import pytest
from django.contrib.contenttypes.models import ContentType

from kyoso.core.models import Event
from kyoso.parties.models import Affiliation, Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return Person.objects.create(family_name="Sato", given_name="Hana", email="hana.sato@example.jp")


@pytest.fixture
def university():
    return Organisation.objects.create(name="Sanriku Institute of Technology", kind="university")


def _timeline(person) -> list[tuple[str, str]]:
    events = Event.objects.filter(content_type=ContentType.objects.get_for_model(Person), object_id=person.pk)
    return [(e.verb, e.summary) for e in events.order_by("pk")]


def test_an_affiliation_added_on_the_page_is_on_the_persons_timeline(login, person, university):
    response = login("ipoffice").post("/affiliations/add/", {
        "person": person.pk, "organisation": university.pk, "title": "Lecturer", "start": "2025-04-01",
    })
    assert response.status_code == 302
    assert _timeline(person) == [("affiliated", "Affiliated with Sanriku Institute of Technology from 2025-04-01")]
    event = Event.objects.get(verb="affiliated", object_id=person.pk)
    assert event.summary_by_language["ja"] == "2025-04-01 から Sanriku Institute of Technology に所属"


def test_deleting_an_affiliation_is_told_on_the_person(login, person, university):
    affiliation = Affiliation.objects.create(person=person, organisation=university, start="2025-04-01")
    response = login("ipoffice").post(f"/affiliations/{affiliation.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert _timeline(person) == [("deleted", "affiliation “Hana Sato @ Sanriku Institute of Technology” deleted")]


def test_an_affiliation_created_through_the_api_is_told_the_same_way(api, person, university):
    response = api("ipoffice").post("/api/affiliations/", {
        "person": person.pk, "organisation": university.pk, "start": "2026-01-15",
    }, format="json")
    assert response.status_code == 201, response.content
    assert _timeline(person) == [("affiliated", "Affiliated with Sanriku Institute of Technology from 2026-01-15")]


def test_an_affiliation_ending_before_it_starts_is_refused_and_changes_nothing(login, person, university):
    response = login("ipoffice").post("/affiliations/add/", {
        "person": person.pk, "organisation": university.pk, "start": "2025-04-01", "end": "2025-03-31",
    })
    assert response.status_code == 200
    assert "An affiliation cannot end before it starts." in response.content.decode()
    assert not Affiliation.objects.filter(person=person).exists()
    assert _timeline(person) == []
