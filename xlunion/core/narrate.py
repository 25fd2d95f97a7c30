"""The written report's sentences with a workbook's figures: what each figure says, in Vietnamese
or English, and which sentences are said at all.

A figure's text is what a draft shows and what ``xlunion report --check`` compares: the same
function gives both, so a figure is “changed” exactly when the workbook now says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..definition import Definition, Indicator
from ..messages import msg, number_text
from ..narrative import Clause, Figure, Narrative, Section, Sentence, Template
from .compare import DONE, EXCEEDED, FAILED, LIKELY, MET, Judgement, Review, Row, said

BLANK = "…"
"""What the draft shows where the workbook has no figure: for the officer to write."""


@dataclass
class Facts:
    """What a workbook says, ready to be told."""

    defn: Definition
    values: Mapping[tuple[str, str], float | None]
    """``derive`` output: every figure of every column."""
    seen: Review
    names: Mapping[str, str] = field(default_factory=dict)
    """``unit``, ``parent``, ``resolution``: names the report states."""
    units: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Per indicator, of the units consolidated, how many have it above zero now, of how many."""
    counted: int | None = None
    """How many units' workbooks were consolidated (None for a single unit's workbook)."""
    meta: Mapping[str, object] = field(default_factory=dict)
    """“Thông tin chung”: the report's number, date and place, the unit's level."""

    def __post_init__(self):
        self.rows: dict[str, Row] = {r.indicator.code: r for r in self.seen.rows}
        self.judged: dict[str, Judgement] = {j.indicator.code: j for j in self.seen.judgements
                                             if j.applied.judged}


@dataclass(frozen=True)
class Piece:
    """A figure as written: its text, and what it traces to."""

    figure: Figure
    text: str
    label: str
    """What it is, named: the indicator and period, for the trace and for ``--check``."""


@dataclass(frozen=True)
class Said:
    """One paragraph of the draft: a sentence with its figures filled."""

    sentence: str
    parts: tuple[str | Piece, ...]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


# -- a figure -----------------------------------------------------------------------------------------


def amount(ind: Indicator, value: float, lang: str) -> str:
    """A figure in its indicator's way: “95,5%”, “100%”, “12.345”, “1.250,5”; a wage in đồng to the
    thousand, as it is reported."""
    if ind.is_percent:
        return _one_decimal(value * 100, lang) + "%"
    if ind.unit.startswith("đồng") and abs(value) >= 100_000:
        value = round(value, -3)
    decimals = 0 if ind.integer or float(value).is_integer() or abs(value) >= 1000 else 1
    return number_text(value, decimals, lang)


def _one_decimal(value: float, lang: str) -> str:
    """“95,5”, and “100” rather than “100,0”."""
    return number_text(value, 0 if round(value, 1).is_integer() else 1, lang)


def figure_value(fig: Figure, facts: Facts) -> float | None:
    """The number behind a figure, where it has one (a clause leaves out a zero)."""
    ind = facts.defn.indicators.get(fig.code)
    if fig.fact or ind is None:
        return None
    row, judged = facts.rows.get(fig.code), facts.judged.get(fig.code)
    if fig.other:
        part, whole = _at(facts, fig.code, fig.period), _at(facts, fig.other, fig.period)
        return part / whole if part is not None and whole else None
    return {
        "value": lambda: _at(facts, fig.code, fig.period),
        "change": lambda: row.change if row else None,
        "change_pct": lambda: row.change_pct if row else None,
        "previous": lambda: row.vs_previous if row else None,
        "yearly": lambda: _per_year(facts, fig.code),
        "reached": lambda: judged.reached if judged else None,
        "against": lambda: judged.reached if judged else None,
        "actual": lambda: judged.actual if judged else None,
        "units": lambda: facts.units.get(fig.code, (None, 0))[0],
    }.get(fig.what, lambda: 1.0)()


