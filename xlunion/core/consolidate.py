"""Consolidation: children's submissions into their parent's figures, complete and traceable.

Pure: submissions, their validation outcome and the registry in; the parent's
figures, a status row per expected child and per file, and provenance out.
Rules: identical files count once; of several versions of a unit the latest
counts; a unit's own consolidated workbook wins over its children's workbooks;
counts and flows are summed, means weighted, ratios and totals recomputed
(never summed); merged units count under their successor. Sums use fsum, so
the order the files arrive in changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..definition import Definition
from ..registry import Registry
from .derive import exact_sum
from .submission import Submission

STATUSES = ("valid", "warnings", "late", "errors", "included_invalid", "missing", "via_children", "duplicate",
            "superseded", "covered", "foreign", "unusable")
COUNTED = {"valid", "warnings", "late", "included_invalid"}


@dataclass
class Candidate:
    """A file offered for consolidation, with what validating it found."""

    file: str
    submission: Submission | None = None
    errors: int = 0
    warnings: int = 0
    problem: str = ""
    """Why an unusable file could not be read."""

    @property
    def received(self) -> dt.datetime | None:
        """When the unit sent it: the validation stamp if there is one, else the file time."""
        sub = self.submission
        if sub is None:
            return None
        stamp = sub.info.get("stamp_time")
        if stamp:
            try:
                return dt.datetime.fromisoformat(stamp).replace(tzinfo=None)
            except ValueError:
                pass
        return dt.datetime.fromtimestamp(sub.mtime) if sub.mtime else None


@dataclass
class StatusRow:
    unit: str
    name: str
    status: str
    file: str = ""
    received: dt.datetime | None = None
    sha256: str = ""
    errors: int = 0
    warnings: int = 0
    note: str = ""
    """The unit or file this row refers to (superseded by, covered by, via children)."""


@dataclass
class Consolidation:
    parent: str
    values: dict[tuple[str, str], float | None]
    """Consolidated figures of every input cell: the parent workbook's typed values."""
    counted: list[Submission]
    """The submissions that make the figures, by unit code."""
    detail: dict[str, dict[tuple[str, str], float | None]]
    """Unit → every figure of its workbook (derived), for the per-child sheet."""
    status: list[StatusRow]
    provenance: list[dict] = field(default_factory=list)
    replaced: list[tuple[Submission, Submission]] = field(default_factory=list)
    """(earlier version, the version that counts) for every resubmitted unit."""

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.status)


def consolidate(defn: Definition, registry: Registry, parent: str, candidates: Sequence[Candidate],
                include_invalid: bool = False, deadline: dt.datetime | None = None,
                on: dt.date | None = None) -> Consolidation:
    """Consolidate ``candidates`` into ``parent`` (a unit code of ``registry``)."""
    return _Run(defn, registry, parent, include_invalid, deadline, on).run(candidates)


