"""How much text a cell holds: its width in pixels, the lines it wraps to in a column, and the row
height to match.

Spreadsheets do not grow a row for wrapped text on their own (xlsxwriter writes no heights, and
LibreOffice keeps what it is given), so every wrapped cell's row is sized here, from the advance
widths of Times New Roman's characters (in thousandths of the type size, as Liberation Serif,
its metric twin, has them; ``tests/test_text_fit.py`` checks the table against the font). A
Vietnamese letter is as wide as its base letter, but for ơ and ư, whose horn widens them.
"""

from __future__ import annotations

import unicodedata

CHARS = (" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
         "ơưƠƯ≥≤–—…“”‘’")


def _widths(numbers: str) -> dict[str, int]:
    return dict(zip(CHARS, map(int, numbers.split()), strict=True))


ADVANCE = {  # (bold, italic) -> character -> advance width, thousandths of an em
    (False, False): _widths(
        "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 "
        "500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 "
        "556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 "
        "500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 500 500 444 480 200 480 541 529 "
        "542 722 776 549 549 500 1000 1000 444 444 333 333 "
    ),
    (True, False): _widths(
        "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 500 500 "
        "500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 "
        "611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 500 333 500 556 444 556 444 333 500 "
        "556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 722 500 500 444 394 220 394 520 554 "
        "600 778 796 549 549 500 1000 1000 500 500 333 333 "
    ),
    (False, True): _widths(
        "250 333 420 500 500 833 778 214 333 333 500 675 250 333 250 278 500 500 500 500 500 500 500 500 "
        "500 500 333 333 675 675 675 500 920 611 611 667 722 611 611 722 722 333 444 667 556 833 667 722 "
        "611 722 611 500 556 722 611 833 611 556 556 389 278 389 422 500 333 500 500 444 500 444 278 500 "
        "500 278 278 444 278 722 500 500 500 500 389 389 278 500 444 667 444 444 389 400 275 400 541 534 "
        "545 722 754 549 549 500 889 889 556 556 333 333 "
    ),
    (True, True): _widths(
        "250 389 555 500 500 833 778 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 500 500 "
        "500 500 333 333 570 570 570 500 832 667 667 667 722 667 667 722 778 389 500 667 611 889 722 722 "
        "611 722 667 556 611 722 667 889 667 611 611 333 278 333 570 500 333 500 500 444 500 444 333 500 "
        "556 278 278 500 278 778 556 500 500 500 389 389 278 556 444 667 500 444 389 348 220 348 570 537 "
        "599 722 775 549 549 500 1000 1000 500 500 333 333 "
    ),
}
PIXELS_PER_POINT = 96 / 72
DIGIT = 7  # pixels: the width of a digit of the default font (Times New Roman, 11 points)
PADDING = 5  # pixels Excel adds to a column's width in digits
SLACK = 1.06  # Excel draws text on whole pixels, a little wider than the outline's widths
LINE_HEIGHT = 15.0
"""Points per line of 11-point text."""


def _base(char: str) -> str:
    """The letter under a Vietnamese letter's tone and vowel marks, with its horn (ợ → ơ, ệ → e)."""
    marks = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in marks if not unicodedata.combining(c) or c == HORN))


HORN = "\u031b"


def column_pixels(width: float) -> int:
    """Excel's pixels for a column ``width`` digits wide."""
    return int(width * DIGIT + 0.5) + PADDING if width >= 1 else int(width * (DIGIT + PADDING) + 0.5)


def text_pixels(text: str, size: float = 11, bold: bool = False, italic: bool = False) -> float:
    """The width of one line of ``text`` in pixels, as printed at 100 %."""
    table = ADVANCE[bold, italic]
    total = 0
    for char in text:
        width = table.get(char)
        if width is None:  # a letter with marks: its base letter's width (đ as d), its horn kept
            width = table.get(_base(char), 556)
        total += width
    return total * size * PIXELS_PER_POINT / 1000 * SLACK


def lines(text: str, width: float, size: float = 11, indent: int = 0, bold: bool = False,
          italic: bool = False) -> int:
    """Lines ``text`` wraps to in a column ``width`` digits wide (words are never split)."""
    room = column_pixels(width) - 6 - 9 * indent  # the cell's margins, 9 pixels an indent level
    return lines_in(text, room, size, bold, italic)


def lines_in(text: str, room: float, size: float = 11, bold: bool = False, italic: bool = False) -> int:
    """Lines ``text`` wraps to in ``room`` pixels."""
    space = text_pixels(" ", size, bold, italic)
    count = 0
    for paragraph in str(text).split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split():
            needed = text_pixels(word, size, bold, italic)
            if used and used + space + needed <= room:
                used += space + needed
                continue
            if used:
                count += 1
            extra = int(needed // room) if needed > room else 0  # a word wider than a line takes several
            count += extra
            used = needed - extra * room
    return max(count, 1)


def height(text: str, width: float, size: float = 11, indent: int = 0, bold: bool = False,
           italic: bool = False) -> float | None:
    """Row height for ``text`` wrapped in ``width``; None when one line fits (the default height)."""
    n = lines(text, width, size, indent, bold, italic)
    return None if n == 1 else round(n * LINE_HEIGHT * size / 11 + 2, 1)


def header_height(titles, widths, size: float = 11) -> float:
    """The height of a row of bold column headings, each wrapped in its column."""
    return max([height(str(t), w, size, bold=True) or LINE_HEIGHT for t, w in zip(titles, widths, strict=False)])
