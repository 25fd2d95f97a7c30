"""Validate workbook files: read each (one bad file never stops the others), then one
validation over all of them. The simple entry point over ``xlunion.core.validate``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .core.findings import ERROR, Finding
from .core.submission import Submission
from .definition import Definition, load_definition
from .errors import XlunionError


@dataclass
class FileResult:
    path: Path
    submission: Submission | None = None
    error: XlunionError | None = None
    """Why the file could not be used at all (then there is no submission)."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.error is not None:
            return "unusable"
        if any(f.severity == ERROR for f in self.findings):
            return "errors"
        return "warnings" if self.findings else "ok"


@dataclass
class Report:
    files: list[FileResult]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def exit_code(self) -> int:
        """0 valid, 1 some file has errors, 2 some file is unusable."""
        statuses = {r.status for r in self.files}
        return 2 if "unusable" in statuses or not self.files else 1 if "errors" in statuses else 0


def workbook_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders expanded to their .xlsx files (not Excel's ~$ lock files), sorted."""
    paths: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            paths += sorted(p for p in item.rglob("*.xlsx") if not p.name.startswith(("~$", ".")))
        else:
            paths.append(item)
    return paths


PARALLEL_FROM = 64
"""Below this many files, starting worker processes costs more than it saves."""


def validate_files(inputs: Iterable[str | Path], defn: Definition | None = None,
                   parents: dict[str, str] | None = None, outlier_factor: float = 3.0,
                   progress: Callable[[Path], None] | None = None, workers: int | None = None) -> Report:
    """Read and validate every workbook; a file that cannot be read is reported, not raised.

    Files are read in ``workers`` processes (default: up to 4, from 64 files on); the
    figures are then validated in one pandera call in this process.
    """
    from .core.validate import validate

    defn = defn or load_definition()
    results = read_files(workbook_paths(inputs), defn, progress, workers)
    _unique_names(results)
    subs = [r.submission for r in results if r.submission is not None]
    findings = validate(defn, subs, parents, outlier_factor)
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    for r in results:
        if r.submission is not None:
            r.findings = by_file.get(r.submission.file, [])
    return Report(results)


def read_files(paths: Sequence[Path], defn: Definition, progress: Callable[[Path], None] | None = None,
               workers: int | None = None) -> list[FileResult]:
    import os

    workers = min(4, os.cpu_count() or 1) if workers is None else workers
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        outcomes = (_read_one(path, defn) for path in paths)
        return [_result(path, outcome, progress) for path, outcome in zip(paths, outcomes, strict=False)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        outcomes = pool.map(_read_in_worker, paths, [defn.source] * len(paths), chunksize=16)
        return [_result(path, outcome, progress) for path, outcome in zip(paths, outcomes, strict=True)]


def _read_one(path: Path, defn: Definition):
    """A Submission, or the failure as plain data (custom exceptions do not cross processes)."""
    from .io.read import read_submission

    try:
        return read_submission(path, defn)
    except XlunionError as exc:
        return ("error", type(exc).__name__, exc.path, exc.key, exc.where, exc.values)


_DEFINITIONS: dict[str, Definition] = {}


def _read_in_worker(path: Path, source: str):
    if source not in _DEFINITIONS:
        _DEFINITIONS[source] = load_definition(source)
    return _read_one(path, _DEFINITIONS[source])


def _result(path: Path, outcome, progress) -> FileResult:
    if progress:
        progress(path)
    if isinstance(outcome, tuple):
        from . import errors

        _tag, kind, source, key, where, values = outcome
        return FileResult(path, error=getattr(errors, kind)(source, key, where, **values))
    return FileResult(path, submission=outcome)


def _unique_names(results: Sequence[FileResult]) -> None:
    """Findings name files by their name; where two inputs share one, use the full path."""
    names = [r.path.name for r in results if r.submission is not None]
    for r in results:
        if r.submission is not None and names.count(r.path.name) > 1:
            r.submission.file = str(r.path)
            r.submission.findings = [replace(f, file=str(r.path)) for f in r.submission.findings]
