"""The report definition: one YAML file in ``schemas/`` describes a whole report.

Everything else is derived from a :class:`Definition`: the blank workbook, the
validation rules, how each indicator consolidates and the comparison sheet.
Loading checks the file completely and fails with a :class:`DefinitionError`
that names the file, the indicator and the problem, so a broken definition never
reaches an officer's workbook.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import DefinitionError
from .resources import resource_dir

KINDS = ("stock", "flow", "ratio", "mean")
AGGREGATES = ("sum", "own_plus_sum", "own", "registry")
"""How a union above grassroots gets a figure: see :attr:`Indicator.aggregate`."""
BASES = ("level", "each_year", "per_year", "term")
"""How a target on an indicator is counted: see :attr:`Indicator.target`."""
LEVEL_CODES = ("co_so", "cap_tren", "tinh", "tw")
"""The registry's levels (``xlunion.registry.LEVELS``), grassroots first."""
VALUE_TYPES = ("count", "amount", "percent", "rate")
ROLES = ("previous", "baseline", "year")
SCHEMAS_DIR = resource_dir("schemas")
DEFAULT_REPORT = "so-ket-giua-nhiem-ky"


@dataclass(frozen=True)
class Period:
    """A column of figures in every appendix sheet."""

    code: str
    """Stable code used in facts and in the hidden cell map (``DNK``, ``N2024``)."""
    label: str
    """Column heading shown to the officer (``Đầu nhiệm kỳ``)."""
    role: str
    """``previous`` (same point of the previous term), ``baseline`` (start of term),
    ``year`` (one year of the term) or ``current`` (derived: latest level or cumulative)."""
    year: int | None = None
    """Calendar year of a ``year`` period."""
    required: bool = True
    """Whether required indicators must be filled in this period."""
    note: str = ""
    """Second heading line explaining the column."""


@dataclass(frozen=True)
class Plausible:
    """A bound on a figure relative to another one (a warning, silenced by a Ghi chú explanation):
    ``value ≤ max(allow, at_most × per)`` in every period, e.g. Party introductions per member."""

    per: str
    """The indicator the figure is measured against (members, officers)."""
    at_most: float
    """Largest plausible value per unit of ``per``."""
    allow: float = 0
    """Always plausible up to this value, however small ``per`` is."""

    def limit(self, per_value: float) -> float:
        return max(self.allow, self.at_most * per_value)


@dataclass(frozen=True)
class Balance:
    """Stock-flow consistency: level(year) ≈ level(previous) + Σ plus − Σ minus."""

    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    tolerance: float = 0.02
    """Relative gap tolerated before a warning (0.02 = 2 % of the level)."""


