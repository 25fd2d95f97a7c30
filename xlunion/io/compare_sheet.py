"""The “So sánh đầu nhiệm kỳ – hiện tại” sheet: live formulas over the data sheets, with
the values ``xlunion.core.compare`` computes cached, status colours and native charts."""

from __future__ import annotations

from ..core.compare import DONE, EXCEED_MARGIN, LIKELY, NOT_MET, UNLIKELY, Row, compare, term_years, years_reported
from ..core.derive import CHANGE
from ..definition import Definition, Indicator
from ..layout import cell_name, col_letter, quote_sheet

COMPARE_SHEET = "So sánh đầu nhiệm kỳ – hiện tại"
FIRST_ROW = 5  # 0-based row of the first indicator
GREEN, AMBER, RED = "#C6EFCE", "#FFEB9C", "#FFC7CE"


def _num(x: float) -> str:
    return format(x, ".17g")


def _is(ref: str) -> str:
    return f'IF(ISNUMBER({ref}),{ref},"")'


def _gap(ind: Indicator, x: str, t: str) -> str:
    """An expression that is negative when ``x`` falls short of target ``t`` (core.compare.judge)."""
    gap = f"({x}-{t})" if ind.is_percent else f"({x}/{t}-1)"
    return f"(-{gap})" if ind.target.op == "<=" else gap


class _Columns:
    def __init__(self, defn: Definition):
        names = ["TT", "Mã số", "Chỉ tiêu", "ĐVT", *(p.label for p in defn.periods), "Hiện tại",
                 "Thay đổi so với đầu NK", "Thay đổi (%)", "Chỉ tiêu NQ", "Mức chỉ tiêu đến nay", "% đạt chỉ tiêu",
                 "Đánh giá", "Dự báo cuối nhiệm kỳ", "Triển vọng hoàn thành"]
        self.names = names
        self.period = {p.code: 4 + i for i, p in enumerate(defn.periods)}
        base = 4 + len(defn.periods)
        (self.current, self.change, self.change_pct, self.target_text, self.threshold, self.reached,
         self.status, self.projected, self.outlook) = range(base, base + 9)


def comparison_sheet(writer) -> None:
    """Add the comparison sheet to a workbook being written by ``io.template``."""
    _Sheet(writer).write()


