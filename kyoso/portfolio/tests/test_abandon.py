"""Abandoning a right in a review round is confirmed first, on a page that names what it gives
up; it keeps the filing's deadlines (closed, not deleted); the IP office alone can reopen it.

The demo's figures: a second round as of 2026-11-26 puts INV-2023-0001's EP filing (co-owned by
Kita-Nihon U and Asahi Devices, under examination) on the agenda with score 72.5, recommended for
maintaining. Its next EP renewal fee is year 4 on 2027-03-01, €845 at ¥165 = ¥139,425; the five
years to the round's horizon are years 4–8, €845 + 1,000 + 1,175 + 1,300 + 1,455 = €5,775 =
¥952,875. Its docket holds 35 open deadlines: renewal fees and their grace periods for years
4–20 (17 + 17) and the expiry.
INV-2023-0002's EP filing has the same 35 open deadlines and, while it lies within the docket's
backfill window (``DOCKET_BACKFILL_DAYS`` before the day the demo is built), one done before (the
year-3 grace period, closed when the fee was paid): the tests compare with what the filing held
before, so they hold on any day.
"""

from datetime import date

import pytest

from kyoso.consortia.models import Consortium
from kyoso.core.models import Event
from kyoso.docket.models import Deadline
from kyoso.parties.models import Organisation
from kyoso.portfolio.choices import Decision, RoundStatus, Vote
from kyoso.portfolio.models import ReviewItem
from kyoso.portfolio.services.review import cast_vote, decide, open_round

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 26)


@pytest.fixture
def review(user):
    return open_round(Consortium.objects.get(slug="opera-demo"), user=user("ipoffice"), as_of=AS_OF)


def _item(review, reference: str) -> ReviewItem:
    return review.items.select_related("filing").get(filing__family__invention__reference=reference)


def _states(filing) -> dict[str, int]:
    states = {}
    for state in Deadline.objects.filter(filing=filing).values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    return states


@pytest.fixture
def opted_in(review, user):
    """INV-2023-0001 with Asahi Devices offering to pay alone and Boso Motors voting to drop it."""
    item = _item(review, "INV-2023-0001")
    cast_vote(item, Organisation.objects.get(short_name="Asahi Devices"), Vote.MAINTAIN, user=user("ipoffice"), opts_in=True)
    cast_vote(item, Organisation.objects.get(short_name="Boso Motors"), Vote.ABANDON, user=user("ipoffice"))
    return item


def test_choosing_abandon_leads_to_the_confirmation_page_and_changes_nothing(opted_in, login):
    response = login("cpo").post(f"/portfolio/rights/{opted_in.pk}/decide/", {"decision": "abandon", "note": "too costly"})
    assert response.status_code == 302
    assert response["Location"] == f"/portfolio/rights/{opted_in.pk}/abandon/?note=too+costly"
    opted_in.refresh_from_db()
    opted_in.filing.refresh_from_db()
    assert (opted_in.decision, opted_in.filing.status) == ("", "examination")


def test_the_confirmation_page_names_the_opt_in_the_score_the_deadlines_and_the_fees(opted_in, login):
    page = login("cpo").get(f"/portfolio/rights/{opted_in.pk}/abandon/?note=too+costly")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Asahi Devices opted in to pay this right's costs alone; abandoning it lets that offer lapse." in text
    assert "Score 72.5: the score recommends “Maintain”, not abandoning." in text
    assert "35 open deadlines of the filing will be closed" in text
    assert "2027-03-01" in text and "¥139,425" in text
    assert "Cost to keep it over 5 years: ¥952,875" in text
    assert 'value="too costly"' in text  # the note typed on the item's page is carried over


def test_the_confirmation_page_in_japanese(opted_in, login):
    web = login("cpo")
    web.post("/language/", {"language": "ja", "next": "/"})
    text = web.get(f"/portfolio/rights/{opted_in.pk}/abandon/").content.decode()
    assert "旭デバイス株式会社が費用の単独負担を申し出ています" in text  # its Japanese name
    assert "スコア 72.5" in text and "出願の未了の期限35件を終了します" in text


def test_posting_without_confirm_abandons_nothing(opted_in, login):
    response = login("cpo").post(f"/portfolio/rights/{opted_in.pk}/abandon/", {"note": "too costly"})
    assert response["Location"] == f"/portfolio/rights/{opted_in.pk}/abandon/"
    opted_in.refresh_from_db()
    opted_in.filing.refresh_from_db()
    assert (opted_in.decision, opted_in.filing.status) == ("", "examination")
    assert _states(opted_in.filing) == {"open": 35}


