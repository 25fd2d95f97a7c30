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


def validate_files(inputs: Iterable[str | Path], defn: Definition | None = None,
                   parents: dict[str, str] | None = None, outlier_factor: float = 3.0,
                   progress: Callable[[Path], None] | None = None) -> Report:
    """Read and validate every workbook; a file that cannot be read is reported, not raised."""
    from .core.validate import validate
    from .io.read import read_submission

    defn = defn or load_definition()
    results = []
    for path in workbook_paths(inputs):
        try:
            results.append(FileResult(path, submission=read_submission(path, defn)))
        except XlunionError as exc:
            results.append(FileResult(path, error=exc))
        if progress:
            progress(path)
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


def _unique_names(results: Sequence[FileResult]) -> None:
    """Findings name files by their name; where two inputs share one, use the full path."""
    names = [r.path.name for r in results if r.submission is not None]
    for r in results:
        if r.submission is not None and names.count(r.path.name) > 1:
            r.submission.file = str(r.path)
            r.submission.findings = [replace(f, file=str(r.path)) for f in r.submission.findings]
