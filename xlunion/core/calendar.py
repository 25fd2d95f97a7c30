"""The term's calendar: how much of each year, and of the term, a report covers.

A congress held on 01/07/2023 opens a five-year term with half a year: the year
2023 counts 0,5 for per-year targets, “đã thực hiện 2,5/5 năm” at the end of 2025,
and projections. Part years count in whole months, as officers count them. A unit's
own congress date may differ from the province's; every function takes the start.
"""

from __future__ import annotations

import datetime as dt

from ..definition import Definition


def _months(days: int, year_days: int) -> int:
    return round(days / year_days * 12)


def year_fractions(defn: Definition, start: dt.date, cutoff: dt.date | None = None) -> dict[str, float]:
    """Year period code → the share of that year between ``start`` and ``cutoff`` (in twelfths)."""
    cutoff = cutoff or default_cutoff(defn)
    out = {}
    for period in defn.years:
        first, last = dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
        lo, hi = max(first, start), min(last, cutoff)
        days = (hi - lo).days + 1 if hi >= lo else 0
        out[period.code] = _months(days, (last - first).days + 1) / 12
    return out


def elapsed(defn: Definition, start: dt.date, cutoff: dt.date | None = None) -> float:
    """Years of the term reported by ``cutoff`` (2,5 for 01/07/2023 – 31/12/2025)."""
    return sum(year_fractions(defn, start, cutoff).values())


def term_years(defn: Definition) -> float:
    """Length of the term in years (five for 01/07/2023 – 30/06/2028)."""
    end = defn.term.end + dt.timedelta(days=1)
    months = (end.year - defn.term.start.year) * 12 + end.month - defn.term.start.month
    return months / 12


def default_cutoff(defn: Definition) -> dt.date:
    """The end of the last year the report covers."""
    return dt.date(defn.years[-1].year, 12, 31)


def term_end_year(defn: Definition, start: dt.date) -> int:
    """The year a term starting on ``start`` ends in (a mid-2023 congress: mid-2028)."""
    return (start + dt.timedelta(days=round(term_years(defn) * 365.25)) - dt.timedelta(days=1)).year
