"""The docket home's tiles: each one exactly the count of the list it links to, for every role,
however it is counted (index counts, one pass over the next 90 days)."""

from datetime import timedelta

import pytest

from kyoso.docket.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "company-a", "researcher"])
def test_each_tile_is_the_count_of_its_list(login, user, today, persona):
    windows = {key: count for key, _label, count in login(persona).get("/docket/").context["windows"]}
    deadlines = Deadline.objects.for_user(user(persona)).actions()
    expected = {
        "overdue": deadlines.open().filter(due__lt=today).count(),
        "7": deadlines.open().filter(due__gte=today, due__lte=today + timedelta(days=7)).count(),
        "30": deadlines.open().filter(due__gte=today, due__lte=today + timedelta(days=30)).count(),
        "90": deadlines.open().filter(due__gte=today, due__lte=today + timedelta(days=90)).count(),
        "open": deadlines.open().count(),
    }
    assert windows == expected
    if persona != "researcher":
        assert windows["open"] > windows["90"] > 0  # the demo has deadlines in every tile that matters
