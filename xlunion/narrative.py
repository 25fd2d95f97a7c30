"""The written report's sentences, declared with the report (``narrative:`` in its definition).

A section is a heading and a list of sentences, in the order of a real report; a sentence is a
template in Vietnamese and in English, whose figures name an indicator, a period and what of it
to say::

    Tổng số đoàn viên là {DV_TONG} người[, {DV_TONG:change} người so với đầu nhiệm kỳ]; đoàn
    viên nữ {DV_NU} người, chiếm {DV_NU/DV_TONG}.

``{CODE}`` is the figure now (“Lũy kế / Hiện tại”); ``{CODE@PERIOD}`` at a period;
``{A/B}`` the share A is of B; ``{CODE:what}`` one of :data:`WHATS`; ``{#fact}`` a fact of the
report (:data:`FACTS`). A clause in ``[…]`` is left out when one of its figures is missing or
zero, so that “trong đó 0 vụ …” is never written. A sentence with ``when:`` is written only when
one of those indicators is not zero (else its ``otherwise:``, if any); one with ``each: target``
is written once for every target that applies, ``*`` standing for the target's indicator.

Every reference is checked when the definition loads: an unknown indicator, period, fact or
``what`` fails, naming the sentence and its template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

WHATS = {
    "value": "the figure",
    "change": "“tăng 12” / “giảm 3” since the start of the term (points for a percentage)",
    "change_pct": "the change since the start, relative to it",
    "previous": "“tăng 4,5%” against the previous term at the same point (points for a percentage)",
    "yearly": "the figure per year of the term so far",
    "range": "“từ 85% đến 92%”: the lowest and highest of the years",
    "target": "the target as the resolution sets it: “≥ 95% đến năm 2025”",
    "reached": "the share of the target due by now that is reached",
    "against": "“cao hơn mức yêu cầu 0,5 điểm phần trăm” (a rate), “bằng 108,4% mức yêu cầu …” (a count)",
    "status": "đạt / chưa đạt / vượt",
    "outlook": "có khả năng hoàn thành / khó hoàn thành / đã hoàn thành / không hoàn thành",
    "units": "“11/12”: of the units consolidated, how many have the figure above zero",
    "actual": "what a target judges, with its unit: the level now, the latest year's rate, the count so far",
    "label": "the indicator's name (text, not a figure)",
}
FACTS = {
    "unit": "the unit's name", "parent": "the union above", "term": "the term (“Nhiệm kỳ 2023–2028”)",
    "cutoff": "the cut-off date", "elapsed": "years of the term elapsed (“2,5”)", "years": "years of the term",
    "resolution": "the resolutions judged against", "targets": "how many targets apply",
    "met": "how many are met", "not_met": "how many are not yet met",
    "likely": "how many will likely be met, or are already", "counted": "units consolidated",
    "subject": "who acted: “Các cấp công đoàn” in a consolidated report, “Công đoàn” in a unit's own",
    "subject_lower": "the same, within a sentence", "year": "the latest year of the report (“2025”)",
}
FIGURE = re.compile(r"\{([^{}\[\]]*)\}")
SPEC = re.compile(r"^(?:#(?P<fact>\w+)|(?P<code>\*|\w+)(?:/(?P<other>\w+))?(?:@(?P<period>\w+))?(?::(?P<what>\w+))?)$")


@dataclass(frozen=True)
class Figure:
    """One ``{…}`` of a template."""

    code: str = ""
    """An indicator's code; ``*`` in a sentence said for each target; '' for a fact."""
    period: str = ""
    """A period's code; '' for the current column."""
    what: str = "value"
    other: str = ""
    """The whole of which ``code`` is a share (``{A/B}``)."""
    fact: str = ""

    @property
    def spec(self) -> str:
        """As written in a template, with ``*`` resolved (what a draft's trace keeps)."""
        if self.fact:
            return f"#{self.fact}"
        text = self.code + (f"/{self.other}" if self.other else "") + (f"@{self.period}" if self.period else "")
        return text + ("" if self.what == "value" else f":{self.what}")

    def on(self, code: str) -> Figure:
        """This figure for the target on ``code`` (a sentence said for each target)."""
        return Figure(code, self.period, self.what, self.other, self.fact) if self.code == "*" else self


@dataclass(frozen=True)
class Clause:
    """An optional ``[…]``: text and figures, left out when a figure is missing or zero."""

    parts: tuple[str | Figure, ...]


Part = str | Figure | Clause


@dataclass(frozen=True)
class Template:
    text: str
    parts: tuple[Part, ...]

    def figures(self) -> Iterable[Figure]:
        for part in self.parts:
            if isinstance(part, Figure):
                yield part
            elif isinstance(part, Clause):
                yield from (p for p in part.parts if isinstance(p, Figure))


@dataclass(frozen=True)
class Sentence:
    id: str
    text: dict[str, Template]
    """By language: ``vi``, ``en``."""
    when: tuple[str, ...] = ()
    """Written only when one of these indicators (or ``#facts``) is not zero now."""
    otherwise: dict[str, Template] | None = None
    each: str = ""
    """``target``: once per target that applies."""


@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]
    sentences: tuple[Sentence, ...]
    table: str = ""
    """``targets``: the table of the resolution's targets follows the sentences."""
    level: int = 1
    """1 for a part (“I.”, “II.”), 2 for a heading within it (“1.”)."""


@dataclass(frozen=True)
class Narrative:
    title: dict[str, str]
    """The report's subtitle under “BÁO CÁO”; ``{#unit}`` and ``{#term}`` are filled in."""
    sections: tuple[Section, ...]

    def sentence(self, sid: str) -> Sentence:
        return next(s for section in self.sections for s in section.sentences if s.id == sid)


