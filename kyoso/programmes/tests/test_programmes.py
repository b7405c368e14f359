"""Public funding in the demo world: the navigator (page and command line), awards and their duties
on the docket, the funded project the IP budget reads, the Bayh-Dole approvals asked by licensing
and the review, the consortium and institution pages, and who sees what (two consortia, companies
of one and of both)."""

import json
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from kyoso.consortia.models import Consortium
from kyoso.core.services import save_object
from kyoso.ip.models import Filing
from kyoso.ip.services import save_filing
from kyoso.licensing.models import Licence, LicensedAsset
from kyoso.parties.models import Organisation
from kyoso.programmes.choices import ApplicationStatus, DutyState
from kyoso.programmes.models import Application, Award, Duty
from kyoso.programmes.services import (
    approvals_missing,
    complete_duty,
    decide_application,
    matching,
    save_application,
)

pytestmark = pytest.mark.django_db

PROJECT = "JPMJTR2024-07"  # opera-demo's A-STEP 本格型 project, commissioned research
GAP_FUND = "JPMJTM19-0042"  # opera-demo's FY2019 A-STEP 実証研究 award
SECOND = "JPMJTR2025-31"  # opera-second's project


def _navigate(web, **query):
    params = {"trl": 3, "applicant": "university", "need": 10_000_000, "fiscal_year": 2018, **query}
    return web.get("/programmes/navigator/", params)


# -- the navigator ------------------------------------------------------------------------------


def test_university_trl3_prototype_gets_jissho_first_on_the_page(login):
    page = _navigate(login("researcher")).content.decode()
    fits, left_out = page.split("Left out, and why")
    assert "1. JST A-STEP Demonstration research (gap fund)" in fits
    assert "2. " not in fits
    assert "¥10,000,000 is above the cap of ¥3,000,000 a year" in left_out  # 試験研究, cap named


def test_company_alone_is_not_offered_university_types_on_the_page(login):
    page = _navigate(login("company-a"), trl=3, applicant="company", need=3_000_000).content.decode()
    fits, left_out = page.split("Left out, and why")
    assert "No programme of this fiscal year fits." in fits
    assert "open to a university etc. only, not to a company" in left_out


def test_partner_box_makes_it_a_joint_application(login):
    page = _navigate(login("cpo"), trl=5, need=50_000_000, partner="on").content.decode()
    fits, _left = page.split("Left out, and why")
    assert "1. JST A-STEP Seed development" in fits


def test_navigator_in_japanese(login):
    web = login("researcher")
    web.post("/language/", {"language": "ja"})
    page = _navigate(web).content.decode()
    assert "1. JST A-STEP（研究成果最適展開支援プログラム） 実証研究" in page
    assert "¥10,000,000 は上限 ¥3,000,000 ／年 を超える" in page


def test_navigator_from_an_invention_and_hidden_inventions_404(login):
    invention = Award.objects.get(number=PROJECT).inventions.get()
    assert login("cpo").get(f"/programmes/navigator/?invention={invention.pk}").status_code == 200
    assert login("company-c").get(f"/programmes/navigator/?invention={invention.pk}").status_code == 404


