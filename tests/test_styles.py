"""What a cell's look says: input (yellow), computed (no fill, locked), consolidated (its own blue,
locked), error (red), warning (orange and hatched, which survives greyscale printing); one font
family; dates as dates; and every text fitting the column it is in (measured with the metrics of
Liberation Serif, the metric twin of Times New Roman)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pages import samples

from xlunion.io.annotate import mark_fill
from xlunion.io.parent import STATUS_SHEET
from xlunion.io.template import CONSOLIDATED_FILL, FONT, INPUT_FILL
from xlunion.layout import HIDDEN_SHEET

FONTS = Path("/usr/share/fonts/truetype/liberation2")
CONTRAST = 15.0  # ΔE (CIEDE2000): two fills an officer tells apart at a glance, on screen and on paper
NOTICED = 5.0  # ΔE (CIEDE2000): a difference seen side by side


@pytest.fixture(scope="module")
def books(defn, tmp_path_factory):
    return samples(defn, tmp_path_factory.mktemp("styles"))


def delta_e(a: str, b: str) -> float:
    """CIEDE2000 between two sRGB fills written RRGGBB or AARRGGBB."""
    from coloraide import Color

    return Color("#" + a.lstrip("#")[-6:]).delta_e("#" + b.lstrip("#")[-6:], method="2000")


def test_delta_e_measures_what_the_eye_sees():
    assert delta_e("FFEB9C", "FFF2CC") < CONTRAST  # the old warning amber beside the input yellow
    assert delta_e("FFFFFF", "000000") == pytest.approx(100, abs=0.5)


def test_warning_error_input_and_consolidated_fills_are_told_apart():
    warning, error = mark_fill("warning"), mark_fill("error")
    fills = {"input": INPUT_FILL, "consolidated": CONSOLIDATED_FILL, "warning": warning.bgColor.rgb,
             "error": error.fgColor.rgb}
    for a in fills:
        for b in fills:
            if a < b:
                assert delta_e(fills[a], fills[b]) >= CONTRAST, (a, b, fills[a], fills[b])
    assert delta_e(CONSOLIDATED_FILL, "FFFFFF") >= NOTICED  # its own style, beside a computed cell
    assert warning.patternType not in (None, "solid")  # hatched: still a warning on a greyscale print


def _value_cells(book, defn):
    """(sheet, cell) of every appendix figure, from the hidden map."""
    rows = book[HIDDEN_SHEET].iter_rows(values_only=True)
    periods = {p.code for p in defn.periods}
    cells = [(r[2], r[3]) for r in rows if r and r[2] and r[3] and r[0] in defn.indicators and r[1] in periods]
    assert len(cells) > 300
    return cells


def test_a_child_types_into_yellow_unlocked_cells_and_reads_computed_ones_unfilled(defn, books):
    book = openpyxl.load_workbook(books["child"])
    typed = computed = 0
    for sheet, ref in _value_cells(book, defn):
        cell = book[sheet][ref]
        if isinstance(cell.value, str) and cell.value.startswith("="):
            computed += 1
            assert cell.protection.locked and cell.fill.patternType in (None, "none"), (sheet, ref)
        elif cell.value != "x":
            typed += 1
            assert not cell.protection.locked and cell.fill.fgColor.rgb.endswith(INPUT_FILL.lstrip("#")), (sheet, ref)
    assert typed > 200 and computed > 50


def test_consolidated_figures_are_locked_and_not_styled_as_input(defn, books):
    book = openpyxl.load_workbook(books["parent"])
    seen = 0
    for sheet, ref in _value_cells(book, defn):
        cell = book[sheet][ref]
        if cell.value == "x" or (isinstance(cell.value, str) and cell.value.startswith("=")):
            continue
        seen += 1
        assert cell.protection.locked, (sheet, ref)
        assert cell.fill.fgColor.rgb.endswith(CONSOLIDATED_FILL.lstrip("#")), (sheet, ref, cell.fill.fgColor.rgb)
    assert seen > 200
    legend = " ".join(str(c.value) for row in book["PL1 Lao động, đoàn viên"].iter_rows(max_row=8) for c in row
                      if isinstance(c.value, str))
    assert "tổng hợp" in legend and "nhập số liệu" not in legend


def test_one_font_family_in_every_cell_and_chart(books):
    for name, path in books.items():
        book = openpyxl.load_workbook(path)
        fonts = {c.font.name for ws in book.worksheets if ws.sheet_state == "visible"
                 for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {FONT}, (name, fonts)
        with zipfile.ZipFile(path) as zf:
            charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
            styles = zf.read("xl/styles.xml").decode()
        assert all('typeface="Times New Roman"' in c and "Calibri" not in c for c in charts), name
        assert "Calibri" not in styles, name  # not even as the workbook's default


def test_dates_are_dates_shown_day_first(books):
    book = openpyxl.load_workbook(books["parent"])
    ws = book[STATUS_SHEET]
    received = [c for row in ws.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert received and all(c.number_format == "dd/mm/yyyy hh:mm" for c in received)
    meta = book["Thông tin chung"]
    dates = [c for row in meta.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert dates and all(c.number_format == "dd/mm/yyyy" for c in dates)


# -- text against width ---------------------------------------------------------------------------


def _font(bold: bool, italic: bool, points: float):
    from PIL import ImageFont

    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
    return ImageFont.truetype(str(FONTS / f"LiberationSerif-{style[bold, italic]}.ttf"), round(points * 96 / 72))


def _columns(ws) -> dict[int, tuple[float, bool]]:
    """Width and hidden of each column set (openpyxl keeps a run of equal columns as one)."""
    found = {}
    for dim in ws.column_dimensions.values():
        for col in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            found[col] = (dim.width or 8.43, bool(dim.hidden))
    return found


def _column_pixels(columns: dict, col: int) -> int:
    width = columns.get(col, (8.43, False))[0]
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def _shown(value, number_format: str) -> str:
    """What a number looks like in its format (separators are one character in any locale)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M" if "hh" in number_format else "%d/%m/%Y")
    if not isinstance(value, int | float):
        return str(value)
    if "%" in number_format:
        return f"{value * 100:,.1f}%"
    decimals = len(number_format.split(".")[1].split(";")[0].rstrip('"điểm ')) if "." in number_format else 0
    return ("+" if number_format.startswith("+") and value > 0 else "") + f"{value:,.{decimals}f}"


