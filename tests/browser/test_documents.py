"""Documents in the browser: the inventor attaches a PDF to his invention and downloads it; a
company that may not see the confidential invention is refused the download URL."""


import pytest
from playwright.sync_api import expect

from kyoso.documents.demo import tiny_pdf

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inventor_attaches_and_downloads_a_pdf_another_role_is_refused(page, live_server, demo_world, console_errors, tmp_path):
    from kyoso.ip.models import Invention

    invention = Invention.objects.get(reference="INV-2022-0005")  # confidential, Prof. Endo's
    pdf = tmp_path / "disclosure-signed.pdf"
    pdf.write_bytes(tiny_pdf("Invention disclosure form", "Signed by the inventors"))

    log_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}{invention.get_absolute_url()}")
    panel = page.locator("#documents")
    expect(panel).to_contain_text("Documents")
    panel.locator("input[type=file]").set_input_files(str(pdf))
    panel.locator("select[name=kind]").select_option("disclosure_form")
    panel.locator("input[name=title]").fill("Signed disclosure form")
    panel.locator("button[type=submit]", has_text="Attach").click()
    expect(page.locator(".message")).to_contain_text("Attached Signed disclosure form")
    link = page.locator("#documents a", has_text="Signed disclosure form")
    expect(link).to_be_visible()
    # The timeline says so too.
    expect(page.locator("body")).to_contain_text("Document “Signed disclosure form” attached (invention disclosure form, version 1)")

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "disclosure-signed.pdf"
    assert open(download.path(), "rb").read() == pdf.read_bytes()
    url = f"{live_server.url}{link.get_attribute('href')}"

    page.context.clear_cookies()
    log_in(page, live_server, "company-a")
    response = page.request.get(url)
    assert response.status == 404
    assert page.request.get(f"{live_server.url}{invention.get_absolute_url()}").status == 404
    assert console_errors == []
