"""The parent's workbook: the standard workbook filled with consolidated figures, plus
“Tình hình nộp báo cáo”, “Chi tiết đơn vị”, the comparison sheet and provenance.

Being the standard workbook, it is itself a valid child one level up.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.consolidate import COUNTED, FILLED, Consolidation
from ..core.derive import total
from ..definition import Definition
from ..layout import cell_name
from ..messages import msg
from ..registry import Registry
from ..targets import applicable
from . import furniture
from .compare_sheet import comparison_sheet
from .template import Filling, congress_of, write_workbook
from .text_fit import header_height, height

STATUS_SHEET = "Tình hình nộp báo cáo"
DETAIL_SHEET = "Chi tiết đơn vị"
STATUS_FIRST_ROW = 17  # 0-based row of the first status line (the form's header, title and summary above)
REPORTED = COUNTED | {"via_children"}


OWN_META = ("resolution", "congress_date", "officer", "phone", "email", "note")
"""What the parent's own workbook says of itself, kept in its consolidated workbook."""


def parent_filling(defn: Definition, registry: Registry, result: Consolidation, officer: str | None = None,
                   targets=()) -> Filling:
    unit = registry[result.parent]
    above = registry[unit.parent] if unit.parent else None
    children = [s for s in result.counted if s.unit != result.parent]
    cutoffs = sorted(str(s.meta.get("cutoff")) for s in children if s.meta.get("cutoff"))
    cutoff = max((s.meta["cutoff"] for s in children if isinstance(s.meta.get("cutoff"), dt.date)), default=None)
    own = result.own
    meta = {k: own.meta[k] for k in OWN_META if own is not None and own.meta.get(k) not in (None, "")}
    meta.update({"unit_code": unit.code, "unit_name": unit.name, "level": unit.level_label,
                 "parent_code": above.code if above else "", "parent_name": above.name if above else "",
                 "cutoff": cutoff or (cutoffs[-1] if cutoffs else "")})
    if officer:  # who signs as NGƯỜI LẬP BIỂU: given, or the union's own workbook's; never a program
        meta["officer"] = officer
    notes: dict[str, list[str]] = {}
    for sub in children:
        for code, note in sub.notes.items():
            notes.setdefault(code, []).append(f"{sub.unit}: {note}")
    hidden = {"consolidated_for": unit.code, "consolidated_files": str(len(children))}
    hidden.update({FILLED + p: f"{k}/{n}" for p, (k, n) in result.completeness.items()})
    typed = dict(own.targets) if own is not None else {}
    applied = applicable(defn, targets, unit.code, registry, typed, str(meta.get("resolution") or ""),
                         congress_of(meta))
    return Filling(meta=meta, values=result.values, notes={k: "; ".join(v)[:500] for k, v in notes.items()},
                   hidden=hidden, provenance=result.provenance, own=dict(own.own) if own is not None else {},
                   targets=typed, applied=applied)


def write_parent(defn: Definition, registry: Registry, result: Consolidation, path: str | Path,
                 officer: str | None = None, targets=()) -> Path:
    filling = parent_filling(defn, registry, result, officer, targets)
    extras = [lambda w: status_sheet(w, registry, result), lambda w: detail_sheet(w, result, registry),
              lambda w: changes_sheet(w, result), comparison_sheet]
    return write_workbook(defn, path, filling, extras=extras)


STATUS_SUMMARY = ("valid", "warnings", "late", "errors", "missing", "duplicate", "superseded")
STATUS_COLUMNS = ("STT", "Mã đơn vị", "Tên đơn vị", "Tình trạng", "Tệp", "Thời gian nhận", "Số lỗi", "Số cảnh báo",
                  "Ghi chú", "Mã nhận dạng tệp")
STATUS_WIDTHS = (5, 10, 32, 18, 32, 14, 7, 9, 26, 24)
STATUS_FILLS = {"valid": "#C6EFCE", "warnings": "#F4B183", "late": "#F4B183", "newer_errors": "#F4B183",
                "held": "#F4B183", "errors": "#FFC7CE", "missing": "#FFC7CE", "unusable": "#FFC7CE",
                "rejected": "#FFC7CE"}
"""Green, orange, red: never the input cells' yellow."""


