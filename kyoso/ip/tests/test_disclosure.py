"""A researcher discloses an invention of their own; its owners and inventors are the IP office's."""

from decimal import Decimal
from fractions import Fraction

import pytest

from kyoso.ip.choices import ProposalKind, ProposalStatus
from kyoso.ip.models import ChangeProposal, Invention
from kyoso.parties.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_researcher_discloses_an_invention_and_is_its_inventor(login, user):
    """Regression: the scope check after saving refused the researcher's own new disclosure."""
    web = login("researcher")
    university = Organisation.objects.get(short_name="Kita-Nihon U")
    response = web.post("/inventions/add/", {
        "title": "Spin wave logic gate", "disclosed_on": "2026-11-02",
        "owners-TOTAL_FORMS": "1", "owners-INITIAL_FORMS": "0", "owners-0-organisation": university.pk, "owners-0-share": "100",
        "inventors-TOTAL_FORMS": "0", "inventors-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    invention = Invention.objects.get(title="Spin wave logic gate")
    assert [i.person for i in invention.inventors.all()] == [user("researcher").profile.person]
    assert [(o.organisation.name, o.share) for o in invention.owners.all()] == [("Kita-Nihon University", Fraction(1))]
    assert not ChangeProposal.objects.filter(invention=invention).exists()  # the split given is the default one
    assert web.get(invention.get_absolute_url()).status_code == 200


def test_a_disclosure_with_another_split_belongs_to_the_university_and_proposes_the_split(login, user):
    """A disclosure's owners are proposed, not final: another split waits for the IP office."""
    web = login("researcher")
    asahi = Organisation.objects.get(name="Asahi Devices Corporation")
    university = Organisation.objects.get(name="Kita-Nihon University")
    sato = Person.objects.get(family_name="Sato")
    endo = user("researcher").profile.person
    response = web.post("/inventions/add/", {
        "title": "Magnon transistor", "disclosed_on": "2026-11-20",
        "owners-TOTAL_FORMS": "2", "owners-INITIAL_FORMS": "0",
        "owners-0-organisation": university.pk, "owners-0-share": "60",
        "owners-1-organisation": asahi.pk, "owners-1-share": "40",
        "inventors-TOTAL_FORMS": "2", "inventors-INITIAL_FORMS": "0",
        "inventors-0-person": endo.pk, "inventors-0-share": "75", "inventors-1-person": sato.pk, "inventors-1-share": "25",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    invention = Invention.objects.get(title="Magnon transistor")
    assert [(o.organisation.name, o.share) for o in invention.owners.all()] == [("Kita-Nihon University", Fraction(1))]
    assert [(i.person.family_name, i.contribution) for i in invention.inventors.all()] == [("Endo", Decimal("100.00"))]
    owners = ChangeProposal.objects.get(invention=invention, kind=ProposalKind.OWNERS)
    assert owners.status == ProposalStatus.PROPOSED
    assert owners.rows == [{"party": university.pk, "share": "3/5"}, {"party": asahi.pk, "share": "2/5"}]
    assert owners.rows_before == [{"party": university.pk, "share": "1/1"}]
    inventors = ChangeProposal.objects.get(invention=invention, kind=ProposalKind.INVENTORS)
    assert inventors.rows == [{"party": endo.pk, "share": "3/4"}, {"party": sato.pk, "share": "1/4"}]


def test_researcher_cannot_set_the_origin_of_a_disclosure(api):
    """The consortium, agreement and status of a disclosure are the IP office's to set."""
    response = api("researcher").post("/api/inventions/", {
        "title": "Self-assigned", "disclosed_on": "2026-11-02", "status": "filed",
    }, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    assert not Invention.objects.filter(title="Self-assigned").exists()


def test_ip_office_web_form_without_owners_is_refused_and_saves_nothing(login):
    before = Invention.objects.count()
    response = login("ipoffice").post("/inventions/add/", {
        "title": "No owners yet", "disclosed_on": "2026-11-02", "ip_kind": "foreground", "status": "disclosed",
        "owners-TOTAL_FORMS": "0", "owners-INITIAL_FORMS": "0", "inventors-TOTAL_FORMS": "0", "inventors-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "An invention needs its owners (shares totalling 100%)." in response.content.decode()
    assert "New invention" in response.content.decode()  # the page still offers a new invention, not an edit
    assert Invention.objects.count() == before


def test_researcher_discloses_through_the_api(api, user):
    """The API gives the same answer as the form: the university owns the disclosure until the IP office decides."""
    asahi = Organisation.objects.get(name="Asahi Devices Corporation")
    response = api("researcher").post("/api/inventions/", {
        "title": "Spin pump", "disclosed_on": "2026-11-25", "owners": [{"organisation": asahi.pk, "share": "100"}],
    }, format="json")
    assert response.status_code == 201, response.content
    invention = Invention.objects.get(title="Spin pump")
    assert [(o.organisation.name, o.share) for o in invention.owners.all()] == [("Kita-Nihon University", Fraction(1))]
    proposal = ChangeProposal.objects.get(invention=invention)
    assert (proposal.kind, proposal.rows) == (ProposalKind.OWNERS, [{"party": asahi.pk, "share": "1/1"}])
    assert proposal.reason == "Proposed with the disclosure."
