"""Keep an uploaded file between its preview and the confirmed import.

The file waits in ``MEDIA_ROOT/imports/`` under a random token, beside a small JSON note of who
uploaded it and as which kind; only that user can confirm it. Files older than a day are removed
whenever a new one is stored, so abandoned previews do not pile up.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

__all__ = ["stash", "unstash", "discard", "MAX_AGE_SECONDS"]

MAX_AGE_SECONDS = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash(upload: BinaryIO, *, user, kind: str, filename: str) -> str:
    """Store the uploaded file (copied in chunks, never read whole) and return its token."""
    _sweep()
    token = secrets.token_urlsafe(24)
    folder = _folder()
    upload.seek(0)
    with (folder / f"{token}.upload").open("wb") as out:
        shutil.copyfileobj(upload, out, 1024 * 1024)
    (folder / f"{token}.json").write_text(json.dumps({"user": user.pk, "kind": kind, "filename": filename}))
    return token


def unstash(token: str, *, user) -> tuple[str, str, Path] | None:
    """(kind, file name, path of the stored file) of ``token`` if it exists and ``user`` uploaded it."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    folder = _folder()
    path = folder / f"{token}.upload"
    try:
        note = json.loads((folder / f"{token}.json").read_text())
    except (OSError, ValueError):
        return None
    if note.get("user") != user.pk or not path.exists():
        return None
    return note["kind"], note["filename"], path


def discard(token: str) -> None:
    if TOKEN_PATTERN.match(token or ""):
        for suffix in (".upload", ".json"):
            (_folder() / f"{token}{suffix}").unlink(missing_ok=True)


def _sweep() -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in _folder().iterdir():
        if path.suffix in (".upload", ".json") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
