"""Names compared as people read them: one key for 株式会社アサヒ, (株)アサヒ and ＡＳＡＨＩ Corp.

Pure Python (no Django). :func:`normalise_name` folds what differs between two spellings of the
same organisation or agreement number — full- and half-width characters (NFKC), case, spaces
and punctuation, and the words of a company's legal form (株式会社, (株), ㈱, 有限会社, Corp.,
Co., Ltd., Inc., K.K. …) — so a new record can be compared with those already recorded and the
user asked "did you mean …?". Two different records may share a key (a judgement, never a refusal).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_name", "search_words"]

# Legal-form words, compared after NFKC and casefolding (so ㈱ → (株), ＣＯＲＰ． → corp.).
# Longest first, so "co., ltd." goes before "co.". Japanese forms may sit before or after the name.
_JAPANESE_FORMS = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人",
                   "公益社団法人", "公益財団法人", "国立大学法人", "学校法人", "(株)", "(有)", "(同)")
_LATIN_FORMS = (
    "kabushiki kaisha", "kabushiki-kaisha", "corporation", "incorporated", "company", "limited",
    "co., ltd.", "co.,ltd.", "co. ltd.", "co ltd", "corp.", "corp", "co.", "ltd.", "ltd", "inc.", "inc",
    "k.k.", "kk", "llc", "gmbh", "plc", "s.a.", "ag",
)
_LATIN_FORM = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(form) for form in sorted(_LATIN_FORMS, key=len, reverse=True)) + r")(?![\w])"
)
# Whatever is neither a letter nor a digit (spaces, hyphens, dots, commas, middle dots, slashes).
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_name(text: str) -> str:
    """The comparison key of an organisation's name or an agreement's number.

    >>> normalise_name("株式会社 アサヒ") == normalise_name("(株)アサヒ") == normalise_name("ｱｻﾋ㈱")
    True
    >>> normalise_name("Asahi Devices Co., Ltd.") == normalise_name("ASAHI  DEVICES")
    True
    >>> normalise_name("KNU-2024-107") == normalise_name("knu 2024 107")
    True
    """
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    for form in _JAPANESE_FORMS:
        folded = folded.replace(form, " ")
    folded = _LATIN_FORM.sub(" ", folded)
    key = _NOT_WORD.sub("", folded)
    # A name that is nothing but a legal form ("Corp.") keeps its letters rather than becoming "".
    return key or _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").casefold())


_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words of a search as names are compared: full-width folded, lower case, without the
    legal-form words of :func:`normalise_name` (so ``株式会社アサヒ`` and ``ASAHI Corp.`` search for
    ``アサヒ`` and ``asahi``). A search that is nothing but a legal form keeps its words.

    >>> search_words("株式会社 アサヒ")
    ['アサヒ']
    >>> search_words("Asahi Devices Co., Ltd.")
    ['asahi', 'devices']
    """
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    stripped = _LATIN_FORM.sub(" ", folded)
    for form in _JAPANESE_FORMS:
        stripped = stripped.replace(form, " ")
    return _WORD.findall(stripped) or _WORD.findall(folded)