def parse_template(text: str) -> tuple[Part, ...]:
    """Split a template into text, figures and optional clauses; raise ValueError saying what
    is wrong with it."""
    parts: list[Part] = []
    rest = str(text)
    while rest:
        if rest.startswith("["):
            end = rest.find("]")
            if end < 0 or "[" in rest[1:end]:
                raise ValueError("“[” without its “]” (clauses do not nest)")
            parts.append(Clause(_pieces(rest[1:end])))
            rest = rest[end + 1:]
            continue
        cut = rest.find("[")
        head, rest = (rest, "") if cut < 0 else (rest[:cut], rest[cut:])
        if "]" in head:
            raise ValueError("“]” without its “[”")
        parts.extend(_pieces(head))
    return tuple(parts)


def _pieces(text: str) -> tuple[str | Figure, ...]:
    pieces: list[str | Figure] = []
    at = 0
    for found in FIGURE.finditer(text):
        pieces.append(text[at:found.start()])
        pieces.append(_figure(found.group(1)))
        at = found.end()
    pieces.append(text[at:])
    if any(("{" in p or "}" in p) for p in pieces if isinstance(p, str)):
        raise ValueError("“{” or “}” out of place")
    return tuple(p for p in pieces if p != "")


def _figure(spec: str) -> Figure:
    found = SPEC.match(spec.strip())
    if not found:
        raise ValueError(f"“{{{spec}}}” is not a figure ({{CODE}}, {{CODE@PERIOD}}, {{A/B}}, {{CODE:what}}, {{#fact}})")
    if found["fact"]:
        return Figure(fact=found["fact"])
    return Figure(found["code"], found["period"] or "", found["what"] or "value", found["other"] or "")


def check_figure(fig: Figure, indicators: Iterable[str], periods: Iterable[str], each: bool) -> None:
    """Raise ValueError naming what ``fig`` refers to that the definition does not have."""
    if fig.fact:
        if fig.fact not in FACTS:
            raise ValueError(f"unknown fact “#{fig.fact}” (known: {', '.join(sorted(FACTS))})")
        return
    codes = set(indicators)
    if fig.code == "*" and not each:
        raise ValueError("“*” is only for a sentence said for each target (each: target)")
    for code in (fig.code, fig.other):
        if code and code != "*" and code not in codes:
            raise ValueError(f"unknown indicator “{code}”")
    if fig.period and fig.period not in set(periods):
        raise ValueError(f"unknown period “{fig.period}”")
    if fig.what not in WHATS:
        raise ValueError(f"unknown “:{fig.what}” (known: {', '.join(sorted(WHATS))})")


def parse_narrative(raw, indicators: Iterable[str], periods: Iterable[str], fail: Callable[..., Exception]):
    """The ``narrative:`` mapping of a definition, checked; ``fail(where, key, **values)`` makes
    the error to raise."""
    indicators, periods = list(indicators), list(periods)
    if not isinstance(raw, dict) or not isinstance(raw.get("sections"), list):
        raise fail("narrative", "def.bad_value", field="narrative", value=raw, reason="expected title and sections")
    title = _texts(raw.get("title"), "narrative.title", fail)
    sections, seen = [], set()
    for number, item in enumerate(raw["sections"], start=1):
        where = f"narrative.sections[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("sentences", []), list):
            raise fail(where, "def.bad_value", field="section", value=item, reason="expected id, title, sentences")
        sentences = []
        for sraw in item.get("sentences", []):
            sentence = _sentence(sraw, where, indicators, periods, fail)
            if sentence.id in seen:
                raise fail(where, "def.narrative", sentence=sentence.id, text="", problem="id used twice")
            seen.add(sentence.id)
            sentences.append(sentence)
        title = _texts(item["title"], where, fail) if item.get("title") else {"vi": "", "en": ""}  # none: no heading
        sections.append(Section(str(item.get("id") or number), title,
                                tuple(sentences), str(item.get("table") or ""), int(item.get("level") or 1)))
    return Narrative(title, tuple(sections))


def _texts(raw, where: str, fail) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw.get("vi") or not raw.get("en"):
        raise fail(where, "def.bad_value", field=where, value=raw, reason="expected vi and en texts")
    return {"vi": str(raw["vi"]), "en": str(raw["en"])}


def _sentence(raw, where: str, indicators, periods, fail) -> Sentence:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise fail(where, "def.bad_value", field="sentence", value=raw, reason="expected id, vi, en")
    sid, each = str(raw["id"]), str(raw.get("each") or "")
    unknown = sorted(set(raw) - {"id", "vi", "en", "when", "otherwise", "each"})
    if unknown or each not in ("", "target"):
        raise fail(where, "def.narrative", sentence=sid, text="", problem=f"unknown field {unknown or each}")

    def template(text, lang: str) -> Template:
        if not text:
            raise fail(where, "def.narrative", sentence=sid, text="", problem=f"no {lang} text")
        try:
            parts = parse_template(text)
            tpl = Template(str(text), parts)
            for fig in tpl.figures():
                check_figure(fig, indicators, periods, bool(each))
        except ValueError as exc:
            raise fail(where, "def.narrative", sentence=sid, text=text, problem=str(exc)) from exc
        return tpl

    when = tuple(str(c) for c in (raw.get("when") or ()))
    for code in when:
        if code not in indicators and code.lstrip("#") not in FACTS:
            raise fail(where, "def.narrative", sentence=sid, text=f"when: {list(when)}",
                       problem=f"unknown indicator “{code}”")
    otherwise = raw.get("otherwise")
    return Sentence(sid, {lang: template(raw.get(lang), lang) for lang in ("vi", "en")}, when,
                    {lang: template(otherwise.get(lang), lang) for lang in ("vi", "en")} if otherwise else None,
                    each)
