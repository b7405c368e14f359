"""The kinds of import: each app's ``importers.py`` registers its :class:`Importer` subclasses."""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

from .importer import Importer

__all__ = ["register", "importers", "importers_for", "importer_class"]

_REGISTRY: dict[str, type[Importer]] = {}
_discovered = False


def register(importer: type[Importer]) -> type[Importer]:
    """Class decorator: make ``importer`` available under its ``kind``."""
    _REGISTRY[importer.kind] = importer
    return importer


def importers() -> list[type[Importer]]:
    """Every importer, in ``INSTALLED_APPS`` order (directory first, then agreements, then IP)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("importers")
        _discovered = True
    return list(_REGISTRY.values())


def importers_for(user) -> list[type[Importer]]:
    """The kinds ``user`` may import: those whose records they may create at all."""
    return [importer for importer in importers() if importer.available_to(user)]


def importer_class(kind: str) -> type[Importer]:
    """The importer of ``kind``; ``KeyError`` when there is none."""
    return {importer.kind: importer for importer in importers()}[kind]
