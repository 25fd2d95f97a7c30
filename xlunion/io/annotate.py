"""Findings written back into a workbook with openpyxl: marked cells, comments, “Kiểm tra”.

Each marked cell remembers its original fill in a hidden sheet, so validating
again after corrections first restores every fill and removes xlunion's own
comments: no stale marks survive. The original workbook is never touched
unless the caller asks for it (``--in-place`` or the add-in's Validate button).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set
from pathlib import Path

from ..core.findings import ERROR, Finding, sort_findings, summary
from ..messages import msg
from .atomic import atomic_path

CHECK_SHEET = "Kiểm tra"
MARKS_SHEET = "_xlunion_marks"
AUTHOR = "xlunion"
FILLS = {ERROR: "FFFFC7CE", "warning": "FFF4B183"}
"""Light red for an error; orange for a warning — far from the input cells' yellow, and hatched (below)
so that a warning still shows on a greyscale print."""
WARNING_HATCH = "FFC55A11"
FONT = "Times New Roman"


def mark_fill(severity: str):
    """The fill of a marked cell: solid light red for an error, orange hatched for a warning."""
    from openpyxl.styles import PatternFill

    if severity == ERROR:
        return PatternFill("solid", fgColor=FILLS[ERROR])
    return PatternFill("lightUp", fgColor=WARNING_HATCH, bgColor=FILLS["warning"])


def annotate(path: str | Path, findings: Sequence[Finding], output: str | Path, lang: str | None = None,
             info: dict[str, str] | None = None, typed: Set[tuple[str, str]] = frozenset()) -> Path:
    """Write ``path`` with ``findings`` marked to ``output`` (which may be ``path`` itself).

    ``info`` adds key/value lines to the hidden sheet (the validation receipt); ``typed`` are the
    (sheet, cell) where figures are typed in (see :func:`freeze`).
    """
    import openpyxl

    book = openpyxl.load_workbook(path, rich_text=True)  # keeps the headings' runs
    freeze(book, path, typed)
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

    marks = book.create_sheet(MARKS_SHEET)
    append_text(marks, ["sheet", "cell", "fill"])
    marks.sheet_state = "hidden"
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet in book.sheetnames and f.cell:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, cell), found in sorted(by_cell.items()):
        target = book[sheet][cell]
        original = target.fill.fgColor.rgb if target.fill.fill_type == "solid" else None
        append_text(marks, [sheet, cell, original if isinstance(original, str) else None])  # a sheet name may be "=…"
        worst = ERROR if any(f.severity == ERROR for f in found) else "warning"
        target.fill = mark_fill(worst)
        text = "\n".join(f"[{msg('annot.' + f.severity, lang=lang)}] {f.message(lang)}" for f in found)
        target.comment = Comment(text, AUTHOR, width=320, height=120)


CHECK_COLUMNS = ("n", "severity", "sheet", "cell", "indicator", "period", "message")
CHECK_WIDTHS = (5, 10, 20, 7, 34, 12, 70)


def check_sheet(book, findings: Sequence[Finding], lang: str | None) -> None:
    """The list of findings, each with a link to its cell; indicators and periods by name."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from .text_fit import height

    ws = book.create_sheet(CHECK_SHEET, 0)
    counts = summary(list(findings))
    append_text(ws, [msg("annot.title", lang=lang)])
    ws["A1"].font = Font(name=FONT, bold=True, size=14)
    append_text(ws, [msg("annot.summary", lang=lang, errors=counts["errors"], warnings=counts["warnings"])])
    append_text(ws, [msg("annot.ok", lang=lang)] if not findings else [])
    append_text(ws, [msg(f"annot.col.{c}", lang=lang) for c in CHECK_COLUMNS])
    for cell in ws[4]:
        cell.font = Font(name=FONT, bold=True, color="FFFFFFFF")
        cell.fill = PatternFill("solid", fgColor="FF1F4E78")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for n, f in enumerate(sort_findings(list(findings)), start=1):
        what = str(f.values.get("label") or f.values.get("field") or "")
        when = str(f.values.get("period") or "") if f.period else ""
        text = f.message(lang)
        append_text(ws, [n, msg("annot." + f.severity, lang=lang), f.sheet, f.cell, what, when, text])
        row = ws.max_row
        for cell in ws[row]:
            cell.font = Font(name=FONT, size=11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = max(height(text, CHECK_WIDTHS[6]) or 15, height(what, CHECK_WIDTHS[4]) or 15,
                                            height(f.sheet, CHECK_WIDTHS[2]) or 15)
        ws.cell(row, 2).fill = mark_fill(f.severity)
        if f.sheet in book.sheetnames and f.cell:
            link = ws.cell(row, 4)
            quoted = f.sheet.replace("'", "''")  # a quote in a sheet name is doubled in a link
            link.hyperlink = f"#'{quoted}'!{f.cell}"
            link.font = Font(name=FONT, size=11, color="FF0563C1", underline="single")
    for row in (2, 3):
        for cell in ws[row]:
            cell.font = Font(name=FONT, size=11, italic=row == 3)
    for letter, width in zip("ABCDEFG", CHECK_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    _print_setup(ws)
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = False
    book.active = 0
    ws.sheet_view.tabSelected = True


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, the header row on every page, page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    ws.page_margins.left = ws.page_margins.right = 0.4
    for part, text in ((ws.oddFooter.center, "Trang &P/&N"), (ws.oddFooter.right, "&A")):
        part.text, part.font, part.size = text, FONT, 10


def write_info(book, info: dict[str, str]) -> None:
    """Set key/value lines in the hidden sheet's header area (the rows above the cell map)."""
    from ..layout import HIDDEN_SHEET

    ws = book[HIDDEN_SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(1, 40) if ws.cell(r, 1).value}
    free = (r for r in range(1, 40) if not ws.cell(r, 1).value)
    for key, value in info.items():
        row = rows.get(key) or next(free)
        put(ws.cell(row, 1), key)
        put(ws.cell(row, 2), str(value))


def put(cell, value) -> None:
    """Set ``cell`` to ``value``, text kept as text: every value xlunion writes with openpyxl goes
    through here or :func:`append_text`, because openpyxl makes a formula of any text starting with
    "=", and text from a child (a sheet name, a note, a message quoting either) must never run."""
    cell.value = value
    keep_as_text([cell])


def append_text(ws, values) -> None:
    """``ws.append(values)``, text kept as text (see :func:`put`)."""
    ws.append(values)
    keep_as_text(ws[ws.max_row])


def freeze(book, path: str | Path, typed: Set[tuple[str, str]] = frozenset()) -> None:
    """Put in place of a formula the value the file stored for it, where keeping the formula is wrong:

    - one that reaches outside the workbook (DDE, WEBSERVICE, a link into another file …): it must
      not run when the parent opens the copy; a defined name that does is dropped;
    - one in a cell where a figure is typed (an officer's ``=45+49``): openpyxl cannot store a
      formula's result, so the copy would hold a blank there until Excel recalculated it; the
      stamp's digest, ``verify`` and the next validation read the figure that was validated.

    A formula with no stored value is kept as its text, which shows and never runs.
    """
    from .child_formulas import bare, outside_names, reaches_out, scan

    found = scan(path)
    names = outside_names(found)
    for name in names:
        sheet, _sep, bare_name = name.rpartition("!")
        held = book[sheet].defined_names if sheet in book.sheetnames else book.defined_names
        held.pop(bare_name, None)
    outside = bare(names)
    for f in found.cells:
        if f.sheet in book.sheetnames and ((f.sheet, f.cell) in typed or reaches_out(f.text, outside)):
            put(book[f.sheet][f.cell], f.cached if f.cached is not None else "=" + f.text)


def keep_as_text(cells) -> None:
    for cell in cells:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def stamp_copy(path: str | Path, info: dict[str, str], output: str | Path,
               typed: Set[tuple[str, str]] = frozenset()) -> Path:
    """``path`` with ``info`` lines in its hidden sheet and nothing else changed but the formulas
    :func:`freeze` turns into their values, written to ``output``."""
    import openpyxl

    book = openpyxl.load_workbook(path, rich_text=True)
    freeze(book, path, typed)
    write_info(book, info)
    book.calculation.fullCalcOnLoad = True
    with atomic_path(output) as tmp:
        book.save(tmp)
    return Path(output)
