"""The two sheets beside the appendices: what a union above grassroots did itself (“Số liệu cấp
mình”) and the targets of the unit's own congress resolution (“Chỉ tiêu”), laid out as the
appendices are (the indicator codes in the hidden column, where readers find the rows)."""

from __future__ import annotations

from ..definition import Indicator
from ..layout import CODE_COL, DATA_FIRST_ROW, HEADER_ROW, OWN_SHEET, TARGET_INPUT_COL, TARGET_SHEET, row_numbers
from ..messages import msg
from . import furniture
from .text_fit import header_height, height

TARGET_COLUMNS = ("TT", "Chỉ tiêu", "Mã", "ĐVT", "Cách tính", "Mức chỉ tiêu NQ cấp mình",
                  "Mức chỉ tiêu áp dụng cho đơn vị", "Theo Nghị quyết")


def _sheet(w, name: str, title: str, note: str, titles: list[str], widths: list[float]):
    ws = w.book.add_worksheet(name)
    w.sheet_top(ws, title, widths, note)
    number = 0
    for col, text in enumerate(titles):
        ws.write_string(HEADER_ROW - 1, col, text, w.head_fmt())
        number += col != CODE_COL
        ws.write_string(HEADER_ROW, col, f"({number})" if col != CODE_COL else "",
                        w.fmt(italic=True, align="center", border=1, font_size=10))
    ws.set_row(HEADER_ROW - 1, header_height(titles, widths))
    w.columns(ws, widths)
    ws.freeze_panes(DATA_FIRST_ROW - 1, 4)
    return ws


def _row_head(w, ws, row: int, number: str, ind: Indicator, width: float, extra: float | None = None) -> None:
    ws.write_string(row, 0, number, w.fmt(border=1, align="center"))
    ws.write_string(row, 1, ind.label, w.fmt(border=1, text_wrap=True, indent=ind.level, italic=ind.level > 0))
    ws.write_string(row, CODE_COL, ind.code, w.fmt(border=1, font_size=8))
    ws.write_string(row, 3, ind.unit, w.fmt(border=1, align="center", text_wrap=True))
    needed = max(height(ind.label, width, indent=ind.level, italic=ind.level > 0) or 15, height(ind.unit, 9) or 15,
                 extra or 15)
    if needed > 15:
        ws.set_row(row, needed)


def own_sheet(w) -> None:
    """What a union above grassroots does itself: added to its children's figures (or, for a
    non-additive row, standing alone) when it consolidates. A grassroots union leaves it blank."""
    from .template import INPUT_FILL, LABEL_WIDTH, PERIOD_WIDTH

    periods = w.defn.periods
    titles = ["TT", "Chỉ tiêu", "Mã", "ĐVT", *(p.label for p in periods), "Cách tổng hợp", "Phụ lục"]
    widths = [5, LABEL_WIDTH, 8, 9, *[PERIOD_WIDTH] * len(periods), 30, 8]
    ws = _sheet(w, OWN_SHEET, msg("tpl.own.title", lang="vi"), msg("tpl.own.note", lang="vi"), titles, widths)
    cols = w.lay.columns
    codes = list(w.lay.own_rows)
    numbers = row_numbers(w.defn, codes)
    how_col = cols.periods[periods[-1].code] + 1
    for code, row in w.lay.own_rows.items():
        ind = w.defn[code]
        how = msg(f"agg.{ind.aggregate}", lang="vi")
        _row_head(w, ws, row, numbers[code], ind, LABEL_WIDTH, height(how, 30, 10))
        num = w.fmt(border=1, bg_color=INPUT_FILL, locked=False, num_format=w.number_format(ind))
        for p in periods:
            col = cols.periods[p.code]
            if not ind.applies(p.role):
                w.not_applicable(ws, row, col)
                continue
            value = w.filling.own.get((code, p.code))
            ws.write_number(row, col, value, num) if isinstance(value, int | float) else ws.write_blank(
                row, col, None, num)
            w.input_validation(ws, ind, row, col)
        ws.write_string(row, how_col, how, w.fmt(border=1, text_wrap=True, font_size=10))
        ws.write_string(row, how_col + 1, ind.sheet, w.fmt(border=1, align="center"))
    furniture.signatures(w, ws, w.lay.own_rows[codes[-1]] + 2, len(titles) - 1, split=1)
    w.page_setup(ws, portrait=False, repeat=(HEADER_ROW - 1, HEADER_ROW))
    w.protect(ws)


def target_sheet(w) -> None:
    """The unit's own congress targets (typed), beside the one that applies to it and its source."""
    from .template import INPUT_FILL, LABEL_WIDTH

    widths = [5, LABEL_WIDTH, 8, 9, 16, 14, 20, 44]
    ws = _sheet(w, TARGET_SHEET, msg("tpl.targets.title", lang="vi"), msg("tpl.targets.note", lang="vi"),
                list(TARGET_COLUMNS), widths)
    codes = list(w.lay.target_rows)
    numbers = row_numbers(w.defn, codes)
    for code, row in w.lay.target_rows.items():
        ind = w.defn[code]
        small = w.fmt(border=1, text_wrap=True, font_size=10)
        basis = msg(f"tgt.basis.{ind.target}", lang="vi")
        applied = w.filling.applied.get(code)
        shown = w.target_text(ind)
        role = msg(f"tgt.role.{applied.role}", lang="vi", holder=applied.holder_name or applied.holder) \
            if applied is not None else ""
        source = f"{role}: {applied.resolution}" if applied is not None and applied.judged else role
        _row_head(w, ws, row, numbers[code], ind, LABEL_WIDTH,
                  max(height(basis, 16, 10) or 15, height(shown, 20) or 15, height(source, 44, 10) or 15))
        ws.write_string(row, 4, basis, small)
        cell = w.fmt(border=1, bg_color=INPUT_FILL, locked=False, num_format=w.number_format(ind))
        value = w.filling.targets.get(code)
        if isinstance(value, int | float):
            ws.write_number(row, TARGET_INPUT_COL, value, cell)
        else:
            ws.write_blank(row, TARGET_INPUT_COL, None, cell)
        _target_validation(w, ws, ind, row)
        ws.write_string(row, 6, shown, w.fmt(border=1, align="center", text_wrap=True))
        ws.write_string(row, 7, source, small)
    furniture.signatures(w, ws, w.lay.target_rows[codes[-1]] + 2, len(widths) - 1, split=1)
    w.page_setup(ws, portrait=False, repeat=(HEADER_ROW - 1, HEADER_ROW))
    w.protect(ws)


def _target_validation(w, ws, ind: Indicator, row: int) -> None:
    options = {"validate": "decimal", "criteria": ">=", "value": 0,
               "input_title": msg("tpl.target.title", lang="vi"),
               "input_message": msg("tpl.target.input", lang="vi", label=ind.label[:150], unit=ind.unit),
               "error_title": msg("tpl.bad.title", lang="vi"), "error_message": msg("tpl.amount.error", lang="vi")}
    if ind.is_percent:
        options.update(criteria="between", minimum=0, maximum=1)
        del options["value"]
    ws.data_validation(row, TARGET_INPUT_COL, row, TARGET_INPUT_COL, options)
