"""The comparison between the start of the term and now, and against the targets that apply.

Every indicator (:class:`Row`): a level now against the start of the term (a percentage
in points); a flow's yearly average over the term, against the previous term's at the
same point; each against the previous term, unless that column is only partly filled.

Every target that applies to the unit (:class:`Judgement`), in the sources' vocabulary:
“Đạt” / “Chưa đạt” now (“Vượt” only where the resolution asks to exceed it), and the
outlook to its deadline, “Có khả năng hoàn thành” / “Khó hoàn thành” from the trend
(a rate's projection kept within 0–100 %), “Đã hoàn thành” once a term's target is
reached, “Không hoàn thành” when its date has passed unmet. Per-year targets count
part years by months from the congress. A count target of an upper level is not the
unit's: it shows its contribution, unjudged. The same rules are the comparison sheet's
formulas (``xlunion.io.compare_sheet``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..definition import Definition, Indicator
from .calendar import default_cutoff, elapsed, term_end_year, term_years
from .derive import CHANGE, POINTS

EXCEED_MARGIN = 0.05
"""Above the target by more than this (5 % of a count target, 5 points of a % target) is “Vượt”,
where the resolution asks to exceed it."""

MET, NOT_MET, EXCEEDED = "Đạt", "Chưa đạt", "Vượt"
LIKELY, UNLIKELY, DONE, FAILED = "Có khả năng hoàn thành", "Khó hoàn thành", "Đã hoàn thành", "Không hoàn thành"
WORDS = {MET: "judge.met", NOT_MET: "judge.not_met", EXCEEDED: "judge.exceeded", LIKELY: "judge.likely",
         UNLIKELY: "judge.unlikely", DONE: "judge.done", FAILED: "judge.failed"}


def said(word: str, lang: str | None = None) -> str:
    """A status or outlook in the reader's language (the sheets keep the sources' Vietnamese)."""
    from ..messages import msg

    return msg(WORDS[word], lang=lang) if word in WORDS else word


PARTIAL_SHARE = 1.0
"""A column filled by fewer than this share of the units is partial: not compared as if whole."""


@dataclass(frozen=True)
class Row:
    """One indicator: now, the start, the previous term, and the changes between them."""

    indicator: Indicator
    current: float | None
    baseline: float | None
    previous: float | None
    change: float | None
    """Now − the start of the term, for a level (points for a percentage); None for a flow."""
    change_pct: float | None
    """The change relative to the start (a count level only)."""
    yearly: float | None
    """A flow's yearly average over the term so far (part years by months)."""
    vs_previous: float | None
    """Against the previous term at the same point: points for a percentage, else relative (a flow's
    yearly average against the previous term's). None when that column is partial."""


@dataclass(frozen=True)
class Judgement:
    """One target that applies to the unit, and how the unit stands against it."""

    indicator: Indicator
    applied: object
    """The :class:`~xlunion.targets.Applied` target."""
    actual: float | None
    """What is judged: the level now, the latest year's rate, or the count so far."""
    threshold: float | None
    """The target as due by now (a per-year count × the years elapsed)."""
    reached: float | None
    """Share of the threshold reached (1.0 = exactly met)."""
    status: str
    projected: float | None
    """The figure expected at the deadline if the trend goes on."""
    goal: float | None
    """The target at its deadline."""
    outlook: str
    deadline: int
    elapsed: float
    """Years of the unit's term elapsed (2,5 for 01/07/2023 – 31/12/2025)."""


def compare(defn: Definition, values: Mapping[tuple[str, str], float | None],
            completeness: Mapping[str, tuple[int, int]] | None = None, start: dt.date | None = None,
            cutoff: dt.date | None = None) -> list[Row]:
    """A row for every indicator, from a workbook's full figures (``derive`` output)."""
    years = elapsed(defn, start or defn.term.start, cutoff)
    whole_previous = not partial(completeness or {}, defn.periods[0].code) if defn.periods[0].role == "previous" \
        else False
    return [_row(defn, ind, values, years, whole_previous) for ind in defn.indicators.values()]


def partial(completeness: Mapping[str, tuple[int, int]], period: str) -> bool:
    """Whether ``period`` was filled by too few of the units to stand for all of them."""
    filled, units = completeness.get(period, (1, 1))
    return units > 0 and filled < PARTIAL_SHARE * units


def _row(defn: Definition, ind: Indicator, values, years: float, whole_previous: bool) -> Row:
    current = values.get((ind.code, defn.current.code))
    base = values.get((ind.code, defn.baseline.code))
    previous = values.get((ind.code, defn.periods[0].code)) if defn.periods[0].role == "previous" else None
    change = values.get((ind.code, CHANGE))
    change_pct = change / base if change is not None and base and not ind.is_percent else None
    yearly = current / years if ind.kind == "flow" and current is not None and years else None
    vs_previous = None
    if whole_previous and current is not None and previous is not None:
        if ind.is_percent:
            vs_previous = (current - previous) * POINTS
        elif previous:
            vs_previous = current / previous - 1
    return Row(ind, current, base, previous, change, change_pct, yearly, vs_previous)


def judge_all(defn: Definition, values: Mapping[tuple[str, str], float | None], applied: Mapping[str, object],
              cutoff: dt.date | None = None) -> list[Judgement]:
    """A judgement for every target that applies (``xlunion.targets.applicable``), in definition order."""
    return [judgement(defn, defn[code], values, applied[code], cutoff) for code in defn.indicators if code in applied]


