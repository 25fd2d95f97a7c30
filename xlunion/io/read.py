"""Read a standard workbook with python-calamine, through its hidden cell map.

Cells are located by the map the writer stored in the hidden sheet, never by
fixed positions, so a workbook re-saved by Excel or LibreOffice still reads.
Values come back raw (calamine gives numbers as float, blanks as ''); turning
what officers type into numbers is the job of the validation step.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..core.findings import Finding
from ..core.parse import EXCEL_CELL_LIMIT, clean_text, looks_like_formula, parse_value
from ..core.submission import Submission
from ..errors import WorkbookError
from ..layout import CODE_COL, HIDDEN_SHEET, NOTE, OWN, TARGET
from ..legacy import decode_legacy, looks_legacy
from ..messages import Phrase
from .preflight import Preflight


@dataclass
class RawWorkbook:
    """What a report workbook holds, before any interpretation."""

    path: Path
    info: dict[str, str]
    """Key/value lines of the hidden sheet (report id, version, fingerprint, stamps)."""
    cells: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    """(indicator or ``@meta``, column) → (sheet, A1 cell)."""
    values: dict[tuple[str, str], object] = field(default_factory=dict)
    """(indicator or ``@meta``, column) → the raw cell value."""
    provenance: list[dict] = field(default_factory=list)
    sheets: dict[str, list[list]] = field(default_factory=dict, repr=False)
    errors: dict[tuple[str, str], str] = field(default_factory=dict)
    """(sheet, cell) → Excel error value."""
    moved: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Indicator → (mapped row, found row), 1-based, for rows found away from the map."""
    lost: dict[str, str] = field(default_factory=dict)
    """Indicator → sheet, for rows found nowhere."""
    checked: Preflight | None = None
    """What the preflight saw: flags worth a warning, error cells, merged ranges."""

    def at(self, sheet: str, cell: str) -> object:
        row, col = a1_to_rowcol(cell)
        rows = self.sheets.get(sheet, [])
        return rows[row][col] if row < len(rows) and col < len(rows[row]) else ""

    def relocate(self) -> None:
        """Trust the code in the “Mã số” column over the map: rows inserted or deleted in
        Excel move figures without updating the map's text."""
        by_code: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for (code, column), (sheet, cell) in self.cells.items():
            if not code.startswith("@"):  # a code has a row on its appendix, its own-activity and target sheets
                by_code.setdefault((code, sheet), []).append((column, sheet, cell))
        for (code, sheet), entries in by_code.items():
            mapped = a1_to_rowcol(entries[0][2])[0]
            rows = self.sheets.get(sheet, [])
            if _code_at(rows, mapped) == code:
                continue
            found = next((r for r in range(len(rows)) if _code_at(rows, r) == code), None)
            if found is None:
                self.lost.setdefault(code, sheet)
                continue
            self.moved.setdefault(code, (mapped + 1, found + 1))
            for column, sheet_, cell in entries:
                letters = "".join(ch for ch in cell if ch.isalpha())
                self.cells[code, column] = (sheet_, f"{letters}{found + 1}")

    def meta(self) -> dict[str, object]:
        return {code[1:]: value for (code, _col), value in self.values.items() if code.startswith("@")}


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand addresses recur in every file
def a1_to_rowcol(cell: str) -> tuple[int, int]:
    """'C12' → (11, 2), 0-based."""
    letters = "".join(ch for ch in cell if ch.isalpha()).upper()
    digits = cell[len(letters):]
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1


def read_raw(path: str | Path, data: bytes | None = None) -> RawWorkbook:
    """Read the hidden map and every mapped cell's value.

    The bytes pass the preflight first (see :mod:`xlunion.io.preflight`); only
    the sheets the map names are scanned and parsed.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    from .preflight import preflight, scan_sheets

    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise input_error(path, exc) from exc
    checked = preflight(path, data, read={HIDDEN_SHEET}, large=frozenset({HIDDEN_SHEET}))
    if HIDDEN_SHEET not in checked.sheets:
        raise WorkbookError(path, "wb.no_map")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    hidden = _sheet(path, book, HIDDEN_SHEET)
    try:
        info, cells = _parse_hidden(hidden)
    except WorkbookError as exc:
        raise WorkbookError(path, exc.key, **exc.values) from None
    raw = RawWorkbook(path=path, info=info, cells=cells, provenance=_provenance(hidden), checked=checked)
    needed = sorted({sheet for sheet, _cell in cells.values()})
    for sheet in needed:
        if sheet not in checked.sheets:
            raise WorkbookError(path, "wb.missing_sheet", sheet=sheet)
    scan_sheets(path, data, checked, needed)
    for sheet in needed:
        raw.sheets[sheet] = _sheet(path, book, sheet)
    raw.errors = {(sheet, cell): value for sheet, scan in checked.scans.items() for cell, value in scan.errors.items()}
    raw.relocate()
    for key, (sheet, cell) in raw.cells.items():
        raw.values[key] = raw.errors.get((sheet, cell)) or raw.at(sheet, cell)
    return raw


def _sheet(path: Path, book, name: str) -> list[list]:
    from python_calamine import CalamineError

    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc, name) from exc


_WHY = (("string index", "wb.why.string"), ("syntax error", "wb.why.xml"), ("xml", "wb.why.xml"))
"""What python-calamine's error says (in English) → what the officer reads."""