@dataclass(frozen=True)
class Indicator:
    """One row of an appendix sheet."""

    code: str
    """Stable code (``DV_NU``): never reused for another meaning."""
    label: str
    """Vietnamese label with diacritics, as printed in the workbook."""
    unit: str
    """ĐVT (đơn vị tính): ``người``, ``đơn vị``, ``%`` … declared under ``units``."""
    kind: str
    """``stock`` (a level at a date), ``flow`` (a count in a period), ``ratio``
    (numerator / denominator, never typed) or ``mean`` (weighted by ``weight``)."""
    sheet: str
    """Code of the sheet holding the row."""
    value_type: str
    """How a value is typed, from the unit: ``count``, ``amount``, ``percent``, ``rate``."""
    level: int = 0
    """Indentation: 1 for a “trong đó” or detail row, 2 below that."""
    required: bool = True
    """Must be filled in every required period (inputs only)."""
    minimum: float | None = 0
    """Smallest allowed value (default 0)."""
    maximum: float | None = None
    """Largest allowed value, if any."""
    part_of: str | None = None
    """Code of the whole this value may not exceed (“trong đó” rows, admitted ≤ introduced)."""
    part_over: str = "year"
    """``year``: part ≤ whole in every period (an error); ``term``: only cumulated over the term
    (a warning: Party admission follows introduction by months, across a year's end)."""
    sum_of: tuple[str, ...] = ()
    """Codes whose sum this total is; a total is a formula in the workbook."""
    numerator: tuple[str, ...] = ()
    """Ratio numerator: the sum of these indicators."""
    denominator: tuple[str, ...] = ()
    """Ratio denominator: the sum of these indicators."""
    weight: str | None = None
    """For a mean: the count indicator it is weighted by when consolidated."""
    balance: Balance | None = None
    """Stock-flow consistency rule (warning only)."""
    target: str | None = None
    """How a congress target on it is counted, if it can carry one: ``level`` (a level to reach by a
    date), ``each_year`` (a rate to hold every year), ``per_year`` (a count every year, cumulated)
    or ``term`` (a count over the term). The values are a resolution's (:mod:`xlunion.targets`)."""
    aggregate: str = "sum"
    """How a union above grassroots gets it: ``sum`` of its children; ``own_plus_sum`` its own
    activities added to that sum; ``own`` its own figure only (non-additive); ``registry`` known
    only to the upper level (its own sheet, or the unit registry)."""
    levels: tuple[str, ...] = LEVEL_CODES
    """Levels whose own figure it is: grassroots type it in the appendix, upper levels on their own
    sheet. A level not listed neither types it nor is required to."""
    registry_count: str | None = None
    """For ``registry``: the figure is the number of active units of this level at or below the unit."""
    plausible: tuple[Plausible, ...] = ()
    """Plausibility bounds (warnings)."""
    label_en: str = ""
    """The label in English (``en:``), for what is written in English; the Vietnamese one if none."""
    unit_en: str = ""
    """The ĐVT in English (from the definition's ``units_en:``)."""

    def unit_in(self, lang: str | None = None) -> str:
        """The ĐVT in ``lang`` (the current language if None)."""
        from .messages import language

        return self.unit_en if (lang or language()) == "en" and self.unit_en else self.unit

    def name(self, lang: str | None = None) -> str:
        """The label in ``lang`` (the current language if None)."""
        from .messages import language

        return self.label_en if (lang or language()) == "en" and self.label_en else self.label

    @property
    def computed(self) -> bool:
        """Ratios and totals are formulas: derived, never typed."""
        return self.kind == "ratio" or bool(self.sum_of)

    @property
    def integer(self) -> bool:
        return self.value_type == "count"

    @property
    def is_percent(self) -> bool:
        return self.value_type == "percent"

    @property
    def own_row(self) -> bool:
        """Typed on the sheet of the unit's own activities by a union above grassroots."""
        return not self.computed and self.aggregate != "sum" and self.registry_count is None

    def applies(self, role: str) -> bool:
        """A flow has no figure at the start of the term: nothing flows at an instant."""
        return not (self.kind == "flow" and role == "baseline")


@dataclass(frozen=True)
class MetaField:
    """A line of the “Thông tin chung” sheet."""

    code: str
    """Stable code (``unit_code``); the reader's meta keys."""
    label: str
    """Vietnamese label shown on the sheet."""
    required: bool = False
    """Must be filled (a validation error otherwise)."""
    choices: tuple[str, ...] = ()
    """Allowed values (an Excel drop-down list)."""
    type: str = "text"
    """``text`` or ``date``."""
    fixed: str | None = None
    """Filled from the definition and locked: ``title`` or ``term``."""


@dataclass(frozen=True)
class Sheet:
    """An appendix sheet (phụ lục)."""

    code: str
    """Stable code (``PL1``)."""
    name: str
    """Excel sheet name (31 characters at most)."""
    title: str
    """Title printed at the top of the sheet."""
    indicators: tuple[str, ...]
    """Codes of its rows, in order."""


@dataclass(frozen=True)
class Term:
    name: str
    """As printed (``Nhiệm kỳ 2023–2028``)."""
    start: dt.date
    """Day of the congress: the baseline's date."""
    end: dt.date
    """Planned end; projections run to its year."""
    span: str = ""
    """How the form names what the report covers (“Kỳ báo cáo”); the term's name if not given."""


