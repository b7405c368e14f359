import pathlib
from .test_japanese_pages import _switch_to_japanese
URLS = ["/filings/54/", "/inventions/26/", "/licensing/policies/2/", "/licensing/policies/2/edit/", "/licensing/requests/5/", "/licensing/royalty-reports/import/", "/licensing/compensation-policies/3/", "/licensing/distribution-runs/2/", "/budget/ledger/", "/budget/costs/147/", "/portfolio/rounds/2/", "/portfolio/rights/4/", "/docket/deadlines/419/", "/import/", "/sources/", "/organisations/", "/consortia/", "/"]
def test_dump(login):
    c = login("ipoffice"); _switch_to_japanese(c)
    out = pathlib.Path("/tmp/pages"); out.mkdir(exist_ok=True)
    for u in URLS:
        (out / (u.strip("/").replace("/", "_") or "home")).with_suffix(".html").write_text(c.get(u).content.decode())
