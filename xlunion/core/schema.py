"""The report definition as one pandera schema over the wide frame.

The wide frame has one row per submission and one column per indicator ×
period (``DV_NU|N2025``); computed cells add the stored value beside the
recomputed one (``TU_HIEULUC|N2025|stored``); meta fields are ``@unit_code`` …
Every rule is a pandera check: built-in ones for bounds, nullability and
membership, and registered ones (below) for rules across columns, so that the
whole schema serialises to pandera's own YAML (``xlunion schema export``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera import extensions

from ..definition import Definition, Indicator
from . import registry_checks  # noqa: F401  (registers the checks of a workbook's claims)
from .calendar import year_fractions

SEP = "|"
STORED = "stored"


def col(code: str, period: str) -> str:
    return f"{code}{SEP}{period}"


def stored_col(code: str, period: str) -> str:
    return f"{code}{SEP}{period}{SEP}{STORED}"


def meta_col(field: str) -> str:
    return f"@{field}"


def note_col(code: str) -> str:
    return f"{code}{SEP}note"


CLAIM, PROVENANCE = "@@consolidated_for", "@@provenance"
"""Frame columns of what the hidden sheet claims: the unit it consolidates, the units behind its figures."""


def _unexplained(df, note: str) -> np.ndarray:
    """Rows whose “Ghi chú” is empty."""
    return np.array([not (isinstance(text, str) and text.strip()) for text in df[note]], dtype=bool)


def _numbers(df, column: str) -> np.ndarray:
    return df[column].to_numpy(dtype=float, na_value=np.nan)


ROW_CHECK = {"ignore_na": False}
"""For the frame-level checks, which say themselves how a blank passes: pandera's default
(``ignore_na``) also passes a row that is blank in every column of the frame, and works that out
with ``isna()`` over the whole frame after each of the ~370 checks — most of validation's time."""


def _rows(df, passed: np.ndarray) -> pd.Series:
    return pd.Series(passed, index=df.index)


# Registered checks: named, with plain statistics, so pandera can write them to YAML. Their
# bodies work on NumPy arrays: a pandas operation costs ~50 µs whatever the length, and the
# schema has hundreds of these checks (NaN compares False, so a blank passes where it should).

@extensions.register_check_method(check_type="element_wise")
def is_whole(value) -> bool:
    """A count is a whole number."""
    return pd.isna(value) or float(value).is_integer()


@extensions.register_check_method(statistics=["part", "whole"], supported_types=pd.DataFrame)
def part_le_whole(df, *, part: str, whole: str):
    """part ≤ whole (“trong đó” rows, admitted ≤ introduced); blanks pass."""
    p, w = _numbers(df, part), _numbers(df, whole)
    return _rows(df, ~(p > w + 1e-9))


@extensions.register_check_method(statistics=["stored", "expected", "tolerance"], supported_types=pd.DataFrame)
def stored_matches(df, *, stored: str, expected: str, tolerance: float):
    """A formula cell's stored number equals what the definition computes; no stored number passes."""
    s, e = _numbers(df, stored), _numbers(df, expected)
    with np.errstate(invalid="ignore"):
        close = np.abs(s - e) <= tolerance * np.maximum(np.abs(e), 1)
    return _rows(df, np.isnan(s) | close)


@extensions.register_check_method(statistics=["level", "previous", "plus", "minus", "tolerance", "note"],
                                  supported_types=pd.DataFrame)
def balance(df, *, level: str, previous: str, plus: list, minus: list, tolerance: float, note: str):
    """level ≈ previous + Σ plus − Σ minus, within ``tolerance`` of the level, unless explained in a note."""
    expected = _numbers(df, previous) + sum((_numbers(df, c) for c in plus), np.zeros(len(df))) - sum(
        (_numbers(df, c) for c in minus), np.zeros(len(df)))
    lvl = _numbers(df, level)
    known = ~np.isnan(expected) & ~np.isnan(lvl) & _unexplained(df, note)
    with np.errstate(invalid="ignore"):
        within = np.abs(lvl - expected) <= tolerance * np.maximum(np.abs(lvl), 1)
    return _rows(df, ~known | within)


@extensions.register_check_method(statistics=["value", "reference", "factor", "floor", "note", "scale"],
                                  supported_types=pd.DataFrame)
