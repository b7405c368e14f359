"""Attaching, versioning and deleting documents; every change is an event on the record's timeline.

Other apps (and commands) attach a file with :func:`attach`::

    from django.core.files.base import ContentFile
    attach(agreement, ContentFile(pdf_bytes, name="signed.pdf"), kind=DocumentKind.SIGNED_AGREEMENT, user=user)
"""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kyoso.core.roles import CHANGE
from kyoso.core.sentences import Sentence, choice_label
from kyoso.core.services import record_event

from .checks import check_size, check_type
from .choices import DocumentKind
from .models import Document
from .records import record_type_of
from .storage import document_storage, storage_name

__all__ = ["attach", "delete_document", "open_document", "ensure_may_attach"]


def ensure_may_attach(record: models.Model, *, user) -> None:
    """Refuse unless ``user`` may change ``record`` (and so attach to it and delete its documents)."""
    record_type_of(record)
    if not type(record).objects.for_user(user, CHANGE).filter(pk=record.pk).exists():
        raise PermissionDenied(gettext_lazy("You may not attach documents to this record."))


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def _digest(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    chunks = file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(1 << 20), b"")
    for chunk in chunks:
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attach(record: models.Model, file, *, kind: str = DocumentKind.OTHER, user, title: str = "", note: str = "",
           filename: str = "") -> Document:
    """Keep ``file`` beside ``record`` as a new document, or as the next version of the one with
    the same title and kind; an event on the record says so.

    ``file`` is an upload or any Django ``File`` (``ContentFile(data, name=…)``). The user must
    be allowed to change the record; the file must pass the size and type checks (its first bytes
    are read). Nothing is stored when anything is refused.
    """
    ensure_may_attach(record, user=user)
    record_type = record_type_of(record)
    name = os.path.basename(filename or getattr(file, "name", "") or "").strip() or "document"
    check_size(_size(file))
    file_type = check_type(name, file)
    # One version at a time per record: simultaneous uploads of one title queue behind this lock.
    type(record)._default_manager.select_for_update().filter(pk=record.pk).exists()
    record_key = f"{record._meta.label_lower}:{record.pk}"
    title = (title or "").strip() or os.path.splitext(name)[0][:200]
    previous = Document.objects.filter(record_key=record_key, kind=kind, title=title).aggregate(v=Max("version"))["v"]
    sha256 = _digest(file)
    extension = os.path.splitext(name)[1].lower()
    document = Document(
        record_key=record_key, kind=kind, title=title, version=(previous or 0) + 1, filename=name[:255],
        file=storage_name(sha256, extension), size=_size(file), content_type=file_type.content_type, sha256=sha256,
        note=note, uploaded_by=user if getattr(user, "pk", None) else None,
        **{record_type.field: record},
    )
    document.full_clean(exclude=["uploaded_by"])
    storage = document_storage()
    if not storage.exists(document.file):
        file.seek(0)
        stored = storage.save(document.file, file)
        if stored != document.file:  # a store that renamed it: keep the name it gave
            document.file = stored
    document.save()
    record_event(record, "document-attached", Sentence(
        gettext_lazy("Document “%(title)s” attached (%(kind)s, version %(version)s): %(filename)s"),
        title=document.title, kind=choice_label(document, "kind"), version=document.version, filename=document.filename,
    ), user=user, data={"document": document.pk, "version": document.version, "sha256": sha256})
    return document


@transaction.atomic
def delete_document(document: Document, *, user) -> None:
    """Take one version out of every list and download; an event on the record says so.

    The row and the bytes stay (the record's trail of what was filed), marked deleted.
    """
    if not Document.objects.for_user(user, CHANGE).filter(pk=document.pk).exists():
        raise PermissionDenied(gettext_lazy("You may not delete this document."))
    document.deleted_at = timezone.now()
    document.deleted_by = user if getattr(user, "pk", None) else None
    document.save(update_fields=["deleted_at", "deleted_by"])
    record = document.record
    if record is not None:
        record_event(record, "document-deleted", Sentence(
            gettext_lazy("Document “%(title)s” deleted (%(kind)s, version %(version)s)"),
            title=document.title, kind=choice_label(document, "kind"), version=document.version,
        ), user=user, data={"document": document.pk, "version": document.version})


def open_document(document: Document):
    """The stored bytes of ``document``, opened for reading (the caller closes it)."""
    return document_storage().open(document.file, "rb")


def as_validation_messages(error: ValidationError) -> list[str]:
    """The messages of a refusal, for a page or the API."""
    return [str(message) for message in error.messages]


def keep_signed_agreement(agreement, *, user, signed_pdf=None) -> Document | None:
    """The signed PDF of an agreement being signed (hook ``agreement_signed``), kept as its
    signed-agreement document; a file that is not a PDF, or too large, refuses the signing."""
    if signed_pdf is None:
        return None
    name = os.path.basename(getattr(signed_pdf, "name", "") or "")
    if check_type(name, signed_pdf).content_type != "application/pdf":
        raise ValidationError({"signed_pdf": gettext_lazy("The signed agreement must be a PDF file.")})
    signed_pdf.seek(0)
    return attach(agreement, signed_pdf, kind=DocumentKind.SIGNED_AGREEMENT, user=user,
                  title=str(gettext_lazy("Signed agreement")))