def judgement(defn: Definition, ind: Indicator, values, applied, cutoff: dt.date | None = None) -> Judgement:
    target = applied.target
    cutoff = cutoff or default_cutoff(defn)
    years = elapsed(defn, applied.start, cutoff)
    full = term_years(defn)
    deadline = target.by if target.basis == "level" and target.by else term_end_year(defn, applied.start)
    actual = _actual(defn, ind, target, values)
    threshold = _threshold(target, years, full)
    reached = actual / threshold if actual is not None and threshold else None
    projected = project(defn, ind, target, values, years, deadline)
    goal = _threshold(target, full, full)
    if not applied.judged:
        return Judgement(ind, applied, actual, threshold, reached, "", None, goal, "", deadline, years)
    status = judge(ind, target, actual, threshold)
    outlook = _outlook(ind, target, actual, projected, goal, status, deadline, cutoff)
    return Judgement(ind, applied, actual, threshold, reached, status, projected, goal, outlook, deadline, years)


def _actual(defn: Definition, ind: Indicator, target, values) -> float | None:
    """The latest year's figure for a rate held every year; the current column otherwise (a level
    now, or a count cumulated since the congress)."""
    if target.basis == "each_year":
        return values.get((ind.code, defn.years[-1].code))
    return values.get((ind.code, defn.current.code))


def _threshold(target, years: float, full: float) -> float:
    if target.basis == "per_year":
        return target.value * years
    if target.basis == "term":
        return target.value * years / full if full else target.value
    return target.value


def judge(ind: Indicator, target, value: float | None, threshold: float | None) -> str:
    """Đạt / Chưa đạt (/ Vượt where the resolution asks to exceed): percentages in points,
    counts as ratios."""
    if value is None or threshold is None:
        return ""
    gap = gap_of(ind, target, value, threshold)
    if gap < -1e-9:
        return NOT_MET
    return EXCEEDED if target.exceed and gap > EXCEED_MARGIN else MET


def gap_of(ind: Indicator, target, value: float, threshold: float) -> float:
    """Negative when ``value`` falls short of ``threshold``: points for a percentage, else a ratio."""
    gap = value - threshold if ind.is_percent or not threshold else value / threshold - 1
    return -gap if target.op == "<=" else gap


def project(defn: Definition, ind: Indicator, target, values, years: float, deadline: int) -> float | None:
    """The figure expected at the deadline if the trend goes on.

    A count: the yearly average so far, carried over the whole term. A level or a rate: the
    last year plus the average yearly change, to the deadline (every year must be known); a
    percentage stays within 0–100 %, nothing goes below zero."""
    if target.basis in ("per_year", "term"):
        current = values.get((ind.code, defn.current.code))
        if current is None or not years:
            return None
        return current / years * term_years(defn)
    years_ = [values.get((ind.code, p.code)) for p in defn.years]
    if any(v is None for v in years_):
        return None
    first, last = years_[0], years_[-1]
    slope = (last - first) / (len(years_) - 1) if len(years_) > 1 else 0.0
    projected = last + slope * max(deadline - defn.years[-1].year, 0)
    return min(max(projected, 0.0), 1.0) if ind.is_percent else max(projected, 0.0)


def _outlook(ind: Indicator, target, actual, projected, goal, status: str, deadline: int, cutoff: dt.date) -> str:
    if actual is None:
        return ""
    if target.basis in ("per_year", "term"):
        if judge(ind, target, actual, goal) in (MET, EXCEEDED):
            return DONE
    elif target.basis == "level" and cutoff >= dt.date(deadline, 12, 31):
        return DONE if status in (MET, EXCEEDED) else FAILED
    if projected is None:
        return ""
    return LIKELY if judge(ind, target, projected, goal) in (MET, EXCEEDED) else UNLIKELY


@dataclass(frozen=True)
class Review:
    """A workbook's comparison and judgements, with the dates they rest on."""

    start: dt.date
    """The unit's congress (its own, or its resolution's), from which the term's years count."""
    cutoff: dt.date
    elapsed: float
    completeness: Mapping[str, tuple[int, int]]
    """Per period: how many of the units consolidated filled it, of how many."""
    rows: list[Row]
    judgements: list[Judgement]


def review(defn: Definition, values: Mapping[tuple[str, str], float | None], meta: Mapping[str, object],
           hidden: Mapping[str, str], applied: Mapping[str, object]) -> Review:
    """The comparison of a workbook's full figures (``derive`` output) and the judgements of the
    targets that apply (``xlunion.targets.applicable``); ``meta`` gives the cut-off and the
    congress date, ``hidden`` the completeness a consolidation kept."""
    from .consolidate import FILLED

    cutoff = meta.get("cutoff")
    cutoff = cutoff.date() if isinstance(cutoff, dt.datetime) else cutoff if isinstance(cutoff, dt.date) \
        else default_cutoff(defn)
    congress = meta.get("congress_date")
    congress = congress.date() if isinstance(congress, dt.datetime) else congress
    own = [a for a in applied.values() if a.role in ("own", "inherited")]
    start = congress if isinstance(congress, dt.date) else own[0].start if own else defn.term.start
    completeness = {k[len(FILLED):]: tuple(map(int, v.split("/"))) for k, v in hidden.items()
                    if k.startswith(FILLED) and v.count("/") == 1 and v.replace("/", "").isdigit()}
    return Review(start, cutoff, elapsed(defn, start, cutoff), completeness,
                  compare(defn, values, completeness, start, cutoff), judge_all(defn, values, applied, cutoff))

