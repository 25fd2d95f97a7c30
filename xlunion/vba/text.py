"""Vietnamese text inside VBA source, which Excel stores in the project's ANSI code page.

Every character outside ASCII is written ``\\hhhh`` (its UTF-16 code, four hex digits) and
rebuilt at run time with ``ChrW`` by ``Vi()`` in ``macros/CongDoan.bas``; the texts themselves
are the ``addin.precheck_*`` and ``addin.fix_*`` entries of the message catalogue.
"""

from __future__ import annotations

import re


def escaped(text: str) -> str:
    """``text`` as an ASCII VBA string body (a backslash would be ambiguous, so none is allowed)."""
    if "\\" in text or '"' in text:
        raise ValueError("a VBA message may hold neither a backslash nor a double quote")
    return "".join(c if ord(c) < 128 else f"\\{ord(c):04x}" for c in text)


def unescaped(text: str) -> str:
    """What ``Vi()`` makes of an escaped string."""
    return re.sub(r"\\([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
