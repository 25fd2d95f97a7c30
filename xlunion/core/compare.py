"""The comparison between the start of the term and now, against the resolution's targets.

For every indicator: each period's figure, the change since the start (absolute
and %), and for indicators with a target: the threshold for the years reported,
the share of it reached, the status (Đạt / Chưa đạt / Vượt) and the projection
to the end of the term from the yearly trend (triển vọng hoàn thành).
Percentage targets are compared in points, counts as ratios. The same rules
are written as the comparison sheet's formulas (``xlunion.io.compare_sheet``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..definition import Definition, Indicator
from .derive import CHANGE

EXCEED_MARGIN = 0.05
"""Above the target by more than this (5 % of a count target, 5 points of a % target) is “Vượt”."""

MET, NOT_MET, EXCEEDED = "Đạt", "Chưa đạt", "Vượt"
LIKELY, UNLIKELY, DONE = "Có triển vọng hoàn thành", "Khó hoàn thành", "Đã hoàn thành"


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    current: float | None
    baseline: float | None
    change: float | None
    change_pct: float | None
    threshold: float | None
    reached: float | None
    """Share of the threshold reached (1.0 = exactly met)."""
    status: str
    projected: float | None
    outlook: str


def years_reported(defn: Definition) -> int:
    return len(defn.years)


def term_years(defn: Definition) -> int:
    """Years the term spans (2023–2028: five)."""
    return defn.term.end.year - defn.term.start.year


def compare(defn: Definition, values: dict[tuple[str, str], float | None]) -> list[Row]:
    """Comparison rows from a workbook's full figures (``derive`` output)."""
    return [_row(defn, ind, values) for ind in defn.indicators.values()]


def _row(defn: Definition, ind: Indicator, values) -> Row:
    current = values.get((ind.code, defn.current.code))
    base = values.get((ind.code, defn.baseline.code))
    change = values.get((ind.code, CHANGE))
    change_pct = change / base if change is not None and base else None
    threshold = reached = projected = None
    status = outlook = ""
    if ind.target is not None:
        threshold = ind.target.threshold(years_reported(defn))
        reached = current / threshold if current is not None and threshold else None
        status = judge(ind, current, threshold)
        projected = project(defn, ind, values)
        outlook = _outlook(ind, current, threshold, projected, defn)
    return Row(ind, current, base, change, change_pct, threshold, reached, status, projected, outlook)


def judge(ind: Indicator, value: float | None, threshold: float | None) -> str:
    """Đạt / Chưa đạt / Vượt: percentage targets in points, count targets as ratios."""
    if value is None or threshold is None:
        return ""
    gap = (value - threshold) if ind.is_percent else (value / threshold - 1 if threshold else 0)
    if ind.target.op == "<=":
        gap = -gap
    if gap < 0:
        return NOT_MET
    return EXCEEDED if gap > EXCEED_MARGIN else MET


def project(defn: Definition, ind: Indicator, values) -> float | None:
    """The figure expected at the end of the term if the yearly trend goes on.

    Cumulative (per-year) targets: the yearly average carried over every year of the
    term. Levels: the last year plus the average yearly change for the years left.
    """
    years = [values.get((ind.code, y.code)) for y in defn.years]
    if any(v is None for v in years):
        return None
    if ind.target and ind.target.per_year:
        current = values.get((ind.code, defn.current.code))
        return None if current is None else current / len(years) * term_years(defn)
    slope = (years[-1] - years[0]) / (len(years) - 1) if len(years) > 1 else 0.0
    return years[-1] + slope * (defn.term.end.year - defn.years[-1].year)


def _outlook(ind: Indicator, current, threshold, projected, defn: Definition) -> str:
    if current is None or threshold is None:
        return ""
    if judge(ind, current, threshold) != NOT_MET and not ind.target.per_year:
        return DONE
    goal = ind.target.threshold(term_years(defn)) if ind.target.per_year else threshold
    if projected is None:
        return ""
    return LIKELY if judge(ind, projected, goal) != NOT_MET else UNLIKELY