class _Sheet:
    def __init__(self, writer):
        self.w, self.defn, self.lay = writer, writer.defn, writer.lay
        self.cols = _Columns(self.defn)
        self.rows = compare(self.defn, writer.values)

    def write(self) -> None:
        ws = self.ws = self.w.book.add_worksheet(COMPARE_SHEET)
        last = len(self.cols.names) - 1
        ws.merge_range(0, 0, 0, last, "So sánh kết quả đầu nhiệm kỳ – hiện tại với chỉ tiêu Nghị quyết",
                       self.w.fmt(bold=True, font_size=13))
        unit = self.w.filling.meta.get("unit_name") or ""
        ws.merge_range(1, 0, 1, last, f"Đơn vị: {unit}. {self.defn.term.name}; đã báo cáo "
                       f"{years_reported(self.defn)}/{term_years(self.defn)} năm.", self.w.fmt(italic=True))
        ws.merge_range(2, 0, 2, last, "Chỉ tiêu tỷ lệ so sánh theo điểm phần trăm, chỉ tiêu số lượng theo tỷ lệ "
                       f"đạt; “Vượt” khi cao hơn mức chỉ tiêu quá {EXCEED_MARGIN:.0%} (hoặc {EXCEED_MARGIN * 100:.0f} "
                       "điểm %).", self.w.fmt(italic=True, font_size=9))
        head = self.w.fmt(bold=True, font_color="white", bg_color="#1F4E78", border=1, align="center", text_wrap=True)
        for col, name in enumerate(self.cols.names):
            ws.write_string(FIRST_ROW - 1, col, name, head)
        ws.set_row(FIRST_ROW - 1, 45)
        for i, row in enumerate(self.rows):
            self.row(FIRST_ROW + i, i, row)
        self.colours(FIRST_ROW, FIRST_ROW + len(self.rows) - 1)
        self.charts(FIRST_ROW + len(self.rows) + 2)
        widths = [4, 13, 46, 9] + [10] * len(self.defn.periods) + [10, 11, 9, 11, 11, 9, 10, 11, 16]
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.freeze_panes(FIRST_ROW, 4)
        self.w.page_setup(ws, portrait=False, repeat=(FIRST_ROW - 1, FIRST_ROW - 1))

    def ref(self, code: str, column: str) -> str:
        return self.lay.ref(code, column, COMPARE_SHEET)

    def here(self, row: int, col: int) -> str:
        return cell_name(row, col)

    def row(self, r: int, i: int, row: Row) -> None:
        ind, cols, ws, w = row.indicator, self.cols, self.ws, self.w
        label = w.fmt(border=1, text_wrap=True, indent=ind.level, italic=ind.level > 0)
        ws.write_number(r, 0, i + 1, w.fmt(border=1, align="center"))
        ws.write_string(r, 1, ind.code, w.fmt(border=1, font_size=8))
        ws.write_string(r, 2, ind.label, label)
        ws.write_string(r, 3, ind.unit, w.fmt(border=1, align="center"))
        number = w.fmt(border=1, num_format=w.number_format(ind))
        signed = w.fmt(border=1, num_format=w.number_format(ind, signed=True))
        percent = w.fmt(border=1, num_format="0.0%")
        for code, col in cols.period.items():
            self.formula(r, col, _is(self.ref(ind.code, code)), w.values[ind.code, code], number)
        self.formula(r, cols.current, _is(self.ref(ind.code, self.defn.current.code)), row.current, number)
        self.formula(r, cols.change, _is(self.ref(ind.code, CHANGE)), row.change, signed)
        change, base = self.here(r, cols.change), self.here(r, cols.period[self.defn.baseline.code])
        self.formula(r, cols.change_pct, f'IF(AND(ISNUMBER({change}),ISNUMBER({base}),{base}<>0),{change}/{base},"")',
                     row.change_pct, w.fmt(border=1, num_format="+0.0%;-0.0%;0.0%"))
        ws.write_string(r, cols.target_text, ind.target_text(), w.fmt(border=1, align="center"))
        if ind.target is None:
            for col in range(cols.threshold, cols.outlook + 1):
                ws.write_blank(r, col, None, w.fmt(border=1))
            return
        ws.write_number(r, cols.threshold, row.threshold, number)
        current, threshold = self.here(r, cols.current), self.here(r, cols.threshold)
        self.formula(r, cols.reached, f'IF(AND(ISNUMBER({current}),{threshold}<>0),{current}/{threshold},"")',
                     row.reached, percent)
        self.formula(r, cols.status, self.status_formula(ind, current, threshold), row.status,
                     w.fmt(border=1, align="center", bold=True))
        self.formula(r, cols.projected, self.projection_formula(ind, r), row.projected, number)
        self.formula(r, cols.outlook, self.outlook_formula(ind, r), row.outlook,
                     w.fmt(border=1, text_wrap=True, font_size=9))

    def formula(self, r: int, col: int, text: str, cached, fmt) -> None:
        self.ws.write_formula(r, col, "=" + text, fmt, "" if cached is None else cached)

    def status_formula(self, ind: Indicator, x: str, t: str) -> str:
        gap = _gap(ind, x, t)
        return (f'IF(NOT(ISNUMBER({x})),"",IF({gap}<0,"{NOT_MET}",'
                f'IF({gap}>{_num(EXCEED_MARGIN)},"Vượt","Đạt")))')

    def projection_formula(self, ind: Indicator, r: int) -> str:
        years = [self.here(r, self.cols.period[y.code]) for y in self.defn.years]
        known = f"AND({','.join(f'ISNUMBER({y})' for y in years)})"
        if ind.target.per_year:
            current = self.here(r, self.cols.current)
            return f'IF(AND({known},ISNUMBER({current})),{current}/{len(years)}*{term_years(self.defn)},"")'
        ahead = self.defn.term.end.year - self.defn.years[-1].year
        slope = f"({years[-1]}-{years[0]})/{max(len(years) - 1, 1)}"
        return f'IF({known},{years[-1]}+{slope}*{ahead},"")'

    def outlook_formula(self, ind: Indicator, r: int) -> str:
        current, status = self.here(r, self.cols.current), self.here(r, self.cols.status)
        projected = self.here(r, self.cols.projected)
        goal = _num(ind.target.threshold(term_years(self.defn))) if ind.target.per_year else \
            self.here(r, self.cols.threshold)
        judged = f'IF(NOT(ISNUMBER({projected})),"",IF({_gap(ind, projected, goal)}<0,"{UNLIKELY}","{LIKELY}"))'
        if ind.target.per_year:
            return f'IF(NOT(ISNUMBER({current})),"",{judged})'
        return f'IF(NOT(ISNUMBER({current})),"",IF({status}<>"{NOT_MET}","{DONE}",{judged}))'

    def colours(self, first: int, last: int) -> None:
        status = col_letter(self.cols.status)
        outlook = col_letter(self.cols.outlook)
        area = f"{status}{first + 1}:{status}{last + 1}"
        top = f"${status}{first + 1}"
        rules = [
            (f'OR({top}="Đạt",{top}="Vượt")', GREEN),
            (f'AND({top}="{NOT_MET}",${outlook}{first + 1}="{LIKELY}")', AMBER),
            (f'{top}="{NOT_MET}"', RED),
        ]
        for criteria, colour in rules:
            self.ws.conditional_format(area, {"type": "formula", "criteria": "=" + criteria,
                                              "format": self.w.book.add_format({"bg_color": colour}),
                                              "stop_if_true": True})

    def charts(self, top: int) -> None:
        """A small data block the charts read (contiguous ranges), then the two charts."""
        targets = [(i, r) for i, r in enumerate(self.rows) if r.indicator.target is not None]
        percents = [(i, r) for i, r in targets if r.indicator.is_percent]
        targets = percents + [t for t in targets if not t[1].indicator.is_percent]  # % first: one range
        ws, w = self.ws, self.w
        ws.write_string(top, 0, "Số liệu cho biểu đồ", w.fmt(bold=True))
        heads = ["Chỉ tiêu", "Đầu nhiệm kỳ", "Hiện tại", "% đạt chỉ tiêu"]
        for col, text in enumerate(heads):
            ws.write_string(top + 1, 2 + col, text, w.fmt(bold=True, border=1))
        base_col = self.cols.period[self.defn.baseline.code]
        for k, (i, row) in enumerate(targets):
            r, src = top + 2 + k, FIRST_ROW + i
            ws.write_string(r, 2, row.indicator.code, w.fmt(border=1))
            pct = w.fmt(border=1, num_format="0.0%")
            number = w.fmt(border=1, num_format=w.number_format(row.indicator))
            self.formula(r, 3, _is(self.here(src, base_col)), row.baseline, number)
            self.formula(r, 4, _is(self.here(src, self.cols.current)), row.current, number)
            self.formula(r, 5, _is(self.here(src, self.cols.reached)), row.reached, pct)
        sheet = quote_sheet(COMPARE_SHEET)
        start = top + 2
        if percents:
            end = start + len(percents) - 1
            column = w.book.add_chart({"type": "column"})
            for col, name in ((3, "Đầu nhiệm kỳ"), (4, "Hiện tại")):
                column.add_series({"name": name, "categories": f"={sheet}!$C${start + 1}:$C${end + 1}",
                                   "values": f"={sheet}!${col_letter(col)}${start + 1}:${col_letter(col)}${end + 1}"})
            column.set_title({"name": "Chỉ tiêu tỷ lệ: đầu nhiệm kỳ và hiện tại"})
            column.set_y_axis({"num_format": "0%", "max": 1})
            column.set_size({"width": 760, "height": 340})
            ws.insert_chart(top + 3 + len(targets), 1, column)
        end = start + len(targets) - 1
        bars = w.book.add_chart({"type": "bar"})
        bars.add_series({"name": "% đạt chỉ tiêu", "categories": f"={sheet}!$C${start + 1}:$C${end + 1}",
                         "values": f"={sheet}!$F${start + 1}:$F${end + 1}", "data_labels": {"value": True}})
        bars.set_title({"name": "Mức độ đạt chỉ tiêu Nghị quyết"})
        bars.set_x_axis({"num_format": "0%"})
        bars.set_legend({"none": True})
        bars.set_size({"width": 760, "height": 380})
        ws.insert_chart(top + 3 + len(targets), 9, bars)