def _unreadable(path: Path, exc: Exception, sheet: str = "") -> WorkbookError:
    """The reader's own words only as a trailing detail, after what is wrong in the officer's language."""
    from python_calamine import XmlError

    detail = str(exc)[:160]
    why = "wb.why.xml" if isinstance(exc, XmlError) else next(
        (key for text, key in _WHY if text in detail.lower()), "wb.why.other")
    if sheet:
        return WorkbookError(path, "wb.sheet_unreadable", sheet=sheet, why=Phrase(why), detail=detail)
    return WorkbookError(path, "wb.unreadable", why=Phrase(why), detail=detail)


def _provenance(rows: list[list]) -> list[dict]:
    from .template import PROVENANCE, PROVENANCE_COL

    span = slice(PROVENANCE_COL, PROVENANCE_COL + len(PROVENANCE))
    if not rows or len(rows[0]) <= PROVENANCE_COL or tuple(map(str, rows[0][span])) != PROVENANCE:
        return []  # a child's own workbook: no files behind it
    out = []
    for row in rows[1:]:  # the template writes them in a block from the header down: stop at its end
        cells = [("" if v is None else str(v)) for v in row[span]]
        if not any(cells):
            break
        out.append(dict(zip(PROVENANCE, cells, strict=False)))
    return out


_A1 = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}")


def _parse_hidden(rows: list[list]) -> tuple[dict[str, str], dict[tuple[str, str], tuple[str, str]]]:
    info: dict[str, str] = {}
    cells: dict[tuple[str, str], tuple[str, str]] = {}
    in_map = False
    for row in rows:
        row = [("" if v is None else str(v)) for v in row[:4]] + ["", "", "", ""]
        if row[:4] == ["code", "column", "sheet", "cell"]:
            in_map = True
            continue
        if in_map and row[0]:
            if not _A1.fullmatch(row[3]) or not row[2]:
                raise WorkbookError(None, "wb.bad_map", code=row[0][:40], cell=row[3][:20])
            cells[row[0], row[1]] = (row[2], row[3])
        elif not in_map and row[0]:
            info[row[0]] = row[1]
    return info, cells


def _same_text(text: str) -> str:
    return " ".join(clean_text(text)[0].split()).casefold()


def _code_at(rows: list[list], row: int) -> str:
    if row < len(rows) and CODE_COL < len(rows[row]):
        return str(rows[row][CODE_COL]).strip()
    return ""


def input_error(path: Path, exc: OSError) -> WorkbookError:
    """Why a file could not even be opened, in words: gone, not ours to read, a folder, or the disk."""
    import errno

    key = {errno.ENOENT: "wb.not_found", errno.EACCES: "wb.no_permission", errno.EPERM: "wb.no_permission",
           errno.EISDIR: "wb.is_directory"}.get(exc.errno or 0)
    if key:
        return WorkbookError(path, key)
    return WorkbookError(path, "wb.cannot_open", detail=exc.strerror or type(exc).__name__)


def read_submission(path: str | Path, defn) -> Submission:
    """Read a child's workbook into a :class:`Submission` for ``defn``.

    Raises :class:`WorkbookError` when the file cannot be used at all (not a
    workbook, encrypted, truncated, another report or version); everything
    else that is wrong becomes a finding. A failure nobody foresaw is still
    this file's problem only: it becomes ``wb.unexpected`` (never a traceback),
    which the fuzzers treat as a bug to fix.
    """
    path = Path(path)
    try:
        return _read_submission(path, defn)
    except WorkbookError:
        raise
    except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise WorkbookError(path, "wb.unexpected", reason=f"{type(exc).__name__}: {exc}"[:200]) from exc


def _read_submission(path: Path, defn) -> Submission:
    import hashlib

    from .child_formulas import findings as formula_findings  # live formulas: the reader keeps values only

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise input_error(path, exc) from exc
    raw = read_raw(path, data)
    _check_report(path, raw.info, defn)
    reading = _Reading(defn, raw)
    sub = Submission(file=path.name, sha256=hashlib.sha256(data).hexdigest(), info=raw.info,
                     meta=reading.meta(path), values={}, stored={}, cells=raw.cells, mtime=path.stat().st_mtime,
                     provenance=raw.provenance)
    reading.figures(sub)
    sub.findings = reading.findings + formula_findings(path, sub.unit, data=data, sheets=raw.checked.sheets)
    sub.figures(defn)  # here, in the reader's process: the parent process only gathers
    return sub.compact()


