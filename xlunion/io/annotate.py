"""Findings written back into a workbook with openpyxl: marked cells, comments, “Kiểm tra”.

Each marked cell remembers its original fill in a hidden sheet, so validating
again after corrections first restores every fill and removes xlunion's own
comments: no stale marks survive. The original workbook is never touched
unless the caller asks for it (``--in-place`` or the add-in's Validate button).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..core.findings import ERROR, Finding, sort_findings, summary
from ..messages import msg
from .atomic import atomic_path

CHECK_SHEET = "Kiểm tra"
MARKS_SHEET = "_xlunion_marks"
AUTHOR = "xlunion"
FILLS = {ERROR: "FFFFC7CE", "warning": "FFFFEB9C"}


def annotate(path: str | Path, findings: Sequence[Finding], output: str | Path, lang: str | None = None,
             info: dict[str, str] | None = None) -> Path:
    """Write ``path`` with ``findings`` marked to ``output`` (which may be ``path`` itself).

    ``info`` adds key/value lines to the hidden sheet (the validation receipt).
    """
    import openpyxl

    book = openpyxl.load_workbook(path)
    clear_marks(book)
    mark_cells(book, findings, lang)
    check_sheet(book, findings, lang)
    if info:
        write_info(book, info)
    book.calculation.fullCalcOnLoad = True  # openpyxl keeps no formula results: let Excel recompute
    with atomic_path(output) as tmp:
        book.save(tmp)
    return Path(output)


def clear_marks(book) -> None:
    """Restore the fills of previously marked cells, drop xlunion's comments and its check sheet."""
    from openpyxl.styles import PatternFill

    if MARKS_SHEET in book.sheetnames:
        for sheet, cell, fill in book[MARKS_SHEET].iter_rows(min_row=2, values_only=True):
            if sheet in book.sheetnames and cell:
                target = book[sheet][cell]
                target.fill = PatternFill("solid", fgColor=fill) if fill else PatternFill(fill_type=None)
                if target.comment is not None and target.comment.author == AUTHOR:
                    target.comment = None
        del book[MARKS_SHEET]
    if CHECK_SHEET in book.sheetnames:
        del book[CHECK_SHEET]


def mark_cells(book, findings: Sequence[Finding], lang: str | None) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    marks = book.create_sheet(MARKS_SHEET)
    marks.append(["sheet", "cell", "fill"])
    marks.sheet_state = "hidden"
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet in book.sheetnames and f.cell:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, cell), found in sorted(by_cell.items()):
        target = book[sheet][cell]
        original = target.fill.fgColor.rgb if target.fill.fill_type == "solid" else None
        marks.append([sheet, cell, original if isinstance(original, str) else None])
        worst = ERROR if any(f.severity == ERROR for f in found) else "warning"
        target.fill = PatternFill("solid", fgColor=FILLS[worst])
        text = "\n".join(f"[{msg('annot.' + f.severity, lang=lang)}] {f.message(lang)}" for f in found)
        target.comment = Comment(text, AUTHOR, width=320, height=120)


def check_sheet(book, findings: Sequence[Finding], lang: str | None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = book.create_sheet(CHECK_SHEET, 0)
    counts = summary(list(findings))
    ws.append([msg("annot.title", lang=lang)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([msg("annot.summary", lang=lang, errors=counts["errors"], warnings=counts["warnings"])])
    ws.append([msg("annot.ok", lang=lang)] if not findings else [])
    header = [msg(f"annot.col.{c}", lang=lang) for c in ("n", "severity", "sheet", "cell", "indicator", "period",
                                                         "message")]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True, color="FFFFFFFF")
        cell.fill = PatternFill("solid", fgColor="FF1F4E78")
    for n, f in enumerate(sort_findings(list(findings)), start=1):
        ws.append([n, msg("annot." + f.severity, lang=lang), f.sheet, f.cell, f.indicator, f.period,
                   f.message(lang)])
        row = ws.max_row
        keep_as_text(ws[row])
        ws.cell(row, 7).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * (1 + len(f.message(lang)) // 90)  # room for wrapped lines
        ws.cell(row, 2).fill = PatternFill("solid", fgColor=FILLS[f.severity])
        if f.sheet in book.sheetnames and f.cell:
            link = ws.cell(row, 4)
            link.hyperlink = f"#'{f.sheet}'!{f.cell}"
            link.font = Font(color="FF0563C1", underline="single")
    for letter, width in zip("ABCDEFG", (5, 10, 22, 7, 16, 8, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = False
    book.active = 0
    ws.sheet_view.tabSelected = True


def write_info(book, info: dict[str, str]) -> None:
    """Set key/value lines in the hidden sheet's header area (the rows above the cell map)."""
    from ..layout import HIDDEN_SHEET

    ws = book[HIDDEN_SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(1, 40) if ws.cell(r, 1).value}
    free = (r for r in range(1, 40) if not ws.cell(r, 1).value)
    for key, value in info.items():
        row = rows.get(key) or next(free)
        keep_as_text([ws.cell(row, 1, key), ws.cell(row, 2, str(value))])


def keep_as_text(cells) -> None:
    """openpyxl turns any text starting with "=" into a formula; text from a file stays text."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def stamp_copy(path: str | Path, info: dict[str, str], output: str | Path) -> Path:
    """``path`` with ``info`` lines in its hidden sheet and nothing else changed, written to ``output``."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    write_info(book, info)
    book.calculation.fullCalcOnLoad = True
    with atomic_path(output) as tmp:
        book.save(tmp)
    return Path(output)
