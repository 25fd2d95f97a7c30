"""The standard workbook, blank or filled, written with xlsxwriter.

One writer serves the blank template, a unit's pre-filled template and the demo
children: a :class:`Filling` says what is typed in the input cells; every
formula is written with the value ``xlunion.core.derive`` computes, so readers
that do not recalculate still see the right numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core.derive import CHANGE, derive
from ..definition import Definition, Indicator
from ..layout import (
    DATA_FIRST_ROW,
    HEADER_ROW,
    HIDDEN_SHEET,
    META_FIRST_ROW,
    META_SHEET,
    OWN_SHEET,
    TARGET_INPUT_COL,
    TARGET_SHEET,
    Layout,
    cell_name,
    layout,
)
from ..messages import msg
from .atomic import atomic_path
from .formulas import NOT_APPLICABLE, formula, unit_line

FONT = "Times New Roman"
POINTS_FORMAT = '+0.0" điểm";-0.0" điểm";0.0" điểm"'
"""A change of a percentage, in points."""
INPUT_FILL = "#FFF2CC"
FORMULA_FILL = "#EDEDED"
HEADER_FILL = "#1F4E78"
LABEL_WIDTH = 52
PROVENANCE = ("unit", "file", "sha256", "received", "status", "via")
PROVENANCE_COL = 6  # 0-based: column G of the hidden sheet
HIDDEN_MAP_ROW = 40  # 1-based row where the cell map starts; the rows above hold key/value lines


@dataclass
class Filling:
    """What an officer typed: meta fields, figures and notes (all optional)."""

    meta: dict[str, object] = field(default_factory=dict)
    values: dict[tuple[str, str], object] = field(default_factory=dict)
    """(indicator, period) → a number, or text when the officer typed text."""
    notes: dict[str, str] = field(default_factory=dict)
    """Indicator → “Ghi chú”."""
    fonts: dict[str, str] = field(default_factory=dict)
    """Meta field → font name, for text typed in a legacy font such as ``.VnTime``."""
    hidden: dict[str, str] = field(default_factory=dict)
    """Extra key/value lines for the hidden sheet (stamps, consolidation facts)."""
    provenance: list[dict] = field(default_factory=list)
    """Files behind a consolidated workbook's figures, kept in the hidden sheet."""
    own: dict[tuple[str, str], object] = field(default_factory=dict)
    """(indicator, period) → what a union above grassroots did itself (sheet “Số liệu cấp mình”)."""
    targets: dict[str, object] = field(default_factory=dict)
    """Indicator → the unit's own congress target (sheet “Chỉ tiêu”)."""
    applied: dict = field(default_factory=dict)
    """Indicator → the :class:`~xlunion.targets.Applied` target shown beside it (own or assigned)."""


def write_workbook(defn: Definition, path: str | Path, filling: Filling | None = None,
                   created: dt.datetime | None = None, extras: Sequence[Callable] = ()) -> Path:
    """Write the standard workbook for ``defn`` to ``path`` atomically.

    ``extras`` are functions called with the writer after the appendix sheets, to
    add sheets of their own (status, detail, comparison) with the same styles.
    """
    filling = filling or Filling()
    created = created or dt.datetime.combine(defn.term.start, dt.time())
    with atomic_path(path) as tmp:
        _Writer(defn, filling).write(tmp, created, extras)
    return Path(path)


def blank_filling(defn: Definition, unit=None, parent=None, registry=None, targets=()) -> Filling:
    """The meta of a template pre-filled for one unit (codes, names, level), with the targets
    its ancestors' resolutions (``targets``, given the ``registry``) set for it."""
    from ..targets import applicable

    meta: dict[str, object] = {}
    if unit is not None:
        meta.update(unit_code=unit.code, unit_name=unit.name, level=unit.level_label)
    if parent is not None:
        meta.update(parent_code=parent.code, parent_name=parent.name)
    applied = applicable(defn, targets, unit.code, registry) if unit is not None and registry is not None else {}
    return Filling(meta=meta, applied=applied)


KEPT_INFO = ("stamp_", "consolidated_", "filled_")
"""Hidden-sheet lines a rewritten workbook keeps: its receipt, what it consolidates, completeness."""


