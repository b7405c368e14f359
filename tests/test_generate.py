"""``kyoso generate --scale small``: the promised proportions, valid rows, and list pages whose
query count does not grow with the page number (timings belong to ``make bench``, not here)."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, OuterRef, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.consortia.models import Consortium, Membership, ResearchArea, ResearchTopic
from kyoso.demo.generate import GENERATED_SLUG_PREFIX, SCALES, USERNAMES
from kyoso.ip.models import Family, Filing, Invention, InventionOwner, Inventor
from kyoso.parties.models import Affiliation, Organisation, Person
from kyoso.rules.fiscal import split_contribution
from kyoso.rules.funding import contribution_rates

SMALL = SCALES["small"]
MODELS = [Organisation, Person, Affiliation, Consortium, Membership, ResearchArea, ResearchTopic, Agreement,
          AgreementParty, Contribution, Invention, Family, InventionOwner, Inventor, Filing]


@pytest.fixture
def world(db):
    """A small generated world beside the demo (rolled back after each test); ``world[Model]`` is
    the queryset of that model's generated rows."""
    before = {model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for model in MODELS}
    call_command("generate", "--scale", "small", "--seed", "7", stdout=open("/dev/null", "w"))
    return {model: model.objects.filter(pk__gt=before[model]) for model in MODELS}


def test_proportions(world):
    assert world[Organisation].count() == SMALL.organisations
    assert world[Consortium].count() == SMALL.consortia
    assert world[Agreement].count() == SMALL.agreements
    assert world[Contribution].count() == SMALL.agreements * SMALL.fiscal_years
    assert world[Invention].count() == SMALL.inventions
    assert world[Family].count() == SMALL.inventions
    # About two filings per invention: fewer for inventions too young for their PCT or national phases.
    assert 1.6 * SMALL.inventions <= world[Filing].count() <= 2.1 * SMALL.inventions
    assert world[Consortium].filter(slug__startswith=GENERATED_SLUG_PREFIX).count() == SMALL.consortia
    roles = dict(get_user_model().objects.filter(username__in=USERNAMES.values()).values_list("username", "profile__role"))
    assert roles == {username: role for role, username in USERNAMES.items()}


def test_a_second_world_is_refused(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate", "--scale", "small")


def test_rows_pass_validation(world):
    """``full_clean`` on a sample of every model: numbers per office, date order, fiscal years…"""
    rng = random.Random(1)
    for model in MODELS:
        pks = list(world[model].values_list("pk", flat=True))
        for obj in model.objects.filter(pk__in=rng.sample(pks, k=min(40, len(pks)))):
            stored = (obj.indirect_amount, obj.ip_amount) if model is Contribution else None
            obj.full_clean()
            if model is Contribution:
                # clean() derives the amounts again from the agreement's rates: they must not move.
                assert (obj.indirect_amount, obj.ip_amount) == stored


def test_shares_and_contributions_total_100(world):
    totals = world[Inventor].values("invention").annotate(total=Sum("contribution")).values_list("total", flat=True)
    assert set(totals) == {Decimal("100")}
    owners: dict[int, Fraction] = {}
    for invention, numerator, denominator in world[InventionOwner].values_list(
            "invention", "share_numerator", "share_denominator"):
        owners[invention] = owners.get(invention, Fraction(0)) + Fraction(numerator, denominator)
    assert owners and set(owners.values()) == {Fraction(1)}  # exact shares (1/2 + 1/4 + 1/4) total exactly 1


def test_money_is_derived_by_the_rules(world):
    for c in world[Contribution].select_related("agreement")[:500]:
        rates = contribution_rates(c.source, c.agreement.indirect_rate, c.agreement.ip_earmark_rate)
        split = split_contribution(c.direct_amount, rates.indirect, rates.ip_earmark, cash=c.kind == "cash")
        assert (c.indirect_amount, c.ip_amount) == (split.indirect, split.ip_earmarked)
        assert c.fiscal_year in c.agreement.fiscal_years
    # Every contributor is a party to its agreement.
    assert not world[Contribution].exclude(
        contributor_id__in=AgreementParty.objects.filter(agreement_id=OuterRef("agreement_id")).values("organisation_id")
    ).exists()


def test_generated_data_has_no_history(world):
    for model in (Agreement, Contribution, Invention, Filing):
        assert not model.history.filter(id__in=world[model].values("pk")).exists()


@pytest.mark.parametrize("role", ["ipoffice", "cpo", "company"])
@pytest.mark.parametrize("url", ["/agreements/", "/contributions/", "/inventions/", "/filings/", "/people/",
                                 "/api/agreements/", "/api/contributions/", "/api/inventions/", "/api/filings/"])
def test_list_pages_take_the_same_queries_on_every_page(world, role, url):
    from django.db import connection

    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAMES[role]))
    counts = []
    for page in (1, 2, 5):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": page})
        assert response.status_code == 200, (url, page)
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_the_cpo_and_company_see_their_share(world):
    """The logins the bench uses see a real but partial slice of the world."""
    User = get_user_model()
    cpo = User.objects.get(username=USERNAMES["cpo"])
    company = User.objects.get(username=USERNAMES["company"])
    total = world[Agreement].count()
    for user in (cpo, company):
        seen = Agreement.objects.for_user(user).filter(pk__in=world[Agreement].values("pk")).count()
        assert 0 < seen < total
    # The company sees only its own money.
    own = Contribution.objects.for_user(company).values("contributor").annotate(n=Count("pk"))
    assert [row["contributor"] for row in own] == [company.profile.organisation_id]