@dataclass(frozen=True)
class Definition:
    """A whole report, as loaded from ``schemas/<name>.yaml``."""

    id: str
    version: str
    title: str
    short: str
    term: Term
    periods: tuple[Period, ...]
    """The input columns, in order."""
    current: Period
    """The derived “Lũy kế / Hiện tại” column."""
    units: Mapping[str, str]
    meta: tuple[MetaField, ...]
    sheets: tuple[Sheet, ...]
    indicators: Mapping[str, Indicator] = field(repr=False)
    source: str = ""
    narrative: Any = field(default=None, repr=False)
    """The written report's sections and sentences (:class:`xlunion.narrative.Narrative`), if any."""

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    @property
    def years(self) -> tuple[Period, ...]:
        return tuple(p for p in self.periods if p.role == "year")

    @property
    def baseline(self) -> Period:
        return next(p for p in self.periods if p.role == "baseline")

    @property
    def all_periods(self) -> tuple[Period, ...]:
        return (*self.periods, self.current)

    def previous_of(self, period: Period) -> Period | None:
        """The period whose level a year starts from (the baseline for the first year)."""
        chain = [self.baseline, *self.years]
        idx = next((i for i, p in enumerate(chain) if p.code == period.code), None)
        return chain[idx - 1] if idx else None

    def sheet_of(self, code: str) -> Sheet:
        return next(s for s in self.sheets if s.code == self.indicators[code].sheet)

    def computation_order(self) -> list[Indicator]:
        """Computed indicators, each after everything it depends on."""
        order: list[str] = []
        seen: set[str] = set()

        def visit(code: str) -> None:
            if code in seen:
                return
            seen.add(code)
            ind = self.indicators[code]
            for dep in (*ind.sum_of, *ind.numerator, *ind.denominator):
                visit(dep)
            if ind.computed:
                order.append(code)

        for code in self.indicators:
            visit(code)
        return [self.indicators[c] for c in order]

    def fixed_text(self, kind: str) -> str:
        """The text of a fixed field of “Thông tin chung”: the report's title, or its span."""
        return self.title if kind == "title" else self.term.span

    def fingerprint(self) -> str:
        """Hash of everything that decides where a figure sits and what it means."""
        shape = {
            "id": self.id,
            "version": self.version,
            "periods": [[p.code, p.role] for p in self.all_periods],
            "meta": [m.code for m in self.meta],
            "sheets": [[s.code, s.name, list(s.indicators)] for s in self.sheets],
            "indicators": [
                [i.code, i.kind, i.unit, list(i.sum_of), list(i.numerator), list(i.denominator), i.weight,
                 i.aggregate, i.target]
                for i in self.indicators.values()
            ],
        }
        blob = json.dumps(shape, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]


def default_path() -> Path:
    return SCHEMAS_DIR / f"{DEFAULT_REPORT}.yaml"


@functools.lru_cache(maxsize=8)
def definition_at(source: str) -> Definition:
    """The definition at ``source``, parsed once per process: worker processes are handed the
    path, not the object, and each file they read or write needs it (a parse is ~20 ms)."""
    return load_definition(source)


def load_definition(path: str | Path | None = None) -> Definition:
    """Load and check a report definition; raise :class:`DefinitionError` if broken."""
    path = Path(path) if path else default_path()
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:  # a YAML error names its line
        raise DefinitionError(path, "def.unreadable", reason=exc) from exc
    if not isinstance(raw, dict):
        raise DefinitionError(path, "def.unreadable", reason="not a mapping")
    return _Parser(path).definition(raw)


