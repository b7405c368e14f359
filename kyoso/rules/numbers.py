"""Application, publication and registration number formats per office.

Source: domain/fees-and-deadlines.md §3.5 (JPO, WIPO AI s307/s404, USPTO, EPO Guidelines A-II 1.7).
Each office's pattern accepts the common written forms (with or without the office prefix and
separators) so that users can paste numbers as they see them.
"""

from __future__ import annotations

import re

__all__ = ["NUMBER_FORMATS", "check_number", "NumberKind"]


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
    if pattern.match(number.strip()):
        return None
    return f"not a {office} {kind} number; expected the form {example}"
