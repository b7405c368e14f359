"""My work: each role's section, scoped to what the user may see, in a bounded number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyoso.docket.models import Deadline
from kyoso.ip.models import Filing, Invention

from .helpers import committee_request, consortium

pytestmark = pytest.mark.django_db

PERSONAS = ["ipoffice", "auditor", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher"]


def page(login, persona) -> str:
    response = login(persona).get(reverse("inbox:my_work"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    """The HTML of one section (empty when the page has none)."""
    start = html.find(f'id="{key}"')
    return "" if start < 0 else html[start:html.index("</section>", start)]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_has_its_page_and_only_its_sections(login, persona):
    html = page(login, persona)
    shown = {key for key in ("deadlines", "committee", "votes", "my-requests", "disclosures") if section(html, key)}
    assert shown == {
        "ipoffice": {"deadlines", "committee"}, "cpo": {"deadlines", "committee"}, "cpo-2": {"deadlines", "committee"},
        "company-a": {"votes", "my-requests"}, "company-b": {"votes", "my-requests"}, "company-c": {"votes", "my-requests"},
        "researcher": {"disclosures"}, "auditor": set(),
    }[persona]


def test_the_committee_queue_is_each_cpos_own(login, user):
    first = committee_request("opera-demo", "Asahi Devices", user("company-a"))
    second = committee_request("opera-second", "Kiso Robotics", user("company-c"))
    mine, theirs = section(page(login, "cpo"), "committee"), section(page(login, "cpo-2"), "committee")
    assert first.reference in mine and second.reference not in mine
    assert second.reference in theirs and first.reference not in theirs
    assert f'href="/licensing/requests/{first.pk}/"' in mine


def test_a_company_sees_its_own_requests_and_no_other_companys(login, user):
    asahi = committee_request("opera-demo", "Asahi Devices", user("company-a"))
    boso = committee_request("opera-demo", "Boso Motors", user("company-b"), field="truck seats")
    mine = section(page(login, "company-a"), "my-requests")
    assert asahi.reference in mine and boso.reference not in mine
    assert "Waiting for the steering committee" in mine
    assert asahi.reference not in section(page(login, "company-b"), "my-requests")


def test_each_company_votes_only_on_its_consortias_open_rounds(login, user):
    from kyoso.portfolio.models import ReviewItem
    from kyoso.portfolio.services.review import cast_vote, open_round

    demo = open_round(consortium("opera-demo"), user=user("cpo"), as_of=date(2026, 11, 26), within_months=36)
    second = open_round(consortium("opera-second"), user=user("cpo-2"), as_of=date(2026, 11, 26), within_months=36)
    demo_item = ReviewItem.objects.for_user(user("company-a")).filter(round=demo).order_by("pk").first()
    second_item = ReviewItem.objects.for_user(user("company-c")).filter(round=second).order_by("pk").first()
    assert demo_item and second_item
    vote_url = reverse("portfolio:reviewitem_vote", args=[demo_item.pk])
    second_url = reverse("portfolio:reviewitem_vote", args=[second_item.pk])
    asahi, kiso = section(page(login, "company-a"), "votes"), section(page(login, "company-c"), "votes")
    assert vote_url in asahi and second_url not in asahi
    assert second_url in kiso and vote_url not in kiso
    cast_vote(demo_item, user("company-a").profile.organisation, "maintain", user=user("company-a"))
    assert vote_url not in section(page(login, "company-a"), "votes")  # voted: no longer waiting
    assert vote_url in section(page(login, "company-b"), "votes")  # Boso has still to vote on it


def test_the_researcher_sees_their_disclosures_with_status(login, user):
    html = section(page(login, "researcher"), "disclosures")
    own = Invention.objects.for_user(user("researcher")).order_by("-disclosed_on", "-pk").first()
    other = Invention.objects.exclude(pk__in=Invention.objects.for_user(user("researcher"))).order_by("pk").first()
    assert f'href="/inventions/{own.pk}/"' in html and own.get_status_display() in html
    assert f'href="/inventions/{other.pk}/"' not in html


def test_deadlines_show_days_left_red_when_overdue_and_who_is_responsible(login, user):
    from kyoso.docket.services import save_manual_deadline

    today = timezone.localdate()
    filing = Filing.objects.filter(family__invention__consortium__slug="opera-second").order_by("pk").first()
    late = save_manual_deadline(Deadline(filing=filing, label="Overdue reply", due=today - timedelta(days=3),
                                         responsible=user("cpo-2")), user=user("ipoffice"))
    soon = save_manual_deadline(Deadline(filing=filing, label="Soon reply", due=today + timedelta(days=9)), user=user("ipoffice"))
    later = save_manual_deadline(Deadline(filing=filing, label="Later reply", due=today + timedelta(days=45)), user=user("ipoffice"))
    html = section(page(login, "cpo-2"), "deadlines")
    at = html.index("Overdue reply")
    row = html[html.rindex("<tr", 0, at):html.index("</tr>", at)]
    assert 'class="overdue"' in row and "3 days overdue" in row and "cpo-2" in row
    assert "Soon reply" in html and "9 days" in html
    assert "Later reply" not in html  # beyond 30 days
    assert f'href="/docket/deadlines/{late.pk}/"' in html and soon.pk != later.pk
    assert "Overdue reply" not in section(page(login, "cpo"), "deadlines")  # the other consortium's


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "company-b", "researcher"])
def test_my_work_reads_a_bounded_number_of_queries(login, user, persona, django_assert_max_num_queries):
    from kyoso.portfolio.services.review import open_round

    for i in range(4):
        committee_request("opera-demo", "Boso Motors", user("company-b"), field=f"field {i}")
    open_round(consortium("opera-demo"), user=user("cpo"), as_of=date(2026, 11, 26), within_months=36)
    web = login(persona)
    web.get(reverse("inbox:my_work"))
    with django_assert_max_num_queries(20):
        assert web.get(reverse("inbox:my_work")).status_code == 200


def test_the_dashboard_leads_to_my_work(login):
    html = login("cpo").get("/").content.decode()
    assert 'id="my-work"' in html and 'href="/my-work/#committee"' in html
