"""Consolidation: children's submissions into their parent's figures, complete and traceable.

Pure: submissions, their validation outcome and the registry in; the parent's
figures, a status row per expected child and per file, and provenance out.

Which files count: identical files count once; of several versions of a unit the
latest counts; a unit's own consolidated workbook wins over its children's workbooks;
a workbook of the parent itself carries what the parent did on its own (its sheet
“Số liệu cấp mình”); a unit that ended in a reorganisation counts under its
successors, each taking its share (a CĐCS's whole report; a federation's own
activities only, since its units report themselves).

How each indicator consolidates is the definition's (``Indicator.aggregate``): the
children's sum; the parent's own activities added to it; the parent's own figure
alone; or a figure only the parent knows of its area (its own sheet, else the
registry). Means are weighted, ratios and totals recomputed (never summed). Sums use
fsum, so the order the files arrive in changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..definition import Definition, Indicator
from ..registry import Registry
from .derive import exact_sum
from .submission import Submission

STATUSES = ("valid", "warnings", "late", "errors", "included_invalid", "own", "missing", "via_children",
            "duplicate", "superseded", "newer_errors", "held", "rejected", "covered", "foreign", "unusable")
COUNTED = {"valid", "warnings", "late", "included_invalid"}
FILLED = "filled_"
"""Hidden-sheet key prefix of a period's completeness, “k/n” units (``filled_NKT``)."""


@dataclass
class Candidate:
    """A file offered for consolidation, with what validating it found."""

    file: str
    submission: Submission | None = None
    errors: int = 0
    warnings: int = 0
    problem: str = ""
    """Why an unusable file could not be read."""
    arrived: dt.datetime | None = None
    """When the ledger says it arrived (the mailbox's own time), if it came by mail."""
    held: tuple[str, str] | None = None
    """(``held`` or ``rejected``, why) when the ledger keeps it from counting: its sender is to be
    confirmed by the operator, or the operator refused it."""

    @property
    def received(self) -> dt.datetime | None:
        """When it reached this union: the ledger's arrival time, else the file's time here (local).
        Never a time the workbook says of itself: its stamp time is the sender's clock, in a field
        anyone can type, so it decides neither lateness nor which version is the latest."""
        sub = self.submission
        if sub is None:
            return None
        if self.arrived is not None:
            return self.arrived
        try:
            return dt.datetime.fromtimestamp(sub.mtime) if sub.mtime else None
        except (OverflowError, OSError, ValueError):  # a file time past year 9999, or before the epoch on Windows
            return None


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
    """The unit or file this row refers to (superseded by, covered by, via children, merged into)."""


@dataclass(frozen=True)
class Part:
    """A submission's contribution to the parent's figures."""

    sub: Submission
    whole: bool = True
    """Its whole report (a child's totals), or only what it did itself (a merged federation's own sheet)."""
    lineage: Mapping[str, float] = field(default_factory=lambda: {})
    """For a unit that ended: every successor's share of it; empty for a live child."""
    mine: frozenset[str] = frozenset()
    """The successors whose share comes to this parent."""

    @property
    def share(self) -> float:
        return sum(self.lineage[s] for s in self.mine) if self.lineage else 1.0

    def take(self, value: float, count: bool) -> float:
        """The part of ``value`` that comes to this parent: whole units for counts, apportioned
        over every successor by largest remainder so the successors' parts add up exactly."""
        if not self.lineage or self.share == 1:
            return value
        if not count:
            return value * self.share
        return float(sum(apportion(value, self.lineage)[s] for s in self.mine))

    def figure(self, key: tuple[str, str], count: bool) -> float | None:
        value = (self.sub.values if self.whole else self.sub.own).get(key)
        return None if value is None else self.take(value, count)


def apportion(value: float, shares: Mapping[str, float]) -> dict[str, int]:
    """``value`` (a whole count) split by ``shares``, the remainders to the largest fractions (then by code)."""
    exact = {code: value * share for code, share in shares.items()}
    floors = {code: math.floor(x + 1e-9) for code, x in exact.items()}
    left = round(value) - sum(floors.values())
    for code in sorted(exact, key=lambda c: (-(exact[c] - floors[c]), c))[:max(left, 0)]:
        floors[code] += 1
    return floors


