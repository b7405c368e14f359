"""A researcher changes the description of their inventions, nothing else (issue #9, item 3).

Owners, inventor contributions, origin and deletion are the IP office's; the web form, the API
and a direct service call all refuse a researcher the same way and change nothing.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kyoso.core.models import Event
from kyoso.ip.models import Invention
from kyoso.ip.services import delete_invention, save_invention, set_inventors, set_owners
from kyoso.parties.models import Organisation

pytestmark = pytest.mark.django_db

ASAHI = "Asahi Devices Corporation"


def endos_invention(user, co_owned_by: str | None = None) -> Invention:
    endo = user("researcher").profile.person
    inventions = Invention.objects.filter(inventors__person=endo).order_by("pk")
    if co_owned_by:
        inventions = inventions.filter(owners__organisation__name=co_owned_by)
    return inventions.first()


def owners_of(invention) -> list[tuple[str, Fraction]]:
    return sorted((o.organisation.name, o.share) for o in invention.owners.select_related("organisation"))


def inventors_of(invention) -> list[tuple[str, Decimal]]:
    return sorted((i.person.family_name, i.contribution) for i in invention.inventors.select_related("person"))


def events(invention, verb: str) -> int:
    return Event.objects.filter(object_id=invention.pk, content_type__model="invention", verb=verb).count()


def test_researcher_changes_the_title_and_the_change_is_logged(login, user):
    invention = endos_invention(user)
    web = login("researcher")
    page = web.get(f"/inventions/{invention.pk}/edit/")
    assert sorted(page.context["form"].fields) == ["abstract", "technology_area", "title", "title_ja"]
    response = web.post(f"/inventions/{invention.pk}/edit/", {
        "title": "Spin-orbit torque memory, revised", "title_ja": invention.title_ja, "abstract": invention.abstract,
        "technology_area": invention.technology_area,
    })
    assert response.status_code == 302
    invention.refresh_from_db()
    assert invention.title == "Spin-orbit torque memory, revised"
    event = Event.objects.filter(object_id=invention.pk, content_type__model="invention", verb="changed").first()
    assert event.actor_name == "researcher"
    assert event.data == {"fields": ["title"]}


def test_researchers_edit_page_shows_no_owner_or_inventor_rows_and_no_hidden_agreement(login, user):
    invention = endos_invention(user, co_owned_by=ASAHI)
    page = login("researcher").get(f"/inventions/{invention.pk}/edit/").content.decode()
    assert 'name="owners-TOTAL_FORMS"' not in page
    assert 'name="inventors-TOTAL_FORMS"' not in page
    assert 'name="consortium"' not in page and 'name="agreement"' not in page
    assert invention.agreement.number not in page
    assert "(not visible to you)" in page


def test_researcher_posting_owner_rows_is_refused_and_nothing_changes(login, user):
    invention = endos_invention(user, co_owned_by=ASAHI)
    before, changed = owners_of(invention), events(invention, "owners-changed")
    asahi = Organisation.objects.get(name=ASAHI)
    response = login("researcher").post(f"/inventions/{invention.pk}/edit/", {
        "title": invention.title, "title_ja": invention.title_ja, "abstract": invention.abstract,
        "technology_area": invention.technology_area,
        "owners-TOTAL_FORMS": "1", "owners-INITIAL_FORMS": "0", "owners-0-organisation": asahi.pk, "owners-0-share": "100",
    })
    assert response.status_code == 200
    assert "The owners are the IP office&#x27;s to change" in response.content.decode()
    assert owners_of(invention) == before
    assert events(invention, "owners-changed") == changed


def test_researcher_api_patch_of_owners_is_refused_naming_the_field(api, user):
    invention = endos_invention(user, co_owned_by=ASAHI)
    before, inventors_before = owners_of(invention), inventors_of(invention)
    asahi = Organisation.objects.get(name=ASAHI)
    response = api("researcher").patch(f"/api/inventions/{invention.pk}/", {
        "title": "Taken over", "owners": [{"organisation": asahi.pk, "share": "100"}],
    }, format="json")
    assert response.status_code == 400
    assert response.json() == {"owners": [
        "The owners are the IP office's to change; propose a change of owners from the invention's page."]}
    invention.refresh_from_db()
    assert invention.title != "Taken over"  # the whole request failed, the title too
    assert owners_of(invention) == before
    assert inventors_of(invention) == inventors_before


def test_researcher_api_patch_of_the_consortium_is_refused(api, user):
    invention = endos_invention(user)
    response = api("researcher").patch(f"/api/inventions/{invention.pk}/", {"confidential": not invention.confidential},
                                       format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["confidential"]
    assert Invention.objects.get(pk=invention.pk).confidential == invention.confidential


def test_researcher_sending_back_the_same_owners_is_no_change(api, user):
    """A client that PUTs back what it read must not be refused for owners it did not touch."""
    invention = endos_invention(user, co_owned_by=ASAHI)
    client = api("researcher")
    current = client.get(f"/api/inventions/{invention.pk}/").json()
    response = client.patch(f"/api/inventions/{invention.pk}/", {"abstract": "Clearer abstract.", "owners": current["owners"]},
                            format="json")
    assert response.status_code == 200, response.content
    assert Invention.objects.get(pk=invention.pk).abstract == "Clearer abstract."


def test_direct_service_calls_refuse_a_researcher(user):
    invention = endos_invention(user, co_owned_by=ASAHI)
    endo = user("researcher")
    before, inventors_before = owners_of(invention), inventors_of(invention)
    asahi = Organisation.objects.get(name=ASAHI)
    with pytest.raises(ValidationError) as owners_error:
        set_owners(invention, [(asahi.pk, Decimal("100"))], user=endo)
    assert owners_error.value.message_dict == {"owners": [
        "The owners are the IP office's to change; propose a change of owners from the invention's page."]}
    with pytest.raises(ValidationError) as inventors_error:
        set_inventors(invention, [(endo.profile.person_id, Decimal("100"))], user=endo)
    assert list(inventors_error.value.message_dict) == ["inventors"]
    invention.agreement = None
    with pytest.raises(ValidationError) as field_error:
        save_invention(invention, user=endo)
    assert list(field_error.value.message_dict) == ["agreement"]
    with pytest.raises(PermissionDenied):
        delete_invention(Invention.objects.get(pk=invention.pk), user=endo)
    assert owners_of(invention) == before
    assert inventors_of(invention) == inventors_before
    assert Invention.objects.get(pk=invention.pk).agreement_id is not None


def test_researcher_has_no_delete_button_and_cannot_delete(login, api, user):
    invention = endos_invention(user)
    web = login("researcher")
    page = web.get(invention.get_absolute_url()).content.decode()
    assert f"/inventions/{invention.pk}/edit/" in page  # still edits the description
    assert f"/inventions/{invention.pk}/delete/" not in page
    assert web.get(f"/inventions/{invention.pk}/delete/").status_code == 403
    assert web.post(f"/inventions/{invention.pk}/delete/").status_code == 403
    assert api("researcher").delete(f"/api/inventions/{invention.pk}/").status_code == 403
    assert Invention.objects.filter(pk=invention.pk).exists()


def test_ip_office_keeps_its_delete_button(login, user):
    invention = endos_invention(user)
    page = login("ipoffice").get(invention.get_absolute_url()).content.decode()
    assert f"/inventions/{invention.pk}/delete/" in page


def test_api_create_without_owners_is_refused_naming_the_owners(api):
    before = Invention.objects.count()
    response = api("ipoffice").post("/api/inventions/", {"title": "Ownerless", "disclosed_on": "2026-10-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"owners": ["An invention needs its owners (shares totalling 100%)."]}
    assert Invention.objects.count() == before


def test_api_create_with_owners_saves_them_with_an_event(api):
    university = Organisation.objects.get(name="Kita-Nihon University")
    asahi = Organisation.objects.get(name=ASAHI)
    response = api("ipoffice").post("/api/inventions/", {
        "title": "Owned from the start", "disclosed_on": "2026-10-01",
        "owners": [{"organisation": university.pk, "share": "70"}, {"organisation": asahi.pk, "share": "30"}],
    }, format="json")
    assert response.status_code == 201, response.content
    invention = Invention.objects.get(title="Owned from the start")
    assert owners_of(invention) == [(ASAHI, Fraction(3, 10)), ("Kita-Nihon University", Fraction(7, 10))]
    assert events(invention, "owners-changed") == 1


def test_api_create_with_owners_short_of_100_is_refused(api):
    asahi = Organisation.objects.get(name=ASAHI)
    before = Invention.objects.count()
    response = api("ipoffice").post("/api/inventions/", {
        "title": "Half owned", "disclosed_on": "2026-10-01", "owners": [{"organisation": asahi.pk, "share": "50"}],
    }, format="json")
    assert response.status_code == 400
    assert response.json() == {"owners": ["Owner shares must total 100% (now 50%)."]}
    assert Invention.objects.count() == before


def test_surfaces_declare_what_a_researcher_may_change_and_delete(user):
    """The IP pool's surfaces name its services and the researcher's description-only edit."""
    from kyoso.core.surface import editable_fields, may_delete, surface_of
    from kyoso.ip import services
    from kyoso.ip.models import Family, Filing, InventionOwner, Inventor

    endo = user("researcher")
    assert surface_of(Invention).save_service() is services.save_invention
    assert surface_of(Invention).delete_service() is services.delete_invention
    assert surface_of(InventionOwner).save_service() is services.save_owner
    assert surface_of(Inventor).delete_service() is services.delete_inventor
    assert surface_of(Family).delete_service() is services.delete_family
    assert surface_of(Filing).save_service() is services.save_filing
    assert editable_fields(Invention, endo) == frozenset({"title", "title_ja", "abstract", "technology_area"})
    assert editable_fields(InventionOwner, endo) == frozenset()
    assert not may_delete(Invention, endo)
    assert may_delete(Invention, user("cpo"))


def test_one_owner_row_is_saved_as_a_change_of_the_whole_list(user):
    """Saving one owner row by itself cannot leave the shares short of 100 %."""
    from kyoso.ip.models import InventionOwner
    from kyoso.ip.services import save_owner

    invention = endos_invention(user, co_owned_by=ASAHI)
    before = owners_of(invention)
    owner = InventionOwner.objects.get(invention=invention, organisation__name=ASAHI)
    owner.share = Decimal("10")
    with pytest.raises(ValidationError) as error:
        save_owner(owner, user=user("ipoffice"))
    assert list(error.value.message_dict) == ["owners"]
    assert owners_of(invention) == before


def _csv(rows) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_researcher_import_of_owners_is_refused_and_nothing_changes(user):
    from kyoso.core.importing import importer_class, run_import

    invention = endos_invention(user, co_owned_by=ASAHI)
    before = owners_of(invention)
    content = _csv([["reference", "title", "disclosed_on", "owners"],
                    [invention.reference, "Imported title", invention.disclosed_on.isoformat(), "Asahi Devices:100"]])
    report = run_import(importer_class("inventions")(user("researcher")), content, "file.csv")
    errors = {row.number: [(e.column, e.message) for e in row.errors] for row in report.bad_rows}
    assert errors == {2: [("owners", "The owners are the IP office's to change; propose a change of owners from the invention's page.")]}
    invention.refresh_from_db()
    assert invention.title != "Imported title"
    assert owners_of(invention) == before


def test_ip_office_import_of_a_new_invention_without_owners_is_refused(user):
    from kyoso.core.importing import importer_class, run_import

    before = Invention.objects.count()
    content = _csv([["reference", "title", "disclosed_on"], ["IMP-NO-OWNERS", "Ownerless import", "2026-05-01"]])
    report = run_import(importer_class("inventions")(user("ipoffice")), content, "file.csv")
    errors = {row.number: [(e.column, e.message) for e in row.errors] for row in report.bad_rows}
    assert errors == {2: [("owners", "An invention needs its owners (shares totalling 100%).")]}
    assert Invention.objects.count() == before
