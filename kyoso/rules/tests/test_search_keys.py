"""One search key for every way a number is written (kyoso.rules.numbers.search_key)."""

import pytest

from kyoso.rules.numbers import search_key


@pytest.mark.parametrize("written", [
    "特願2024-012345", "2024-012345", "JP2024012345", "2024012345", "２０２４－０１２３４５", "特願２０２４－０１２３４５",
    "JP 2024-012345", " 特願2024‐012345 ",
])
def test_a_japanese_application_number_in_any_notation(written):
    assert search_key(written) == "2024012345"


@pytest.mark.parametrize(("written", "key"), [
    ("PCT/JP2024/012345", "PCTJP2024012345"),
    ("pct/jp2024/012345", "PCTJP2024012345"),
    ("US 17/123,456", "17123456"),
    ("17/123456", "17123456"),
    ("US 11,123,456 B2", "11123456"),
    ("11123456", "11123456"),
    ("特許第7123456号", "7123456"),
    ("EP 1 234 567 B1", "1234567"),
    ("WO 2024/123456", "WO2024123456"),
])
def test_other_offices_numbers(written, key):
    assert search_key(written) == key


@pytest.mark.parametrize("text", ["", "Asahi Devices", "特願", "  "])
def test_text_without_a_digit_is_not_a_number(text):
    assert search_key(text) == ""


def test_search_words_leave_out_legal_forms():
    from kyoso.rules.names import search_words

    assert search_words("株式会社アサヒ") == ["アサヒ"]
    assert search_words("ＡＳＡＨＩ Devices Co., Ltd.") == ["asahi", "devices"]
    assert search_words("山田　太郎") == ["山田", "太郎"]
