"""Where a printed sheet's pages break, estimated as a spreadsheet lays them out, so that a
signature block never starts on one page and ends on the next.

Excel and LibreOffice decide page breaks when they print; a workbook can only ask for a break
before a row. The estimate follows what both do with “fit to one page wide”: the page is scaled
so that the columns fill its width, then rows fill each page in turn, the repeated heading rows
at the top of every page after the first. Row heights are those the writer set (or the default);
a row the spreadsheet grows by itself is not seen, and each program measures column widths its
own way (LibreOffice's scale came out 4 % under Excel's here), so the estimate is a range: a block
that splits anywhere in it is moved whole to the next page.
"""

from __future__ import annotations

from dataclasses import dataclass

INCH = 72.0
PAGE = {True: (595.3, 841.9), False: (841.9, 595.3)}  # A4 in points, portrait or not
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}  # inches, as io.template sets them
ROOM = (0.86, 0.9, 0.94, 0.98, 1.02, 1.06)  # of the printable height: the range the estimate spans
PIXEL = 0.75  # points per pixel


@dataclass(frozen=True)
class Sheet:
    """What pagination needs of a sheet: its rows' and columns' sizes (pixels), the rows repeated
    on every page and the breaks already asked for."""

    rows: list[float]
    columns: list[float]
    repeat: tuple[int, int] | None
    breaks: tuple[int, ...] = ()


def printable(portrait: bool) -> tuple[float, float]:
    width, height = PAGE[portrait]
    return (width - (MARGINS["left"] + MARGINS["right"]) * INCH,
            height - (MARGINS["top"] + MARGINS["bottom"]) * INCH)


def scale(sheet: Sheet, portrait: bool, fit: bool) -> float:
    """The print scale: what fits the columns to the page's width (a whole percent, as Excel
    stores it), never above 100 %."""
    if not fit:
        return 1.0
    content = sum(sheet.columns) * PIXEL
    return min(100, int(100 * printable(portrait)[0] / content)) / 100 if content else 1.0


def page_of_rows(sheet: Sheet, portrait: bool, fit: bool, room: float = 1.0) -> list[int]:
    """The page (from 0) each row prints on, on pages ``room`` times as tall as A4's printable part."""
    factor = scale(sheet, portrait, fit)
    room = printable(portrait)[1] * room
    heading = sum(sheet.rows[sheet.repeat[0]:sheet.repeat[1] + 1]) * PIXEL * factor if sheet.repeat else 0.0
    pages, page, used = [], 0, 0.0
    for row, pixels in enumerate(sheet.rows):
        height = pixels * PIXEL * factor
        if row in sheet.breaks or (used + height > room and used > heading):
            page, used = page + 1, heading
        used += height
        pages.append(page)
    return pages


CARRIED = 3
"""Rows before a signature block that go with it to a new page (the table's last two and the gap):
a signature never stands on a page without the figures it signs."""


def break_before(sheet: Sheet, block: tuple[int, int], portrait: bool, fit: bool) -> int | None:
    """The row to break the page before so that rows ``block`` print on one page, or None when
    they already do."""
    first, last = block
    for room in ROOM:
        pages = page_of_rows(sheet, portrait, fit, room)
        if last < len(pages) and pages[first] != pages[last]:
            carried = first - CARRIED
            return carried if carried > (sheet.repeat[1] + 1 if sheet.repeat else 0) else first
    return None
