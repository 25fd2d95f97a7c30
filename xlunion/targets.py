"""Congress-resolution targets (chỉ tiêu): a resolution's data, not the report's.

A target set is one union's congress resolution — the province's, a commune union's,
a grassroots union's — with its name, number, date, congress date and its targets.
Sets are YAML files (``schemas/targets/*.yaml``, or any given with ``--targets``), and a
unit can type its own in its workbook's “Chỉ tiêu” sheet.

A unit is judged only against the targets that apply to it (:func:`applicable`):

1. its own resolution (typed in its workbook, or a set naming it);
2. for a unit that held no congress of its own after a merger, the set of the one unit
   it succeeded (count targets scaled by the share it took over);
3. a target an ancestor assigned to it: by its level (``levels``) or by name (``allocate``);
4. otherwise an ancestor's count target is not its to meet: it shows its contribution.

Units merged in 2025 keep their sets: a set is never refused because its union ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .definition import BASES, LEVEL_CODES, Definition
from .errors import DefinitionError
from .resources import resource_dir

OPS = (">=", "<=")
TARGETS_DIR = "targets"


@dataclass(frozen=True)
class Target:
    """One target of a resolution, on one indicator."""

    indicator: str
    op: str
    """``>=`` (reach at least) or ``<=`` (stay at most)."""
    value: float
    """Threshold; a fraction for ``%`` indicators (0.95 means 95 %)."""
    basis: str
    """``level`` (reach by ``by``), ``each_year`` (hold every year), ``per_year`` (a count every year,
    cumulated over the term) or ``term`` (a count over the whole term)."""
    by: int | None = None
    """Year a ``level`` target is due (“đến năm 2025”); the end of the term when None."""
    exceed: bool = False
    """The resolution asks to exceed it (“phấn đấu vượt”): only then is a result called “Vượt”."""
    levels: tuple[str, ...] = ()
    """Levels below the resolution's union that are judged against it too (rates assigned down)."""
    allocate: Mapping[str, float] = field(default_factory=dict)
    """Unit code → the part of this target assigned to it (“phân bổ chỉ tiêu”)."""

    def scaled(self, share: float) -> Target:
        """The target a successor takes over with ``share`` of a merged unit: counts shrink, rates stay."""
        from dataclasses import replace

        return self if share == 1 else replace(self, value=self.value * share)


@dataclass(frozen=True)
class TargetSet:
    """A congress resolution's targets."""

    id: str
    title: str
    """“Nghị quyết Đại hội Công đoàn tỉnh … lần thứ …, nhiệm kỳ 2023–2028”."""
    congress: dt.date
    """Day of the congress: the start of this union's term."""
    targets: Mapping[str, Target]
    """Indicator code → target."""
    unit: str | None = None
    """Registry code of the union whose resolution this is."""
    unit_name: str = ""
    number: str = ""
    """Number of the resolution (“01-NQ/ĐH”)."""
    date: dt.date | None = None
    """Day the resolution was adopted."""
    source: str = ""

    def name(self) -> str:
        """The resolution as an officer cites it: “Nghị quyết số 01-NQ/ĐH ngày 01/7/2023 của Đại hội …”
        (number and date after “Nghị quyết”, the month of a date in running text without a zero)."""
        details = [f"số {self.number}" if self.number else "",
                   f"ngày {self.date.day:02d}/{self.date.month}/{self.date.year}" if self.date else ""]
        details = " ".join(d for d in details if d)
        head = "Nghị quyết "
        if not details:
            return self.title
        if self.title.startswith(head):
            return f"{head}{details} của {self.title[len(head):]}"
        return f"{self.title} ({details})"


@dataclass(frozen=True)
class Applied:
    """A target as it applies to one unit."""

    target: Target
    role: str
    """``own``, ``inherited``, ``assigned`` (judged) or ``contribution`` (shown, not judged)."""
    resolution: str
    """Name of the resolution it comes from."""
    holder: str
    """Code of the union whose resolution it is ('' for one typed in the unit's own workbook)."""
    holder_name: str
    start: dt.date
    """Congress that starts the count of years for this judgement."""

    @property
    def judged(self) -> bool:
        return self.role != "contribution"


def load_target_set(path: str | Path, defn: Definition) -> TargetSet:
    """Load and check one target set; raise :class:`DefinitionError` naming the file and target."""
    import yaml

    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DefinitionError(path, "def.unreadable", reason=exc) from exc
    return _Parser(path, defn).target_set(raw)


