"""``fee_payers_of`` answers for a whole portfolio what ``fee_payers`` answers filing by filing,
in a number of queries that does not depend on the number of inventions."""

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kyoso.core import hooks
from kyoso.ip.models import Filing, InventionOwner

pytestmark = pytest.mark.django_db


def _facts(inventions):
    owners = {}
    for invention_id, org, kind, size, numerator, denominator in InventionOwner.objects.filter(
            invention__in=inventions).values_list("invention_id", "organisation_id", "organisation__kind",
                                                  "organisation__size", "share_numerator", "share_denominator"):
        owners.setdefault(invention_id, []).append((org, kind, size, Fraction(numerator * 100, denominator)))
    return {pk: (consortium_id, research, tuple(owners.get(pk, ())))
            for pk, consortium_id, research in inventions.values_list("pk", "consortium_id", "agreement__research_class")}


def test_the_bulk_answer_is_the_per_filing_answer_for_every_demo_invention():
    from kyoso.ip.models import Invention

    inventions = Invention.objects.filter(families__filings__isnull=False).distinct()
    bulk = hooks.first("fee_payers_of", _facts(inventions))
    compared = 0
    for invention in inventions:
        filing = Filing.objects.filter(family__invention=invention).select_related("family__invention").first()
        one = hooks.first("fee_payers", filing)
        # fee_payers gives exact shares of the whole (1/2); fee_payers_of exact percentages (50).
        expected = tuple((org.pk, share * 100) for org, share in one) if one else None
        assert bulk.get(invention.pk) == expected, invention.reference
        compared += 1
    assert compared >= 10
    # Both answers occur in the demo: payers named, and inventions whose fees the fund bears.
    assert any(bulk.get(i.pk) for i in inventions) and any(bulk.get(i.pk) is None for i in inventions)


def test_the_queries_do_not_grow_with_the_inventions():
    from kyoso.ip.models import Invention

    facts = _facts(Invention.objects.all())
    few = dict(list(facts.items())[:2])
    with CaptureQueriesContext(connection) as small:
        hooks.first("fee_payers_of", few)
    with CaptureQueriesContext(connection) as large:
        hooks.first("fee_payers_of", facts)
    assert len(facts) > 10 and len(large) <= len(small) + 1  # + the class table of a second consortium at most
    assert len(large) <= 3
