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

    def message(self, lang: str | None = None) -> str:
        return msg(self.key, lang=lang, **self.values)


def write_back(defn, report, annotate: Path | None, in_place: bool, stamp: bool) -> list[Written]:
    """Mark (and stamp) every file that could be read; the inputs change only with ``in_place`` or ``stamp``."""
    from .core.receipt import receipt
    from .io.annotate import annotate as write_marks
    from .io.annotate import now_iso
    from .io.child_formulas import typed_cells

    out = []
    for r in report.files:
        if r.submission is None:
            continue
        target = r.path if (in_place or (stamp and not annotate)) else annotate / r.path.name
        info = receipt(defn, r.submission, now_iso()) if stamp and r.status != "errors" else None
        if stamp and info is None:
            out.append(Written(r.path, key="val.not_stamped", values={"file": r.path.name}))
        if target == r.path and not (in_place or info):
            continue
        write_marks(r.path, r.findings, target, info=info, typed=typed_cells(r.submission))
        out.append(Written(r.path, target, "val.stamped" if info else "val.annotated", {"path": target}))
    return out