def load_target_sets(defn: Definition, extra: Iterable[str | Path] = (), defaults: bool = True) -> list[TargetSet]:
    """The sets beside the definition (``schemas/targets/*.yaml``) and those in ``extra`` (files or
    folders), keeping only those of this report's term; sorted by id, so results never depend on
    the order files are found in."""
    paths: list[Path] = []
    if defaults:
        paths += sorted(resource_dir("schemas").joinpath(TARGETS_DIR).glob("*.yaml"))
    for item in map(Path, extra):
        paths += sorted(item.glob("*.yaml")) if item.is_dir() else [item]
    sets = {}
    for path in paths:
        loaded = load_target_set(path, defn)
        if in_term(defn, loaded):
            sets[loaded.id] = loaded
    return [sets[k] for k in sorted(sets)]


def in_term(defn: Definition, target_set: TargetSet) -> bool:
    """A congress held for this term: up to a year before it opens (congresses run over months)."""
    return defn.term.start - dt.timedelta(days=366) <= target_set.congress <= defn.term.end


class _Parser:
    def __init__(self, path: Path, defn: Definition):
        self.path, self.defn = path, defn

    def fail(self, where: str, key: str, **values: Any) -> DefinitionError:
        return DefinitionError(self.path, key, where=where, **values)

    def take(self, raw: Any, where: str, required: tuple, optional: tuple = ()) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(where, "def.bad_value", field=where, value=raw, reason="expected a mapping")
        for name in required:
            if raw.get(name) in (None, ""):
                raise self.fail(where, "def.missing_field", field=name)
        unknown = sorted(set(raw) - set(required) - set(optional))
        if unknown:
            raise self.fail(where, "def.unknown_field", fields=", ".join(map(str, unknown)))
        return raw

    def target_set(self, raw: Any) -> TargetSet:
        top = self.take(raw, "targets", ("id", "title", "congress", "targets"),
                        ("unit", "unit_name", "number", "date"))
        congress, date = top["congress"], top.get("date")
        if not isinstance(congress, dt.date) or (date is not None and not isinstance(date, dt.date)):
            raise self.fail("targets", "def.bad_value", field="congress/date", value=f"{congress} / {date}",
                            reason="dates (YYYY-MM-DD)")
        targets: dict[str, Target] = {}
        for item in top["targets"] or ():
            target = self.target(item)
            if target.indicator in targets:
                raise self.fail(target.indicator, "def.duplicate_code", first="targets")
            targets[target.indicator] = target
        return TargetSet(id=str(top["id"]), title=str(top["title"]), congress=congress, targets=targets,
                         unit=str(top["unit"]) if top.get("unit") else None, unit_name=str(top.get("unit_name", "")),
                         number=str(top.get("number", "")), date=date, source=str(self.path))

    def target(self, raw: Any) -> Target:
        where = str(raw.get("indicator", "?")) if isinstance(raw, dict) else "targets"
        t = self.take(raw, where, ("indicator", "op", "value"), ("basis", "by", "exceed", "levels", "allocate"))
        code = str(t["indicator"])
        if code not in self.defn.indicators:
            raise self.fail(code, "def.unknown_code", rule="targets", ref=code)
        ind = self.defn[code]
        basis = t.get("basis", ind.target)
        if t["op"] not in OPS or basis not in BASES or not isinstance(t["value"], int | float):
            raise self.fail(code, "def.bad_value", field="target", value=t,
                            reason="op >= | <=; basis " + " | ".join(BASES) + "; value a number")
        if ind.is_percent and not 0 <= t["value"] <= 1:
            raise self.fail(code, "def.bad_value", field="value", value=t["value"], reason="a fraction: 0.95 = 95%")
        levels = t.get("levels") or []
        if not isinstance(levels, list) or any(level not in LEVEL_CODES for level in levels):
            raise self.fail(code, "def.bad_value", field="levels", value=levels, reason=" | ".join(LEVEL_CODES))
        allocate = t.get("allocate") or {}
        if not isinstance(allocate, dict) or any(not isinstance(v, int | float) for v in allocate.values()):
            raise self.fail(code, "def.bad_value", field="allocate", value=allocate, reason="unit: number")
        by = t.get("by")
        if by is not None and not isinstance(by, int):
            raise self.fail(code, "def.bad_value", field="by", value=by, reason="a year")
        return Target(indicator=code, op=t["op"], value=float(t["value"]), basis=basis, by=by,
                      exceed=bool(t.get("exceed", False)), levels=tuple(levels),
                      allocate={str(k): float(v) for k, v in allocate.items()})


def typed_targets(defn: Definition, typed: Mapping[str, float]) -> dict[str, Target]:
    """The targets a unit typed in its own “Chỉ tiêu” sheet: the indicator's own counting basis,
    to be reached (≥) by the end of the term."""
    return {code: Target(indicator=code, op=">=", value=float(value), basis=defn[code].target or "level")
            for code, value in typed.items() if value is not None and code in defn.indicators}


