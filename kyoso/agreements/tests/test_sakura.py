"""The Sakura Tool on agreements: terms from a type and their changes, drafts in ja and en, the
negotiation, the wizard and the CLI, and the terms running the IP (owners, fees, licences,
deadlines, publication). Demo world: see kyoso/agreements/demo.py."""

import io
import json
from datetime import date
from fractions import Fraction

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kyoso.agreements.models import (
    Agreement,
    AgreementDeadline,
    AgreementTerms,
    DraftVersion,
    PublicationRequest,
)
from kyoso.agreements.sakura import change_status, record_draft_version, request_publication, save_terms

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_cli_types_and_advise_json():
    out = io.StringIO()
    call_command("sakura", "types", "--json", stdout=out)
    types = json.loads(out.getvalue())
    assert [row["type"] for row in types][:3] == ["0", "1", "2"]
    assert types[7]["terms"]["ownership"] == {"value": "co_owned", "confirmed": True}
    out = io.StringIO()
    call_command("sakura", "advise", "--university-contribution", "low", "--company-contribution", "high",
                 "--domain", "competitive", "--json", stdout=out)
    advice = json.loads(out.getvalue())
    assert [row["type"] for row in advice["recommended"]] == ["4", "5", "6"]
    assert advice["trace"][1]["rule"] == "company-competitive" and advice["trace"][1]["matched"] is True


def test_agreement_page_shows_changes_from_the_type_and_flags_a_broken_condition(login, user):
    terms = AgreementTerms.objects.get(agreement__number="IND-2023-021")
    assert [(key, old, new) for key, old, new in terms.changes()] == [
        ("publication_notice_days", 60, 30), ("fee_bearer", "company", "owners")]
    terms.university_research_use = False
    save_terms(terms, user=user("ipoffice"))
    page = login("ipoffice").get(terms.agreement.get_absolute_url()).content.decode()
    assert "keeps no right to use the results in its own research" in page
    assert "who pays official fees" in page


@pytest.mark.parametrize("lang, expected", [
    ("ja", ["KNU-2026-201", "甲（大学）: Kita-Nihon", "乙（企業）: Echigo", "甲乙の共有（甲の持分1/2 (50%)）"]),
    ("en", ["KNU-2026-201", "University (甲): Kita-Nihon", "Company (乙): Echigo",
            "Co-owned by the University and the Company (University's share 1/2 (50%))"]),
])
def test_draft_reopened_with_python_docx_holds_number_parties_and_ownership(lang, expected, tmp_path):
    out = tmp_path / f"draft-{lang}.docx"
    call_command("agreement", "draft", "KNU-2026-201", "--lang", lang, "--out", str(out), stdout=io.StringIO())
    text = _text(out.read_bytes())
    for piece in expected:
        assert piece in text


