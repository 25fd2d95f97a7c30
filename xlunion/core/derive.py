"""Derived figures: totals, ratios, the current column and the change since the start.

These are the same rules the workbook's formulas express (see
``xlunion.io.formulas``); computing them here lets every workbook carry correct
cached values, and lets a reader recompute a total instead of trusting it.
The rule shared by both sides: anything that is not a number is blank.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from ..definition import Definition, Indicator

CHANGE = "CHG"
"""Column code of “So với đầu NK” (change since the start of the term)."""

Values = Mapping[tuple[str, str], object]


def number(value: object) -> float | None:
    """A typed value as the formulas see it: numbers count, everything else is blank."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else float(value)


def exact_sum(values: Iterable[float]) -> float:
    """Sum without rounding drift (fsum); a sum past the largest double is ±inf, as Excel
    shows #NUM!, where fsum raises (hypothesis found two figures of 9e307)."""
    values = list(values)
    try:
        return math.fsum(values)
    except OverflowError:
        return sum(values)


def total(values: Iterable[float | None]) -> float | None:
    """SUM over numbers, blank when there are none (Excel: IF(COUNT()=0,"",SUM()))."""
    present = [v for v in values if v is not None]
    return exact_sum(present) if present else None


def ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def current(defn: Definition, ind: Indicator, column: Mapping[str, float | None]) -> float | None:
    """“Lũy kế / Hiện tại”: the latest level for stocks and means, the sum of years for flows."""
    years = [p.code for p in defn.years]
    if ind.kind == "flow":
        return total(column.get(y) for y in years)
    return column.get(years[-1])


def change(defn: Definition, ind: Indicator, column: Mapping[str, float | None]) -> float | None:
    """Change since the start of the term, for a level: now − the start; a percentage in points
    (0,912 − 0,881 is +3,1 points). A flow has no level at the start: its comparison is the
    yearly average against the previous term's (``core.compare``), so it has none here."""
    if not has_change(ind):
        return None
    base = column.get(defn.baseline.code)
    latest = column.get(defn.current.code)
    if base is None or latest is None:
        return None
    return (latest - base) * POINTS if ind.is_percent else latest - base


POINTS = 100
"""A change of a percentage is shown in points: the difference of the fractions × 100."""


def has_change(ind: Indicator) -> bool:
    """Whether “So với đầu NK” means anything for ``ind``: not for a flow."""
    return ind.kind != "flow"


def derive(defn: Definition, typed: Values) -> dict[tuple[str, str], float | None]:
    """Every figure of a workbook from what was typed in its input cells.

    ``typed`` maps (indicator, period) to the cell's value; the result holds a
    number or None for every indicator × (input periods, current, change).
    Typed values of computed indicators are ignored: totals are recomputed.
    """
    out: dict[tuple[str, str], float | None] = {}
    inputs = [i for i in defn.indicators.values() if not i.computed]
    for ind in inputs:
        for p in defn.periods:
            out[ind.code, p.code] = number(typed.get((ind.code, p.code))) if ind.applies(p.role) else None
    for ind in defn.computation_order():
        for p in defn.periods:
            out[ind.code, p.code] = _computed(ind, p.code, out)
    for ind in defn.indicators.values():
        if ind.kind != "ratio":
            out[ind.code, defn.current.code] = current(defn, ind, _column(defn, ind.code, out))
    for ind in defn.computation_order():
        if ind.kind == "ratio":
            out[ind.code, defn.current.code] = _computed(ind, defn.current.code, out)
    for ind in defn.indicators.values():
        out[ind.code, CHANGE] = change(defn, ind, _column(defn, ind.code, out))
    return out


def _computed(ind: Indicator, period: str, out: Mapping[tuple[str, str], float | None]) -> float | None:
    if ind.kind == "ratio":
        num = total(out[c, period] for c in ind.numerator)
        den = total(out[c, period] for c in ind.denominator)
        return ratio(num, den)
    return total(out[c, period] for c in ind.sum_of)


def _column(defn: Definition, code: str, out: Mapping[tuple[str, str], float | None]) -> dict[str, float | None]:
    return {p.code: out.get((code, p.code)) for p in defn.all_periods}
