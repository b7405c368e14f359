"""What a document may be: size and type, recognised from the name and the first bytes."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from kyoso.documents.checks import check_size, check_type
from kyoso.documents.demo import tiny_pdf


def _zip(member: str) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(member, "<x/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return data.getvalue()


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("signed.pdf", tiny_pdf("Signed"), "application/pdf"),
    ("SIGNED.PDF", tiny_pdf("Signed"), "application/pdf"),
    ("report.xlsx", _zip("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("reply.docx", _zip("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("figure.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
    ("scan.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    ("note.txt", "発明の名称\n".encode(), "text/plain"),
    ("royalties.csv", "実施料,2025\n".encode("cp932"), "text/csv"),  # Shift_JIS from a Japanese spreadsheet
])
def test_files_of_the_kept_types_are_recognised(name, data, content_type):
    assert check_type(name, io.BytesIO(data)).content_type == content_type


@pytest.mark.parametrize(("name", "data", "called"), [
    ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 60, "PDF"),  # a Windows program renamed
    ("invoice.pdf", b"\x89PNG\r\n\x1a\n", "PDF"),  # a picture called a PDF
    ("reply.docx", _zip("xl/workbook.xml"), "DOCX"),  # a spreadsheet called a Word file
    ("reply.docx", b"PK\x03\x04 not a zip at all", "DOCX"),
    ("notes.txt", b"\x7fELF\x02\x01\x01", "TXT"),
    ("notes.txt", b"abc\x00def", "TXT"),
    ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "TXT"),
])
def test_content_that_is_not_what_the_name_says_is_refused(name, data, called):
    with pytest.raises(ValidationError) as refused:
        check_type(name, io.BytesIO(data))
    assert refused.value.messages == [f"“{name}” is called a {called} file but its content is not one; it was not kept."]


@pytest.mark.parametrize("name", ["setup.exe", "run.sh", "archive.zip", "no-extension"])
def test_other_extensions_are_refused_naming_the_allowed_types(name):
    with pytest.raises(ValidationError) as refused:
        check_type(name, io.BytesIO(b"hello"))
    assert refused.value.messages == [f"“{name}” is not a file type kyoso keeps. Allowed: PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT, CSV."]


@override_settings(KYOSO_DOCUMENT_MAX_BYTES=1536 * 1024)
def test_size_limit_is_named_and_empty_files_refused():
    check_size(1536 * 1024)  # exactly the limit is kept
    with pytest.raises(ValidationError) as refused:
        check_size(2 * 1024 * 1024)
    assert refused.value.messages == ["The file is 2 MB; documents may be at most 1.5 MB."]
    with pytest.raises(ValidationError) as empty:
        check_size(0)
    assert empty.value.messages == ["The file is empty."]


def test_the_demo_pdf_is_well_formed():
    """Every cross-reference offset points at its object, and startxref at the table."""
    import re

    data = tiny_pdf("Line one", "Line (two)")
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[start:start + 4] == b"xref"
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", data)]
    assert [data[o:o + 7] for o in offsets] == [b"%d 0 obj" % n for n in range(1, 6)]
    assert data.startswith(b"%PDF-1.4") and data.endswith(b"%%EOF\n")
