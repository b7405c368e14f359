"""The Japanese catalogue: complete, compiled, and used when a user picks Japanese.

The catalogue is ``kyoso/locale/ja/LC_MESSAGES/django.po``; its compiled ``django.mo`` is committed
so that ``make run`` needs no gettext. After adding or changing translatable strings, run
``make messages`` (makemessages + compilemessages), translate every empty or fuzzy entry, compile
again and commit both files; these tests fail until that is done.
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LC_MESSAGES = Path(__file__).resolve().parent.parent / "kyoso" / "locale" / "ja" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: ``ctxt``, ``id``, ``plural``, ``strs`` ({index or None: text}), ``flags``.

    Obsolete entries (``#~``) are left out: gettext ignores them too.
    """
    entries, entry, field = [], None, None

    def close():
        if entry is not None and entry["id"] is not None and not entry["obsolete"]:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if entry is None:
            entry = {"ctxt": None, "id": None, "plural": None, "strs": {}, "flags": set(), "obsolete": False}
        if not line.strip():
            close()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if keyword == "msgctxt":
                field = ("ctxt", None)
            elif keyword == "msgid":
                field = ("id", None)
            elif keyword == "msgid_plural":
                field = ("plural", None)
            else:
                field = ("strs", int(index) if index is not None else None)
            if field[0] == "strs":
                entry["strs"][field[1]] = value
            else:
                entry[field[0]] = value
            continue
        assert line.startswith('"'), f"{path}: cannot read {line!r}"
        if field[0] == "strs":
            entry["strs"][field[1]] += _unquote(line)
        else:
            entry[field[0]] += _unquote(line)
    close()
    return entries


def _name(entry) -> str:
    return repr(entry["id"]) if entry["ctxt"] is None else f"{entry['ctxt']!r} | {entry['id']!r}"


@pytest.fixture(scope="module")
def catalogue():
    return parse_po(PO)


@pytest.fixture(scope="module")
def messages(catalogue):
    """The catalogue without its header (the entry whose msgid is empty)."""
    return [entry for entry in catalogue if entry["id"] != ""]


def test_catalogue_has_many_messages(messages):
    # Guards the parser and the file itself: an empty or mangled catalogue must not pass the rest.
    assert len(messages) > 500


def test_every_message_is_translated(messages):
    untranslated = [_name(e) for e in messages if not e["strs"] or not all(e["strs"].values())]
    assert not untranslated, f"{len(untranslated)} msgids without a Japanese translation: {untranslated[:20]}"


