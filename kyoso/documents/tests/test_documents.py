"""Documents on records: scoped like the record for each persona, versions, events, limits, downloads.

The demo attaches (kyoso/documents/demo.py): the signed consortium agreement OPERA-2022-001; two
versions of INV-2022-0001's disclosure form (open, invented by Prof. Endo); the disclosure form of
INV-2022-0005 (confidential: owned by the university and Chikuma, invented by Prof. Endo); an office
action and a reply on INV-2022-0001's JP filing; royalty reports of Asahi's licence LIC-2024-002
(opera-demo) and Boso's LIC-2025-012 (opera-second); a business plan on Asahi's request
LR-2024-0001; an invoice on the first cost.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from kyoso.core.models import Event
from kyoso.documents.choices import DocumentKind
from kyoso.documents.demo import tiny_pdf
from kyoso.documents.models import Document
from kyoso.documents.services import attach
from kyoso.documents.storage import document_storage, storage_name

pytestmark = pytest.mark.django_db

PERSONAS = ("ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor")


def _agreement():
    from kyoso.agreements.models import Agreement

    return Agreement.objects.get(number="OPERA-2022-001")


def _invention(reference):
    from kyoso.ip.models import Invention

    return Invention.objects.get(reference=reference)


def _licence(number):
    from kyoso.licensing.models import Licence

    return Licence.objects.get(number=number)


def _demo(record, kind) -> Document:
    return Document.objects.of_record(record).filter(kind=kind).order_by("-version").first()


# Who may download each demo document, worked out from each record's rule (README "Who sees what").
SEES = {
    # The consortium agreement: its consortium's CPO and the parties (Asahi, Boso), not Kiso nor a researcher.
    "agreement": {"ipoffice", "auditor", "cpo", "company-a", "company-b"},
    # The open invention: the pool members of opera-demo and its inventor.
    "open invention": {"ipoffice", "auditor", "cpo", "company-a", "company-b", "researcher"},
    # The confidential invention: no company that does not own it (Asahi, Boso), its inventor yes.
    "confidential invention": {"ipoffice", "auditor", "cpo", "researcher"},
    # Asahi's licence: Asahi only among companies; the researcher invented the licensed right.
    "asahi licence": {"ipoffice", "auditor", "cpo", "company-a", "researcher"},
    # Boso's licence in opera-second: its CPO (cpo-2) and Boso only.
    "boso licence": {"ipoffice", "auditor", "cpo-2", "company-b"},
}


def _demo_documents() -> dict[str, Document]:
    return {
        "agreement": _demo(_agreement(), DocumentKind.SIGNED_AGREEMENT),
        "open invention": _demo(_invention("INV-2022-0001"), DocumentKind.DISCLOSURE_FORM),
        "confidential invention": _demo(_invention("INV-2022-0005"), DocumentKind.DISCLOSURE_FORM),
        "asahi licence": _demo(_licence("LIC-2024-002"), DocumentKind.ROYALTY_REPORT),
        "boso licence": _demo(_licence("LIC-2025-012"), DocumentKind.ROYALTY_REPORT),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_downloads_exactly_the_documents_of_records_it_may_open(persona, login, api):
    web, client = login(persona), api(persona)
    documents = _demo_documents()
    downloads = {name for name, d in documents.items()
                 if web.get(reverse("documents:document_download", args=[d.pk])).status_code == 200}
    assert downloads == {name for name, seers in SEES.items() if persona in seers}
    refused = {web.get(reverse("documents:document_download", args=[d.pk])).status_code
               for name, d in documents.items() if name not in downloads}
    assert refused <= {404}
    listed = {row["id"] for row in client.get("/api/documents/", {"page_size": 100}).json()["results"]}
    assert {name for name, d in documents.items() if d.pk in listed} == downloads
    api_downloads = {name for name, d in documents.items() if client.get(f"/api/documents/{d.pk}/download/").status_code == 200}
    assert api_downloads == downloads


def test_company_a_cannot_reach_boso_royalty_report_nor_a_confidential_disclosure_form(login, api):
    documents = _demo_documents()
    for name in ("boso licence", "confidential invention"):
        pk = documents[name].pk
        assert login("company-a").get(reverse("documents:document_download", args=[pk])).status_code == 404
        assert api("company-a").get(f"/api/documents/{pk}/").status_code == 404
        assert api("company-a").get(f"/api/documents/{pk}/download/").status_code == 404
    # Nor by asking for the record's documents.
    assert api("company-a").get("/api/documents/", {"licence": _licence("LIC-2025-012").pk}).json()["count"] == 0
    assert api("company-a").get("/api/documents/", {"invention": _invention("INV-2022-0005").pk}).json()["count"] == 0
    # The confidential invention's page itself is not there for Asahi.
    assert login("company-a").get(_invention("INV-2022-0005").get_absolute_url()).status_code == 404


def test_download_is_an_attachment_with_the_stored_bytes(login):
    document = _demo_documents()["agreement"]
    response = login("company-b").get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="OPERA-2022-001-signed.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-1.4") and len(body) == document.size
    import hashlib

    assert hashlib.sha256(body).hexdigest() == document.sha256


def _upload(name="minutes.pdf", data=None, **fields):
    return {"file": ContentFile(data if data is not None else tiny_pdf("Minutes"), name=name), "kind": "other", **fields}


def _attach_url(record_type, pk):
    return reverse("documents:document_attach", args=[record_type, pk])


def _review_item(consortium="opera-demo"):
    from kyoso.portfolio.models import ReviewItem

    return ReviewItem.objects.filter(round__consortium__slug=consortium).order_by("pk").first()


def _records():
    from kyoso.budget.models import Cost
    from kyoso.ip.models import Filing
    from kyoso.licensing.models import LicenceRequest

    return {
        "agreement": _agreement(),
        "invention": _invention("INV-2022-0005"),  # confidential, Prof. Endo's
        "filing": Filing.objects.filter(family__invention__reference="INV-2022-0001", office="JP").order_by("pk").first(),
        "licence": _licence("LIC-2024-002"),
        "licence-request": LicenceRequest.objects.get(reference="LR-2024-0001"),  # Asahi's
        "review-item": _review_item(),
        "cost": Cost.objects.filter(invention__reference="INV-2022-0001").order_by("pk").first(),
    }


# record type → persona → status of an upload: 302 attached, 403 sees but may not change, 404 cannot see.
ATTACH = {
    "agreement": {"cpo": 302, "cpo-2": 404, "company-a": 403, "company-c": 404, "researcher": 404, "auditor": 403},
    "invention": {"cpo": 302, "researcher": 302, "company-a": 404, "company-b": 404, "cpo-2": 404, "auditor": 403},
    "filing": {"cpo": 302, "researcher": 403, "company-a": 403, "company-c": 404},
    "licence": {"cpo": 302, "company-a": 403, "company-b": 404, "cpo-2": 404},
    "licence-request": {"company-a": 302, "cpo": 302, "company-b": 404, "researcher": 403},
    "review-item": {"cpo": 302, "cpo-2": 404, "researcher": 404},
    "cost": {"cpo": 302, "company-a": 403, "company-c": 404},
}
ATTACH_CASES = [(t, p, s) for t, by in ATTACH.items() for p, s in by.items()]


@pytest.mark.parametrize(("record_type", "persona", "status"), ATTACH_CASES, ids=[f"{t}-{p}" for t, p, _s in ATTACH_CASES])
def test_who_may_change_the_record_attaches_to_it(record_type, persona, status, login):
    record = _records()[record_type]
    before = Document.objects.count(), Event.objects.count()
    response = login(persona).post(_attach_url(record_type, record.pk), _upload(title="Committee minutes"))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == record.get_absolute_url() + "#documents"
        document = Document.objects.of_record(record).get(title="Committee minutes")
        assert (document.version, document.kind, document.uploaded_by.username) == (1, "other", persona)
        assert Event.objects.count() == before[1] + 1
        # The record's page lists it for the uploader.
        assert "Committee minutes" in login(persona).get(record.get_absolute_url()).content.decode()
    else:
        assert (Document.objects.count(), Event.objects.count()) == before


def test_a_role_that_may_not_attach_is_refused_before_its_upload_is_read(login):
    """A body Django could not parse: read, it would fail; refused by role first, it answers 403/404."""
    record = _agreement()
    broken = {"content_type": "multipart/form-data; boundary=nothing-here", "data": b"--garbage"}
    assert login("auditor").post(_attach_url("agreement", record.pk), **broken).status_code == 403
    assert login("company-c").post(_attach_url("agreement", record.pk), **broken).status_code == 404


def test_a_new_upload_of_the_same_title_and_kind_is_the_next_version(login, user):
    invention = _invention("INV-2022-0001")  # the demo holds versions 1 and 2 of its disclosure form
    web = login("researcher")
    response = web.post(_attach_url("invention", invention.pk),
                        _upload("disclosure-v3.pdf", tiny_pdf("v3"), kind="disclosure_form", title="発明届出書"))
    assert response.status_code == 302
    versions = list(Document.objects.of_record(invention).filter(kind="disclosure_form").values_list("version", "filename"))
    assert versions == [(3, "disclosure-v3.pdf"), (2, "INV-2022-0001-disclosure.pdf"), (1, "INV-2022-0001-disclosure.pdf")]
    # Older versions stay downloadable.
    oldest = Document.objects.of_record(invention).get(kind="disclosure_form", version=1)
    assert web.get(reverse("documents:document_download", args=[oldest.pk])).status_code == 200
    # The same title under another kind starts again at 1.
    other = attach(invention, ContentFile(tiny_pdf("x"), name="x.pdf"), kind=DocumentKind.OTHER,
                   title="発明届出書", user=user("cpo"))
    assert other.version == 1
    page = web.get(invention.get_absolute_url()).content.decode()
    assert "2 earlier versions" in page


def test_attaching_and_deleting_are_events_on_the_records_timeline(login, user):
    licence = _licence("LIC-2024-002")
    web = login("cpo")
    web.post(_attach_url("licence", licence.pk), _upload("q3.csv", b"quarter,sales\n3,100\n", kind="royalty_report", title="Royalty report Q3"))
    document = Document.objects.of_record(licence).get(title="Royalty report Q3")
    attached = Event.objects.filter(verb="document-attached", object_id=licence.pk,
                                    content_type__model="licence").latest("pk")
    assert attached.summary_by_language == {
        "en": "Document “Royalty report Q3” attached (royalty report, version 1): q3.csv",
        "ja": "書類「Royalty report Q3」を添付しました（実施料報告、第1版）：q3.csv",
    }
    # Asahi (the licensee, a viewer) may not delete it; the CPO may.
    assert login("company-a").post(reverse("documents:document_delete", args=[document.pk])).status_code == 403
    assert login("company-c").post(reverse("documents:document_delete", args=[document.pk])).status_code == 404
    response = web.post(reverse("documents:document_delete", args=[document.pk]))
    assert response.status_code == 302 and response["Location"] == licence.get_absolute_url() + "#documents"
    deleted = Event.objects.filter(verb="document-deleted", object_id=licence.pk, content_type__model="licence").get()
    assert deleted.summary_by_language["en"] == "Document “Royalty report Q3” deleted (royalty report, version 1)"
    assert deleted.actor.username == "cpo"
    # Gone from every list and download; the row (and its bytes) stay for the trail.
    assert web.get(reverse("documents:document_download", args=[document.pk])).status_code == 404
    document.refresh_from_db()
    assert document.deleted_at is not None and document.deleted_by.username == "cpo"
    assert document_storage().exists(document.file)
    timeline = login("company-a").get(licence.get_absolute_url()).content.decode()
    assert "Document “Royalty report Q3” attached" in timeline and "Document “Royalty report Q3” deleted" in timeline


@override_settings(KYOSO_DOCUMENT_MAX_BYTES=1536 * 1024)
def test_a_file_over_the_limit_is_refused_naming_it_and_nothing_is_stored(login):
    record = _agreement()
    data = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 - 9)
    response = login("cpo").post(_attach_url("agreement", record.pk), _upload("big.pdf", data), follow=True)
    assert "The file is 2 MB; documents may be at most 1.5 MB." in response.content.decode()
    assert not Document.objects.of_record(record).filter(filename="big.pdf").exists()
    import hashlib

    assert not document_storage().exists(storage_name(hashlib.sha256(data).hexdigest(), ".pdf"))


def test_a_renamed_program_is_refused_and_nothing_is_stored(login):
    record = _agreement()
    data = b"MZ\x90\x00\x03" + b"\x00" * 500
    events = Event.objects.count()
    response = login("cpo").post(_attach_url("agreement", record.pk), _upload("contract.pdf", data), follow=True)
    assert "“contract.pdf” is called a PDF file but its content is not one; it was not kept." in response.content.decode()
    assert not Document.objects.filter(filename="contract.pdf").exists()
    assert Event.objects.count() == events
    import hashlib

    assert not document_storage().exists(storage_name(hashlib.sha256(data).hexdigest(), ".pdf"))


def test_the_panel_shows_the_upload_form_only_to_who_may_change_the_record(login):
    agreement = _agreement()
    for persona, form in (("cpo", True), ("company-a", False), ("auditor", False)):
        page = login(persona).get(agreement.get_absolute_url()).content.decode()
        assert 'id="documents"' in page and "共同研究契約書（署名済）" in page
        assert (_attach_url("agreement", agreement.pk) in page) is form, persona


def test_every_record_type_has_the_panel(login):
    for record_type, record in _records().items():
        page = login("ipoffice").get(record.get_absolute_url())
        assert page.status_code == 200, record_type
        assert _attach_url(record_type, record.pk) in page.content.decode(), record_type


# -- the API ----------------------------------------------------------------------------------------


def test_api_upload_list_download_and_delete(api):
    invention = _invention("INV-2022-0005")
    client = api("researcher")
    response = client.post("/api/documents/", {
        "record_type": "invention", "record_id": invention.pk, "kind": "disclosure_form",
        "title": "発明届出書", "file": ContentFile(tiny_pdf("v2"), name="form-v2.pdf"),
    }, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["record_type"], body["record_id"], body["version"], body["uploaded_by"], body["content_type"]) == (
        "invention", invention.pk, 2, "researcher", "application/pdf")
    assert body["download"].endswith(f"/api/documents/{body['id']}/download/")
    listed = client.get("/api/documents/", {"invention": invention.pk}).json()
    assert [(row["title"], row["version"]) for row in listed["results"]] == [
        ("発明届出書", 2), ("発明届出書", 1)]
    download = client.get(f"/api/documents/{body['id']}/download/")
    assert download.status_code == 200 and download["Content-Disposition"] == 'attachment; filename="form-v2.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    # Deleting is the CPO's here too (the researcher may change the invention, so may delete its documents).
    assert api("auditor").delete(f"/api/documents/{body['id']}/").status_code == 403
    assert api("company-a").delete(f"/api/documents/{body['id']}/").status_code == 404
    assert client.delete(f"/api/documents/{body['id']}/").status_code == 204
    assert client.get("/api/documents/", {"invention": invention.pk}).json()["count"] == 1
    assert Event.objects.filter(verb="document-deleted", object_id=invention.pk, content_type__model="invention").count() == 1


def test_api_refuses_uploads_by_scope_type_and_size(api):
    confidential = _invention("INV-2022-0005")
    agreement = _agreement()

    def upload(persona, record_type, pk, name="a.pdf", data=None):
        return api(persona).post("/api/documents/", {
            "record_type": record_type, "record_id": pk, "file": ContentFile(data or tiny_pdf("a"), name=name)}, format="multipart")

    assert upload("auditor", "agreement", agreement.pk).status_code == 403  # a read-only role, before the body
    assert upload("company-a", "invention", confidential.pk).status_code == 404  # cannot see it
    assert upload("company-a", "agreement", agreement.pk).status_code == 403  # sees it, may not change it
    fake = upload("cpo", "agreement", agreement.pk, name="a.pdf", data=b"MZ" + b"\x00" * 100)
    assert fake.status_code == 400
    assert fake.json() == {"non_field_errors": ["“a.pdf” is called a PDF file but its content is not one; it was not kept."]}
    with override_settings(KYOSO_DOCUMENT_MAX_BYTES=1024):
        big = upload("cpo", "agreement", agreement.pk, data=b"%PDF-1.4\n" + b"0" * (200 * 1024))
    assert big.status_code == 413
    assert "documents may be at most" in big.json()["detail"]
    assert not Document.objects.of_record(agreement).filter(filename="a.pdf").exists()


# -- other apps attach from their services ----------------------------------------------------------


def test_a_service_attaches_a_signed_agreement_in_one_call(user):
    agreement = _agreement()
    document = attach(agreement, ContentFile(tiny_pdf("Signed"), name="signed-2.pdf"),
                      kind=DocumentKind.SIGNED_AGREEMENT, title="共同研究契約書（署名済）", user=user("cpo"))
    assert (document.version, document.content_type, document.agreement_id) == (2, "application/pdf", agreement.pk)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        attach(agreement, ContentFile(tiny_pdf("x"), name="x.pdf"), user=user("company-a"))


def test_a_record_key_beyond_the_database_integers_is_a_bad_request(api):
    assert api("ipoffice").get("/api/documents/", {"invention": 2**70}).status_code == 400
    assert api("ipoffice").get("/api/documents/", {"invention": 0}).status_code == 400
