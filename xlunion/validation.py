"""Validate workbook files: read each (one bad file never stops the others), then one
validation over all of them. The simple entry point over ``xlunion.core.validate``."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .core.findings import ERROR, Finding
from .core.submission import Submission
from .definition import Definition, load_definition
from .errors import WorkbookError, XlunionError
from .isolation import Limits


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


WORKBOOK_SUFFIXES = (".xlsx",)
MACRO_SUFFIXES = (".xlsm",)
"""A workbook with macros is never opened, from a folder or from mail: the unit saves it again as .xlsx."""


def is_macro_workbook(name: str | Path) -> bool:
    return str(name).lower().endswith(MACRO_SUFFIXES)


def workbook_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders expanded to their .xlsx files (not Excel's ~$ lock files), sorted. A folder's
    .xlsm files are listed too, so that they are reported as refused (see ``read_files``), not passed over."""
    paths: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            paths += sorted(p for p in item.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES + MACRO_SUFFIXES
                            and p.is_file() and not p.name.startswith(("~$", ".")))
        else:
            paths.append(item)
    return paths


def validate_files(inputs: Iterable[str | Path], defn: Definition | None = None,
                   parents: dict[str, str] | None = None, outlier_factor: float = 3.0,
                   progress: Callable[[Path], None] | None = None, workers: int | None = None,
                   executor: str = "local", scheduler: str | None = None,
                   timings: dict[str, float] | None = None) -> Report:
    """Read and validate every workbook; a file that cannot be read is reported, not raised.

    Files are read in ``workers`` isolated processes (default: one per core); the
    figures are then validated in this process, one pandera call per 2,500 workbooks.
    """
    from .core.validate import validate

    defn = defn or load_definition()
    clock = Clock(timings)
    results = read_files(workbook_paths(inputs), defn, progress, workers, executor, scheduler)
    _unique_names(results)
    clock.lap("read")
    subs = [r.submission for r in results if r.submission is not None]
    findings = validate(defn, subs, parents, outlier_factor)
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    for r in results:
        if r.submission is not None:
            r.findings = by_file.get(r.submission.file, [])
    clock.lap("validate")
    return Report(results)


class Clock:
    """Wall time of each step into ``timings`` (when given): what the benchmark splits a run by."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.start = timings, time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[step] = self.timings.get(step, 0.0) + now - self.start
        self.start = now


def read_files(paths: Sequence[Path], defn: Definition, progress: Callable[[Path], None] | None = None,
               workers: int | None = None, executor: str = "local", scheduler: str | None = None,
               limits: Limits | None = None) -> list[FileResult]:
    """Every file read in isolated worker processes (see :mod:`xlunion.isolation`).

    ``workers`` defaults to the number of cores; ``executor="dask"`` with a ``scheduler``
    address reads on a Dask distributed cluster instead.
    """
    import os

    from .isolation import LIMITS, read_isolated, read_on_dask

    order = list(paths)
    paths = [p for p in order if not is_macro_workbook(p)]  # one policy with the pull: never opened
    if executor == "dask":
        if not scheduler:
            raise XlunionError(None, "cli.dask_scheduler")
        outcomes = read_on_dask(paths, defn.source, scheduler)
    elif executor == "local":
        workers = workers or os.cpu_count() or 1
        workers = max(1, min(workers, len(paths)))
        chunk = max(1, min(16, -(-len(paths) // (workers * 4))))  # 4 chunks a worker balance the load
        outcomes = read_isolated(paths, defn.source, workers, limits or LIMITS, chunk)
    else:
        raise XlunionError(None, "cli.executor", executor=executor)
    done = iter([_result(path, outcome, progress) for path, outcome in outcomes])  # in the order of paths
    return [FileResult(p, error=WorkbookError(p, "wb.macro_workbook")) if is_macro_workbook(p)
            else next(done) for p in order]


def read_one(path: str | Path, defn: Definition, limits: Limits | None = None) -> Submission:
    """One workbook read as a folder's are, through the preflight in an isolated, limited worker: what
    verify, diff, compare and report read (a file that kills its reader costs a message, not the command)."""
    (result,) = read_files([Path(path)], defn, workers=1, limits=limits)
    if result.error is not None:
        raise result.error
    return result.submission


def _result(path: Path, outcome, progress) -> FileResult:
    from .isolation import as_error

    if progress:
        progress(path)
    if isinstance(outcome, tuple):
        return FileResult(path, error=as_error(outcome))
    return FileResult(path, submission=outcome)


def _unique_names(results: Sequence[FileResult]) -> None:
    """Findings name files by their name; where two inputs share one, use the full path."""
    names = Counter(r.path.name for r in results if r.submission is not None)
    for r in results:
        if r.submission is not None and names[r.path.name] > 1:
            r.submission.file = str(r.path)
            r.submission.findings = [replace(f, file=str(r.path)) for f in r.submission.findings]
