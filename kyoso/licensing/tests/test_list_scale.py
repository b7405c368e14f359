"""Patent costs and statements at scale: the same queries however many rows, and filter forms
that ask for an invention's id instead of listing every invention of the country."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kyoso.ip.models import Invention

from ..models import PatentCost, StatementLine
from .helpers import org
from .test_distribution import worked_example  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _get(web, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = web.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_patent_costs_take_the_same_queries_for_ten_times_the_rows(worked_example, login):  # noqa: F811
    _, invention = worked_example
    web = login("ipoffice")
    small, small_queries = _get(web, "/licensing/patent-costs/")
    assert "1,400,000" in small and "600,000" in small
    PatentCost.objects.bulk_create([PatentCost(invention=invention, payer=org("Kita-Nihon U"), amount=1000 + i,
                                               paid_on=date(2027, 6, 1)) for i in range(20)])
    large, large_queries = _get(web, "/licensing/patent-costs/")
    assert "1,019" in large and large_queries == small_queries


def test_patent_cost_filters_ask_for_an_invention_id_and_offer_only_payers_one_sees(worked_example, login):  # noqa: F811
    _, invention = worked_example
    other = Invention.objects.exclude(pk=invention.pk).order_by("pk").first()
    page, _ = _get(login("ipoffice"), "/licensing/patent-costs/")
    assert 'type="number" name="invention"' in page
    assert f'<option value="{other.pk}">{other}' not in page  # no select of every invention
    company, _ = _get(login("company-a"), "/licensing/patent-costs/")  # Asahi Devices
    assert f'<option value="{org("Asahi Devices").pk}"' in company
    assert f'<option value="{org("Kita-Nihon U").pk}"' not in company  # another payer's costs are not theirs
    only, _ = _get(login("ipoffice"), "/licensing/patent-costs/", {"invention": other.pk})
    assert "1,400,000" not in only  # the id filters


def test_statement_takes_the_same_queries_for_ten_times_the_lines_and_hides_the_same_cells(worked_example, login):  # noqa: F811
    run, invention = worked_example
    web = login("company-a")  # Asahi Devices: co-owner, not the licensee (Fuji Mobility)
    small, small_queries = _get(web, "/licensing/statements/", {"fiscal_year": 2027})
    assert "4,320,000" in small and "LIC-TEST-1" not in small  # another company's licence stays hidden
    line = run.lines.get(step="share", organisation=org("Asahi Devices"))
    StatementLine.objects.bulk_create([StatementLine(run=run, licence=line.licence, invention=invention, step="share",
                                                     organisation=line.organisation, amount=7000 + i, working="x",
                                                     position=100 + i) for i in range(20)])
    large, large_queries = _get(web, "/licensing/statements/", {"fiscal_year": 2027})
    assert "7,019" in large and "LIC-TEST-1" not in large
    assert large_queries == small_queries
    assert 'type="number" name="invention"' in large
