"""Agreement drafts as Word documents (docxtpl).

The template is not a file in the repository: :func:`template_bytes` builds it with python-docx
(headings, a particulars table whose rows are a docxtpl ``{%tr for %}`` loop, paragraph loops for
the parties, clauses and changes), so its structure is reviewed as code. docxtpl then fills it
from a draft version's snapshot, in Japanese or English, with kyoso's own wording
(``data/draft_wording.json``).
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate

from kyoso.rules.owners import parse_share, share_percent

WORDING = Path(__file__).resolve().parent / "data" / "draft_wording.json"

__all__ = ["template_bytes", "render_draft", "context_of", "wording"]


@cache
def wording() -> dict:
    return json.loads(WORDING.read_text(encoding="utf-8"))


@cache
def template_bytes() -> bytes:
    """The draft template (.docx) built with python-docx; docxtpl tags fill it."""
    document = Document()
    document.add_heading("{{ heading }}", level=0)
    document.add_paragraph("{{ version_line }}")
    document.add_paragraph("{{ based_on }}")
    document.add_heading("{{ parties_heading }}", level=1)
    document.add_paragraph("{%p for party in parties %}")
    document.add_paragraph("{{ party }}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("{{ particulars_heading }}", level=1)
    table = document.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "{{ item }}", "{{ content }}"
    table.cell(1, 0).text = "{%tr for row in particulars %}"
    table.cell(2, 0).text, table.cell(2, 1).text = "{{ row.label }}", "{{ row.value }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    document.add_heading("{{ clauses_heading }}", level=1)
    document.add_paragraph("{%p for clause in clauses %}")
    document.add_paragraph("{{ clause }}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("{{ changes_heading }}", level=1)
    document.add_paragraph("{%p for change in changes %}")
    document.add_paragraph("{{ change }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _w(key: str, lang: str, **values) -> str:
    return wording()[key][lang].format(**values)


def _years(years, counting, lang) -> str:
    if not years:
        return _w("not_set", lang)
    return _w("years_after_end" if counting == "after_end" else "years_per_fy", lang, years=years)


def ownership_text(snapshot: dict, lang: str) -> str:
    ownership = snapshot["ownership"]
    if ownership == "co_owned" and snapshot.get("university_share"):
        share = parse_share(snapshot["university_share"])
        return _w("ownership_co_owned", lang, share=f"{snapshot['university_share']} ({share_percent(share)}%)")
    return _w(f"ownership_{ownership}", lang)


def context_of(snapshot: dict, version: int, lang: str, prepared: str, changes: list) -> dict:
    """What the template is filled with, from a draft version's snapshot."""
    consortium = snapshot.get("kind") == "consortium"
    parties = []
    for party in snapshot["parties"]:
        line = f"{_w('role_' + party['role'], lang)}: {party['name']}"
        if consortium and party["name"] == snapshot.get("lead_party"):
            line += f" ({_w('lead', lang)})"
        parties.append(line)
    if consortium:
        parties.append(f"{_w('lead', lang)}: {snapshot.get('lead_party') or _w('not_set', lang)}")
        parties.append(f"{_w('project_manager', lang)}: {snapshot.get('project_manager') or _w('not_set', lang)}")
    rights = [_w(f"rights_{snapshot['other_party_rights']}", lang, months=snapshot.get("option_window_months") or "—")]
    if snapshot["university_research_use"] and snapshot["other_party_rights"] != "research_use":
        rights.append(_w("rights_research_use", lang))
    compensation = []
    if snapshot.get("royalty_percent"):
        compensation.append(_w("royalty", lang, rate=snapshot["royalty_percent"]))
    if snapshot.get("non_practice_compensation"):
        compensation.append(_w("npc", lang))
    researchers = "; ".join(
        f"{r['party']} {r['name']}" + (f" ({r['title']})" if r["title"] else "") + (f" [{_w('dispatched', lang)}]" if r["dispatched"] else "")
        for r in snapshot.get("researchers", [])
    )
    expenses = "; ".join(_w("yen", lang, name=p["name"], amount=f"{p['expense']:,}") for p in snapshot["parties"] if p["expense"])
    title = snapshot["title_ja"] if lang == "ja" and snapshot.get("title_ja") else snapshot["title"]
    publication = _w("publication_value", lang, notice=snapshot.get("publication_notice_days") or 0,
                     delay=snapshot.get("publication_max_delay_days") if snapshot.get("publication_max_delay_days") is not None else "—")
    rows = [
        ("title", title), ("purpose", snapshot.get("purpose")), ("description", snapshot.get("description")),
        ("researchers", researchers), ("place", snapshot.get("place")),
        ("period", _w("period_value", lang, start=snapshot["start"], end=snapshot["end"])),
        ("expenses", expenses), ("facilities", snapshot.get("facilities")),
        ("know_how", _years(snapshot.get("know_how_years"), snapshot.get("know_how_counting"), lang)),
        ("confidentiality", _years(snapshot.get("confidentiality_years"), snapshot.get("confidentiality_counting"), lang)),
        ("ownership", ownership_text(snapshot, lang)), ("rights", " / ".join(rights)),
        ("compensation", " / ".join(compensation) or _w("not_set", lang)),
        ("consent", _w("consent_yes" if snapshot.get("advance_consent_third_party") else "consent_no", lang)),
        ("publication", publication), ("fees", _w(f"fees_{snapshot.get('fee_bearer', 'owners')}", lang)),
    ]
    if snapshot.get("data_clauses"):
        rows.append(("data", " / ".join(filter(None, [snapshot.get("data_provided"), snapshot.get("data_generated")]))))
    clauses = [_w(key, lang) for key in ("clause_purpose", "clause_research_use", "clause_practical_use",
                                         "clause_publication", "clause_ownership", "clause_confidentiality")]
    if consortium:
        clauses.append(_w("clause_consortium", lang))
    return {
        "heading": _w("heading_consortium" if consortium else "heading", lang),
        "version_line": _w("version", lang, number=snapshot["number"], version=version, date=prepared),
        "based_on": _w("based_on", lang, type=snapshot.get("base_type") or "—"),
        "parties_heading": _w("parties_heading", lang), "parties": parties,
        "particulars_heading": _w("particulars_heading", lang), "item": _w("item", lang), "content": _w("content", lang),
        "particulars": [{"label": _w(key, lang), "value": value or _w("not_set", lang)} for key, value in rows],
        "clauses_heading": _w("clauses_heading", lang), "clauses": clauses,
        "changes_heading": _w("changes_heading", lang),
        "changes": [f"{key}: {old} → {new}" for key, old, new in changes] or [_w("no_changes", lang)],
    }


def render_draft(version, lang: str | None = None) -> bytes:
    """The Word document of a :class:`~kyoso.agreements.models.DraftVersion` (in its language by default)."""
    lang = lang or version.language
    template = DocxTemplate(io.BytesIO(template_bytes()))
    template.render(context_of(version.snapshot, version.number, lang, version.created.date().isoformat(), version.changes))
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
