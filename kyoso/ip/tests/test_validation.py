"""One validation on every path: the form, the API and full_clean (which imports call) agree."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kyoso.ip.models import Family, Filing, Invention
from kyoso.ip.services import save_invention

pytestmark = pytest.mark.django_db


def filing_payload(**changes) -> dict:
    family = Family.objects.order_by("pk").first()
    return {"family": family.pk, "office": "JP", "kind": "national", "status": "filed",
            "application_number": "特願2025-012345", "filing_date": "2025-06-01", "claims": 5, **changes}


@pytest.mark.parametrize("number", ["2026-12", "特願2026-12", "特願2026-0012345"])
def test_a_jp_application_number_needs_a_six_digit_serial_on_every_path(api, login, number):
    """Regression: `2026-12` was docketed. The form, the API and full_clean refuse it alike."""
    before = Filing.objects.count()
    response = api("ipoffice").post("/api/filings/", filing_payload(application_number=number), format="json")
    assert response.status_code == 400
    assert response.json()["application_number"] == [
        f"{number} is not a JP application number; expected the form 特願2024-012345."]
    page = login("ipoffice").post("/filings/add/", filing_payload(application_number=number))
    assert page.status_code == 200
    assert "expected the form 特願2024-012345" in page.content.decode()
    with pytest.raises(ValidationError) as caught:
        Filing(**{**filing_payload(application_number=number), "family": Family.objects.order_by("pk").first()}).full_clean()
    assert "application_number" in caught.value.message_dict
    assert Filing.objects.count() == before


def test_a_well_formed_jp_number_is_accepted(api):
    response = api("ipoffice").post("/api/filings/", filing_payload(application_number="特願2025-012399"), format="json")
    assert response.status_code == 201, response.content


def test_year_9999_is_refused_not_a_server_error(api):
    """Regression: a filing date of 9999 overflowed the deadline computation (500 on import)."""
    response = api("ipoffice").post("/api/filings/", filing_payload(filing_date="9999-01-01"), format="json")
    assert response.status_code == 400
    assert response.json()["filing_date"] == ["filing date must fall between 1900 and 2100."]


def test_a_grant_before_filing_is_refused(api):
    response = api("ipoffice").post("/api/filings/", filing_payload(
        status="registered", registered_on="2024-01-10", registration_number="特許第7123456号"), format="json")
    assert response.status_code == 400
    assert response.json()["registered_on"] == ["registration date cannot be before filing date."]


@pytest.mark.parametrize("claims", [0, 1000, 10**20])
def test_claims_out_of_range_are_refused(api, claims):
    response = api("ipoffice").post("/api/filings/", filing_payload(claims=claims), format="json")
    assert response.status_code == 400
    assert "claims" in response.json()


def test_a_future_disclosure_is_refused_on_the_form_and_the_api(api, login):
    """Regression: a disclosure dated 2030 was accepted and froze the reference INV-2030-0001."""
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api("ipoffice").post("/api/inventions/", {
        "title": "From the future", "disclosed_on": tomorrow, "owners": [], "inventors": []}, format="json")
    assert response.status_code == 400
    assert response.json()["disclosed_on"] == ["The disclosure date cannot be in the future."]
    page = login("researcher").post("/inventions/add/", {
        "title": "From the future", "disclosed_on": tomorrow,
        "owners-TOTAL_FORMS": "0", "owners-INITIAL_FORMS": "0", "inventors-TOTAL_FORMS": "0", "inventors-INITIAL_FORMS": "0",
    })
    assert page.status_code == 200
    assert "The disclosure date cannot be in the future." in page.content.decode()
    assert not Invention.objects.filter(title="From the future").exists()


def test_the_reference_follows_a_corrected_disclosure_year(user):
    """An invention recorded with a wrong year keeps no reference of that year once corrected."""
    invention = Invention.objects.order_by("pk").first()
    old_family = invention.families.get(reference=f"F-{invention.reference}")
    Invention.objects.filter(pk=invention.pk).update(reference="INV-2030-0001")  # as saved before the check
    Family.objects.filter(pk=old_family.pk).update(reference="F-INV-2030-0001")
    invention.refresh_from_db()
    invention.disclosed_on = invention.disclosed_on.replace(year=2001)
    save_invention(invention, user=user("ipoffice"))
    invention.refresh_from_db()
    assert invention.reference == "INV-2001-0001"
    old_family.refresh_from_db()
    assert old_family.reference == "F-INV-2001-0001"


def test_the_reference_stays_when_the_year_stays(user):
    invention = Invention.objects.order_by("pk").first()
    reference = invention.reference
    invention.disclosed_on = invention.disclosed_on.replace(day=1)
    save_invention(invention, user=user("ipoffice"))
    invention.refresh_from_db()
    assert invention.reference == reference