def test_cli_match_json_contract():
    out = StringIO()
    call_command("programmes", "match", "--trl", "3", "--applicant", "university", "--need", "10000000",
                 "--fiscal-year", "2018", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["matches"] == [{"programme": "JST A-STEP", "type": "実証研究", "reasons": [
        "open to a university etc.; you apply as a university etc.", "TRL 3 is within the type's TRL 2–3",
        "¥10,000,000 is within the cap of ¥10,000,000 a year", "a grant: nothing to repay", "runs 1 year(s)"]}]
    assert answer["excluded"][0] == {"type": "試験研究", "why": "¥10,000,000 is above the cap of ¥3,000,000 a year"}
    assert [row["type"] for row in answer["excluded"]] == ["試験研究", "シーズ育成", "NexTEP-B", "NexTEP-A"]


def test_cli_company_above_the_nextep_b_cap():
    out = StringIO()
    call_command("programmes", "match", "--trl", "8", "--applicant", "company", "--need", "400000000",
                 "--fiscal-year", "2018", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert [m["type"] for m in answer["matches"]] == ["NexTEP-A"]
    assert {"type": "NexTEP-B", "why": "¥400,000,000 is above the cap of ¥300,000,000 in total"} in answer["excluded"]


def test_cli_refuses_a_bad_trl_with_status_2():
    with pytest.raises(CommandError) as refused:
        call_command("programmes", "match", "--trl", "12", "--applicant", "university", "--need", "1", stdout=StringIO())
    assert refused.value.returncode == 2 and "TRL runs from 1 to 9" in str(refused.value)


def test_catalogue_page_compares_both_menus_and_abroad(login):
    page = login("auditor").get("/programmes/").content.decode()
    for text in ("実証研究", "Demonstration research (gap fund)", "NexTEP-A", "1,500,000,000", "Cambridge Enterprise",
                 "GBP 60,000", "unconfirmed", "産学共同（本格型）"):
        assert text in page, text


# -- awards and their duties --------------------------------------------------------------------


def test_an_award_brings_its_duties_and_a_funded_project(user):
    cpo = user("cpo")
    consortium = Consortium.objects.get(slug="opera-demo")
    lead = Organisation.objects.get(short_name="Kita-Nihon U")
    application = save_application(Application(consortium=consortium, programme="a-step-2018-jissho", title="Prototype",
                                               applicant=lead, amount_asked=10_000_000,
                                               status=ApplicationStatus.SUBMITTED), user=cpo)
    award = decide_application(application, ApplicationStatus.AWARDED, user=cpo, number="TEST-0001",
                               start=date(2026, 10, 1), end=date(2027, 9, 30), budget={2026: 10_000_000})
    assert sorted((d.due, d.duty) for d in award.duties.all()) == [
        (date(2027, 5, 31), "annual_report"), (date(2027, 11, 30), "final_report"), (date(2028, 5, 31), "annual_report")]
    # The patent-cost rules read the funded project: A-STEP, the award's term.
    assert (award.grant.programme, award.grant.start, award.grant.end, award.grant.number) == (
        "a_step", date(2026, 10, 1), date(2027, 9, 30), "TEST-0001")
    application.refresh_from_db()
    assert application.status == "awarded"
    with pytest.raises(ValidationError, match="already been decided"):
        decide_application(application, ApplicationStatus.REJECTED, user=cpo)


def test_repayable_type_brings_a_repayment_and_royalty_duties(user):
    award = Award.objects.get(number=SECOND)
    award.programme = "a-step-2022-hensai"
    save_object(award, user=user("ipoffice"))
    from kyoso.programmes.services import sync_duties

    sync_duties(award)
    kinds = {(d.duty, d.due) for d in award.duties.all()}
    assert ("repayment_start", date(2030, 3, 30)) in kinds  # term end 2027-03-31 + 1,095 days (2028 is a leap year)
    assert ("royalty_report", date(2026, 7, 1)) in kinds  # FY2025 end + 92 days


def test_award_duties_on_the_docket(login):
    page = login("cpo").get("/docket/").content.decode()
    assert "Other duties (public funding)" in page
    assert "Annual report on the award" in page and PROJECT in page
    assert SECOND not in page  # the other consortium's award
    page_c = login("company-c").get("/docket/").content.decode()
    assert SECOND in page_c and PROJECT not in page_c


def test_matching_ratio_as_for_opera():
    """Asahi's individual agreement IND-2023-014: FY2024 ¥8,000,000 + 20 % = ¥9,600,000 against
    JST's ¥15,000,000 → 0.64; FY2025 ¥18,000,000 / ¥30,000,000 → 0.60; FY2026 ¥14,400,000 / ¥30,000,000 → 0.48."""
    rows = matching(Award.objects.get(number=PROJECT))
    assert [(r["fiscal_year"], r["award"], r["company"], str(r["matching_ratio"])) for r in rows] == [
        (2024, 15_000_000, 9_600_000, "0.64"), (2025, 30_000_000, 18_000_000, "0.60"), (2026, 30_000_000, 14_400_000, "0.48")]


# -- Bayh-Dole ----------------------------------------------------------------------------------


def test_filing_and_registration_notices_follow_the_filing(user):
    award = Award.objects.get(number=PROJECT)
    invention = award.inventions.get()
    filing = Filing.objects.filter(family__invention=invention, filing_date__isnull=False).order_by("filing_date").first()
    notice = Duty.objects.get(award=award, duty="filing_notice", filing=filing)
    assert notice.due == filing.filing_date + timedelta(days=60)
    assert notice.source == "ite-act-17;jst-ip-notice-forms"
    assert not Duty.objects.filter(award=award, duty="registration_notice").exists()
    filing.grant_decision_on = date(2026, 9, 1)
    filing.registered_on = date(2026, 10, 1)
    filing.status = "granted"
    save_filing(filing, user=user("ipoffice"))
    assert Duty.objects.get(award=award, duty="registration_notice", filing=filing).due == date(2026, 11, 30)


def test_exclusive_licence_refused_without_approval_and_accepted_with_it(user):
    ipoffice = user("ipoffice")
    award = Award.objects.get(number=PROJECT)
    invention = award.inventions.get()
    licence = save_object(Licence(number="EX-TEST-1", consortium=award.consortium, licensee=award.partner,
                                  exclusivity="exclusive", start=date(2026, 12, 1)), user=ipoffice)
    with pytest.raises(ValidationError) as refused:
        save_object(LicensedAsset(licence=licence, invention=invention), user=ipoffice)
    assert refused.value.message_dict["invention"] == [
        f"{invention.reference} came from commissioned research: the funder must approve an exclusive licence beforehand "
        "(Industrial Technology Enhancement Act Art. 17). Record the approval with its reference on the award's duty first."]
    approval = Duty.objects.get(award=award, invention=invention, duty="approval_exclusive_licence")
    with pytest.raises(ValidationError):
        complete_duty(approval, user=ipoffice)  # an approval without its reference is not one
    complete_duty(approval, user=ipoffice, reference="JST-APPROVAL-2026-118")
    asset = save_object(LicensedAsset(licence=licence, invention=invention), user=ipoffice)
    assert asset.pk and approvals_missing([invention.pk], "exclusive_licence") == []


def test_non_exclusive_licence_and_other_inventions_need_no_approval(user):
    ipoffice = user("ipoffice")
    award = Award.objects.get(number=PROJECT)
    licence = save_object(Licence(number="NE-TEST-1", consortium=award.consortium, licensee=award.partner,
                                  start=date(2026, 12, 1)), user=ipoffice)
    assert save_object(LicensedAsset(licence=licence, invention=award.inventions.get()), user=ipoffice).pk
    gap_fund_invention = Award.objects.get(number=GAP_FUND).inventions.get()  # a grant, not commissioned
    assert approvals_missing([gap_fund_invention.pk], "exclusive_licence") == []


def test_abandon_and_assignment_wait_for_the_funder(user):
    award = Award.objects.get(number=PROJECT)
    invention = award.inventions.get()
    assert approvals_missing([invention.pk], "abandon") == [invention.reference]
    assert approvals_missing([invention.pk], "assignment") == [invention.reference]
    notice = Duty.objects.get(award=award, invention=invention, duty="abandon_notice")
    complete_duty(notice, user=user("cpo"), reference="JST-NOTICE-77")
    assert approvals_missing([invention.pk], "abandon") == []
    assert approvals_missing([invention.pk], "assignment") == [invention.reference]


def test_review_refuses_abandoning_a_commissioned_right_without_notice(user):
    from kyoso.portfolio.models import ReviewItem, ReviewRound
    from kyoso.portfolio.services.review import decide

    award = Award.objects.get(number=PROJECT)
    invention = award.inventions.get()
    filing = Filing.objects.filter(family__invention=invention).first()
    review = save_object(ReviewRound(consortium=award.consortium, title="Test round", as_of=date(2026, 11, 26)), user=user("cpo"))
    item = save_object(ReviewItem(round=review, filing=filing, next_due=date(2027, 1, 1), recommendation="maintain",
                                        remaining_years=Decimal("5"), components={"cost": 1}), user=user("cpo"))
    with pytest.raises(ValidationError, match="tell the funder before abandoning"):
        decide(item, "abandon", user=user("cpo"))
    complete_duty(Duty.objects.get(award=award, invention=invention, duty="abandon_notice"), user=user("cpo"), reference="N-1")
    assert decide(item, "abandon", user=user("cpo")).decision == "abandon"


# -- pages and scoping --------------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", [
    ("ipoffice", 200), ("cpo", 200), ("auditor", 200), ("company-a", 200), ("company-b", 200),
    ("cpo-2", 404), ("company-c", 404), ("researcher", 404)])
