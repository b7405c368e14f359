"""The sources registry (``data/sources/*.csv``) and every rule row's ``source`` — pure, no Django.

Every data file under ``kyoso/rules/data`` is read, whoever maintains it: a CSV with a ``source``
column must name registry ids in every row, a JSON file every ``"source"`` value at any depth.
The one exception is a row whose ``status`` is ``assumption`` (a planning figure such as an
agent's fee, shown as an editable assumption): it has no source to cite, and may leave it blank.
"""

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from kyoso.rules.datafiles import DATA_DIR
from kyoso.rules.sources import (
    SOURCES_DIR,
    SourceError,
    check_registry,
    citations,
    cite,
    load_registry,
    markdown,
    registry,
    source,
    split_ids,
)


def _data_files(suffix: str) -> list[Path]:
    return sorted(p for p in DATA_DIR.rglob(f"*{suffix}") if SOURCES_DIR not in p.parents)


def _csv_sources(path: Path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    columns = reader.fieldnames or ()
    if "source" not in columns:
        if "reference" in columns:  # cites in free text: not yet converted to registry ids
            yield "header", "(a reference column instead of source ids)"
        return
    for number, row in enumerate(reader, 2):
        if row.get("status") == "assumption" and not row["source"]:
            continue
        yield f"data row {number - 1}", row["source"] or ""


def _json_sources(value, where="$"):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source" and isinstance(item, str):
                yield f"{where}.source", item
            else:
                yield from _json_sources(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _json_sources(item, f"{where}[{i}]")


def _unresolved(pairs) -> list[str]:
    known = registry()
    bad = []
    for where, field in pairs:
        ids = split_ids(field)
        if not ids:
            bad.append(f"{where}: no source id")
        bad += [f"{where}: {ident!r} is not in the registry" for ident in ids if ident not in known]
    return bad


CSV_FILES = _data_files(".csv")
JSON_FILES = _data_files(".json")


def test_the_registry_loads_with_unique_ids_urls_and_dates():
    assert check_registry() == len(registry()) >= 10
    item = source("competitive-funds-indirect-guideline")
    assert item.url.startswith("https://www.mext.go.jp/")
    assert item.consulted == date(2026, 11, 29)


@pytest.mark.parametrize("path", CSV_FILES + JSON_FILES, ids=lambda p: str(p.relative_to(DATA_DIR)))
def test_every_source_of_a_rule_file_is_a_registry_id(path):
    """Fails naming the file, the row (or JSON path) and the id that the registry lacks."""
    if path.suffix == ".csv":
        pairs = list(_csv_sources(path))
    else:
        pairs = list(_json_sources(json.loads(path.read_text(encoding="utf-8"))))
    assert _unresolved(pairs) == []


def test_the_walk_finds_the_files_with_sources():
    """The parametrised test above would pass vacuously if it found no files: it finds these."""
    names = {str(p.relative_to(DATA_DIR)) for p in CSV_FILES + JSON_FILES}
    assert {"funding/rules.csv", "funding/contribution_rates.csv", "policies/nagoya-hmhs.json",
            "distribution/illustrative-tiered.json"} <= names
    assert len(list(_json_sources(json.loads((DATA_DIR / "policies/nagoya-hmhs.json").read_text())))) == 11


def test_a_source_cell_with_two_ids_gives_two_citations_in_order():
    assert [s.citation for s in citations("jst-contract; competitive-funds-indirect-guideline")] == [
        "JST commissioned-research contract", "Common guideline on indirect costs of competitive funds"]
    assert cite("jst-contract;jst-a-step", "ja") == "JST 委託研究契約; JST A-STEP"


def test_free_text_is_shown_as_it_is_and_an_unknown_id_is_refused():
    assert cite("Agreement of 2024-05-01, art. 7") == "Agreement of 2024-05-01, art. 7"
    with pytest.raises(SourceError, match="unknown source id 'pa-999'"):
        citations("pa-999")


def _write(directory: Path, name: str, rows: list[str]) -> None:
    (directory / name).write_text("id,citation,citation_ja,title,url,consulted,note\n" + "\n".join(rows) + "\n",
                                  encoding="utf-8")


def test_a_repeated_id_a_missing_url_and_a_bad_date_are_each_named(tmp_path):
    _write(tmp_path, "a.csv", ["pa-3,Patent Act §3,,Patent Act Art. 3,https://laws.e-gov.go.jp/law/334AC0000000121,2026-11-29,"])
    _write(tmp_path, "b.csv", [
        "pa-3,Patent Act §3,,again,https://example.org,2026-11-29,",
        "jpo-page,JPO page,,a page,,2026-11-29,",
        "inpit-faq,INPIT FAQ,,a FAQ,https://faq.inpit.go.jp/,29/11/2026,",
        "Bad_Id,x,,y,https://example.org,2026-11-29,",
    ])
    with pytest.raises(SourceError) as error:
        load_registry(tmp_path)
    message = str(error.value)
    assert "b.csv:2: id 'pa-3' is already defined in a.csv" in message
    assert "b.csv:3: jpo-page: url must be https://" in message
    assert "b.csv:4: inpit-faq: consulted must be an ISO date (YYYY-MM-DD), got '29/11/2026'" in message
    assert "b.csv:5: id 'Bad_Id' is not lowercase kebab-case" in message


def test_the_markdown_page_anchors_each_source_at_its_id():
    page = markdown()
    assert '<a id="jst-contract"></a>**JST commissioned-research contract** (JST 委託研究契約) — `jst-contract`' in page
    assert "<https://www.jst.go.jp/contract/> — consulted 2026-11-29" in page


def test_the_committed_sources_page_is_up_to_date():
    """``docs/sources.md`` is generated: run ``kyoso sources --markdown`` after editing a sources CSV."""
    committed = (Path(__file__).resolve().parents[3] / "docs" / "sources.md").read_text(encoding="utf-8")
    assert committed == markdown(), "docs/sources.md is stale: run `python manage.py sources --markdown`"
