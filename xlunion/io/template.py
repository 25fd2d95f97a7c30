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
    CODE_COL,
    DATA_FIRST_ROW,
    HEADER_ROW,
    HIDDEN_SHEET,
    META_FIRST_ROW,
    META_SHEET,
    Layout,
    cell_name,
    layout,
    row_numbers,
)
from ..messages import msg
from . import furniture
from .atomic import atomic_path
from .formulas import NOT_APPLICABLE, formula
from .text_fit import height, lines

FONT = "Times New Roman"
POINTS_FORMAT = '+0.0" điểm";-0.0" điểm";0.0" điểm"'
"""A change of a percentage, in points."""
INPUT_FILL = "#FFF2CC"
"""Yellow: the officer types here."""
CONSOLIDATED_FILL = "#DDEBF7"
TARGET_WIDTH = 16  # “≥ 1.000 sáng kiến/năm” on two lines at most
"""Blue: a figure consolidated from the units below (locked: corrected at its source, then consolidated again)."""
HEADER_FILL = "#1F4E78"
LABEL_WIDTH = 46
PERIOD_WIDTH = 9.5
"""Columns sized so that an appendix prints one A4 page wide with its text at 8 points or more."""
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


def _drop_row_files(book) -> None:
    """A constant-memory sheet keeps its rows in a temporary file that xlsxwriter closes and removes
    only when the workbook is written; on a full disk it would stay open and on disk."""
    for sheet in book.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
        if getattr(sheet, "row_data_filename", None):
            Path(sheet.row_data_filename).unlink(missing_ok=True)


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
        self.consolidated = "consolidated_for" in filling.hidden
        """A parent's workbook: its appendix figures are consolidated, not typed."""
        self._formats: dict[tuple, object] = {}
        self.signature_rows: dict[str, tuple[int, int, int]] = {}
        """Each sheet's signature block: first and last row, last column (see furniture)."""
        self.header_split: dict[str, tuple[int, int]] = {}
        """Each sheet's header: the last column of the issuing bodies' part, and of the whole."""

    def write(self, path: Path, created: dt.datetime, extras: Sequence[Callable] = ()) -> None:
        import xlsxwriter

        from .side_sheets import own_sheet, target_sheet

        # Text from a child (a note, a name) is always text: never a formula, a link or a number.
        # xlunion writes its own formulas with write_formula, so nothing is lost by this.
        # A NaN or infinity in a filling is written as Excel's #NUM! / #DIV/0!, which readers report.
        # The workbook's own default font is that of every cell: Excel measures column widths in
        # its digits, and a reader without Calibri (LibreOffice on Linux) would otherwise widen
        # every column and shrink the printed page.
        self.book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                                    "strings_to_numbers": False, "nan_inf_to_errors": True,
                                                    "default_format_properties": {"font_name": FONT,
                                                                                  "font_size": 11}})
        self.book.set_properties({"title": self.defn.title, "author": "xlunion", "created": created,
                                  "comments": f"{self.defn.id} {self.defn.version}"})
        self.book.set_calc_mode("auto")
        self.meta_sheet()
        for sheet in self.defn.sheets:
            self.appendix(sheet)
        own_sheet(self)
        target_sheet(self)
        for extra in extras:
            extra(self)
        self.hidden_sheet()
        try:
            self.book.close()
        finally:
            _drop_row_files(self.book)

    # formats -----------------------------------------------------------------

    def fmt(self, **props) -> object:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
            self._formats[key] = self.book.add_format({**base, **props})
        return self._formats[key]

    def head_fmt(self) -> object:
        return self.fmt(bold=True, font_color="white", bg_color=HEADER_FILL, border=1, align="center", text_wrap=True)

    def number_format(self, ind: Indicator, signed: bool = False) -> str:
        if ind.is_percent:
            core = "0.0%"
        elif ind.value_type == "count" or ind.unit.startswith("đồng"):
            core = "#,##0"
        else:
            core = "#,##0.00" if ind.value_type == "rate" else "#,##0.0"
        return f"+{core};-{core};{core}" if signed else core

    def legend(self) -> str:
        return msg("tpl.legend.consolidated" if self.consolidated else "tpl.legend", lang="vi")

    # Thông tin chung -------------------------------------------------------------

    def meta_sheet(self) -> None:
        ws = self.book.add_worksheet(META_SHEET)
        for col, width in enumerate((6, 30, 44, 30)):
            ws.set_column(col, col, width)
        row = furniture.header(self, ws, 3, split=1)
        row = furniture.title(self, ws, row, 3, self.defn.title.upper(), attached=False)
        ws.merge_range(row, 0, row, 3, self.defn.term.name, self.fmt(italic=True, align="center"))
        for col, text in enumerate(("STT", "Thông tin", "Nội dung", "Hướng dẫn")):
            ws.write_string(META_FIRST_ROW - 2, col, text, self.head_fmt())
        for i, field_ in enumerate(self.defn.meta):
            row = self.lay.meta_rows[field_.code]
            ws.write_number(row, 0, i + 1, self.fmt(border=1, align="center"))
            label = field_.label + (" (*)" if field_.required else "")
            ws.write_string(row, 1, label, self.fmt(border=1, bold=field_.required, text_wrap=True))
            self.meta_value(ws, row, field_)
            hint = self.meta_hint(field_)
            ws.write_string(row, 3, hint, self.fmt(border=1, italic=True, font_size=10, text_wrap=True))
            value = self.meta_text(field_)
            needed = max(height(label, 30, bold=field_.required) or 15, height(hint, 30, 10, italic=True) or 15,
                         height(value, 44) or 15)
            if needed > 15:
                ws.set_row(row, needed)
        last = META_FIRST_ROW + len(self.defn.meta)
        ws.merge_range(last, 0, last, 3, msg("tpl.required_note", lang="vi") + " " + self.legend(),
                       self.fmt(italic=True, font_size=10, text_wrap=True))
        ws.set_row(last, height(self.legend(), 110, 10) or 15)
        ws.freeze_panes(META_FIRST_ROW - 1, 0)
        self.page_setup(ws, portrait=True, repeat=(META_FIRST_ROW - 2, META_FIRST_ROW - 2))
        self.protect(ws)
        ws.activate()

    def meta_text(self, field_) -> str:
        """What the field's cell shows, as text."""
        if field_.fixed:
            return self.defn.fixed_text(field_.fixed)
        value = self.filling.meta.get(field_.code)
        return "" if value is None or isinstance(value, dt.date) else str(value)

    def meta_value(self, ws, row: int, field_) -> None:
        col = self.lay.meta_col
        if field_.fixed:
            text = self.defn.fixed_text(field_.fixed)
            ws.write_string(row, col, text, self.fmt(border=1, text_wrap=True))
            return
        value = self.filling.meta.get(field_.code)
        font = self.filling.fonts.get(field_.code, FONT)
        props = {"border": 1, "bg_color": INPUT_FILL, "locked": False, "font_name": font, "text_wrap": True}
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
            return msg("tpl.hint.fixed", lang="vi")
        if field_.choices:
            return msg("tpl.hint.choice", lang="vi")
        if field_.type == "date":
            return msg("tpl.hint.date", lang="vi")
        if field_.code.endswith("code"):
            return msg("tpl.hint.code", lang="vi")
        return ""

    # appendix sheets ---------------------------------------------------------------

    def appendix(self, sheet) -> None:
        ws = self.book.add_worksheet(sheet.name)
        cols = self.lay.columns
        widths = [5, LABEL_WIDTH, 8, 9] + [PERIOD_WIDTH] * len(cols.periods) + [10, 9.5, TARGET_WIDTH, 14]
        self.sheet_top(ws, sheet.title, widths)
        self.headers(ws, widths)
        numbers = row_numbers(self.defn, sheet.indicators)
        for code in sheet.indicators:
            self.indicator_row(ws, self.defn[code], numbers[code])
        self.columns(ws, widths)
        furniture.signatures(self, ws, self.lay.rows[sheet.indicators[-1]] + 2, cols.last, split=1)
        ws.freeze_panes(DATA_FIRST_ROW - 1, cols.periods[self.defn.periods[0].code])
        self.page_setup(ws, portrait=False, repeat=(HEADER_ROW - 1, HEADER_ROW))
        self.protect(ws)

    def sheet_top(self, ws, title: str, widths: list[float], note: str | None = None) -> None:
        """Rows above a table's headers: the furniture, the title, the attachment line, the legend."""
        last_col = len(widths) - 1
        row = furniture.header(self, ws, last_col, split=1)
        row = furniture.title(self, ws, row, last_col, title)
        note = self.legend() if note is None else note
        ws.merge_range(row, 0, row, last_col, note, self.fmt(italic=True, font_size=10, text_wrap=True))
        shown = sum(w for col, w in enumerate(widths) if col != CODE_COL)
        ws.set_row(row, height(note, shown, 10, italic=True))

    def columns(self, ws, widths: list[float]) -> None:
        """Column widths; the indicator codes stay in their column for machines, hidden from people."""
        for col, width in enumerate(widths):
            if col == CODE_COL:
                ws.set_column(col, col, width, None, {"hidden": True})
            else:
                ws.set_column(col, col, width)

    def headers(self, ws, widths: list[float]) -> None:
        cols = self.lay.columns
        titles = ["TT", "Chỉ tiêu", "Mã", "ĐVT", *(p.label for p in self.defn.periods)]
        titles += [self.defn.current.label, "So với đầu nhiệm kỳ", "Chỉ tiêu Nghị quyết", "Ghi chú"]
        notes = {cols.periods[p.code]: f"({p.note})" for p in self.defn.periods if p.note}
        number = 0
        for col, text in enumerate(titles):
            if col in notes:  # the period in bold, what it means in smaller italics under it
                ws.write_rich_string(HEADER_ROW - 1, col, self.head_part(), text, self.head_part(italic=True),
                                     "\n" + notes[col], self.head_fmt())
            else:
                ws.write_string(HEADER_ROW - 1, col, text, self.head_fmt())
            if col != CODE_COL:
                number += 1
            ws.write_string(HEADER_ROW, col, f"({number})" if col != CODE_COL else "",
                            self.fmt(italic=True, align="center", border=1, font_size=10))
        needed = [(height(t, w, bold=True) or 15) + (lines(notes[c], w, 10, italic=True) * 14 if c in notes else 0)
                  for c, (t, w) in enumerate(zip(titles, widths, strict=True))]
        ws.set_row(HEADER_ROW - 1, max(needed))
        assert len(titles) == cols.last + 1

    def head_part(self, italic: bool = False) -> object:
        """A run of a rich heading: the heading's bold white text, or its note in smaller italics."""
        if italic:
            return self.fmt(italic=True, font_color="white", font_size=10)
        return self.fmt(bold=True, font_color="white")

    def indicator_row(self, ws, ind: Indicator, number: str) -> None:
        row = self.lay.rows[ind.code]
        cols = self.lay.columns
        label_fmt = self.fmt(border=1, text_wrap=True, indent=ind.level, italic=ind.level > 0,
                             bold=ind.level == 0 and ind.computed)
        ws.write_string(row, 0, number, self.fmt(border=1, align="center"))
        ws.write_string(row, 1, ind.label, label_fmt)
        ws.write_string(row, CODE_COL, ind.code, self.fmt(border=1, font_size=8))
        ws.write_string(row, 3, ind.unit, self.fmt(border=1, align="center", text_wrap=True))
        for p in self.defn.periods:
            self.value_cell(ws, ind, p.code, row, cols.periods[p.code])
        self.value_cell(ws, ind, self.defn.current.code, row, cols.current)
        self.value_cell(ws, ind, CHANGE, row, cols.change)
        target = self.target_text(ind)
        ws.write_string(row, cols.target, target, self.fmt(border=1, align="center", text_wrap=True, font_size=10))
        note = self.filling.notes.get(ind.code)
        note_fmt = self.fmt(border=1, locked=False, text_wrap=True, font_size=10)
        ws.write_string(row, cols.note, note, note_fmt) if note else ws.write_blank(row, cols.note, None, note_fmt)
        needed = [height(ind.label, LABEL_WIDTH, indent=ind.level, italic=ind.level > 0,
                         bold=ind.level == 0 and ind.computed),
                  height(target, TARGET_WIDTH, 10), height(ind.unit, 9), height(note or "", 14, 10)]
        if any(needed):
            ws.set_row(row, max(h or 15 for h in needed))

    def target_text(self, ind: Indicator) -> str:
        """The target this unit is judged against, if any (an ancestor's count target it only
        contributes to is not shown as its own)."""
        from ..targets import target_text

        applied = self.filling.applied.get(ind.code)
        return target_text(ind, applied.target, "vi") if applied is not None and applied.judged else ""

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
            ws.write_formula(row, col, text, self.fmt(border=1, num_format=num_fmt), "" if cached is None else cached)
            return
        value = self.filling.values.get((ind.code, column))
        if self.consolidated:  # a parent's figure: consolidated, locked, styled apart from what is typed
            cell = self.fmt(border=1, bg_color=CONSOLIDATED_FILL, num_format=num_fmt)
        else:
            cell = self.fmt(border=1, bg_color=INPUT_FILL, locked=False, num_format=num_fmt)
        if value is None or value == "":
            ws.write_blank(row, col, None, cell)
        elif isinstance(value, str):
            ws.write_string(row, col, value, cell)  # text where a number belongs: kept as typed
        else:
            ws.write_number(row, col, value, cell)
        if not self.consolidated:
            self.input_validation(ws, ind, row, col)

    def not_applicable(self, ws, row: int, col: int) -> None:
        """A cell with no figure at all (a flow at the start of the term): “x”, as on paper forms."""
        ws.write_string(row, col, "x", self.fmt(border=1, align="center"))

    def input_validation(self, ws, ind: Indicator, row: int, col: int) -> None:
        kind = "count" if ind.integer else "amount"
        required = "required" if ind.required and "co_so" in ind.levels else "optional"
        options = {
            "validate": "integer" if ind.integer else "decimal",
            "criteria": ">=", "value": 0,
            "input_title": msg(f"tpl.{kind}.title", lang="vi"),
            "input_message": msg(f"tpl.{kind}.input", lang="vi", label=ind.label[:150], unit=ind.unit,
                                 need=msg(f"tpl.{required}", lang="vi")),
            "error_title": msg("tpl.bad.title", lang="vi"),
            "error_message": msg(f"tpl.{kind}.error", lang="vi"),
        }
        if ind.maximum is not None:
            options.update(criteria="between", minimum=ind.minimum or 0, maximum=ind.maximum)
            del options["value"]
        ws.data_validation(row, col, row, col, options)

    # common ---------------------------------------------------------------------------

    def page_setup(self, ws, portrait: bool, repeat: tuple[int, int] | None,
                   columns: tuple[int, int] | None = (0, 1),
                   fit: bool = True) -> None:
        """A4, one page wide (as many tall as needed), the header rows and the label column on every page,
        page numbers in the footer."""
        ws.set_paper(9)  # A4
        ws.set_portrait() if portrait else ws.set_landscape()
        if fit:
            ws.fit_to_pages(1, 0)
        if repeat is not None:
            ws.repeat_rows(*repeat)
        furniture.fit_header(self, ws)
        furniture.keep_signatures_together(self, ws, portrait, fit, repeat)
        if columns is not None and not portrait:
            ws.repeat_columns(*columns)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer(f"&L&\"{FONT}\"&10{self.defn.short} {self.defn.version}&C&\"{FONT}\"&10Trang &P/&N"
                      f"&R&\"{FONT}\"&10&A")

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
