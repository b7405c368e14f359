"""``make bench``: latency and query counts of the main pages at national scale, on SQLite.

    python -m kyoso.bench [--scale national|small] [--requests 30] [--rebuild] [--only TEXT] [--roles cpo,company]

1. The dataset (``kyoso.demo.generate``) is built once into ``<var>/bench/<scale>.sqlite3`` and
   reused: a marker file ``<scale>.json`` beside it records what was built (scale, seed, generator
   version, build time); a missing or different marker, or ``--rebuild``, builds it again. Migrations
   are applied on every run, so new indexes reach the cached database.
2. For the roles ``ipoffice``, ``cpo`` and ``company`` (their generated logins), every page is
   requested in-process with Django's test ``Client``: one warm-up request, then ``--requests`` timed
   ones; one more request counts the SQL queries. List pages (web and API) are also counted on page 50,
   which must take exactly as many queries as page 1. After each warm-up the process is settled
   like a serving one (:func:`kyoso.serving.settle`, ``gc.freeze``).
3. The results are printed as a table and written to ``<var>/bench/results.json``. The exit status is
   1 when a budget is broken: p95 above :data:`P95_BUDGET_MS`, a list whose query count changes with
   the page, or a page that does not answer 200.

The dashboard caches its figures (see ``kyoso.core.pages``); its first, uncached request is reported
separately as ``cold ms`` and is not part of the budget.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kyoso.serving import settle

P95_BUDGET_MS = 150.0
ROLES = ("ipoffice", "cpo", "company")
LIST_PAGES = {
    "consortia": "/consortia/",
    "agreements": "/agreements/",
    "contributions": "/contributions/",
    "inventions": "/inventions/",
    "filings": "/filings/",
    "organisations": "/organisations/",
    "people": "/people/",
}
API_LISTS = {
    "api agreements": "/api/agreements/",
    "api contributions": "/api/contributions/",
    "api inventions": "/api/inventions/",
    "api filings": "/api/filings/",
}


@dataclass
class Result:
    """One page for one role: timings in milliseconds and the SQL query counts."""

    role: str
    page: str
    url: str
    kind: str  # list, filtered, detail, api, dashboard
    status: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    cold_ms: float | None = None
    queries: int = 0
    queries_page_50: int | None = None
    problems: list[str] = field(default_factory=list)


def var_dir() -> Path:
    """The directory settings use for run-time files (``KYOSO_VAR_DIR``, else ``var/``)."""
    return Path(os.environ.get("KYOSO_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m kyoso.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="national", choices=("national", "small"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page (after one warm-up).")
    parser.add_argument("--rebuild", action="store_true", help="Build the dataset again even if a cached one exists.")
    parser.add_argument("--only", default="", help="Measure only pages whose name contains this text.")
    parser.add_argument("--roles", default=",".join(ROLES), help="Comma-separated roles to measure (default: all).")
    return parser.parse_args(argv)


def setup(database: Path) -> None:
    """Point Django at the benchmark database (SQLite, whatever DATABASE_URL says) and start it."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
    import django
    from django.conf import settings

    django.setup()
    # Measured as in production: DEBUG would record every query and render debug pages.
    settings.DEBUG = False


def ensure_dataset(database: Path, marker: Path, args: argparse.Namespace) -> dict:
    """Build the dataset unless the cached one matches; returns the marker's facts."""
    from django.core.management import call_command
    from django.db import connection

    from kyoso.demo.generate import GENERATOR_VERSION, generate

    wanted = {"scale": args.scale, "seed": args.seed, "generator": GENERATOR_VERSION}
    cached = json.loads(marker.read_text()) if marker.exists() else {}
    if args.rebuild or {k: cached.get(k) for k in wanted} != wanted or not database.exists():
        connection.close()
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), marker):
            path.unlink(missing_ok=True)
        print(f"Building the {args.scale} dataset into {database} …", flush=True)
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        world = generate(args.scale, seed=args.seed, report=lambda line: print(line, flush=True))
        connection.close()  # checkpoint the WAL so the file size below is the database's
        cached = {
            **wanted,
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            "migrate_seconds": round(migrated - started, 1),
            "generate_seconds": round(world.seconds, 1),
            "rows": world.counts,
            "usernames": world.usernames,
            "database_bytes": database.stat().st_size,
        }
        marker.write_text(json.dumps(cached, indent=2))
    else:
        print(f"Reusing {database} (built {cached['built_at']}; --rebuild to build again).", flush=True)
        from django.db.migrations.recorder import MigrationRecorder

        before = set(MigrationRecorder(connection).applied_migrations())
        call_command("migrate", verbosity=0)
        if set(MigrationRecorder(connection).applied_migrations()) != before:
            # New indexes have no statistics yet, and without them SQLite's planner may prefer a
            # plan that sorts millions of rows (seen: 6 s instead of 1 ms on the contributions list).
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"New migrations applied; statistics refreshed (ANALYZE) in {time.perf_counter() - started:.1f} s.")
    return cached


