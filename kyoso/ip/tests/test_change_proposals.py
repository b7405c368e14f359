"""Researchers propose changes of owners or inventor shares; the IP office accepts or refuses them."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied

from kyoso.core.models import Event
from kyoso.ip.choices import ProposalKind, ProposalStatus
from kyoso.ip.models import ChangeProposal, Invention
from kyoso.ip.services import accept_proposal, propose_change, set_owners
from kyoso.parties.models import Organisation, Person

pytestmark = pytest.mark.django_db

ASAHI = "Asahi Devices Corporation"
UNIVERSITY = "Kita-Nihon University"


@pytest.fixture
def invention(user):
    """One of Endo's inventions that Asahi co-owns."""
    endo = user("researcher").profile.person
    return Invention.objects.filter(inventors__person=endo, owners__organisation__name=ASAHI).order_by("pk").first()


def org(name):
    return Organisation.objects.get(name=name)


def owners_of(invention) -> list[tuple[str, Fraction]]:
    return sorted((o.organisation.name, o.share) for o in invention.owners.select_related("organisation"))


def propose_70_30(web, invention):
    return web.post(f"/inventions/{invention.pk}/propose/owners/", {
        # As a browser posts it: the page starts from the current rows.
        "rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": str(invention.owners.count()),
        "rows-0-organisation": org(UNIVERSITY).pk, "rows-0-share": "70",
        "rows-1-organisation": org(ASAHI).pk, "rows-1-share": "30",
        "reason": "Asahi's engineer joined only for the last experiments.",
    })


def test_researcher_proposes_from_the_invention_page(login, invention):
    web = login("researcher")
    page = web.get(invention.get_absolute_url()).content.decode()
    assert f"/inventions/{invention.pk}/propose/owners/" in page
    assert f"/inventions/{invention.pk}/propose/inventors/" in page
    response = propose_70_30(web, invention)
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = ChangeProposal.objects.get(invention=invention)
    assert proposal.kind == ProposalKind.OWNERS and proposal.status == ProposalStatus.PROPOSED
    assert proposal.rows == [{"party": org(UNIVERSITY).pk, "share": "7/10"}, {"party": org(ASAHI).pk, "share": "3/10"}]
    assert proposal.proposed_by.username == "researcher"
    event = Event.objects.get(object_id=proposal.pk, content_type__model="changeproposal", verb="change-proposed")
    assert event.summary_by_language["en"] == (
        "researcher proposed new owners: Kita-Nihon U 7/10 (70%), Asahi Devices 3/10 (30%)"
    )
    assert "提案" in event.summary_by_language["ja"]


