"""Office numbers: a JP serial has six digits; one number written several ways has one key."""

import pytest

from kyoso.rules.numbers import NumberKind, check_number, number_key


@pytest.mark.parametrize("number", ["2026-12", "特願2026-12", "特願2026-1234567", "特願26-012345"])
def test_a_jp_application_number_needs_a_six_digit_serial(number):
    """Regression: `2026-12` was docketed."""
    assert check_number("JP", NumberKind.APPLICATION, number) == (
        "not a JP application number; expected the form 特願2024-012345")


@pytest.mark.parametrize("number", ["特願2024-012345", "2024-012345", "特願 2024-012345", "２０２４－０１２３４５"])
def test_a_jp_application_number_as_written(number):
    assert check_number("JP", NumberKind.APPLICATION, number) is None
    assert number_key("JP", NumberKind.APPLICATION, number) == "2024012345"


@pytest.mark.parametrize(("office", "kind", "spellings", "key"), [
    ("JP", NumberKind.REGISTRATION, ["特許第7123456号", "特許7123456", "7123456"], "7123456"),
    ("EP", NumberKind.PUBLICATION, ["EP 1 234 567 A1", "EP1234567A1", "1 234 567 A1"], "1234567A1"),
    ("US", NumberKind.APPLICATION, ["18/123,456", "18/123456"], "18123456"),
    ("PCT", NumberKind.APPLICATION, ["PCT/JP2024/012345", "pct/jp2024/012345"], "PCTJP2024012345"),
])
def test_one_number_written_several_ways_has_one_key(office, kind, spellings, key):
    assert {number_key(office, kind, text) for text in spellings} == {key}


def test_different_numbers_keep_different_keys():
    assert number_key("JP", NumberKind.PUBLICATION, "特開2025-123456") != number_key("JP", NumberKind.PUBLICATION, "特表2025-123456")
    assert number_key("PCT", NumberKind.APPLICATION, "PCT/JP2024/012345") != number_key("PCT", NumberKind.APPLICATION, "PCT/US2024/012345")
