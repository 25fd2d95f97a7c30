"""Write outputs so that nothing is lost: a temporary file beside the target, then a rename.

A reader (or Excel) sees either the old file or the complete new one, never half
of one; a failure leaves the old file as it was and says why in the officer's words
(no permission, a read-only or full disk, a folder where the file should be).

A process killed while writing leaves its temporary file behind (visible on Windows):
the temporary's name carries the writer's process id, and the next write beside it
removes those whose writer is gone.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import OutputError, OutputLockedError, XlunionError


def refuse_inputs(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise if ``output`` is one of ``inputs`` (an input is never overwritten) or a folder:
    said before the long work, not after it."""
    if Path(output).is_dir():
        raise OutputError(output, "io.is_directory", path=output)
    out = Path(output).resolve()
    for path in inputs:
        if Path(path).resolve() == out:
            raise OutputError(output, "io.same_as_input", path=output)


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one step."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(target, "io.is_directory", path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(target)
        fd, tmp = tempfile.mkstemp(prefix=_prefix(target) + f"{os.getpid()}.", suffix=target.suffix,
                                   dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise _output_error(target, exc) from exc
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        _replace(tmp_path, target)
    except XlunionError:  # said already, in its own words (an input's fault is not the output's)
        raise
    except Exception as exc:
        fault = _os_error(exc)
        if fault is None:
            raise
        raise _output_error(target, fault) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink(missing_ok=True)


STALE_SECONDS = 24 * 3600
"""Where a writer's liveness cannot be asked (Windows), a temporary this old is abandoned."""


def _prefix(target: Path) -> str:
    return f".{target.stem}.~"


def _clean_stale(target: Path) -> None:
    """Remove temporaries of ``target`` left by writers that were killed."""
    prefix = _prefix(target)
    for path in target.parent.glob(f"{glob.escape(prefix)}*{glob.escape(target.suffix)}"):
        pid = path.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and _abandoned(path, int(pid)):
            with contextlib.suppress(OSError):
                path.unlink()


def _abandoned(path: Path, pid: int) -> bool:
    if pid == os.getpid():
        return False
    if sys.platform != "win32":  # os.kill(pid, 0) only asks on POSIX; on Windows it would signal
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False
    return time.time() - path.stat().st_mtime > STALE_SECONDS


_FAULTS = {errno.EACCES: "io.no_permission", errno.EPERM: "io.no_permission", errno.EROFS: "io.read_only",
           errno.ENOSPC: "io.disk_full", errno.EDQUOT: "io.disk_full", errno.EFBIG: "io.disk_full",
           errno.ENAMETOOLONG: "io.name_too_long", errno.EISDIR: "io.is_directory",
           errno.ENOTDIR: "io.not_a_folder"}


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc`` (writers such as xlsxwriter wrap it in their own exception)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError):
            return exc
        inner = next((a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
        exc, seen = inner or exc.__cause__ or exc.__context__, seen + 1
    return None


def _output_error(target: Path, exc: OSError) -> OutputError:
    key = _FAULTS.get(exc.errno or 0, "io.cannot_write")
    return OutputError(target, key, path=target, folder=target.parent, detail=exc.strerror or type(exc).__name__)


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
