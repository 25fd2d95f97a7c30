"""What an officer prints: the template, a filled child, a marked copy, the province's
consolidated workbook and a comparison, rendered to PDF by LibreOffice and read page by page."""

from __future__ import annotations

import pytest
from pages import pages, render, samples

from xlunion.io.annotate import CHECK_SHEET
from xlunion.io.compare_sheet import CHARTS_SHEET, COMPARE_SHEET, RESULTS_SHEET
from xlunion.io.parent import STATUS_SHEET

pytestmark = pytest.mark.libreoffice

SMALLEST = 8.0  # points: the least text an officer reads on paper
A4 = (595, 842)


@pytest.fixture(scope="module")
def printed(soffice, pdftools, defn, tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    pdfs = render(samples(defn, out), out / "pdf")
    return {name: pages(pdf) for name, pdf in pdfs.items()}


def test_every_page_is_a4_with_its_sheet_named_and_text_at_least_8_points(printed):
    for book, found in printed.items():
        for page in found:
            where = f"{book}, page {page.number} ({page.sheet or 'no footer'})"
            assert sorted((round(page.width), round(page.height))) == list(A4), where
            assert page.sheet, where  # every sheet xlunion writes has the footer that names it
            assert page.smallest >= SMALLEST, f"{where}: text printed at {page.smallest:.1f} pt"


def test_each_appendix_prints_one_page_wide(defn, printed):
    """A table cut into a left and a right half would leave a page without its last column."""
    appendices = {sheet.name for sheet in defn.sheets}
    for book in ("template", "child", "marked", "parent", "comparison"):
        found = [p for p in printed[book] if p.sheet in appendices]
        assert {p.sheet for p in found} == appendices, book
        for page in found:
            assert "Chỉ tiêu" in page.text and "Ghi chú" in page.text, (book, page.number, page.sheet)


def _sheet_pages(found, sheet):
    return [p for p in found if p.sheet == sheet]


def test_the_comparison_reads_over_several_pages_each_with_its_headings(printed):
    for book in ("parent", "comparison"):
        comparison = _sheet_pages(printed[book], COMPARE_SHEET)
        assert len(comparison) >= 3, book  # ~100 indicators at a readable size
        for page in comparison:  # the header row repeats, and the label column is on every page
            assert "ĐVT" in page.text and "Chỉ tiêu" in page.text, (book, page.number)
        results = _sheet_pages(printed[book], RESULTS_SHEET)
        assert results and all("Triển vọng" in p.text and "Đánh giá" in p.text for p in results), book
        charts = _sheet_pages(printed[book], CHARTS_SHEET)
        assert len(charts) >= 3, book  # the figures, then each chart on a page of its own
        assert "Các tỷ lệ" in charts[-2].text and "Mức độ đạt" in charts[-1].text
        assert "Mức độ đạt" not in charts[-2].text and "Số liệu cho biểu đồ" in charts[0].text


def test_the_forms_carry_their_furniture_on_paper(printed):
    """The issuing body and motto on the first page of each sheet, the signatures on its last."""
    for book, found in printed.items():
        sheets = dict.fromkeys(p.sheet for p in found)
        for sheet in sheets:
            if sheet in (CHECK_SHEET, "Chi tiết đơn vị"):
                continue  # the findings and the figures unit by unit are work sheets, not forms
            mine = _sheet_pages(found, sheet)
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in mine[0].text, (book, sheet)
            assert "Độc lập - Tự do - Hạnh phúc" in mine[0].text, (book, sheet)
            if sheet in (CHARTS_SHEET, "Thông tin chung"):
                continue  # signed where the figures are
            assert "NGƯỜI LẬP BIỂU" in mine[-1].text and "CHỦ TỊCH" in mine[-1].text, (book, sheet)


def test_the_status_sheet_prints_its_table(printed):
    status = _sheet_pages(printed["parent"], STATUS_SHEET)
    assert status and all("Tình trạng" in p.text for p in status)
    assert "TM. BAN THƯỜNG VỤ" in status[-1].text  # a province's standing committee signs
