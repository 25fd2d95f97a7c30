"""The formulas a child's workbook carries, found by a light scan of its XML.

xlunion's template writes formulas of its own (totals, ratios, headings), and an officer may
type one in an input cell (``=45+49``). Neither reaches outside the workbook. A formula that
does — a DDE command (``=cmd|' /C calc'!A0``), a link into another file (``[1]Sheet!A1``),
WEBSERVICE, FILTERXML, a HYPERLINK to the outside — runs or leaks data when the parent opens
the file, so validation reports it, and every copy xlunion writes holds the cell's stored
value instead (:func:`freeze`).

The sheets are scanned here, not by the preflight (which reads only the sheets the cell map
names): a few milliseconds a workbook, since formula cells are found by ``bytes.find``.
"""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.findings import Finding
from ..messages import Phrase


@dataclass(frozen=True)
class CellFormula:
    sheet: str
    cell: str
    text: str
    """Without the leading "=" (a shared formula's other cells carry their first cell's text)."""
    cached: object = None
    """The stored result: a float, text, a bool, an Excel error text, or None when none is stored."""


@dataclass
class Formulas:
    cells: list[CellFormula] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    """Defined name → its formula (sheet-scoped names as "Sheet!name")."""


CHUNK, LONGEST_CELL = 1 << 20, 1 << 22
_F = re.compile(rb"<(?:\w+:)?f[\s>/]")
_OPEN = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_ATTR = re.compile(rb'\b(r|t)="([^"]*)"')
_BODY_F = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_SI = re.compile(rb'\bsi="(\d+)"')
_V = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_CLOSE = re.compile(rb"</(?:\w+:)?c>")


def scan(path: str | Path, data: bytes | None = None, sheets: dict[str, str] | None = None) -> Formulas:
    """Every formula cell of every sheet, and every defined name, of a file the preflight passed
    (``sheets``, its sheet → part map, when the caller has it already)."""
    from .preflight import BUDGET, ZIP_ERRORS, preflight

    path = Path(path)
    data = path.read_bytes() if data is None else data
    sheets = preflight(path, data, read=set()).sheets if sheets is None else sheets
    found = Formulas()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        found.names = _names(zf)
        parts = set(zf.namelist())
        for sheet, part in sheets.items():
            try:
                found.cells += _sheet(zf, part, sheet, BUDGET.part) if part in parts else []
            except ZIP_ERRORS:
                continue  # a damaged part no reader opens: nothing in it can run either
    return found


def _names(zf: zipfile.ZipFile) -> dict[str, str]:
    from defusedxml.ElementTree import fromstring

    from .preflight import NS_MAIN

    book = fromstring(zf.read("xl/workbook.xml"), forbid_dtd=True)  # the preflight has parsed it already
    sheets = [s.get("name", "") for s in book.iter(f"{NS_MAIN}sheet")]
    out = {}
    for name in book.iter(f"{NS_MAIN}definedName"):
        scope = name.get("localSheetId")
        prefix = f"{sheets[int(scope)]}!" if scope and scope.isdigit() and int(scope) < len(sheets) else ""
        out[prefix + name.get("name", "")] = name.text or ""
    return out


def _sheet(zf: zipfile.ZipFile, part: str, sheet: str, limit: int) -> list[CellFormula]:
    """Stream the part in windows that end after a closed cell, so that every cell is whole in one."""
    out: list[CellFormula] = []
    shared: dict[bytes, str] = {}
    carry, read = b"", 0
    with zf.open(part) as stream:
        while read < limit and (chunk := stream.read(CHUNK)):
            read += len(chunk)
            data = carry + chunk
            ends = [m.end() for m in _CLOSE.finditer(data, max(0, len(data) - CHUNK - 16))]
            cut = ends[-1] if ends else 0
            out += _cells(data[:cut], sheet, shared)
            carry = data[cut:] if len(data) - cut < LONGEST_CELL else b""
    return out + _cells(carry, sheet, shared)


def _cells(window: bytes, sheet: str, shared: dict[bytes, str]) -> list[CellFormula]:
    out, at = [], 0
    while (m := _F.search(window, at)) is not None:
        start = window.rfind(b"<", 0, max(window.rfind(b"c ", 0, m.start()), 0) + 1)
        opened = _OPEN.match(window, start) if start >= 0 else None
        close = _CLOSE.search(window, m.start())
        at = close.end() if close else len(window)
        if opened is None or opened.group(2) or close is None:
            continue
        attrs = dict(_ATTR.findall(opened.group(1)))
        body = window[opened.end():close.start()]
        out.append(_cell(sheet, attrs, body, shared))
    return out


