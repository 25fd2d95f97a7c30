"""The form's furniture, laid out as Vietnamese administrative documents are: the issuing body
and the national motto above the title, the attachment line under it, and after the table the
place-and-date line and the signature blocks (NGƯỜI LẬP BIỂU; TM. BAN CHẤP HÀNH or TM. BAN
THƯỜNG VỤ / CHỦ TỊCH by level).

Names and dates come from the “Thông tin chung” sheet through formulas, so what the officer types
there shows on every sheet; each formula is written with the value it gives now, as every formula
xlunion writes.
"""

from __future__ import annotations

import datetime as dt

from ..layout import META_SHEET, col_letter, quote_sheet

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
HEADER_ROWS = 3
"""Rows the header block takes (issuing body and motto on two lines, then a blank line)."""
GRASSROOTS = "Công đoàn cơ sở"
"""The level label whose executive is a Ban Chấp hành (upper levels sign for their Ban Thường vụ)."""


def _meta(w, code: str) -> str:
    return f"{quote_sheet(META_SHEET)}!${col_letter(w.lay.meta_col)}${w.lay.meta_rows[code] + 1}"


def _text(w, code: str) -> str:
    value = w.filling.meta.get(code)
    return "" if value is None else str(value)


def header(w, ws, last_col: int, split: int | None = None) -> int:
    """The issuing body (the parent above, the unit below it, in capitals) on the left and the
    national motto on the right; returns the first free row."""
    split = split if split is not None else max(1, last_col // 3)
    body = w.fmt(align="center", font_size=11, text_wrap=True)
    unit = w.fmt(align="center", font_size=11, bold=True, text_wrap=True)
    w.header_split[ws.name] = (split, last_col)
    ws.merge_range(0, 0, 0, split, "", body)
    ws.write_formula(0, 0, f"=UPPER({_meta(w, 'parent_name')})", body, _text(w, "parent_name").upper())
    ws.merge_range(1, 0, 1, split, "", unit)
    ws.write_formula(1, 0, f"=UPPER({_meta(w, 'unit_name')})", unit, _text(w, "unit_name").upper())
    ws.merge_range(0, split + 1, 0, last_col, MOTTO[0], w.fmt(align="center", bold=True, font_size=11))
    ws.merge_range(1, split + 1, 1, last_col, MOTTO[1], w.fmt(align="center", bold=True, underline=1, font_size=12))
    return HEADER_ROWS


def title(w, ws, row: int, last_col: int, text: str, attached: bool = True) -> int:
    """The sheet's title, centred, and under it “(Kèm theo Báo cáo số … ngày … của …)”."""
    ws.merge_range(row, 0, row, last_col, text, w.fmt(bold=True, font_size=13, align="center", text_wrap=True))
    ws.set_row(row, 20 * max(1, -(-len(text) // 150)))
    if not attached:
        return row + 1
    cell = w.fmt(italic=True, align="center")
    ws.merge_range(row + 1, 0, row + 1, last_col, "", cell)
    ws.write_formula(row + 1, 0, attachment_formula(w), cell, attachment_text(w))
    return row + 2


def attachment_formula(w) -> str:
    number, day, unit = _meta(w, "report_number"), _meta(w, "report_date"), _meta(w, "unit_name")
    return (f'="(Kèm theo Báo cáo số "&IF(LEN({number})=0,"……",{number})&" ngày "&{_dmy(day)}'
            f'&" của "&IF(LEN({unit})=0,"……",{unit})&")"')


def attachment_text(w) -> str:
    day = _dmy_text(w.filling.meta.get("report_date"))
    return f"(Kèm theo Báo cáo số {_text(w, 'report_number') or '……'} ngày {day} của {_text(w, 'unit_name') or '……'})"


def _dmy(ref: str) -> str:
    """“dd/mm/yyyy” of a date cell, or dots when it holds none (DAY/MONTH/YEAR: no locale's format codes)."""
    return (f'IF(ISNUMBER({ref}),TEXT(DAY({ref}),"00")&"/"&TEXT(MONTH({ref}),"00")&"/"&YEAR({ref}),'
            f'"…/…/……")')


def _dmy_text(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else "…/…/……"


def signatures(w, ws, row: int, last_col: int, split: int | None = None) -> int:
    """The place-and-date line, then NGƯỜI LẬP BIỂU on the left and the executive's signature on
    the right; returns the row after them."""
    split = split if split is not None else max(1, last_col // 3)
    right = (split + 1, last_col)
    place = w.fmt(italic=True, align="center")
    ws.merge_range(row, *right[:1], row, right[1], "", place)
    ws.write_formula(row, right[0], place_formula(w), place, place_text(w))
    bold = w.fmt(bold=True, align="center")
    note = w.fmt(italic=True, align="center", font_size=10)
    ws.merge_range(row + 1, 0, row + 1, split, "NGƯỜI LẬP BIỂU", bold)
    ws.merge_range(row + 2, 0, row + 2, split, "(Ký, ghi rõ họ tên)", note)
    ws.merge_range(row + 1, right[0], row + 1, right[1], "", bold)
    ws.write_formula(row + 1, right[0], executive_formula(w), bold, executive_text(w))
    ws.merge_range(row + 2, right[0], row + 2, right[1], "CHỦ TỊCH", bold)
    ws.merge_range(row + 3, right[0], row + 3, right[1], "(Ký tên, đóng dấu)", note)
    ws.merge_range(row + 7, 0, row + 7, split, "", bold)
    ws.write_formula(row + 7, 0, f"={_meta(w, 'officer')}&\"\"", bold, _text(w, "officer"))
    w.signature_rows[ws.name] = (row, row + 7, last_col)
    return row + 8


def fit_header(w, ws) -> None:
    """Rows tall enough for the issuing bodies' names (a long name takes two lines, as on paper);
    called once the columns have their widths."""
    from .text_fit import LINE_HEIGHT, lines_in

    if ws.name not in w.header_split:
        return
    split, last_col = w.header_split[ws.name]
    # xlsxwriter keeps every size it was given (in pixels) to place images; read them the same way.
    left = sum(ws._size_col(c) for c in range(split + 1)) - 6
    right = sum(ws._size_col(c) for c in range(split + 1, last_col + 1)) - 6
    for row, (text, bold, motto, size) in enumerate(((_text(w, "parent_name").upper(), False, MOTTO[0], 11),
                                                     (_text(w, "unit_name").upper(), True, MOTTO[1], 12))):
        needed = max(lines_in(text, left, 11, bold=bold), lines_in(motto, right, size, bold=True))
        if needed > 1:
            ws.set_row(row, needed * LINE_HEIGHT + 2)


def keep_signatures_together(w, ws, portrait: bool, fit: bool, repeat: tuple[int, int] | None) -> None:
    """A page break before the signature block when it would otherwise start on one page and
    end on the next (called once the sheet's rows and columns have their sizes)."""
    from .pagination import Sheet, break_before

    if ws.name not in w.signature_rows:
        return
    first, last, last_col = w.signature_rows[ws.name]
    # xlsxwriter keeps every size it was given (in pixels) to place images; read them the same way.
    sheet = Sheet(rows=[ws._size_row(r) for r in range(last + 1)], columns=[ws._size_col(c) for c in
                                                                          range(last_col + 1)],
                  repeat=repeat, breaks=tuple(ws.hbreaks))
    row = break_before(sheet, (first, last), portrait, fit)
    if row is not None:
        ws.set_h_pagebreaks(sorted({*ws.hbreaks, row}))


def place_formula(w) -> str:
    place, day = _meta(w, "place"), _meta(w, "report_date")
    # Nghị định 30/2020/NĐ-CP: a day below 10 and the months 1 and 2 take a leading zero
    when = (f'IF(ISNUMBER({day}),"ngày "&TEXT(DAY({day}),"00")&" tháng "&IF(MONTH({day})<3,"0","")&MONTH({day})'
            f'&" năm "&YEAR({day}),"ngày … tháng … năm ……")')
    return f'=IF(LEN({place})=0,"…………",{place})&", "&{when}'


def place_text(w) -> str:
    return place_line(w.filling.meta)


def place_line(meta) -> str:
    """“Quảng Trị, ngày 17 tháng 5 năm 2021”, dots for what the metadata does not give."""
    place = str(meta.get("place") or "") or "…………"
    day = meta.get("report_date")
    if isinstance(day, dt.date):
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    else:
        when = "ngày … tháng … năm ……"
    return f"{place}, {when}"


def executive_formula(w) -> str:
    return f'=IF({_meta(w, "level")}="{GRASSROOTS}","TM. BAN CHẤP HÀNH","TM. BAN THƯỜNG VỤ")'


def executive_text(w) -> str:
    return executive(w.filling.meta)


def executive(meta) -> str:
    """Who signs for the unit: its executive committee at grassroots, its standing committee above."""
    return "TM. BAN CHẤP HÀNH" if str(meta.get("level") or "") == GRASSROOTS else "TM. BAN THƯỜNG VỤ"
