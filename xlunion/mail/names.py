"""File names that came by mail, made fit to be a file name here.

A sender's name is kept as the sender wrote it (in the ledger, cut to its column there); the name
a file is stored under is a cleaned copy: no path separators (a name is never a path), no control
characters (NUL ends a C string; ESC reaches a terminal), and short enough in *bytes* for every
filesystem (NAME_MAX is 255 bytes: a 174-character Vietnamese name is already 230 of them).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

NAME_BYTES = 180
"""Room for a stored name; the inbox puts a 25-byte time-and-hash prefix before it."""

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Controls, bidi overrides and what Windows or POSIX refuse in a name."""


def readable(name: str) -> str:
    """``name`` as text: NFC (macOS writes NFD), bytes that were not UTF-8 decoded as best we can."""
    if any("\udc80" <= ch <= "\udcff" for ch in name):  # 8-bit header bytes the parser kept as surrogates
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", name)


def safe_name(name: str, limit: int = NAME_BYTES) -> str:
    """A name to store a file under: separators and controls become ``_``, leading dots go (no hidden
    files, no ``..``), and a name over ``limit`` bytes is cut by bytes, keeping its extension and a
    short hash of the whole name so two long names that start alike stay apart."""
    clean = _UNSAFE.sub("_", readable(name)).strip().lstrip(".") or "tep"
    if len(clean.encode("utf-8")) <= limit:
        return clean
    stem, dot, ext = clean.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = clean, ""
    tail = "~" + hashlib.sha256(clean.encode("utf-8")).hexdigest()[:8] + (f".{ext}" if ext else "")
    return _cut(stem, limit - len(tail.encode("utf-8"))) + tail


def _cut(text: str, room: int) -> str:
    """The longest prefix of ``text`` that fits ``room`` UTF-8 bytes (never half a character)."""
    return text.encode("utf-8")[:max(room, 0)].decode("utf-8", "ignore")