@pytest.mark.parametrize("rows, message", [
    ([("Kita-Nihon University", "70"), (ASAHI, "20")], "Owner shares must total 100% (now 90%)."),
    ([("Kita-Nihon University", "50"), ("Kita-Nihon University", "50")], "Owner shares: the same name appears twice."),
    ([("Kita-Nihon University", "2/3"), (ASAHI, "1/4")], "Owner shares must total 100% (now 91.6667%)."),
    ([("Kita-Nihon University", "abc"), (ASAHI, "50")],
     "abc is not a share: write a fraction such as 1/3 or a percentage such as 33.5%."),
])
def test_a_proposal_is_checked_like_the_real_edit(login, invention, rows, message):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": str(invention.owners.count()), "reason": "Because."}
    for n, (name, share) in enumerate(rows):
        data |= {f"rows-{n}-organisation": org(name).pk, f"rows-{n}-share": share}
    response = login("researcher").post(f"/inventions/{invention.pk}/propose/owners/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ChangeProposal.objects.exists()


def test_a_proposal_must_change_something_and_say_why(user, invention):
    endo = user("researcher")
    current = [(o.organisation_id, o.share) for o in invention.owners.all()]
    with pytest.raises(Exception) as same:
        propose_change(invention, ProposalKind.OWNERS, current, "No change", user=endo)
    assert same.value.message_dict == {"rows": ["These are the current rows; a proposal must change something."]}
    with pytest.raises(Exception) as no_reason:
        propose_change(invention, ProposalKind.OWNERS, [(org(UNIVERSITY).pk, Decimal("100"))], " ", user=endo)
    assert list(no_reason.value.message_dict) == ["reason"]
    assert not ChangeProposal.objects.exists()


def test_ip_office_accepts_and_the_owners_become_exactly_the_proposed_rows(login, invention):
    propose_70_30(login("researcher"), invention)
    proposal = ChangeProposal.objects.get(invention=invention)
    office = login("ipoffice")
    page = office.get(invention.get_absolute_url()).content.decode()
    assert "(1 open)" in page and proposal.get_absolute_url() in page
    response = office.post(f"/change-proposals/{proposal.pk}/decide/", {"decision": "accept", "note": "Agreed with Asahi."})
    assert response.status_code == 302
    assert owners_of(invention) == [(ASAHI, Fraction(3, 10)), (UNIVERSITY, Fraction(7, 10))]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by.username == "ipoffice" and proposal.decided_at is not None
    assert proposal.decision_note == "Agreed with Asahi."
    changed = Event.objects.filter(object_id=invention.pk, content_type__model="invention").first()
    assert changed.verb == "owners-changed"
    assert changed.summary_by_language == {"en": "Owners now: Kita-Nihon U 7/10 (70%), Asahi Devices 3/10 (30%)",
                                           "ja": "現在の権利者：Kita-Nihon U 7/10 (70%), Asahi Devices 3/10 (30%)"}
    verbs = list(Event.objects.filter(object_id=proposal.pk, content_type__model="changeproposal").values_list("verb", flat=True))
    assert verbs == ["change-accepted", "change-proposed"]
    accepted = Event.objects.get(object_id=proposal.pk, content_type__model="changeproposal", verb="change-accepted")
    assert accepted.summary_by_language["en"] == "The IP office accepted the owners proposed by researcher"
    assert accepted.summary_by_language["ja"] != accepted.summary_by_language["en"]
    # Decided once: a second decision is refused and changes nothing.
    office.post(f"/change-proposals/{proposal.pk}/decide/", {"decision": "refuse", "note": "Changed my mind."})
    assert ChangeProposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED


def test_accepted_inventor_shares_replace_the_contributions(user, invention):
    endo = user("researcher")
    sato = Person.objects.get(family_name="Sato")
    proposal = propose_change(invention, ProposalKind.INVENTORS,
                              [(endo.profile.person_id, Decimal("62.5")), (sato.pk, Decimal("37.5"))], "Sato wrote the firmware.",
                              user=endo)
    accept_proposal(proposal, user=user("ipoffice"))
    assert sorted((i.person.family_name, i.contribution) for i in invention.inventors.all()) == [
        ("Endo", Decimal("62.50")), ("Sato", Decimal("37.50"))]


def test_refused_proposal_changes_nothing(login, invention):
    before = owners_of(invention)
    propose_70_30(login("researcher"), invention)
    proposal = ChangeProposal.objects.get(invention=invention)
    office = login("ipoffice")
    office.post(f"/change-proposals/{proposal.pk}/decide/", {"decision": "refuse", "note": ""})
    assert ChangeProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED  # a refusal says why
    office.post(f"/change-proposals/{proposal.pk}/decide/", {"decision": "refuse", "note": "The agreement fixes 50/50."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED and proposal.decision_note == "The agreement fixes 50/50."
    assert owners_of(invention) == before
    refused = Event.objects.get(object_id=proposal.pk, content_type__model="changeproposal", verb="change-refused")
    assert refused.summary_by_language["en"].endswith(": The agreement fixes 50/50.")
    assert not Event.objects.filter(object_id=invention.pk, content_type__model="invention", verb="owners-changed",
                                    occurred_at__gte=proposal.created).exists()


def test_a_company_sees_no_proposal(login, api, invention):
    propose_70_30(login("researcher"), invention)
    proposal = ChangeProposal.objects.get(invention=invention)
    web = login("company-a")  # Asahi co-owns the invention, and still sees no proposal
    assert web.get(f"/change-proposals/{proposal.pk}/").status_code == 404
    assert proposal.get_absolute_url() not in web.get("/change-proposals/").content.decode()
    invention_page = web.get(invention.get_absolute_url()).content.decode()
    assert proposal.get_absolute_url() not in invention_page
    assert "proposed new owners" not in invention_page  # nor a trace of it in the invention's log
    client = api("company-a")
    assert client.get("/api/change-proposals/").json()["results"] == []
    assert client.get(f"/api/change-proposals/{proposal.pk}/").status_code == 404
    assert client.post(f"/api/change-proposals/{proposal.pk}/accept/", {}, format="json").status_code == 404


def test_cpo_reads_a_proposal_but_cannot_accept_it(login, api, user, invention):
    propose_70_30(login("researcher"), invention)
    proposal = ChangeProposal.objects.get(invention=invention)
    before = owners_of(invention)
    web = login("cpo")
    page = web.get(proposal.get_absolute_url())
    assert page.status_code == 200
    assert 'value="accept"' not in page.content.decode()
    assert web.post(f"/change-proposals/{proposal.pk}/decide/", {"decision": "accept"}).status_code == 403
    response = api("cpo").post(f"/api/change-proposals/{proposal.pk}/accept/", {}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the IP office accepts or refuses a proposed change."}
    with pytest.raises(PermissionDenied):
        accept_proposal(proposal, user=user("cpo"))
    assert owners_of(invention) == before
    assert ChangeProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED


def test_proposal_on_a_changed_invention_shows_both_and_can_still_be_accepted(login, user, invention):
    propose_70_30(login("researcher"), invention)
    proposal = ChangeProposal.objects.get(invention=invention)
    set_owners(invention, [(org(UNIVERSITY).pk, Decimal("55")), (org(ASAHI).pk, Decimal("45"))], user=user("ipoffice"))
    page = login("ipoffice").get(proposal.get_absolute_url()).content.decode()
    assert "The invention changed since this proposal was made" in page
    current = page.split('id="current-rows"')[1].split("</ul>")[0]
    proposed = page.split('id="proposed-rows"')[1].split("</ul>")[0]
    assert current == "><li>Kita-Nihon U — 11/20 (55%)</li><li>Asahi Devices — 9/20 (45%)</li>"
    assert proposed == "><li>Kita-Nihon U — 7/10 (70%)</li><li>Asahi Devices — 3/10 (30%)</li>"
    accept_proposal(proposal, user=user("ipoffice"))
    assert owners_of(invention) == [(ASAHI, Fraction(3, 10)), (UNIVERSITY, Fraction(7, 10))]


def test_api_researcher_proposes_and_ip_office_accepts(api, invention):
    researcher = api("researcher")
    response = researcher.post("/api/change-proposals/", {
        "invention": invention.pk, "kind": "owners", "reason": "Asahi left the project.",
        "rows": [{"party": org(UNIVERSITY).pk, "share": "100"}],
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "proposed" and body["proposed_by"] == "researcher"
    assert body["rows"] == [{"party": org(UNIVERSITY).pk, "share": "1/1"}]
    assert [row["id"] for row in researcher.get("/api/change-proposals/").json()["results"]] == [body["id"]]
    assert researcher.post(f"/api/change-proposals/{body['id']}/accept/", {}, format="json").status_code == 403
    accepted = api("ipoffice").post(f"/api/change-proposals/{body['id']}/accept/", {"note": "Confirmed."}, format="json")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert owners_of(invention) == [(UNIVERSITY, Fraction(1))]


def test_api_proposal_with_an_unknown_organisation_is_refused(api, invention):
    response = api("researcher").post("/api/change-proposals/", {
        "invention": invention.pk, "kind": "owners", "reason": "Typo test.",
        "rows": [{"party": 999999, "share": "100"}],
    }, format="json")
    assert response.status_code == 400
    assert response.json() == {"rows": ["No organisation with id 999999."]}
    assert not ChangeProposal.objects.exists()


def test_api_refuse_needs_a_note_and_cannot_edit_or_delete(api, user, invention):
    proposal = propose_change(invention, ProposalKind.OWNERS, [(org(UNIVERSITY).pk, Decimal("100"))], "Asahi left.",
                              user=user("researcher"))
    office = api("ipoffice")
    response = office.post(f"/api/change-proposals/{proposal.pk}/refuse/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"decision_note": ["Say why the proposal is refused; the researcher reads it."]}
    assert office.patch(f"/api/change-proposals/{proposal.pk}/", {"reason": "x"}, format="json").status_code == 405
    assert office.delete(f"/api/change-proposals/{proposal.pk}/").status_code == 405
    assert ChangeProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PROPOSED


def test_only_a_researcher_proposes(api, invention):
    """The IP office changes owners directly; a company cannot propose at all."""
    for persona in ("ipoffice", "company-a"):
        response = api(persona).post("/api/change-proposals/", {
            "invention": invention.pk, "kind": "owners", "reason": "x", "rows": [{"party": org(UNIVERSITY).pk, "share": "100"}],
        }, format="json")
        assert response.status_code == 403 if persona == "company-a" else response.status_code in (400, 403)
    assert not ChangeProposal.objects.exists()


def test_proposal_lists_and_pages_in_japanese(login, invention):
    propose_70_30(login("researcher"), invention)
    proposal = ChangeProposal.objects.get(invention=invention)
    office = login("ipoffice")
    office.post("/language/", {"language": "ja", "next": "/"})
    listing = office.get("/change-proposals/", {"status": "proposed"}).content.decode()
    assert proposal.get_absolute_url() in listing and "提案中" in listing
    page = office.get(proposal.get_absolute_url()).content.decode()
    assert "承認して反映" in page and "却下" in page and "北日本大学 — 7/10 (70%)" in page
    researcher = login("researcher")
    researcher.post("/language/", {"language": "ja", "next": "/"})
    assert "権利者または発明者の寄与率の変更を提案" in researcher.get(f"/inventions/{invention.pk}/propose/owners/").content.decode()
    assert proposal.get_absolute_url() in researcher.get("/change-proposals/").content.decode()


def test_the_same_proposal_sent_twice_is_recorded_once(login, invention):
    """A double click on "Propose" (or two at once: the invention's row is locked) files one proposal."""
    web = login("researcher")
    assert propose_70_30(web, invention).status_code == 302
    again = propose_70_30(web, invention)
    assert again.status_code == 200
    assert "The same change is already proposed and waiting for the IP office." in again.content.decode()
    assert ChangeProposal.objects.filter(invention=invention, status=ProposalStatus.PROPOSED).count() == 1