def test_award_page_by_role(login, persona, status):
    award = Award.objects.get(number=PROJECT)
    assert login(persona).get(f"/programmes/awards/{award.pk}/").status_code == status


@pytest.mark.parametrize("persona, status, add", [("cpo", 200, 200), ("ipoffice", 200, 200), ("cpo-2", 404, 200),
                                                  ("company-a", 404, 403), ("auditor", 404, 403), ("researcher", 404, 403)])
def test_award_edit_and_add_by_role(login, persona, status, add):
    award = Award.objects.get(number=PROJECT)
    assert login(persona).get(f"/programmes/awards/{award.pk}/edit/").status_code == status
    assert login(persona).get("/programmes/awards/add/").status_code == add


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor"])
def test_catalogue_and_navigator_open_to_every_role(login, persona):
    web = login(persona)
    assert web.get("/programmes/").status_code == 200
    assert _navigate(web).status_code == 200


def test_award_lists_are_scoped_two_consortia_two_companies(login):
    def numbers(persona):
        return {n for n in (PROJECT, GAP_FUND, SECOND) if n in login(persona).get("/programmes/awards/").content.decode()}

    assert numbers("cpo") == {PROJECT, GAP_FUND}
    assert numbers("cpo-2") == {SECOND}
    assert numbers("company-a") == {PROJECT, GAP_FUND}  # Asahi: opera-demo only
    assert numbers("company-b") == {PROJECT, GAP_FUND, SECOND}  # Boso: both
    assert numbers("company-c") == {SECOND}  # Kiso: opera-second only
    assert numbers("researcher") == set()