def test_versions_are_numbered_and_list_the_changes_since_the_previous(user, login):
    agreement = Agreement.objects.get(number="KNU-2026-201")
    terms = agreement.terms
    terms.university_share = "2/3"
    save_terms(terms, user=user("ipoffice"))
    version = record_draft_version(agreement, "en", user=user("ipoffice"))
    assert version.number == 2
    assert version.changes == [["university_share", "1/2", "2/3"], ["status", "draft", "negotiating"]]
    page = login("ipoffice").get(f"/drafts/{version.pk}/download/?lang=en")
    assert page["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "University's share 2/3" in _text(page.content)


def test_consortium_draft_lists_every_party_the_lead_and_the_project_manager(user):
    agreement = Agreement.objects.get(number="OPERA-2022-001")
    text = _text(__import__("kyoso.agreements.drafts", fromlist=["render_draft"]).render_draft(
        agreement.drafts.get(number=1), "en"))
    for party in agreement.parties.select_related("organisation"):
        assert str(party.organisation) in text
    assert "Lead-managing party: " in text and "Project manager: Hiroshi Endo" in text


def test_negotiation_transitions_and_signing_runs_the_signed_hook(user, monkeypatch):
    from kyoso.core import hooks

    seen = []
    # This test's own listener, gone afterwards (the registry is the process's: a listener left
    # behind would run in every later test that signs an agreement).
    monkeypatch.setitem(hooks._handlers, "agreement_signed",
                        [*hooks._handlers["agreement_signed"], lambda agreement, user, **_: seen.append(agreement.number)])
    agreement = Agreement.objects.get(number="KNU-2026-201")
    with pytest.raises(ValidationError):
        change_status(agreement, "ended", user=user("ipoffice"))
    change_status(agreement, "active", user=user("ipoffice"), signed_on=date(2026, 11, 20))
    assert seen[-1] == "KNU-2026-201"
    assert AgreementTerms.objects.get(agreement=agreement).signed_on == date(2026, 11, 20)


def test_company_sees_terms_and_drafts_only_of_its_agreements(login, user):
    boso = Agreement.objects.get(number="IND-2023-021")
    echigo_draft = DraftVersion.objects.get(agreement__number="KNU-2026-201", number=1)
    assert AgreementTerms.objects.for_user(user("company-b")).filter(agreement=boso).exists()
    assert not AgreementTerms.objects.for_user(user("company-a")).filter(agreement=boso).exists()
    assert not AgreementTerms.objects.for_user(user("company-c")).filter(agreement=boso).exists()
    assert login("company-a").get(f"/drafts/{echigo_draft.pk}/download/").status_code == 404
    assert login("company-b").get(boso.get_absolute_url()).status_code == 200
    assert login("company-a").get(f"/agreements/{boso.pk}/terms/").status_code == 404
    assert login("company-b").get(f"/agreements/{boso.pk}/terms/").status_code == 403
    assert login("cpo-2").get(f"/agreements/{boso.pk}/terms/").status_code == 404
    assert login("cpo").get(f"/agreements/{boso.pk}/terms/").status_code == 200


def test_wizard_without_javascript_creates_a_draft_agreement(login):
    web = login("ipoffice")
    questions = {"university_contribution": "high", "company_contribution": "low", "domain": "foundational",
                 "exclusive": "on"}
    page = web.post("/agreements/sakura/", questions).content.decode()
    assert "Recommended types" in page, page[:3000]
    assert page.index("Type 2") < page.index("Type 3") < page.index("Type 0")
    from kyoso.parties.models import Organisation

    response = web.post("/agreements/sakura/", {
        **questions, "create": "1", "type_code": "2", "number": "KNU-2026-300", "title": "Option study",
        "university": Organisation.objects.get(name="Kita-Nihon University").pk,
        "company": Organisation.objects.get(name="Asahi Devices Corporation").pk, "start": "2026-12-01", "end": "2027-11-30"})
    assert response.status_code == 302
    agreement = Agreement.objects.get(number="KNU-2026-300")
    assert agreement.status == "draft" and agreement.terms.other_party_rights == "exclusive_option"
    # Option window: 6 months after the end → a docket deadline.
    assert list(agreement.term_deadlines.filter(kind="option_window").values_list("due", flat=True)) == [date(2028, 5, 30)]
    assert login("company-a").get("/agreements/sakura/").status_code == 403
    assert login("researcher").get("/agreements/sakura/").status_code == 403


# --- Terms run the IP ---------------------------------------------------------------------------

def test_invention_under_a_co_owned_agreement_gets_owners_proposed_and_confirmed(login, user):
    from kyoso.ip.models import Invention
    from kyoso.ip.services import save_invention_with_shares

    agreement = Agreement.objects.get(number="KNU-2026-201")
    lead = agreement.parties.get(role="university").organisation
    echigo = agreement.parties.get(role="company").organisation
    invention = Invention(title="Bonding jig", disclosed_on=date(2026, 11, 1), agreement=agreement)
    save_invention_with_shares(invention, owners=[(lead.pk, Fraction(1))], inventors=[], user=user("ipoffice"))
    web = login("ipoffice")
    page = web.get(invention.get_absolute_url()).content.decode()
    assert "proposes these owners" in page and "1/2 (50%)" in page
    assert set(invention.owners.values_list("organisation_id", "share_numerator", "share_denominator")) == {(lead.pk, 1, 1)}
    web.post(f"/inventions/{invention.pk}/owners-from-agreement/")
    assert set(invention.owners.values_list("organisation_id", "share_numerator", "share_denominator")) == {
        (lead.pk, 1, 2), (echigo.pk, 1, 2)}


def test_cost_sharing_term_decides_who_pays_official_fees(user):
    from kyoso.core import hooks
    from kyoso.ip.models import Invention

    agreement = Agreement.objects.get(number="IND-2023-021")
    invention = Invention.objects.filter(agreement=agreement).first()
    boso = agreement.parties.get(role="company").organisation
    facts = {invention.pk: (invention.consortium_id, "individual", tuple(
        (o.organisation_id, o.organisation.kind, o.share * 100) for o in invention.owners.select_related("organisation")))}
    before = hooks.first("fee_payers_of", facts)
    terms = agreement.terms
    terms.fee_bearer = "company"
    save_terms(terms, user=user("ipoffice"))
    assert hooks.first("fee_payers_of", facts) == {invention.pk: ((boso.pk, 100),)}
    assert before != {invention.pk: ((boso.pk, 100),)}


def test_licence_form_is_prefilled_from_the_royalty_and_compensation_terms(login):
    agreement = Agreement.objects.get(number="OPERA-2022-001")
    terms = agreement.terms
    terms.royalty_percent = 3
    terms.non_practice_compensation = True
    terms.save()
    page = login("ipoffice").get(f"/licensing/licences/add/?agreement={agreement.pk}").content.decode()
    assert "Royalty per the agreement: 3%." in page
    assert "Non-practice compensation is due to the university" in page


def test_know_how_and_confidentiality_ends_are_docket_deadlines(login):
    agreement = Agreement.objects.get(number="KNU-2024-107")  # ends 2026-03-31; 5 years from the day after
    assert set(agreement.term_deadlines.values_list("kind", "due")) == {
        ("know_how_end", date(2031, 3, 31)), ("confidentiality_end", date(2031, 3, 31))}
    assert "KNU-2024-107" in login("ipoffice").get("/docket/").content.decode()


def test_publication_request_by_a_researcher_starts_the_review_and_the_partner_answers(login, user):
    from kyoso.ip.models import Invention

    endo = user("researcher")
    agreement = Invention.objects.filter(inventors__person_id=endo.profile.person_id).exclude(agreement=None).first().agreement
    response = login("researcher").post(f"/agreements/{agreement.pk}/publications/", {"title": "Spin torque at 150 °C"})
    assert response.status_code == 302
    request = PublicationRequest.objects.get(title="Spin torque at 150 °C")
    notice = agreement.terms.publication_notice_days
    assert (request.answer_due - request.requested_on).days == notice
    deadline = AgreementDeadline.objects.get(publication=request)
    assert deadline.kind == "publication_answer" and deadline.due == request.answer_due
    other = Agreement.objects.get(number="KNU-2024-107")
    assert login("researcher").get(f"/agreements/{other.pk}/publications/").status_code == 403
    company = agreement.parties.filter(role="company").first().organisation
    from kyoso.accounts.models import Profile

    partner = Profile.objects.filter(organisation=company, role="company").first()
    if partner is None:
        partner_user = user("ipoffice")
    else:
        partner_user = partner.user
    web = login(partner_user.username)
    web.post(f"/publications/{request.pk}/answer/", {"status": "agreed"})
    request.refresh_from_db()
    assert request.status == "agreed"
    assert AgreementDeadline.objects.get(publication=request).done is True
    assert request_publication  # the service the page calls


def test_researchers_are_named_per_party_by_those_who_may_change_the_agreement(login):
    agreement = Agreement.objects.get(number="IND-2023-021")
    boso = agreement.parties.get(role="company").organisation
    url = f"/agreements/{agreement.pk}/researchers/"
    assert login("company-b").get(url).status_code == 403
    assert login("company-a").get(url).status_code == 404
    assert login("auditor").get(url).status_code == 403
    response = login("cpo").post(url, {"organisation": boso.pk, "name": "Kobayashi Ken", "title": "Engineer",
                                       "role": "Radar tests", "dispatched": "on"})
    assert response.status_code == 302
    researcher = agreement.researchers.get(name="Kobayashi Ken")
    assert researcher.dispatched is True
    assert "Kobayashi Ken" in login("company-b").get(agreement.get_absolute_url()).content.decode()


def test_contract_type_page_shows_its_default_terms_with_confirmed_marks(login):
    from kyoso.agreements.models import ContractType

    page = login("company-a").get(ContractType.objects.get(code="sakura-8").get_absolute_url()).content.decode()
    assert "Default terms of this type" in page
    assert page.count("unconfirmed") >= 1 and "confirmed" in page


def test_a_cpo_creates_the_draft_in_their_consortium_and_the_fee_schedule_follows_the_cost_term(login, user):
    from kyoso.consortia.models import Consortium
    from kyoso.ip.models import Filing
    from kyoso.licensing.services.costs import fee_payers
    from kyoso.parties.models import Organisation

    demo = Consortium.objects.get(slug="opera-demo")
    response = login("cpo").post("/agreements/sakura/", {
        "university_contribution": "low", "company_contribution": "high", "domain": "competitive", "create": "1",
        "type_code": "4", "number": "IND-2026-090", "title": "Company-owned study", "consortium": demo.pk,
        "university": Organisation.objects.get(name="Kita-Nihon University").pk,
        "company": Organisation.objects.get(name="Boso Motors Co., Ltd.").pk, "start": "2026-12-01", "end": "2027-11-30"})
    assert response.status_code == 302
    agreement = Agreement.objects.get(number="IND-2026-090")
    assert agreement.consortium == demo and agreement.terms.ownership == "company" and agreement.terms.fee_bearer == "company"
    filing = Filing.objects.filter(family__invention__agreement__number="IND-2023-021").select_related("family__invention").first()
    terms = AgreementTerms.objects.get(agreement__number="IND-2023-021")
    terms.fee_bearer = "university"
    save_terms(terms, user=user("ipoffice"))
    assert [(org.name, share) for org, share in fee_payers(filing)] == [("Kita-Nihon University", Fraction(1))]
