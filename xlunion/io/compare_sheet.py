"""The comparison, on two printable sheets with live formulas over the data sheets, the values
``xlunion.core.compare`` computes cached, status colours and native charts.

“So sánh đầu nhiệm kỳ – hiện tại” compares every indicator with the start of the term and the
previous term; “Thực hiện chỉ tiêu Nghị quyết” judges the unit against the targets that apply to it,
naming the resolution each comes from, with the charts.
"""

from __future__ import annotations

import datetime as dt

from ..core.calendar import term_years
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
    partial,
    review,
)
from ..core.derive import CHANGE, POINTS
from ..definition import Definition, Indicator
from ..layout import cell_name, col_letter, quote_sheet, row_numbers
from ..messages import msg, vn_number
from . import furniture
from .template import FONT
from .text_fit import header_height, height

COMPARE_SHEET = "So sánh đầu nhiệm kỳ – hiện tại"
RESULTS_SHEET = "Thực hiện chỉ tiêu Nghị quyết"
CHARTS_SHEET = "Biểu đồ chỉ tiêu"
CHART_FONT = {"name": FONT, "size": 10}
CHART_COLUMNS = (5, 80, 15, 15, 15)
CHART_WIDTH = 860  # pixels: the columns above, about a landscape A4 page at 100 %
PAGE_PIXELS = 680  # pixels: the height a landscape A4 page prints at 100 %
FIRST_ROW = 8  # 0-based row of the first indicator on the comparison sheet
RESULTS_FIRST_ROW = 9  # 0-based row of the first target on the results sheet
GREEN, AMBER, RED = "#C6EFCE", "#FFEB9C", "#FFC7CE"
TINY = "0.000000001"  # rounding slack of a comparison, as core.compare allows
POINTS_FORMAT = '+0.0" điểm";-0.0" điểm";0.0" điểm"'


