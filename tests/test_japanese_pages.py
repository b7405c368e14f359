"""Pages that read well in Japanese: every page, as every role, shows no Python repr, no raw choice
or rule code and no English text that the catalogue translates.

The pages are those ``kyoso.bench.targets`` finds in the URL configuration (every GET page without
argument, one record's detail and edit page per model, a few filtered lists), opened in Japanese.
What a person reads is the text between tags (scripts and styles left out) and the attributes shown
on screen (``title``, ``placeholder``, ``aria-label``, ``alt``, a button's ``value``).
"""

from __future__ import annotations

import importlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .test_i18n import PO, parse_po

ROLES = ("ipoffice", "cpo", "company-a", "researcher", "auditor")

#: Attributes a person reads on screen (``value`` only on buttons).
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}

#: Python's way of writing a value, never a person's.
REPR = re.compile(r"\{'|\['|<QuerySet|Decimal\(|\bdatetime\.date\(|<[A-Z]\w+: ")

#: Catalogue texts that may stay in English on a Japanese page, and why.
ENGLISH_ALLOWED = {
    "OPERA": "a JST programme's proper name",
    "JST": "an agency's proper name",
    "PCT": "the treaty's own abbreviation, used as such in Japanese",
    "e-Rad": "the name of the government's research database",
    "CSV": "a file format",
    "JSON": "a file format",
    "XLSX": "a file format",
    "API": "written so in Japanese",
    "iCalendar": "a file format",
    "kyoso": "the product's name",
    "Sakura Tool": "the MEXT tool's name (さくらツール is also used; both read)",
    "English": "the language switcher names each language in its own words",
    "日本語": "the language switcher",
    "researcher": "the demo's user name of the researcher (a login, shown as such in user lists and selects)",
}

#: Choice codes that are also ordinary words a page may show on its own (codes, not sentences).
CODES_ALLOWED = {
    # ISO country / office codes are shown as codes next to numbers (JP2024-012345, US) by design.
    "JP", "US", "EP", "CN", "KR", "WO", "PCT",
    # The demo's researcher logs in as "researcher": a user name in user lists and owner selects.
    "researcher",
}