def _cell(sheet: str, attrs: dict[bytes, bytes], body: bytes, shared: dict[bytes, str]) -> CellFormula:
    f = _BODY_F.search(body)
    text = html.unescape((f.group(2) or b"").decode("utf-8", "replace")) if f else ""
    si = _SI.search(f.group(1)) if f else None
    if si is not None:  # a shared formula: its first cell holds the text, the others only the index
        text = shared.setdefault(si.group(1), text) if text else shared.get(si.group(1), "")
    v = _V.search(body)
    cached = _value(html.unescape(v.group(1).decode("utf-8", "replace")), attrs.get(b"t", b"n")) if v else None
    return CellFormula(sheet, attrs.get(b"r", b"").decode("ascii", "replace"), text, cached)


def _value(text: str, kind: bytes) -> object:
    if kind in (b"str", b"e", b"inlineStr"):
        return text
    if kind == b"b":
        return text.strip() in ("1", "true")
    if kind == b"s":
        return None  # an index into the shared strings: no formula stores its result so
    try:
        return float(text)
    except ValueError:
        return None


_DOUBLE = re.compile(r'"(?:[^"]|"")*"')
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_CALLS = re.compile(r"\b(WEBSERVICE|FILTERXML|RTD|CALL|REGISTER(?:\.ID)?|EXEC|IMAGE|DDE|DDEAUTO)\s*\(", re.I)
_EXTERNAL = re.compile(r"\[\d+\]|\[[^\]]*\.(?:xl\w*|csv|ods)\]|(?:file|https?|ftp)://|\\\\", re.I)
_HYPERLINK = re.compile(r"\bHYPERLINK\s*\(\s*", re.I)


def _blanked(text: str, pattern: re.Pattern) -> str:
    """``text`` with every match of ``pattern`` (a quoted literal) emptied, its length kept."""
    return pattern.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


@functools.lru_cache(maxsize=1 << 16)  # the template's few hundred formulas recur in every child
def reaches_out(text: str, names: frozenset[str] = frozenset()) -> Phrase | None:
    """What makes formula ``text`` reach outside the workbook, or None for one that computes within it;
    ``names`` are the defined names that do (a cell using one does too)."""
    code = _blanked(text, _DOUBLE)  # text in quotes is data, not code …
    if "|" in _blanked(code, _SINGLE):  # … and a sheet name in single quotes may hold "|"
        return Phrase("formula.dde")
    if (call := _CALLS.search(code)) is not None:
        return Phrase("formula.function", {"name": call.group(1).upper()})
    if _EXTERNAL.search(code):
        return Phrase("formula.external")
    for link in _HYPERLINK.finditer(code):
        if not text.startswith('"#', link.end()):  # only a link to a place in this workbook stays
            return Phrase("formula.function", {"name": "HYPERLINK"})
    used = {w.casefold() for w in _WORD.findall(_blanked(code, _SINGLE))} & names
    return Phrase("formula.name", {"name": sorted(used)[0]}) if used else None


_WORD = re.compile(r"[A-Za-z_\\][\w.]*")


def outside_names(found: Formulas) -> dict[str, Phrase]:
    """The defined names whose formula reaches outside the workbook, with what does."""
    out = {}
    for name, text in found.names.items():
        what = reaches_out(text)
        if what is not None:
            out[name] = what
    return out


def bare(names) -> frozenset[str]:
    """Names as a formula uses them: without their sheet, case-folded."""
    return frozenset(n.rpartition("!")[2].casefold() for n in names)


_STORED_PREFIX = re.compile(r"_xl(?:fn|ws|udf)\.")
"""How the file stores functions newer than Excel 2007 (``_xlfn.WEBSERVICE``); Excel shows them without."""


def shown(text: str) -> str:
    """A formula as Excel shows it to the officer, cut to a length a message can carry."""
    return _STORED_PREFIX.sub("", text)[:80]


def findings(path: str | Path, unit: str, file: str | None = None, data: bytes | None = None,
             sheets: dict[str, str] | None = None) -> list[Finding]:
    """One error for each formula or defined name of the workbook that reaches outside it."""
    found = scan(path, data, sheets)
    file = file or Path(path).name
    names = outside_names(found)
    out = [Finding(rule="external_name", file=file, unit=unit,
                   values={"name": name, "what": what, "text": shown(found.names[name])})
           for name, what in names.items()]
    for f in found.cells:
        what = reaches_out(f.text, bare(names))
        if what is not None:
            out.append(Finding(rule="external_formula", file=file, sheet=f.sheet, cell=f.cell, unit=unit,
                               values={"where": f"{f.sheet}!{f.cell}", "what": what, "text": shown(f.text)}))
    return out


def typed_cells(sub) -> frozenset[tuple[str, str]]:
    """(sheet, cell) of every mapped cell of ``sub`` that is typed in, not computed by the template."""
    return frozenset(where for key, where in sub.cells.items() if key not in sub.stored)
