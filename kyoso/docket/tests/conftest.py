"""Docket fixtures: a filing of the demo world with a known history, and a fixed "today"."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

TODAY = date(2026, 11, 26)


@pytest.fixture
def today():
    """Freeze "today" (the demo world's reference day) for the duration of the test."""
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def jp_filing(today, user):
    """A fresh JP application of the demo consortium, co-owned by a university and company A."""
    from kyoso.consortia.models import Consortium
    from kyoso.ip.models import Filing, Invention
    from kyoso.ip.services import save_filing, save_invention, set_owners
    from kyoso.parties.models import Organisation

    office = user("ipoffice")
    consortium = Consortium.objects.get(slug="opera-demo")
    invention = save_invention(Invention(title="Docket test invention", disclosed_on=date(2024, 1, 10), consortium=consortium), user=office)
    company = user("company-a").profile.organisation
    university = Organisation.objects.filter(kind="university").order_by("pk").first()
    set_owners(invention, [(university.pk, Decimal(50)), (company.pk, Decimal(50))], user=office)
    filing = Filing(family=invention.families.get(), office="JP", kind="national", status="filed",
                    application_number="特願2024-012345", filing_date=date(2024, 2, 5), claims=5)
    return save_filing(filing, user=office)
