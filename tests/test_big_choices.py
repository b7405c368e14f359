"""Forms whose select would list every agreement or filing of the country: above
``MAX_SELECT_CHOICES`` records the choice is typed as the record's number, in the same queries
however many records there are, and still refuses a record the user may not use."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .test_views import _add_agreements

pytestmark = pytest.mark.django_db


def _get(web, url):
    with CaptureQueriesContext(connection) as queries:
        response = web.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_small_world_keeps_its_select(login):
    page, _ = _get(login("ipoffice"), "/contributions/add/")
    assert '<select name="agreement"' in page and "OPERA-2022-001" in page


def test_many_agreements_are_typed_by_number_in_the_same_queries(login, monkeypatch):
    from kyoso.core import forms

    monkeypatch.setattr(forms, "MAX_SELECT_CHOICES", 3)  # the demo's agreements stand for 300,000
    web = login("ipoffice")
    small, small_queries = _get(web, "/contributions/add/")
    _add_agreements(20)
    large, large_queries = _get(web, "/contributions/add/")
    assert '<input type="number" name="agreement"' in large and '<select name="agreement"' not in large
    assert "OPERA-2022-001-19" not in large  # no option per agreement
    assert large_queries == small_queries
    assert len(large) == len(small)


def test_a_typed_number_is_checked_against_what_the_user_may_use(login, user, monkeypatch):
    from kyoso.agreements.models import Agreement, Contribution
    from kyoso.core import forms

    monkeypatch.setattr(forms, "MAX_SELECT_CHOICES", 1)
    agreement = Agreement.objects.get(number="KNU-2024-107")  # FY2024–FY2025, the demo consortium's
    daisen = agreement.parties.get(role="company").organisation
    data = {"agreement": agreement.pk, "contributor": daisen.pk, "fiscal_year": "2024", "kind": "in_kind",
            "source": "company", "direct_amount": "1234567"}
    assert not Agreement.objects.for_user(user("cpo-2"), "change").filter(pk=agreement.pk).exists()
    refused = login("cpo-2").post("/contributions/add/", data)  # another consortium's CPO
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not Contribution.objects.filter(direct_amount=1234567).exists()
    saved = login("ipoffice").post("/contributions/add/", data)
    assert saved.status_code == 302, __import__("re").findall(r'class="errorlist[^>]*>(.*?)</ul>', saved.content.decode())
    assert Contribution.objects.get(direct_amount=1234567).agreement == agreement


def test_an_edit_shows_the_record_it_points_at(login, monkeypatch):
    from kyoso.agreements.models import Contribution
    from kyoso.core import forms

    monkeypatch.setattr(forms, "MAX_SELECT_CHOICES", 1)
    contribution = Contribution.objects.filter(agreement__number="KNU-2024-107").first()
    page, _ = _get(login("ipoffice"), f"/contributions/{contribution.pk}/edit/")
    assert f'<input type="number" name="agreement" value="{contribution.agreement_id}"' in page
    assert f'<a href="/agreements/{contribution.agreement_id}/">{contribution.agreement}</a>' in page


def test_owner_and_inventor_rows_are_typed_by_number_too(login, monkeypatch):
    from kyoso.core import forms

    web = login("ipoffice")
    page, _ = _get(web, "/inventions/add/")
    assert '<select name="owners-0-organisation"' in page  # a small world keeps its selects
    monkeypatch.setattr(forms, "MAX_SELECT_CHOICES", 1)
    with CaptureQueriesContext(connection) as queries:
        page = web.get("/inventions/add/").content.decode()
    assert '<input type="number" name="owners-0-organisation"' in page
    assert '<input type="number" name="inventors-2-person"' in page
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    # One bounded count per kind of row (organisation, person), not one per row; and the
    # invention form's own choices (consortium, topic, agreement).
    assert sum('"parties_organisation"' in sql for sql in counts) == 1
    assert sum('"parties_person"' in sql for sql in counts) == 1


def _technology(consortium, inventions, slug):
    return {"consortium": consortium.pk, "slug": slug, "title": "Typed inventions", "inventions": inventions,
            "summary": "A summary", "trl": "3", "rights_offered": "both", "territory": "Worldwide",
            "contact_name": "IP office"}


def test_several_records_among_many_are_typed_as_numbers_and_checked(login, monkeypatch):
    """A choice of several inventions (a technology's) above the limit is a box of numbers
    (``12, 15``): the page lists no invention, the numbers typed are the ones kept, and an
    invention the user may not use is refused with nothing saved."""
    from kyoso.consortia.models import Consortium
    from kyoso.core import forms
    from kyoso.ip.models import Invention
    from kyoso.transfer.models import Technology

    monkeypatch.setattr(forms, "MAX_SELECT_CHOICES", 1)
    demo, second = Consortium.objects.get(slug="opera-demo"), Consortium.objects.get(slug="opera-second")
    ours = list(Invention.objects.filter(consortium=demo).order_by("pk").values_list("pk", flat=True)[:2])
    theirs = Invention.objects.filter(consortium=second).order_by("pk").values_list("pk", flat=True).first()
    page, _ = _get(login("cpo"), "/transfer/technologies/add/")
    assert 'class="record-numbers"' in page and '<select name="inventions"' not in page
    refused = login("cpo").post("/transfer/technologies/add/", _technology(demo, f"{ours[0]}, {theirs}", "typed-refused"))
    assert refused.status_code == 200 and "is not one of the available choices" in refused.content.decode()
    assert not Technology.objects.filter(slug="typed-refused").exists()
    saved = login("cpo").post("/transfer/technologies/add/", _technology(demo, f"{ours[0]}, {ours[1]}", "typed-kept"))
    assert saved.status_code == 302
    assert sorted(Technology.objects.get(slug="typed-kept").inventions.values_list("pk", flat=True)) == sorted(ours)
