"""The sources registry: every statute, office page or document a rule row cites, by id.

Pure Python: no Django import. Each ``data/sources/*.csv`` holds rows of
``id,citation,citation_ja,title,url,consulted,note``:

- ``id`` — lowercase kebab-case (``pa-48-3``, ``jpo-fee-table``), unique across all files;
- ``citation`` / ``citation_ja`` — the short human form a page shows ("Patent Act §48-3(1)");
- ``title`` — the full name of the statute, page or document;
- ``url`` — where the official text is (``https://…``), or for the project's own stated
  assumptions a page of the repository (``docs/…``);
- ``consulted`` — the ISO date the text was last read for the rule that cites it;
- ``note`` — what a maintainer should know (a copy read instead of the original, a figure not
  yet re-read).

A rule row names its sources in its ``source`` column, one or more ids separated by ``;``:
:func:`citations` turns that cell into :class:`Source` records, :func:`source` finds one.
:func:`check_registry` refuses a registry with repeated ids, a missing url or a bad date, naming
the file and line; ``kyoso sources --markdown`` writes ``docs/sources.md`` from the same rows.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

__all__ = [
    "COLUMNS", "SOURCES_DIR", "Source", "SourceError", "registry", "source", "citations", "split_ids",
    "check_registry", "load_registry", "cite", "markdown",
]

SOURCES_DIR = Path(__file__).with_name("data") / "sources"
COLUMNS = ("id", "citation", "citation_ja", "title", "url", "consulted", "note")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^(https?://\S+|docs/\S+)$")


class SourceError(ValueError):
    """The registry is malformed, or a ``source`` cell names an id the registry does not hold."""


@dataclass(frozen=True, slots=True)
class Source:
    """One cited source: a statute, an office page, a guideline or a stated assumption."""

    id: str
    citation: str
    citation_ja: str
    title: str
    url: str
    consulted: date
    note: str
    file: str  # the registry file it is written in, e.g. "funding.csv"

    def citation_for(self, language: str = "en") -> str:
        """The short citation in ``language`` ("ja" falls back to English when not given)."""
        return self.citation_ja if language.startswith("ja") and self.citation_ja else self.citation


def split_ids(field: str) -> list[str]:
    """The ids in a ``source`` cell: ``"pa-48-3; inpit-faq-217"`` → ``["pa-48-3", "inpit-faq-217"]``."""
    return [part.strip() for part in (field or "").split(";") if part.strip()]


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        numbered = [(n, line) for n, line in enumerate(handle, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        return []
    reader = csv.DictReader(line for _n, line in numbered)
    header = tuple((name or "").strip() for name in reader.fieldnames or ())
    if header != COLUMNS:
        raise SourceError(f"{path.name}: header must be {','.join(COLUMNS)}, got {','.join(header)}")
    # A quoted cell never spans lines in these files, so the n-th record is the n-th data line.
    return [(numbered[i + 1][0], {k.strip(): (v or "").strip() for k, v in row.items() if k})
            for i, row in enumerate(reader)]


def load_registry(directory: Path = SOURCES_DIR) -> dict[str, Source]:
    """Read and check every ``*.csv`` in ``directory``; raises :class:`SourceError` naming file and line."""
    found: dict[str, Source] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.csv")):
        for line, row in _rows(path):
            where = f"{path.name}:{line}"
            ident = row["id"]
            if not _ID.match(ident):
                problems.append(f"{where}: id {ident!r} is not lowercase kebab-case")
            if ident in found:
                problems.append(f"{where}: id {ident!r} is already defined in {found[ident].file}")
            if not row["citation"]:
                problems.append(f"{where}: {ident}: citation is empty")
            if not _URL.match(row["url"]):
                problems.append(f"{where}: {ident}: url must be https://… (or docs/… for the project's own "
                                f"assumptions), got {row['url']!r}")
            try:
                consulted = date.fromisoformat(row["consulted"])
            except ValueError:
                problems.append(f"{where}: {ident}: consulted must be an ISO date (YYYY-MM-DD), got {row['consulted']!r}")
                continue
            found.setdefault(ident, Source(ident, row["citation"], row["citation_ja"], row["title"], row["url"],
                                           consulted, row["note"], path.name))
    if problems:
        raise SourceError("sources registry:\n  " + "\n  ".join(problems))
    return found


@cache
def registry() -> dict[str, Source]:
    """Every source of ``data/sources/*.csv`` by id (read once; the files are read-only)."""
    return load_registry()


def check_registry() -> int:
    """Load the registry afresh and return how many sources it holds (raises on any fault)."""
    return len(load_registry())


def source(ident: str) -> Source:
    """The source with id ``ident``; raises :class:`SourceError` for an unknown id."""
    try:
        return registry()[ident]
    except KeyError:
        raise SourceError(f"unknown source id {ident!r}: add it to a file of kyoso/rules/data/sources/") from None


def citations(field: str) -> list[Source]:
    """The sources a ``source`` cell names, in order; raises :class:`SourceError` for an unknown id."""
    return [source(ident) for ident in split_ids(field)]


def cite(field: str, language: str = "en") -> str:
    """The short citations of a ``source`` cell joined by "; " ("Patent Act §48-3(1); INPIT FAQ"),
    or the cell itself when it is not made of registry ids (free text typed on an editable record)."""
    ids = split_ids(field)
    known = registry()
    if not ids or any(ident not in known for ident in ids):
        return field or ""
    return "; ".join(known[ident].citation_for(language) for ident in ids)


def markdown(sources: dict[str, Source] | None = None) -> str:
    """``docs/sources.md``: every source grouped by registry file, each with an anchor at its id."""
    sources = registry() if sources is None else sources
    out = [
        "# Sources",
        "",
        "Every rule row in `kyoso/rules/data/` names its sources by id in its `source` column "
        "(several ids separated by `;`). This page is generated from `kyoso/rules/data/sources/*.csv` "
        "by `kyoso sources --markdown`; edit the CSV files, not this page. The web app shows the same "
        "list at `/sources/`, and every citation on a page links to its entry there.",
        "",
    ]
    by_file: dict[str, list[Source]] = {}
    for item in sources.values():
        by_file.setdefault(item.file, []).append(item)
    for file in sorted(by_file):
        out += [f"## {file.removesuffix('.csv').replace('_', ' ').capitalize()} (`{file}`)", ""]
        for item in sorted(by_file[file], key=lambda s: s.id):
            out.append(f'<a id="{item.id}"></a>**{item.citation}**'
                       + (f" ({item.citation_ja})" if item.citation_ja else "") + f" — `{item.id}`  ")
            out.append(f"{item.title}  ")
            link = item.url if item.url.startswith("http") else f"../{item.url}" if not item.url.startswith("docs/") \
                else item.url.removeprefix("docs/")
            out.append(f"<{item.url}>" if item.url.startswith("http") else f"[{item.url}]({link})")
            out[-1] += f" — consulted {item.consulted.isoformat()}" + ("  " if item.note else "")
            if item.note:
                out.append(item.note)
            out.append("")
    return "\n".join(out).rstrip() + "\n"
