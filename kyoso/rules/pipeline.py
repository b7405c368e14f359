"""The technology-transfer pipeline: its stages, which moves are allowed, and the funnel.

A deal moves lead → contacted → NDA → evaluation → term sheet → won (licence signed), or is
lost from any open stage (with the reason). Moves go forward only (a stage may be skipped: a
member that signs an NDA at the first meeting was contacted and under NDA the same day); a deal
is won only from the term sheet; a closed deal (won or lost) does not move again.

The funnel of a set of deals (each a log of ``(stage, date entered)``): per stage, how many deals
reached it (a deal that reached a later stage passed it, even if it skipped it), the conversion
to the next stage, and the median days spent in it (from entering it to entering the next logged
stage; a deal still in a stage is left out of that stage's median).

Pure Python: no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

__all__ = ["STAGES", "OPEN_STAGES", "WON", "LOST", "move_errors", "FunnelRow", "funnel", "furthest"]

#: The open stages in order, then the two closing ones.
OPEN_STAGES: tuple[str, ...] = ("lead", "contacted", "nda", "evaluation", "term_sheet")
WON = "won"
LOST = "lost"
STAGES: tuple[str, ...] = (*OPEN_STAGES, WON, LOST)
#: The funnel's ladder: the open stages and winning.
LADDER: tuple[str, ...] = (*OPEN_STAGES, WON)


def move_errors(current: str, target: str, *, reason: str = "", has_licence: bool = False) -> list[str]:
    """Why a deal in ``current`` may not move to ``target`` (empty: it may). Messages are keys
    the caller translates: ``closed``, ``backwards``, ``same``, ``won_from_term_sheet``,
    ``lost_needs_reason``, ``won_needs_licence``, ``unknown``."""
    if target not in STAGES or current not in STAGES:
        return ["unknown"]
    if current in (WON, LOST):
        return ["closed"]
    if target == current:
        return ["same"]
    errors = []
    if target == LOST:
        if not reason.strip():
            errors.append("lost_needs_reason")
        return errors
    if target == WON:
        if current != "term_sheet":
            errors.append("won_from_term_sheet")
        if not has_licence:
            errors.append("won_needs_licence")
        return errors
    if OPEN_STAGES.index(target) < OPEN_STAGES.index(current):
        errors.append("backwards")
    return errors


def furthest(log: Sequence[tuple[str, date]]) -> int:
    """Index in :data:`LADDER` of the furthest stage a deal reached (lost is not a rung)."""
    rungs = [LADDER.index(stage) for stage, _on in log if stage in LADDER]
    return max(rungs) if rungs else 0


@dataclass(frozen=True)
class FunnelRow:
    stage: str
    reached: int
    conversion: Decimal | None  # % of the deals that reached this stage which reached the next one
    median_days: float | None

    def as_dict(self) -> dict:
        return {"stage": self.stage, "reached": self.reached,
                "conversion": None if self.conversion is None else float(self.conversion),
                "median_days": self.median_days}


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in %, one decimal, rounded half up; ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def funnel(logs: Iterable[Sequence[tuple[str, date]]]) -> list[FunnelRow]:
    """The funnel of deals given as stage logs (each ordered by date), one row per rung of :data:`LADDER`."""
    reached = [0] * len(LADDER)
    days: dict[str, list[int]] = {stage: [] for stage in LADDER}
    for log in logs:
        top = furthest(log)
        for index in range(top + 1):
            reached[index] += 1
        for (stage, entered), (_next, left) in zip(log, log[1:], strict=False):
            if stage in days:
                days[stage].append((left - entered).days)
    rows = []
    for index, stage in enumerate(LADDER):
        following = reached[index + 1] if index + 1 < len(LADDER) else None
        conversion = percent(following, reached[index]) if following is not None else None
        spent = days[stage]
        rows.append(FunnelRow(stage, reached[index], conversion, float(median(spent)) if spent else None))
    return rows
