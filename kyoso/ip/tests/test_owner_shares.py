"""Owner shares (持分) are exact fractions on every path — form, API, import — and a fee splits
by them into whole yen with one rounding (issue #12, item 14).

Hand-worked: three owners of ⅓ each store 1/3 (numerator 1, denominator 3), total exactly 1;
a ¥100,000 annuity splits 33,334 / 33,333 / 33,333 (the yen left after rounding down goes to the
largest remainder; all equal, so to the first listed owner); $2,150.00 splits 716.67 / 716.67 /
716.66 (215,000 cents: 71,666⅔ each, two cents left, to the first two).
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from kyoso.core.importing import importer_class, run_import
from kyoso.docket.services.fees import payers_for, split_fee
from kyoso.ip.models import Filing, Invention, InventionOwner
from kyoso.ip.services import set_owners
from kyoso.parties.models import Organisation

pytestmark = pytest.mark.django_db

THIRD = Fraction(1, 3)
NAMES = ("Kita-Nihon University", "Asahi Devices Corporation", "Boso Motors Co., Ltd.")


def orgs():
    return [Organisation.objects.get(name=name) for name in NAMES]


def stored(invention) -> list[tuple[str, int, int]]:
    return sorted(InventionOwner.objects.filter(invention=invention)
                  .values_list("organisation__name", "share_numerator", "share_denominator"))


def an_invention() -> Invention:
    return Invention.objects.filter(consortium__slug="opera-demo").order_by("pk").first()


def test_thirds_typed_on_the_form_are_stored_exactly(login):
    invention = an_invention()
    university, asahi, boso = orgs()
    edit = login("ipoffice").get(f"/inventions/{invention.pk}/edit/")
    assert edit.status_code == 200
    data = {"title": invention.title, "disclosed_on": invention.disclosed_on.isoformat(),
            "ip_kind": invention.ip_kind, "status": invention.status, "consortium": invention.consortium_id or "",
            "owners-TOTAL_FORMS": "3", "owners-INITIAL_FORMS": "0",
            "owners-0-organisation": university.pk, "owners-0-share": "1/3",
            "owners-1-organisation": asahi.pk, "owners-1-share": "1/3",
            "owners-2-organisation": boso.pk, "owners-2-share": "1/3",
            "inventors-TOTAL_FORMS": "0", "inventors-INITIAL_FORMS": "0"}
    for name in ("title_ja", "abstract", "technology_area", "topic", "agreement"):
        value = getattr(invention, f"{name}_id", None) if name in ("topic", "agreement") else getattr(invention, name)
        data[name] = value or ""
    if invention.confidential:
        data["confidential"] = "on"
    response = login("ipoffice").post(f"/inventions/{invention.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored(invention) == sorted([(name, 1, 3) for name in NAMES])
    assert sum(o.share for o in invention.owners.all()) == 1
    page = login("ipoffice").get(invention.get_absolute_url()).content.decode()
    assert page.count("</a> — 1/3 (33.33%)</li>") == 3


def test_thirds_in_hundredths_of_a_percent_do_not_total_100_and_are_refused(user):
    invention = an_invention()
    university, asahi, boso = orgs()
    before = stored(invention)
    with pytest.raises(Exception) as refused:
        set_owners(invention, [(university.pk, "33.33%"), (asahi.pk, "33.33%"), (boso.pk, "33.33%")],
                   user=user("ipoffice"))
    assert refused.value.message_dict == {"owners": ["Owner shares must total 100% (now 99.99%)."]}
    assert stored(invention) == before


def test_the_api_takes_fractions_or_percentages_and_answers_exactly(api):
    invention = an_invention()
    university, asahi, boso = orgs()
    response = api("ipoffice").patch(f"/api/inventions/{invention.pk}/", {"owners": [
        {"organisation": university.pk, "share": "1/2"},
        {"organisation": asahi.pk, "share": "1/3"},
        {"organisation": boso.pk, "share": "16.6666666667%"},
    ]}, format="json")
    assert response.status_code == 400  # 16.6666666667 % is not 1/6: the total is not exactly 1
    response = api("ipoffice").patch(f"/api/inventions/{invention.pk}/", {"owners": [
        {"organisation": university.pk, "share": "50%"},
        {"organisation": asahi.pk, "share": "1/3"},
        {"organisation": boso.pk, "share": "1/6"},
    ]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["owners"] == [
        {"organisation": university.pk, "share": "1/2", "percent": "50"},
        {"organisation": asahi.pk, "share": "1/3", "percent": "33.33"},
        {"organisation": boso.pk, "share": "1/6", "percent": "16.67"},
    ]
    bad = api("ipoffice").patch(f"/api/inventions/{invention.pk}/", {"owners": [
        {"organisation": university.pk, "share": "a third"}]}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"owners": {"0": {"share": [
        "a third is not a share: write a fraction such as 1/3 or a percentage such as 33.5%."]}}}


def test_an_import_row_with_thirds_stores_thirds(user):
    header = ["reference", "title", "disclosed_on", "consortium", "owners", "inventors"]
    row = ["IMP-THIRDS", "Three-way MRAM cell", "2025-05-12", "opera-demo",
           "Kita-Nihon University:1/3;Asahi Devices:1/3;Boso Motors:1/3", "Endo Haruki:100"]
    content = ("\n".join(",".join(cells) for cells in (header, row)) + "\n").encode()
    report = run_import(importer_class("inventions")(user("ipoffice")), content, "thirds.csv")
    assert report.ok and report.committed, report
    assert stored(Invention.objects.get(reference="IMP-THIRDS")) == sorted([(name, 1, 3) for name in NAMES])


def test_a_100000_yen_annuity_in_thirds_is_33334_33333_33333():
    assert split_fee(100_000, [THIRD, THIRD, THIRD], "JPY") == [33_334, 33_333, 33_333]
    assert split_fee(Decimal("2150.00"), [THIRD, THIRD, THIRD], "USD") == [
        Decimal("716.67"), Decimal("716.67"), Decimal("716.66")]


def test_a_filing_owned_in_thirds_is_paid_in_exact_thirds(user):
    """Without a cost policy (an invention outside the consortia), the owners pay pro rata: the
    payers' shares are the owners' exact thirds, and each fee line splits to the yen."""
    invention = Invention.objects.filter(families__filings__isnull=False).order_by("pk").first()
    Invention.objects.filter(pk=invention.pk).update(consortium=None, topic=None, agreement=None)  # no cost policy
    invention.refresh_from_db()
    university, asahi, boso = orgs()
    set_owners(invention, [(university.pk, THIRD), (asahi.pk, THIRD), (boso.pk, THIRD)], user=user("ipoffice"))
    filing = Filing.objects.filter(family__invention=invention).first()
    payers = payers_for(filing)
    assert sorted(share for _name, share in payers.shares) == [THIRD, THIRD, THIRD]
    assert split_fee(100_000, [share for _name, share in payers.shares], "JPY") == [33_334, 33_333, 33_333]


def test_the_migration_turns_stored_thirds_into_thirds_and_keeps_other_percentages_exact():
    """Migration 0009 on stored rows, worked by hand: 33.34 / 33.33 / 33.33 → 1/3 each (within 0.01
    of thirds, and thirds total 1); 40 / 30 / 30 → 2/5, 3/10, 3/10; a history row of 66.67 → 2/3."""
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("kyoso.ip.migrations.0010_owner_shares_as_exact_fractions")

    class Rows(list):
        updated: list = []

        def order_by(self, *fields):
            return self

        def all(self):
            return self

        def iterator(self, chunk_size=None):
            return iter(self)

        def bulk_update(self, rows, fields, batch_size=None):
            Rows.updated.extend(rows)

    def row(invention, percent, pk):
        return SimpleNamespace(invention_id=invention, share=Decimal(percent), pk=pk)

    owners = Rows([row(1, "33.34", 1), row(1, "33.33", 2), row(1, "33.33", 3),
                   row(2, "40", 4), row(2, "30", 5), row(2, "30", 6)])
    history = Rows([row(1, "66.67", 7)])
    models = {"InventionOwner": SimpleNamespace(objects=owners), "HistoricalInventionOwner": SimpleNamespace(objects=history)}
    migration.to_fractions(SimpleNamespace(get_model=lambda app, name: models[name]), None)
    assert [(r.share_numerator, r.share_denominator) for r in owners] == [(1, 3), (1, 3), (1, 3), (2, 5), (3, 10), (3, 10)]
    assert (history[0].share_numerator, history[0].share_denominator) == (2, 3)
