"""A record key beyond what the database stores is refused as a bad value, never a server error.

The API fuzzer found ``/api/change-proposals/?invention=<20 digits>`` answering 500 (the driver
cannot convert the number); every key filter now reads it with ``kyoso.core.filters.RecordFilter``.
"""

import pytest

pytestmark = pytest.mark.django_db

TOO_BIG = "9" * 20  # above 2**63 − 1
KEY_FILTERS = [
    "/api/change-proposals/?invention=", "/api/filings/?invention=", "/api/deadlines/?filing=",
    "/api/licences/?invention=", "/api/documents/?invention=", "/api/costs/?family=",
]


@pytest.mark.parametrize("url", KEY_FILTERS)
def test_the_api_answers_400_for_a_key_too_big(api, url):
    assert api("ipoffice").get(url + TOO_BIG).status_code == 400
    assert api("ipoffice").get(url + "0").status_code == 400  # keys start at 1
    assert api("ipoffice").get(url + "1").status_code == 200


@pytest.mark.parametrize("url", ["/filings/?invention=", "/docket/deadlines/?filing="])
def test_a_list_page_shows_the_error_instead_of_failing(login, url):
    response = login("ipoffice").get(url + TOO_BIG)
    assert response.status_code == 200
    assert "9223372036854775807" in response.content.decode().replace(",", "")  # the form names the limit
