"""Validation: every submission checked by lazy pandera calls over the stacked frame.

The frame is built once from plain rows (not concatenated from small frames:
that is what makes thousands of children fast); pandera's failure cases map
back, through (column, row), to the file, sheet and cell of each problem.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..definition import Definition
from ..messages import Phrase
from .derive import derive
from .findings import Finding, sort_findings
from .registry_checks import Tree
from .schema import CLAIM, PROVENANCE, SEP, STORED, Schema, build_schema, col, meta_col, note_col, stored_col
from .submission import Figures, Submission

_COLUMN_RULES = (  # pandera's name of a column check → our rule
    ("not_nullable", "required"),
    ("greater_than_or_equal_to", "minimum"),
    ("less_than_or_equal_to", "maximum"),
    ("is_whole", "integer"),
    ("isin", "unit_unknown"),
    ("equal_to", "report_mismatch"),
)


def wide_frame(defn: Definition, subs: Sequence[Submission], schema: Schema) -> pd.DataFrame:
    """One row per submission: typed values, recomputed and stored formula values, meta."""
    gather = _Gather(_numeric_sources(defn, schema))
    numbers = np.empty((len(subs), len(gather.sources)))
    for i, sub in enumerate(subs):
        numbers[i] = gather.row(sub.figures(defn), _stored(defn, sub))
    frame = pd.DataFrame(numbers, columns=schema.numeric)
    text: dict[str, list] = {name: [] for name in [*schema.meta, *schema.notes]}
    for sub in subs:
        for name in schema.meta:
            text[name].append(_meta_value(sub, name))
        for code in defn.indicators:
            text[note_col(code)].append(sub.notes.get(code))
    return pd.concat([frame, pd.DataFrame(text, dtype=object)], axis=1)


def _meta_value(sub: Submission, name: str):
    if name == PROVENANCE:
        return tuple(str(row.get("unit", "")) for row in sub.provenance)
    if name == CLAIM:
        return sub.info.get("consolidated_for") or None
    value = sub.info.get("fingerprint") if name == meta_col("fingerprint") else sub.meta.get(name[1:])
    return None if value == "" else value


def _numeric_sources(defn: Definition, schema: Schema) -> list[tuple[bool, tuple[str, str]]]:
    """For each numeric column: (from the derived figures, else the stored ones; the key)."""
    names = {}
    for ind in defn.indicators.values():
        for period in [*defn.periods, defn.current]:
            names[col(ind.code, period.code)] = (True, (ind.code, period.code))
            names[stored_col(ind.code, period.code)] = (False, (ind.code, period.code))
    return [names[name] for name in schema.numeric]


class _Gather:
    """A submission's row of the frame. Children of one template hold their figures as arrays over
    one shared layout, so the row is a NumPy gather planned once per layout, where looking up the
    ~600 columns one by one was a third of validating 2,000 children (frame 0.22 → 0.04 s). Plans
    are keyed by the layouts' ids, stable while the submissions being gathered hold them."""

    def __init__(self, sources: list[tuple[bool, tuple[str, str]]]):
        self.sources = sources
        self.plans: dict[tuple[int, int], np.ndarray] = {}

    def row(self, derived, stored):
        if not (isinstance(derived, Figures) and isinstance(stored, Figures)):
            return [_number((derived if d else stored).get(key)) for d, key in self.sources]
        plan = self.plans.get((id(derived.layout), id(stored.layout)))
        if plan is None:
            plan = self.plans[id(derived.layout), id(stored.layout)] = self._plan(derived.layout, stored.layout)
        both = np.concatenate([np.frombuffer(derived.data), np.frombuffer(stored.data), [math.nan]])
        return both[plan]

    def _plan(self, derived: dict, stored: dict) -> np.ndarray:
        blank = len(derived) + len(stored)  # the NaN appended after both arrays
        return np.array([derived.get(key, blank) if d else len(derived) + stored[key] if key in stored else blank
                         for d, key in self.sources], dtype=np.intp)


def _number(value) -> float:
    return math.nan if value is None else value


def _stored(defn: Definition, sub: Submission) -> dict:
    """Stored formula results to hold against the definition's figures.

    A figure typed as text is invisible to the spreadsheet's formulas, so their
    results legitimately differ from ours; a result that matches what the
    spreadsheet computes is consistent and is not reported again (the text
    itself already is).
    """
    if not sub.text_cells:
        return sub.stored
    sheet_view = derive(defn, {k: v for k, v in sub.values.items() if k not in sub.text_cells})
    return {k: None if v is not None and sheet_view.get(k) is not None and abs(v - sheet_view[k]) <= 1e-6 * max(
        1.0, abs(v)) else v for k, v in sub.stored.items()}


