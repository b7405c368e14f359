"""Share classes: a contribution change moves the share and, across a threshold, the class."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from kyoso.agreements.models import Contribution
from kyoso.agreements.services import save_contribution
from kyoso.core.models import Event

from ..models import CompanyClassAssignment
from .helpers import consortium, org

pytestmark = pytest.mark.django_db


def assignment(short_name):
    return CompanyClassAssignment.objects.select_related("share_class").get(company=org(short_name), fiscal_year=None)


def test_demo_classes_follow_the_shares():
    classes = {(a.scheme.consortium.slug, a.company.short_name): (a.share_class.name if a.share_class else None)
               for a in CompanyClassAssignment.objects.all()}
    assert classes == {
        ("opera-demo", "Asahi Devices"): "A", ("opera-demo", "Boso Motors"): "A", ("opera-demo", "Daisen Materials"): "A",
        ("opera-demo", "Fuji Mobility"): "B", ("opera-demo", "Chikuma Semi"): "C", ("opera-demo", "Echigo Sensors"): "C",
        # opera-second: Boso ¥16M and Kiso ¥10M (+¥6M on its 1:1 agreement) — both well over 20 %.
        ("opera-second", "Boso Motors"): "A", ("opera-second", "Kiso Robotics"): "A",
    }
    daisen = assignment("Daisen Materials")
    assert daisen.arithmetic == f"{daisen.contribution:,} ÷ {daisen.total:,} ≈ 20.92 % ≥ 20 % → class A"


def test_lowering_a_contribution_across_the_threshold_changes_class_rights_and_history(user, login):
    """Daisen is at 20.92 %: cutting its FY2026 cash from ¥21.6M to ¥10M takes it below 20 % → B."""
    ipoffice = user("ipoffice")
    before = assignment("Daisen Materials")
    contribution = Contribution.objects.get(contributor=org("Daisen Materials"), fiscal_year=2026, kind="cash",
                                            agreement__number="OPERA-2022-001")
    contribution.direct_amount = 10_000_000
    save_contribution(contribution, user=ipoffice)

    after = assignment("Daisen Materials")
    assert after.pk == before.pk and after.share_class.name == "B"
    assert after.share < 20 and after.contribution < before.contribution
    assert "→ class B" in after.arithmetic
    # History: the field history keeps class A, and a readable event says what crossed.
    classes_over_time = [h.share_class.name for h in after.history.order_by("history_date")]
    assert classes_over_time[-2:] == ["A", "B"]
    assert Event.objects.filter(verb="class-changed", summary__contains="class A → B").count() == 2  # assignment + consortium
    # Visibly: the class page and the company view show class B and the 50 % discount right.
    page = login("ipoffice").get(f"/licensing/my-rights/?company={after.company.pk}").content.decode()
    assert "<strong class=\"badge\">B</strong>" in page and "50.00 %" in page
    detail = login("ipoffice").get(after.get_absolute_url()).content.decode()
    assert "class A → B" in detail


def test_a_company_sees_its_class_rights_and_prices(login):
    page = login("company-a").get("/licensing/my-rights/").content.decode()
    assert "Asahi Devices" in page and "<strong class=\"badge\">A</strong>" in page
    assert "Royalty-free non-exclusive business use" in page
    assert "Daisen" not in page  # another company's class is not shown


def test_cli_share_classes_json_contract():
    out = StringIO()
    call_command("share", "classes", "--consortium", "opera-demo", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert set(document) == {"companies", "thresholds"}
    assert all(set(row) == {"company", "contribution", "share", "class"} for row in document["companies"])
    assert round(sum(row["share"] for row in document["companies"]), 2) == 100.0
    assert all(isinstance(row["contribution"], int) for row in document["companies"])
    asahi = next(row for row in document["companies"] if row["company"] == "Asahi Devices")
    assert asahi == {"company": "Asahi Devices", "contribution": assignment("Asahi Devices").contribution, "share": 33.59, "class": "A"}
    assert [(t["class"], t["min_share"]) for t in document["thresholds"]] == [("A", 20.0), ("B", 10.0), ("C", 1.0)]


def test_cli_share_classes_for_a_fiscal_year():
    """FY2022, cumulative up to it: Echigo and Fuji joined in FY2023, so no money and no class."""
    out = StringIO()
    call_command("share", "classes", "--consortium", "opera-demo", "--fiscal-year", "2022", "--json", stdout=out)
    rows = {row["company"]: row for row in json.loads(out.getvalue())["companies"]}
    assert rows["Echigo Sensors"] == {"company": "Echigo Sensors", "contribution": 0, "share": 0.0, "class": None}
    assert rows["Asahi Devices"]["contribution"] == 38_400_000  # 30M cash + 20 % indirect + 2.4M in kind


def test_cli_unknown_consortium():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no consortium"):
        call_command("share", "classes", "--consortium", "nope", "--json", stdout=StringIO())


def test_scheme_page_shows_every_company_only_to_those_who_see_all_money(login):
    scheme_url = consortium().share_schemes.get().get_absolute_url()
    assert "Daisen Materials" in login("cpo").get(scheme_url).content.decode()
    page = login("company-a").get(scheme_url).content.decode()
    assert "≥ 20.00 %" in page and "Daisen" not in page


def test_recompute_button_after_a_deleted_contribution(login, user):
    """Deletes bypass save_contribution (and so the hook): the CPO recomputes from the scheme page."""
    from kyoso.core.services import delete_object

    for contribution in Contribution.objects.filter(contributor=org("Fuji Mobility"), agreement__number="OPERA-2022-001"):
        delete_object(contribution, user=user("ipoffice"))
    scheme = consortium().share_schemes.get()
    response = login("cpo").post(f"/licensing/share-schemes/{scheme.pk}/recompute/")
    assert response.status_code == 302
    assert assignment("Fuji Mobility").share_class is None