def targets(role: str, user) -> list[tuple[str, str, str]]:
    """(name, URL, kind) of every page measured for ``role``; detail pages show a visible record."""
    from django.urls import reverse

    from kyoso.agreements.models import Agreement
    from kyoso.consortia.models import Consortium
    from kyoso.ip.models import Filing, Invention

    pages = [("dashboard", "/", "dashboard")]
    pages += [(name, url, "list") for name, url in LIST_PAGES.items()]
    consortium = _middle(Consortium.objects.for_user(user))
    if consortium:
        pages.append(("inventions of a consortium", f"/inventions/?consortium={consortium}", "filtered"))
    pages.append(("registered US filings", "/filings/?office=US&status=registered", "filtered"))
    pages.append(("active agreements", "/agreements/?status=active", "filtered"))
    for name, model, url_name in (
        ("consortium", Consortium, "consortia:consortium_detail"),
        ("agreement", Agreement, "agreements:agreement_detail"),
        ("invention", Invention, "ip:invention_detail"),
        ("filing", Filing, "ip:filing_detail"),
    ):
        pk = _middle(model.objects.for_user(user))
        if pk:
            pages.append((f"{name} detail", reverse(url_name, args=[pk]), "detail"))
    pages += [(name, url, "api") for name, url in API_LISTS.items()]
    return pages


def _middle(queryset) -> int | None:
    """A record from the middle of what the user sees (the first ones are often atypical)."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:2000])
    return pks[len(pks) // 2] if pks else None


def measure(client, result: Result, requests: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(url):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response, (time.perf_counter() - started) * 1000

    response, first = get(result.url)  # warm-up (and, for the dashboard, the uncached request)
    settle()  # as a serving process is (kyoso.wsgi): what the warm-up loaded is kept out of the collector's walks
    result.status = response.status_code
    if result.kind == "dashboard":
        result.cold_ms = round(first, 1)
    if response.status_code != 200:
        result.problems.append(f"status {response.status_code}")
        return
    timings = [get(result.url)[1] for _ in range(requests)]
    timings.sort()
    result.p50_ms = round(statistics.median(timings), 1)
    result.p95_ms = round(timings[min(len(timings) - 1, int(round(0.95 * len(timings) + 0.5)) - 1)], 1)
    result.max_ms = round(timings[-1], 1)
    with CaptureQueriesContext(connection) as queries:
        client.get(result.url)
    result.queries = len(queries)
    if result.kind in ("list", "api", "filtered"):
        separator = "&" if "?" in result.url else "?"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{result.url}{separator}page=50")
        result.queries_page_50 = len(queries)
        if response.status_code != 200 and not (result.kind == "api" and response.status_code == 404):
            result.problems.append(f"page 50: status {response.status_code}")
        if result.queries_page_50 != result.queries:
            result.problems.append(f"{result.queries} queries on page 1, {result.queries_page_50} on page 50")
    if result.p95_ms > P95_BUDGET_MS:
        result.problems.append(f"p95 {result.p95_ms} ms > {P95_BUDGET_MS:.0f} ms")


def run(args: argparse.Namespace) -> int:
    bench_dir = var_dir() / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database, marker = bench_dir / f"{args.scale}.sqlite3", bench_dir / f"{args.scale}.json"
    setup(database)
    dataset = ensure_dataset(database, marker, args)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from kyoso.demo.generate import USERNAMES

    results: list[Result] = []
    User = get_user_model()
    print(f"\n{args.requests} requests per page after one warm-up; budget p95 ≤ {P95_BUDGET_MS:.0f} ms\n", flush=True)
    header = f"{'role':<9} {'page':<28} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'queries':>7} {'q p.50':>6}  problems"
    print(header)
    print("-" * len(header))
    roles = [role for role in args.roles.split(",") if role]
    if unknown := set(roles) - set(ROLES):
        print(f"Unknown role(s): {', '.join(sorted(unknown))}; choose from {', '.join(ROLES)}.", file=sys.stderr)
        return 2
    for role in roles:
        user = User.objects.get(username=USERNAMES[role])
        # A failing page is reported (status 500) rather than ending the whole run.
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for name, url, kind in targets(role, user):
            if args.only and args.only not in name:
                continue
            result = Result(role, name, url, kind)
            measure(client, result, args.requests)
            results.append(result)
            q50 = "" if result.queries_page_50 is None else str(result.queries_page_50)
            cold = f" (cold {result.cold_ms:.0f} ms)" if result.cold_ms is not None else ""
            print(f"{role:<9} {name:<28} {result.p50_ms:>7.1f} {result.p95_ms:>7.1f} {result.max_ms:>7.1f} "
                  f"{result.queries:>7} {q50:>6}  {'; '.join(result.problems)}{cold}", flush=True)
    broken = [r for r in results if r.problems]
    output = bench_dir / "results.json"
    output.write_text(json.dumps({
        "dataset": dataset,
        "requests_per_page": args.requests,
        "p95_budget_ms": P95_BUDGET_MS,
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "results": [asdict(r) for r in results],
        "broken": len(broken),
    }, indent=2, ensure_ascii=False))
    print(f"\nDataset: {dataset.get('generate_seconds')} s to generate, "
          f"{dataset.get('database_bytes', 0) / 2**20:,.0f} MiB. Results: {output}")
    if broken:
        print(f"{len(broken)} page(s) broke a budget.", file=sys.stderr)
        return 1
    print("Every page is within budget.")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
