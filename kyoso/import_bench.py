"""``make bench`` (imports): rows per second, the write lock and the readers' memory, beside their budgets.

    python -m kyoso.import_bench [--rows 10000] [--rebuild] [--json FILE] [--postgresql URL]

1. A scratch SQLite database ``<var>/bench/import.sqlite3`` is copied afresh from a template
   holding the demo (``kyoso.demo.build.build_demo``), built once — by a process of its own — and
   reused while its marker says the same version.
2. Two generated files of ``--rows`` rows are imported as the demo IP office: agreements with
   contributions (four contributions per agreement) and inventions with filings (a JP and a PCT
   filing per invention). Each is previewed (validation only), then imported; rows per second
   are reported for both, and the time the write transaction — SQLite's write lock — was held.
   With ``--postgresql URL`` the same is measured on PostgreSQL, in a scratch database created
   for each run from a template holding the demo.
3. A 10 MB CSV and a 10 MB XLSX are read with the streaming readers under ``tracemalloc`` (and
   a 1 MB CSV, to show the peak does not grow with the file).

Exits 1 when a budget is broken. ``--json FILE`` also writes the figures beside their budgets
(``python -m kyoso.bench`` runs this program and puts them in its report).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import sys
import time
import tracemalloc
from pathlib import Path

ROWS_PER_SECOND = 5_000  # preview and commit, each file
PREVIEW_SECONDS = 5.0  # a 10,000-row preview
WRITE_LOCK_SECONDS = 2.0  # the write transaction of 10,000 rows
READER_PEAK_MB = 50.0  # one reader on a 10 MB file
BENCH_VERSION = 1

AGREEMENT_HEADER = ["number", "title", "consortium", "topic", "start", "end", "indirect_rate", "ip_earmark_rate",
                    "organisation", "fiscal_year", "source", "direct_amount"]
INVENTION_HEADER = ["reference", "title", "disclosed_on", "consortium", "topic", "owners", "inventors",
                    "office", "filing_kind", "application_number", "filing_date", "priority_date", "claims"]


def _setup(var_dir: Path, rebuild: bool) -> None:
    folder = var_dir / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    template, marker, db = folder / "import-template.sqlite3", folder / "import-template.version", folder / "import.sqlite3"
    fresh = rebuild or not template.exists() or not marker.exists() or marker.read_text() != str(BENCH_VERSION)
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        # A write-ahead log left by an earlier run would be replayed into the fresh copy.
        stale.unlink(missing_ok=True)
    if fresh:
        template.unlink(missing_ok=True)
        _build_template(f"sqlite:///{template}")
        marker.write_text(str(BENCH_VERSION))
    shutil.copyfile(template, db)
    # Before Django reads its settings: the scratch database, never the user's own.
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
    import django

    django.setup()
    from django.core.management import call_command

    # A template built before the latest migrations is brought up to date in the scratch copy.
    call_command("migrate", verbosity=0, skip_checks=True)


def _build_template(url: str) -> None:
    """Migrate the database ``url`` names and build the demo in it, in a process of its own: the
    process that built the demo holds its objects and caches, and imports measured in it ran up to
    15 % slower than in a fresh one (a real import runs in a server or command process that built
    nothing)."""
    import subprocess

    print("building the demo template (once)…", flush=True)
    subprocess.run([sys.executable, "-m", "kyoso.import_bench", "--build-template"], check=True,
                   cwd=Path(__file__).resolve().parents[1], env={**os.environ, "DATABASE_URL": url})


def _build_template_here() -> None:
    """``--build-template``: the child process of :func:`_build_template`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from kyoso.demo.build import build_demo

    call_command("migrate", verbosity=0, skip_checks=True)
    build_demo()
    from django.db import connections

    connections.close_all()  # SQLite folds its write-ahead log into the file, which is copied next


