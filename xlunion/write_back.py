"""Write validated workbooks back: marked copies (``--annotate``, ``--in-place``) and stamped ones
(``--stamp``). What was written, or why not, comes back as data, so that the command line prints it
as text or puts it in its JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .messages import msg


@dataclass
class Written:
    """What became of one input file."""

    path: Path
    target: Path | None = None
    """The file written, if any."""
    key: str = ""
    """The message saying what was done (``val.annotated``, ``val.stamped``, ``val.not_stamped`` …)."""
    values: dict = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.key == "val.write_failed"

    def message(self, lang: str | None = None) -> str:
        return msg(self.key, lang=lang, **self.values)


def write_back(defn, report, annotate: Path | None, in_place: bool, stamp: bool,
               workers: int | None = None) -> list[Written]:
    """Mark (and stamp) every file that could be read; the inputs change only with ``in_place`` or ``stamp``.

    openpyxl holds a whole workbook in memory, sheets xlunion never reads included, so it opens only
    files the preflight passed (those validation read), each in a worker with time and memory limits
    (:func:`xlunion.isolation.write_isolated`): a file too big for it fails alone, named, and every
    other file is still written.
    """
    import os

    from .core.receipt import receipt
    from .io.annotate import annotate as write_marks
    from .io.annotate import now_iso
    from .io.child_formulas import typed_cells
    from .isolation import write_isolated
    from .messages import language

    out, tasks, planned = [], [], []
    for r in report.files:
        if r.submission is None:
            continue  # refused by the preflight, or unreadable: openpyxl never opens it
        target = r.path if (in_place or (stamp and not annotate)) else annotate / r.path.name
        info = receipt(defn, r.submission, now_iso()) if stamp and r.status != "errors" else None
        if stamp and info is None:
            out.append(Written(r.path, key="val.not_stamped", values={"file": r.path.name}))
        if target == r.path and not (in_place or info):
            continue
        tasks.append((r.path, write_marks, (r.path, r.findings, target, language(), info, typed_cells(r.submission))))
        planned.append((target, "val.stamped" if info else "val.annotated"))
    for (path, outcome), (target, key) in zip(write_isolated(tasks, workers or os.cpu_count() or 1), planned,
                                              strict=True):
        out.append(_written(path, outcome, target, key))
    order = {r.path: i for i, r in enumerate(report.files)}
    return sorted(out, key=lambda w: order[w.path])  # stable: a file's note stays before its copy


def _written(path: Path, outcome, target: Path, key: str) -> Written:
    from .isolation import as_error

    if isinstance(outcome, tuple):
        error = as_error(outcome)
        return Written(path, None, "val.write_failed", {"file": path.name, "reason": msg(error.key, **error.values)})
    return Written(path, target, key, {"path": target})


def annotate_isolated(path: Path, findings, output: Path, lang: str | None = None) -> Path:
    """Mark ``path`` into ``output`` as the command line does, in a limited worker: what the add-in's
    Validate button uses on the officer's workbook (their own formulas are kept: Excel recomputes them)."""
    from .io.annotate import annotate
    from .isolation import as_error, write_isolated

    ((_path, outcome),) = write_isolated([(Path(path), annotate, (path, list(findings), output, lang))], 1)
    if isinstance(outcome, tuple):
        raise as_error(outcome)
    return outcome
