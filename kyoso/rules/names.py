"""Names compared as people mean them: the same organisation written in different ways.

Pure Python (no Django): used to warn "did you mean …" when an organisation name or an agreement
number differs from a stored one only in case, width, spacing or the legal-form suffix.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_name"]

# Legal forms, after NFKC and casefold: 株式会社 / (株) / ㈱ (NFKC turns ㈱ into "(株)"), 有限会社,
# Corp., Corporation, Co., Ltd., Inc., K.K. … Removed wherever they stand (前株 and 後株 alike).
_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|\(株\)|\(有\)|"
    r"\b(?:corporation|corp|company|co|limited|ltd|incorporated|inc|k\.?\s?k|llc|plc|gmbh)\b\.?",
)
_PUNCTUATION = re.compile(r"[\s,.・･、。]+")


def normalise_name(text: str) -> str:
    """The comparable form of a name: NFKC (full-width → half-width), casefolded, legal-form words
    (株式会社, (株), ㈱, Corp., Corporation, Co., Ltd., Inc. …) removed, spaces and punctuation
    collapsed to single spaces.

    >>> normalise_name("ＡＳＡＨＩ　DEVICES (株)") == normalise_name("Asahi Devices Corporation")
    True
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = _LEGAL_FORMS.sub(" ", text)
    return " ".join(_PUNCTUATION.sub(" ", text).split())
