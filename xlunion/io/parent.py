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
from .compare_sheet import comparison_sheet
from .template import Filling, congress_of, write_workbook

STATUS_SHEET = "Tình hình nộp báo cáo"
DETAIL_SHEET = "Chi tiết đơn vị"
STATUS_FIRST_ROW = 14  # 0-based row of the first status line
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
    if officer:
        meta["officer"] = officer
    meta.setdefault("officer", DEFAULT_OFFICER)
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


DEFAULT_OFFICER = "Tổng hợp tự động (xlunion)"


def write_parent(defn: Definition, registry: Registry, result: Consolidation, path: str | Path,
                 officer: str | None = None, targets=()) -> Path:
    filling = parent_filling(defn, registry, result, officer, targets)
    extras = [lambda w: status_sheet(w, registry, result), lambda w: detail_sheet(w, result, registry),
              lambda w: changes_sheet(w, result), comparison_sheet]
    return write_workbook(defn, path, filling, extras=extras)


def status_sheet(w, registry: Registry, result: Consolidation) -> None:
    ws = w.book.add_worksheet(STATUS_SHEET)
    parent = registry[result.parent]
    ws.merge_range(0, 0, 0, 9, f"Tình hình nộp báo cáo về {parent.name}", w.fmt(bold=True, font_size=13))
    expected = [r for r in result.status if r.unit and registry.units.get(r.unit) and
                registry[r.unit].parent == result.parent and r.status in REPORTED | {"missing", "errors"}]
    children = {r.unit for r in expected}
    reported = {r.unit for r in expected if r.status in REPORTED}
    first, last = STATUS_FIRST_ROW + 1, STATUS_FIRST_ROW + max(len(result.status), 1)
    status_range = f"$D${first}:$D${last}"
    ws.write_string(2, 0, "Đơn vị trực thuộc phải báo cáo", w.fmt(bold=True))
    ws.write_number(2, 3, len(children), w.fmt(bold=True))
    ws.write_string(3, 0, "Đã có số liệu (trực tiếp hoặc qua cấp dưới)", w.fmt())
    ws.write_number(3, 3, len(reported), w.fmt())
    ws.write_string(4, 0, "Tỷ lệ hoàn thành", w.fmt(bold=True))
    ws.write_formula(4, 3, '=IF(D3=0,"",D4/D3)', w.fmt(bold=True, num_format="0.0%"),
                     len(reported) / len(children) if children else "")
    for i, code in enumerate(("valid", "warnings", "late", "errors", "missing", "duplicate", "superseded")):
        label = msg(f"status.{code}", lang="vi")
        ws.write_string(5 + i, 1, label, w.fmt(font_size=10))
        ws.write_formula(5 + i, 3, f'=COUNTIF({status_range},"{label}")', w.fmt(),
                         sum(r.status == code for r in result.status))
    head = w.fmt(bold=True, font_color="white", bg_color="#1F4E78", border=1, text_wrap=True, align="center")
    columns = ["STT", "Mã đơn vị", "Tên đơn vị", "Tình trạng", "Tệp", "Thời gian nhận", "SHA-256", "Số lỗi",
               "Số cảnh báo", "Ghi chú"]
    for col, name in enumerate(columns):
        ws.write_string(STATUS_FIRST_ROW - 1, col, name, head)
    fills = {"valid": "#C6EFCE", "warnings": "#FFEB9C", "late": "#FFEB9C", "errors": "#FFC7CE",
             "missing": "#FFC7CE", "unusable": "#FFC7CE"}
    for i, row in enumerate(result.status):
        r = STATUS_FIRST_ROW + i
        cell = w.fmt(border=1, font_size=9, text_wrap=True)
        ws.write_number(r, 0, i + 1, cell)
        ws.write_string(r, 1, row.unit, cell)
        ws.write_string(r, 2, row.name, cell)
        ws.write_string(r, 3, msg(f"status.{row.status}", lang="vi"),
                        w.fmt(border=1, font_size=9, bg_color=fills.get(row.status, "#FFFFFF")))
        ws.write_string(r, 4, row.file, cell)
        ws.write_string(r, 5, row.received.isoformat(sep=" ", timespec="minutes") if row.received else "", cell)
        ws.write_string(r, 6, row.sha256, w.fmt(border=1, font_size=7))
        ws.write_number(r, 7, row.errors, cell) if row.file else ws.write_blank(r, 7, None, cell)
        ws.write_number(r, 8, row.warnings, cell) if row.file else ws.write_blank(r, 8, None, cell)
        ws.write_string(r, 9, row.note, cell)
    for col, width in enumerate((5, 10, 36, 20, 34, 15, 22, 7, 9, 30)):
        ws.set_column(col, col, width)
    ws.freeze_panes(STATUS_FIRST_ROW, 3)
    w.page_setup(ws, portrait=False, repeat=(STATUS_FIRST_ROW - 1, STATUS_FIRST_ROW - 1))


DETAIL_FIRST_ROW = 5  # 0-based: code, label, totals above; one row per unit from here
DETAIL_MAX_UNITS = 5000
"""Beyond this many units a sheet of every figure (~450 a unit) is past what Excel handles well
and what a workbook should hold; the sheet then says so, and ``--facts`` has them all."""


