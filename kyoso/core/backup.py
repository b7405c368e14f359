"""Backups an IP office can restore: the database and the uploaded files in one archive.

``kyoso backup FILE`` writes a ``.tar.gz`` holding

- ``database.sqlite3`` — SQLite's online backup (consistent while kyoso keeps serving), or
  ``database.pgdump`` — ``pg_dump --format=custom`` on PostgreSQL;
- ``media/…`` — the uploaded files (invoices), without imports still waiting for confirmation;
- ``manifest.json`` — when, from which engine, the applied migrations and the row count of every
  table, so a restore can prove it brought everything back.

``kyoso restore FILE`` loads it into an **empty** database of the same engine (a fresh SQLite file,
or a PostgreSQL database with nothing in kyoso's tables) and compares the row counts with the
manifest. It never writes over data: a database holding any row is refused.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

__all__ = ["BackupError", "write_backup", "restore_backup", "row_counts", "Manifest"]

FORMAT = 1
SKIPPED_MEDIA = ("imports",)  # uploads waiting for their preview to be confirmed: not records yet


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in one line."""


@dataclass
class Manifest:
    engine: str
    created: str
    counts: dict[str, int]
    migrations: dict[str, str]
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True).encode()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"kyoso backs up SQLite and PostgreSQL, not {vendor}.")
    return vendor


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model (``app_label.model``), history tables included."""
    counts = {}
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in existing and not model._meta.proxy:
            counts[model._meta.label_lower] = model._base_manager.using(connection.alias).count()
    return counts


def _migrations() -> dict[str, str]:
    if "django_migrations" not in connection.introspection.table_names():
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        latest = {}
        for app, name in cursor.fetchall():
            latest[app] = max(latest.get(app, ""), name)
    return latest


def _pg_url() -> str:
    conf = connection.settings_dict
    user = conf.get("USER") or ""
    password = conf.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = conf.get("HOST") or "localhost"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{conf['NAME']}"


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")


def write_backup(target: Path) -> Manifest:
    """Write the archive to ``target``; returns its manifest."""
    engine = _engine()
    manifest = Manifest(engine=engine, created=timezone.now().isoformat(), counts=row_counts(), migrations=_migrations())
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name.")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / ("database.sqlite3" if engine == "sqlite" else "database.pgdump")
        if engine == "sqlite":
            connection.ensure_connection()
            destination = sqlite3.connect(dump)
            try:
                connection.connection.backup(destination)  # SQLite's online backup: a consistent copy
            finally:
                destination.close()
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), _pg_url()])
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", manifest.to_json())
            archive.add(dump, arcname=dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                for path in sorted(media.rglob("*")):
                    relative = path.relative_to(media)
                    if path.is_file() and relative.parts[0] not in SKIPPED_MEDIA:
                        archive.add(path, arcname=str(Path("media") / relative))
        partial.replace(target)  # a crash leaves a .partial file, never a truncated backup under the real name
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        data = json.loads(archive.extractfile("manifest.json").read())
    except (KeyError, AttributeError, ValueError) as error:
        raise BackupError("this is not a kyoso backup (no manifest.json).") from error
    if data.get("format") != FORMAT:
        raise BackupError(f"backup format {data.get('format')} is not the one this kyoso reads ({FORMAT}).")
    return Manifest(**data)


def _held_rows() -> int:
    """Rows somebody made: users, events and field history (every record kyoso saves has history).

    Reference data that ``kyoso migrate`` itself loads (the contract-type catalogue) and Django's
    bookkeeping do not count: a database only migrated is empty.
    """
    counts = row_counts()
    return sum(n for label, n in counts.items()
               if label in ("auth.user", "core.event") or label.split(".")[1].startswith("historical"))


def restore_backup(source: Path) -> tuple[Manifest, dict[str, tuple[int, int]]]:
    """Load ``source`` into the (empty) configured database and files; returns (manifest, mismatches).

    ``mismatches`` maps a table to (rows in the backup, rows restored) where they differ: empty
    when everything came back.
    """
    engine = _engine()
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    try:
        archive = tarfile.open(source, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} is not a kyoso backup (not a .tar.gz archive).") from error
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(archive)
        if manifest.engine != engine:
            raise BackupError(f"the backup is of a {manifest.engine} database; this kyoso uses {engine}.")
        if held := _held_rows():
            raise BackupError(f"restore needs an empty database; this one holds {held:,} rows. Restore into a new one.")
        archive.extractall(work, filter="data")
        if engine == "sqlite":
            _restore_sqlite(Path(work) / "database.sqlite3")
        else:
            _run(["pg_restore", "--no-owner", "--clean", "--if-exists", "--exit-on-error", "--dbname", _pg_url(),
                  str(Path(work) / "database.pgdump")])
        _restore_media(Path(work) / "media")
    connection.close()  # the next query sees the restored database
    restored = row_counts()
    mismatches = {
        label: (rows, restored.get(label, 0)) for label, rows in manifest.counts.items() if restored.get(label, 0) != rows
    }
    return manifest, mismatches


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)  # page by page into the configured database, replacing it
    finally:
        source.close()


def _restore_media(folder: Path) -> None:
    if not folder.is_dir():
        return
    media = Path(settings.MEDIA_ROOT)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            target = media / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() and target.read_bytes() != path.read_bytes():
                raise BackupError(f"{target} exists with other content; restore into an empty media folder.")
            shutil.copy2(path, target)
            os.chmod(target, 0o640)