def test_decision_on_the_page_creates_the_award(login):
    application = Application.objects.get(title__startswith="Try-out")
    assert login("cpo").post(f"/programmes/applications/{application.pk}/decide/", {"decision": "rejected"}).status_code == 404
    web = login("cpo-2")
    response = web.post(f"/programmes/applications/{application.pk}/decide/", {
        "decision": "awarded", "number": "JPMJTM2026-02", "start": "2026-12-01", "end": "2027-11-30", "budget": "2026: 3000000"})
    award = Award.objects.get(number="JPMJTM2026-02")
    assert response.status_code == 302 and response["Location"] == f"/programmes/awards/{award.pk}/"
    assert (award.recipient.short_name, award.partner.short_name, award.budget_by_year()) == ("Chubu IT", "Kiso Robotics", {2026: 3_000_000})


def test_consortium_and_institution_pages_show_funding(login):
    consortium = Consortium.objects.get(slug="opera-demo")
    page = login("cpo").get(f"/consortia/{consortium.pk}/").content.decode()
    assert 'id="public-funding"' in page and PROJECT in page and SECOND not in page
    assert "FY2025" in page and "¥30,000,000" in page  # money by fiscal year and programme
    lead = Organisation.objects.get(short_name="Kita-Nihon U")
    institution = login("ipoffice").get(f"/organisations/{lead.pk}/").content.decode()
    assert PROJECT in institution and GAP_FUND in institution and "overdue" in institution
    kiso = Organisation.objects.get(short_name="Kiso Robotics")
    assert PROJECT not in login("company-c").get(f"/organisations/{kiso.pk}/").content.decode()


def test_commissioned_invention_page_shows_its_notices(login):
    invention = Award.objects.get(number=PROJECT).inventions.get()
    page = login("cpo").get(invention.get_absolute_url()).content.decode()
    assert "Made under commissioned research" in page and "Notice of filing to the funder" in page
    assert Duty.objects.filter(invention=invention, duty="filing_notice", state=DutyState.DONE).exists()


def test_imported_filings_of_a_commissioned_invention_get_their_notices(user):
    from kyoso.programmes.services import on_filings_imported  # the handler of the filings_imported hook

    award = Award.objects.get(number=PROJECT)
    invention = award.inventions.get()
    filing = Filing.objects.filter(family__invention=invention, filing_date__isnull=False).first()
    Duty.objects.filter(award=award, filing=filing).delete()
    on_filings_imported([filing], user=user("ipoffice"))
    assert sorted(Duty.objects.filter(award=award, filing=filing).values_list("duty", "due")) == [
        ("application_statement", filing.filing_date), ("filing_notice", filing.filing_date + timedelta(days=60))]


def test_an_application_must_fit_who_may_apply(user):
    consortium = Consortium.objects.get(slug="opera-demo")
    asahi = Organisation.objects.get(short_name="Asahi Devices")
    lead = Organisation.objects.get(short_name="Kita-Nihon U")
    with pytest.raises(ValidationError) as refused:
        save_application(Application(consortium=consortium, programme="a-step-2018-jissho", title="By a company",
                                     applicant=asahi, amount_asked=10_000_000), user=user("cpo"))
    assert "not open to this applicant" in str(refused.value.message_dict["applicant"])
    with pytest.raises(ValidationError):  # シーズ育成 needs the company partner
        save_application(Application(consortium=consortium, programme="a-step-2018-seeds", title="Alone",
                                     applicant=lead, amount_asked=50_000_000), user=user("cpo"))
    assert save_application(Application(consortium=consortium, programme="a-step-2018-seeds", title="Together",
                                        applicant=lead, partner=asahi, amount_asked=50_000_000), user=user("cpo")).pk
