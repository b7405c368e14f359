"""Opening the same review round twice gives one round.

Regression: two simultaneous ``open_round`` calls (two CPOs, a double click) created two identical
rounds of the same consortium, date and window, each with its own agenda and votes.
"""

import threading
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from kyoso.consortia.models import Consortium
from kyoso.licensing.tests.test_concurrency import _writers_queue, committed_world  # noqa: F401 (a fixture)
from kyoso.portfolio.models import ReviewItem, ReviewRound
from kyoso.portfolio.services.review import open_round

AS_OF = date(2027, 6, 1)


@pytest.mark.django_db
def test_opening_the_same_round_again_returns_the_open_one(user):
    consortium = Consortium.objects.get(slug="opera-demo")
    first = open_round(consortium, user=user("cpo"), as_of=AS_OF, within_months=12)
    again = open_round(consortium, user=user("ipoffice"), as_of=AS_OF, within_months=12, title="a second try")
    assert again.pk == first.pk and again.already_open and not getattr(first, "already_open", False)
    assert ReviewRound.objects.filter(consortium=consortium, as_of=AS_OF).count() == 1
    assert ReviewItem.objects.filter(round=first).count() == first.items.count() > 0
    # Another window is another round.
    other = open_round(consortium, user=user("cpo"), as_of=AS_OF, within_months=6)
    assert other.pk != first.pk
    assert ReviewRound.objects.filter(consortium=consortium, as_of=AS_OF).count() == 2


@pytest.mark.django_db
def test_the_web_action_says_the_round_was_already_open(client, user):
    consortium = Consortium.objects.get(slug="opera-demo")
    review = open_round(consortium, user=user("cpo"), as_of=AS_OF, within_months=12)
    client.force_login(user("cpo"))
    response = client.post("/portfolio/rounds/open/", {"consortium": consortium.pk, "as_of": "2027-06-01",
                                                       "within_months": 12, "title": ""}, follow=True)
    assert response.redirect_chain[-1][0] == review.get_absolute_url()
    assert f"{review} is already open for this date and window; it was not opened twice." in response.content.decode()
    assert ReviewRound.objects.filter(consortium=consortium, as_of=AS_OF).count() == 1


THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_opens_make_one_round(committed_world):  # noqa: F811
    """Each thread on its own connection, released together (really at once on PostgreSQL)."""
    consortium = Consortium.objects.get(slug="opera-demo")
    cpo = get_user_model().objects.get(username="cpo")
    start = threading.Barrier(THREADS)
    writers_queue = _writers_queue()
    results: list = [None] * THREADS

    def open_it(i: int) -> None:
        try:
            start.wait()
            with writers_queue:
                results[i] = open_round(consortium, user=cpo, as_of=AS_OF, within_months=12).pk
        except BaseException as error:  # reported below
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_it, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not [r for r in results if not isinstance(r, int)], results
    assert len(set(results)) == 1
    assert ReviewRound.objects.filter(consortium=consortium, as_of=AS_OF, within_months=12).count() == 1