def _setup_postgresql(url: str, rebuild: bool) -> None:
    """The scratch database ``<name>`` is created afresh for each run from ``<name>_template``,
    which holds the demo and is built once (again with ``--rebuild``)."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    template = f"{name}_template"
    server = parts._replace(path="/postgres").geturl()

    def admin(*statements: str) -> None:
        with psycopg.connect(server, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
    if rebuild or not exists:
        admin(f'DROP DATABASE IF EXISTS "{template}"', f'CREATE DATABASE "{template}"')
        _build_template(parts._replace(path=f"/{template}").geturl())
    admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    # A template built before the latest migrations is brought up to date in the scratch copy.
    call_command("migrate", verbosity=0, skip_checks=True)


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def agreements_file(rows: int) -> bytes:
    lines = [AGREEMENT_HEADER]
    contributors = (("Asahi Devices Corporation", 2025), ("Chikuma Semi", 2025), ("Asahi Devices Corporation", 2026),
                    ("Chikuma Semi", 2026))
    for n in range(rows):
        organisation, year = contributors[n % 4]
        lines.append([f"BENCH-{n // 4:06d}", f"Bench agreement {n // 4}", "opera-demo", "T1", "2025-04-01", "2027-03-31",
                      "20", "10", organisation, year, "company", 1_000_000 + n])
    return _csv(lines)


def inventions_file(rows: int) -> bytes:
    lines = [INVENTION_HEADER]
    for n in range(rows):
        invention = n // 2
        office, kind, number = (("JP", "national", f"特願2027-{invention:06d}") if n % 2 == 0
                                else ("PCT", "pct", f"PCT/JP2027/{invention:06d}"))
        lines.append([f"BENCH-{invention:06d}", f"Bench invention {invention}", "2026-05-12", "opera-demo", "T1",
                      "Kita-Nihon University:50;Asahi Devices:50", "Endo Haruki:60;kaito.nakamura@example.org:40",
                      office, kind, number, "2026-07-01", "2026-07-01", 8])
    return _csv(lines)


def measure_import(kind: str, content: bytes, rows: int) -> dict:
    from django.contrib.auth import get_user_model

    from kyoso.core.importing import importer_class, run_import

    user = get_user_model().objects.get(username="ipoffice")
    started = time.perf_counter()
    preview = run_import(importer_class(kind)(user), content, f"{kind}.csv", dry_run=True)
    preview_seconds = time.perf_counter() - started
    if not preview.ok:
        raise SystemExit(f"{kind}: the generated file does not validate: {preview.file_errors or preview.bad_rows[:3]}")
    started, cpu = time.perf_counter(), time.process_time()
    done = run_import(importer_class(kind)(user), content, f"{kind}.csv")
    commit_seconds, commit_cpu = time.perf_counter() - started, time.process_time() - cpu
    if not done.committed:
        raise SystemExit(f"{kind}: the import failed: {done.file_errors}")
    return {"preview_s": preview_seconds, "preview_rps": rows / preview_seconds,
            "commit_s": commit_seconds, "commit_rps": rows / commit_seconds, "lock_s": done.write_seconds,
            "commit_cpu_rps": rows / commit_cpu}


def web_preview_seconds(content: bytes) -> float:
    """Seconds for the upload page to answer with the preview of ``content`` (read, check, render)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="ipoffice"))
    upload = io.BytesIO(content)
    upload.name = "agreements.csv"
    started = time.perf_counter()
    response = client.post("/import/", {"kind": "agreements", "file": upload})
    seconds = time.perf_counter() - started
    if response.status_code != 200 or b'name="token"' not in response.content:  # a clean preview offers the import
        raise SystemExit(f"web preview failed: {response.status_code}")
    return seconds


def reader_peak(path: Path) -> tuple[float, int, float]:
    """(peak MB, rows read, seconds) of reading ``path`` to its end with the streaming reader."""
    from kyoso.core.importing.readers import Limits, read_sheet

    limits = Limits(max_bytes=path.stat().st_size, max_rows=10**8, max_cell_chars=10_000)
    tracemalloc.start()
    started = time.perf_counter()
    count = 0
    with path.open("rb") as stream:
        for _row in read_sheet(stream, path.name, limits=limits).rows:
            count += 1
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return peak, count, seconds


