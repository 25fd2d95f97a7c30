"""Workbooks inside what a mail program wraps them in: a .zip, or Outlook's winmail.dat (TNEF).

Each file inside becomes a piece of its own, named by where it came from ("a.zip › bao-cao.xlsx"),
so every line the pull prints names the workbook itself. Archives are read within limits (how
many files, how many bytes once unpacked, how deep), like the workbook preflight in ``xlunion.io``:
a zip bomb costs a refusal line, not the machine.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..io.preflight import ZIP_ERRORS
from .names import readable

SEPARATOR = " › "
TNEF_MAGIC = b"\x78\x9f\x3e\x22"


@dataclass(frozen=True)
class Limits:
    files: int = 50
    """Files in one archive: a unit sends one workbook, perhaps with a few minutes and letters."""
    depth: int = 2
    """Archives inside archives."""


LIMITS = Limits()


@dataclass(frozen=True)
class Piece:
    """One file to judge: ``shown`` is its whole name for people, ``name`` its own file name."""

    shown: str
    name: str
    data: bytes
    problem: tuple[str, dict] | None = None
    """(message key, values) when the file could not even be taken out."""


def pieces(name: str, data: bytes, max_bytes: int, limits: Limits = LIMITS) -> list[Piece]:
    """The files ``name`` holds (itself when it is not an archive); never raises."""
    return _open(Piece(name, name, data), max_bytes, limits, 0)


def _open(piece: Piece, max_bytes: int, limits: Limits, depth: int) -> list[Piece]:
    kind = _kind(piece.name, piece.data)
    if kind is None:
        return [piece]
    if depth >= limits.depth:
        return [_refused(piece, "pull.archive_too_deep", depth=limits.depth)]
    inner = _zip(piece, max_bytes, limits) if kind == "zip" else _tnef(piece)
    if isinstance(inner, Piece):  # the archive itself refused
        return [inner]
    if not inner:
        return [_refused(piece, "pull.archive_empty")]
    return [p for child in inner for p in _open(child, max_bytes, limits, depth + 1)]


def _kind(name: str, data: bytes) -> str | None:
    lower = name.lower()
    if lower.endswith(".zip") or (data.startswith(b"PK\x03\x04") and not lower.endswith((".xlsx", ".xlsm", ".xls"))
                                  and b"xl/workbook.xml" not in data):
        return "zip"
    if lower == "winmail.dat" or data.startswith(TNEF_MAGIC):
        return "tnef"
    return None


def _refused(piece: Piece, key: str, **values) -> Piece:
    return Piece(piece.shown, piece.name, b"", (key, values))


def _zip(piece: Piece, max_bytes: int, limits: Limits) -> list[Piece] | Piece:
    from ..errors import WorkbookError
    from ..io.preflight import Budget, _end_record

    try:  # the end record first, as the workbook preflight does: zipfile parses a whole directory before counting
        _end_record(Path(piece.name), piece.data, Budget(entries=limits.files, directory=limits.files * 1024))
    except WorkbookError:
        return _refused(piece, "pull.archive_too_many", count=f"> {limits.files}", limit=limits.files)
    try:
        with zipfile.ZipFile(io.BytesIO(piece.data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > limits.files:
                return _refused(piece, "pull.archive_too_many", count=len(members), limit=limits.files)
            if sum(m.file_size for m in members) > max_bytes:
                return _refused(piece, "pull.archive_too_large", limit=round(max_bytes / (1 << 20), 1))
            return [_member(piece, archive, m) for m in members]
    except ZIP_ERRORS:
        return _refused(piece, "pull.archive_broken")


def _member(piece: Piece, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Piece:
    name = _member_name(info)
    child = Piece(piece.shown + SEPARATOR + name, name.rsplit("/", 1)[-1], b"")
    if info.flag_bits & 0x1:
        return _refused(child, "pull.archive_encrypted")
    try:  # zipfile stops at the declared size and checks the CRC: a lying header cannot inflate more
        return Piece(child.shown, child.name, archive.read(info))
    except ZIP_ERRORS:
        return _refused(child, "pull.archive_broken")


def _member_name(info: zipfile.ZipInfo) -> str:
    """Windows' built-in zip writes UTF-8 names without the flag that says so: zipfile then shows them as
    cp437; read them back as UTF-8 where they are."""
    if info.flag_bits & 0x800:
        return readable(info.filename)
    try:
        return readable(info.filename.encode("cp437").decode("utf-8"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return readable(info.filename)


def _tnef(piece: Piece) -> list[Piece] | Piece:
    try:
        from tnefparse import TNEF
    except ImportError:
        return _refused(piece, "pull.tnef_unsupported")
    try:
        found = TNEF(piece.data, do_checksum=False)
        inner = [(_text(a.long_filename() or a.name), a.data or b"") for a in found.attachments]
    except Exception:  # noqa: BLE001 - tnefparse raises what its struct reads meet; any of it is a broken file
        return _refused(piece, "pull.archive_broken")
    return [Piece(piece.shown + SEPARATOR + (name or f"tep-{n}"), name or f"tep-{n}", data)
            for n, (name, data) in enumerate(inner, 1)]


def _text(name: str | bytes | None) -> str:
    """tnefparse gives a name as text or as the bytes it was stored in (UTF-8 or the sender's code page)."""
    if isinstance(name, bytes):
        try:
            name = name.decode("utf-8")
        except UnicodeDecodeError:
            name = name.decode("cp1258", "replace")
    return readable((name or "").strip("\x00"))