def _chart_height(count: int, bars: int) -> int:
    """Pixels: a title and a legend, then a line per indicator (its bars and its name on up to two
    lines), within the ~680 pixels of a landscape A4 page."""
    line = 14 + 12 * bars
    return 90 + count * max(16, min(line, (PAGE_PIXELS - 90) // max(count, 1)))


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
    """The comparison: TT | Chỉ tiêu | ĐVT | each period | Hiện tại | Δ | Δ% | Bình quân năm | So với NK trước."""

    def __init__(self, defn: Definition):
        self.period = {p.code: 3 + i for i, p in enumerate(defn.periods)}
        base = 3 + len(defn.periods)
        self.current, self.change, self.change_pct, self.yearly, self.vs_previous = range(base, base + 5)
        self.last = self.vs_previous
        self.widths = [7, 44, 9] + [9.5] * len(defn.periods) + [10, 10, 9, 10, 11]  # TT: “2.1.1.1”


class _Results:
    """The targets: TT | Chỉ tiêu | ĐVT | Chỉ tiêu NQ | Áp dụng theo | Thực hiện | Mức đến nay | % đạt |
    Đánh giá | Dự báo đến hạn | Triển vọng."""

    (number, label, unit, target_text, source, actual, threshold, reached, status, projected,
     outlook) = range(11)
    last = outlook
    widths = [5, 38, 9, 18, 24, 11, 11, 8, 10, 11, 14]
    names = ["TT", "Chỉ tiêu", "ĐVT", "Chỉ tiêu Nghị quyết", "Áp dụng theo", "Thực hiện",
             "Mức chỉ tiêu phải đạt đến nay", "% đạt", "Đánh giá", "Dự báo đến thời hạn", "Triển vọng hoàn thành"]


def comparison_sheet(writer) -> None:
    """Add the comparison and the targets' results to a workbook being written by ``io.template``."""
    sheets = _Comparison(writer)
    sheets.write_comparison()
    sheets.write_results()
    sheets.charts()


class _Untargeted:
    """A rate with no target that applies, charted start against now."""

    def __init__(self, indicator: Indicator):
        self.indicator, self.reached = indicator, None


class _Comparison:
    def __init__(self, writer):
        self.w, self.defn, self.lay = writer, writer.defn, writer.lay
        self.cols = _Columns(self.defn)
        seen = review(self.defn, writer.values, writer.filling.meta, writer.filling.hidden, writer.filling.applied)
        self.start, self.cutoff, self.elapsed = seen.start, seen.cutoff, seen.elapsed
        self.completeness, self.rows, self.judgements = seen.completeness, seen.rows, seen.judgements
        self.row_of: dict[str, int] = {}

    def formula(self, ws, r: int, col: int, text: str, cached, fmt) -> None:
        ws.write_formula(r, col, "=" + text, fmt, "" if cached is None else cached)

    def heading(self, ws, last: int, title: str, lines: list[str], width: float) -> int:
        w = self.w
        row = furniture.header(w, ws, last, split=1)
        row = furniture.title(w, ws, row, last, title)
        for text in lines:
            ws.merge_range(row, 0, row, last, text, w.fmt(italic=True, font_size=10, text_wrap=True))
            ws.set_row(row, height(text, width, 10, italic=True))
            row += 1
        return row

    def finish(self, ws, widths: list[float], signed: int, head: int, frozen: int) -> None:
        """The signatures from row ``signed``, the columns' widths, the panes frozen under the
        heading row ``head`` and the first ``frozen`` columns, and the print setup."""
        furniture.signatures(self.w, ws, signed, len(widths) - 1, split=1)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.freeze_panes(head + 1, frozen)
        self.w.page_setup(ws, portrait=False, repeat=(head, head))
        self.w.protect(ws)

    def unit_line(self) -> str:
        unit = self.w.filling.meta.get("unit_name") or ""
        return msg("cmp.unit_line", lang="vi", unit=unit, term=self.defn.term.name, start=f"{self.start:%d/%m/%Y}",
                   cutoff=f"{self.cutoff:%d/%m/%Y}", elapsed=vn_number(self.elapsed, 0 if self.elapsed.is_integer()
                                                                      else 1),
                   years=vn_number(term_years(self.defn)))

    # the comparison -----------------------------------------------------------------------

    def write_comparison(self) -> None:
        w, cols = self.w, self.cols
        ws = self.ws = w.book.add_worksheet(COMPARE_SHEET)
        notes = [self.unit_line(), self.notes_line()]
        row = self.heading(ws, cols.last, msg("cmp.title", lang="vi"), notes, sum(cols.widths))
        assert row == FIRST_ROW - 1
        names = ["TT", "Chỉ tiêu", "ĐVT", *(self.period_head(p) for p in self.defn.periods), "Lũy kế / Hiện tại",
                 "So với đầu nhiệm kỳ", "So với đầu nhiệm kỳ (%)", "Bình quân năm", "So với nhiệm kỳ trước"]
        for col, name in enumerate(names):
            ws.write_string(FIRST_ROW - 1, col, name, w.head_fmt())
        ws.set_row(FIRST_ROW - 1, header_height(names, cols.widths))
        numbers = {}
        for sheet in self.defn.sheets:
            numbers.update({code: f"{sheet.code[2:]}.{n}" for code, n in row_numbers(self.defn,
                                                                                     sheet.indicators).items()})
        for i, r in enumerate(self.rows):
            self.row_of[r.indicator.code] = FIRST_ROW + i
            self.indicator_row(FIRST_ROW + i, numbers[r.indicator.code], r)
        self.finish(ws, cols.widths, FIRST_ROW + len(self.rows) + 1, FIRST_ROW - 1, frozen=3)

    def notes_line(self) -> str:
        notes = [msg("cmp.rules", lang="vi")]
        for p in self.defn.periods:
            if partial(self.completeness, p.code):
                filled, units = self.completeness[p.code]
                notes.append(msg("cmp.partial", lang="vi", period=p.label, filled=filled, units=units))
        return " ".join(notes)

    def period_head(self, period) -> str:
        if partial(self.completeness, period.code):
            filled, units = self.completeness[period.code]
            return f"{period.label} ({filled}/{units} đơn vị)"
        return period.label

    def ref(self, code: str, column: str) -> str:
        return self.lay.ref(code, column, COMPARE_SHEET)

    def label_cells(self, ws, r: int, number: str, ind: Indicator, width: float) -> None:
        w = self.w
        ws.write_string(r, 0, number, w.fmt(border=1, align="center"))
        ws.write_string(r, 1, ind.label, w.fmt(border=1, text_wrap=True, indent=ind.level, italic=ind.level > 0))
        ws.write_string(r, 2, ind.unit, w.fmt(border=1, align="center", text_wrap=True))
        needed = max(height(ind.label, width, indent=ind.level, italic=ind.level > 0) or 15,
                     height(ind.unit, 9) or 15)
        if needed > 15:
            ws.set_row(r, needed)

    def indicator_row(self, r: int, number: str, row: Row) -> None:
        ind, cols, w, ws = row.indicator, self.cols, self.w, self.ws
        self.label_cells(ws, r, number, ind, cols.widths[1])
        figure = w.fmt(border=1, num_format=w.number_format(ind))
        points = w.fmt(border=1, num_format=POINTS_FORMAT)
        relative = w.fmt(border=1, num_format="+0.0%;-0.0%;0.0%")
        blank = w.fmt(border=1)
        for code, col in cols.period.items():
            self.formula(ws, r, col, _is(self.ref(ind.code, code)), w.values[ind.code, code], figure)
        self.formula(ws, r, cols.current, _is(self.ref(ind.code, self.defn.current.code)), row.current, figure)
        current = cell_name(r, cols.current)
        if ind.kind == "flow":
            ws.write_blank(r, cols.change, None, blank)
            ws.write_blank(r, cols.change_pct, None, blank)
            self.formula(ws, r, cols.yearly, f'IF(ISNUMBER({current}),{current}/{_num(self.elapsed)},"")',
                         row.yearly, w.fmt(border=1, num_format="#,##0.0"))
        else:
            change_fmt = points if ind.is_percent else w.fmt(border=1, num_format=w.number_format(ind, signed=True))
            self.formula(ws, r, cols.change, _is(self.ref(ind.code, CHANGE)), row.change, change_fmt)
            if ind.is_percent:
                ws.write_blank(r, cols.change_pct, None, blank)
            else:
                change, base = cell_name(r, cols.change), cell_name(r, cols.period[self.defn.baseline.code])
                self.formula(ws, r, cols.change_pct,
                             f'IF(AND(ISNUMBER({change}),ISNUMBER({base}),{base}<>0),{change}/{base},"")',
                             row.change_pct, relative)
            ws.write_blank(r, cols.yearly, None, blank)
        self.previous_cell(r, row, points, relative)

    def previous_cell(self, r: int, row: Row, points, relative) -> None:
        """Against the previous term, when its column stands for every unit."""
        first = self.defn.periods[0]
        if first.role != "previous" or partial(self.completeness, first.code):
            self.ws.write_blank(r, self.cols.vs_previous, None, self.w.fmt(border=1))
            return
        now, before = cell_name(r, self.cols.current), cell_name(r, self.cols.period[first.code])
        known = f"ISNUMBER({now}),ISNUMBER({before})"
        if row.indicator.is_percent:
            text, fmt = f'IF(AND({known}),({now}-{before})*{POINTS},"")', points
        else:
            text, fmt = f'IF(AND({known},{before}<>0),{now}/{before}-1,"")', relative
        self.formula(self.ws, r, self.cols.vs_previous, text, row.vs_previous, fmt)

    # the targets' results -------------------------------------------------------------------

    def write_results(self) -> None:
        w, c = self.w, _Results
        ws = self.rs = w.book.add_worksheet(RESULTS_SHEET)
        lines = [self.unit_line(), self.resolutions_line()]
        row = self.heading(ws, c.last, msg("cmp.results_title", lang="vi"), lines, sum(c.widths))
        ws.merge_range(row, 0, row, c.last, msg("cmp.results_rules", lang="vi"),
                       w.fmt(italic=True, font_size=10, text_wrap=True))
        ws.set_row(row, height(msg("cmp.results_rules", lang="vi"), sum(c.widths), 10, italic=True))
        assert row + 1 == RESULTS_FIRST_ROW - 1
        for col, name in enumerate(c.names):
            ws.write_string(RESULTS_FIRST_ROW - 1, col, name, w.head_fmt())
        ws.set_row(RESULTS_FIRST_ROW - 1, header_height(c.names, c.widths))
        if not self.judgements:
            ws.merge_range(RESULTS_FIRST_ROW, 0, RESULTS_FIRST_ROW, c.last, msg("cmp.no_targets", lang="vi"),
                           w.fmt(italic=True))
        for k, j in enumerate(self.judgements):
            self.judgement_row(RESULTS_FIRST_ROW + k, k, j)
        last = RESULTS_FIRST_ROW + max(len(self.judgements), 1) - 1
        if self.judgements:
            self.colours(RESULTS_FIRST_ROW, last)
        self.finish(ws, c.widths, last + 2, RESULTS_FIRST_ROW - 1, frozen=2)

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

    def source_ref(self, code: str, col: int) -> str:
        return f"{quote_sheet(COMPARE_SHEET)}!{cell_name(self.row_of[code], col)}"

    def judgement_row(self, r: int, k: int, j: Judgement) -> None:
        from ..targets import target_text

        ind, c, w, ws = j.indicator, _Results, self.w, self.rs
        target, applied = j.applied.target, j.applied
        self.label_cells(ws, r, str(k + 1), ind, c.widths[1])
        wrap = w.fmt(border=1, text_wrap=True, font_size=10)
        text = target_text(ind, target, "vi")
        ws.write_string(r, c.target_text, text, w.fmt(border=1, text_wrap=True, align="center"))
        source = msg(f"tgt.role.{applied.role}", lang="vi", holder=applied.holder_name or applied.holder)
        ws.write_string(r, c.source, source, wrap)  # the resolutions are named once, above the table
        needed = [height(ind.label, c.widths[1], indent=ind.level, italic=ind.level > 0), height(text, 18),
                  height(source, 24, 10),
                  height(j.outlook, 14, 10)]
        ws.set_row(r, max(h or 15 for h in needed))
        figure = w.fmt(border=1, num_format=w.number_format(ind))
        column = self.cols.period[self.defn.years[-1].code] if target.basis == "each_year" else self.cols.current
        self.formula(ws, r, c.actual, _is(self.source_ref(ind.code, column)), j.actual, figure)
        ws.write_number(r, c.threshold, j.threshold, figure)
        actual, threshold = cell_name(r, c.actual), cell_name(r, c.threshold)
        self.formula(ws, r, c.reached, f'IF(AND(ISNUMBER({actual}),{threshold}<>0),{actual}/{threshold},"")',
                     j.reached, w.fmt(border=1, num_format="0.0%"))
        if not applied.judged:
            for col in (c.status, c.projected, c.outlook):
                ws.write_blank(r, col, None, w.fmt(border=1))
            return
        self.formula(ws, r, c.status, self.status_formula(ind, target, actual, j.threshold), j.status,
                     w.fmt(border=1, align="center", bold=True, text_wrap=True))
        self.formula(ws, r, c.projected, self.projection_formula(ind, target, j), j.projected, figure)
        self.formula(ws, r, c.outlook, self.outlook_formula(ind, target, r, j), j.outlook, wrap)

    def status_formula(self, ind: Indicator, target, x: str, threshold: float) -> str:
        gap = _gap(ind, target, x, threshold)
        exceeded = f'IF({gap}>{_num(EXCEED_MARGIN)},"{EXCEEDED}","{MET}")' if target.exceed else f'"{MET}"'
        return f'IF(NOT(ISNUMBER({x})),"",IF({gap}<-{TINY},"{NOT_MET}",{exceeded}))'

    def projection_formula(self, ind: Indicator, target, j: Judgement) -> str:
        if target.basis in ("per_year", "term"):
            current = self.source_ref(ind.code, self.cols.current)
            if not j.elapsed:
                return '""'
            return f'IF(ISNUMBER({current}),{current}/{_num(j.elapsed)}*{_num(term_years(self.defn))},"")'
        years = [self.source_ref(ind.code, self.cols.period[y.code]) for y in self.defn.years]
        known = f"AND({','.join(f'ISNUMBER({y})' for y in years)})"
        ahead = max(j.deadline - self.defn.years[-1].year, 0)
        slope = f"({years[-1]}-{years[0]})/{max(len(years) - 1, 1)}"
        value = f"{years[-1]}+{slope}*{ahead}"
        value = f"MIN(MAX({value},0),1)" if ind.is_percent else f"MAX({value},0)"
        return f'IF({known},{value},"")'

    def outlook_formula(self, ind: Indicator, target, r: int, j: Judgement) -> str:
        c = _Results
        actual, status, projected = (cell_name(r, col) for col in (c.actual, c.status, c.projected))
        judged = (f'IF(NOT(ISNUMBER({projected})),"",IF({_gap(ind, target, projected, j.goal)}<-{TINY},'
                  f'"{UNLIKELY}","{LIKELY}"))')
        if target.basis in ("per_year", "term"):
            judged = f'IF({_gap(ind, target, actual, j.goal)}>=-{TINY},"{DONE}",{judged})'
        elif target.basis == "level" and self.cutoff >= dt.date(j.deadline, 12, 31):
            judged = f'IF(OR({status}="{MET}",{status}="{EXCEEDED}"),"{DONE}","{FAILED}")'
        return f'IF(NOT(ISNUMBER({actual})),"",{judged})'

    def colours(self, first: int, last: int) -> None:
        status, outlook = col_letter(_Results.status), col_letter(_Results.outlook)
        area = f"{status}{first + 1}:{status}{last + 1}"
        top = f"${status}{first + 1}"
        rules = [
            (f'OR({top}="{MET}",{top}="{EXCEEDED}")', GREEN),
            (f'AND({top}="{NOT_MET}",${outlook}{first + 1}="{LIKELY}")', AMBER),
            (f'{top}="{NOT_MET}"', RED),
        ]
        for criteria, colour in rules:
            self.rs.conditional_format(area, {"type": "formula", "criteria": "=" + criteria,
                                              "format": self.w.book.add_format({"bg_color": colour}),
                                              "stop_if_true": True})

    # charts ----------------------------------------------------------------------------

    def charts(self) -> None:
        """A sheet of its own: each chart on a page (bars across, so that the indicators' names
        stay readable), then the small table they read (contiguous ranges, indicators by name)."""
        judged = [(k, j) for k, j in enumerate(self.judgements) if j.applied.judged]
        percents = [(k, j) for k, j in judged if j.indicator.is_percent]
        ordered = percents + [t for t in judged if not t[1].indicator.is_percent]  # % first: one range
        if not ordered:  # no target applies: the rates alone, start of the term against now
            rates = [r for r in self.rows if r.indicator.kind == "ratio" and r.indicator.is_percent
                     and r.indicator.target]
            ordered = percents = [(None, _Untargeted(r.indicator)) for r in rates]
        if not ordered:
            return
        w = self.w
        ws = w.book.add_worksheet(CHARTS_SHEET)
        top = self.heading(ws, 4, msg("cmp.charts_title", lang="vi"), [self.unit_line()], sum(CHART_COLUMNS))
        self.chart_data(ws, top, ordered)  # the first page: what the charts show, in figures
        top = self.data_start + len(ordered) + 1
        charts = ([self.rates_chart(len(percents))] if percents else []) + ([self.reached_chart(ordered)]
                                                                           if judged else [])
        places = []
        for chart in charts:  # each chart alone on a page; rows of 15 points are 20 pixels
            places.append(top)
            ws.insert_chart(top, 0, chart, {"y_offset": 6})  # inside its page: not drawn on the one before
            top += -(-chart.height // 20) + 1
        ws.set_h_pagebreaks(places)
        for col, width in enumerate(CHART_COLUMNS):
            ws.set_column(col, col, width)
        w.page_setup(ws, portrait=False, repeat=None, columns=None)
        w.protect(ws)

    def chart_data(self, ws, top: int, ordered: list) -> None:
        w = self.w
        ws.write_string(top, 1, msg("cmp.chart_data", lang="vi"), w.fmt(bold=True))
        heads = ("Chỉ tiêu", "Đầu nhiệm kỳ", "Hiện tại", "% đạt chỉ tiêu")
        for col, text in enumerate(heads, start=1):
            ws.write_string(top + 1, col, text, w.fmt(bold=True, border=1, text_wrap=True))
        ws.set_row(top + 1, header_height(heads, CHART_COLUMNS[1:]))
        base_col = self.cols.period[self.defn.baseline.code]
        self.data_start = top + 2
        for n, (k, j) in enumerate(ordered):
            r = self.data_start + n
            ws.write_string(r, 1, j.indicator.label, w.fmt(border=1, text_wrap=True))
            ws.set_row(r, height(j.indicator.label, CHART_COLUMNS[1]) or 15)
            figure = w.fmt(border=1, num_format=w.number_format(j.indicator))
            row = next(x for x in self.rows if x.indicator.code == j.indicator.code)
            self.formula(ws, r, 2, _is(self.source_ref(j.indicator.code, base_col)), row.baseline, figure)
            self.formula(ws, r, 3, _is(self.source_ref(j.indicator.code, self.cols.current)), row.current, figure)
            if k is not None:
                reached = f"{quote_sheet(RESULTS_SHEET)}!{cell_name(RESULTS_FIRST_ROW + k, _Results.reached)}"
                self.formula(ws, r, 4, _is(reached), j.reached, w.fmt(border=1, num_format="0.0%"))

    def data_range(self, col: int, count: int) -> str:
        letter, first = col_letter(col), self.data_start + 1
        return f"={quote_sheet(CHARTS_SHEET)}!${letter}${first}:${letter}${first + count - 1}"

    def rates_chart(self, count: int):
        chart = self.w.book.add_chart({"type": "bar"})
        for col, name in ((2, "Đầu nhiệm kỳ"), (3, "Hiện tại")):
            chart.add_series({"name": name, "categories": self.data_range(1, count),
                              "values": self.data_range(col, count)})
        chart.set_title({"name": msg("cmp.chart_rates", lang="vi"), "name_font": {**CHART_FONT, "size": 12}})
        chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1, "num_font": CHART_FONT})
        chart.set_y_axis({"num_font": CHART_FONT, "reverse": True})
        chart.set_legend({"position": "bottom", "font": CHART_FONT})
        chart.height = _chart_height(count, 2)
        chart.set_size({"width": CHART_WIDTH, "height": chart.height})
        return chart

    def reached_chart(self, ordered: list):
        """% of each target reached; the axis stops at 200 % so that one far-exceeded target does
        not flatten the others (its bar is cut, its label still says how far)."""
        reached = [j.reached for _k, j in ordered if j.reached is not None]
        top = -(-min(2.0, max([1.0, *reached])) * 4 // 1) / 4
        chart = self.w.book.add_chart({"type": "bar"})
        chart.add_series({"name": "% đạt chỉ tiêu", "categories": self.data_range(1, len(ordered)),
                          "values": self.data_range(4, len(ordered)),
                          "data_labels": {"value": True, "font": CHART_FONT}})
        chart.set_title({"name": msg("cmp.chart_reached", lang="vi"), "name_font": {**CHART_FONT, "size": 12}})
        chart.set_x_axis({"num_format": "0%", "min": 0, "max": top, "num_font": CHART_FONT})
        chart.set_y_axis({"num_font": CHART_FONT, "reverse": True})
        chart.set_legend({"none": True})
        chart.height = _chart_height(len(ordered), 1)
        chart.set_size({"width": CHART_WIDTH, "height": chart.height})
        return chart
