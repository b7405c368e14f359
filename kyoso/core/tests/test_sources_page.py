"""The sources page (``/sources/``) and the citations that link to it from rule rows."""

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def render(text: str, **context) -> str:
    return Template("{% load kyoso %}" + text).render(Context(context))


def test_the_sources_page_needs_a_login_and_anchors_every_source(client, login):
    assert client.get("/sources/").status_code == 302
    page = login("company-a").get("/sources/").content.decode()
    assert '<dt id="jst-contract"><strong>JST commissioned-research contract</strong>' in page
    assert '<a href="https://www.jst.go.jp/contract/" rel="noopener noreferrer">' in page
    assert "consulted 2026-11-29" in page


def test_a_source_cell_renders_as_short_citations_linked_to_the_sources_page():
    html = render("{{ cell|citation }}", cell="jst-contract;competitive-funds-indirect-guideline")
    assert html == (
        '<a class="citation" href="/sources/#jst-contract" title="JST, 委託研究契約 and its 事務処理説明書 (contract and '
        'handbook of JST-commissioned research: direct costs, indirect costs at 30 % of direct costs, what direct '
        'costs may pay)">JST commissioned-research contract</a>; '
        '<a class="citation" href="/sources/#competitive-funds-indirect-guideline" title="競争的資金（競争的研究費）の'
        '間接経費の執行に係る共通指針 (inter-ministry agreement of 2001-04-20, as amended): indirect costs are in '
        'principle 30 % of direct costs; patent-related costs (特許関連経費) are a permitted use">Common guideline on '
        'indirect costs of competitive funds</a>')
    # Text typed by hand (or stored before the registry) is shown as it is, escaped.
    assert render("{{ cell|citation }}", cell="Agreement <art. 7>") == "Agreement &lt;art. 7&gt;"


def test_the_funding_check_of_a_cost_and_the_fund_by_source_show_their_citations(login):
    from kyoso.budget.models import Cost

    cost = Cost.objects.filter(source="ip_earmark").first()
    page = login("ipoffice").get(cost.get_absolute_url()).content.decode()
    assert 'href="/sources/#mext-2018-tohoku-opera"' in page
    home = login("ipoffice").get("/budget/").content.decode()
    assert 'IP-earmarked indirect costs of joint research<br><span class="small"><a class="citation" ' \
           'href="/sources/#mext-2018-tohoku-opera"' in home


def test_a_policy_page_cites_each_rule_with_the_words_it_rests_on(login):
    from kyoso.licensing.models import LicensingPolicy

    policy = LicensingPolicy.objects.filter(preset="nagoya-hmhs").first()
    page = login("ipoffice").get(policy.get_absolute_url()).content.decode()
    assert 'href="/sources/#mext-2018-' in page
    assert "コンソ内研究活動:参加機関には権利行使しない" in page  # the words of the table cell, quoted
