"""normalise_name: the same organisation written differently compares equal; different ones do not."""

import pytest

from kyoso.rules.names import normalise_name


@pytest.mark.parametrize(("written", "expected"), [
    ("Asahi Devices Corporation", "asahi devices"),
    ("ＡＳＡＨＩ　DEVICES (株)", "asahi devices"),
    ("asahi  devices, corp.", "asahi devices"),
    ("株式会社アサヒデバイス", "アサヒデバイス"),
    ("アサヒデバイス㈱", "アサヒデバイス"),
    ("Sanriku Optics Co., Ltd.", "sanriku optics"),
    ("Pacific Lidar Inc.", "pacific lidar"),
    ("OPERA-2025-001", "opera-2025-001"),
    ("ｏｐｅｒａ－２０２５－００１", "opera-2025-001"),
])
def test_variants_of_a_name_normalise_to_one_form(written, expected):
    assert normalise_name(written) == expected


def test_different_organisations_stay_different():
    assert normalise_name("Asahi Devices") != normalise_name("Asahi Optics")
    assert normalise_name("Cooperative Labs") == "cooperative labs"  # "co" inside a word is kept
