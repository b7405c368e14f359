"""Pages never name records the user may not see, not even in a filter or a related field."""

import pytest

from kyoso.agreements.models import Agreement
from kyoso.ip.models import Invention


@pytest.mark.django_db
def test_contribution_filter_offers_only_the_companys_own_agreements(login):
    """Regression: the agreement filter listed every agreement number, other companies' too."""
    page = login("company-a").get("/contributions/").content.decode()
    assert "OPERA-2022-001" in page
    assert "IND-2023-021" not in page  # Boso Motors' individual agreement
    assert "IND-2023-014" in page  # Asahi's own


@pytest.mark.django_db
def test_invention_page_hides_an_agreement_the_viewer_cannot_see(login):
    """Regression: a pooled invention's page named another company's individual agreement."""
    boso_agreement = Agreement.objects.get(number="IND-2023-021")
    invention = Invention.objects.filter(agreement=boso_agreement, confidential=False).first()
    if invention is None:  # make one: pooled (not confidential), from Boso's individual research
        invention = Invention.objects.filter(confidential=False, consortium__slug="opera-demo").first()
        invention.agreement = boso_agreement
        invention.save()
    page = login("company-a").get(invention.get_absolute_url()).content.decode()
    assert "IND-2023-021" not in page
    assert "not visible to you" in page
    assert "IND-2023-021" in login("ipoffice").get(invention.get_absolute_url()).content.decode()
