"""Contribution totals: kept exact by the services that change contributions (each change below
goes through them) and compared with a fresh count of the contributions; scoped per role like the
contributions they sum."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from kyoso.agreements.models import Agreement, AgreementParty, Contribution, ContributionTotal
from kyoso.agreements.services import delete_agreement, delete_contribution, save_agreement, save_contribution
from kyoso.agreements.totals import fresh_totals, stored_totals
from kyoso.consortia.models import Consortium
from kyoso.core.importing import importer_class, run_import
from kyoso.core.services import save_object

pytestmark = pytest.mark.django_db


def test_the_demo_totals_are_the_contributions_recounted():
    assert ContributionTotal.objects.count() > 0
    assert stored_totals() == fresh_totals()


def test_every_service_change_keeps_the_totals_exact(user):
    office = user("ipoffice")
    demo, second = Consortium.objects.get(slug="opera-demo"), Consortium.objects.get(slug="opera-second")
    asahi = user("company-a").profile.organisation
    agreement = save_agreement(Agreement(
        number="TOTALS-1", title="Totals", consortium=demo, kind="bilateral", start=date(2024, 4, 1),
        end=date(2027, 3, 31), indirect_rate=Decimal(30), ip_earmark_rate=Decimal(10)), user=office)
    save_object(AgreementParty(agreement=agreement, organisation=asahi, role="company"), user=office)
    created = save_contribution(Contribution(agreement=agreement, contributor=asahi, fiscal_year=2025, source="company",
                                             direct_amount=10_000_000), user=office)
    total = ContributionTotal.objects.get(consortium=demo, contributor=asahi, fiscal_year=2025, source="company")
    before = Contribution.objects.filter(agreement__consortium=demo, contributor=asahi, fiscal_year=2025, source="company")
    assert total.direct_amount == sum(c.direct_amount for c in before)
    assert stored_totals() == fresh_totals()

    created.fiscal_year, created.direct_amount = 2026, 4_000_000  # moves from one key to another
    save_contribution(created, user=office)
    assert stored_totals() == fresh_totals()

    agreement.ip_earmark_rate = Decimal(20)  # the rates re-derive every contribution's amounts
    save_agreement(agreement, user=office)
    assert stored_totals() == fresh_totals()

    agreement.consortium = second  # the agreement's money moves to the other consortium's totals
    save_agreement(agreement, user=office)
    assert stored_totals() == fresh_totals()
    assert ContributionTotal.objects.filter(consortium=second, contributor=asahi, fiscal_year=2026).exists()

    delete_contribution(created, user=office)
    assert stored_totals() == fresh_totals()

    save_contribution(Contribution(agreement=agreement, contributor=asahi, fiscal_year=2024, source="company",
                                   direct_amount=1_000_000), user=office)
    delete_agreement(agreement, user=office)
    assert stored_totals() == fresh_totals()


def test_an_import_keeps_the_totals_exact(user):
    rows = [
        ["number", "title", "consortium", "start", "end", "indirect_rate", "ip_earmark_rate",
         "organisation", "fiscal_year", "source", "direct_amount"],
        ["TOTALS-IMP-1", "Imported", "opera-demo", "2025-04-01", "2027-03-31", "20", "10",
         "Asahi Devices Corporation", "2025", "company", "12000000"],
        ["TOTALS-IMP-1", "Imported", "opera-demo", "2025-04-01", "2027-03-31", "20", "10",
         "Asahi Devices Corporation", "2026", "company", "3000000"],
    ]
    import csv

    buffer = StringIO()
    csv.writer(buffer).writerows(rows)
    run_import(importer_class("agreements")(user("ipoffice")), buffer.getvalue().encode("utf-8"), "file.csv")
    assert Contribution.objects.filter(agreement__number="TOTALS-IMP-1").count() == 2
    assert stored_totals() == fresh_totals()


def test_kyoso_budget_sync_recounts_totals_that_drifted():
    row = ContributionTotal.objects.order_by("pk").first()
    row.direct_amount += 1  # a total written around the services
    row.save()
    out = StringIO()
    call_command("budget", "sync", "--json", stdout=out)
    assert '"totals_recounted": true' in out.getvalue()
    assert stored_totals() == fresh_totals()
    again = StringIO()
    call_command("budget", "sync", "--json", stdout=again)
    assert '"totals_recounted": false' in again.getvalue()


@pytest.mark.parametrize("persona", ["ipoffice", "auditor", "cpo", "cpo-2", "company-a", "company-b", "researcher"])
def test_totals_are_scoped_like_the_contributions(user, persona):
    """Each persona's totals sum exactly the contributions it may see: never another company's money."""
    from django.db.models import Sum

    seen = Contribution.objects.for_user(user(persona))
    totals = ContributionTotal.objects.for_user(user(persona))
    assert (totals.aggregate(s=Sum("direct_amount"))["s"] or 0) == (seen.aggregate(s=Sum("direct_amount"))["s"] or 0)
    assert (totals.aggregate(s=Sum("contributions"))["s"] or 0) == seen.count()
    if persona.startswith("company"):
        assert set(totals.values_list("contributor_id", flat=True)) == {user(persona).profile.organisation_id}