class _Text(HTMLParser):
    """The pieces of text a person reads on a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, bool]] = []  # (text, inside <code>: a literal such as a CSV column name)
        self._hidden = 0
        self._code = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea") or (tag == "details" and "source" in (dict(attrs).get("class") or "")):
            # a textarea holds what the user typed; a "source" disclosure the stored data, codes and all
            self._hidden += 1
        if tag == "code":
            self._code += 1
        attributes = dict(attrs)
        for name, value in attributes.items():
            if value and name in SHOWN_ATTRIBUTES:
                self.pieces.append((value, False))
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset") and attributes.get("value"):
            self.pieces.append((attributes["value"], False))

    def handle_endtag(self, tag):
        if tag == "code" and self._code:
            self._code -= 1
        if tag in ("script", "style", "template", "textarea", "details") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            text = " ".join(data.split())
            if text:
                self.pieces.append((text, self._code > 0))


def shown_text(page: str) -> list[tuple[str, bool]]:
    parser = _Text()
    parser.feed(page)
    return parser.pieces


def _choice_codes() -> dict[str, str]:
    """{code: label} of every TextChoices across kyoso whose stored value differs from what it shows."""
    from django.db.models import TextChoices
    from django.utils import translation

    import kyoso

    codes: dict[str, str] = {}
    root = Path(kyoso.__file__).parent
    with translation.override("en"):
        for path in sorted(root.glob("*/choices.py")):
            module = importlib.import_module(f"kyoso.{path.parent.name}.choices")
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, TextChoices) and value is not TextChoices:
                    for code, label in value.choices:
                        if code and code != str(label) and code not in CODES_ALLOWED:
                            codes[code] = str(label)
    return codes


def _rule_codes() -> set[str]:
    """Codes the rules write in their facts (policy terms, review answers, conditions)."""
    from kyoso.rules import review

    codes = {"offer_member", "co_owner", "within_months"}
    for name in dir(review):
        value = getattr(review, name)
        if isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z]+)+", value):
            codes.add(value)
    return codes


def _english_messages() -> dict[str, str]:
    """{English msgid: Japanese} for catalogue texts a page shows whole and that read differently in Japanese."""
    messages = {}
    for entry in parse_po(PO):
        english, japanese = entry["id"], entry["strs"].get(None) or entry["strs"].get(0) or ""
        if not english or not japanese or english == japanese or english in ENGLISH_ALLOWED:
            continue
        if "%" in english or "{" in english or "<" in english or "\n" in english:
            continue  # placeholders and markup: the page shows a filled-in or marked-up text
        if not re.search(r"[A-Za-z]{3}", english) or len(english) < 4:
            continue  # units, symbols, short codes
        messages[" ".join(english.split())] = japanese
    return messages


@pytest.fixture(scope="module")
def vocabulary():
    codes = _choice_codes()
    snake = sorted(_rule_codes() | {c for c in codes if "_" in c}, key=len, reverse=True)
    rule_code = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, snake)) + r")(?![\w/.-])")
    return {"codes": codes, "rule_code": rule_code, "english": _english_messages()}


def problems_on(page: str, vocabulary) -> list[str]:
    """What reads wrong on ``page``, each as ``kind: snippet``."""
    found = []
    codes, rule_code, english = vocabulary["codes"], vocabulary["rule_code"], vocabulary["english"]
    for piece, literal in shown_text(page):
        match = REPR.search(piece)
        if match:
            found.append(f"python repr: {piece[max(0, match.start() - 30):match.end() + 40]!r}")
        if piece in ("None", "True", "False", "[]", "{}"):
            found.append(f"python value: {piece!r}")
        if literal:  # a column name or an identifier to type as shown: only a repr is wrong there
            continue
        if piece in codes and piece not in english:
            found.append(f"choice code: {piece!r} (label {codes[piece]!r})")
        match = rule_code.search(piece)
        if match:
            found.append(f"rule code: {match.group(1)!r} in {piece[:80]!r}")
        text = piece.strip(" :：.,()|·—-*")
        if text in english:
            found.append(f"english: {text!r} (ja {english[text]!r})")
    return found


def _switch_to_japanese(client):
    assert client.post("/language/", {"language": "ja", "next": "/"}).status_code == 302


def _pages(user) -> list[str]:
    from kyoso.bench import targets

    return [t.url for t in targets(user) if t.kind != "api" and "/feed/" not in t.url]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_reads_in_japanese(login, user, role, vocabulary):
    client = login(role)
    _switch_to_japanese(client)
    report = []
    for url in _pages(user(role)):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        if response.status_code == 302 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        if response.status_code == 200:
            assert 'lang="ja"' in page, url
        report += [f"{url}  {problem}" for problem in dict.fromkeys(problems_on(page, vocabulary))]
    assert not report, f"{len(report)} things read wrong in Japanese:\n" + "\n".join(report[:400])


# -- the scan itself catches what it is meant to ----------------------------------------------------


def test_scan_finds_a_repr_a_code_and_english(vocabulary):
    page = """<html><body><script>var x = {'a': 1};</script>
        <td>{'offer': 'co_owner'}</td><td>offer_member</td><td>None</td>
        <input placeholder="Search"><td title="['a']">x</td><h1>Inventions</h1></body></html>"""
    found = "\n".join(problems_on(page, vocabulary))
    assert "python repr: \"{'offer': 'co_owner'}\"" in found
    assert "rule code: 'offer_member'" in found
    assert "python value: 'None'" in found
    assert "python repr: \"['a']\"" in found
    assert "english: 'Inventions'" in found
    assert "var x" not in found  # scripts are not read


def test_scan_passes_a_japanese_page(vocabulary):
    page = "<html><body><h1>発明</h1><td>共有者</td><td>1,234,567円</td><td>OPERA</td></body></html>"
    assert problems_on(page, vocabulary) == []


# -- the catalogue is complete ------------------------------------------------------------------------


def test_every_msgid_has_a_japanese_msgstr_and_none_is_fuzzy():
    entries = [e for e in parse_po(PO) if e["id"]]
    missing = [e["id"] for e in entries if not e["strs"] or not all(s.strip() for s in e["strs"].values())]
    fuzzy = [e["id"] for e in entries if "fuzzy" in e["flags"]]
    assert not missing, missing[:20]
    assert not fuzzy, fuzzy[:20]


# -- error pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "heading", "home"), [
    ("en", "This page does not exist", "Go to the home page"),
    ("ja", "このページは見つかりません", "ホームへ"),
])
def test_404_page_is_styled_with_a_way_back(login, settings, language, heading, home):
    settings.DEBUG = False
    client = login("company-a")
    client.post("/language/", {"language": language, "next": "/"})
    response = client.get("/inventions/999999/", HTTP_REFERER="http://testserver/inventions/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f'lang="{language}"' in page and heading in page
    assert f'<a class="primary" href="/">{home}</a>' in page
    assert 'href="http://testserver/inventions/"' in page  # back where the reader came from


def test_403_page_says_whom_to_ask(login, settings):
    settings.DEBUG = False
    client = login("company-a")
    _switch_to_japanese(client)
    response = client.get("/organisations/add/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "このページを開く権限がありません" in page and "知財部門に役割の変更を依頼" in page
    assert "ホームへ" in page and "前のページに戻る" in page


def test_back_link_never_leaves_the_site(login, settings):
    settings.DEBUG = False
    response = login("company-a").get("/inventions/999999/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_500_page_needs_no_database_nor_context(rf):
    """No ``db`` fixture: any query while rendering would raise."""
    from django.utils import translation

    from kyoso.core.errors import server_error

    for language, heading in (("en", "Something went wrong on our side"), ("ja", "サーバー側でエラーが発生しました")):
        with translation.override(language):
            response = server_error(rf.get("/inventions/"))
        assert response.status_code == 500
        page = response.content.decode()
        assert heading in page and 'href="/"' in page and f'lang="{language}"' in page


def test_an_unhandled_error_shows_the_500_page(client, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    settings.DEBUG = False
    settings.ROOT_URLCONF = type("Urls", (), {
        "urlpatterns": [path("broken/", broken)], "handler500": "kyoso.core.errors.server_error"})
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


# -- amounts typed with separators ----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "yen"), [
    ("1234567", 1234567), ("1,234,567", 1234567), ("１，２３４，５６７", 1234567), ("¥1,234,567", 1234567),
    ("￥１２３４５６７", 1234567), ("1,234,567円", 1234567), (" 12,000 ", 12000), ("-5,000", -5000),
    ("−5,000", -5000), ("¥-5,000", -5000), ("0", 0), ("999", 999),
])
def test_yen_typed_as_people_write_it(typed, yen):
    from kyoso.core.forms import parse_yen

    assert parse_yen(typed) == yen


@pytest.mark.parametrize("typed", ["1,23,4", "1,2345", "12,34,567", "1.5", "1,234.00", "--5", "¥", "abc", "1 2 3 x"])
def test_yen_refuses_what_is_likely_a_typo(typed):
    from kyoso.core.forms import parse_yen

    with pytest.raises(ValueError):
        parse_yen(typed)


def _contribution(agreement, contributor, amount, fiscal_year="2024"):
    return {"agreement": agreement.pk, "contributor": contributor.pk, "fiscal_year": fiscal_year, "kind": "in_kind",
            "source": "company", "direct_amount": amount}


def test_every_money_field_of_a_form_takes_separators(login):
    from kyoso.agreements.models import Agreement, Contribution

    agreement = Agreement.objects.get(number="KNU-2024-107")
    daisen = agreement.parties.get(role="company").organisation
    client = login("ipoffice")
    response = client.post(f"/contributions/add/?agreement={agreement.pk}", _contribution(agreement, daisen, "¥1,234,567"))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Contribution.objects.filter(agreement=agreement, contributor=daisen).order_by("-pk").first()
    assert saved.direct_amount == 1234567
    page = client.get(f"/contributions/{saved.pk}/edit/").content.decode()
    assert 'value="1,234,567"' in page and 'inputmode="numeric"' in page  # shown as people read it


def test_every_yen_field_of_every_model_form_is_a_money_field():
    from django.apps import apps
    from django.db import models

    from kyoso.core.forms import MoneyField, ScopedModelForm

    checked = 0
    for form_class in _subclasses(ScopedModelForm):
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        if model is None:
            continue
        for name in form_class.base_fields:
            field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if isinstance(field, models.BigIntegerField) and field.editable:
                form = form_class(user=None)
                assert isinstance(form.fields[name], MoneyField), (form_class, name)
                checked += 1
    assert checked >= 6, checked  # contributions, costs, ledger, invoices, royalty lines, patent costs…
    assert apps.ready


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_a_refused_amount_comes_back_as_typed_with_the_other_input(login):
    from kyoso.agreements.models import Agreement

    agreement = Agreement.objects.get(number="KNU-2024-107")
    daisen = agreement.parties.get(role="company").organisation
    response = login("ipoffice").post(f"/contributions/add/?agreement={agreement.pk}",
                                      {**_contribution(agreement, daisen, "1,23,4"), "note": "second tranche"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "commas every three digits" in page
    assert 'value="1,23,4"' in page and "second tranche" in page


def test_the_api_keeps_strict_integers(api):
    from kyoso.agreements.models import Agreement

    agreement = Agreement.objects.get(number="KNU-2024-107")
    daisen = agreement.parties.get(role="company").organisation
    response = api("ipoffice").post("/api/contributions/", _contribution(agreement, daisen, "1,234,567"), format="json")
    assert response.status_code == 400
    assert "direct_amount" in response.json()


# -- forms keep what was typed after any error -------------------------------------------------------------


def test_edit_form_keeps_every_input_after_a_service_error(login):
    """The service refuses a second contribution of the same kind, source and year: the form comes
    back with the reason and everything as typed (the amount exactly as written)."""
    from kyoso.agreements.models import Agreement, Contribution

    agreement = Agreement.objects.get(number="KNU-2024-107")
    daisen = agreement.parties.get(role="company").organisation
    existing = Contribution.objects.filter(agreement=agreement, contributor=daisen).first()
    data = {**_contribution(agreement, daisen, "１，２３４，５６７", fiscal_year=str(existing.fiscal_year)),
            "kind": existing.kind, "source": existing.source, "note": "second tranche, see minutes"}
    before = Contribution.objects.count()
    response = login("ipoffice").post(f"/contributions/add/?agreement={agreement.pk}", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "already has a contribution" in page
    assert 'value="１，２３４，５６７"' in page and "second tranche, see minutes" in page
    assert Contribution.objects.count() == before


def test_committee_form_keeps_the_minutes_when_the_service_refuses(login):
    from kyoso.licensing.choices import RequestStatus
    from kyoso.licensing.models import LicenceRequest

    request = LicenceRequest.objects.exclude(status=RequestStatus.COMMITTEE).first()
    response = login("ipoffice").post(f"/licensing/requests/{request.pk}/committee/",
                                      {"approve": "yes", "note": "Approved at the 3rd meeting"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only a request waiting for the steering committee can be decided by it." in page
    assert "Approved at the 3rd meeting" in page
    request.refresh_from_db()
    assert request.committee_note != "Approved at the 3rd meeting"  # nothing was decided


def test_edit_form_marks_required_fields_and_explains_the_mark(login):
    page = login("ipoffice").get("/organisations/add/").content.decode()
    assert '<span class="req" aria-hidden="true">*</span> Required field' in page
    assert 'name="name" maxlength="200" required' in page
    assert 'name="website"' in page and 'name="website" maxlength="200" required' not in page


def test_wide_tables_scroll_inside_their_card(login):
    client = login("ipoffice")
    assert '<div class="table-container">' in client.get("/filings/").content.decode()
    assert '<div class="table-scroll"><table class="table' in client.get("/budget/").content.decode()
    import kyoso

    css = (Path(kyoso.__file__).parent / "static" / "kyoso" / "kyoso.css").read_text()
    assert ".table-container, .table-scroll { overflow-x: auto;" in css


# -- records named in both languages -------------------------------------------------------------------------


def test_records_read_by_their_japanese_names_on_japanese_pages(login):
    from django.utils import translation

    from kyoso.consortia.models import Consortium
    from kyoso.parties.models import Organisation

    robo = Consortium.objects.get(name="Service Robotics Co-creation Consortium")
    asahi = Organisation.objects.get(short_name="Asahi Devices")
    assert asahi.name_ja  # the demo gives it one
    with translation.override("ja"):
        assert str(robo) == "サービスロボティクス共創コンソーシアム"
        assert str(asahi) == asahi.name_ja
    with translation.override("en"):
        assert str(robo) == "Service Robotics Co-creation Consortium"
        assert str(asahi) == "Asahi Devices"

    client = login("ipoffice")
    _switch_to_japanese(client)
    agreements = client.get("/agreements/").content.decode()  # the consortium filter's options
    assert "サービスロボティクス共創コンソーシアム" in agreements
    assert ">Service Robotics Co-creation Consortium<" not in agreements
    # The party filter's options name each organisation as its page does, in the reader's language.
    assert f'<option value="{asahi.pk}">{asahi.name_ja}</option>' in agreements
    english = login("auditor").get("/agreements/").content.decode()
    assert f'<option value="{asahi.pk}">Asahi Devices</option>' in english
    assert ">Service Robotics Co-creation Consortium<" in english
    inventions = client.get("/inventions/", {"per_page": 1000}).content.decode()
    assert asahi.name_ja in inventions


def test_filter_labels_follow_the_reader_after_an_english_page(login):
    """A list read in English first (or the API schema) must not fix its filter labels in English."""
    english = login("auditor")
    assert '<label>Status <select name="status"' in english.get("/filings/").content.decode()
    client = login("ipoffice")
    _switch_to_japanese(client)
    page = client.get("/filings/").content.decode()
    labels = [text for text, _literal in shown_text(page)]
    assert '<label>ステータス <select name="status"' in page
    assert "Status" not in labels and "Kind" not in labels
