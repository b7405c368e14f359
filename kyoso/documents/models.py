"""Documents attached to records: the signed agreement, the disclosure form, office actions…"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind
from .querysets import DocumentQuerySet
from .records import RECORD_TYPES

__all__ = ["Document"]


def _exactly_one_record() -> Q:
    """Exactly one of the record foreign keys is set."""
    fields = [t.field for t in RECORD_TYPES]
    one = Q()
    for chosen in fields:
        term = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                term &= Q(**{f"{other}__isnull": True})
        one |= term
    return one


class Document(models.Model):
    """One version of a file kept beside a record (an agreement, invention, filing, licence,
    licence request, review right or cost).

    Who may open the record may list and download its documents; who may change the record may
    attach and delete them (:mod:`kyoso.documents.querysets`). A file uploaded again under the same
    title and kind on the same record is the next ``version``; earlier versions stay downloadable.
    Deleting marks the version deleted (``deleted_at``): it leaves every list and download, the
    bytes stay in the store for the record's audit trail. The bytes live in ``STORAGES["documents"]``
    under ``file`` (named after their SHA-256, see :mod:`kyoso.documents.storage`).
    """

    agreement = models.ForeignKey("agreements.Agreement", verbose_name=_("agreement"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="documents")
    invention = models.ForeignKey("ip.Invention", verbose_name=_("invention"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="documents")
    filing = models.ForeignKey("ip.Filing", verbose_name=_("filing"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="documents")
    licence = models.ForeignKey("licensing.Licence", verbose_name=_("licence"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="documents")
    licence_request = models.ForeignKey("licensing.LicenceRequest", verbose_name=_("licence request"), null=True,
                                        blank=True, on_delete=models.CASCADE, related_name="documents")
    review_item = models.ForeignKey("portfolio.ReviewItem", verbose_name=_("review right"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="documents")
    cost = models.ForeignKey("budget.Cost", verbose_name=_("cost"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="documents")
    # "ip.invention:12": the record in one column, for versions and their uniqueness.
    record_key = models.CharField(_("record"), max_length=60, editable=False)
    kind = models.CharField(_("kind of document"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    filename = models.CharField(_("file name"), max_length=255)
    file = models.CharField(_("stored as"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("deleted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "-version"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(condition=_exactly_one_record(), name="document_one_record"),
            models.UniqueConstraint(fields=["record_key", "kind", "title", "version"], name="document_version_once"),
        ]
        indexes = [models.Index(fields=["record_key", "kind", "title", "-version"], name="document_by_record")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})" if self.version > 1 else self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:document_download", args=[self.pk])

    @property
    def record(self) -> models.Model | None:
        """The record this document is attached to."""
        for record_type in RECORD_TYPES:
            if getattr(self, f"{record_type.field}_id") is not None:
                return getattr(self, record_type.field)
        return None
