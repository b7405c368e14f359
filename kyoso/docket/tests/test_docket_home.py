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


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "cpo-2", "company-a", "company-b", "researcher"])
def test_offices_and_consortia_of_the_next_90_days_are_what_the_reader_sees(login, today, persona):
    """The two lists beside the tiles, against the visibility rule restated in tests/expected.py
    (each deadline's invention tested in Python): a company member of both demo consortia and one
    member of only the first see different sums, and nobody sees another's deadlines counted."""
    from collections import Counter

    from kyoso.docket.choices import MILESTONE_KINDS
    from tests.expected import WHO, _invention_visible

    who = WHO[persona]
    offices, consortia = Counter(), Counter()
    rows = Deadline.objects.select_related("filing__family__invention__consortium").prefetch_related(
        "filing__family__invention__owners__organisation", "filing__family__invention__inventors__person")
    for deadline in rows:
        invention = deadline.filing.family.invention
        if who.role not in ("ipoffice", "auditor") and not _invention_visible(who, invention):
            continue
        if deadline.state != "open" or deadline.kind in MILESTONE_KINDS or not today <= deadline.due <= today + timedelta(days=90):
            continue
        offices[deadline.office] += 1
        consortia[invention.consortium.name if invention.consortium else ""] += 1
    if persona in ("ipoffice", "company-a"):
        assert sum(offices.values()) > 0  # the demo has deadlines in the next 90 days for them
    context = login(persona).get("/docket/").context
    assert {row["office"]: row["n"] for row in context["by_office"]} == dict(offices)
    assert {row["name"]: row["n"] for row in context["by_consortium"]} == dict(consortia)
    assert [row["n"] for row in context["by_office"]] == sorted(offices.values(), reverse=True)
