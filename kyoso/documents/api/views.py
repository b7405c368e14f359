"""``/api/documents/``: list (``?invention=12``…), upload (multipart), download, delete — scoped like the record."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, parsers, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kyoso.core.api import service_call
from kyoso.core.roles import CHANGE, VIEW

from ..filtersets import DocumentFilterSet
from ..models import Document
from ..records import RECORD_TYPES
from ..services import attach, delete_document
from ..views import declared_too_large, download_response, record_for
from .serializers import DocumentSerializer, DocumentUploadSerializer


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Documents of the records the caller may open; uploads and deletes where they may change the record."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self):
        action_ = VIEW if self.request.method in permissions.SAFE_METHODS else CHANGE
        return self.queryset.for_user(self.request.user, action_).select_related(
            "uploaded_by", *(t.field for t in RECORD_TYPES))

    @extend_schema(request={"multipart/form-data": DocumentUploadSerializer}, responses={201: DocumentSerializer})
    def create(self, request, *args, **kwargs):
        # The role was checked (ScopedPermission) before the body; the declared size is checked next.
        refusal = declared_too_large(request)
        if refusal:
            raise TooLarge(refusal)
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        record = service_call(lambda: record_for(request.user, data["record_type"], data["record_id"]))
        document = service_call(lambda: attach(record, data["file"], kind=data["kind"], title=data["title"],
                                               note=data["note"], user=request.user))
        return Response(DocumentSerializer(document, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        service_call(lambda: delete_document(instance, user=self.request.user))

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file, as an attachment")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return download_response(self.get_object())
