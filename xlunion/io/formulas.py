"""Excel formulas for the derived cells, mirroring ``xlunion.core.derive`` rule for rule.

Each formula treats anything that is not a number as blank (COUNT, ISNUMBER),
exactly as ``derive.number`` does, so the value xlunion caches and the value a
spreadsheet recalculates agree even when an officer typed text into a cell.
"""

from __future__ import annotations

from ..core.derive import CHANGE, POINTS, has_change
from ..definition import Definition, Indicator
from ..layout import Layout


def _sum_if_any(refs: list[str]) -> str:
    args = ",".join(refs)
    return f'IF(COUNT({args})=0,"",SUM({args}))'


def _ratio(nums: list[str], dens: list[str]) -> str:
    n, d = ",".join(nums), ",".join(dens)
    return f'IF(AND(COUNT({n})>0,COUNT({d})>0,SUM({d})<>0),SUM({n})/SUM({d}),"")'


NOT_APPLICABLE = ""
"""What :func:`formula` gives for a cell that has no figure at all (a flow at the start of the term)."""


def formula(defn: Definition, lay: Layout, ind: Indicator, column: str) -> str | None:
    """The formula of ``ind`` in ``column``, None for a typed input cell, or :data:`NOT_APPLICABLE`."""
    sheet = lay.sheet_names[ind.code]

    def ref(code: str, col: str = column) -> str:
        return lay.ref(code, col, sheet)

    if column == CHANGE:
        if not has_change(ind):
            return NOT_APPLICABLE
        base, latest = ref(ind.code, defn.baseline.code), ref(ind.code, defn.current.code)
        points = f"*{POINTS}" if ind.is_percent else ""
        return f'=IF(AND(ISNUMBER({latest}),ISNUMBER({base})),({latest}-{base}){points},"")'
    role = next((p.role for p in defn.periods if p.code == column), "")
    if not ind.applies(role):
        return NOT_APPLICABLE
    if ind.kind == "ratio":
        return "=" + _ratio([ref(c) for c in ind.numerator], [ref(c) for c in ind.denominator])
    if column == defn.current.code:
        years = [ref(ind.code, y.code) for y in defn.years]
        if ind.kind == "flow":
            first, last = years[0], years[-1]
            return "=" + _sum_if_any([f"{first}:{last}"])
        return f'=IF(ISNUMBER({years[-1]}),{years[-1]},"")'
    if ind.sum_of:
        return "=" + _sum_if_any([ref(c) for c in ind.sum_of])
    return None