@dataclass
class Consolidation:
    parent: str
    values: dict[tuple[str, str], float | None]
    """Consolidated figures of every input cell: the parent workbook's typed values."""
    counted: list[Submission]
    """The submissions that make the figures (children, and units that ended), by unit code."""
    detail: dict[str, dict[tuple[str, str], float | None]]
    """Row label (a unit code) → every figure it contributes, for the per-child sheet."""
    status: list[StatusRow]
    provenance: list[dict] = field(default_factory=list)
    replaced: list[tuple[Submission, Submission]] = field(default_factory=list)
    """(earlier version, the version that counts) for every resubmitted unit."""
    own: Submission | None = None
    """The parent's own workbook: its own activities, its own targets and resolution."""
    carried: list[Part] = field(default_factory=list)
    """Units that ended and count here with their share."""
    completeness: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Period → (units that filled it, units counted): a partial column is not a whole one."""

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.status)


def consolidate(defn: Definition, registry: Registry, parent: str, candidates: Sequence[Candidate],
                include_invalid: bool = False, deadline: dt.datetime | None = None,
                on: dt.date | None = None) -> Consolidation:
    """Consolidate ``candidates`` into ``parent`` (a unit code of ``registry``); a candidate of the
    parent itself is its own workbook."""
    return _Run(defn, registry, parent, include_invalid, deadline, on).run(candidates)


class _Run:
    def __init__(self, defn, registry, parent, include_invalid, deadline, on):
        self.defn, self.reg, self.parent = defn, registry, parent
        self.include_invalid, self.deadline, self.on = include_invalid, deadline, on
        self.rows: list[StatusRow] = []
        self.replaced: list[tuple[Submission, Submission]] = []
        self.covering: set[str] = set()
        """Successors of a split unit whose consolidated workbook, given here, holds their share."""
        self.waiting: set[str] = set()
        """Units whose only news is a file held for the operator: not “missing”, waiting."""

    def row(self, cand: Candidate, unit: str, status: str, note: str = "") -> None:
        sub = cand.submission
        name = self.reg[unit].name if unit in self.reg else ""
        self.rows.append(StatusRow(unit=unit, name=name, status=status, file=cand.file, received=cand.received,
                                   sha256=sub.sha256 if sub else "", errors=cand.errors, warnings=cand.warnings,
                                   note=note))

    def run(self, candidates: Sequence[Candidate]) -> Consolidation:
        # an identical copy keeps the plainest name ("report.xlsx" over "report (1).xlsx")
        ordered = sorted(candidates, key=lambda c: (c.submission.unit if c.submission else "", len(c.file), c.file))
        usable, own = [], []
        for cand in ordered:
            if cand.submission is None:
                self.rows.append(StatusRow(unit="", name="", status="unusable", file=cand.file, note=cand.problem))
            elif cand.held:
                self.row(cand, cand.submission.unit, cand.held[0], note=cand.held[1])
                if cand.held[0] == "held":
                    self.waiting.add(cand.submission.unit)
            elif cand.submission.unit == self.parent:
                own.append(cand)
            elif not self.mine(cand.submission.unit):
                self.row(cand, cand.submission.unit, "foreign")
            else:
                usable.append(cand)
        own_cand = self.own_workbook(own)
        latest = self.latest(self.distinct(usable))
        counted = self.uncovered(latest)
        parts = []
        for cand in counted:
            status = self.outcome(cand)
            self.row(cand, cand.submission.unit, status, self.merged_note(cand.submission.unit))
            if status in COUNTED:
                parts.append(self.part(cand.submission))
        self.missing(latest)
        parts.sort(key=lambda p: (p.sub.unit, p.sub.sha256))
        children = [p for p in parts if not p.lineage]
        carried = [p for p in parts if p.lineage]
        own_sub = own_cand.submission if own_cand else None
        values = aggregate(self.defn, parts, self.reg, self.parent, own_sub)
        detail = {p.sub.unit: p.sub.figures(self.defn) for p in children}
        rows = sorted(self.rows, key=lambda r: (r.unit or "~", STATUSES.index(r.status), r.file))
        chosen = [c for c in counted if self.outcome(c) in COUNTED] + ([own_cand] if own_cand else [])
        return Consolidation(self.parent, values, [p.sub for p in parts], detail, rows,
                             provenance(chosen, self.outcome, self.parent),
                             sorted(self.replaced, key=lambda pair: (pair[1].unit, pair[0].file)), own=own_sub,
                             carried=carried, completeness=completeness(self.defn, parts))

    # who is below the parent -----------------------------------------------------------------

    def successors(self, unit: str) -> dict[str, float]:
        """Where a unit's figures go now: itself while it exists, its successors once it ended."""
        known = self.reg[unit]
        if known.merged_into and not known.active_on(self.on):
            return self.reg.lineage(unit)
        return {unit: 1.0}

    def below(self, unit: str) -> bool:
        """``unit`` is the parent or below it."""
        return unit == self.parent or self.parent in self.reg.ancestors(unit)

    def mine(self, unit: str) -> bool:
        """A unit whose figures (or a share of them) come to the parent."""
        if unit not in self.reg:
            return False
        successors = self.successors(unit)
        if successors == {unit: 1.0}:
            return unit != self.parent and self.below(unit)
        return any(self.below(s) for s in successors)

    def part(self, sub: Submission) -> Part:
        """A child's whole report; or only what a union did itself: a union's record of its own
        activities given beside its children's reports, or a union that ended (its units report)."""
        successors = self.successors(sub.unit)
        upper = self.reg[sub.unit].level != "co_so"
        if successors == {sub.unit: 1.0}:
            return Part(sub, whole=not (upper and sub.own_only))
        return Part(sub, whole=not upper, lineage=successors,
                    mine=frozenset(s for s in successors if self.below(s) and s not in self.covering))

    def merged_note(self, unit: str) -> str:
        successors = self.successors(unit)
        if successors == {unit: 1.0}:
            return ""
        return "→ " + "; ".join(f"{code} ({share:.0%})" if share != 1 else code for code, share in successors.items())

    def branch(self, unit: str) -> str | None:
        """The child of the parent through which a live ``unit`` reports, or None."""
        if unit not in self.reg or unit == self.parent or not self.reg[unit].active_on(self.on):
            return None
        chain = [unit, *self.reg.ancestors(unit)]
        if self.parent not in chain:
            return None
        return chain[chain.index(self.parent) - 1]

    # which of the files count ----------------------------------------------------------------

    def own_workbook(self, own: list[Candidate]) -> Candidate | None:
        """The parent's own workbook: the latest of those given (the others are superseded)."""
        if not own:
            return None
        own.sort(key=lambda c: (c.received or dt.datetime.min, c.file))
        for old in own[:-1]:
            self.row(old, self.parent, "superseded", note=own[-1].file)
        self.row(own[-1], self.parent, "own")
        return own[-1]

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
            # a union's consolidated workbook carries its own activities: it wins over their record alone
            versions.sort(key=lambda c: (not c.submission.own_only, c.received or dt.datetime.min, c.file))
            used = versions[counted_version([bool(v.errors) and not self.include_invalid for v in versions])]
            for index, old in enumerate(versions):
                if index > versions.index(used):
                    self.row(old, old.submission.unit, "newer_errors", note=used.file)
                elif old is not used:
                    self.row(old, old.submission.unit, "superseded", note=used.file)
                    self.replaced.append((old.submission, used.submission))
            out.append(used)
        return out

    def uncovered(self, cands: list[Candidate]) -> list[Candidate]:
        """Drop workbooks whose figures are already in a consolidated workbook given beside them: a
        child's under its union's; a merged unit's under a successor's that lists the same file
        (wholly, or the shares that went to such successors)."""
        # a record of own activities covers none; nor does a workbook that will not count (a claim the
        # registry refutes is an error): its children then count themselves
        present = {c.submission.unit: c for c in cands if not c.submission.own_only and self.outcome(c) in COUNTED}
        out = []
        for cand in cands:
            unit = cand.submission.unit
            successors = self.successors(unit)
            if successors == {unit: 1.0}:
                chain = self.reg.ancestors(unit)
                chain = chain[: chain.index(self.parent)] if self.parent in chain else chain
                above = [a for a in chain if a in present]
                if above:
                    self.row(cand, unit, "covered", note=present[above[-1]].file)
                else:
                    out.append(cand)
                continue
            holders = {s: self.holder(s, cand.submission, present) for s in successors if self.below(s)}
            covered = {s: h for s, h in holders.items() if h is not None}
            if covered and len(covered) == len(holders):
                self.row(cand, unit, "covered", note=next(iter(covered.values())).file)
                continue
            self.covering |= set(covered)
            out.append(cand)
        return out

    def holder(self, successor: str, sub: Submission, present: dict[str, Candidate]) -> Candidate | None:
        """The consolidated workbook given here (the successor's, or one above it below the parent)
        whose files include ``sub``'s."""
        chain = [successor, *self.reg.ancestors(successor)]
        chain = chain[: chain.index(self.parent)] if self.parent in chain else chain
        for unit in chain:
            cand = present.get(unit)
            if cand is not None and any(r.get("sha256") == sub.sha256 for r in cand.submission.provenance):
                return cand
        return None

    def outcome(self, cand: Candidate) -> str:
        if cand.errors:
            return "included_invalid" if self.include_invalid else "errors"
        if self.deadline and cand.received and cand.received > self.deadline:
            return "late"
        return "warnings" if cand.warnings else "valid"

    def missing(self, latest: list[Candidate]) -> None:
        branches: dict[str, list[str]] = {}
        for cand in latest:
            branch = self.branch(cand.submission.unit)
            if branch is not None:
                branches.setdefault(branch, []).append(cand.submission.unit)
        for child in self.reg.children(self.parent, on=self.on):
            sent = branches.get(child.code, [])
            if child.code in sent or (child.code in self.waiting and not sent):
                continue
            status = "via_children" if sent else "missing"
            note = ", ".join(sorted(sent))
            self.rows.append(StatusRow(unit=child.code, name=child.name, status=status, note=note))


