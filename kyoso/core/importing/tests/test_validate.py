"""``Importer.validate`` — a bulk import's field checks, each distinct value once — refuses what
the model's own ``full_clean`` refuses, with the same messages under the same fields."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kyoso.core.importing import importer_class
from kyoso.core.importing.bulk import build
from kyoso.ip.models import Family, Filing, Invention

pytestmark = pytest.mark.django_db


def _errors(check) -> dict:
    try:
        check()
    except ValidationError as error:
        return error.message_dict
    return {}


def _as_the_model_checks(instance) -> dict:
    relations = {f.name for f in type(instance)._meta.concrete_fields if f.is_relation}
    return _errors(lambda: instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False))


@pytest.mark.parametrize("changes", [
    {"claims": 1000},  # above the field's validator
    {"claims": 0},
    {"filing_date": date(9999, 1, 1), "priority_date": date(9999, 1, 1)},  # kyoso's plausible years
    {"kind": "no-such-kind"},  # not a choice
    {"application_number": "x" * 200},  # longer than the column
    {"registered_on": date(2020, 1, 1)},  # before its filing: the model's clean()
    {"application_number": "2026-12"},  # not a JP application number: clean() again
])
def test_a_bad_filing_is_refused_as_full_clean_refuses_it(user, changes):
    importer = importer_class("inventions")(user("ipoffice"))
    good = {"office": "JP", "kind": "national", "status": "filed", "application_number": "特願2027-000001",
            "filing_date": date(2026, 7, 1), "priority_date": date(2026, 7, 1), "claims": 8}
    family = Family.objects.first()
    importer.validate(build(Filing, family=family, **good), full=True)  # the good values now pass unchecked
    expected = _as_the_model_checks(build(Filing, family=family, **{**good, **changes}))
    assert expected, "the oracle must refuse these values"
    assert _errors(lambda: importer.validate(build(Filing, family=family, **{**good, **changes}), full=True)) == expected


def test_field_checks_alone_leave_clean_out_and_a_blank_title_is_refused(user):
    importer = importer_class("inventions")(user("ipoffice"))
    invention = build(Invention, reference="INV-T-1", title="", disclosed_on=date(2030, 1, 1))  # future: clean()'s rule
    assert _errors(lambda: importer.validate(invention)) == {"title": ["This field cannot be blank."]}
    assert set(_errors(lambda: importer.validate(invention, full=True))) == {"title", "disclosed_on"}