def write_csv_of_size(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(AGREEMENT_HEADER)
        n = 0
        while out.tell() < size:
            writer.writerow([f"MEM-{n:07d}", f"Memory bench agreement {n} 共同研究", "opera-demo", "T1", "2025-04-01",
                             "2027-03-31", "20", "10", "Asahi Devices Corporation", 2025, "company", 1_000_000 + n])
            n += 1


def write_xlsx_of_size(path: Path, size: int) -> None:
    """A workbook of about ``size`` bytes: each row carries 150 random bytes as hex, which the
    ZIP compression cannot shrink, so the file's size follows its row count."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([*AGREEMENT_HEADER, "notes"])
    for n in range(size // 270):  # measured: about 270 compressed bytes a row
        sheet.append([f"MEM-{n:07d}", f"Memory bench agreement {n} 共同研究", "opera-demo", "T1", "2025-04-01",
                      "2027-03-31", 20, 10, "Asahi Devices Corporation", 2025, "company", 1_000_000 + n, os.urandom(150).hex()])
    workbook.save(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures and budgets to this file")
    parser.add_argument("--build-template", action="store_true", help=argparse.SUPPRESS)  # see _build_template
    parser.add_argument("--postgresql", metavar="URL",
                        help="measure on PostgreSQL: the scratch database this URL names (dropped and created from "
                             "<name>_template each run), e.g. postgresql://postgres@127.0.0.1:5432/kyoso_bench")
    args = parser.parse_args(argv)
    if args.build_template:
        _build_template_here()
        return 0
    figures = []  # (name, value, unit, budget, note) for --json
    var_dir = Path(os.environ.get("KYOSO_VAR_DIR", Path(__file__).resolve().parents[1] / "var"))
    if args.postgresql:
        _setup_postgresql(args.postgresql, args.rebuild)
    else:
        _setup(var_dir, args.rebuild)
    broken = []
    print(f"\nImports ({args.rows:,} rows each, {'PostgreSQL' if args.postgresql else 'SQLite'})")
    # The budget is on the clock; "CPU" (this process's CPU time) shows what the code costs when
    # the machine is shared (on PostgreSQL the server's own work is not in it).
    print(f"{'file':<34}{'preview rows/s':>16}{'commit rows/s':>15}{'(CPU)':>9}{'preview s':>11}{'write lock s':>14}   budget")
    for kind, content in (("agreements", agreements_file(args.rows)), ("inventions", inventions_file(args.rows))):
        result = measure_import(kind, content, args.rows)
        label = {"agreements": "agreements with contributions", "inventions": "inventions with filings"}[kind]
        print(f"{label:<34}{result['preview_rps']:>16,.0f}{result['commit_rps']:>15,.0f}{result['commit_cpu_rps']:>9,.0f}"
              f"{result['preview_s']:>11.2f}"
              f"{result['lock_s']:>14.2f}   ≥ {ROWS_PER_SECOND:,} rows/s; preview ≤ {PREVIEW_SECONDS:g} s; lock ≤ {WRITE_LOCK_SECONDS:g} s")
        figures += [
            {"name": f"{label}: preview", "value": round(result["preview_rps"]), "unit": "rows/s", "budget": ROWS_PER_SECOND,
             "note": f"{result['preview_s']:.2f} s for {args.rows:,} rows (budget {PREVIEW_SECONDS:g} s at 10,000)"},
            {"name": f"{label}: import", "value": round(result["commit_rps"]), "unit": "rows/s", "budget": ROWS_PER_SECOND,
             "note": f"{result['commit_s']:.2f} s"},
            {"name": f"{label}: write lock held", "value": round(result["lock_s"], 2), "unit": "s", "budget": WRITE_LOCK_SECONDS},
        ]
        if min(result["preview_rps"], result["commit_rps"]) < ROWS_PER_SECOND:
            broken.append(f"{kind}: below {ROWS_PER_SECOND:,} rows/s")
        if result["preview_s"] > PREVIEW_SECONDS:
            broken.append(f"{kind}: preview over {PREVIEW_SECONDS:g} s")
        if result["lock_s"] > WRITE_LOCK_SECONDS:
            broken.append(f"{kind}: write lock over {WRITE_LOCK_SECONDS:g} s")
    web = web_preview_seconds(agreements_file(args.rows).replace(b"BENCH-", b"WEB-"))
    print(f"{'web preview page (agreements)':<34}{args.rows / web:>16,.0f}{'':>24}{web:>11.2f}{'':>14}   preview ≤ {PREVIEW_SECONDS:g} s")
    figures.append({"name": f"web preview page (agreements, {args.rows:,} rows)", "value": round(web, 2), "unit": "s",
                    "budget": PREVIEW_SECONDS})
    if web > PREVIEW_SECONDS:
        broken.append(f"web preview over {PREVIEW_SECONDS:g} s")
    print(f"\nReader memory (tracemalloc peak), budget ≤ {READER_PEAK_MB:g} MB on a 10 MB file")
    folder = var_dir / "bench"
    files = [(folder / "reader-1mb.csv", 1, write_csv_of_size), (folder / "reader-10mb.csv", 10, write_csv_of_size),
             (folder / "reader-10mb.xlsx", 10, write_xlsx_of_size)]
    for path, megabytes, write in files:
        if not path.exists() or abs(path.stat().st_size - megabytes * 1024 * 1024) > megabytes * 1024 * 1024 // 4:
            write(path, megabytes * 1024 * 1024)
        peak, count, seconds = reader_peak(path)
        size = path.stat().st_size / 1024 / 1024
        print(f"{path.name:<20}{size:>7.1f} MB{count:>10,} rows{seconds:>8.1f} s   peak {peak:6.1f} MB")
        figures.append({"name": f"reader peak memory, {path.name}", "value": round(peak, 1), "unit": "MB",
                        "budget": READER_PEAK_MB if megabytes == 10 else None, "note": f"{count:,} rows in {seconds:.1f} s"})
        if megabytes == 10 and peak > READER_PEAK_MB:
            broken.append(f"{path.name}: reader peak {peak:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps({"rows": args.rows, "figures": figures, "broken": broken}, indent=1))
    if broken:
        print("\nBudget broken: " + "; ".join(broken))
        return 1
    print("\nAll import budgets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
