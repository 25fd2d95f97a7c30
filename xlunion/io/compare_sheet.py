"""The “So sánh đầu nhiệm kỳ – hiện tại” sheet: live formulas over the data sheets, with the
values ``xlunion.core.compare`` computes cached, status colours and native charts.

Part I compares every indicator with the start of the term and the previous term; part II
judges the unit against the targets that apply to it, naming the resolution each comes from.
"""

from __future__ import annotations

import datetime as dt

from ..core.calendar import default_cutoff, elapsed, term_years
from ..core.compare import (
    DONE,
    EXCEED_MARGIN,
    EXCEEDED,
    FAILED,
    LIKELY,
    MET,
    NOT_MET,
    UNLIKELY,
    Judgement,
    Row,
    compare,
    judge_all,
    partial,
)
from ..core.consolidate import FILLED
from ..core.derive import CHANGE, POINTS
from ..definition import Definition, Indicator
from ..layout import cell_name, col_letter, quote_sheet
from ..messages import msg, vn_number
from .template import congress_of

COMPARE_SHEET = "So sánh đầu nhiệm kỳ – hiện tại"
FIRST_ROW = 7  # 0-based row of the first indicator of part I
GREEN, AMBER, RED = "#C6EFCE", "#FFEB9C", "#FFC7CE"
TINY = "0.000000001"  # rounding slack of a comparison, as core.compare allows


def _num(x: float) -> str:
    return format(x, ".17g")


def _is(ref: str) -> str:
    return f'IF(ISNUMBER({ref}),{ref},"")'


def _gap(ind: Indicator, target, x: str, threshold: float) -> str:
    """An expression that is negative when ``x`` falls short of ``threshold`` (core.compare.gap_of)."""
    t = _num(threshold)
    gap = f"({x}-{t})" if ind.is_percent or not threshold else f"({x}/{t}-1)"
    return f"(-{gap})" if target.op == "<=" else gap


class _Columns:
    """Part I: TT | Chỉ tiêu | ĐVT | each period | Hiện tại | Δ | Δ% | Bình quân năm | So với NK trước.
    Part II uses the same columns: target text and its source each span two period columns."""

    def __init__(self, defn: Definition):
        self.period = {p.code: 3 + i for i, p in enumerate(defn.periods)}
        base = 3 + len(defn.periods)
        self.current, self.change, self.change_pct, self.yearly, self.vs_previous = range(base, base + 5)
        self.last = self.vs_previous
        first = 3
        self.target_text, self.source = (first, first + 1), (first + 2, first + 3)
        self.actual, self.threshold, self.reached, self.status, self.projected, self.outlook = (
            first + 4, first + 5, first + 6, first + 7, first + 8, first + 9)
        assert self.outlook <= self.last


class _Untargeted:
    """A rate with no target that applies, charted start against now."""

    def __init__(self, indicator: Indicator):
        self.indicator, self.reached = indicator, None


def comparison_sheet(writer) -> None:
    """Add the comparison sheet to a workbook being written by ``io.template``."""
    _Sheet(writer).write()


