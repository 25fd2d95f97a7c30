"""Read a standard workbook with python-calamine, through its hidden cell map.

Cells are located by the map the writer stored in the hidden sheet, never by
fixed positions, so a workbook re-saved by Excel or LibreOffice still reads.
Values come back raw (calamine gives numbers as float, blanks as ''); turning
what officers type into numbers is the job of the validation step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WorkbookError
from ..layout import HIDDEN_SHEET


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

    def meta(self) -> dict[str, object]:
        return {code[1:]: value for (code, _col), value in self.values.items() if code.startswith("@")}


def a1_to_rowcol(cell: str) -> tuple[int, int]:
    """'C12' → (11, 2), 0-based."""
    letters = "".join(ch for ch in cell if ch.isalpha()).upper()
    digits = cell[len(letters):]
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1


def read_raw(path: str | Path) -> RawWorkbook:
    """Read the hidden map and every mapped cell's value."""
    from python_calamine import CalamineError, CalamineWorkbook

    path = Path(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(path, "wb.unreadable", reason=exc) from exc
    if HIDDEN_SHEET not in book.sheet_names:
        raise WorkbookError(path, "wb.no_map")
    hidden = book.get_sheet_by_name(HIDDEN_SHEET).to_python(skip_empty_area=False)
    info, cells = _parse_hidden(hidden)
    raw = RawWorkbook(path=path, info=info, cells=cells)
    sheets: dict[str, list[list]] = {}
    for key, (sheet, cell) in cells.items():
        if sheet not in sheets:
            if sheet not in book.sheet_names:
                raise WorkbookError(path, "wb.missing_sheet", sheet=sheet)
            sheets[sheet] = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        row, col = a1_to_rowcol(cell)
        rows = sheets[sheet]
        raw.values[key] = rows[row][col] if row < len(rows) and col < len(rows[row]) else ""
    return raw


def _parse_hidden(rows: list[list]) -> tuple[dict[str, str], dict[tuple[str, str], tuple[str, str]]]:
    info: dict[str, str] = {}
    cells: dict[tuple[str, str], tuple[str, str]] = {}
    in_map = False
    for row in rows:
        row = [("" if v is None else str(v)) for v in row] + ["", "", "", ""]
        if row[:4] == ["code", "column", "sheet", "cell"]:
            in_map = True
            continue
        if in_map and row[0]:
            cells[row[0], row[1]] = (row[2], row[3])
        elif not in_map and row[0]:
            info[row[0]] = row[1]
    return info, cells
