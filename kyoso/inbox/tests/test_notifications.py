"""Notifications: who is told of each event, nothing on a rollback, e-mail only when chosen, the
bell's count, and nobody reads or marks another user's notification."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kyoso.docket.models import Deadline
from kyoso.inbox.models import Notification, NotificationPreference
from kyoso.inbox.services import notify
from kyoso.ip.models import Filing

from .helpers import committee_request, consortium

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_earlier_notifications():
    """The demo's own requests and rounds notified people already: each test starts from none."""
    Notification.objects.all().delete()


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_request_for_the_committee_reaches_the_cpos_of_its_consortium_only(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = committee_request("opera-demo", "Asahi Devices", user("company-a"))
    assert told("request_to_decide") == {"cpo"}
    note = Notification.objects.get(kind="request_to_decide")
    assert note.url == f"/licensing/requests/{request.pk}/"
    assert note.text == (f"Licence request {request.reference} by Asahi Devices for {request.invention.reference} "
                         f"waits for the steering committee of {request.consortium.name}.")
    assert [m.to for m in mail.outbox] == [[user("cpo").email]]


def test_the_second_consortiums_request_reaches_its_own_cpo(user):
    committee_request("opera-second", "Kiso Robotics", user("company-c"))
    assert told("request_to_decide") == {"cpo-2"}


def test_a_rolled_back_request_notifies_nobody(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                committee_request("opera-demo", "Asahi Devices", user("company-a"))
                raise RuntimeError("the change fails after the request was filed")
        except RuntimeError:
            pass
    assert told("request_to_decide") == set()
    assert callbacks == [] and mail.outbox == []


def test_the_committee_decision_reaches_the_requesting_company_only(user):
    from kyoso.licensing.services import committee_decide

    request = committee_request("opera-demo", "Asahi Devices", user("company-a"))
    committee_decide(request, approve=False, note="Not now.", user=user("cpo"))
    assert told("request_decided") == {"company-a"}  # not Boso's staff, not the CPO who decided
    assert Notification.objects.get(kind="request_decided").text == (
        f"Your licence request {request.reference} for {request.invention.reference}: Refused.")


def test_a_decision_says_no_money(user):
    from kyoso.licensing.services import committee_decide, issue_licence

    request = committee_request("opera-second", "Boso Motors", user("company-b"), field="car seats")
    committee_decide(request, approve=True, note="Fine at ¥3,000,000 a year.", user=user("cpo-2"))
    issue_licence(request, number="LIC-TEST-9", start=date(2026, 12, 1), user=user("cpo-2"))
    texts = [n.text for n in Notification.objects.filter(kind="request_decided")]
    assert len(texts) == 2 and all("¥" not in t and "3,000,000" not in t for t in texts)
    assert texts[0].endswith(": Licence issued.")


def test_a_round_opening_reaches_the_member_companies_of_its_consortium(user):
    from kyoso.portfolio.services.review import open_round

    open_round(consortium("opera-second"), user=user("cpo-2"), as_of=date(2026, 11, 26), within_months=36, title="Second round")
    assert told("round_opened") == {"company-b", "company-c"}  # Boso and Kiso are its members; Asahi is not
    assert Notification.objects.filter(kind="round_opened").first().text == (
        f"Review round “Second round” of {consortium('opera-second').name} is open for votes.")


def test_a_deadline_assigned_reaches_the_responsible_user_once(user):
    from kyoso.docket.services import save_manual_deadline

    office = user("ipoffice")
    filing = Filing.objects.filter(family__invention__consortium__slug="opera-demo").order_by("pk").first()
    deadline = save_manual_deadline(Deadline(filing=filing, label="Reply to the office action",
                                             due=timezone.localdate() + timedelta(days=12), responsible=user("cpo")), user=office)
    assert told("deadline_assigned") == {"cpo"}
    deadline.note = "Draft sent to the attorney"
    save_manual_deadline(deadline, user=office)  # same responsible: nobody is told again
    assert Notification.objects.filter(kind="deadline_assigned").count() == 1
    deadline.responsible = office
    save_manual_deadline(deadline, user=office)  # made responsible by themselves: no notification
    assert Notification.objects.filter(kind="deadline_assigned").count() == 1
    deadline.responsible = user("cpo")
    save_manual_deadline(deadline, user=office)
    assert Notification.objects.filter(kind="deadline_assigned", recipient=user("cpo")).count() == 2


def test_email_is_sent_only_for_the_kinds_chosen(user, login, django_capture_on_commit_callbacks):
    cpo = user("cpo")
    page = login("cpo").post(reverse("inbox:preferences"), {"kinds": ["deadline_assigned"]})
    assert page.status_code == 302
    assert set(NotificationPreference.objects.filter(user=cpo, email=True).values_list("kind", flat=True)) == {"deadline_assigned"}
    with django_capture_on_commit_callbacks(execute=True):
        committee_request("opera-demo", "Asahi Devices", user("company-a"))
    assert told("request_to_decide") == {"cpo"}  # in the app always
    assert mail.outbox == []  # but not by e-mail
    with django_capture_on_commit_callbacks(execute=True):
        notify([cpo], "deadline_assigned", params={"label": "Annuity", "filing": "JP 1", "due": "2026-12-01"}, url="/docket/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [cpo.email]
    assert "Annuity" in mail.outbox[0].body and "/docket/" in mail.outbox[0].body


def test_email_is_in_the_recipients_language(user, django_capture_on_commit_callbacks):
    cpo = user("cpo")
    cpo.profile.language = "ja"
    cpo.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([cpo], "deadline_assigned", params={"label": "Annuity", "filing": "JP 1", "due": "2026-12-01"}, url="/docket/")
    assert "期限" in mail.outbox[0].body


def test_the_bell_counts_the_unread_ones(user, login):
    cpo = user("cpo")
    for _ in range(3):
        notify([cpo], "deadline_assigned", params={"label": "Annuity", "filing": "JP 1", "due": "2026-12-01"}, url="/docket/")
    first = Notification.objects.filter(recipient=cpo).order_by("pk").first()
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())
    page = login("cpo").get("/").content.decode()
    assert "2 unread" in page
    assert "unread" not in login("cpo-2").get("/").content.decode().split("</header>")[0]


def test_mark_read_and_mark_all_read_touch_only_ones_own(user, login):
    cpo, other = user("cpo"), user("cpo-2")
    params = {"label": "Annuity", "filing": "JP 1", "due": "2026-12-01"}
    mine = notify([cpo], "deadline_assigned", params=params, url="/docket/")[0]
    theirs = notify([other], "deadline_assigned", params=params, url="/docket/")[0]
    web = login("cpo")
    assert web.post(reverse("inbox:notification_read", args=[theirs.pk])).status_code == 404
    assert web.get(reverse("inbox:notification_open", args=[theirs.pk])).status_code == 404
    assert theirs.text not in web.get(reverse("inbox:notification_list")).content.decode() or mine.text == theirs.text
    assert web.post(reverse("inbox:notification_read_all")).status_code == 302
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None and mine.read_at is not None
    second = notify([cpo], "deadline_assigned", params=params, url="/docket/deadlines/")[0]
    response = web.get(reverse("inbox:notification_open", args=[second.pk]))
    assert (response.status_code, response["Location"]) == (302, "/docket/deadlines/")
    second.refresh_from_db()
    assert second.read_at is not None


@pytest.mark.parametrize("persona", ["ipoffice", "auditor", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher"])
def test_every_persona_opens_their_notifications_and_choices(login, persona):
    web = login(persona)
    assert web.get(reverse("inbox:notification_list")).status_code == 200
    assert web.get(reverse("inbox:preferences")).status_code == 200


def test_the_ip_office_and_the_auditor_do_not_read_others_notifications(user):
    notify([user("cpo")], "deadline_assigned", params={"label": "A", "filing": "JP 1", "due": "2026-12-01"})
    for persona in ("ipoffice", "auditor"):
        assert not Notification.objects.for_user(user(persona)).exists()
    assert Notification.objects.for_user(user("cpo")).count() == 1