class _Run:
    def __init__(self, defn, registry, parent, include_invalid, deadline, on):
        self.defn, self.reg, self.parent = defn, registry, parent
        self.include_invalid, self.deadline, self.on = include_invalid, deadline, on
        self.rows: list[StatusRow] = []
        self.replaced: list[tuple[Submission, Submission]] = []

    def row(self, cand: Candidate, unit: str, status: str, note: str = "") -> None:
        sub = cand.submission
        name = self.reg[unit].name if unit in self.reg else ""
        self.rows.append(StatusRow(unit=unit, name=name, status=status, file=cand.file, received=cand.received,
                                   sha256=sub.sha256 if sub else "", errors=cand.errors, warnings=cand.warnings,
                                   note=note))

    def run(self, candidates: Sequence[Candidate]) -> Consolidation:
        # an identical copy keeps the plainest name ("report.xlsx" over "report (1).xlsx")
        ordered = sorted(candidates, key=lambda c: (c.submission.unit if c.submission else "", len(c.file), c.file))
        usable = []
        for cand in ordered:
            if cand.submission is None:
                self.rows.append(StatusRow(unit="", name="", status="unusable", file=cand.file, note=cand.problem))
            elif self.branch(cand.submission.unit) is None:
                self.row(cand, cand.submission.unit, "foreign")
            else:
                usable.append(cand)
        latest = self.latest(self.distinct(usable))
        counted = self.uncovered(latest)
        for cand in counted:
            self.row(cand, self.unit_of(cand), self.outcome(cand))
        self.missing(latest)
        subs = [c.submission for c in counted if self.outcome(c) in COUNTED]
        subs.sort(key=lambda s: (s.unit, s.sha256))
        values = aggregate(self.defn, subs)
        detail = {s.unit: s.figures(self.defn) for s in subs}
        rows = sorted(self.rows, key=lambda r: (r.unit or "~", STATUSES.index(r.status), r.file))
        return Consolidation(self.parent, values, subs, detail, rows, provenance(self.reg, counted, self.outcome),
                             sorted(self.replaced, key=lambda pair: (pair[1].unit, pair[0].file)))

    def unit_of(self, cand: Candidate) -> str:
        """The unit whose figures a submission carries: a merged unit's successor."""
        unit = cand.submission.unit
        if unit in self.reg and not self.reg[unit].active_on(self.on) and self.reg[unit].merged_into:
            return self.reg.successor(unit)
        return unit

    def branch(self, unit: str) -> str | None:
        """The child of the parent through which ``unit`` reports, or None if it is not below the parent."""
        if unit not in self.reg or unit == self.parent:
            return None
        unit = self.reg.successor(unit) if self.reg[unit].merged_into else unit
        chain = [unit, *self.reg.ancestors(unit)]
        if self.parent not in chain:
            return None
        return chain[chain.index(self.parent) - 1]

    def distinct(self, cands: list[Candidate]) -> list[Candidate]:
        seen: dict[str, Candidate] = {}
        out = []
        for cand in cands:
            digest = cand.submission.sha256
            if digest in seen:
                self.row(cand, cand.submission.unit, "duplicate", note=seen[digest].file)
            else:
                seen[digest] = cand
                out.append(cand)
        return out

    def latest(self, cands: list[Candidate]) -> list[Candidate]:
        by_unit: dict[str, list[Candidate]] = {}
        for cand in cands:
            by_unit.setdefault(cand.submission.unit, []).append(cand)
        out = []
        for versions in by_unit.values():
            versions.sort(key=lambda c: (c.received or dt.datetime.min, c.file))
            for old in versions[:-1]:
                self.row(old, old.submission.unit, "superseded", note=versions[-1].file)
                self.replaced.append((old.submission, versions[-1].submission))
            out.append(versions[-1])
        return out

    def uncovered(self, cands: list[Candidate]) -> list[Candidate]:
        """Drop children's workbooks where their own union's consolidated workbook is present."""
        present = {c.submission.unit: c for c in cands}
        out = []
        for cand in cands:
            chain = self.reg.ancestors(self.unit_of(cand))
            chain = chain[: chain.index(self.parent)] if self.parent in chain else chain
            above = [a for a in chain if a in present]
            if above:
                self.row(cand, cand.submission.unit, "covered", note=present[above[-1]].file)
            else:
                out.append(cand)
        return out

    def outcome(self, cand: Candidate) -> str:
        if cand.errors:
            return "included_invalid" if self.include_invalid else "errors"
        if self.deadline and cand.received and cand.received > self.deadline:
            return "late"
        return "warnings" if cand.warnings else "valid"

    def missing(self, latest: list[Candidate]) -> None:
        branches: dict[str, list[str]] = {}
        for cand in latest:
            branches.setdefault(self.branch(cand.submission.unit), []).append(cand.submission.unit)
        for child in self.reg.children(self.parent, on=self.on):
            sent = branches.get(child.code, [])
            if child.code in sent:
                continue
            status = "via_children" if sent else "missing"
            note = ", ".join(sorted(sent))
            self.rows.append(StatusRow(unit=child.code, name=child.name, status=status, note=note))


def aggregate(defn: Definition, subs: Sequence[Submission]) -> dict[tuple[str, str], float | None]:
    """Parent figures of every input cell: sums for counts and flows, weighted means."""
    out: dict[tuple[str, str], float | None] = {}
    for ind in defn.indicators.values():
        if ind.computed:
            continue
        for p in defn.periods:
            key = (ind.code, p.code)
            if ind.kind == "mean":
                out[key] = _weighted(subs, key, (ind.weight, p.code))
            else:
                present = [s.values.get(key) for s in subs if s.values.get(key) is not None]
                out[key] = exact_sum(present) if present else None
    return out


def _weighted(subs: Sequence[Submission], key: tuple[str, str], weight: tuple[str, str]) -> float | None:
    pairs = [(s.values[key], s.values[weight]) for s in subs
             if s.values.get(key) is not None and s.values.get(weight) is not None]
    total = exact_sum(w for _v, w in pairs)
    return exact_sum(v * w for v, w in pairs) / total if total else None


def provenance(reg: Registry, counted: Sequence[Candidate], outcome) -> list[dict]:
    """Every file behind the figures, and, through consolidated children, every file behind theirs."""
    rows = []
    for cand in counted:
        sub = cand.submission
        if outcome(cand) not in COUNTED:
            continue
        received = cand.received.isoformat(timespec="seconds") if cand.received else ""
        rows.append({"unit": sub.unit, "file": cand.file, "sha256": sub.sha256, "received": received,
                     "status": outcome(cand), "via": ""})
        for inner in sub.provenance:
            rows.append({**inner, "via": "/".join(filter(None, (sub.unit, inner.get("via", ""))))})
    return rows