class _Parser:
    """Turns the raw YAML mapping into a checked :class:`Definition`."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, key: str, **values: Any) -> DefinitionError:
        return DefinitionError(self.path, key, where=where, **values)

    def take(self, raw: Any, where: str, required: Iterable[str], optional: Iterable[str] = ()) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(where, "def.bad_value", field=where, value=raw, reason="expected a mapping")
        required, optional = tuple(required), tuple(optional)
        for name in required:
            if raw.get(name) in (None, ""):
                raise self.fail(where, "def.missing_field", field=name)
        unknown = sorted(set(raw) - set(required) - set(optional))
        if unknown:
            raise self.fail(where, "def.unknown_field", fields=", ".join(map(str, unknown)))
        return raw

    def definition(self, raw: dict) -> Definition:
        top = self.take(
            raw, "report",
            ("id", "version", "title", "term", "periods", "current", "units", "meta", "sheets"),
            ("short", "narrative", "units_en"),
        )
        units = self.units(top["units"])
        periods = self.periods(top["periods"])
        sheets, indicators = self.sheets(top["sheets"], units)
        english = {str(k): str(v) for k, v in (top.get("units_en") or {}).items()}
        unknown = sorted(set(english) - set(units))
        if unknown:
            raise self.fail("units_en", "def.unknown_unit", unit=", ".join(unknown))
        indicators = {code: replace(ind, unit_en=english.get(ind.unit, "")) for code, ind in indicators.items()}
        self.check_references(indicators)
        term = self.term(top["term"])
        current = self.take(top["current"], "current", ("code", "label"), ("note",))
        return Definition(
            id=str(top["id"]),
            version=str(top["version"]),
            title=str(top["title"]),
            short=str(top.get("short") or top["id"]),
            term=term,
            periods=periods,
            current=Period(code=str(current["code"]), label=str(current["label"]), role="current",
                           note=str(current.get("note", ""))),
            units=units,
            meta=tuple(self.meta_field(m) for m in top["meta"]),
            sheets=sheets,
            indicators=indicators,
            source=str(self.path),
            narrative=self.narrative(top.get("narrative"), indicators, periods, str(current["code"])),
        )

    def narrative(self, raw: Any, indicators: dict[str, Indicator], periods: tuple[Period, ...], current: str):
        if raw is None:
            return None
        from .narrative import parse_narrative

        return parse_narrative(raw, indicators, [p.code for p in periods] + [current], self.fail)

    def term(self, raw: Any) -> Term:
        term = self.take(raw, "term", ("name", "start", "end"), ("span",))
        start, end = term["start"], term["end"]
        if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end <= start:
            raise self.fail("term", "def.bad_value", field="start/end", value=f"{start}–{end}",
                            reason="two dates, start before end")
        return Term(str(term["name"]), start, end, str(term.get("span") or term["name"]))

    def units(self, raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise self.fail("units", "def.bad_value", field="units", value=raw, reason="expected a mapping")
        for unit, vtype in raw.items():
            if vtype not in VALUE_TYPES:
                raise self.fail("units", "def.bad_value", field=unit, value=vtype, reason=" | ".join(VALUE_TYPES))
        return {str(k): str(v) for k, v in raw.items()}

    def periods(self, raw: Any) -> tuple[Period, ...]:
        periods: list[Period] = []
        for item in raw or ():
            p = self.take(item, "periods", ("code", "label", "role"), ("year", "required", "note"))
            if p["role"] not in ROLES:
                raise self.fail("periods", "def.bad_value", field="role", value=p["role"], reason=" | ".join(ROLES))
            if any(q.code == str(p["code"]) for q in periods):
                raise self.fail("periods", "def.duplicate_period", code=p["code"])
            periods.append(Period(code=str(p["code"]), label=str(p["label"]), role=p["role"],
                                  year=p.get("year"), required=bool(p.get("required", True)),
                                  note=str(p.get("note", ""))))
        roles = [p.role for p in periods]
        if roles.count("baseline") != 1 or "year" not in roles:
            raise self.fail("periods", "def.no_baseline")
        return tuple(periods)

    def meta_field(self, raw: Any) -> MetaField:
        m = self.take(raw, "meta", ("code", "label"), ("required", "choices", "type", "fixed"))
        return MetaField(code=str(m["code"]), label=str(m["label"]), required=bool(m.get("required", False)),
                         choices=tuple(str(c) for c in m.get("choices") or ()), type=str(m.get("type", "text")),
                         fixed=m.get("fixed"))

    def sheets(self, raw: Any, units: dict[str, str]) -> tuple[tuple[Sheet, ...], dict[str, Indicator]]:
        sheets: list[Sheet] = []
        indicators: dict[str, Indicator] = {}
        for item in raw or ():
            s = self.take(item, "sheets", ("code", "name", "title", "indicators"))
            name = str(s["name"])
            if len(name) > 31 or any(c in name for c in ":\\/?*[]"):
                raise self.fail(f"sheet {s['code']}", "def.sheet_name", name=name)
            codes = []
            for ind_raw in s["indicators"]:
                ind = self.indicator(ind_raw, str(s["code"]), units)
                if ind.code in indicators:
                    raise self.fail(ind.code, "def.duplicate_code", first=indicators[ind.code].sheet)
                indicators[ind.code] = ind
                codes.append(ind.code)
            sheets.append(Sheet(code=str(s["code"]), name=name, title=str(s["title"]), indicators=tuple(codes)))
        return tuple(sheets), indicators

    def indicator(self, raw: Any, sheet: str, units: dict[str, str]) -> Indicator:
        where = f"{sheet}/{raw.get('code', '?')}" if isinstance(raw, dict) else sheet
        i = self.take(
            raw, where, ("code", "label", "unit", "kind"),
            ("en", "level", "required", "min", "max", "part_of", "sum_of", "numerator", "denominator",
             "weight", "balance", "target", "aggregate", "levels", "registry_count", "plausible"),
        )
        code = str(i["code"])
        if i["kind"] not in KINDS:
            raise self.fail(code, "def.bad_value", field="kind", value=i["kind"], reason=" | ".join(KINDS))
        if i["unit"] not in units:
            raise self.fail(code, "def.unknown_unit", unit=i["unit"])
        value_type = units[i["unit"]]
        if i["kind"] == "ratio":
            missing = [w for w in ("numerator", "denominator") if not i.get(w)]
            if missing:
                raise self.fail(code, "def.ratio_missing", which=", ".join(missing))
        maximum = i.get("max", 1 if value_type == "percent" and i["kind"] != "ratio" else None)
        part_of, part_over = self.part(i.get("part_of"), code)
        return Indicator(
            code=code, label=str(i["label"]), label_en=str(i.get("en") or ""), unit=str(i["unit"]), kind=i["kind"],
            sheet=sheet,
            value_type=value_type, level=int(i.get("level", 0)), required=bool(i.get("required", True)),
            minimum=i.get("min", 0), maximum=maximum, part_of=part_of, part_over=part_over,
            sum_of=tuple(i.get("sum_of") or ()), numerator=tuple(i.get("numerator") or ()),
            denominator=tuple(i.get("denominator") or ()), weight=i.get("weight"),
            balance=self.balance(i.get("balance"), code), target=self.choice(i, "target", BASES, None, code),
            aggregate=self.choice(i, "aggregate", AGGREGATES, "sum", code),
            levels=self.levels(i.get("levels"), code),
            registry_count=self.choice(i, "registry_count", LEVEL_CODES, None, code),
            plausible=tuple(self.plausible(p, code) for p in i.get("plausible") or ()),
        )

    def choice(self, raw: dict, name: str, allowed: tuple[str, ...], default, code: str):
        value = raw.get(name, default)
        if value is not None and value not in allowed:
            raise self.fail(code, "def.bad_value", field=name, value=value, reason=" | ".join(allowed))
        return value

    def levels(self, raw: Any, code: str) -> tuple[str, ...]:
        if raw is None:
            return LEVEL_CODES
        if not isinstance(raw, list) or not raw or any(level not in LEVEL_CODES for level in raw):
            raise self.fail(code, "def.bad_value", field="levels", value=raw, reason=" | ".join(LEVEL_CODES))
        return tuple(level for level in LEVEL_CODES if level in raw)

    def part(self, raw: Any, code: str) -> tuple[str | None, str]:
        """``part_of: WHOLE`` (every period) or ``part_of: {of: WHOLE, over: term}``."""
        if raw is None or isinstance(raw, str):
            return raw, "year"
        p = self.take(raw, code, ("of",), ("over",))
        if p.get("over", "year") not in ("year", "term"):
            raise self.fail(code, "def.bad_value", field="part_of.over", value=p["over"], reason="year | term")
        return str(p["of"]), p.get("over", "year")

    def plausible(self, raw: Any, code: str) -> Plausible:
        p = self.take(raw, code, ("per", "at_most"), ("allow",))
        if not isinstance(p["at_most"], int | float) or not isinstance(p.get("allow", 0), int | float):
            raise self.fail(code, "def.bad_value", field="plausible", value=p, reason="at_most, allow: numbers")
        return Plausible(per=str(p["per"]), at_most=float(p["at_most"]), allow=float(p.get("allow", 0)))

    def balance(self, raw: Any, code: str) -> Balance | None:
        if raw is None:
            return None
        b = self.take(raw, code, (), ("plus", "minus", "tolerance"))
        return Balance(tuple(b.get("plus") or ()), tuple(b.get("minus") or ()), float(b.get("tolerance", 0.02)))

    def check_references(self, indicators: dict[str, Indicator]) -> None:
        for ind in indicators.values():
            refs = [("part_of", ind.part_of), ("weight", ind.weight)]
            refs += [("plausible", p.per) for p in ind.plausible]
            refs += [("sum_of", r) for r in ind.sum_of]
            refs += [("numerator", r) for r in ind.numerator] + [("denominator", r) for r in ind.denominator]
            if ind.balance:
                refs += [("balance", r) for r in (*ind.balance.plus, *ind.balance.minus)]
            for rule, ref in refs:
                if ref is not None and ref not in indicators:
                    raise self.fail(ind.code, "def.unknown_code", rule=rule, ref=ref)
            for ref in (*ind.numerator, *ind.denominator):
                if indicators[ref].kind == "ratio":
                    raise self.fail(ind.code, "def.ratio_of_ratio", ref=ref)
            if ind.kind == "mean" and (not ind.weight or indicators[ind.weight].kind not in ("stock", "flow")):
                raise self.fail(ind.code, "def.mean_weight")
        self.check_cycles(indicators, lambda i: i.sum_of, "def.sum_cycle")
        self.check_cycles(indicators, lambda i: (i.part_of,) if i.part_of else (), "def.part_cycle")

    def check_cycles(self, indicators: dict[str, Indicator], edges, key: str) -> None:
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done

        def visit(code: str, path: list[str]) -> None:
            if state.get(code) == 2:
                return
            if state.get(code) == 1:
                cycle = path[path.index(code):] + [code]
                raise self.fail(code, key, cycle=" → ".join(cycle))
            state[code] = 1
            for nxt in edges(indicators[code]):
                visit(nxt, path + [code])
            state[code] = 2

        for code in indicators:
            visit(code, [])
