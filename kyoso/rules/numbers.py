"""Application, publication and registration number formats per office.

Sources: the JPO, WIPO Standard ST.13 / Administrative Instructions s307 and s404, the USPTO and the
EPO Guidelines A-II 1.7.
Each office's pattern accepts the common written forms (with or without the office prefix and
separators) so that users can paste numbers as they see them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["NUMBER_FORMATS", "check_number", "NumberKind", "number_key", "search_key"]


class NumberKind:
    APPLICATION = "application"
    PUBLICATION = "publication"
    REGISTRATION = "registration"


# office → kind → (compiled pattern, example shown in the error message)
NUMBER_FORMATS: dict[str, dict[str, tuple[re.Pattern[str], str]]] = {
    "JP": {
        # The JPO writes the serial with six digits (特願2024-012345): a shorter one is a typing slip.
        NumberKind.APPLICATION: (re.compile(r"^(特願)?\s*(19|20)\d{2}-\d{6}$"), "特願2024-012345"),
        NumberKind.PUBLICATION: (re.compile(r"^(特開|特表|再公表)?\s*(19|20)\d{2}-\d{6}$"), "特開2025-123456"),
        NumberKind.REGISTRATION: (re.compile(r"^(特許第?)?\s*\d{7}号?$"), "特許第7123456号"),
    },
    "PCT": {
        NumberKind.APPLICATION: (re.compile(r"^PCT/[A-Z]{2}(19|20)\d{2}/\d{6}$"), "PCT/JP2024/012345"),
        NumberKind.PUBLICATION: (re.compile(r"^WO\s?(19|20)\d{2}/\d{6}( ?A[1-9])?$"), "WO 2024/123456"),
        NumberKind.REGISTRATION: (re.compile(r"^$"), "— (a PCT application is never registered)"),
    },
    "US": {
        NumberKind.APPLICATION: (re.compile(r"^\d{2}/\d{3},?\d{3}$"), "18/123,456"),
        NumberKind.PUBLICATION: (re.compile(r"^(US\s?)?(19|20)\d{2}/?\d{7}( ?A[12])?$"), "US 2024/0123456 A1"),
        NumberKind.REGISTRATION: (re.compile(r"^(US\s?)?\d{1,2},?\d{3},?\d{3}( ?B[12])?$"), "US 11,123,456 B2"),
    },
    "EP": {
        NumberKind.APPLICATION: (re.compile(r"^(EP\s?)?\d{8}\.\d$"), "EP 16000312.7"),
        NumberKind.PUBLICATION: (re.compile(r"^(EP\s?)?\d ?\d{3} ?\d{3}( ?[AB][1-9])?$"), "EP 1 234 567 A1"),
        NumberKind.REGISTRATION: (re.compile(r"^(EP\s?)?\d ?\d{3} ?\d{3}( ?B[1-9])?$"), "EP 1 234 567 B1"),
    },
}


def check_number(office: str, kind: str, number: str) -> str | None:
    """``None`` when ``number`` is well formed for ``office``, else a message with an example.

    Offices without a known format (CN, KR, …) accept any non-empty text.
    """
    formats = NUMBER_FORMATS.get(office)
    if not number or formats is None:
        return None
    pattern, example = formats[kind]
    # Read as typed on a Japanese keyboard too: full-width digits and hyphens are the same number.
    if pattern.match(unicodedata.normalize("NFKC", number).strip()):
        return None
    return f"not a {office} {kind} number; expected the form {example}"


# Written forms that do not change the number: the office's prefix or suffix where it is optional
# (特願2024-012345 = 2024-012345; 特許第7123456号 = 7123456; EP 1 234 567 B1 = EP1234567B1).
_OPTIONAL_PARTS = {
    ("JP", NumberKind.APPLICATION): re.compile(r"^特願"),
    ("JP", NumberKind.REGISTRATION): re.compile(r"^特許第?|号$"),
    ("US", NumberKind.PUBLICATION): re.compile(r"^US"),
    ("US", NumberKind.REGISTRATION): re.compile(r"^US"),
    ("EP", NumberKind.APPLICATION): re.compile(r"^EP"),
    ("EP", NumberKind.PUBLICATION): re.compile(r"^EP"),
    ("EP", NumberKind.REGISTRATION): re.compile(r"^EP"),
}


def number_key(office: str, kind: str, number: str) -> str:
    """The number itself, whichever way it is written: two filings with one key at one office are
    the same application (or publication, or registration) recorded twice.

    Full-width characters, case, spaces and separators are set aside, and so are the optional
    prefixes and suffixes of :data:`_OPTIONAL_PARTS` (``特願2024-012345`` = ``２０２４－０１２３４５``).
    """
    text = unicodedata.normalize("NFKC", number or "").upper()
    text = re.sub(r"[\s\-/.,]+", "", text)
    optional = _OPTIONAL_PARTS.get((office, kind))
    return optional.sub("", text) if optional else text


# What a search may leave out or add around any office's number: an office's or a document's prefix
# (特願, 特開, 特許第 …, a JP/US/EP country code), the 号 of a Japanese registration and the kind code
# after the digits (A1, B2). Separators and full-width characters go as in :func:`number_key`.
_SEARCH_PREFIX = re.compile(r"^(特願|特開|特表|再公表|特許第|特許|第|JP|US|EP)+")
_SEARCH_SUFFIX = re.compile(r"(?<=\d)(号|[AB][1-9]?)$")
_SEARCH_SEPARATORS = re.compile(r"[\s\-/.,\u2010-\u2015\u2212\u30fc]+")


@lru_cache(maxsize=1 << 16)  # an import asks twice for each number (its check, then its filing's key)
def search_key(number: str) -> str:
    """One key for a stored number and for a number typed into a search box, whatever the office.

    Unlike :func:`number_key`, which compares two numbers of one known office and kind, the search
    box does not know the office: ``特願2024-012345``, ``2024-012345``, ``JP2024012345`` and
    ``２０２４－０１２３４５`` all give ``2024012345``; ``PCT/JP2024/012345`` gives ``PCTJP2024012345``;
    ``US 17/123,456`` gives ``17123456``. Text without a digit gives ``""`` (not a number).

    >>> search_key("特願2024-012345") == search_key("JP2024012345") == search_key("２０２４－０１２３４５")
    True
    """
    if not number:  # most filings have no publication or registration number yet
        return ""
    text = unicodedata.normalize("NFKC", number).upper()
    text = _SEARCH_SEPARATORS.sub("", text)
    if not any(ch.isdigit() for ch in text):
        return ""
    text = _SEARCH_SUFFIX.sub("", _SEARCH_PREFIX.sub("", text))
    return text[:40]