def test_abandoning_keeps_the_deadlines_closed_and_reopening_restores_them(review, login):
    item = _item(review, "INV-2023-0002")
    before = _states(item.filing)
    done_before = {state: n for state, n in before.items() if state != "open"}
    assert before["open"] == 35 and set(done_before) <= {"done"}
    login("cpo").post(f"/portfolio/rights/{item.pk}/abandon/", {"confirm": "abandon", "note": "no interest"})
    item.refresh_from_db()
    item.filing.refresh_from_db()
    assert (item.decision, item.filing.status, item.status_before_abandoning) == ("abandon", "abandoned", "examination")
    assert _states(item.filing) == {"closed": 35, **done_before}

    response = login("ipoffice").post(f"/portfolio/rights/{item.pk}/reopen/", {"note": "Asahi will pay after all"})
    assert response.status_code == 302
    item.refresh_from_db()
    item.filing.refresh_from_db()
    assert (item.decision, item.saving, item.filing.status, item.round.status) == ("", 0, "examination", RoundStatus.OPEN)
    assert _states(item.filing) == before  # what was done before stays done
    event = Event.objects.filter(verb="review-reopened", object_id=item.filing.family.invention.pk).get()
    assert event.summary_by_language == {
        "en": f"Review “{review.title}”: abandonment of {item.filing} reversed; 35 deadlines reopened",
        "ja": f"棚卸し「{review.title}」：{item.filing}の放棄を取り消し、期限35件を再オープンしました",
    }
    assert Event.objects.filter(verb="reopened", object_id=item.pk).exists()


def test_the_demo_abandonments_kept_their_deadlines():
    """The demo round abandoned INV-2022-0005 and INV-2024-0002: their deadlines are closed, none deleted."""
    for reference in ("INV-2022-0005", "INV-2024-0002"):
        item = ReviewItem.objects.get(decision=Decision.ABANDON, filing__family__invention__reference=reference)
        states = _states(item.filing)
        assert set(states) == {"closed"} and states["closed"] > 0


@pytest.mark.parametrize("persona", ["cpo", "company-a"])
def test_only_the_ip_office_reopens(persona, login):
    """The CPO decides but does not undo; Asahi (a co-owner, so it sees the item) neither."""
    item = ReviewItem.objects.get(decision=Decision.ABANDON, filing__family__invention__reference="INV-2024-0002")
    response = login(persona).post(f"/portfolio/rights/{item.pk}/reopen/")
    assert response.status_code == 403
    item.refresh_from_db()
    item.filing.refresh_from_db()
    assert (item.decision, item.filing.status) == ("abandon", "abandoned")
    assert set(_states(item.filing)) == {"closed"}


def test_the_reopen_button_is_shown_to_the_ip_office_only(login):
    item = ReviewItem.objects.get(decision=Decision.ABANDON, filing__family__invention__reference="INV-2024-0002")
    reopen_url = f"/portfolio/rights/{item.pk}/reopen/"
    assert reopen_url in login("ipoffice").get(item.get_absolute_url()).content.decode()
    assert reopen_url not in login("cpo").get(item.get_absolute_url()).content.decode()


def test_a_right_not_abandoned_cannot_be_reopened(review, login, user):
    item = _item(review, "INV-2023-0001")
    decide(item, Decision.MAINTAIN, user=user("cpo"))
    response = login("ipoffice").post(f"/portfolio/rights/{item.pk}/reopen/", follow=True)
    assert "Only a right the committee abandoned can be reopened." in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "maintain"
    assert not Event.objects.filter(verb="reopened", object_id=item.pk).exists()


def test_an_abandonment_recorded_before_the_status_was_kept_reopens_to_the_last_live_status(review, user):
    """Items abandoned before ``status_before_abandoning`` existed: the filing's history tells."""
    from kyoso.portfolio.services.review import reopen

    item = _item(review, "INV-2023-0002")
    before = _states(item.filing)
    decide(item, Decision.ABANDON, user=user("cpo"))
    ReviewItem.objects.filter(pk=item.pk).update(status_before_abandoning="")
    item.refresh_from_db()
    reopen(item, user=user("ipoffice"))
    item.filing.refresh_from_db()
    assert item.filing.status == "examination"
    assert before["open"] == 35 and _states(item.filing) == before