class _Sheet:
    def __init__(self, writer):
        self.w, self.defn, self.lay = writer, writer.defn, writer.lay
        self.cols = _Columns(self.defn)
        meta = writer.filling.meta
        self.cutoff = meta.get("cutoff") if isinstance(meta.get("cutoff"), dt.date) else default_cutoff(self.defn)
        if isinstance(self.cutoff, dt.datetime):
            self.cutoff = self.cutoff.date()
        applied = writer.filling.applied
        own = [a for a in applied.values() if a.role in ("own", "inherited")]
        self.start = congress_of(meta) or (own[0].start if own else self.defn.term.start)
        self.elapsed = elapsed(self.defn, self.start, self.cutoff)
        self.completeness = {k[len(FILLED):]: tuple(map(int, v.split("/"))) for k, v in writer.filling.hidden.items()
                             if k.startswith(FILLED) and v.count("/") == 1 and v.replace("/", "").isdigit()}
        self.rows = compare(self.defn, writer.values, self.completeness, self.start, self.cutoff)
        self.judgements = judge_all(self.defn, writer.values, applied, self.cutoff)
        self.row_of: dict[str, int] = {}

    def write(self) -> None:
        ws = self.ws = self.w.book.add_worksheet(COMPARE_SHEET)
        self.heading()
        self.part_one()
        top = FIRST_ROW + len(self.rows) + 2
        end = self.part_two(top)
        self.charts(end + 2)
        widths = [4, 46, 9] + [10] * len(self.defn.periods) + [11, 10, 9, 10, 14]
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.freeze_panes(FIRST_ROW, 3)
        self.w.page_setup(ws, portrait=False, repeat=(FIRST_ROW - 1, FIRST_ROW - 1))

    # heading ---------------------------------------------------------------------------

    def heading(self) -> None:
        ws, w, last = self.ws, self.w, self.cols.last
        ws.merge_range(0, 0, 0, last, msg("cmp.title", lang="vi"), w.fmt(bold=True, font_size=13))
        unit = w.filling.meta.get("unit_name") or ""
        ws.merge_range(1, 0, 1, last, msg("cmp.unit_line", lang="vi", unit=unit, term=self.defn.term.name,
                                          start=f"{self.start:%d/%m/%Y}", cutoff=f"{self.cutoff:%d/%m/%Y}",
                                          elapsed=vn_number(self.elapsed, 0 if self.elapsed.is_integer() else 1),
                                          years=vn_number(term_years(self.defn))), w.fmt(italic=True))
        ws.merge_range(2, 0, 2, last, self.resolutions_line(), w.fmt(italic=True, text_wrap=True))
        ws.set_row(2, 30)
        ws.merge_range(3, 0, 3, last, self.notes_line(), w.fmt(italic=True, font_size=9, text_wrap=True))
        ws.set_row(3, 30)

    def resolutions_line(self) -> str:
        judged = [j.applied for j in self.judgements if j.applied.judged]
        names = sorted({a.resolution for a in judged if a.role in ("own", "inherited")})
        above = sorted({f"{a.resolution} ({a.holder_name or a.holder})" for a in judged if a.role == "assigned"})
        parts = []
        if names:
            parts.append(msg("cmp.own_resolution", lang="vi", names="; ".join(names)))
        if above:
            parts.append(msg("cmp.assigned_resolution", lang="vi", names="; ".join(above)))
        if any(not j.applied.judged for j in self.judgements):
            parts.append(msg("cmp.contributions", lang="vi"))
        return " ".join(parts) if parts else msg("cmp.no_targets", lang="vi")

    def notes_line(self) -> str:
        notes = [msg("cmp.rules", lang="vi")]
        for p in self.defn.periods:
            if partial(self.completeness, p.code):
                filled, units = self.completeness[p.code]
                notes.append(msg("cmp.partial", lang="vi", period=p.label, filled=filled, units=units))
        return " ".join(notes)

    # part I ----------------------------------------------------------------------------

    def part_one(self) -> None:
        ws, w, cols = self.ws, self.w, self.cols
        ws.merge_range(FIRST_ROW - 2, 0, FIRST_ROW - 2, cols.last, msg("cmp.part_one", lang="vi"),
                       w.fmt(bold=True))
        names = ["TT", "Chỉ tiêu", "ĐVT", *(self.period_head(p) for p in self.defn.periods), "Hiện tại / Lũy kế",
                 "So với đầu NK", "So với đầu NK (%)", "Bình quân năm", "So với NK trước"]
        head = w.fmt(bold=True, font_color="white", bg_color="#1F4E78", border=1, align="center", text_wrap=True)
        for col, name in enumerate(names):
            ws.write_string(FIRST_ROW - 1, col, name, head)
        ws.set_row(FIRST_ROW - 1, 45)
        for i, row in enumerate(self.rows):
            self.row_of[row.indicator.code] = FIRST_ROW + i
            self.indicator_row(FIRST_ROW + i, i, row)

    def period_head(self, period) -> str:
        if partial(self.completeness, period.code):
            filled, units = self.completeness[period.code]
            return f"{period.label} ({filled}/{units} đơn vị)"
        return period.label

    def ref(self, code: str, column: str) -> str:
        return self.lay.ref(code, column, COMPARE_SHEET)

    def here(self, row: int, col: int) -> str:
        return cell_name(row, col)

    def label_cells(self, r: int, number: int, ind: Indicator) -> None:
        ws, w = self.ws, self.w
        ws.write_number(r, 0, number, w.fmt(border=1, align="center"))
        ws.write_string(r, 1, ind.label, w.fmt(border=1, text_wrap=True, indent=ind.level, italic=ind.level > 0))
        ws.write_string(r, 2, ind.unit, w.fmt(border=1, align="center"))

    def indicator_row(self, r: int, i: int, row: Row) -> None:
        ind, cols, w = row.indicator, self.cols, self.w
        self.label_cells(r, i + 1, ind)
        number = w.fmt(border=1, num_format=w.number_format(ind))
        points = w.fmt(border=1, num_format='+0.0" điểm";-0.0" điểm";0.0" điểm"')
        relative = w.fmt(border=1, num_format="+0.0%;-0.0%;0.0%")
        blank = w.fmt(border=1)
        for code, col in cols.period.items():
            self.formula(r, col, _is(self.ref(ind.code, code)), w.values[ind.code, code], number)
        self.formula(r, cols.current, _is(self.ref(ind.code, self.defn.current.code)), row.current, number)
        current = self.here(r, cols.current)
        if ind.kind == "flow":
            self.ws.write_blank(r, cols.change, None, blank)
            self.ws.write_blank(r, cols.change_pct, None, blank)
            self.formula(r, cols.yearly, f'IF(ISNUMBER({current}),{current}/{_num(self.elapsed)},"")', row.yearly,
                         w.fmt(border=1, num_format="#,##0.0"))
        else:
            change_fmt = points if ind.is_percent else w.fmt(border=1, num_format=w.number_format(ind, signed=True))
            self.formula(r, cols.change, _is(self.ref(ind.code, CHANGE)), row.change, change_fmt)
            if ind.is_percent:
                self.ws.write_blank(r, cols.change_pct, None, blank)
            else:
                change, base = self.here(r, cols.change), self.here(r, cols.period[self.defn.baseline.code])
                self.formula(r, cols.change_pct,
                             f'IF(AND(ISNUMBER({change}),ISNUMBER({base}),{base}<>0),{change}/{base},"")',
                             row.change_pct, relative)
            self.ws.write_blank(r, cols.yearly, None, blank)
        self.previous_cell(r, row, points, relative)

    def previous_cell(self, r: int, row: Row, points, relative) -> None:
        """Against the previous term, when its column stands for every unit."""
        first = self.defn.periods[0]
        if first.role != "previous" or partial(self.completeness, first.code):
            self.ws.write_blank(r, self.cols.vs_previous, None, self.w.fmt(border=1))
            return
        now, before = self.here(r, self.cols.current), self.here(r, self.cols.period[first.code])
        known = f"ISNUMBER({now}),ISNUMBER({before})"
        if row.indicator.is_percent:
            text, fmt = f'IF(AND({known}),({now}-{before})*{POINTS},"")', points
        else:
            text, fmt = f'IF(AND({known},{before}<>0),{now}/{before}-1,"")', relative
        self.formula(r, self.cols.vs_previous, text, row.vs_previous, fmt)

    def formula(self, r: int, col: int, text: str, cached, fmt) -> None:
        self.ws.write_formula(r, col, "=" + text, fmt, "" if cached is None else cached)

    # part II ---------------------------------------------------------------------------

    def part_two(self, top: int) -> int:
        ws, w, cols = self.ws, self.w, self.cols
        ws.merge_range(top, 0, top, cols.last, msg("cmp.part_two", lang="vi"), w.fmt(bold=True))
        head = w.fmt(bold=True, font_color="white", bg_color="#1F4E78", border=1, align="center", text_wrap=True)
        r = top + 1
        for col, name in ((0, "TT"), (1, "Chỉ tiêu"), (2, "ĐVT"), (cols.actual, "Thực hiện"),
                          (cols.threshold, "Mức chỉ tiêu đến nay"), (cols.reached, "% đạt"),
                          (cols.status, "Đánh giá"), (cols.projected, "Dự báo đến hạn"),
                          (cols.outlook, "Triển vọng hoàn thành")):
            ws.write_string(r, col, name, head)
        ws.merge_range(r, *cols.target_text[:1], r, cols.target_text[1], "Chỉ tiêu Nghị quyết", head)
        ws.merge_range(r, *cols.source[:1], r, cols.source[1], "Áp dụng theo", head)
        ws.set_row(r, 45)
        self.first_judgement = r + 1
        if not self.judgements:
            ws.merge_range(r + 1, 0, r + 1, cols.last, msg("cmp.no_targets", lang="vi"), w.fmt(italic=True))
            return r + 1
        for k, j in enumerate(self.judgements):
            self.judgement_row(r + 1 + k, k, j)
        last = r + len(self.judgements)
        self.colours(r + 1, last)
        return last

    def judgement_row(self, r: int, k: int, j: Judgement) -> None:
        from ..targets import target_text

        ind, cols, w, ws = j.indicator, self.cols, self.w, self.ws
        target, applied = j.applied.target, j.applied
        self.label_cells(r, k + 1, ind)
        wrap = w.fmt(border=1, text_wrap=True, font_size=9, valign="vcenter")
        ws.merge_range(r, cols.target_text[0], r, cols.target_text[1], target_text(ind, target, "vi"),
                       w.fmt(border=1, text_wrap=True, align="center"))
        role = msg(f"tgt.role.{applied.role}", lang="vi", holder=applied.holder_name or applied.holder)
        ws.merge_range(r, cols.source[0], r, cols.source[1], role if not applied.judged else
                       f"{role}: {applied.resolution}", wrap)
        ws.set_row(r, 48)
        number = w.fmt(border=1, num_format=w.number_format(ind))
        source = self.row_of[ind.code]
        column = cols.period[self.defn.years[-1].code] if target.basis == "each_year" else cols.current
        self.formula(r, cols.actual, _is(self.here(source, column)), j.actual, number)
        ws.write_number(r, cols.threshold, j.threshold, number)
        actual, threshold = self.here(r, cols.actual), self.here(r, cols.threshold)
        self.formula(r, cols.reached, f'IF(AND(ISNUMBER({actual}),{threshold}<>0),{actual}/{threshold},"")',
                     j.reached, w.fmt(border=1, num_format="0.0%"))
        if not applied.judged:
            for col in (cols.status, cols.projected, cols.outlook):
                ws.write_blank(r, col, None, w.fmt(border=1))
            return
        self.formula(r, cols.status, self.status_formula(ind, target, actual, j.threshold), j.status,
                     w.fmt(border=1, align="center", bold=True))
        self.formula(r, cols.projected, self.projection_formula(ind, target, source, j), j.projected, number)
        self.formula(r, cols.outlook, self.outlook_formula(ind, target, r, j), j.outlook, wrap)

    def status_formula(self, ind: Indicator, target, x: str, threshold: float) -> str:
        gap = _gap(ind, target, x, threshold)
        exceeded = f'IF({gap}>{_num(EXCEED_MARGIN)},"{EXCEEDED}","{MET}")' if target.exceed else f'"{MET}"'
        return f'IF(NOT(ISNUMBER({x})),"",IF({gap}<-{TINY},"{NOT_MET}",{exceeded}))'

    def projection_formula(self, ind: Indicator, target, source: int, j: Judgement) -> str:
        if target.basis in ("per_year", "term"):
            current = self.here(source, self.cols.current)
            if not j.elapsed:
                return '""'
            return f'IF(ISNUMBER({current}),{current}/{_num(j.elapsed)}*{_num(term_years(self.defn))},"")'
        years = [self.here(source, self.cols.period[y.code]) for y in self.defn.years]
        known = f"AND({','.join(f'ISNUMBER({y})' for y in years)})"
        ahead = max(j.deadline - self.defn.years[-1].year, 0)
        slope = f"({years[-1]}-{years[0]})/{max(len(years) - 1, 1)}"
        value = f"{years[-1]}+{slope}*{ahead}"
        value = f"MIN(MAX({value},0),1)" if ind.is_percent else f"MAX({value},0)"
        return f'IF({known},{value},"")'

    def outlook_formula(self, ind: Indicator, target, r: int, j: Judgement) -> str:
        cols = self.cols
        actual, status, projected = (self.here(r, c) for c in (cols.actual, cols.status, cols.projected))
        judged = (f'IF(NOT(ISNUMBER({projected})),"",IF({_gap(ind, target, projected, j.goal)}<-{TINY},'
                  f'"{UNLIKELY}","{LIKELY}"))')
        if target.basis in ("per_year", "term"):
            judged = f'IF({_gap(ind, target, actual, j.goal)}>=-{TINY},"{DONE}",{judged})'
        elif target.basis == "level" and self.cutoff >= dt.date(j.deadline, 12, 31):
            judged = f'IF(OR({status}="{MET}",{status}="{EXCEEDED}"),"{DONE}","{FAILED}")'
        return f'IF(NOT(ISNUMBER({actual})),"",{judged})'

    def colours(self, first: int, last: int) -> None:
        status, outlook = col_letter(self.cols.status), col_letter(self.cols.outlook)
        area = f"{status}{first + 1}:{status}{last + 1}"
        top = f"${status}{first + 1}"
        rules = [
            (f'OR({top}="{MET}",{top}="{EXCEEDED}")', GREEN),
            (f'AND({top}="{NOT_MET}",${outlook}{first + 1}="{LIKELY}")', AMBER),
            (f'{top}="{NOT_MET}"', RED),
        ]
        for criteria, colour in rules:
            self.ws.conditional_format(area, {"type": "formula", "criteria": "=" + criteria,
                                              "format": self.w.book.add_format({"bg_color": colour}),
                                              "stop_if_true": True})

    # charts ----------------------------------------------------------------------------

    def charts(self, top: int) -> None:
        """A small data block the charts read (contiguous ranges), then the two charts."""
        judged = [(k, j) for k, j in enumerate(self.judgements) if j.applied.judged]
        percents = [(k, j) for k, j in judged if j.indicator.is_percent]
        ordered = percents + [t for t in judged if not t[1].indicator.is_percent]  # % first: one range
        if not ordered:  # no target applies: the rates alone, start of the term against now
            rates = [r for r in self.rows if r.indicator.kind == "ratio" and r.indicator.is_percent
                     and r.indicator.target]
            ordered = percents = [(None, _Untargeted(r.indicator)) for r in rates]
        ws, w = self.ws, self.w
        ws.write_string(top, 1, "Số liệu cho biểu đồ", w.fmt(bold=True))
        for col, text in enumerate(("Chỉ tiêu", "Đầu nhiệm kỳ", "Hiện tại", "% đạt chỉ tiêu"), start=1):
            ws.write_string(top + 1, col, text, w.fmt(bold=True, border=1))
        base_col = self.cols.period[self.defn.baseline.code]
        start = top + 2
        for n, (k, j) in enumerate(ordered):
            r, src = start + n, self.row_of[j.indicator.code]
            ws.write_string(r, 1, j.indicator.label, w.fmt(border=1, text_wrap=True))
            number = w.fmt(border=1, num_format=w.number_format(j.indicator))
            row = next(x for x in self.rows if x.indicator.code == j.indicator.code)
            self.formula(r, 2, _is(self.here(src, base_col)), row.baseline, number)
            self.formula(r, 3, _is(self.here(src, self.cols.current)), row.current, number)
            if k is not None:
                self.formula(r, 4, _is(self.here(self.first_judgement + k, self.cols.reached)), j.reached,
                             w.fmt(border=1, num_format="0.0%"))
        if not ordered:
            return
        sheet = quote_sheet(COMPARE_SHEET)
        place = start + len(ordered) + 1
        if percents:
            end = start + len(percents) - 1
            column = w.book.add_chart({"type": "column"})
            for col, name in ((2, "Đầu nhiệm kỳ"), (3, "Hiện tại")):
                letter = col_letter(col)
                column.add_series({"name": name, "categories": f"={sheet}!$B${start + 1}:$B${end + 1}",
                                   "values": f"={sheet}!${letter}${start + 1}:${letter}${end + 1}"})
            column.set_title({"name": "Chỉ tiêu tỷ lệ: đầu nhiệm kỳ và hiện tại"})
            column.set_y_axis({"num_format": "0%", "max": 1})
            column.set_size({"width": 760, "height": 340})
            ws.insert_chart(place, 1, column)
            place += 18
        if not judged:
            return
        end = start + len(ordered) - 1
        bars = w.book.add_chart({"type": "bar"})
        bars.add_series({"name": "% đạt chỉ tiêu", "categories": f"={sheet}!$B${start + 1}:$B${end + 1}",
                         "values": f"={sheet}!$E${start + 1}:$E${end + 1}", "data_labels": {"value": True}})
        bars.set_title({"name": "Mức độ đạt chỉ tiêu Nghị quyết"})
        bars.set_x_axis({"num_format": "0%"})
        bars.set_legend({"none": True})
        bars.set_size({"width": 760, "height": 380})
        ws.insert_chart(place, 1, bars)
