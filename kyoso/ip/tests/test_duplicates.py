"""An office gives each application, publication and registration number once."""

import pytest
from django.core.exceptions import ValidationError

from kyoso.ip.models import Family, Filing

pytestmark = pytest.mark.django_db


def existing_jp() -> Filing:
    return Filing.objects.filter(office="JP").exclude(application_number="").exclude(publication_number="").order_by("pk").first()


def test_the_same_jp_application_number_on_two_filings_is_refused(api, login):
    """Regression: two filings carried one JP application number without a word."""
    taken = existing_jp()
    other_family = Family.objects.exclude(pk=taken.family_id).order_by("pk").first()
    data = {"family": other_family.pk, "office": "JP", "kind": "national", "status": "filed",
            "application_number": taken.application_number, "filing_date": "2025-06-01", "claims": 3}
    before = Filing.objects.count()
    response = api("ipoffice").post("/api/filings/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Another filing at this office already has this application number."]}
    page = login("ipoffice").post("/filings/add/", data)
    assert "Another filing at this office already has this application number." in page.content.decode()
    assert Filing.objects.count() == before


def test_a_publication_number_is_one_filings(user):
    taken = existing_jp()
    copy = Filing(family=Family.objects.exclude(pk=taken.family_id).order_by("pk").first(), office="JP", kind="national",
                  status="filed", filing_date=taken.filing_date, publication_number=taken.publication_number, claims=3)
    with pytest.raises(ValidationError) as caught:
        copy.full_clean()
    assert caught.value.messages == ["Another filing at this office already has this publication number."]


def test_filings_without_numbers_yet_are_not_duplicates(api):
    family = Family.objects.order_by("pk").first()
    for _ in range(2):
        response = api("ipoffice").post("/api/filings/", {
            "family": family.pk, "office": "JP", "kind": "national", "status": "draft", "claims": 2}, format="json")
        assert response.status_code == 201, response.content


def test_the_same_number_at_another_office_is_another_filing():
    taken = Filing.objects.filter(office="JP").exclude(application_number="").order_by("pk").first()
    other = Filing(family=taken.family, office="KR", kind="national", status="filed", filing_date=taken.filing_date,
                   application_number=taken.application_number, claims=3)
    other.full_clean()  # KR has no format on record; the JP filing's number does not make it a duplicate


@pytest.mark.parametrize("written", ["{year}-{serial}", "２０{yy}－{serial_fw}", "特願 {year}-{serial}"])
def test_the_same_jp_number_written_another_way_is_refused(api, written):
    """特願2024-012345, 2024-012345 and its full-width form are one application number."""
    taken = Filing.objects.filter(office="JP", application_number__startswith="特願").order_by("pk").first()
    year, serial = taken.application_number.removeprefix("特願").split("-")
    full_width = serial.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    number = written.format(year=year, serial=serial, yy=year[2:].translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                            serial_fw=full_width)
    other_family = Family.objects.exclude(pk=taken.family_id).order_by("pk").first()
    response = api("ipoffice").post("/api/filings/", {
        "family": other_family.pk, "office": "JP", "kind": "national", "status": "filed",
        "application_number": number, "filing_date": "2025-06-01", "claims": 3}, format="json")
    assert response.status_code == 400
    assert response.json()["application_number"] == [
        f"This number is already recorded for another filing at this office, written {taken.application_number}."]
