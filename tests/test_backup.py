"""``kyoso backup`` and ``kyoso restore``: everything comes back, into an empty database only.

Run as an office would, each step its own process: the demo loaded into a new database (a SQLite
file, or a new PostgreSQL database when the suite runs on PostgreSQL), backed up, restored into
another new database, and the figures of both read by the same plain queries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _new_database(tmp_path, name: str):
    """(DATABASE_URL of a new, empty database of the suite's engine, a function dropping it)."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}", lambda: None
    conf = connection.settings_dict
    database = f"kyoso_{name}_{uuid.uuid4().hex[:10]}"
    server = f"postgresql://{conf['USER']}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}"
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {database}"], check=True)
    return f"{server}/{database}", lambda: subprocess.run(
        ["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"], check=True)


def _manage(*args, database_url: str, var_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "KYOSO_VAR_DIR": str(var_dir)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    return done


def _figures(url: str, var_dir: Path) -> dict:
    done = _manage("-m", "tests.backup_figures", database_url=url, var_dir=var_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db  # only to learn the suite's engine; both databases are new ones
def test_a_restore_brings_back_every_row_figure_and_file(tmp_path):
    original, drop_original = _new_database(tmp_path, "original")
    restored, drop_restored = _new_database(tmp_path, "restored")
    here, there = tmp_path / "var", tmp_path / "restored-var"
    try:
        for step in (("manage.py", "migrate", "-v0"), ("manage.py", "demo")):
            done = _manage(*step, database_url=original, var_dir=here)
            assert done.returncode == 0, done.stderr
        media = here / "media"
        (media / "budget" / "invoices" / "2026").mkdir(parents=True)
        (media / "budget" / "invoices" / "2026" / "INV-7.pdf").write_bytes(b"%PDF-1.4 invoice seven")
        (media / "imports").mkdir(exist_ok=True)
        (media / "imports" / "pending.csv").write_text("not a record yet")
        archive = tmp_path / "kyoso.tar.gz"
        backup = _manage("manage.py", "backup", str(archive), database_url=original, var_dir=here)
        assert backup.returncode == 0, backup.stderr
        before = _figures(original, here)
        assert before["contributions"]["n"] > 0 and before["open_deadlines"] > 0  # the demo is there to lose

        restore = _manage("manage.py", "restore", str(archive), database_url=restored, var_dir=there)
        assert restore.returncode == 0, restore.stderr
        assert restore.stdout.startswith("Restored ")
        assert _figures(restored, there) == before
        assert (there / "media" / "budget" / "invoices" / "2026" / "INV-7.pdf").read_bytes() == b"%PDF-1.4 invoice seven"
        assert not (there / "media" / "imports").exists()  # pending uploads are not records

        again = _manage("manage.py", "restore", str(archive), database_url=restored, var_dir=there)
        assert again.returncode == 1
        assert "restore needs an empty database" in again.stderr
    finally:
        drop_original()
        drop_restored()


@pytest.mark.django_db
def test_backup_never_overwrites_a_file_and_restore_refuses_what_is_not_a_backup(tmp_path):
    existing = tmp_path / "there.tar.gz"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing))
    assert existing.read_text() == "keep me"
    with pytest.raises(CommandError, match="not a kyoso backup"):
        call_command("restore", str(existing))
