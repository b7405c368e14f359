"""Deals: the stage rules through the service, the licence from a won deal, who sees which deal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kyoso.licensing.models import Licence
from kyoso.parties.models import Organisation
from kyoso.transfer.models import Deal, Technology
from kyoso.transfer.services import move_deal, save_deal

pytestmark = pytest.mark.django_db


def _deal_at(stage, user):
    return Deal.objects.filter(stage=stage, technology__consortium__slug="opera-demo").order_by("pk").first()


def test_a_won_deal_creates_its_licence_with_the_terms_and_names_it(user):
    office = user("ipoffice")
    deal = _deal_at("term_sheet", office)
    licences = Licence.objects.count()
    move_deal(deal, "won", user=office, on=date(2026, 11, 20), licence_number="LIC-2026-900",
              running_rate=Decimal("2.5"), lump_sum=3_000_000)
    deal.refresh_from_db()
    licence = deal.licence
    assert Licence.objects.count() == licences + 1
    assert (licence.number, licence.licensee_id, licence.consortium_id, licence.start) == (
        "LIC-2026-900", deal.organisation_id, deal.technology.consortium_id, date(2026, 11, 20))
    assert sorted(licence.assets.values_list("invention_id", flat=True)) == sorted(deal.technology.inventions.values_list("pk", flat=True))
    assert sorted((t.kind, t.standard_rate, t.amount) for t in licence.terms.all()) == [
        ("lump_sum", None, 3_000_000), ("running", Decimal("2.50"), None)]
    assert (deal.stage, deal.stage_since, deal.log[-1]) == ("won", date(2026, 11, 20), ("won", date(2026, 11, 20)))


def test_no_licence_without_winning_from_a_term_sheet(user):
    office = user("ipoffice")
    evaluation = _deal_at("evaluation", office)
    licences = Licence.objects.count()
    with pytest.raises(ValidationError, match="only after a term sheet"):
        move_deal(evaluation, "won", user=office, licence_number="LIC-2026-901")
    with pytest.raises(ValidationError, match="needs its licence"):
        move_deal(_deal_at("term_sheet", office), "won", user=office)
    assert Licence.objects.count() == licences
    assert Deal.objects.get(pk=evaluation.pk).stage == "evaluation"


def test_an_existing_licence_must_be_the_prospects_own(user):
    office = user("ipoffice")
    deal = _deal_at("term_sheet", office)
    others = Licence.objects.exclude(licensee=deal.organisation).filter(consortium=deal.technology.consortium).first()
    with pytest.raises(ValidationError, match="same prospect"):
        move_deal(deal, "won", user=office, licence=others)


def test_the_demo_won_deal_is_the_existing_licence():
    won = Deal.objects.get(stage="won", technology__slug="photonic-interconnect")
    assert won.licence.number == "LIC-2024-004"
    assert won.licence.licensee.name == "Global Photonics Inc."


def test_a_lost_deal_needs_a_reason_and_then_stays_closed(user):
    cpo = user("cpo")
    deal = _deal_at("nda", cpo)
    with pytest.raises(ValidationError, match="Say why"):
        move_deal(deal, "lost", user=cpo, reason="")
    move_deal(deal, "lost", user=cpo, reason="Budget frozen until FY2028")
    deal.refresh_from_db()
    assert (deal.stage, deal.lost_reason) == ("lost", "Budget frozen until FY2028")
    with pytest.raises(ValidationError, match="closed"):
        move_deal(deal, "evaluation", user=cpo)


def test_deals_move_forward_only(user):
    cpo = user("cpo")
    with pytest.raises(ValidationError, match="forward only"):
        move_deal(_deal_at("evaluation", cpo), "contacted", user=cpo)


def test_only_the_consortiums_cpo_moves_its_deals(user):
    deal = _deal_at("nda", user("ipoffice"))
    for name in ("cpo-2", "company-a", "auditor"):
        with pytest.raises(PermissionDenied):
            move_deal(deal, "evaluation", user=user(name))


def test_the_move_page_works_without_script(login):
    deal = _deal_at("contacted", None)
    response = login("cpo").post(f"/transfer/deals/{deal.pk}/move/", {"stage": "nda", "on": "2026-11-25"})
    assert response.status_code == 302
    assert Deal.objects.get(pk=deal.pk).stage == "nda"
    assert login("company-b").post(f"/transfer/deals/{deal.pk}/move/", {"stage": "evaluation"}).status_code == 404


def test_a_new_deal_opens_as_a_lead(user):
    technology = Technology.objects.get(slug="mram-sense-amplifier")
    deal = save_deal(Deal(technology=technology, organisation=Organisation.objects.get(name="Kiso Robotics Co., Ltd."),
                          opened_on=date(2026, 11, 1), expected_value=1_000_000), user=user("cpo"))
    assert (deal.stage, deal.stage_since, deal.stage_log) == ("lead", date(2026, 11, 1), [["lead", "2026-11-01"]])


# -- who sees which deal ----------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "organisation"), [
    ("company-a", "Asahi Devices Corporation"), ("company-b", "Boso Motors Co., Ltd."), ("company-c", "Kiso Robotics Co., Ltd.")])
def test_a_company_sees_only_its_own_deals(persona, organisation, user, login):
    seen = Deal.objects.for_user(user(persona))
    assert seen.exists()
    assert set(seen.values_list("organisation__name", flat=True)) == {organisation}
    other = Deal.objects.exclude(organisation__name=organisation).first()
    assert login(persona).get(f"/transfer/deals/{other.pk}/").status_code == 404
    board = login(persona).get("/transfer/").content.decode()
    assert str(seen.first().organisation) in board and str(other.organisation) not in board


def test_boso_sees_its_deals_in_both_consortia_and_kiso_none_of_opera_demo(user):
    boso = Deal.objects.for_user(user("company-b"))
    assert set(boso.values_list("technology__consortium__slug", flat=True)) == {"opera-demo", "opera-second"}
    assert not Deal.objects.for_user(user("company-c")).filter(technology__consortium__slug="opera-demo").exists()


def test_each_cpo_sees_their_consortiums_deals_only(user):
    assert set(Deal.objects.for_user(user("cpo")).values_list("technology__consortium__slug", flat=True)) == {"opera-demo"}
    assert set(Deal.objects.for_user(user("cpo-2")).values_list("technology__consortium__slug", flat=True)) == {"opera-second"}


def test_companies_never_read_the_contact_log_or_internal_notes(login):
    technology = Technology.objects.get(slug="mram-sense-amplifier")
    page = login("company-a").get(f"/transfer/technologies/{technology.pk}/").content.decode()
    assert technology.title in page
    assert "Asking:" not in page  # the internal notes
    assert "Asking:" in login("cpo").get(f"/transfer/technologies/{technology.pk}/").content.decode()
    assert login("company-a").get("/transfer/contacts/").status_code == 200
    assert "Samples arrived" not in login("company-b").get("/transfer/contacts/?export=csv").getvalue().decode()


def test_the_policy_decides_what_is_offered(user):
    """The technology page states what the policy allows a member and an outsider (opera-demo's Nagoya rules)."""
    from kyoso.transfer.services import rights_available

    rows = rights_available(Technology.objects.get(slug="photonic-interconnect"))
    assert {(r.requester, r.exclusive) for r in rows} == {("participant", False), ("participant", True),
                                                          ("outsider", False), ("outsider", True)}
    member = next(r for r in rows if r.requester == "participant" and not r.exclusive)
    outsider = next(r for r in rows if r.requester == "outsider" and not r.exclusive)
    assert member.decisions != outsider.decisions
