"""Where every figure sits in the standard workbook.

The layout is derived from the definition alone, so the writer, the golden
tests and the hidden cell map agree by construction. Readers never rely on it
directly: they read the map stored in the workbook's hidden sheet, which stays
true when Excel or LibreOffice re-saves the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core.derive import CHANGE
from .definition import Definition

NOTE = "GC"
"""Column code of “Ghi chú”, where an officer explains an unusual figure."""

META_SHEET = "Thông tin chung"
OWN_SHEET = "Số liệu cấp mình"
TARGET_SHEET = "Chỉ tiêu Nghị quyết"
HIDDEN_SHEET = "_xlunion"
OWN = "CM:"
"""Column-code prefix of a figure on the sheet of a union's own activities (``CM:N2025``)."""
TARGET = "CT"
"""Column code of the target a unit typed in its own “Chỉ tiêu” sheet."""
TARGET_INPUT_COL = 5  # 0-based: F on the “Chỉ tiêu” sheet
META_FIRST_ROW = 8  # 1-based row of the first meta field (the form's header and title above)
HEADER_ROW = 7  # 1-based row of an appendix's column headings (header, title, attachment line, legend above)
DATA_FIRST_ROW = 9  # 1-based row of the first indicator on an appendix sheet (column numbers above)
CODE_COL = 2  # 0-based column of the indicator codes, hidden from people: readers find rows by it
FIRST_PERIOD_COL = 4  # 0-based: A TT, B Chỉ tiêu, C Mã số, D ĐVT, then periods


def col_letter(col: int) -> str:
    """0-based column index to Excel letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) to an A1 reference."""
    return f"{col_letter(col)}{row + 1}"


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class Columns:
    """0-based column positions on an appendix sheet."""

    periods: dict[str, int]
    current_code: str
    current: int
    change: int
    target: int
    note: int

    @property
    def last(self) -> int:
        return self.note

    def of(self, column_code: str) -> int:
        if column_code in self.periods:
            return self.periods[column_code]
        if column_code == self.current_code:
            return self.current
        if column_code == CHANGE:
            return self.change
        if column_code == NOTE:
            return self.note
        raise KeyError(column_code)


@dataclass(frozen=True)
class Layout:
    """Positions of every indicator row, every column and every meta field."""

    columns: Columns
    rows: dict[str, int]
    """Indicator code → 0-based row on its sheet."""
    sheet_names: dict[str, str]
    """Indicator code → Excel sheet name."""
    meta_rows: dict[str, int]
    """Meta field code → 0-based row on the “Thông tin chung” sheet."""
    own_rows: dict[str, int]
    """Indicator code → 0-based row on the sheet of the union's own activities."""
    target_rows: dict[str, int]
    """Indicator code → 0-based row on the “Chỉ tiêu” sheet."""
    meta_col: int = 2

    def cell(self, code: str, column_code: str) -> tuple[str, str]:
        """(sheet name, A1 cell) of indicator ``code`` in column ``column_code``."""
        return self.sheet_names[code], cell_name(self.rows[code], self.columns.of(column_code))

    def ref(self, code: str, column_code: str, from_sheet: str) -> str:
        """A formula reference, qualified with the sheet when it is another sheet."""
        sheet, cell = self.cell(code, column_code)
        return cell if sheet == from_sheet else f"{quote_sheet(sheet)}!{cell}"

    def meta_cell(self, code: str) -> str:
        return cell_name(self.meta_rows[code], self.meta_col)

    def own_cell(self, code: str, period: str) -> str:
        """A1 cell of ``code``'s own figure in ``period`` (on :data:`OWN_SHEET`)."""
        return cell_name(self.own_rows[code], self.columns.periods[period])

    def target_cell(self, code: str) -> str:
        """A1 cell of the target a unit typed for ``code`` (on :data:`TARGET_SHEET`)."""
        return cell_name(self.target_rows[code], TARGET_INPUT_COL)

    def cell_map(self, defn: Definition) -> list[tuple[str, str, str, str]]:
        """(indicator or @meta, column, sheet, cell) for every mapped cell, in sheet order."""
        entries = [(f"@{m.code}", "", META_SHEET, self.meta_cell(m.code)) for m in defn.meta]
        columns = [p.code for p in defn.all_periods] + [CHANGE, NOTE]
        for code in defn.indicators:
            for column in columns:
                entries.append((code, column, *self.cell(code, column)))
        for code in self.own_rows:
            for p in defn.periods:
                entries.append((code, OWN + p.code, OWN_SHEET, self.own_cell(code, p.code)))
        for code in self.target_rows:
            entries.append((code, TARGET, TARGET_SHEET, self.target_cell(code)))
        return entries


def row_numbers(defn: Definition, codes) -> dict[str, str]:
    """The rows' numbers as official forms print them: 1, 2, 2.1, 2.1.1 … (by each row's level)."""
    out: dict[str, str] = {}
    path: list[int] = []
    for code in codes:
        level = defn[code].level
        path = path[: level + 1]
        path += [0] * (level + 1 - len(path))
        path[level] += 1
        out[code] = ".".join(str(n) for n in path)
    return out


def layout(defn: Definition) -> Layout:
    periods = {p.code: FIRST_PERIOD_COL + i for i, p in enumerate(defn.periods)}
    current = FIRST_PERIOD_COL + len(defn.periods)
    columns = Columns(periods=periods, current_code=defn.current.code, current=current,
                      change=current + 1, target=current + 2, note=current + 3)
    rows: dict[str, int] = {}
    sheet_names: dict[str, str] = {}
    for sheet in defn.sheets:
        for i, code in enumerate(sheet.indicators):
            rows[code] = DATA_FIRST_ROW - 1 + i
            sheet_names[code] = sheet.name
    meta_rows = {m.code: META_FIRST_ROW - 1 + i for i, m in enumerate(defn.meta)}
    own = [i.code for s in defn.sheets for i in map(defn.__getitem__, s.indicators) if i.own_row]
    targets = [i.code for s in defn.sheets for i in map(defn.__getitem__, s.indicators) if i.target]
    return Layout(columns=columns, rows=rows, sheet_names=sheet_names, meta_rows=meta_rows,
                  own_rows={code: DATA_FIRST_ROW - 1 + i for i, code in enumerate(own)},
                  target_rows={code: DATA_FIRST_ROW - 1 + i for i, code in enumerate(targets)})
