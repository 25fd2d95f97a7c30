"""Consolidate workbook files into a parent's workbook: read and validate every child (one
pandera call), resolve duplicates and versions, sum, and write the parent workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .core.consolidate import Candidate, Consolidation, consolidate
from .definition import Definition, load_definition
from .errors import XlunionError
from .io.atomic import refuse_inputs
from .registry import Registry
from .targets import TargetSet, load_target_sets
from .validation import Clock, validate_files, workbook_paths


def consolidate_files(inputs: Iterable[str | Path], registry: Registry, parent: str, output: str | Path,
                      defn: Definition | None = None, include_invalid: bool = False,
                      deadline: dt.datetime | None = None, officer: str | None = None,
                      progress=None, facts: str | Path | None = None, workers: int | None = None,
                      executor: str = "local", scheduler: str | None = None,
                      timings: dict[str, float] | None = None, own: str | Path | None = None,
                      targets: Iterable[TargetSet] | None = None, replace_own: bool = False,
                      arrivals: Mapping[Path, dt.datetime] | None = None,
                      held: Mapping[Path, tuple[str, str]] | None = None) -> Consolidation:
    """Consolidate the workbooks in ``inputs`` (files or folders) into ``parent``'s workbook ``output``.

    ``own`` is the parent's own workbook (its own activities, targets and resolution; a workbook of
    the parent among ``inputs`` serves too). It may be ``output`` itself only with ``replace_own``,
    which the add-in's button sets: the officer asked for the open workbook to be filled. ``targets``
    are the resolutions to judge by (default: those beside the definition); ``facts`` also writes
    every figure as a Parquet table (see :mod:`xlunion.io.facts`). ``arrivals`` are the ledger's
    arrival times of files that came by mail (absolute path → time): they decide lateness and
    versions over the files' own times; ``held`` are the files the ledger keeps from counting (path →
    (``held`` or ``rejected``, why)): they are listed in the status sheet, never summed."""
    from .io.parent import write_parent

    defn = defn or load_definition()
    if parent not in registry:
        raise XlunionError(registry.source, "cli.unknown_unit", code=parent)
    paths = [p for p in workbook_paths(inputs) if p.resolve() != Path(output).resolve()]
    refuse_inputs(output, [*paths, *(Path(i) for i in inputs)])
    if own is not None:
        if not replace_own:
            refuse_inputs(output, [Path(own)])
        paths = [p for p in paths if p.resolve() != Path(own).resolve()] + [Path(own)]
    if facts:
        refuse_inputs(facts, [*paths, output])
    report = validate_files(paths, defn, registry.parents(), progress=progress, workers=workers, executor=executor,
                            scheduler=scheduler, timings=timings)
    clock = Clock(timings)
    candidates = []
    for r in report.files:
        if r.submission is None:
            candidates.append(Candidate(file=r.path.name, problem=r.error.render(short=True) if r.error else ""))
            continue
        errors = sum(f.severity == "error" for f in r.findings)
        candidates.append(Candidate(file=r.path.name, submission=r.submission, errors=errors,
                                    warnings=len(r.findings) - errors,
                                    arrived=(arrivals or {}).get(r.path.resolve()),
                                    held=(held or {}).get(r.path.resolve())))
    on = dt.date(defn.years[-1].year, 12, 31)
    result = consolidate(defn, registry, parent, candidates, include_invalid, deadline, on)
    clock.lap("consolidate")
    sets = load_target_sets(defn) if targets is None else list(targets)
    write_parent(defn, registry, result, output, officer=officer, targets=sets)
    clock.lap("write")
    if facts:
        from .io.facts import write_facts

        write_facts(defn, registry, result, facts)
        clock.lap("facts")
    return result


@dataclass
class LedgerInputs:
    """What a ledger hands to :func:`consolidate_files`: every version of every unit's report (the one
    rule for which counts then applies, and “Thay đổi” lists each resubmission), when each arrived, and
    the files held for the operator or rejected, with why (in Vietnamese: it goes in the workbook)."""

    paths: list[Path]
    arrivals: dict[Path, dt.datetime]
    held: dict[Path, tuple[str, str]]


def ledger_inputs(ledger, defn: Definition) -> LedgerInputs:
    from .messages import msg

    entries = [e for versions in ledger.versions(defn.id, defn.term.name).values() for e in versions]
    held = {Path(e.file).resolve(): ("rejected" if e.review == "rejected" else "held",
                                     "; ".join(msg(key, lang="vi", **values) for key, values in e.note_list()))
            for e in entries if not e.counts}
    return LedgerInputs([Path(e.file) for e in entries], {Path(e.file).resolve(): e.received for e in entries}, held)


def compare_file(path: str | Path, output: str | Path, defn: Definition | None = None,
                 registry: Registry | None = None, targets: Iterable[TargetSet] | None = None) -> Path:
    """Any single workbook, rewritten in standard form with the comparison sheet; its targets are
    its own and, given the registry, those its ancestors' resolutions assign to it."""
    from .io.compare_sheet import comparison_sheet
    from .io.template import filling_of, write_workbook
    from .validation import read_one

    defn = defn or load_definition()
    refuse_inputs(output, [path])
    sub = read_one(path, defn)
    sets = load_target_sets(defn) if targets is None else list(targets)
    filling = filling_of(defn, sub, registry, sets)
    return write_workbook(defn, output, filling, extras=[comparison_sheet])
