"""Distribution: the hand-worked example, to the yen, through a real run; statements."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kyoso.core.services import save_object
from kyoso.ip.models import Invention
from kyoso.ip.services import save_invention, set_inventors, set_owners
from kyoso.parties.models import Person

from ..models import DistributionRule, Invoice, Licence, LicensedAsset, PatentCost, StatementLine
from ..services import run_distribution
from .helpers import consortium, org

pytestmark = pytest.mark.django_db


def person(family_name):
    return Person.objects.get(family_name=family_name)


@pytest.fixture
def worked_example(user):
    """The example of kyoso/rules/tests/test_distribution.py::test_worked_example, as records.

    U = Kita-Nihon U 40 %, K = Asahi Devices 60 %; U paid ¥600,000 of patent costs, K ¥1,400,000;
    income ¥10,000,001 received in FY2027; administration fee 10 % to the TLO; inside U the
    illustrative tiered policy (50 % to ¥1M, 40 % to ¥10M; lab 10 %, department 10 %) and
    inventors Endo 50 %, Sato 30 %, Suzuki 20 %.

        costs       U 600,000                K 1,400,000          (paid ≤ income: in full)
        fee         TLO 10 % × 8,000,001 = 800,000.1 → 800,000
        shares      U 40 % × 7,200,001 = 2,880,000.4 → 2,880,000;  K 60 % → 4,320,000
        rounding    7,200,001 − 2,880,000 − 4,320,000 = 1 → U
        inside U    2,880,001: 50 % × 1,000,000 + 40 % × 1,880,001 = 1,252,000.4 → 1,252,000
                    Endo 626,000, Sato 375,600, Suzuki 250,400; lab 288,000; department 288,000
                    university 2,880,001 − 1,252,000 − 576,000 = 1,052,001
    """
    ipoffice = user("ipoffice")
    u, k = org("Kita-Nihon U"), org("Asahi Devices")
    invention = save_invention(Invention(title="Worked example", disclosed_on=date(2026, 4, 10), consortium=consortium()), user=ipoffice)
    set_owners(invention, [(u.pk, Decimal("40")), (k.pk, Decimal("60"))], user=ipoffice)
    set_inventors(invention, [(person("Endo").pk, Decimal("50")), (person("Sato").pk, Decimal("30")),
                              (person("Suzuki").pk, Decimal("20"))], user=ipoffice)
    for payer, amount in ((u, 600_000), (k, 1_400_000)):
        save_object(PatentCost(invention=invention, payer=payer, amount=amount, paid_on=date(2027, 5, 1)), user=ipoffice)
    licence = save_object(Licence(number="LIC-TEST-1", consortium=consortium(), licensee=org("Fuji Mobility"),
                                  start=date(2027, 4, 1)), user=ipoffice)
    save_object(LicensedAsset(licence=licence, invention=invention), user=ipoffice)
    save_object(Invoice(licence=licence, number="INV-TEST-1", issued_on=date(2027, 6, 1), amount=10_000_001,
                        received_on=date(2027, 7, 1), received_amount=10_000_001), user=ipoffice)
    rule = DistributionRule.objects.get(consortium=consortium())
    return run_distribution(rule, 2027, user=ipoffice), invention


def test_the_hand_worked_example_to_the_yen(worked_example):
    run, invention = worked_example
    lines = [(line.step, str(line.person or line.organisation), line.amount) for line in run.lines.all()]
    assert lines == [
        ("costs", "Asahi Devices", 1_400_000),  # costs first (owners in order of share)…
        ("costs", "Kita-Nihon U", 600_000),
        ("admin_fee", "Kita-Nihon TLO", 800_000),  # …then the administration fee…
        ("share", "Asahi Devices", 4_320_000),  # …then the shares (largest owner first)…
        ("share", "Kita-Nihon U", 2_880_000),
        ("rounding", "Kita-Nihon U", 1),
        ("inventor", "遠藤 春樹", 626_000),  # …then the inventor bands inside the university
        ("inventor", "佐藤 結衣", 375_600),
        ("inventor", "鈴木 大地", 250_400),
        ("lab", "Kita-Nihon U", 288_000),
        ("department", "Kita-Nihon U", 288_000),
        ("university", "Kita-Nihon U", 1_052_001),
    ]
    assert run.income == 10_000_001
    assert "band 1,000,000–10,000,000: 40 % × 1,880,001 = 752,000.4" in " ".join(run.notes)
    co_owner_steps = ("costs", "admin_fee", "share", "rounding")
    assert sum(line.amount for line in run.lines.filter(step__in=co_owner_steps)) == 10_000_001


def test_rerunning_replaces_and_costs_are_reimbursed_once(worked_example, user):
    run, invention = worked_example
    again = run_distribution(run.rule, 2027, user=user("ipoffice"))
    assert again.pk == run.pk and again.lines.filter(step="costs").count() == 2


def test_statements_per_co_owner_and_inventor(worked_example, login):
    run, invention = worked_example
    mine = login("company-a").get("/licensing/statements/", {"fiscal_year": 2027}).content.decode()
    assert "4,320,000" in mine and "1,400,000" in mine and "2,880,000" not in mine
    endo = login("researcher").get("/licensing/statements/", {"fiscal_year": 2027}).content.decode()
    assert "626,000" in endo and "375,600" not in endo
    xlsx = login("cpo").get("/licensing/statements/", {"run": run.pk, "organisation": org("Kita-Nihon U").pk, "export": "xlsx"})
    sheet = load_workbook(__import__("io").BytesIO(b"".join(xlsx.streaming_content))).active
    amounts = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert 600_000 in amounts and 1 in amounts and 1_052_001 in amounts


def test_demo_has_a_distribution_run_with_statements():
    run = consortium().distribution_rules.get().runs.get(fiscal_year=2025)
    assert run.income > 0 and run.lines.filter(step="inventor").exists()
    assert sum(StatementLine.objects.filter(run=run, step__in=("costs", "admin_fee", "share", "rounding")).values_list("amount", flat=True)) == run.income
