"""Documents as JSON, and the upload's fields (multipart: the file with its record, kind and title)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..checks import allowed_extensions
from ..choices import DocumentKind
from ..models import Document
from ..records import RECORD_TYPES, record_type_of


class DocumentSerializer(serializers.ModelSerializer):
    """One version of a document; ``download`` is where its bytes are (same scope as the record)."""

    record_type = serializers.SerializerMethodField()
    record_id = serializers.SerializerMethodField()
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "record_type", "record_id", "kind", "title", "version", "filename", "size", "content_type",
                  "sha256", "note", "uploaded_by", "uploaded_at", "download"]
        read_only_fields = fields

    def get_record_type(self, document) -> str:
        return record_type_of(document.record).name

    def get_record_id(self, document) -> int:
        return document.record.pk

    def get_download(self, document) -> str:
        url = reverse("document-download", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class DocumentUploadSerializer(serializers.Serializer):
    """What an upload sends (``multipart/form-data``)."""

    record_type = serializers.ChoiceField(choices=[t.name for t in RECORD_TYPES], help_text=_("agreement, invention, filing, licence, licence-request, review-item or cost"))
    record_id = serializers.IntegerField(min_value=1)
    file = serializers.FileField(help_text=", ".join(allowed_extensions()))
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
