"""Next steps become reminders on the owner's docket; NDA expiries too; the trainee report by hand;
the command-line contracts; every page for every persona."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from kyoso.docket.models import Deadline
from kyoso.docket.services.reminders import send_reminders
from kyoso.parties.models import Organisation, Person
from kyoso.transfer.models import (
    ContactLog,
    Deal,
    DealAgreement,
    FollowUp,
    Technology,
    Trainee,
    TrainingProgramme,
)
from kyoso.transfer.services import (
    delete_contact,
    move_deal,
    save_contact,
    save_deal,
    save_deal_agreement,
    save_trainee,
    trainee_report,
)

pytestmark = pytest.mark.django_db
PERSONAS = ("ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor")


def _daisen():
    return Deal.objects.get(technology__slug="mram-sense-amplifier", organisation__name="Daisen Materials Corporation")


def test_a_next_step_is_a_reminder_for_its_owner(user):
    cpo, office = user("cpo"), user("ipoffice")
    contact = save_contact(ContactLog(deal=_daisen(), contacted_on=date(2026, 11, 26), who="Inoue", next_step="Send the draft term sheet",
                                      next_step_on=date(2026, 12, 3), owner=office), user=cpo)
    reminder = Deadline.objects.get(pk=contact.reminder_id)
    assert (reminder.due, reminder.responsible, reminder.manual, reminder.state) == (date(2026, 12, 3), office, True, "open")
    assert reminder.filing.family.invention in _daisen().technology.inventions.all()
    assert reminder.label == "Technology transfer: next step" and "Daisen" not in reminder.label  # nothing of the deal leaks
    # The docket's e-mail reminders tell the owner (7 days ahead), and only the owner.
    digests = send_reminders(date(2026, 11, 28), dry_run=True)
    told = [digest.recipient for digest, _n in digests if any(item.pk == reminder.pk for item, _lead in digest.items)]
    assert told == [office]
    # A new date moves the reminder; no next step closes it.
    contact.next_step_on = date(2026, 12, 10)
    save_contact(contact, user=cpo)
    assert Deadline.objects.get(pk=reminder.pk).due == date(2026, 12, 10)
    contact.next_step, contact.next_step_on = "", None
    save_contact(contact, user=cpo)
    assert Deadline.objects.get(pk=reminder.pk).state == "waived"


def test_the_deals_owner_is_reminded_when_the_step_names_nobody(user):
    contact = save_contact(ContactLog(deal=_daisen(), contacted_on=date(2026, 11, 26), who="Inoue", next_step="Call back",
                                      next_step_on=date(2026, 12, 1)), user=user("cpo"))
    assert Deadline.objects.get(pk=contact.reminder_id).responsible == _daisen().owner == user("cpo")
    delete_contact(contact, user=user("cpo"))
    assert Deadline.objects.get(pk=contact.reminder_id).state == "waived"


def test_an_nda_expiry_is_on_the_docket(user):
    nda = save_deal_agreement(DealAgreement(deal=_daisen(), kind="nda", signed_on=date(2026, 11, 1), expires_on=date(2027, 10, 31)),
                              user=user("cpo"))
    reminder = Deadline.objects.get(pk=nda.reminder_id)
    assert (reminder.due, reminder.label_ja) == (date(2027, 10, 31), "技術移転：秘密保持契約の期限")


def test_the_demo_next_steps_are_on_the_owners_docket(user):
    owner = user("cpo")
    mine = Deadline.objects.filter(responsible=owner, label="Technology transfer: next step", state="open")
    assert sorted(mine.values_list("due", flat=True)) == [date(2026, 11, 20), date(2026, 12, 10)]


def test_a_first_contact_moves_a_lead_on(user):
    lead = Deal.objects.get(stage="lead", organisation__name="Asahi Devices Corporation")
    save_contact(ContactLog(deal=lead, contacted_on=date(2026, 10, 8), who="Inoue; Kimura"), user=user("cpo"))
    lead.refresh_from_db()
    assert (lead.stage, lead.stage_since) == ("contacted", date(2026, 10, 8))


# -- the trainee report, by hand ----------------------------------------------------------------------


def _won(technology, organisation, opened, won_on, number, office):
    deal = save_deal(Deal(technology=technology, organisation=organisation, opened_on=opened), user=office)
    for stage in ("contacted", "nda", "evaluation", "term_sheet"):
        move_deal(deal, stage, user=office, on=opened)
    return move_deal(deal, "won", user=office, on=won_on, licence_number=number)


@pytest.fixture
def minami(user):
    """Minami TLO's programme, followed up two years: placements around FY2030 (1 April 2030 – 31 March 2031)."""
    office = user("ipoffice")
    host = Organisation.objects.create(name="Minami TLO", kind="tlo")
    x = Organisation.objects.create(name="X University", kind="university")
    y = Organisation.objects.create(name="Y University", kind="university")
    people = [Person.objects.create(family_name=f"Trainee{n}", given_name="T") for n in range(4)]
    programme = TrainingProgramme.objects.create(name="Minami OJT", host=host, first_fiscal_year=2028, last_fiscal_year=2031,
                                                 follow_up_years=2)
    technology = Technology.objects.get(slug="mram-sense-amplifier")
    buyer = Organisation.objects.get(name="Global Photonics Inc.")
    d1 = _won(technology, buyer, date(2029, 10, 1), date(2029, 12, 1), "LIC-T-1", office)  # won in FY2029
    d2 = _won(technology, buyer, date(2030, 5, 1), date(2030, 9, 1), "LIC-T-2", office)  # won in FY2030
    d3 = save_deal(Deal(technology=technology, organisation=buyer, opened_on=date(2030, 6, 1)), user=office)

    def place(person, sent_by, start, end, deals):
        trainee = save_trainee(Trainee(programme=programme, person=person, dispatched_by=sent_by, starts_on=start, ends_on=end), user=office)
        trainee.deals.set(deals)
        return trainee

    p0 = place(people[0], x, date(2027, 7, 1), date(2028, 6, 30), [])  # follow-ups 2029-06-30, 2030-06-30
    place(people[1], x, date(2029, 10, 1), date(2030, 6, 30), [d1, d2])  # in FY2030
    place(people[2], y, date(2030, 4, 1), date(2031, 3, 31), [d2, d3])  # in FY2030
    p3 = place(people[3], y, date(2027, 2, 1), date(2029, 1, 31), [])  # follow-ups 2030-01-31, 2031-01-31
    FollowUp.objects.filter(trainee=p0, due_on=date(2030, 6, 30)).update(done_on=date(2030, 7, 5))
    return {"p0": p0, "p3": p3}