def _too_wide(ws, values) -> list[str]:
    """Cells whose one-line text is wider than the (merged) cell, and wrapped cells whose lines do
    not fit the row's height."""
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    inside = {(r, c) for m in merged.values() for r in range(m.min_row, m.max_row + 1)
              for c in range(m.min_col, m.max_col + 1)} - set(merged)
    columns = _columns(ws)
    bad = []
    for row in ws.iter_rows():
        for cell in row:
            shown = values[cell.coordinate].value
            if shown in (None, "") or (cell.row, cell.column) in inside or columns.get(cell.column, (0, 0))[1]:
                continue
            span = merged.get((cell.row, cell.column))
            cols = range(cell.column, (span.max_col if span else cell.column) + 1)
            room = sum(_column_pixels(columns, c) for c in cols) - 6  # the cell's own padding
            font = _font(bool(cell.font.b), bool(cell.font.i), cell.font.sz or 11)
            text = _shown(shown, cell.number_format)
            indent = (cell.alignment.indent or 0) * 9
            if not cell.alignment.wrap_text:
                if font.getlength(text) + indent > room and (span or cell.border.left.style):
                    bad.append(f"{ws.title}!{cell.coordinate} {text!r}")
                continue
            lines = _wrapped_lines(font, text, room - indent)
            height = ws.row_dimensions[cell.row].height or 15
            rows = span.max_row - span.min_row + 1 if span else 1
            needed = lines * (cell.font.sz or 11) * 1.15
            if needed > height * rows + 2:
                bad.append(f"{ws.title}!{cell.coordinate} {lines} lines in {height * rows:.0f} pt: {text[:40]!r}")
    return bad


def _wrapped_lines(font, text: str, room: float) -> int:
    count = 0
    for paragraph in text.split("\n"):
        line = ""
        count += 1
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > room:
                count += 1
                line = word
            else:
                line = trial
    return count


def test_every_text_fits_its_column_or_its_row(books):
    for name, path in books.items():
        values = openpyxl.load_workbook(path, data_only=True)
        book = openpyxl.load_workbook(path)
        bad = []
        for ws in book.worksheets:
            if ws.sheet_state == "visible":
                bad += _too_wide(ws, values[ws.title])
        assert bad == [], f"{name}: {len(bad)} cells, e.g. {bad[:8]}"


def test_the_width_check_can_fail(books, tmp_path):
    book = openpyxl.load_workbook(books["child"])
    ws = book["PL1 Lao động, đoàn viên"]
    ws.column_dimensions["B"].width = 12  # the indicator names no longer fit their rows
    book.save(tmp_path / "narrow.xlsx")
    values = openpyxl.load_workbook(tmp_path / "narrow.xlsx", data_only=True)
    assert _too_wide(openpyxl.load_workbook(tmp_path / "narrow.xlsx")[ws.title], values[ws.title])
