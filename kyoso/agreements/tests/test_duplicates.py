"""One contribution per agreement, contributor, fiscal year, kind and source; amounts in range."""

import pytest

from kyoso.agreements.models import Agreement, Contribution

pytestmark = pytest.mark.django_db

MESSAGE = "This contributor already has a contribution of this kind and source in this fiscal year; change that one instead."


def payload(**changes) -> dict:
    agreement = Agreement.objects.get(number="IND-2023-014")  # Asahi pays FY2023–FY2026, company cash
    asahi = agreement.parties.get(organisation__name="Asahi Devices Corporation").organisation
    return {"agreement": agreement.pk, "contributor": asahi.pk, "fiscal_year": 2025, "kind": "cash",
            "source": "company", "direct_amount": 15_000_000, **changes}


def test_the_same_contribution_twice_is_refused_on_the_api(api):
    """Regression: a contribution typed twice counted twice (the matching ratio went from 1.12 to 1.30)."""
    before = Contribution.objects.count()
    response = api("ipoffice").post("/api/contributions/", payload(), format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [MESSAGE]}
    assert Contribution.objects.count() == before


def test_the_same_contribution_twice_is_refused_on_the_form(login):
    before = Contribution.objects.count()
    data = payload()
    page = login("ipoffice").post(f"/contributions/add/?agreement={data['agreement']}", data)
    assert page.status_code == 200
    assert "change that one instead" in page.content.decode()
    assert Contribution.objects.count() == before


def test_another_source_the_same_year_is_a_different_contribution(api):
    response = api("ipoffice").post("/api/contributions/", payload(source="other"), format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(("amount", "field_message"), [
    (-1, "Ensure this value is greater than or equal to 0."),
    (10**13 + 1, "direct costs (yen) cannot exceed ¥10,000,000,000,000."),
])
def test_an_amount_out_of_range_is_refused(api, amount, field_message):
    response = api("ipoffice").post("/api/contributions/", payload(fiscal_year=2026, source="other", direct_amount=amount),
                                    format="json")
    assert response.status_code == 400
    assert response.json()["direct_amount"] == [field_message]