def status_sheet(w, registry: Registry, result: Consolidation) -> None:
    """Who sent what: the completeness at the top, then a row per expected child and per file."""
    ws = w.book.add_worksheet(STATUS_SHEET)
    parent = registry[result.parent]
    last_col = len(STATUS_COLUMNS) - 2  # what prints: the files' codes after it are for the screen
    row = furniture.header(w, ws, last_col, split=2)
    row = furniture.title(w, ws, row, last_col, msg("status.sheet_title", lang="vi", unit=parent.name), False)
    expected = [r for r in result.status if r.unit and registry.units.get(r.unit) and
                registry[r.unit].parent == result.parent and r.status in REPORTED | {"missing", "errors"}]
    children = {r.unit for r in expected}
    reported = {r.unit for r in expected if r.status in REPORTED}
    first, last = STATUS_FIRST_ROW + 1, STATUS_FIRST_ROW + max(len(result.status), 1)
    status_range = f"$D${first}:$D${last}"
    top = row + 1
    ws.write_string(top, 1, "Số đơn vị trực thuộc phải báo cáo", w.fmt(bold=True))
    ws.write_number(top, 3, len(children), w.fmt(bold=True))
    ws.write_string(top + 1, 1, "Số đơn vị đã có số liệu (nộp trực tiếp hoặc tổng hợp từ đơn vị cấp dưới)", w.fmt())
    ws.write_number(top + 1, 3, len(reported), w.fmt())
    ws.write_string(top + 2, 1, "Tỷ lệ hoàn thành", w.fmt(bold=True))
    ws.write_formula(top + 2, 3, f'=IF(D{top + 1}=0,"",D{top + 2}/D{top + 1})', w.fmt(bold=True, num_format="0.0%"),
                     len(reported) / len(children) if children else "")
    for i, code in enumerate(STATUS_SUMMARY):
        label = msg(f"status.{code}", lang="vi")
        ws.write_string(top + 3 + i, 2, label, w.fmt(font_size=10))
        ws.write_formula(top + 3 + i, 3, f'=COUNTIF({status_range},"{label}")', w.fmt(),
                         sum(r.status == code for r in result.status))
    assert top + 3 + len(STATUS_SUMMARY) < STATUS_FIRST_ROW - 1
    for col, name in enumerate(STATUS_COLUMNS):
        ws.write_string(STATUS_FIRST_ROW - 1, col, name, w.head_fmt())
    ws.set_row(STATUS_FIRST_ROW - 1, header_height(STATUS_COLUMNS, STATUS_WIDTHS))
    for i, line in enumerate(result.status):
        _status_row(w, ws, STATUS_FIRST_ROW + i, i + 1, line)
    end = furniture.signatures(w, ws, STATUS_FIRST_ROW + len(result.status) + 1, last_col, split=2)
    for col, width in enumerate(STATUS_WIDTHS):
        ws.set_column(col, col, width)
    ws.freeze_panes(STATUS_FIRST_ROW, 3)
    w.page_setup(ws, portrait=False, repeat=(STATUS_FIRST_ROW - 1, STATUS_FIRST_ROW - 1), columns=None)
    ws.print_area(0, 0, end, last_col)


def _status_row(w, ws, r: int, number: int, line) -> None:
    cell = w.fmt(border=1, font_size=10, text_wrap=True)
    ws.write_number(r, 0, number, cell)
    ws.write_string(r, 1, line.unit, cell)
    ws.write_string(r, 2, line.name, cell)
    status = msg(f"status.{line.status}", lang="vi")
    ws.write_string(r, 3, status, w.fmt(border=1, font_size=10, text_wrap=True,
                                        bg_color=STATUS_FILLS.get(line.status, "#FFFFFF")))
    ws.write_string(r, 4, line.file, cell)
    if line.received:  # a date an officer reads, shown day first, sortable
        ws.write_datetime(r, 5, line.received, w.fmt(border=1, font_size=10, num_format="dd/mm/yyyy hh:mm"))
    else:
        ws.write_blank(r, 5, None, cell)
    ws.write_number(r, 6, line.errors, cell) if line.file else ws.write_blank(r, 6, None, cell)
    ws.write_number(r, 7, line.warnings, cell) if line.file else ws.write_blank(r, 7, None, cell)
    ws.write_string(r, 8, line.note, cell)
    ws.write_string(r, 9, line.sha256, w.fmt(border=1, font_size=8, text_wrap=True))
    texts = [(line.name, 32), (status, 18), (line.file, 32), (line.note, 26)]
    needed = max([height(t, width, 10) or 15 for t, width in texts] + [46 if line.sha256 else 15])
    if needed > 15:
        ws.set_row(r, needed)


DETAIL_FIRST_ROW = 5  # 0-based: title, note, codes (hidden), headings, totals above; a row per unit from here
DETAIL_MAX_UNITS = 5000
"""Beyond this many units a sheet of every figure (~450 a unit) is past what Excel handles well
and what a workbook should hold; the sheet then says so, and ``--facts`` has them all."""


