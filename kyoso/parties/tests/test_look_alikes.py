""""Did you mean …?" on new organisations, people and agreements that look like recorded ones.

Regression: the same person, and organisation names and agreement numbers differing only in
case, width or spacing, were recorded twice without a word.
"""

import pytest

from kyoso.agreements.models import Agreement
from kyoso.parties.models import Organisation, Person

pytestmark = pytest.mark.django_db

ASKED = "Did you mean one already recorded?"


def organisation(**changes) -> dict:
    return {"name": "ASAHI DEVICES CORP.", "kind": "company", "size": "large", "is_domestic": "on", "country": "JP",
            **changes}


def test_an_organisation_spelled_differently_is_asked_about_then_saved_when_confirmed(login):
    web = login("ipoffice")
    asahi = Organisation.objects.get(name="Asahi Devices Corporation")
    first = web.post("/organisations/add/", organisation())
    page = first.content.decode()
    assert first.status_code == 200
    assert ASKED in page
    assert f'<a href="{asahi.get_absolute_url()}">Asahi Devices</a>' in page
    assert 'name="different_one"' in page and "This is a different one" in page
    assert not Organisation.objects.filter(name="ASAHI DEVICES CORP.").exists()
    confirmed = web.post("/organisations/add/", organisation(different_one="on"))
    assert confirmed.status_code == 302
    assert Organisation.objects.filter(name="ASAHI DEVICES CORP.").exists()


def test_a_japanese_legal_form_and_full_width_letters_are_set_aside(login):
    page = login("ipoffice").post("/organisations/add/", organisation(name="株式会社 Ａｓａｈｉ Ｄｅｖｉｃｅｓ")).content.decode()
    assert ASKED in page


def test_a_new_name_is_not_asked_about(login):
    response = login("ipoffice").post("/organisations/add/", organisation(name="Hakone Optics K.K."))
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Hakone Optics K.K.").exists()


def test_editing_an_organisation_asks_nothing(login):
    asahi = Organisation.objects.get(name="Asahi Devices Corporation")
    response = login("ipoffice").post(f"/organisations/{asahi.pk}/edit/", organisation(
        name="Asahi Devices Corporation", short_name="Asahi Devices", corporate_number=asahi.corporate_number,
        website=asahi.website))
    assert response.status_code == 302


@pytest.mark.parametrize("changes", [
    {"family_name": "Tanaka", "given_name": "Yui", "email": "HARUKI.ENDO@example.org"},  # the same e-mail
    {"family_name": "ENDO", "given_name": "haruki", "email": ""},                       # the same name
])
def test_the_same_person_is_asked_about(login, changes):
    endo = Person.objects.get(family_name="Endo", given_name="Haruki")
    web = login("ipoffice")
    data = {"kind": "researcher", **changes}
    page = web.post("/people/add/", data).content.decode()
    assert ASKED in page
    assert f'href="{endo.get_absolute_url()}"' in page
    before = Person.objects.count()
    assert web.post("/people/add/", {**data, "different_one": "on"}).status_code == 302
    assert Person.objects.count() == before + 1


def test_an_agreement_number_differing_in_case_width_and_spacing_is_asked_about(login):
    known = Agreement.objects.get(number="KNU-2024-107")
    data = {"number": "ｋｎｕ 2024 107", "title": "Second copy", "kind": "bilateral", "research_class": "individual", "research_type": "joint",
            "contract_type": known.contract_type_id, "status": "active", "start": "2024-04-01", "end": "2026-03-31",
            "indirect_rate": "30", "ip_earmark_rate": "10"}
    web = login("ipoffice")
    page = web.post("/agreements/add/", data).content.decode()
    assert ASKED in page
    assert f'href="{known.get_absolute_url()}"' in page
    assert not Agreement.objects.filter(title="Second copy").exists()
    assert web.post("/agreements/add/", {**data, "different_one": "on"}).status_code == 302
    assert Agreement.objects.filter(title="Second copy").exists()
