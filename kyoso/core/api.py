"""API base: viewsets over the same scoped querysets and service functions as the web UI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from rest_framework import exceptions, permissions, serializers, viewsets

from .conflicts import conflict_as_validation
from .roles import CHANGE, VIEW, actor_of
from .services import delete_with_surface, save_with_surface
from .surface import hidden_on, surface_of

__all__ = ["ScopedModelViewSet", "ServiceModelSerializer", "Conflict", "service_call"]


class ServiceModelSerializer(serializers.ModelSerializer):
    """A serializer whose related-record choices are scoped to the requesting user."""

    def get_fields(self):
        fields = super().get_fields()
        # A field the model's surface hides from some readers comes back ``null`` to them: the
        # field (and so the OpenAPI schema, which reads it) says it may be null.
        for name in {name for rule in surface_of(self.Meta.model).hidden for name in rule.fields}:
            for key in (name, f"{name}_id"):
                if key in fields:
                    fields[key].allow_null = True
        request = self.context.get("request")
        if request is None:
            return fields
        actor = actor_of(request.user)
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                # A model serializer's choices come as the model's manager, which does not carry the
                # queryset class's ``reference_action``: read it from a queryset.
                queryset = queryset.all()
                field.queryset = queryset.for_user(actor, getattr(queryset, "reference_action", CHANGE))
        return fields

    def to_representation(self, instance):
        """The record as JSON, the fields its model's surface hides from the reader as ``null``."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and isinstance(instance, self.Meta.model):
            for name in hidden_on(instance, request.user):
                if name in data:
                    data[name] = None
                if f"{name}_id" in data:
                    data[f"{name}_id"] = None
        return data


class ScopedModelViewSet(viewsets.ModelViewSet):
    """CRUD over ``queryset.for_user``; saves and deletes go through the services the model's surface declares."""

    related: tuple[str, ...] = ()

    def get_queryset(self):
        action = VIEW if self.request.method in permissions.SAFE_METHODS else CHANGE
        queryset = self.queryset.for_user(self.request.user, action)
        return queryset.select_related(*self.related) if self.related else queryset

    @transaction.atomic
    def _save(self, serializer):
        instance = serializer.instance or serializer.Meta.model()
        concrete = {f.name for f in instance._meta.concrete_fields}
        many_to_many, nested = {}, {}
        for name, value in serializer.validated_data.items():
            if name in concrete:
                setattr(instance, name, value)
            elif name in {f.name for f in instance._meta.many_to_many}:
                many_to_many[name] = value
            else:
                nested[name] = value
        try:
            service_call(lambda: self.perform_service_save(instance, nested, many_to_many))
        except IntegrityError as error:  # an identical request saved first, between our check and our write
            raise _as_api_error(conflict_as_validation(instance, error)) from error
        serializer.instance = instance

    def perform_service_save(self, instance, nested: dict, many_to_many: dict | None = None):
        """Save through the model's declared service; ``nested`` holds writable non-field data (e.g. owners)."""
        save_with_surface(instance, user=self.request.user, many_to_many=many_to_many)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def perform_destroy(self, instance):
        service_call(lambda: delete_with_surface(instance, user=self.request.user))


def _as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(getattr(error, "message_dict", {"non_field_errors": error.messages}))


def service_call(call):
    """Run a service call, answering its refusals as the API does: 403 with the service's reason,
    400 naming the fields, 409 when other records still refer to the one being deleted."""
    try:
        return call()
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        raise _as_api_error(error) from error
    except ProtectedError as error:
        raise Conflict() from error


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "Other records still refer to this one; it cannot be deleted."
    default_code = "protected"
