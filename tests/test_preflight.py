"""The preflight's cell box on sheets written in ways xlunion's own writer never uses."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from hostile import parts, rezip

from xlunion.errors import WorkbookError
from xlunion.io.preflight import preflight


def _book(sheet_data: bytes | None = None) -> bytes:
    """A two-sheet workbook; ``sheet_data`` replaces the first sheet's <sheetData>."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.create_sheet("Empty")
    buf = io.BytesIO()
    wb.save(buf)
    if sheet_data is None:
        return buf.getvalue()
    members = parts(buf.getvalue())
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb"<sheetData>.*</sheetData>", lambda _m: sheet_data, members[sheet], flags=re.S)
    return rezip(members)


def _rows(count: int, cells: int) -> bytes:
    row = b"<c><v>1</v></c>" * cells  # "r" is optional: each cell goes right after the one before
    return b"<sheetData>" + b"".join(b'<row r="%d">%s</row>' % (r, row) for r in range(1, count + 1)) + b"</sheetData>"


def test_an_empty_sheet_passes():
    found = preflight("e.xlsx", _book())
    assert (found.scans["Empty"].rows, found.scans["Empty"].cols) == (1, 1)


def test_cells_without_addresses_count_as_wide_as_the_widest_row():
    found = preflight("n.xlsx", _book(_rows(199, 30)))
    scan = found.scans["Sheet"]
    assert scan.rows == 199 and 30 <= scan.cols <= 31  # a bound: at most one more than the cells


def test_a_row_of_unaddressed_cells_past_the_column_budget_is_refused():
    with pytest.raises(WorkbookError) as exc:
        preflight("w.xlsx", _book(_rows(2, 1100)))
    assert exc.value.key == "wb.sheet_too_big"


def test_rows_past_the_budget_are_refused_before_their_cells_are_read():
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(1, 10_050))
    with pytest.raises(WorkbookError) as exc:
        preflight("r.xlsx", _book(b"<sheetData>" + body + b"</sheetData>"))
    assert exc.value.key == "wb.sheet_too_big" and exc.value.values["max_rows"] == 10_000