def no_outlier(df, *, value: str, reference: str, factor: float, floor: float, note: str, scale: float = 1.0):
    """Flags a change beyond ``factor`` times (either way) once figures reach ``floor``, unless the
    officer explained it in “Ghi chú”; growth from zero is a new activity, not an outlier. ``scale``
    brings the reference to the value's span of time (a flow of half a year against a whole one)."""
    v, r = _numbers(df, value), _numbers(df, reference) * scale
    judged = (v > 0) & (r > 0) & (np.fmax(v, r) >= floor)
    if judged.any():
        judged &= _unexplained(df, note)
    return _rows(df, ~judged | ((v <= factor * r) & (v * factor >= r)))


@extensions.register_check_method(statistics=["unit", "parent", "parents", "successors"], supported_types=pd.DataFrame)
def parent_matches(df, *, unit: str, parent: str, parents: dict, successors: dict):
    """The parent typed in the workbook is the unit's parent in the registry, or a union that ended and
    whose successors include it (reported apart, as a warning)."""
    expected = df[unit].map(parents)
    same = df[parent].astype("string") == expected.astype("string")
    return expected.isna() | same | _renamed(df, unit, parent, parents, successors)


@extensions.register_check_method(statistics=["unit", "parent", "parents", "successors"], supported_types=pd.DataFrame)
def parent_current(df, *, unit: str, parent: str, parents: dict, successors: dict):
    """The workbook names a parent that ended in a reorganisation, whose successor is the unit's parent now."""
    return ~_renamed(df, unit, parent, parents, successors)


def _renamed(df, unit: str, parent: str, parents: dict, successors: dict) -> pd.Series:
    return pd.Series([parents.get(u) is not None and p != parents.get(u) and parents.get(u) in successors.get(p, ())
                      for u, p in zip(df[unit], df[parent], strict=True)], index=df.index, dtype=bool)


@extensions.register_check_method(statistics=["value", "per", "at_most", "allow", "note"],
                                  supported_types=pd.DataFrame)
def plausible(df, *, value: str, per: str, at_most: float, allow: float, note: str):
    """value ≤ max(allow, at_most × per), unless explained in “Ghi chú”: a school of 50 members does not
    introduce 133 people to the Party in a year."""
    v, p = _numbers(df, value), _numbers(df, per)
    with np.errstate(invalid="ignore"):
        over = v > np.fmax(allow, at_most * p)
    if over.any():
        over &= _unexplained(df, note)
    return _rows(df, ~over)


@dataclass(frozen=True)
class RuleRef:
    """What a dataframe-level check means: its rule and the cell it is reported on."""

    rule: str
    indicator: str
    period: str
    columns: dict
    """Role → frame column, for the values shown in the message."""


@dataclass
class Schema:
    schema: pa.DataFrameSchema
    refs: list[RuleRef]
    """``schema.checks[i]`` means ``refs[i]``."""
    numeric: list[str]
    meta: list[str]
    notes: list[str]
    names: dict = dataclasses.field(default_factory=dict)
    """Unit code → name, for the units a message may name (a parent that ended, its successor)."""


def build_schema(defn: Definition, parents: dict[str, str] | None = None, outlier_factor: float = 3.0,
                 outlier_floor: float = 20.0) -> Schema:
    """The pandera schema of ``defn``; ``parents`` (unit → parent, from the registry) adds the unit rules."""
    return _Builder(defn, parents, outlier_factor, outlier_floor).build()