def detail_sheet(w, result: Consolidation, registry: Registry | None = None) -> None:
    """Every figure of every child, one row per unit under the totals they make, then the parent's
    own activities and the shares of units that ended, so that any total can be traced to what
    makes it (and filtered or sorted like any table).

    A data sheet, said so at its top: the columns of “Lũy kế / Hiện tại” come first and are what it
    prints (a page of units at a time, the units' names and the headings repeated on every page);
    every period of every indicator follows, for the screen.

    Written row by row straight to disk (see :func:`_streamed_sheet`): at 5,000 units the sheet
    holds ~2 M figures, which xlsxwriter would otherwise keep in memory (~110 bytes each)."""
    defn = w.defn
    units = sorted(result.detail)
    shown = units[:DETAIL_MAX_UNITS]
    names = {s.unit: str(s.meta.get("unit_name") or s.unit) for s in result.counted}
    rows = [(u, names[u], result.detail[u]) for u in shown] + _other_rows(defn, registry, result)
    columns = _detail_columns(defn)
    first, last = DETAIL_FIRST_ROW, DETAIL_FIRST_ROW + len(rows) - 1
    ws = _streamed_sheet(w.book, DETAIL_SHEET)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 34)
    ws.set_column(2, len(columns) + 1, 13)
    ws.freeze_panes(DETAIL_FIRST_ROW, 2)
    ws.autofilter(DETAIL_FIRST_ROW - 2, 0, max(last, DETAIL_FIRST_ROW - 2), len(columns) + 1)
    w.page_setup(ws, portrait=False, repeat=(DETAIL_FIRST_ROW - 2, DETAIL_FIRST_ROW - 1), fit=False)
    ws.print_area(0, 0, max(last, DETAIL_FIRST_ROW - 1), 1 + len(defn.indicators))  # the current column of each
    _detail_head(w, ws, columns, len(units), len(shown))
    numbers = {ind.code: w.fmt(border=1, num_format=w.number_format(ind)) for ind in defn.indicators.values()}
    for col, (ind, period) in enumerate(columns, start=2):
        figures = [figures.get((ind.code, period.code)) for _u, _n, figures in rows]
        _detail_total(w, ws, col, ind, period, figures, (first, last), complete=len(shown) == len(units))
    plain = w.fmt(border=1, text_wrap=True)
    for row, (code, name, figures) in enumerate(rows, start=first):
        if height(name, 34):
            ws.set_row(row, height(name, 34))  # before the row's cells: the sheet is written row by row
        ws.write_string(row, 0, code, plain)
        ws.write_string(row, 1, name, plain)
        for col, (ind, period) in enumerate(columns, start=2):
            value = figures.get((ind.code, period.code))
            if value is not None:  # a blank stays unwritten: a province's sheet has ~1M cells
                ws.write_number(row, col, value, numbers[ind.code])


def _detail_columns(defn: Definition) -> list[tuple]:
    """(indicator, period) of every column: first the current column of every indicator (what the
    sheet prints), then every input period of every indicator."""
    current = [(ind, defn.current) for ind in defn.indicators.values()]
    return current + [(ind, period) for ind in defn.indicators.values() for period in defn.periods]


def _other_rows(defn: Definition, registry: Registry | None, result: Consolidation) -> list[tuple]:
    """The parent's own activities, then each unit that ended with the share that comes here."""
    from ..core.consolidate import contribution, own_figures

    rows = []
    if result.own is not None:
        rows.append((result.parent, msg("detail.own", lang="vi"), own_figures(defn, registry, result.parent,
                                                                               result.own)))
    for part in result.carried:
        name = str(part.sub.meta.get("unit_name") or part.sub.unit)
        what = "detail.merged_own" if not part.whole else "detail.merged"
        label = msg(what, lang="vi", name=name, share=f"{part.share:.0%}")
        rows.append((part.sub.unit, label, contribution(defn, registry, result.parent, part)))
    return rows


def _detail_head(w, ws, columns: list, units: int, shown: int) -> None:
    """Rows above the units: the title, what this sheet is, the codes (hidden: for machines), the
    headings (appendix, indicator and period by name), and the “Tổng hợp” row's label."""
    note = msg("detail.note", lang="vi")
    if units > shown:
        note += " " + msg("detail.cut", lang="vi", units=units, shown=shown)
    ws.write_string(0, 0, msg("detail.title", lang="vi"), w.fmt(bold=True, font_size=13))
    ws.set_row(1, height(note, 148, 10, italic=True))
    ws.merge_range(1, 0, 1, 9, note, w.fmt(italic=True, font_size=10, text_wrap=True, valign="top"))
    ws.set_row(2, None, None, {"hidden": True})
    ws.write_string(2, 0, "code", w.fmt())
    ws.write_string(2, 1, "period", w.fmt())
    for col, (ind, period) in enumerate(columns, start=2):
        ws.write_string(2, col, f"{ind.code}|{period.code}", w.fmt())
    head = w.head_fmt()
    ws.set_row(3, max(height(_heading(ind, period), 13, 9, bold=True) or 15 for ind, period in columns))
    ws.write_string(3, 0, "Mã đơn vị", head)
    ws.write_string(3, 1, "Tên đơn vị", head)
    small = w.fmt(bold=True, font_size=9, text_wrap=True, border=1, valign="top", bg_color="#DDEBF7")
    for col, (ind, period) in enumerate(columns, start=2):
        ws.write_string(3, col, _heading(ind, period), small)
    ws.write_string(4, 0, "", w.fmt(bold=True, border=1))
    ws.write_string(4, 1, "Tổng hợp", w.fmt(bold=True, border=1))