def applicable(defn: Definition, sets: Iterable[TargetSet], unit: str = "", registry=None,
               typed: Mapping[str, float] | None = None, resolution: str = "",
               congress: dt.date | None = None) -> dict[str, Applied]:
    """Indicator code → the target that applies to ``unit`` (see the module's docstring).

    ``typed`` are the targets in the unit's own workbook, ``resolution`` and ``congress`` what it
    says of its own congress; ``registry`` gives its ancestors, level and lineage.
    """
    sets = list(sets)
    by_unit: dict[str, list[TargetSet]] = {}
    for s in sets:
        if s.unit:
            by_unit.setdefault(s.unit, []).append(s)
    known = registry is not None and unit in registry
    out: dict[str, Applied] = _from_above(defn, registry, unit, by_unit, congress) if known else {}
    own = by_unit.get(unit, [])
    if not own and known:
        own_inherited = _inherited(registry, unit, by_unit)
        if own_inherited is not None:
            s, share = own_inherited
            for code, target in s.targets.items():
                kept = target if defn[code].is_percent else target.scaled(share)
                out[code] = Applied(kept, "inherited", s.name(), s.unit or "", s.unit_name, congress or s.congress)
    for s in own:
        for code, target in s.targets.items():
            out[code] = Applied(target, "own", s.name(), unit, s.unit_name, congress or s.congress)
    name = resolution or "Nghị quyết Đại hội cấp mình"
    for code, target in typed_targets(defn, typed or {}).items():
        out[code] = Applied(target, "own", name, "", "", congress or defn.term.start)
    return {code: out[code] for code in defn.indicators if code in out}


def _from_above(defn: Definition, registry, unit: str, by_unit: dict[str, list[TargetSet]],
                congress: dt.date | None) -> dict[str, Applied]:
    """What the unit's ancestors' resolutions say of it, the nearest ancestor first: a target
    assigned to it (by name or by its level) is judged; a count target that is not its own is its
    contribution; a rate that is not assigned to it is not its to meet, and is left out."""
    level = registry[unit].level
    assigned: dict[str, Applied] = {}
    contributions: dict[str, Applied] = {}
    for s in _ancestor_sets(registry, unit, by_unit):
        for code, target in s.targets.items():
            if code not in assigned and (unit in target.allocate or level in target.levels):
                mine = _allocated(target, unit) if unit in target.allocate else target
                assigned[code] = Applied(mine, "assigned", s.name(), s.unit or "", s.unit_name, congress or s.congress)
            elif code not in contributions and not defn[code].is_percent:
                contributions[code] = Applied(target, "contribution", s.name(), s.unit or "", s.unit_name,
                                              s.congress)
    return {**contributions, **assigned}


def _allocated(target: Target, unit: str) -> Target:
    from dataclasses import replace

    return replace(target, value=target.allocate[unit], allocate={}, levels=())


def _ancestor_sets(registry, unit: str, by_unit: dict[str, list[TargetSet]]) -> list[TargetSet]:
    """Sets of the unit's ancestors, nearest first."""
    return [s for code in registry.ancestors(unit) for s in by_unit.get(code, [])]


def _inherited(registry, unit: str, by_unit: dict[str, list[TargetSet]]) -> tuple[TargetSet, float] | None:
    """The set of the one merged unit this unit took over, with the share it took; None when no
    predecessor held a congress, or several did (their targets cannot simply be added)."""
    held = [(s, registry.lineage(code).get(unit, 0.0)) for code in registry.predecessors(unit)
            for s in by_unit.get(code, [])]
    return held[0] if len(held) == 1 else None


def target_text(ind, target: Target, lang: str | None = None, prose: bool = False) -> str:
    """The target as an officer writes it in a table: “≥ 95% đến năm 2025”, “≥ 100 căn/năm”, “≥ 80% hằng
    năm”; in running text (``prose``) as the sources do: “từ 95% trở lên đến năm 2025”, “ít nhất 100
    căn/năm”, “100% hằng năm”."""
    from .messages import msg, number_text

    sign = "≥" if target.op == ">=" else "≤"
    value = float(target.value)
    if ind.is_percent:
        pct = value * 100
        shown = number_text(pct, 0 if pct.is_integer() else 1, lang) + "%"
    else:
        shown = number_text(value, 0 if value.is_integer() else 2, lang) + " " + ind.unit_in(lang)
    basis = target.basis
    stated = f"{sign} {shown}"
    if prose:
        kind = "max" if target.op != ">=" else "pct" if ind.is_percent else "count"
        whole = kind == "pct" and value >= 1  # “100%”, not “từ 100% trở lên”
        stated = shown if whole else msg(f"tgt.prose.{kind}", lang=lang, value=shown)
    if basis == "level" and target.by:
        return msg("tgt.by", lang=lang, target=stated, year=target.by)
    return msg(f"tgt.{basis}", lang=lang, target=stated)
