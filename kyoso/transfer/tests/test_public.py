"""The public technology page and the PDF one-pager: only the declared public fields, only when published."""

import html

import pytest
from django.test import Client

from kyoso.ip.models import Invention
from kyoso.transfer.models import PUBLIC_FIELDS, Technology
from kyoso.transfer.services import set_published

pytestmark = pytest.mark.django_db

CONFIDENTIAL_FIELDS = ("internal_notes",)


def test_public_fields_leave_out_the_confidential_ones():
    declared = {f.name for f in Technology._meta.concrete_fields}
    assert set(PUBLIC_FIELDS) <= declared
    assert not set(PUBLIC_FIELDS) & {"internal_notes", "published", "consortium", "inventions"}


def test_the_published_sheet_renders_without_login_and_shows_nothing_confidential():
    technology = Technology.objects.get(slug="mram-sense-amplifier")
    assert technology.published and technology.internal_notes
    confidential = technology.inventions.filter(confidential=True).first()
    assert confidential is not None  # the demo puts one behind this sheet
    response = Client().get("/t/mram-sense-amplifier/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert technology.title in page and technology.summary in page and technology.contact_email in page
    assert technology.internal_notes not in page and "Asking" not in page
    for invention in technology.inventions.all():  # no invention is named, confidential or not
        assert invention.reference not in page
    assert confidential.title not in page
    assert "login" not in response.get("Location", "")


def test_the_sheet_is_in_japanese_for_a_japanese_reader():
    page = Client(HTTP_ACCEPT_LANGUAGE="ja").get("/t/mram-sense-amplifier/").content.decode()
    assert "低雑音MRAM読出し回路" in page


def test_nothing_when_not_published(user):
    technology = Technology.objects.get(slug="photonic-interconnect")
    assert not technology.published  # off by default
    assert Client().get("/t/photonic-interconnect/").status_code == 404
    assert Client().get("/t/photonic-interconnect/pdf/").status_code == 404
    assert Client().get("/t/no-such-technology/").status_code == 404
    published = Technology.objects.get(slug="mram-sense-amplifier")
    set_published(published, False, user=user("ipoffice"))
    assert Client().get("/t/mram-sense-amplifier/").status_code == 404


def test_only_the_ip_office_publishes(login):
    technology = Technology.objects.get(slug="photonic-interconnect")
    for persona in ("cpo", "auditor"):
        assert login(persona).post(f"/transfer/technologies/{technology.pk}/publish/", {"published": "on"}).status_code == 403
    assert login("company-c").post(f"/transfer/technologies/{technology.pk}/publish/", {"published": "on"}).status_code == 404
    # The CPO's edit form has no "published" field, and the service refuses it anyway.
    form = login("cpo").get(f"/transfer/technologies/{technology.pk}/edit/").context["form"]
    assert "published" not in form.fields
    assert not Technology.objects.get(pk=technology.pk).published
    assert login("ipoffice").post(f"/transfer/technologies/{technology.pk}/publish/", {"published": "on"}).status_code == 302
    assert Client().get("/t/photonic-interconnect/").status_code == 200


def test_the_one_pager_is_a_pdf():
    pytest.importorskip("weasyprint")
    response = Client().get("/t/mram-sense-amplifier/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_one_pager_says_clearly_when_it_cannot_be_made(login, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise ImportError("no weasyprint")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    technology = Technology.objects.get(slug="photonic-interconnect")
    response = login("cpo").get(f"/transfer/technologies/{technology.pk}/pdf/")
    assert response.status_code == 503
    assert "cannot be made" in response.content.decode()


def test_the_internal_one_pager_follows_the_scope(login):
    technology = Technology.objects.get(slug="photonic-interconnect")
    assert login("company-c").get(f"/transfer/technologies/{technology.pk}/pdf/").status_code == 404
    assert login("researcher").get(f"/transfer/technologies/{technology.pk}/pdf/").status_code == 404


def test_a_companys_technology_page_never_names_a_confidential_invention_it_may_not_see(login, user):
    technology = Technology.objects.get(slug="mram-sense-amplifier")
    confidential = technology.inventions.filter(confidential=True).first()
    page = login("company-b").get(f"/transfer/technologies/{technology.pk}/").content.decode()
    visible = Invention.objects.for_user(user("company-b")).filter(pk=confidential.pk).exists()
    assert (confidential.reference in page) == visible
