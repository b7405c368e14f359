"""Refreshing the planner's statistics after a bulk change."""

import pytest
from django.db import connection, transaction

from kyoso.core.db import refresh_statistics


@pytest.mark.django_db(transaction=True)
def test_postgresql_also_vacuums_so_index_only_counts_skip_the_table():
    assert refresh_statistics() == ("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_only_the_statistics_are_refreshed():
    with transaction.atomic():
        assert refresh_statistics() == "ANALYZE"


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit_compilation():
    """A company's deadline list is costed in the millions (a subquery per row) and ran 300 ms
    slower with PostgreSQL compiling it; SQLite has no such setting to check."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