def test_follow_ups_for_the_years_the_programme_sets(minami):
    assert list(minami["p3"].follow_ups.values_list("due_on", flat=True)) == [date(2030, 1, 31), date(2031, 1, 31)]


def test_trainee_report_worked_by_hand(minami, user):
    rows = {r["host"]: r for r in trainee_report(2030, user=user("ipoffice"), on=date(2031, 2, 15))}
    assert rows["Minami TLO"] == {
        "host": "Minami TLO",
        "trainees": 2,  # Trainee1 (to 2030-06-30) and Trainee2 (FY2030); Trainee0 and Trainee3 returned before
        "institutions": ["X University", "Y University"],
        "deals_touched": 3,  # d1, d2 (both worked on it), d3
        "licences_won": 1,  # d2 on 2030-09-01; d1 was won in FY2029
        "follow_ups_due": 2,  # Trainee0's 2030-06-30, Trainee3's 2031-01-31
        "follow_ups_done": 1,  # Trainee0's, done 2030-07-05
        "follow_ups_overdue": 1,  # Trainee3's, not done by 2031-02-15
    }


def test_trainee_report_is_the_ip_offices(minami, user, login):
    assert trainee_report(2030, user=user("cpo")) == []
    assert "Minami TLO" not in login("company-a").get("/transfer/trainees/report/?fiscal_year=2030").content.decode()
    assert "Minami TLO" in login("auditor").get("/transfer/trainees/report/?fiscal_year=2030").content.decode()


# -- command-line contracts ----------------------------------------------------------------------------


def test_cli_pipeline_json():
    out = StringIO()
    call_command("transfer", "pipeline", "--json", stdout=out)
    body = json.loads(out.getvalue())
    stages = {row["stage"]: row for row in body["stages"]}
    assert list(stages) == ["lead", "contacted", "nda", "evaluation", "term_sheet", "won", "lost"]
    assert set(stages["lead"]) == {"stage", "count", "value", "conversion", "median_days"}
    # The demo: leads Asahi (3M) and Global on opera-second (2M); one won at 5M (the Global licence).
    assert (stages["lead"]["count"], stages["lead"]["value"]) == (2, 5_000_000)
    assert (stages["won"]["count"], stages["won"]["value"], stages["won"]["conversion"]) == (1, 5_000_000, None)
    assert body["total"] == {"count": 10, "value": 52_500_000}
    # 10 deals reached "lead"; 8 went on (the two leads did not): 80.0 %
    assert stages["lead"]["conversion"] == 80.0


def test_cli_trainees_json():
    out = StringIO()
    call_command("transfer", "trainees", "--fiscal-year", "2024", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["fiscal_year"] == 2024
    (host,) = body["hosts"]
    # Nishimura (Chubu, FY2024) and Watanabe (Kansai, from 2024-10-01); the Global deal was won in August 2024.
    assert (host["host"], host["trainees"], host["institutions"], host["licences_won"]) == (
        "Kita-Nihon TLO Co., Ltd.", 2, ["Chubu Institute of Technology", "Kansai Science University"], 1)


def test_cli_refuses_a_silly_year():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("transfer", "trainees", "--fiscal-year", "99999", "--json")


# -- pages for each persona ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_board_and_report_render_for_everyone(persona, login):
    web = login(persona)
    home = web.get("/transfer/")
    assert home.status_code == 200
    assert web.get("/transfer/trainees/report/").status_code == 200
    moves = home.content.decode().count('action="/transfer/deals/')
    assert (moves > 0) == (persona in ("ipoffice", "cpo", "cpo-2"))  # move buttons only for who may move


def test_pages_need_a_login(client):
    assert client.get("/transfer/").status_code == 302
    assert client.get("/transfer/deals/").status_code == 302


def test_funnel_on_the_board_for_a_fiscal_year(login):
    page = login("ipoffice").get("/transfer/?fiscal_year=2024").content.decode()
    assert "100.0 %" in page  # FY2024: the one deal opened (Global) went all the way


def test_the_pipeline_of_one_technology(login):
    technology = Technology.objects.get(slug="photonic-interconnect")
    page = login("cpo").get(f"/transfer/?technology={technology.pk}").content.decode()
    assert "Global Photonics" in page
    assert "Echigo Sensors" not in page  # a deal of another technology
    assert "Echigo Sensors" in login("cpo").get("/transfer/").content.decode()