def _heading(ind, period) -> str:
    return f"{ind.sheet[2:]}. {ind.label} — {period.label}"


def _streamed_sheet(book, name: str):
    """A worksheet that xlsxwriter writes out row by row (its ``constant_memory`` mode) while the
    other sheets, written in any order, stay in memory. The mode is read from the workbook when a
    sheet is added, and the packager honours it sheet by sheet. Rows must then be written in
    order: a write to an earlier row is silently lost (the tests read every row back)."""
    book.constant_memory = True
    try:
        return book.add_worksheet(name)
    finally:
        book.constant_memory = False


def _detail_total(w, ws, col: int, ind, period, children: list, rows: tuple[int, int], complete: bool) -> None:
    """A sum of the rows where they add up to the consolidated figure (every row shown, and each
    figure counted as written); elsewhere the consolidated figure itself."""
    bold = w.fmt(border=1, bold=True, num_format=w.number_format(ind))
    summed = ind.kind in ("stock", "flow") and not ind.computed and period.code != w.defn.current.code
    summed = summed and complete and total(children) == w.values[ind.code, period.code]
    if summed and rows[1] >= rows[0]:
        span = f"{cell_name(rows[0], col)}:{cell_name(rows[1], col)}"
        ws.write_formula(4, col, f'=IF(COUNT({span})=0,"",SUM({span}))', bold, _blank(total(children)))
    else:
        ref = w.lay.ref(ind.code, period.code, DETAIL_SHEET)
        ws.write_formula(4, col, f'=IF(ISNUMBER({ref}),{ref},"")', bold, _blank(w.values[ind.code, period.code]))


CHANGES_SHEET = "Thay đổi"


CHANGES_COLUMNS = ("Mã đơn vị", "Tệp bản cũ", "Tệp bản mới", "Chỉ tiêu", "Kỳ", "Số liệu bản cũ", "Số liệu bản mới",
                   "Chênh lệch")
CHANGES_WIDTHS = (10, 30, 30, 44, 12, 11, 11, 11)


def changes_sheet(w, result: Consolidation) -> None:
    """What each resubmitted workbook changed from the version it replaces."""
    from ..core.diff import diff

    ws = w.book.add_worksheet(CHANGES_SHEET)
    last = len(CHANGES_COLUMNS) - 1
    top = furniture.header(w, ws, last, split=2)
    top = furniture.title(w, ws, top, last, msg("changes.title", lang="vi"), attached=False) + 1
    for col, text in enumerate(CHANGES_COLUMNS):
        ws.write_string(top, col, text, w.head_fmt())
    ws.set_row(top, header_height(CHANGES_COLUMNS, CHANGES_WIDTHS))
    labels = {p.code: p.label for p in w.defn.periods}
    row = top + 1
    cell = w.fmt(border=1, font_size=10, text_wrap=True)
    for old, new in result.replaced:
        changes = diff(w.defn, old, new)
        if not changes:
            ws.write_row(row, 0, [new.unit, old.file, new.file, msg("diff.none", lang="vi")], cell)
            row += 1
        for change in changes:
            ind = w.defn[change.indicator]
            number = w.fmt(border=1, num_format=w.number_format(ind))
            ws.write_row(row, 0, [new.unit, old.file, new.file, ind.label, labels[change.period]], cell)
            ws.set_row(row, max(height(old.file, 30, 10) or 15, height(ind.label, 44, 10) or 15))
            for col, value in ((5, change.old), (6, change.new)):
                ws.write(row, col, "" if value is None else value, number)
            delta = f"{cell_name(row, 6)}-{cell_name(row, 5)}"
            ws.write_formula(row, 7, f'=IF(AND(ISNUMBER({cell_name(row, 5)}),ISNUMBER({cell_name(row, 6)})),'
                             f'{delta},"")', w.fmt(border=1, num_format=w.number_format(ind, signed=True)),
                             _blank(change.delta))
            row += 1
    if not result.replaced:
        ws.merge_range(row, 0, row, last, msg("changes.none", lang="vi"), w.fmt(italic=True))
        row += 1
    furniture.signatures(w, ws, row + 1, last, split=2)
    for col, width in enumerate(CHANGES_WIDTHS):
        ws.set_column(col, col, width)
    ws.freeze_panes(top + 1, 0)
    w.page_setup(ws, portrait=False, repeat=(top, top), columns=None)


def _blank(value):
    return "" if value is None else value
