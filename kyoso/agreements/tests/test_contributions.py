"""Contributions: derived amounts, and what follows a change of money (classes, history)."""

from decimal import Decimal

import pytest

from kyoso.agreements.models import Agreement, Contribution
from kyoso.agreements.services import delete_contribution, save_agreement
from kyoso.core.models import Event


@pytest.mark.django_db
def test_rates_change_rederives_every_contribution_and_logs_it(user):
    """The agreed 20 % indirect with 10 points for IP; dropping to 10 % / 0 recomputes every row."""
    agreement = Agreement.objects.get(number="OPERA-2022-001")
    row = agreement.contributions.filter(kind="cash").first()
    assert row.indirect_amount == row.direct_amount * 20 // 100
    assert row.ip_amount == row.direct_amount * 10 // 100
    agreement.indirect_rate, agreement.ip_earmark_rate = Decimal("10"), Decimal("0")
    save_agreement(agreement, user=user("ipoffice"))
    row.refresh_from_db()
    assert (row.indirect_amount, row.ip_amount) == (row.direct_amount // 10, 0)
    assert Event.objects.filter(verb="rates-changed", object_id=agreement.pk).exists()
    assert row.history.first().ip_amount == 0


@pytest.mark.django_db
def test_deleting_a_contribution_recomputes_the_share_classes(user):
    """A deletion changes every company's share: the classes follow (regression: they did not)."""
    from kyoso.licensing.models import CompanyClassAssignment

    asahi_money = Contribution.objects.filter(contributor__short_name="Asahi Devices", agreement__number="OPERA-2022-001")
    before = CompanyClassAssignment.objects.filter(company__short_name="Asahi Devices").values_list("share", flat=True).first()
    for contribution in list(asahi_money):
        delete_contribution(contribution, user=user("ipoffice"))
    after = CompanyClassAssignment.objects.filter(company__short_name="Asahi Devices").values_list("share", flat=True).first()
    assert before is not None and after is not None and after < before
