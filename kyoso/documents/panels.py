"""The documents panel on each record's page: current versions, earlier ones, and the upload form."""

from __future__ import annotations

from kyoso.core.panels import Panel, register_panel
from kyoso.core.roles import CHANGE

from .checks import allowed_extensions, max_bytes
from .records import RECORD_TYPES, record_type_of

__all__ = ["register", "documents_context"]


def documents_context(record, request) -> dict:
    """The record's documents the user may see, grouped by title and kind, newest version first."""
    from kyoso.core.importing.readers import megabytes

    from .forms import DocumentForm
    from .models import Document

    documents = list(Document.objects.for_user(request.user).of_record(record).select_related("uploaded_by"))
    groups: dict[tuple[str, str], list] = {}
    for document in documents:  # ordered by kind, title, newest version first
        groups.setdefault((document.kind, document.title), []).append(document)
    may_change = type(record).objects.for_user(request.user, CHANGE).filter(pk=record.pk).exists()
    return {
        "groups": [{"current": versions[0], "earlier": versions[1:]} for versions in groups.values()],
        "may_change": may_change,
        "record_type": record_type_of(record).name,
        "form": DocumentForm() if may_change else None,
        "max_size": megabytes(max_bytes()),
        "accept": ",".join(allowed_extensions()),
    }


def register() -> None:
    for record_type in RECORD_TYPES:
        register_panel(record_type.label.lower(), Panel("documents/panel.html", documents_context, order=90))