def figure_text(fig: Figure, facts: Facts, lang: str, table: bool = False) -> str | None:
    """What a figure says, or None when the workbook has nothing to say it with; in a table (short,
    with “≥”) or in running text (as the sources write)."""
    if fig.fact:
        return _fact(fig.fact, facts, lang)
    ind = facts.defn[fig.code]
    judged = facts.judged.get(fig.code)
    if fig.what in ("target", "status", "outlook", "label", "range"):
        return _words(fig, ind, judged, facts, lang, table)
    value = figure_value(fig, facts)
    if value is None:
        return None
    if fig.other or fig.what in ("change_pct", "reached"):
        return _one_decimal(abs(value) * 100 if fig.what == "change_pct" else value * 100, lang) + "%"
    if fig.what == "units":
        return f"{int(value)}/{facts.units[fig.code][1]}"
    if fig.what in ("change", "previous"):
        return _change(ind, value, fig.what, lang)
    if fig.what == "actual":
        return _actual(ind, judged, value, facts, lang, table)
    if fig.what == "against":
        return _against(ind, judged, lang)
    return amount(ind, value, lang)


def _actual(ind: Indicator, judged: Judgement, value: float, facts: Facts, lang: str, table: bool) -> str:
    """What a target judges, with its unit, and in running text what it is: the latest year's rate
    (“66,7% (năm 2025)”) or the count since the congress."""
    text = amount(ind, value, lang) + ("" if ind.is_percent else f" {ind.unit_in(lang)}")
    basis = judged.applied.target.basis
    if table or basis not in ("each_year", "per_year"):
        return text
    if basis == "each_year":
        return f"{text} ({msg('say.year', lang=lang, year=facts.defn.years[-1].year)})"
    return f"{text} ({msg('say.since_congress', lang=lang)})"


def _against(ind: Indicator, judged: Judgement, lang: str) -> str | None:
    """Against what is due by now: a rate in points above or below it (as the sources speak), a
    count as a share of it."""
    if judged.actual is None or not judged.threshold:
        return None
    if not ind.is_percent:
        return msg("say.share_due", lang=lang, share=_one_decimal(judged.reached * 100, lang) + "%")
    gap = round((judged.actual - judged.threshold) * 100, 1)
    if gap == 0:
        return msg("say.level", lang=lang)
    size = _one_decimal(abs(gap), lang) + " " + msg("say.points", lang=lang)
    return msg("say.above" if gap > 0 else "say.below", lang=lang, size=size)


def figure_label(fig: Figure, facts: Facts, lang: str) -> str:
    """The figure named as an officer reads it: “Tổng số đoàn viên công đoàn (Năm 2025)”."""
    if fig.fact:
        return "#" + fig.fact
    label = facts.defn[fig.code].name(lang) + (f" / {facts.defn[fig.other].name(lang)}" if fig.other else "")
    periods = {p.code: p.label for p in facts.defn.all_periods}
    what = "" if fig.what == "value" else f", {fig.what}"
    return f"{label} ({periods.get(fig.period or facts.defn.current.code)}{what})"


def _at(facts: Facts, code: str, period: str) -> float | None:
    return facts.values.get((code, period or facts.defn.current.code))


def _per_year(facts: Facts, code: str) -> float | None:
    now = _at(facts, code, "")
    return now / facts.seen.elapsed if now is not None and facts.seen.elapsed else None


def _change(ind: Indicator, value: float, what: str, lang: str) -> str | None:
    """“tăng 1.234” / “giảm 2,5 điểm phần trăm” / “tăng 4,5%” (against the previous term)."""
    if ind.is_percent:
        size = number_text(abs(value), 1, lang) + " " + msg("say.points", lang=lang)
    elif what == "previous":
        size = number_text(abs(value) * 100, 1, lang) + "%"
    else:
        size = amount(ind, abs(value), lang)
    return msg("say.up" if value > 0 else "say.down" if value < 0 else "say.same", lang=lang, size=size)


def _words(fig: Figure, ind: Indicator, judged: Judgement | None, facts: Facts, lang: str,
           table: bool) -> str | None:
    if fig.what == "label":
        return ind.name(lang)
    if fig.what == "range":
        years = [v for p in facts.defn.years if (v := facts.values.get((ind.code, p.code))) is not None]
        if not years:
            return None
        low, high = amount(ind, min(years), lang), amount(ind, max(years), lang)
        return low if low == high else msg("say.range", lang=lang, low=low, high=high)
    if judged is None:
        return None
    if fig.what == "target":
        from ..targets import target_text

        return target_text(ind, judged.applied.target, lang, prose=not table)
    word = judged.status if fig.what == "status" else judged.outlook
    if not table and judged.outlook == FAILED:  # past its date: “không đạt”, not “chưa đạt … không hoàn thành”
        word = None if fig.what == "outlook" else "missed"
    text = (msg("judge.missed", lang=lang) if word == "missed" else said(word, lang)) if word else None
    if text is None or table:
        return text
    return text[0].lower() + text[1:] if lang == "vi" else text.lower()


