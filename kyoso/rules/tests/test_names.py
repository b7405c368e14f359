"""normalise_name: spellings of one name give one key; different names stay apart."""

import pytest

from kyoso.rules.names import normalise_name


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["株式会社アサヒデバイス", "(株)アサヒデバイス", "アサヒデバイス株式会社", "㈱アサヒデバイス", "ｱｻﾋﾃﾞﾊﾞｲｽ㈱",
          "（株）アサヒデバイス", "株式会社　アサヒ・デバイス"], "アサヒデバイス"),
        (["有限会社 千曲セミ", "千曲セミ(有)"], "千曲セミ"),
        (["Asahi Devices Corporation", "ASAHI DEVICES CORP.", "Asahi Devices Co., Ltd.", "asahi  devices",
          "Ａｓａｈｉ Ｄｅｖｉｃｅｓ", "Asahi-Devices Inc.", "Asahi Devices K.K.", "Asahi Devices Kabushiki Kaisha"],
         "asahidevices"),
        (["国立大学法人 北日本大学", "北日本大学"], "北日本大学"),
        (["KNU-2024-107", "knu 2024 107", "ＫＮＵ－２０２４－１０７", "KNU2024107"], "knu2024107"),
    ],
)
def test_spellings_of_one_name_share_a_key(spellings, key):
    assert {normalise_name(text) for text in spellings} == {key}


def test_different_names_stay_apart():
    assert normalise_name("Asahi Devices") != normalise_name("Asahi Sensors")
    assert normalise_name("KNU-2024-107") != normalise_name("KNU-2024-108")


def test_a_legal_form_inside_a_word_is_kept():
    # "Inc" ends "Lincoln", "co" starts "Cobalt": only whole words are legal forms.
    assert normalise_name("Lincoln Cobalt Inc.") == "lincolncobalt"


def test_a_name_that_is_only_a_legal_form_keeps_its_letters():
    assert normalise_name("Corp.") == "corp"
    assert normalise_name("") == ""
