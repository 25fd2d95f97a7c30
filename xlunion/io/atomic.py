"""Write outputs so that nothing is lost: a temporary file beside the target, then a rename.

A reader (or Excel) sees either the old file or the complete new one, never half
of one; a failure leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import OutputError, OutputLockedError


def refuse_inputs(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise if ``output`` is one of ``inputs``: an input is never overwritten."""
    out = Path(output).resolve()
    for path in inputs:
        if Path(path).resolve() == out:
            raise OutputError(output, "io.same_as_input", path=output)


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one step."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        _replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def _replace(tmp: Path, target: Path) -> None:
    # Excel on Windows holds an open workbook locked: the rename fails with a
    # PermissionError, which the officer should read as "close the file".
    lock_file = target.with_name(f"~${target.name}")
    if lock_file.exists():
        raise OutputLockedError(target, "io.locked", path=target)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
    try:
        os.replace(tmp, target)
    except PermissionError as exc:
        raise OutputLockedError(target, "io.locked", path=target) from exc
