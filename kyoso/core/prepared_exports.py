"""Exports prepared in the background: asked on a list page, written by a thread, downloaded later.

A list's export streams while the user waits (:mod:`kyoso.core.export`). Above
``KYOSO_EXPORT_BACKGROUND_ROWS`` rows, or when the user asks for it (``background=1``), the list
page records a :class:`~kyoso.core.models.PreparedExport` instead and sends the user to *My
exports*. Once the request's transaction commits, a thread in the same worker writes the file
(:func:`run_export`); no queue or other server is needed. A worker restarted mid-export leaves
the row running: ``kyoso exports run`` (cron it, e.g. every 10 minutes) prepares what is waiting,
takes over exports left running longer than ``KYOSO_EXPORT_STALE_MINUTES`` and deletes exports
older than ``KYOSO_EXPORT_KEEP_DAYS`` days with their files.

The export is read exactly as the list page reads it for its owner — the same view, filters,
sorting, scope and hidden columns — by building the owner's request for the stored query.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.db import close_old_connections, transaction
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from .export import export_chunks, export_filename, exported_rows
from .models import PreparedExport

__all__ = ["request_export", "run_export", "run_pending", "delete_expired", "background_threshold"]

log = logging.getLogger(__name__)

#: Query parameters that ask for an export rather than filter the list.
EXPORT_PARAMETERS = ("export", "background", "page", "per_page")


def background_threshold() -> int:
    """Exports of more rows than this are prepared in the background (``KYOSO_EXPORT_BACKGROUND_ROWS``)."""
    return getattr(settings, "KYOSO_EXPORT_BACKGROUND_ROWS", 50_000)


def list_query(request) -> str:
    """The list page's path and filters, without the export's own parameters."""
    query = request.GET.copy()
    for name in EXPORT_PARAMETERS:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def request_export(request, export_format: str, *, title: str) -> PreparedExport:
    """Record the export of the list ``request`` shows, for ``request.user``, and start preparing it
    once the current transaction (if any) commits."""
    export = PreparedExport.objects.create(
        owner=request.user, query=list_query(request)[:2000], format=export_format, title=title[:200],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if getattr(settings, "KYOSO_EXPORT_THREADS", True):
        transaction.on_commit(lambda: start_in_background(export.pk))
    return export


def start_in_background(export_id: int) -> threading.Thread:
    """Prepare export ``export_id`` in a daemon thread of this process."""
    thread = threading.Thread(target=_run_in_thread, args=(export_id,), name=f"kyoso-export-{export_id}", daemon=True)
    thread.start()
    return thread


def _run_in_thread(export_id: int) -> None:
    try:
        export = PreparedExport.objects.filter(pk=export_id).first()
        if export is not None:
            run_export(export)
    except Exception:  # the row says failed; the thread must not take the worker down
        log.exception("prepared export %s failed", export_id)
    finally:
        close_old_connections()
        from django.db import connection

        connection.close()


def _claim(export: PreparedExport, *, stale_before=None) -> bool:
    """Take ``export`` for this run: only one thread or command writes a given export."""
    waiting = PreparedExport.objects.filter(pk=export.pk, status=PreparedExport.Status.PENDING)
    if stale_before is not None:
        waiting = PreparedExport.objects.filter(pk=export.pk).filter(
            status__in=(PreparedExport.Status.PENDING, PreparedExport.Status.RUNNING)
        ).exclude(status=PreparedExport.Status.RUNNING, started__gte=stale_before)
    now = timezone.now()
    if not waiting.update(status=PreparedExport.Status.RUNNING, started=now, error=""):
        return False
    export.status, export.started, export.error = PreparedExport.Status.RUNNING, now, ""
    return True


def _owner_request(export: PreparedExport) -> HttpRequest:
    parts = urlsplit(export.query)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = parts.path
    request.GET = QueryDict(parts.query)
    request.user = export.owner
    request.META["SERVER_NAME"], request.META["SERVER_PORT"] = "localhost", "80"
    request.LANGUAGE_CODE = export.language
    return request


def _table_of(export: PreparedExport):
    """The owner's table for the stored list query (the same view the page uses)."""
    from .views import ObjectListView

    request = _owner_request(export)
    try:
        match = resolve(request.path_info)
    except Resolver404:
        raise ValueError(f"{export.query} is not a list page") from None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ObjectListView):
        raise ValueError(f"{export.query} is not a list page")
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    return view.export_table()


def run_export(export: PreparedExport, *, stale_before=None) -> PreparedExport:
    """Write ``export``'s file now (unless another run has it); the row ends ready or failed."""
    if not _claim(export, stale_before=stale_before):
        return export
    try:
        with translation.override(export.language):
            table = _table_of(export)
            counted = _Counted(exported_rows(table))
            with tempfile.TemporaryFile() as scratch:
                for data in export_chunks(counted, export.format, title=export.title or "export"):
                    scratch.write(data)
                scratch.seek(0)
                name = export_filename(export.title or "export", export.format)
                if export.file:  # taken over from a run that died after writing: replace its file
                    export.file.delete(save=False)
                export.file.save(name, File(scratch, name=name), save=False)
        export.status, export.rows = PreparedExport.Status.READY, max(counted.count - 1, 0)
    except Exception as error:
        export.status, export.error = PreparedExport.Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
        log.exception("prepared export %s failed", export.pk)
    export.finished = timezone.now()
    export.save(update_fields=["status", "rows", "file", "finished", "error"])
    return export


class _Counted:
    """An iterator that counts what passes through it (the header and the rows)."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def stale_minutes() -> int:
    return getattr(settings, "KYOSO_EXPORT_STALE_MINUTES", 30)


def run_pending(*, now=None, report=None) -> int:
    """Prepare every waiting export and every one left running too long (its thread died with its worker)."""
    now = now or timezone.now()
    stale_before = now - timedelta(minutes=stale_minutes())
    waiting = PreparedExport.objects.filter(status=PreparedExport.Status.PENDING) | PreparedExport.objects.filter(
        status=PreparedExport.Status.RUNNING, started__lt=stale_before)
    done = 0
    for export in waiting.select_related("owner").order_by("created", "pk"):
        run_export(export, stale_before=stale_before)
        done += 1
        if report:
            report(f"export {export.pk} ({export.query}, {export.format}): {export.status}, {export.rows or 0} rows")
    return done


def keep_days() -> int:
    return getattr(settings, "KYOSO_EXPORT_KEEP_DAYS", 7)


def delete_expired(*, now=None, owner=None) -> int:
    """Delete prepared exports (and their files) older than ``KYOSO_EXPORT_KEEP_DAYS`` days."""
    now = now or timezone.now()
    expired = PreparedExport.objects.filter(created__lt=now - timedelta(days=keep_days()))
    if owner is not None:
        expired = expired.for_user(owner)
    deleted = 0
    for export in expired.only("pk", "file"):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    return deleted
