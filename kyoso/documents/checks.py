"""What a document may be: its size and its type, read from the name *and* the first bytes.

A file is accepted only when its extension is one of :data:`FILE_TYPES` and its first bytes are
what that type starts with (a PDF with ``%PDF-``, an XLSX a ZIP holding ``xl/workbook.xml``…), so
a program renamed ``report.pdf`` is refused. The content type stored and sent back is the one of
the recognised type, never the one the browser declared.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kyoso.core.importing.readers import megabytes

__all__ = ["FileType", "FILE_TYPES", "max_bytes", "check_size", "check_type", "allowed_extensions"]

HEAD = 8192  # bytes read to recognise a type

#: Programs and archives refused whatever they are called (Windows, ELF, Mach-O, scripts' shebang).
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")


@dataclass(frozen=True)
class FileType:
    """A type of file kyoso keeps: its extensions, the content type it is sent with, and how it starts."""

    name: str
    extensions: tuple[str, ...]
    content_type: str
    magic: tuple[bytes, ...] = ()  # one of these starts the file; empty: text
    zip_member: str = ""  # an Office Open XML file: the ZIP must hold this member


FILE_TYPES: tuple[FileType, ...] = (
    FileType("PDF", (".pdf",), "application/pdf", (b"%PDF-",)),
    FileType("DOCX", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             (b"PK\x03\x04",), "word/document.xml"),
    FileType("XLSX", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             (b"PK\x03\x04",), "xl/workbook.xml"),
    FileType("PPTX", (".pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             (b"PK\x03\x04",), "ppt/presentation.xml"),
    FileType("PNG", (".png",), "image/png", (b"\x89PNG\r\n\x1a\n",)),
    FileType("JPEG", (".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",)),
    FileType("TXT", (".txt",), "text/plain"),
    FileType("CSV", (".csv",), "text/csv"),
)


def allowed_extensions() -> list[str]:
    return [extension for file_type in FILE_TYPES for extension in file_type.extensions]


def max_bytes() -> int:
    """The largest document kept (``KYOSO_DOCUMENT_MAX_BYTES``, 20 MB unless set)."""
    return getattr(settings, "KYOSO_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def check_size(size: int) -> None:
    """Refuse an empty file or one over the limit, naming the limit."""
    if size <= 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; documents may be at most %(limit)s."),
            code="too_large", params={"size": megabytes(size), "limit": megabytes(limit)},
        )


def _refuse_type(name: str):
    return ValidationError(
        _("“%(name)s” is not a file type kyoso keeps. Allowed: %(types)s."),
        code="file_type", params={"name": name, "types": ", ".join(t.name for t in FILE_TYPES)},
    )


def check_type(name: str, file) -> FileType:
    """The :class:`FileType` of the upload ``file`` called ``name``, or a ``ValidationError``.

    The extension chooses the type; the first bytes must agree with it (``file`` is read from the
    start and rewound).
    """
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    file_type = next((t for t in FILE_TYPES if extension in t.extensions), None)
    if file_type is None:
        raise _refuse_type(name)
    file.seek(0)
    head = file.read(HEAD)
    file.seek(0)
    mismatch = ValidationError(
        _("“%(name)s” is called a %(type)s file but its content is not one; it was not kept."),
        code="content_mismatch", params={"name": name, "type": file_type.name},
    )
    if head.startswith(_EXECUTABLE):
        raise mismatch
    if file_type.magic:
        if not head.startswith(file_type.magic):
            raise mismatch
        if file_type.zip_member and not _zip_holds(file, file_type.zip_member):
            raise mismatch
    elif b"\x00" in head or not _is_text(head):
        raise mismatch
    return file_type


def _zip_holds(file, member: str) -> bool:
    try:
        file.seek(0)
        data = file if hasattr(file, "seekable") and file.seekable() else io.BytesIO(file.read())
        with zipfile.ZipFile(data) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def _is_text(head: bytes) -> bool:
    """Text in UTF-8 or Shift_JIS (Japanese CSV files from spreadsheets), cut anywhere."""
    for encoding in ("utf-8", "cp932"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 4:  # a character cut by the end of the sample
                return True
    return False