def counted_version(has_errors: Sequence[bool]) -> int:
    """Which of a unit's versions, oldest first, counts: the newest, unless it has errors and an older
    one has none; then that older one counts and the newer is shown as “bản mới có lỗi, đang dùng bản
    trước”. One rule for folders, the ledger's status and ``consolidate --ledger``: a unit that sends
    a broken correction keeps its good report, and the officer sees why."""
    newest = len(has_errors) - 1
    if not has_errors[newest]:
        return newest
    clean = [i for i, errors in enumerate(has_errors) if not errors]
    return clean[-1] if clean else newest


# the figures -----------------------------------------------------------------------------------


def aggregate(defn: Definition, parts: Sequence[Part | Submission], registry: Registry | None = None,
              parent: str = "", own: Submission | None = None) -> dict[tuple[str, str], float | None]:
    """The parent's figure of every input cell, each by its indicator's rule (see the module docstring)."""
    if parts and not isinstance(parts[0], Part):  # plain submissions: every one a live child
        parts = [Part(s) for s in parts]
    level = registry[parent].level if registry is not None and parent in registry else None
    out: dict[tuple[str, str], float | None] = {}
    for ind in defn.indicators.values():
        if ind.computed:
            continue
        for p in defn.periods:
            key = (ind.code, p.code)
            if not ind.applies(p.role):
                out[key] = None
            elif ind.kind == "mean":
                out[key] = _weighted([q for q in parts if q.whole], key, (ind.weight, p.code))
            else:
                own_value = own.own.get(key) if own is not None and (level is None or level in ind.levels) else None
                out[key] = _figure(defn, ind, p, key, parts, own_value, registry, parent)
    return out


