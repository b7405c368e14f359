"""The docket: deadlines stored and recomputed with their filing, completed by the right people,
shown on the filing's page with their rule and source, scoped like the filing."""

from datetime import date

import pytest

from kyoso.core.models import Event
from kyoso.docket.models import Deadline
from kyoso.docket.services import complete_deadline, recompute_filing, save_manual_deadline
from kyoso.ip.services import save_filing

pytestmark = pytest.mark.django_db


def exam(filing):
    return filing.deadlines.get(rule="JP.exam_request")


def test_saving_a_filing_stores_its_deadlines_with_rule_and_source(jp_filing):
    deadline = exam(jp_filing)
    assert (deadline.raw_due, deadline.due, deadline.state) == (date(2027, 2, 5), date(2027, 2, 5), "open")
    assert deadline.source.split(";")[0] == "jp-pa-48-3" and not deadline.manual


def test_changed_dates_move_the_deadline_and_keep_its_completion(jp_filing, user, today):
    office = user("ipoffice")
    deadline = exam(jp_filing)
    complete_deadline(deadline, "waived", user=office, note="decided not to pursue")
    jp_filing.filing_date = date(2023, 12, 29)  # now ends in the year-end closure
    save_filing(jp_filing, user=office)
    moved = exam(jp_filing)
    assert moved.pk == deadline.pk
    assert (moved.raw_due, moved.due) == (date(2026, 12, 29), date(2027, 1, 4))
    assert (moved.state, moved.completed_by, moved.note) == ("waived", office, "decided not to pursue")


def test_recording_the_exam_request_closes_its_deadline(jp_filing, user):
    jp_filing.exam_requested_on = date(2025, 1, 20)
    save_filing(jp_filing, user=user("ipoffice"))
    deadline = exam(jp_filing)
    assert deadline.state == "done" and "2025-01-20" in deadline.note


def test_registration_adds_annuities_and_a_dead_filing_keeps_no_open_deadline(jp_filing, user):
    office = user("ipoffice")
    jp_filing.exam_requested_on, jp_filing.grant_decision_on = date(2024, 3, 1), date(2026, 6, 1)
    jp_filing.registered_on, jp_filing.status = date(2026, 7, 1), "registered"
    jp_filing.registration_number = "特許第7123456号"
    save_filing(jp_filing, user=office)
    assert jp_filing.deadlines.get(rule="JP.annuity", year=4).due == date(2029, 7, 2)  # 1 July 2029 is a Sunday
    manual = save_manual_deadline(Deadline(filing=jp_filing, kind="other", label="Licence report", due=date(2027, 1, 15)), user=office)
    annuities = jp_filing.deadlines.filter(rule="JP.annuity").count()
    jp_filing.status = "abandoned"
    save_filing(jp_filing, user=office)
    assert not jp_filing.deadlines.filter(state="open").exists()
    # Closed, not deleted: the docket keeps what the right owed.
    assert jp_filing.deadlines.filter(rule="JP.annuity", state="closed").count() == annuities > 0
    manual.refresh_from_db()
    assert (manual.state, manual.note) == ("closed", "")


def test_a_filing_pursued_again_gets_back_the_deadlines_its_end_closed(jp_filing, user):
    """Only what the end closed opens again: a deadline waived by a person before stays waived."""
    office = user("ipoffice")
    complete_deadline(exam(jp_filing), "waived", user=office, note="decided not to pursue")
    manual = save_manual_deadline(Deadline(filing=jp_filing, kind="other", label="Licence report", due=date(2027, 1, 15)), user=office)
    before = dict(jp_filing.deadlines.values_list("pk", "state"))
    jp_filing.status = "withdrawn"
    save_filing(jp_filing, user=office)
    assert set(jp_filing.deadlines.values_list("state", flat=True)) == {"closed", "waived"}
    jp_filing.status = "filed"
    save_filing(jp_filing, user=office)
    assert dict(jp_filing.deadlines.values_list("pk", "state")) == before
    assert before[manual.pk] == "open" and before[exam(jp_filing).pk] == "waived"


def test_manual_deadlines_survive_recomputation(jp_filing, user):
    manual = save_manual_deadline(Deadline(filing=jp_filing, kind="oa_reply", label="Reply to OA", due=date(2027, 1, 25)), user=user("cpo"))
    recompute_filing(jp_filing)
    assert Deadline.objects.filter(pk=manual.pk, manual=True, state="open").exists()


