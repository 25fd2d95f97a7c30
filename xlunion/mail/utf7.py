"""IMAP folder names in modified UTF-7 (RFC 3501 §5.1.3), the only form every server reads.

Printable ASCII stands for itself (``&`` is written ``&-``); any other run of characters is
written ``&`` + base64 of its UTF-16BE form, with ``,`` for ``/`` and no padding, + ``-``:
“Báo cáo” is ``B&AOE-o c&AOE-o``.
"""

from __future__ import annotations

import base64


def _is_direct(ch: str) -> bool:
    return 0x20 <= ord(ch) <= 0x7E and ch != "&"


def _shifted(run: str) -> str:
    packed = base64.b64encode(run.encode("utf-16-be")).decode("ascii").rstrip("=")
    return "&" + packed.replace("/", ",") + "-"


def encode(name: str) -> str:
    out, run = [], []
    for ch in name:
        if _is_direct(ch):
            if run:
                out.append(_shifted("".join(run)))
                run = []
            out.append(ch)
        elif ch == "&":
            if run:
                out.append(_shifted("".join(run)))
                run = []
            out.append("&-")
        else:
            run.append(ch)
    if run:
        out.append(_shifted("".join(run)))
    return "".join(out)


def decode(name: str) -> str:
    """The folder name a person reads; a malformed shifted run is kept as written."""
    out, i = [], 0
    while i < len(name):
        start = name.find("&", i)
        end = name.find("-", start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            out.append(name[i:])
            break
        out.append(name[i:start])
        packed = name[start + 1:end]
        if not packed:
            out.append("&")
        else:
            try:
                raw = base64.b64decode(packed.replace(",", "/") + "=" * (-len(packed) % 4), validate=True)
                out.append(raw.decode("utf-16-be"))
            except (ValueError, UnicodeDecodeError):
                out.append(name[start:end + 1])
        i = end + 1
    return "".join(out)


def quoted(name: str) -> str:
    """``name`` encoded and as an IMAP quoted string (a space or a quote in it stays one argument)."""
    return '"' + encode(name).replace("\\", "\\\\").replace('"', '\\"') + '"'
