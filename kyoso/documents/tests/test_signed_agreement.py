"""Signing an agreement keeps its signed PDF on it (issue #14: "the signed PDF stored on the agreement")."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kyoso.agreements.choices import AgreementStatus
from kyoso.agreements.models import Agreement
from kyoso.documents.models import Document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _negotiating():
    return Agreement.objects.get(number="KNU-2026-201")  # the demo's co-owned agreement under negotiation


def test_signing_with_the_pdf_keeps_it_on_the_agreement(login):
    agreement = _negotiating()
    assert agreement.status == AgreementStatus.NEGOTIATING
    response = login("ipoffice").post(f"/agreements/{agreement.pk}/status/", {
        "status": "active", "signed_pdf": SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    document = Document.objects.get(agreement=agreement, kind="signed_agreement")
    assert (document.filename, document.size, document.content_type) == ("signed.pdf", len(PDF), "application/pdf")
    assert login("ipoffice").get(f"/documents/{document.pk}/download/").status_code == 200


def test_a_file_that_is_not_a_pdf_refuses_the_signing(login):
    agreement = _negotiating()
    web = login("ipoffice")
    response = web.post(f"/agreements/{agreement.pk}/status/", {
        "status": "active", "signed_pdf": SimpleUploadedFile("signed.txt", b"just text\n", content_type="text/plain")},
        follow=True)
    assert "The signed agreement must be a PDF file." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NEGOTIATING  # nothing changed
    assert not Document.objects.filter(agreement=agreement, kind="signed_agreement").exists()


def test_signing_without_a_file_still_signs(login):
    agreement = _negotiating()
    login("ipoffice").post(f"/agreements/{agreement.pk}/status/", {"status": "active"})
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert not Document.objects.filter(agreement=agreement, kind="signed_agreement").exists()