def _fact(name: str, facts: Facts, lang: str) -> str | None:
    seen, judged = facts.seen, list(facts.judged.values())
    counts = {
        "targets": len(judged),
        "met": sum(j.status in (MET, EXCEEDED) for j in judged),
        "not_met": sum(j.status not in (MET, EXCEEDED) for j in judged),
        "likely": sum(j.outlook in (LIKELY, DONE) for j in judged),
        "counted": facts.counted,
    }
    if name in counts:
        return None if counts[name] is None else number_text(counts[name], 0, lang)
    if name == "elapsed":
        return number_text(seen.elapsed, 0 if float(seen.elapsed).is_integer() else 1, lang)
    if name == "years":
        from .calendar import term_years

        return number_text(term_years(facts.defn), 0, lang)
    if name == "cutoff":
        return f"{seen.cutoff:%d/%m/%Y}"
    if name == "term":
        return facts.defn.term.name
    if name in ("subject", "subject_lower"):
        text = msg("say.subject_all" if facts.counted else "say.subject_one", lang=lang)
        return text[0].lower() + text[1:] if name == "subject_lower" else text
    if name == "year":
        return str(facts.defn.years[-1].year)
    return facts.names.get(name) or None


# -- a sentence ---------------------------------------------------------------------------------------


def say(sentence: Sentence, facts: Facts, lang: str) -> list[Said]:
    """The paragraphs a sentence makes: none when its ``when`` does not hold and it has nothing
    to say otherwise, one per target for a sentence said for each target, else one."""
    if sentence.each == "target":
        return [Said(f"{sentence.id}.{code}", _fill(sentence.text[lang], facts, lang, code))
                for code in facts.judged]
    template = sentence.text[lang]
    if sentence.when and not any(_holds(code, facts) for code in sentence.when):
        if sentence.otherwise is None:
            return []
        template = sentence.otherwise[lang]
    parts = _fill(template, facts, lang)
    if any(True for _ in template.figures()) and not any(isinstance(p, Piece) for p in parts):
        return []  # made only of clauses, every one left out: it says nothing
    return [Said(sentence.id, parts)]


def _holds(code: str, facts: Facts) -> bool:
    """An indicator's figure now, or a fact, is there and not zero."""
    if code.startswith("#"):
        return _fact(code[1:], facts, "en") not in (None, "", "0")
    return bool(_at(facts, code, ""))


def _fill(template: Template, facts: Facts, lang: str, code: str = "") -> tuple[str | Piece, ...]:
    parts: list[str | Piece] = []
    for part in template.parts:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, Figure):
            parts.append(_piece(part.on(code), facts, lang, blank=True))
        else:
            parts.extend(_clause(part, facts, lang, code))
    return tuple(parts)


def _clause(clause: Clause, facts: Facts, lang: str, code: str) -> list[str | Piece]:
    """A clause's parts, or none when one of its figures is missing or zero."""
    parts: list[str | Piece] = []
    for part in clause.parts:
        if isinstance(part, str):
            parts.append(part)
            continue
        fig = part.on(code)
        value = figure_value(fig, facts)
        piece = _piece(fig, facts, lang, blank=False)
        rate = bool(fig.other) or (not fig.fact and facts.defn[fig.code].is_percent and fig.what == "value")
        if piece is None or (value is not None and abs(value) < 1e-12 and not rate):
            return []  # a zero count says nothing; a rate of 0 % is a result, and stays
        parts.append(piece)
    return parts


def _piece(fig: Figure, facts: Facts, lang: str, blank: bool) -> Piece | None:
    text = figure_text(fig, facts, lang)
    if text is None and not blank:
        return None
    return Piece(fig, BLANK if text is None else text, figure_label(fig, facts, lang))


def draft(narrative: Narrative, facts: Facts, lang: str) -> list[tuple[Section, list[Said]]]:
    """Every section with its paragraphs."""
    return [(section, [p for s in section.sentences for p in say(s, facts, lang)]) for section in narrative.sections]