def validate(defn: Definition, subs: Sequence[Submission], parents: dict[str, str] | None = None,
             outlier_factor: float = 3.0) -> list[Finding]:
    """All findings for ``subs``: what reading found plus every rule of the definition."""
    schema = _schema(defn, parents, outlier_factor)
    findings = [f for sub in subs for f in sub.findings]
    for start in range(0, len(subs), ROWS_AT_ONCE):
        part = subs[start:start + ROWS_AT_ONCE]
        frame = wide_frame(defn, part, schema)
        findings += _Mapper(defn, part, schema, frame).findings(_failures(schema.schema, frame))
    own_only = {s.file for s in subs if s.own_only}
    return sort_findings(_without_shadowed([f for f in findings if not (f.rule == "required" and f.file in own_only)]))


ROWS_AT_ONCE = 2500
"""Every rule looks within one workbook's row, so the frame is checked in slices: at 20,000
children the whole frame and pandera's working copies of it would take ~1 GB; a slice this
size keeps the per-call overhead (~0.15 s) small against the rows' cost (~0.6 ms each)."""


_SCHEMAS: dict[tuple, tuple[Definition, Schema]] = {}


def _schema(defn: Definition, parents: dict[str, str] | None, outlier_factor: float) -> Schema:
    """The schema for these settings, built once per process (the add-in validates again and again)."""
    key = (id(defn), tuple(sorted(parents.items())) if parents is not None else None,
           tuple(sorted(getattr(parents, "successors", {}).items())), outlier_factor)
    cached = _SCHEMAS.get(key)
    if cached is None or cached[0] is not defn:  # the definition is kept, so its id is not reused
        if len(_SCHEMAS) > 16:
            _SCHEMAS.clear()
        cached = _SCHEMAS[key] = (defn, build_schema(defn, parents, outlier_factor))
    return cached[1]


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["schema_context", "column", "check", "check_number", "failure_case", "index"])


def _without_shadowed(findings: list[Finding]) -> list[Finding]:
    """A cell that could not be read is reported once, not again as “required”; a row that is
    gone is reported once as a structure error, not once per rule on it."""
    unreadable = {(f.file, f.sheet, f.cell) for f in findings if f.rule in ("not_a_number", "excel_error")}
    lost = {(f.file, f.indicator) for f in findings if f.rule == "structure"}
    return [f for f in findings if not (f.rule == "required" and (f.file, f.sheet, f.cell) in unreadable)
            and not (f.rule != "structure" and (f.file, f.indicator) in lost)]