def test_filing_page_lists_deadlines_with_rule_and_source_and_completing_updates_the_docket(jp_filing, login, today):
    web = login("cpo")
    page = web.get(jp_filing.get_absolute_url()).content.decode()
    assert "JP.exam_request" in page and "jp-pa-48-3" in page and "2027-02-05" in page
    deadline = exam(jp_filing)
    # The page's exam-request deadline is the one still open, due on the date it shows.
    assert (deadline.state, deadline.due) == ("open", date(2027, 2, 5))
    response = web.post(f"/docket/deadlines/{deadline.pk}/complete/", {"state": "done", "note": "filed online"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.state, deadline.completed_by.username, deadline.note) == ("done", "cpo", "filed online")
    assert Event.objects.filter(verb="deadline-done", object_id=jp_filing.pk).exists()
    listed = web.get(f"/docket/deadlines/?window=open&filing={jp_filing.pk}").content.decode()
    assert f"/docket/deadlines/{deadline.pk}/" not in listed


def test_a_japanese_reader_sees_deadlines_and_their_events_in_japanese(jp_filing, login):
    from tests.test_i18n import _switch

    writer = login("cpo")  # completes the deadline from an English screen
    deadline = exam(jp_filing)
    assert writer.post(f"/docket/deadlines/{deadline.pk}/complete/", {"state": "done"}).status_code == 302
    reader = login("ipoffice")
    _switch(reader, "ja")
    docket = reader.get(f"/docket/deadlines/?filing={jp_filing.pk}").content.decode()
    assert "出願審査請求" in docket and "Examination request (" not in docket
    page = reader.get(jp_filing.get_absolute_url()).content.decode()
    assert "期限「出願審査請求」" in page  # the event, written in English, read in Japanese
    _switch(reader, "en")
    assert "Deadline “Examination request (出願審査請求)”" in reader.get(jp_filing.get_absolute_url()).content.decode()


def test_auditor_and_company_cannot_complete(jp_filing, login, api):
    deadline = exam(jp_filing)
    assert login("auditor").post(f"/docket/deadlines/{deadline.pk}/complete/", {"state": "done"}).status_code == 403
    assert login("company-a").post(f"/docket/deadlines/{deadline.pk}/complete/", {"state": "done"}).status_code == 403
    assert api("auditor").post("/api/deadlines/", {}).status_code in (403, 405)
    deadline.refresh_from_db()
    assert deadline.state == "open"


def test_company_a_sees_no_deadline_of_company_b_confidential_inventions(user, login, api):
    from kyoso.ip.models import Invention

    company_a = user("company-a")
    hidden = Invention.objects.filter(confidential=True).exclude(owners__organisation=company_a.profile.organisation)
    secret = Deadline.objects.filter(filing__family__invention__in=hidden)
    assert secret.exists(), "the demo has confidential inventions with deadlines"
    assert not Deadline.objects.for_user(company_a).filter(pk__in=secret).exists()
    listed = {row["id"] for row in api("company-a").get("/api/deadlines/?page_size=1000").json()["results"]}
    assert not listed & set(secret.values_list("pk", flat=True))
    some = secret.first()
    assert login("company-a").get(f"/docket/deadlines/{some.pk}/").status_code == 404
    assert api("company-a").get(f"/api/deadlines/{some.pk}/").status_code == 404


def test_docket_pages_and_exports(login, today):
    web = login("ipoffice")
    for url in ("/docket/", "/docket/deadlines/?window=overdue", "/docket/deadlines/?window=7", "/docket/deadlines/?window=30",
                "/docket/deadlines/?window=90&office=JP", "/docket/deadlines/?window=open&consortium=1"):
        assert web.get(url).status_code == 200, url
    csv = web.get("/docket/deadlines/?window=open&export=csv")
    assert b"rule" in b"".join(csv.streaming_content).lower()
    assert web.get("/docket/deadlines/?export=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_lists_deadlines_with_filters(api, jp_filing):
    data = api("ipoffice").get(f"/api/deadlines/?filing={jp_filing.pk}").json()
    rules = {row["rule"] for row in data["results"]}
    assert "JP.exam_request" in rules and all(row["source"] for row in data["results"] if row["rule"])


def test_recompute_command_after_a_rule_change(jp_filing):
    from io import StringIO

    from django.core.management import call_command

    Deadline.objects.filter(filing=jp_filing, rule="JP.exam_request").update(due=date(2030, 1, 1))  # stale, as after a data change
    out = StringIO()
    call_command("docket", "recompute", str(jp_filing.pk), stdout=out)
    assert "1 filings" in out.getvalue() and exam(jp_filing).due == date(2027, 2, 5)


def test_manual_deadline_through_the_form_and_computed_ones_are_not_editable(jp_filing, login, user):
    web = login("cpo")
    assert web.get(f"/docket/deadlines/add/?filing={jp_filing.pk}").status_code == 200
    response = web.post("/docket/deadlines/add/", {
        "filing": jp_filing.pk, "kind": "oa_reply", "label": "Reply to reasons for refusal", "due": "2027-01-20",
        "office": "JP", "responsible": user("cpo").pk, "note": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    manual = jp_filing.deadlines.get(manual=True)
    assert (manual.label, manual.responsible.username) == ("Reply to reasons for refusal", "cpo")
    assert Event.objects.filter(verb="deadline-added", object_id=jp_filing.pk).exists()
    assert web.get(f"/docket/deadlines/{exam(jp_filing).pk}/edit/").status_code == 404
    assert login("company-a").get(f"/docket/deadlines/add/?filing={jp_filing.pk}").status_code == 403


# --- office actions (PA 50 / 121(1)) ---------------------------------------------------------------


def test_a_notice_of_reasons_for_refusal_opens_its_reply_deadline(jp_filing, user):
    """Dispatched Tue 2026-11-10: 60 days (PA §3(1)(ii), first day not counted) end Sat 2027-01-09;
    Mon 11 January is Coming-of-Age Day, so the reply is due Tue 2027-01-12."""
    jp_filing.office_action_on = date(2026, 11, 10)
    save_filing(jp_filing, user=user("ipoffice"))
    reply = jp_filing.deadlines.get(rule="JP.oa_reply")
    assert (reply.raw_due, reply.due, reply.state) == (date(2027, 1, 9), date(2027, 1, 12), "open")


def test_a_later_notice_reopens_the_answered_reply_and_a_corrected_date_does_not(jp_filing, user):
    office = user("ipoffice")
    jp_filing.office_action_on = date(2026, 11, 10)
    save_filing(jp_filing, user=office)
    complete_deadline(jp_filing.deadlines.get(rule="JP.oa_reply"), "done", user=office, note="argued and amended")

    jp_filing.office_action_on = date(2026, 11, 9)  # a typo corrected: still the same notice
    save_filing(jp_filing, user=office)
    assert jp_filing.deadlines.get(rule="JP.oa_reply").state == "done"

    jp_filing.office_action_on = date(2027, 3, 1)  # the final notice: 60 days end Fri 2027-04-30
    save_filing(jp_filing, user=office)
    reply = jp_filing.deadlines.get(rule="JP.oa_reply")
    assert (reply.due, reply.state, reply.completed_by) == (date(2027, 4, 30), "open", None)
    assert "2027-01-08" in reply.note  # which notice had been answered


def test_a_decision_of_refusal_opens_the_appeal_and_divisional_deadlines(jp_filing, user):
    """Served 2027-06-15: 3 months (PA 121(1), PA §3) end 2027-09-15, for the appeal and for a divisional (PA 44(1)(iii))."""
    jp_filing.office_action_on = date(2026, 11, 10)
    jp_filing.refusal_served_on = date(2027, 6, 15)
    jp_filing.status = "examination"
    save_filing(jp_filing, user=user("ipoffice"))
    dues = {d.rule: d.due for d in jp_filing.deadlines.filter(rule__in=["JP.appeal", "JP.divisional_after_refusal"])}
    assert dues == {"JP.appeal": date(2027, 9, 15), "JP.divisional_after_refusal": date(2027, 9, 15)}


def test_foreign_applicants_get_the_longer_reply_period(jp_filing, user):
    """在外者: 3 months instead of 60 days (JPO practice: 指定期間 for applicants abroad)."""
    from decimal import Decimal

    from kyoso.ip.services import set_owners
    from kyoso.parties.models import Organisation

    office = user("ipoffice")
    foreign = Organisation.objects.create(name="Overseas Devices Inc.", kind="company", size="large", is_domestic=False, country="US")
    set_owners(jp_filing.family.invention, [(foreign.pk, Decimal(100))], user=office)
    jp_filing.office_action_on = date(2026, 11, 10)
    save_filing(jp_filing, user=office)
    assert not jp_filing.deadlines.filter(rule="JP.oa_reply").exists()
    assert jp_filing.deadlines.get(rule="JP.oa_reply_abroad").due == date(2027, 2, 10)


@pytest.mark.parametrize("office, field, day, message", [
    ("US", "office_action_on", date(2026, 5, 1), "Japanese deadlines only"),
    ("JP", "office_action_on", date(2023, 1, 1), "cannot be before the filing date"),
    ("JP", "refusal_served_on", date(2024, 3, 1), "follows the notice of reasons for refusal"),
])
def test_office_action_dates_are_checked(jp_filing, user, office, field, day, message):
    from django.core.exceptions import ValidationError

    jp_filing.office, jp_filing.application_number = office, ("" if office != "JP" else jp_filing.application_number)
    jp_filing.office_action_on = date(2024, 6, 1) if field == "refusal_served_on" else None
    setattr(jp_filing, field, day)
    with pytest.raises(ValidationError) as refused:
        save_filing(jp_filing, user=user("ipoffice"))
    assert message in " ".join(refused.value.message_dict[field])