def _figure(defn: Definition, ind: Indicator, period, key, parts: Sequence[Part], own_value, registry,
            parent: str) -> float | None:
    count = ind.integer
    if ind.aggregate == "registry":  # the parent's own figure, its merged predecessors', or the registry's
        carried = _total([q.figure(key, count) for q in parts if not q.whole and parent in q.mine])
        if own_value is not None or carried is not None:
            return _total([own_value, carried])
        return _from_registry(defn, ind, period, registry, parent)
    if ind.aggregate == "own":
        carried = [q.figure(key, count) for q in parts if not q.whole and parent in q.mine]
        return _total([own_value, *carried])
    present = [q.figure(key, count) for q in parts if q.whole and _counts(ind, q, registry)]
    if ind.aggregate == "own_plus_sum":
        present += [q.figure(key, count) for q in parts if not q.whole] + [own_value]
    return _total(present)


def contribution(defn: Definition, registry: Registry | None, parent: str, part: Part) -> dict:
    """(indicator, period) → what ``part`` adds to the parent's figures (for the detail sheet)."""
    out = {}
    for ind in defn.indicators.values():
        if ind.computed or ind.kind == "mean" or ind.aggregate == "registry":
            continue
        if ind.aggregate == "own":
            adds = not part.whole and parent in part.mine
        elif ind.aggregate == "own_plus_sum":
            adds = not part.whole or _counts(ind, part, registry)
        else:
            adds = part.whole and _counts(ind, part, registry)
        for p in defn.periods:
            if adds and ind.applies(p.role):
                out[ind.code, p.code] = part.figure((ind.code, p.code), ind.integer)
    return out