def filling_of(defn: Definition, sub, registry=None, targets=()) -> Filling:
    """What a read workbook holds, to write it again (with the targets that apply to it)."""
    from ..targets import applicable

    meta = {k: v for k, v in sub.meta.items() if k not in ("report", "period")}
    applied = applicable(defn, targets, sub.unit, registry, sub.targets, str(meta.get("resolution") or ""),
                         congress_of(meta))
    return Filling(meta=meta, values=dict(sub.values), notes=dict(sub.notes), own=dict(sub.own),
                   targets=dict(sub.targets), applied=applied, provenance=list(sub.provenance),
                   hidden={k: v for k, v in sub.info.items() if k.startswith(KEPT_INFO)})


def congress_of(meta) -> dt.date | None:
    """The unit's own congress date, when its workbook gives one."""
    value = meta.get("congress_date")
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


class _Writer:
    def __init__(self, defn: Definition, filling: Filling):
        self.defn = defn
        self.filling = filling
        self.lay: Layout = layout(defn)
        self.values = derive(defn, filling.values)
        self._formats: dict[tuple, object] = {}

    def write(self, path: Path, created: dt.datetime, extras: Sequence[Callable] = ()) -> None:
        import xlsxwriter

        # Text from a child (a note, a name) is always text: never a formula, a link or a number.
        # xlunion writes its own formulas with write_formula, so nothing is lost by this.
        # A NaN or infinity in a filling is written as Excel's #NUM! / #DIV/0!, which readers report.
        self.book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                                    "strings_to_numbers": False, "nan_inf_to_errors": True})
        self.book.set_properties({"title": self.defn.title, "author": "xlunion", "created": created,
                                  "comments": f"{self.defn.id} {self.defn.version}"})
        self.book.set_calc_mode("auto")
        self.meta_sheet()
        for sheet in self.defn.sheets:
            self.appendix(sheet)
        self.own_sheet()
        self.target_sheet()
        for extra in extras:
            extra(self)
        self.hidden_sheet()
        self.book.close()

    # formats -----------------------------------------------------------------

    def fmt(self, **props) -> object:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
            self._formats[key] = self.book.add_format({**base, **props})
        return self._formats[key]

    def number_format(self, ind: Indicator, signed: bool = False) -> str:
        if ind.is_percent:
            core = "0.0%"
        elif ind.value_type == "count" or ind.unit.startswith("đồng"):
            core = "#,##0"
        else:
            core = "#,##0.00" if ind.value_type == "rate" else "#,##0.0"
        return f"+{core};-{core};{core}" if signed else core

    # Thông tin chung -------------------------------------------------------------

    def meta_sheet(self) -> None:
        ws = self.book.add_worksheet(META_SHEET)
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 2, 50)
        ws.set_column(3, 3, 30)
        ws.merge_range(0, 0, 0, 3, self.defn.title, self.fmt(bold=True, font_size=14, text_wrap=True, align="center"))
        ws.set_row(0, 36)
        ws.merge_range(1, 0, 1, 3, self.defn.term.name, self.fmt(italic=True, align="center"))
        head = self.fmt(bold=True, font_color="white", bg_color=HEADER_FILL, border=1, align="center")
        for col, text in enumerate(("STT", "Thông tin", "Nội dung", "Hướng dẫn")):
            ws.write(META_FIRST_ROW - 2, col, text, head)
        for i, field_ in enumerate(self.defn.meta):
            row = self.lay.meta_rows[field_.code]
            ws.write_number(row, 0, i + 1, self.fmt(border=1, align="center"))
            label = field_.label + (" (*)" if field_.required else "")
            ws.write_string(row, 1, label, self.fmt(border=1, bold=field_.required))
            self.meta_value(ws, row, field_)
            ws.write_string(row, 3, self.meta_hint(field_), self.fmt(border=1, italic=True, font_size=9,
                                                                     text_wrap=True))
        last = META_FIRST_ROW + len(self.defn.meta)
        ws.merge_range(last, 0, last, 3, "(*) bắt buộc. " + msg("tpl.formula_note", lang="vi"),
                       self.fmt(italic=True, font_size=9))
        ws.freeze_panes(META_FIRST_ROW - 1, 0)
        self.page_setup(ws, portrait=True, repeat=(META_FIRST_ROW - 2, META_FIRST_ROW - 2))
        self.protect(ws)
        ws.activate()

    def meta_value(self, ws, row: int, field_) -> None:
        col = self.lay.meta_col
        if field_.fixed:
            text = self.defn.title if field_.fixed == "title" else self.defn.term.name
            ws.write_string(row, col, text, self.fmt(border=1, bg_color=FORMULA_FILL, text_wrap=True))
            return
        value = self.filling.meta.get(field_.code)
        font = self.filling.fonts.get(field_.code, FONT)
        props = {"border": 1, "bg_color": INPUT_FILL, "locked": False, "font_name": font}
        if field_.type == "date":
            props["num_format"] = "dd/mm/yyyy"
        cell = self.fmt(**props)
        if value is None or value == "":
            ws.write_blank(row, col, None, cell)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), cell)
        else:
            ws.write(row, col, value, cell)
        self.meta_validation(ws, row, col, field_)

    def meta_validation(self, ws, row: int, col: int, field_) -> None:
        if field_.choices:
            ws.data_validation(row, col, row, col, {
                "validate": "list", "source": list(field_.choices),
                "input_title": msg("tpl.list.title", lang="vi"), "input_message": msg("tpl.list.input", lang="vi"),
                "error_title": msg("tpl.bad.title", lang="vi"), "error_message": msg("tpl.list.error", lang="vi"),
            })
        elif field_.type == "date":
            ws.data_validation(row, col, row, col, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2100, 12, 31),
                "input_title": msg("tpl.date.title", lang="vi"), "input_message": msg("tpl.date.input", lang="vi"),
                "error_title": msg("tpl.bad.title", lang="vi"), "error_message": msg("tpl.date.error", lang="vi"),
            })

    def meta_hint(self, field_) -> str:
        if field_.fixed:
            return "Điền sẵn theo biểu mẫu, không sửa."
        if field_.choices:
            return "Chọn trong danh sách."
        if field_.type == "date":
            return "Ngày/tháng/năm, ví dụ 31/12/2025."
        if field_.code.endswith("code"):
            return "Theo danh mục đơn vị của công đoàn cấp trên."
        return ""

    # appendix sheets ---------------------------------------------------------------

    def appendix(self, sheet) -> None:
        ws = self.book.add_worksheet(sheet.name)
        cols = self.lay.columns
        last_col = cols.last
        ws.merge_range(0, 0, 0, last_col, sheet.title, self.fmt(bold=True, font_size=13, align="left"))
        prefix = msg("tpl.unit_line", lang="vi", name="")
        unit_name = self.filling.meta.get("unit_name") or ""
        ws.merge_range(1, 0, 1, last_col, "", self.fmt(italic=True))
        ws.write_formula(1, 0, unit_line(self.lay, META_SHEET, prefix), self.fmt(italic=True),
                         prefix + str(unit_name))
        ws.merge_range(2, 0, 2, last_col, msg("tpl.formula_note", lang="vi"), self.fmt(italic=True, font_size=9))
        self.headers(ws)
        for code in sheet.indicators:
            self.indicator_row(ws, self.defn[code], sheet.indicators.index(code))
        # about 175 characters: one A4 landscape page wide at ~80 % scale, still readable
        widths = [5, LABEL_WIDTH, 11, 10] + [10.5] * len(cols.periods) + [11, 10, 11, 16]
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.freeze_panes(DATA_FIRST_ROW - 1, cols.periods[self.defn.periods[0].code])
        self.page_setup(ws, portrait=False, repeat=(HEADER_ROW - 1, HEADER_ROW))
        self.protect(ws)

    def headers(self, ws) -> None:
        cols = self.lay.columns
        head = self.fmt(bold=True, font_color="white", bg_color=HEADER_FILL, border=1, align="center", text_wrap=True)
        titles = ["TT", "Chỉ tiêu", "Mã số", "ĐVT"]
        titles += [p.label + (f"\n({p.note})" if p.note else "") for p in self.defn.periods]
        titles += [self.defn.current.label, "So với đầu NK", "Chỉ tiêu NQ", "Ghi chú"]
        for col, text in enumerate(titles):
            ws.write_string(HEADER_ROW - 1, col, text, head)
            ws.write_string(HEADER_ROW, col, f"({col + 1})", self.fmt(italic=True, align="center", border=1,
                                                                       font_size=9))
        ws.set_row(HEADER_ROW - 1, 48)
        assert len(titles) == cols.last + 1

    def indicator_row(self, ws, ind: Indicator, index: int) -> None:
        row = self.lay.rows[ind.code]
        cols = self.lay.columns
        label_fmt = self.fmt(border=1, text_wrap=True, indent=ind.level, italic=ind.level > 0,
                             bold=ind.level == 0 and ind.computed)
        ws.write_string(row, 0, "" if ind.level else str(self._number(ind)), self.fmt(border=1, align="center"))
        ws.write_string(row, 1, ind.label, label_fmt)
        if len(ind.label) + 3 * ind.level > LABEL_WIDTH:
            ws.set_row(row, 30)  # two lines: spreadsheets do not grow rows for wrapped text on their own
        ws.write_string(row, 2, ind.code, self.fmt(border=1, font_size=8, font_color="#595959"))
        ws.write_string(row, 3, ind.unit, self.fmt(border=1, align="center"))
        for p in self.defn.periods:
            self.value_cell(ws, ind, p.code, row, cols.periods[p.code])
        self.value_cell(ws, ind, self.defn.current.code, row, cols.current)
        self.value_cell(ws, ind, CHANGE, row, cols.change)
        ws.write_string(row, cols.target, self.target_text(ind), self.fmt(border=1, align="center", text_wrap=True))
        note = self.filling.notes.get(ind.code)
        note_fmt = self.fmt(border=1, locked=False, text_wrap=True, font_size=9)
        ws.write_string(row, cols.note, note, note_fmt) if note else ws.write_blank(row, cols.note, None, note_fmt)

    def target_text(self, ind: Indicator) -> str:
        """The target this unit is judged against, if any (an ancestor's count target it only
        contributes to is not shown as its own)."""
        from ..targets import target_text

        applied = self.filling.applied.get(ind.code)
        return target_text(ind, applied.target, "vi") if applied is not None and applied.judged else ""

    def _number(self, ind: Indicator) -> int:
        sheet = self.defn.sheet_of(ind.code)
        return sum(1 for c in sheet.indicators[: sheet.indicators.index(ind.code) + 1] if self.defn[c].level == 0)

    def value_cell(self, ws, ind: Indicator, column: str, row: int, col: int) -> None:
        text = formula(self.defn, self.lay, ind, column)
        num_fmt = self.number_format(ind, signed=column == CHANGE)
        if column == CHANGE and ind.is_percent:
            num_fmt = POINTS_FORMAT
        if text == NOT_APPLICABLE:
            self.not_applicable(ws, row, col)
            return
        if text is not None:
            cached = self.values[ind.code, column]
            ws.write_formula(row, col, text, self.fmt(border=1, bg_color=FORMULA_FILL, num_format=num_fmt),
                             "" if cached is None else cached)
            return
        cell = self.fmt(border=1, bg_color=INPUT_FILL, locked=False, num_format=num_fmt)
        value = self.filling.values.get((ind.code, column))
        if value is None or value == "":
            ws.write_blank(row, col, None, cell)
        elif isinstance(value, str):
            ws.write_string(row, col, value, cell)  # text where a number belongs: kept as typed
        else:
            ws.write_number(row, col, value, cell)
        self.input_validation(ws, ind, row, col)

    def not_applicable(self, ws, row: int, col: int) -> None:
        """A cell with no figure at all (a flow at the start of the term): “x”, as on paper forms."""
        ws.write_string(row, col, "x", self.fmt(border=1, bg_color=FORMULA_FILL, align="center"))

    def input_validation(self, ws, ind: Indicator, row: int, col: int) -> None:
        kind = "count" if ind.integer else "amount"
        options = {
            "validate": "integer" if ind.integer else "decimal",
            "criteria": ">=", "value": 0,
            "input_title": msg(f"tpl.{kind}.title", lang="vi"),
            "input_message": msg(f"tpl.{kind}.input", lang="vi", label=ind.label[:150], unit=ind.unit),
            "error_title": msg("tpl.bad.title", lang="vi"),
            "error_message": msg(f"tpl.{kind}.error", lang="vi"),
        }
        if ind.maximum is not None:
            options.update(criteria="between", minimum=ind.minimum or 0, maximum=ind.maximum)
            del options["value"]
        ws.data_validation(row, col, row, col, options)

    # the union's own activities and its own targets ----------------------------------

    def side_sheet(self, name: str, title: str, note: str, titles: list[str], widths: list[float]):
        """A sheet laid out as the appendices are: title, unit line, note, headers from row 4."""
        ws = self.book.add_worksheet(name)
        last = len(titles) - 1
        ws.merge_range(0, 0, 0, last, title, self.fmt(bold=True, font_size=13, align="left"))
        prefix = msg("tpl.unit_line", lang="vi", name="")
        ws.merge_range(1, 0, 1, last, "", self.fmt(italic=True))
        ws.write_formula(1, 0, unit_line(self.lay, META_SHEET, prefix), self.fmt(italic=True),
                         prefix + str(self.filling.meta.get("unit_name") or ""))
        ws.merge_range(2, 0, 2, last, note, self.fmt(italic=True, font_size=9, text_wrap=True))
        ws.set_row(2, 30)
        head = self.fmt(bold=True, font_color="white", bg_color=HEADER_FILL, border=1, align="center", text_wrap=True)
        for col, text in enumerate(titles):
            ws.write_string(HEADER_ROW - 1, col, text, head)
            ws.write_string(HEADER_ROW, col, f"({col + 1})", self.fmt(italic=True, align="center", border=1,
                                                                       font_size=9))
        ws.set_row(HEADER_ROW - 1, 36)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.freeze_panes(DATA_FIRST_ROW - 1, 4)
        self.page_setup(ws, portrait=False, repeat=(HEADER_ROW - 1, HEADER_ROW))
        return ws

    def row_head(self, ws, row: int, number: int, ind: Indicator) -> None:
        ws.write_string(row, 0, str(number), self.fmt(border=1, align="center"))
        ws.write_string(row, 1, ind.label, self.fmt(border=1, text_wrap=True, indent=ind.level, italic=ind.level > 0))
        if len(ind.label) + 3 * ind.level > LABEL_WIDTH:
            ws.set_row(row, 30)
        ws.write_string(row, 2, ind.code, self.fmt(border=1, font_size=8, font_color="#595959"))
        ws.write_string(row, 3, ind.unit, self.fmt(border=1, align="center"))

    def own_sheet(self) -> None:
        """What a union above grassroots does itself: added to its children's figures (or, for a
        non-additive row, standing alone) when it consolidates. A grassroots union leaves it blank."""
        periods = self.defn.periods
        titles = ["TT", "Chỉ tiêu", "Mã số", "ĐVT", *(p.label for p in periods), "Cách tổng hợp", "Phụ lục"]
        ws = self.side_sheet(OWN_SHEET, msg("tpl.own.title", lang="vi"), msg("tpl.own.note", lang="vi"), titles,
                             [5, LABEL_WIDTH, 11, 10, *[10.5] * len(periods), 30, 9])
        cols = self.lay.columns
        for i, (code, row) in enumerate(self.lay.own_rows.items()):
            ind = self.defn[code]
            self.row_head(ws, row, i + 1, ind)
            num = self.fmt(border=1, bg_color=INPUT_FILL, locked=False, num_format=self.number_format(ind))
            for p in periods:
                col = cols.periods[p.code]
                if not ind.applies(p.role):
                    self.not_applicable(ws, row, col)
                    continue
                value = self.filling.own.get((code, p.code))
                ws.write_number(row, col, value, num) if isinstance(value, int | float) else ws.write_blank(
                    row, col, None, num)
                self.input_validation(ws, ind, row, col)
            text = self.fmt(border=1, text_wrap=True, font_size=9)
            ws.write_string(row, cols.periods[periods[-1].code] + 1, msg(f"agg.{ind.aggregate}", lang="vi"), text)
            ws.write_string(row, cols.periods[periods[-1].code] + 2, ind.sheet, self.fmt(border=1, align="center"))
        self.protect(ws)

    def target_sheet(self) -> None:
        """The unit's own congress targets (typed), beside the one that applies to it."""
        titles = ["TT", "Chỉ tiêu", "Mã số", "ĐVT", "Cách tính", "Chỉ tiêu Nghị quyết cấp mình",
                  "Chỉ tiêu áp dụng cho đơn vị", "Theo"]
        ws = self.side_sheet(TARGET_SHEET, msg("tpl.targets.title", lang="vi"), msg("tpl.targets.note", lang="vi"),
                             titles, [5, LABEL_WIDTH, 11, 10, 18, 14, 22, 40])
        for i, (code, row) in enumerate(self.lay.target_rows.items()):
            ind = self.defn[code]
            self.row_head(ws, row, i + 1, ind)
            small = self.fmt(border=1, text_wrap=True, font_size=9)
            ws.write_string(row, 4, msg(f"tgt.basis.{ind.target}", lang="vi"), small)
            cell = self.fmt(border=1, bg_color=INPUT_FILL, locked=False, num_format=self.number_format(ind))
            value = self.filling.targets.get(code)
            if isinstance(value, int | float):
                ws.write_number(row, TARGET_INPUT_COL, value, cell)
            else:
                ws.write_blank(row, TARGET_INPUT_COL, None, cell)
            self.target_validation(ws, ind, row)
            applied = self.filling.applied.get(code)
            shown = self.target_text(ind)
            ws.write_string(row, 6, shown, self.fmt(border=1, align="center", text_wrap=True))
            role = msg(f"tgt.role.{applied.role}", lang="vi", holder=applied.holder_name or applied.holder) \
                if applied is not None else ""
            source = f"{role}: {applied.resolution}" if applied is not None and applied.judged else role
            ws.write_string(row, 7, source, small)
        self.protect(ws)

    def target_validation(self, ws, ind: Indicator, row: int) -> None:
        options = {"validate": "decimal", "criteria": ">=", "value": 0,
                   "input_title": msg("tpl.target.title", lang="vi"),
                   "input_message": msg("tpl.target.input", lang="vi", label=ind.label[:150], unit=ind.unit),
                   "error_title": msg("tpl.bad.title", lang="vi"), "error_message": msg("tpl.amount.error", lang="vi")}
        if ind.is_percent:
            options.update(criteria="between", minimum=0, maximum=1)
            del options["value"]
        ws.data_validation(row, TARGET_INPUT_COL, row, TARGET_INPUT_COL, options)

    # common ---------------------------------------------------------------------------

    def page_setup(self, ws, portrait: bool, repeat: tuple[int, int]) -> None:
        ws.set_paper(9)  # A4
        ws.set_portrait() if portrait else ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(*repeat)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer(f"&L&8{self.defn.short} {self.defn.version}&C&8Trang &P/&N&R&8&A")

    def protect(self, ws) -> None:
        # No password: protection guards the layout against slips, not against the officer.
        ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                        "select_unlocked_cells": True})

    def hidden_sheet(self) -> None:
        ws = self.book.add_worksheet(HIDDEN_SHEET)
        info = [
            ("generator", "xlunion"),
            ("report_id", self.defn.id),
            ("report_version", self.defn.version),
            ("fingerprint", self.defn.fingerprint()),
            ("title", self.defn.title),
            ("xlunion_version", __version__),
            *sorted(self.filling.hidden.items()),
        ]
        for row, (key, value) in enumerate(info):
            ws.write_string(row, 0, key)
            ws.write_string(row, 1, str(value))
        for row, entry in enumerate([dict(zip(PROVENANCE, PROVENANCE, strict=True)), *self.filling.provenance]):
            for col, key in enumerate(PROVENANCE, start=PROVENANCE_COL):
                ws.write_string(row, col, str(entry.get(key, "")))
        start = HIDDEN_MAP_ROW - 1
        for col, text in enumerate(("code", "column", "sheet", "cell")):
            ws.write_string(start, col, text)
        for row, entry in enumerate(self.lay.cell_map(self.defn), start=start + 1):
            for col, text in enumerate(entry):
                ws.write_string(row, col, text)
        ws.hide()


def template_name(defn: Definition, unit_code: str | None = None) -> str:
    stem = Path(defn.source).stem if defn.source else defn.id.lower()
    return f"{stem}_{unit_code}.xlsx" if unit_code else f"{stem}.xlsx"


__all__ = ["Filling", "blank_filling", "cell_name", "template_name", "write_workbook"]