class _Mapper:
    """Turns pandera failure cases into findings on cells."""

    def __init__(self, defn: Definition, subs: Sequence[Submission], schema: Schema, frame: pd.DataFrame):
        self.defn, self.subs, self.schema, self.frame = defn, subs, schema, frame
        self.labels = {p.code: p.label for p in defn.all_periods}
        self.meta_labels = {m.code: m.label for m in defn.meta}

    def findings(self, failures: pd.DataFrame) -> list[Finding]:
        out = []
        frame_level = failures[failures["schema_context"] == "DataFrameSchema"]
        for (number, index), _ in frame_level.groupby(["check_number", "index"], sort=True):
            out.append(self.from_check(int(number), int(index)))
        columns = failures[(failures["schema_context"] == "Column") & failures["index"].notna()]
        for row in columns.itertuples(index=False):
            finding = self.from_column(str(row.column), str(row.check), int(row.index))
            if finding is not None:
                out.append(finding)
        return out

    def value(self, column: str, index: int):
        value = self.frame.at[index, column]
        return None if (isinstance(value, float) and math.isnan(value)) else value

    def finding(self, rule: str, index: int, code: str, column: str, values: dict) -> Finding:
        sub = self.subs[index]
        sheet, cell = sub.where(code, column)
        return Finding(rule=rule, file=sub.file, sheet=sheet, cell=cell, unit=sub.unit,
                       indicator="" if code.startswith("@") else code, period=column, values=values)

    def from_check(self, number: int, index: int) -> Finding:
        ref = self.schema.refs[number]
        if ref.rule in _CLAIM_RULES:
            return self.from_claim(number, index)
        if ref.indicator.startswith("@"):
            unit = self.value(ref.columns["unit"], index)
            expected = self._parent(unit)
            return self.finding(ref.rule, index, ref.indicator, "", {
                "value": self.value(ref.columns["value"], index), "unit": unit, "expected": expected,
                "expected_name": self.schema.names.get(expected, expected)})
        ind = self.defn[ref.indicator]
        values = {"label": _short(ind.label), "period": self.labels.get(ref.period, ref.period)}
        for role, column in ref.columns.items():
            if role == "note":
                continue
            if role in _CONSTANTS:
                values[role] = column
            elif role == "reference_period":
                values[role] = self.labels[column]
            elif isinstance(column, list):
                values[role] = sum(self.value(c, index) or 0 for c in column)
            else:
                values[role] = self.value(column, index)
        if ref.rule in ("part_of", "part_of_term"):
            values["whole_label"] = _lower_first(_short(self.defn[ind.part_of].label))
        if ref.rule == "implausible":
            per = values.get("per") or 0
            values.update(per_label=_lower_first(_short(self.defn[values["per_code"]].label)),
                          limit=max(values["allow"], values["at_most"] * per))
        if ref.rule == "balance":
            values["expected"] = values["previous"] + values["plus"] - values["minus"]
            values["previous_when"] = self._when(ref.period)
        if ref.rule == "outlier":
            values["factor"] = self.schema.schema.checks[number].statistics["factor"]
        if values.get("expected") is None and "stored" in values:
            values["expected"] = "—"
        return self.finding(ref.rule, index, ref.indicator, ref.period, values)

    def from_claim(self, number: int, index: int) -> Finding:
        """A claim the registry does not bear out (see :mod:`.registry_checks`)."""
        ref, stats = self.schema.refs[number], self.schema.schema.checks[number].statistics
        unit = self.value(ref.columns["unit"], index)
        value = self.value(ref.columns["value"], index)
        values = {"unit": unit, "value": value}
        if "known" in ref.columns:
            values["expected"] = stats["known"].get(unit, "")
        elif ref.columns["value"] == PROVENANCE:
            tree = Tree(stats.get("parents", {}), stats.get("successors", {}))
            values["value"] = len(value)
            if ref.rule == "provenance_foreign":
                values["value"] = next((p for p in value if not tree.within(p, unit)), "")
            elif ref.rule == "provenance_too_long":
                values["expected"] = tree.most_rows(unit)
        return self.finding(ref.rule, index, ref.indicator, "", values)

    def _when(self, period: str) -> Phrase:
        """What the level a year starts from is called: the start of the term, or the previous year's end."""
        previous = self.defn.previous_of(next(p for p in self.defn.periods if p.code == period))
        if previous.role == "baseline":
            return Phrase("say.start_of_term")
        return Phrase("say.end_of_year", {"year": previous.year})

    def _parent(self, unit) -> str:
        check = next(c for c in self.schema.schema.checks if c.name == "parent_matches")
        return check.statistics["parents"].get(unit, "")

    def from_column(self, column: str, check: str, index: int) -> Finding | None:
        rule = next((r for prefix, r in _COLUMN_RULES if check.startswith(prefix)), None)
        if rule is None or column.endswith((SEP + STORED, SEP + "note")):
            return None
        if column.startswith("@"):
            return self.from_meta(column[1:], rule, check, index)
        code, period = column.split(SEP)
        ind = self.defn[code]
        values = {"label": _short(ind.label), "period": self.labels.get(period, period),
                  "value": self.value(column, index)}
        if rule in ("minimum", "maximum"):
            values["bound"] = ind.minimum if rule == "minimum" else ind.maximum
        return self.finding(rule, index, code, period, values)

    def from_meta(self, field: str, rule: str, check: str, index: int) -> Finding:
        value = self.value(meta_col(field), index)
        if field == "fingerprint":
            sub = self.subs[index]
            return Finding(rule="fingerprint", file=sub.file, sheet="_xlunion", cell="B4", unit=sub.unit,
                           values={"value": value, "expected": self.defn.fingerprint()})
        if rule == "required":
            rule = "meta_required"
        elif rule == "report_mismatch" and field == "period":
            rule = "period_mismatch"
        spec = next((m for m in self.defn.meta if m.code == field), None)
        expected = self.defn.fixed_text(spec.fixed) if spec and spec.fixed else ""
        return self.finding(rule, index, meta_col(field), "", {
            "field": self.meta_labels.get(field, field), "value": value, "expected": expected})


_CLAIM_RULES = {"level_mismatch", "name_mismatch", "consolidated_other", "consolidated_leaf", "provenance_foreign",
                "provenance_too_long", "provenance_unexpected"}
_CONSTANTS = {"per_code", "at_most", "allow"}
"""Roles of a rule reference that are values of the rule, not columns of the frame."""


def _short(label: str) -> str:
    """“Trong đó: đoàn viên nữ” → “Đoàn viên nữ” (the message says what it is part of)."""
    for prefix in ("Trong đó: ", "trong đó: "):
        if label.startswith(prefix):
            label = label[len(prefix):]
            return label[:1].upper() + label[1:]
    return label


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:] if label[:2] != label[:2].upper() else label