def own_figures(defn: Definition, registry: Registry | None, parent: str, own: Submission) -> dict:
    """(indicator, period) → the parent's own figures that its consolidation used."""
    level = registry[parent].level if registry is not None and parent in registry else None
    return {key: value for key, value in own.own.items()
            if key[0] in defn.indicators and (level is None or level in defn[key[0]].levels)}


def _counts(ind: Indicator, part: Part, registry) -> bool:
    """A child's figure counts when it is a total already (a consolidated workbook), or a figure of
    a level that reports it (a CĐCS's answer to a row for upper levels is not one)."""
    sub = part.sub
    if "consolidated_for" in sub.info or registry is None or sub.unit not in registry:
        return True
    return registry[sub.unit].level in ind.levels


def _from_registry(defn: Definition, ind: Indicator, period, registry, parent: str) -> float | None:
    if registry is None or parent not in registry:
        return None
    unit = registry[parent]
    latest = period.code == defn.years[-1].code
    value = unit.figures.get((ind.code, period.code), unit.figures.get((ind.code, None)) if latest else None)
    if value is not None or ind.registry_count is None:
        return value
    on = defn.term.start if period.role == "baseline" else dt.date(period.year, 12, 31) if period.year else None
    return None if on is None else float(unit_count(registry, parent, ind.registry_count, on))


def unit_count(registry: Registry, parent: str, level: str, on: dt.date) -> int:
    """Units of ``level`` that existed on ``on`` and are ``parent`` or below it — a unit that has
    ended since, where its successor is (the one that took most of it)."""
    count = 0
    for unit in registry:
        if unit.level != level or not unit.active_on(on):
            continue
        where = registry.successor(unit.code) if unit.merged_into and not unit.active_on(None) else unit.code
        count += where == parent or parent in registry.ancestors(where)
    return count


def _total(values) -> float | None:
    present = [v for v in values if v is not None]
    return exact_sum(present) if present else None


def _weighted(parts: Sequence[Part], key: tuple[str, str], weight: tuple[str, str]) -> float | None:
    pairs = [(q.sub.values[key], q.take(q.sub.values[weight], False)) for q in parts
             if q.sub.values.get(key) is not None and q.sub.values.get(weight) is not None]
    total = exact_sum(w for _v, w in pairs)
    return exact_sum(v * w for v, w in pairs) / total if total else None


def completeness(defn: Definition, parts: Sequence[Part]) -> dict[str, tuple[int, int]]:
    """Period → (units that filled it, units counted), through consolidated children: the previous
    term's column is optional, and a sum of whoever filled it is not a province's figure."""
    out = {}
    for p in defn.periods:
        filled = units = 0
        for part in parts:
            if not part.whole:
                continue
            k, n = filled_of(defn, part.sub, p.code)
            filled, units = filled + k, units + n
        out[p.code] = (filled, units)
    return out


def filled_of(defn: Definition, sub: Submission, period: str) -> tuple[int, int]:
    """(units that filled ``period``, units) of one workbook: its own record when consolidated."""
    recorded = sub.info.get(FILLED + period, "")
    k, _, n = recorded.partition("/")
    if k.isdigit() and n.isdigit():
        return int(k), int(n)
    typed = any(sub.values.get((code, period)) is not None for code, ind in defn.indicators.items()
                if not ind.computed)
    return int(typed), 1


def provenance(chosen: Sequence[Candidate], outcome, parent: str) -> list[dict]:
    """Every file behind the figures, and, through consolidated children, every file behind theirs."""
    rows = []
    for cand in chosen:
        sub = cand.submission
        own = sub.unit == parent
        received = cand.received.isoformat(timespec="seconds") if cand.received else ""
        rows.append({"unit": sub.unit, "file": cand.file, "sha256": sub.sha256, "received": received,
                     "status": "own" if own else outcome(cand), "via": ""})
        if own or "consolidated_for" not in sub.info:  # only a consolidation has files behind it
            continue
        for inner in sub.provenance:
            rows.append({**inner, "via": "/".join(filter(None, (sub.unit, inner.get("via", ""))))})
    return rows
