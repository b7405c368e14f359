"""Portfolio review in the demo world: decisions carried out, savings equal the forecast removed,
opt-ins move the right, the CLI contract, and who sees what."""

import json
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kyoso.budget.services.forecast import forecast_rows
from kyoso.consortia.models import Consortium
from kyoso.ip.models import Filing, Invention
from kyoso.portfolio.choices import Decision, Vote
from kyoso.portfolio.models import MemberVote, ReviewItem, ReviewRound
from kyoso.portfolio.services.review import cast_vote, decide, open_round, savings_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium(db):
    return Consortium.objects.get(slug="opera-demo")


def _forecast(filing, review):
    return sum(r.amount for r in forecast_rows(Filing.objects.filter(pk=filing.pk), review.as_of, review.horizon_years))


def _open_deadlines(filing):
    if not apps.is_installed("kyoso.docket"):
        return 0
    Deadline = apps.get_model("docket", "Deadline")
    return Deadline.objects.filter(filing=filing, state="open", due__gte=date(2026, 11, 26)).count()


def test_the_demo_round_ends_with_decisions_and_savings(consortium):
    review = ReviewRound.objects.get(consortium=consortium)
    items = list(review.items.all())
    assert items and all(item.decision for item in items) and review.status == "decided"
    abandoned = [i for i in items if i.decision == Decision.ABANDON]
    assert abandoned
    for item in abandoned:
        assert item.filing.status == "abandoned"
        assert _forecast(item.filing, review) == 0 and item.saving == item.cost_5y > 0
        assert _open_deadlines(item.filing) == 0
    summary = savings_summary(review)
    assert summary["total"] == sum(i.saving for i in items) and summary["undecided"] == 0


def _later_round(consortium, user):
    return open_round(consortium, user=user("cpo"), as_of=date(2027, 6, 1), within_months=12)


def test_abandoning_removes_the_forecast_and_the_deadlines(consortium, user):
    review = _later_round(consortium, user)
    item = review.items.exclude(filing__status="abandoned").order_by("score").first()
    before = _forecast(item.filing, review)
    assert before == item.cost_5y > 0
    decide(item, Decision.ABANDON, user=user("cpo"))
    item.filing.refresh_from_db()
    assert item.filing.status == "abandoned" and _forecast(item.filing, review) == 0
    assert item.saving == before  # the savings equal the forecast removed
    assert _open_deadlines(item.filing) == 0
    with pytest.raises(ValidationError):
        decide(item, Decision.MAINTAIN, user=user("cpo"))


def test_an_opt_in_moves_the_right_and_its_costs(consortium, user):
    review = _later_round(consortium, user)
    item = review.items.order_by("score").first()
    with pytest.raises(ValidationError):
        decide(item, Decision.OFFER_MEMBER, user=user("cpo"))  # nobody opted in
    asahi = user("company-a").profile.organisation
    cast_vote(item, asahi, Vote.MAINTAIN, opts_in=True, user=user("company-a"))
    decide(item, Decision.OFFER_MEMBER, user=user("cpo"))
    invention = item.filing.family.invention
    assert list(invention.owners.values_list("organisation_id", "share_numerator", "share_denominator")) == [(asahi.pk, 1, 1)]
    assert item.transferee == asahi and item.saving == item.cost_5y
    fund = sum(r.fund_amount for r in forecast_rows(Filing.objects.filter(pk=item.filing.pk), review.as_of, 5))
    assert fund == 0  # the member bears the costs now


def test_review_cli_json_contract():
    out = StringIO()
    call_command("review", "propose", "--consortium", "opera-demo", "--within-months", "12", "--as-of", "2027-06-01",
                 "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert list(document) == ["assets"] and document["assets"]
    for asset in document["assets"]:
        assert list(asset) == ["asset", "score", "components", "cost_5y"]
        assert type(asset["cost_5y"]) is int and 0 <= asset["score"] <= 100
        assert set(asset["components"]) == {"remaining_life", "cost", "licensing", "interest", "classes", "strategic"}
    scores = [a["score"] for a in document["assets"]]
    assert scores == sorted(scores)


# -- who sees what ----------------------------------------------------------------------------
def test_a_company_sees_its_own_votes_and_visible_rights_only(user):
    company_b = user("company-b")
    visible = Invention.objects.for_user(company_b)
    items = ReviewItem.objects.for_user(company_b)
    assert items.exists() and not items.exclude(filing__family__invention__in=visible).exists()
    assert not MemberVote.objects.for_user(company_b).exclude(organisation=company_b.profile.organisation).exists()
    assert not ReviewRound.objects.for_user(user("researcher")).exists()
    assert ReviewItem.objects.for_user(user("auditor")).count() == ReviewItem.objects.count()


def test_review_pages_per_role(login):
    review = ReviewRound.objects.filter(consortium__slug="opera-demo").first()
    assert login("cpo-2").get(review.get_absolute_url()).status_code == 404  # another consortium's round
    cpo = login("cpo").get(review.get_absolute_url())
    assert cpo.status_code == 200 and b"Saved" in cpo.content
    company = login("company-a").get(review.get_absolute_url())
    assert company.status_code == 200 and b"licence income" not in company.content.lower()
    assert login("researcher").get(review.get_absolute_url()).status_code == 404
    item = review.items.first()
    assert login("company-b").post(f"/portfolio/rights/{item.pk}/decide/", {"decision": "maintain"}).status_code == 404


def test_ip_map_is_scoped_and_drills_down(login):
    everything = login("ipoffice").get("/portfolio/map/?rows=area&columns=office")
    assert everything.status_code == 200 and b"H10N" in everything.content
    researcher = login("researcher").get("/portfolio/map/?rows=owner&columns=status")
    assert researcher.status_code == 200
    visible = Filing.objects.for_user(login("researcher").get("/").wsgi_request.user).count()
    assert visible < Filing.objects.count()
    cell = login("company-a").get("/portfolio/map/filings/?area=H10N&office=JP&export=csv")
    rows = b"".join(cell.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert cell.status_code == 200 and len(rows) >= 2


def test_foreign_filing_costs_page(login):
    invention = Invention.objects.filter(families__filings__office="JP").first()
    page = login("ipoffice").get(f"/portfolio/inventions/{invention.pk}/foreign-filing/")
    assert page.status_code == 200 and b"EP" in page.content and b"Lifetime official fees" in page.content


@pytest.mark.parametrize("persona", ["ipoffice", "cpo-2", "company-a", "company-b", "researcher"])
def test_ip_map_counts_what_each_reader_sees_although_it_is_drawn_once_per_scope(login, persona):
    """The map is cached per scope: each reader's total is the number of filings the visibility
    rule restated in tests/expected.py gives them, whoever drew a map before."""
    from tests.expected import WHO, _invention_visible

    for other in ("ipoffice", "company-a", "company-b", "cpo-2", "researcher"):  # every scope's map drawn first
        login(other).get("/portfolio/map/?rows=office&columns=status")
    who = WHO[persona]
    filings = Filing.objects.select_related("family__invention__consortium").prefetch_related(
        "family__invention__owners__organisation", "family__invention__inventors__person")
    expected = sum(1 for f in filings if who.role == "ipoffice" or _invention_visible(who, f.family.invention))
    matrix = login(persona).get("/portfolio/map/?rows=office&columns=status").context["matrix"]
    assert sum(total for _row, _cells, total in matrix["lines"]) == expected