def test_nothing_is_fuzzy(catalogue):
    fuzzy = [_name(e) if e["id"] else "(header)" for e in catalogue if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries (check the translation, then remove the flag): {fuzzy[:20]}"


def test_plural_forms_match_the_header(catalogue):
    header = next(e for e in catalogue if e["id"] == "")
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", header["strs"][None]).group(1))
    assert nplurals == 1, "Japanese has a single plural form"
    for entry in catalogue:
        if entry["plural"] is not None:
            assert sorted(entry["strs"]) == list(range(nplurals)), _name(entry)


_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|\{[^{}]*\}|<[^<>]+>")


@pytest.mark.parametrize("kind", ["python-format", "python-brace-format"])
def test_placeholders_and_markup_are_kept(messages, kind):
    wrong = []
    for entry in messages:
        if kind not in entry["flags"]:
            continue
        sources = [entry["id"]] + ([entry["plural"]] if entry["plural"] is not None else [])
        expected = [sorted(_PLACEHOLDER.findall(s)) for s in sources]
        for text in entry["strs"].values():
            if sorted(_PLACEHOLDER.findall(text)) not in expected:
                wrong.append((entry["id"], text))
    assert not wrong, wrong[:10]


def test_html_is_kept(messages):
    tags = re.compile(r"</?[a-zA-Z][^<>]*>")
    wrong = [
        (e["id"], text)
        for e in messages
        for text in e["strs"].values()
        if sorted(tags.findall(e["id"])) != sorted(tags.findall(text))
    ]
    assert not wrong, wrong[:10]


def _expected_mo_catalog(catalogue) -> dict:
    """What gettext should find in a .mo compiled from ``catalogue`` (the keys GNUTranslations uses)."""
    expected = {}
    for entry in catalogue:
        if entry["id"] == "" or "fuzzy" in entry["flags"]:
            continue
        key = entry["id"] if entry["ctxt"] is None else f"{entry['ctxt']}\x04{entry['id']}"
        if entry["plural"] is None:
            if entry["strs"].get(None):
                expected[key] = entry["strs"][None]
        elif all(entry["strs"].values()):
            for index, text in entry["strs"].items():
                expected[(key, index)] = text
    return expected


def test_compiled_catalogue_is_up_to_date(catalogue):
    """The committed .mo holds exactly the .po's translations (run compilemessages after editing the .po)."""
    assert MO.exists(), "django.mo is missing: run `kyoso compilemessages -l ja` and commit it"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    found = {key: text for key, text in compiled._catalog.items() if key != ""}
    expected = _expected_mo_catalog(catalogue)
    stale = {k: (found.get(k), v) for k, v in expected.items() if found.get(k) != v}
    extra = sorted(str(k) for k in found.keys() - expected.keys())
    assert not stale, f"django.mo is older than django.po for {len(stale)} messages, e.g. {list(stale.items())[:5]}"
    assert not extra, f"django.mo has messages no longer in django.po: {extra[:10]}"
    # The public API agrees: a message looked up the way Django does comes back in Japanese.
    assert compiled.gettext("Dashboard") == "ダッシュボード"
    assert compiled.gettext("Inventions") == "発明"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_catalogue_compiles_cleanly(tmp_path):
    """What ``compilemessages`` runs: msgfmt with its format checks must accept the catalogue."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "--check-domain", "-o", str(tmp_path / "django.mo"), str(PO)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    with (tmp_path / "django.mo").open("rb") as fresh, MO.open("rb") as committed:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(committed)._catalog


def _switch(client, language: str):
    response = client.post("/language/", {"language": language, "next": "/"})
    assert response.status_code == 302
    return response


def test_pages_render_in_japanese_after_switching(login):
    client = login("ipoffice")
    _switch(client, "ja")

    dashboard = client.get("/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert 'lang="ja"' in html
    assert "ダッシュボード" in html
    assert "ログアウト" in html

    inventions = client.get("/inventions/")
    assert inventions.status_code == 200
    html = inventions.content.decode()
    assert "発明" in html
    assert ">Inventions<" not in html


def test_language_choice_is_remembered_and_reversible(login, user):
    client = login("ipoffice")
    _switch(client, "ja")
    assert user("ipoffice").profile.language == "ja"
    assert "ダッシュボード" in client.get("/").content.decode()

    _switch(client, "en")
    html = client.get("/").content.decode()
    assert "Dashboard" in html
    assert "ダッシュボード" not in html


@pytest.mark.parametrize("persona", ["cpo", "company-a", "researcher", "auditor"])
def test_every_persona_gets_japanese_navigation(login, persona):
    client = login(persona)
    _switch(client, "ja")
    html = client.get("/").content.decode()
    assert "ダッシュボード" in html
    assert "発明" in html


def test_fiscal_years_read_as_nendo_in_japanese(login):
    """会計年度: FY2026 in English is 2026年度 in Japanese, wherever pages list years."""
    from kyoso.consortia.models import Consortium

    client = login("ipoffice")
    pages = ["/", Consortium.objects.get(slug="opera-demo").get_absolute_url()]
    for url in pages:
        assert "FY2026" in client.get(url).content.decode(), url
    _switch(client, "ja")
    for url in pages:
        html = client.get(url).content.decode()
        assert "2026年度" in html and "FY2026" not in html, url


def test_words_with_two_meanings_are_translated_by_context(login):
    """"Open" is a deadline's state (未了) and a button that opens a review round (開始)."""
    from django.utils import translation

    from kyoso.docket.choices import DeadlineState

    with translation.override("ja"):
        assert str(DeadlineState.OPEN.label) == "未了"
    client = login("ipoffice")
    _switch(client, "ja")
    assert ">開始</button>" in client.get("/portfolio/").content.decode()
