"""API routes named after the models, the old routes kept as aliases, and the API root at /api/.

Every app's ``api/urls.py`` registers its viewsets on a :class:`ModelRouter` under the plural,
hyphenated name of the model (``grants``, ``ledger-entries``, ``review-rounds``). A route an
earlier version published under another name stays working through :meth:`ModelRouter.alias`:
the same viewset answers it, but it is left out of the OpenAPI schema so the schema lists each
endpoint once. ``GET /api/`` (:class:`ApiRootView`) lists the canonical routes.
"""

from __future__ import annotations

from importlib import import_module

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

__all__ = ["ModelRouter", "ApiRootView"]


class ModelRouter(SimpleRouter):
    """A :class:`SimpleRouter` whose routes may also answer under old names (not in the schema)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: old prefix → the canonical prefix it stands for
        self.aliases: dict[str, str] = {}

    def alias(self, old_prefix: str, prefix: str) -> None:
        """Keep ``old_prefix`` answering as the route registered under ``prefix``."""
        if prefix not in {registered for registered, _viewset, _basename in self.registry}:
            raise ValueError(f"{prefix!r} is not registered; register it before its alias {old_prefix!r}")
        self.aliases[old_prefix] = prefix

    def get_urls(self):
        urls = super().get_urls()
        legacy = SimpleRouter(trailing_slash=self.trailing_slash != "")
        for old_prefix, prefix in self.aliases.items():
            viewset, basename = next((v, b) for p, v, b in self.registry if p == prefix)
            # A subclass without a schema: the same answers, one entry per endpoint in the schema.
            hidden = type(viewset.__name__, (viewset,), {"schema": None, "__module__": viewset.__module__})
            legacy.register(old_prefix, hidden, basename=f"{basename}-alias-{old_prefix.replace('/', '-')}")
        return urls + legacy.get_urls()


class ApiRootView(APIView):
    """``GET /api/``: every endpoint's name and URL, as the caller's role may use them.

    ``urlconfs`` are the modules whose ``router`` is included under /api/ (see ``kyoso.urls``).
    """

    permission_classes = [permissions.IsAuthenticated]
    urlconfs: tuple[str, ...] = ()

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="Every endpoint of the API by name, with its URL.")
    def get(self, request, format=None):
        endpoints = {}
        for urlconf in self.urlconfs:
            for prefix, _viewset, basename in import_module(urlconf).router.registry:
                endpoints[prefix] = reverse(f"{basename}-list", request=request, format=format)
        return Response(endpoints)
