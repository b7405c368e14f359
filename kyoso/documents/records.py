"""The records a document may be attached to, each with the foreign key that holds it.

A document names its record by one of these foreign keys (never a generic key), so the scope of
each record type is its own model's ``for_user`` and a record's deletion takes its documents.
The short names (``agreement``, ``licence-request``…) are the ones URLs and the API use.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

__all__ = ["RecordType", "RECORD_TYPES", "record_type", "record_type_of"]


@dataclass(frozen=True)
class RecordType:
    """One kind of record that takes documents: its URL name, model label and field on :class:`Document`."""

    name: str  # "licence-request"
    label: str  # "licensing.LicenceRequest"
    field: str  # "licence_request"

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("agreement", "agreements.Agreement", "agreement"),
    RecordType("invention", "ip.Invention", "invention"),
    RecordType("filing", "ip.Filing", "filing"),
    RecordType("licence", "licensing.Licence", "licence"),
    RecordType("licence-request", "licensing.LicenceRequest", "licence_request"),
    RecordType("review-item", "portfolio.ReviewItem", "review_item"),
    RecordType("cost", "budget.Cost", "cost"),
)
_BY_NAME = {t.name: t for t in RECORD_TYPES}


def record_type(name: str) -> RecordType | None:
    """The record type called ``name`` in URLs and the API (``None`` when there is none)."""
    return _BY_NAME.get(name)


def record_type_of(record: models.Model) -> RecordType:
    """The record type of ``record``; ``ValueError`` for a record that takes no documents."""
    label = record._meta.label_lower
    for candidate in RECORD_TYPES:
        if candidate.label.lower() == label:
            return candidate
    raise ValueError(f"{record._meta.label} takes no documents")