def detail_sheet(w, result: Consolidation, registry: Registry | None = None) -> None:
    """Every figure of every child, one row per unit under the totals they make, then the parent's
    own activities and the shares of units that ended, so that any total can be traced to what
    makes it (and filtered or sorted like any table).

    Written row by row straight to disk (see :func:`_streamed_sheet`): at 5,000 units the sheet
    holds ~2 M figures, which xlsxwriter would otherwise keep in memory (~110 bytes each)."""
    defn = w.defn
    units = sorted(result.detail)
    shown = units[:DETAIL_MAX_UNITS]
    names = {s.unit: str(s.meta.get("unit_name") or s.unit) for s in result.counted}
    rows = [(u, names[u], result.detail[u]) for u in shown] + _other_rows(defn, registry, result)
    columns = [(ind, period) for ind in defn.indicators.values() for period in [*defn.periods, defn.current]]
    first, last = DETAIL_FIRST_ROW, DETAIL_FIRST_ROW + len(rows) - 1
    ws = _streamed_sheet(w.book, DETAIL_SHEET)
    ws.set_column(0, 0, 11)
    ws.set_column(1, 1, 36)
    ws.set_column(2, len(columns) + 1, 12)
    ws.freeze_panes(DETAIL_FIRST_ROW, 2)
    ws.autofilter(3, 0, max(last, 3), len(columns) + 1)
    w.page_setup(ws, portrait=False, repeat=(2, 4))
    _detail_head(w, ws, columns, len(units), len(shown))
    numbers = {ind.code: w.fmt(border=1, num_format=w.number_format(ind)) for ind in defn.indicators.values()}
    for col, (ind, period) in enumerate(columns, start=2):
        figures = [figures.get((ind.code, period.code)) for _u, _n, figures in rows]
        _detail_total(w, ws, col, ind, period, figures, (first, last), complete=len(shown) == len(units))
    plain = w.fmt(border=1)
    for row, (code, name, figures) in enumerate(rows, start=first):
        ws.write_string(row, 0, code, plain)
        ws.write_string(row, 1, name, plain)
        for col, (ind, period) in enumerate(columns, start=2):
            value = figures.get((ind.code, period.code))
            if value is not None:  # a blank stays unwritten: a province's sheet has ~1M cells
                ws.write_number(row, col, value, numbers[ind.code])


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
    """Rows 0–4: title, the note on a cut-off table, codes, labels, and the “Tổng hợp” row's label."""
    ws.write_string(0, 0, "Chi tiết số liệu theo đơn vị", w.fmt(bold=True, font_size=13))
    if units > shown:
        ws.write_string(1, 0, f"Có {units} đơn vị; bảng này ghi {shown} đơn vị đầu (theo mã). Số liệu "
                              f"đầy đủ của mọi đơn vị: xlunion consolidate … --facts (Parquet).", w.fmt(italic=True))
    head = w.fmt(bold=True, font_color="white", bg_color="#1F4E78", border=1, text_wrap=True, align="center")
    small = w.fmt(font_size=8, text_wrap=True, border=1, valign="top")
    ws.write_string(2, 0, "Mã đơn vị", head)
    ws.write_string(2, 1, "Tên đơn vị", head)
    for col, (ind, _period) in enumerate(columns, start=2):
        ws.write_string(2, col, ind.code, head)
    ws.set_row(3, 60)
    ws.write_string(3, 0, "", head)
    ws.write_string(3, 1, "", head)
    for col, (ind, period) in enumerate(columns, start=2):
        ws.write_string(3, col, f"{ind.label} — {period.label}", small)
    ws.write_string(4, 0, "", w.fmt(bold=True, border=1))
    ws.write_string(4, 1, "Tổng hợp", w.fmt(bold=True, border=1))


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


def changes_sheet(w, result: Consolidation) -> None:
    """What each resubmitted workbook changed from the version it replaces."""
    from ..core.diff import diff

    ws = w.book.add_worksheet(CHANGES_SHEET)
    ws.write_string(0, 0, "Thay đổi giữa các lần gửi báo cáo", w.fmt(bold=True, font_size=13))
    head = w.fmt(bold=True, font_color="white", bg_color="#1F4E78", border=1, text_wrap=True, align="center")
    columns = ["Mã đơn vị", "Bản cũ", "Bản mới", "Mã số", "Chỉ tiêu", "Kỳ", "Bản cũ", "Bản mới", "Chênh lệch"]
    for col, text in enumerate(columns):
        ws.write_string(2, col, text, head)
    labels = {p.code: p.label for p in w.defn.periods}
    row = 3
    for old, new in result.replaced:
        changes = diff(w.defn, old, new)
        if not changes:
            ws.write_row(row, 0, [new.unit, old.file, new.file, "", msg("diff.none", lang="vi")], w.fmt(border=1))
            row += 1
        for change in changes:
            ind = w.defn[change.indicator]
            number = w.fmt(border=1, num_format=w.number_format(ind))
            ws.write_row(row, 0, [new.unit, old.file, new.file, ind.code, ind.label, labels[change.period]],
                         w.fmt(border=1, font_size=9))
            for col, value in ((6, change.old), (7, change.new)):
                ws.write(row, col, "" if value is None else value, number)
            delta = f"{cell_name(row, 7)}-{cell_name(row, 6)}"
            ws.write_formula(row, 8, f'=IF(AND(ISNUMBER({cell_name(row, 6)}),ISNUMBER({cell_name(row, 7)})),'
                             f'{delta},"")', w.fmt(border=1, num_format=w.number_format(ind, signed=True)),
                             _blank(change.delta))
            row += 1
    if not result.replaced:
        ws.write_string(3, 0, "Không có đơn vị nào gửi lại báo cáo.", w.fmt(italic=True))
    for col, width in enumerate((10, 30, 30, 12, 44, 12, 11, 11, 11)):
        ws.set_column(col, col, width)
    ws.freeze_panes(3, 0)
    w.page_setup(ws, portrait=False, repeat=(2, 2))


def _blank(value):
    return "" if value is None else value