def _check_report(path: Path, info: dict[str, str], defn) -> None:
    if info.get("report_id") != defn.id:
        raise WorkbookError(path, "wb.other_report", found=info.get("report_id", "?"), expected=defn.id)
    if info.get("report_version") != defn.version:
        raise WorkbookError(path, "wb.other_version", found=info.get("report_version", "?"), expected=defn.version)


class _Reading:
    """Turns raw cells into numbers and meta, collecting what reading found."""

    def __init__(self, defn, raw: RawWorkbook):
        self.defn, self.raw = defn, raw
        self.findings: list[Finding] = []
        self.unit = ""
        self.pending_legacy: list[tuple] = []
        self._positions: dict | None = None
        self._labels = {p.code: p.label for p in defn.all_periods}

    def finding(self, rule: str, code: str, column: str, values: dict) -> None:
        sheet, cell = self.raw.cells.get((code, column), (values.get("sheet", ""), ""))
        self.findings.append(Finding(rule=rule, file=self.raw.path.name, sheet=sheet, cell=cell, unit=self.unit,
                                     indicator="" if code.startswith("@") else code, period=column, values=values))

    def meta(self, path: Path) -> dict[str, object]:
        meta: dict[str, object] = {}
        labels = {m.code: m.label for m in self.defn.meta}
        legacy = self._legacy_texts(path)
        for (code, _col), value in self.raw.values.items():
            if not code.startswith("@"):
                continue
            field_ = code[1:]
            if isinstance(value, str):
                value = unicodedata.normalize("NFC", value.strip())
                if (code, "") in legacy:  # before anything else: legacy bytes include U+00AD
                    font, text = legacy[code, ""], value
                    value = decode_legacy(value, font)
                    self.pending_legacy.append((code, labels.get(field_, field_), font, text, value))
                value = self.text(code, "", labels.get(field_, field_), value)
            if isinstance(value, float) and value.is_integer():
                value = str(int(value))  # a code typed as a number
            meta[field_] = value
        self.unit = str(meta.get("unit_code") or "")
        for code, label, font, text, value in self.pending_legacy:
            self.finding("legacy_font", code, "", {"field": label, "font": font, "text": text, "value": value})
        return meta

    def _legacy_texts(self, path: Path) -> dict[tuple[str, str], str]:
        """Meta cells whose text looks like legacy-font bytes, with their font if it is one."""
        suspects = {key: cell for key, cell in self.raw.cells.items()
                    if key[0].startswith("@") and isinstance(self.raw.values.get(key), str)
                    and looks_legacy(self.raw.values[key])}
        if not suspects:
            return {}
        import openpyxl  # only for the rare file that needs its fonts looked at

        book = openpyxl.load_workbook(path, read_only=False)
        fonts = {}
        for key, (sheet, cell) in suspects.items():
            font = book[sheet][cell].font.name if sheet in book.sheetnames else None
            if decode_legacy("", font) is not None:
                fonts[key] = font
        return fonts

    def text(self, code: str, column: str, field_: str, value: str) -> str:
        """Text as it will be kept: without invisible characters, within Excel's cell limit."""
        value, removed = clean_text(value)
        if removed:
            self.finding("invisible_chars", code, column, {"field": field_, "count": removed})
        if len(value) > EXCEL_CELL_LIMIT:
            self.finding("text_too_long", code, column,
                         {"field": field_, "length": len(value), "limit": EXCEL_CELL_LIMIT})
            value = value[:EXCEL_CELL_LIMIT]
        if looks_like_formula(value):
            self.finding("formula_text", code, column, {"field": field_, "text": value[:60]})
        return value

    def file_flags(self) -> None:
        """What the preflight saw in the file as a whole."""
        checked = self.raw.checked
        if checked is None:
            return
        if checked.macros:
            self.finding("macros", "@file", "", {})
        if checked.external_links:
            self.finding("external_links", "@file", "", {"count": checked.external_links})
        for sheet, state in checked.states.items():
            if not sheet.startswith(HIDDEN_SHEET):  # xlunion's own: the map, the marks
                self.finding("hidden_sheet", "@file", "", {"sheet": sheet, "state": state})
        if checked.date1904:
            self.finding("date1904", "@file", "", {})
        for sheet, scan in checked.scans.items():
            for span in scan.merged:
                self.merged(sheet, span)

    def merged(self, sheet: str, span: str) -> None:
        """A merge shows only its top-left cell: input cells under the rest are lost to the eye."""
        first, last = (a1_to_rowcol(c) for c in span.split(":"))
        hidden = [(key, cell) for row, col, key, cell in self.positions().get(sheet, ())
                  if first[0] <= row <= last[0] and first[1] <= col <= last[1] and (row, col) != first]
        if hidden:
            hidden.sort(key=lambda h: a1_to_rowcol(h[1]))
            (code, column), _cell = hidden[0]
            cells = ", ".join(cell for _key, cell in hidden)
            self.finding("merged_input", code, column, {"range": span, "cells": cells})

    def positions(self) -> dict[str, list[tuple[int, int, tuple[str, str], str]]]:
        """Sheet → (row, col, key, cell) of every mapped cell, worked out once."""
        if self._positions is None:
            self._positions = {}
            for key, (sheet, cell) in self.raw.cells.items():
                self._positions.setdefault(sheet, []).append((*a1_to_rowcol(cell), key, cell))
        return self._positions

    def labels(self) -> None:
        """An indicator's label edited in the sheet (xlunion keeps the definition's)."""
        first = self.defn.periods[0].code
        for ind in self.defn.indicators.values():
            where = self.raw.cells.get((ind.code, first))
            if where is None or ind.code in self.raw.lost:
                continue
            row = a1_to_rowcol(where[1])[0]
            text = self.raw.at(where[0], f"B{row + 1}")
            if isinstance(text, str) and _same_text(text) != _same_text(ind.label):
                self.findings.append(Finding(rule="label_changed", file=self.raw.path.name, sheet=where[0],
                                             cell=f"B{row + 1}", unit=self.unit, indicator=ind.code,
                                             values={"code": ind.code, "text": text[:80], "label": ind.label}))

    def figures(self, sub: Submission) -> None:
        years = {p.code for p in self.defn.periods}
        roles = {p.code: p.role for p in self.defn.all_periods}
        self.file_flags()
        self.labels()
        for code, sheet in self.raw.lost.items():
            self.finding("structure", code, "", {"code": code, "label": self._label(code), "sheet": sheet})
        for code, (was, now) in self.raw.moved.items():
            self.finding("moved_row", code, self.defn.periods[0].code, {"code": code, "label": self._label(code),
                                                                         "was": was, "now": now})
        columns = [p.code for p in self.defn.periods] + [self.defn.current.code]
        for ind in self.defn.indicators.values():
            if ind.code in self.raw.lost:
                continue
            note = self.raw.values.get((ind.code, NOTE), "")
            if isinstance(note, str) and note.strip():
                sub.notes[ind.code] = self.text(ind.code, NOTE, f"Ghi chú {ind.code}", note)
            for column in columns:
                if not ind.applies(roles[column]):
                    continue  # a flow at the start of the term: the cell holds “x”, no figure
                raw = self.raw.values.get((ind.code, column), "")
                typed = column in years and not ind.computed
                # a formula's cached number is exact: no reading of 91.2 as 91.2 % there
                parsed = parse_value(raw, ind.value_type if typed or isinstance(raw, str) else "amount")
                (sub.values if typed else sub.stored)[ind.code, column] = parsed.value
                self._note(ind, column, parsed, typed)
                if typed and parsed.how in ("text_number", "zero_word"):
                    sub.text_cells.add((ind.code, column))
        self.own_and_targets(sub)

    def own_and_targets(self, sub: Submission) -> None:
        """The union's own activities and the targets it typed: read as any typed figure is."""
        for (code, column), raw in self.raw.values.items():
            if code.startswith("@") or code in self.raw.lost or not column.startswith((OWN, TARGET)):
                continue
            ind = self.defn.indicators.get(code)
            if ind is None:
                continue
            parsed = parse_value(raw, ind.value_type)
            self._note(ind, column, parsed, True)
            if parsed.value is None:
                continue
            if column == TARGET:
                sub.targets[code] = parsed.value
            else:
                sub.own[code, column[len(OWN):]] = parsed.value

    def _note(self, ind, column: str, parsed, typed: bool) -> None:
        values = {"label": ind.label, "period": self._period_label(column), "text": parsed.text}
        if parsed.how == "error":
            self.finding("excel_error", ind.code, column, values)
        elif parsed.how == "not_finite":
            self.finding("not_finite", ind.code, column, values)
        elif not typed:
            return  # a formula's text result ("") is not something the officer typed
        elif parsed.how == "not_a_number":
            self.finding("not_a_number", ind.code, column, values)
        elif parsed.how == "text_number":
            self.finding("text_number", ind.code, column, {**values, "value": parsed.value})

    def _label(self, code: str) -> str:
        ind = self.defn.indicators.get(code)
        return ind.label if ind is not None else code

    def _period_label(self, column: str) -> str:
        if column == TARGET:
            return "Chỉ tiêu Nghị quyết cấp mình"
        if column.startswith(OWN):
            return f"{self._labels.get(column[len(OWN):], column)}, số liệu cấp mình"
        return self._labels.get(column, column)
