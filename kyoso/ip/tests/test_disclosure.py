"""A researcher discloses an invention of their own through the web form."""

import pytest

from kyoso.ip.models import Invention
from kyoso.parties.models import Organisation


@pytest.mark.django_db
def test_researcher_discloses_an_invention_and_is_its_inventor(login, user):
    """Regression: the scope check after saving refused the researcher's own new disclosure."""
    web = login("researcher")
    university = Organisation.objects.get(short_name="Kita-Nihon U")
    response = web.post("/inventions/add/", {
        "title": "Spin wave logic gate", "disclosed_on": "2026-11-02", "ip_kind": "foreground", "status": "disclosed",
        "owners-TOTAL_FORMS": "1", "owners-INITIAL_FORMS": "0", "owners-0-organisation": university.pk, "owners-0-share": "100",
        "inventors-TOTAL_FORMS": "0", "inventors-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    invention = Invention.objects.get(title="Spin wave logic gate")
    assert [i.person for i in invention.inventors.all()] == [user("researcher").profile.person]
    assert web.get(invention.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_researcher_cannot_write_themselves_out_of_an_invention(login, user):
    web = login("researcher")
    endo = user("researcher").profile.person
    invention = Invention.objects.filter(inventors__person=endo).first()
    other = invention.inventors.exclude(person=endo).first()
    if other is None:
        pytest.skip("the demo gives this invention a single inventor")
    response = web.post(f"/inventions/{invention.pk}/edit/", {
        "title": invention.title, "disclosed_on": invention.disclosed_on.isoformat(), "ip_kind": invention.ip_kind,
        "status": invention.status,
        "owners-TOTAL_FORMS": "0", "owners-INITIAL_FORMS": "0",
        "inventors-TOTAL_FORMS": "1", "inventors-INITIAL_FORMS": "0",
        "inventors-0-person": other.person.pk, "inventors-0-share": "100",
    })
    assert response.status_code == 200
    assert "Name yourself among the inventors" in response.content.decode()
    assert invention.inventors.filter(person=endo).exists()