class _Builder:
    """Declares the columns that carry a rule (a check, or a figure that is required); the frame's
    other columns — totals, ratios and the current column, stored formula results, notes — are
    float or text by construction and are read by the frame-level checks that name them.
    Declaring them too cost pandera ~0.2 ms each for nothing: 339 of 603 columns, a third of a
    warm validation."""

    def __init__(self, defn: Definition, parents, factor: float, floor: float):
        self.defn, self.parents, self.factor, self.floor = defn, parents, factor, floor
        self.columns: dict[str, pa.Column] = {}
        self.checks: list[pa.Check] = []
        self.refs: list[RuleRef] = []
        self.numeric: list[str] = []

    def add(self, check: pa.Check, ref: RuleRef) -> None:
        self.checks.append(check)
        self.refs.append(ref)

    def build(self) -> Schema:
        periods = [p.code for p in self.defn.periods]
        current = self.defn.current.code
        for ind in self.defn.indicators.values():
            for period in periods:
                self.value_column(ind, period)
            self.value_column(ind, current)
        for ind in self.defn.indicators.values():
            self.relations(ind, periods)  # the current column follows from the years: not checked twice
        meta = self.meta_columns()
        notes = [note_col(code) for code in self.defn.indicators]
        schema = pa.DataFrameSchema(self.columns, checks=self.checks, name=f"{self.defn.id} {self.defn.version}",
                                    description=self.defn.title, strict=False, coerce=False)
        return Schema(schema, self.refs, self.numeric, meta, notes, dict(getattr(self.parents, "names", {})))

    def value_column(self, ind: Indicator, period: str) -> None:
        name = col(ind.code, period)
        checks = []
        role = next((p.role for p in self.defn.periods if p.code == period), "current")
        typed = not ind.computed and period != self.defn.current.code and ind.applies(role)
        if typed:
            if ind.minimum is not None:
                checks.append(pa.Check.greater_than_or_equal_to(ind.minimum))
            if ind.maximum is not None:
                checks.append(pa.Check.less_than_or_equal_to(ind.maximum))
            if ind.integer:
                checks.append(pa.Check.is_whole())
        # a row grassroots unions do not fill is never required: upper levels know it, or do not
        required = typed and ind.required and "co_so" in ind.levels and next(
            p for p in self.defn.periods if p.code == period).required
        if checks or required:  # only columns that carry a rule: see the class docstring
            self.columns[name] = pa.Column(float, checks=checks, nullable=not required, required=True,
                                           title=ind.label, description=f"{ind.unit}; {ind.kind}")
        self.numeric.append(name)
        if not ind.applies(role):
            return  # no figure at all: nothing stored to check
        if not typed:
            self.numeric.append(stored_col(ind.code, period))
            rule = ("current_mismatch" if period == self.defn.current.code
                    else "ratio_mismatch" if ind.kind == "ratio" else "total_mismatch")
            stored = stored_col(ind.code, period)
            self.add(pa.Check.stored_matches(stored=stored, expected=name, tolerance=1e-6, **ROW_CHECK),
                     RuleRef(rule, ind.code, period, {"stored": stored, "expected": name}))

    def relations(self, ind: Indicator, periods: list[str]) -> None:
        for period in periods:
            if ind.part_of and ind.part_over == "year":
                part, whole = col(ind.code, period), col(ind.part_of, period)
                self.add(pa.Check.part_le_whole(part=part, whole=whole, **ROW_CHECK),
                         RuleRef("part_of", ind.code, period, {"value": part, "whole": whole}))
        if ind.part_of and ind.part_over == "term":  # cumulated since the congress: a warning
            current = self.defn.current.code
            part, whole = col(ind.code, current), col(ind.part_of, current)
            self.add(pa.Check.part_le_whole(part=part, whole=whole, **ROW_CHECK),
                     RuleRef("part_of_term", ind.code, current, {"value": part, "whole": whole}))
        for rule in ind.plausible:
            for p in self.defn.periods:
                if p.role == "previous" or not ind.applies(p.role):
                    continue
                cols = {"value": col(ind.code, p.code), "per": col(rule.per, p.code)}
                self.add(pa.Check.plausible(value=cols["value"], per=cols["per"], at_most=rule.at_most,
                                            allow=rule.allow, note=note_col(ind.code), **ROW_CHECK),
                         RuleRef("implausible", ind.code, p.code, {**cols, "per_code": rule.per,
                                                                  "at_most": rule.at_most, "allow": rule.allow}))
        if ind.balance:
            for year in self.defn.years:
                prev = self.defn.previous_of(year)
                cols = {"value": col(ind.code, year.code), "previous": col(ind.code, prev.code),
                        "plus": [col(c, year.code) for c in ind.balance.plus],
                        "minus": [col(c, year.code) for c in ind.balance.minus]}
                self.add(pa.Check.balance(level=cols["value"], previous=cols["previous"], plus=cols["plus"],
                                          minus=cols["minus"], tolerance=ind.balance.tolerance,
                                          note=note_col(ind.code), **ROW_CHECK),
                         RuleRef("balance", ind.code, year.code, cols))
        if not ind.computed and ind.kind in ("stock", "flow", "mean"):
            span = year_fractions(self.defn, self.defn.term.start)
            for year in self.defn.years:
                prev = self.defn.previous_of(year)
                if not ind.applies(prev.role):
                    continue
                cols = {"value": col(ind.code, year.code), "reference": col(ind.code, prev.code)}
                scale = span[year.code] / span[prev.code] if ind.kind == "flow" and span.get(prev.code) else 1.0
                self.add(pa.Check.no_outlier(value=cols["value"], reference=cols["reference"], factor=self.factor,
                                             floor=self.floor, note=note_col(ind.code), scale=scale, **ROW_CHECK),
                         RuleRef("outlier", ind.code, year.code, {**cols, "reference_period": prev.code}))

    def meta_columns(self) -> list[str]:
        names = []
        for field in self.defn.meta:
            checks = []
            if field.fixed:
                checks.append(pa.Check.equal_to(self.defn.fixed_text(field.fixed)))
            if field.code == "unit_code" and self.parents is not None:
                checks.append(pa.Check.isin(sorted(self.parents)))
            if checks or field.required:
                self.columns[meta_col(field.code)] = pa.Column(None, checks=checks, nullable=not field.required)
            names.append(meta_col(field.code))
        self.columns[meta_col("fingerprint")] = pa.Column(None, pa.Check.equal_to(self.defn.fingerprint()))
        names.append(meta_col("fingerprint"))
        if self.parents is not None:
            lineage = {"unit": meta_col("unit_code"), "parent": meta_col("parent_code"),
                       "parents": {k: v or "" for k, v in sorted(self.parents.items())},
                       "successors": {k: list(v) for k, v in sorted(getattr(self.parents, "successors", {}).items())}}
            columns = {"value": meta_col("parent_code"), "unit": meta_col("unit_code")}
            self.add(pa.Check.parent_matches(**lineage, **ROW_CHECK), RuleRef("parent_mismatch", "@parent_code", "",
                                                                              columns))
            self.add(pa.Check.parent_current(**lineage, **ROW_CHECK), RuleRef("parent_renamed", "@parent_code", "",
                                                                              columns))
            names += self.claims(lineage)
        return names

    def claims(self, lineage: dict) -> list[str]:
        """What the registry says of the workbook's unit, level, name and consolidation (see
        :mod:`.registry_checks`); returns the hidden-sheet columns these read."""
        unit = meta_col("unit_code")
        for field, known, rule in (("level", "unit_levels", "level_mismatch"),
                                   ("unit_name", "unit_names", "name_mismatch")):
            table = dict(sorted(getattr(self.parents, known, {}).items()))
            self.add(pa.Check.matches_registry(unit=unit, field=meta_col(field), known=table, **ROW_CHECK),
                     RuleRef(rule, meta_col(field), "", {"value": meta_col(field), "unit": unit, "known": known}))
        claimed = {"unit": unit, "claim": CLAIM}
        self.add(pa.Check.consolidated_for_itself(**claimed, **ROW_CHECK),
                 RuleRef("consolidated_other", unit, "", {"value": CLAIM, "unit": unit}))
        self.add(pa.Check.consolidates_units_below(**claimed, parents=lineage["parents"], **ROW_CHECK),
                 RuleRef("consolidated_leaf", unit, "", {"value": CLAIM, "unit": unit}))
        tree = {**claimed, "provenance": PROVENANCE, "parents": lineage["parents"],
                "successors": lineage["successors"]}
        self.add(pa.Check.provenance_below(**tree, **ROW_CHECK),
                 RuleRef("provenance_foreign", unit, "", {"value": PROVENANCE, "unit": unit}))
        self.add(pa.Check.provenance_bounded(**tree, **ROW_CHECK),
                 RuleRef("provenance_too_long", unit, "", {"value": PROVENANCE, "unit": unit}))
        self.add(pa.Check.provenance_only_when_consolidated(claim=CLAIM, provenance=PROVENANCE, **ROW_CHECK),
                 RuleRef("provenance_unexpected", unit, "", {"value": PROVENANCE, "unit": unit}))
        return [CLAIM, PROVENANCE]


def schema_yaml(schema: pa.DataFrameSchema) -> str:
    """pandera's own YAML form, with Vietnamese labels readable rather than escaped."""
    import yaml

    return yaml.safe_dump(yaml.safe_load(schema.to_yaml()), allow_unicode=True, sort_keys=False, width=120)
