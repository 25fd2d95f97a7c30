"""LibreOffice, headless, as an independent client: it opens every generated workbook,
recalculates every formula to the value xlunion cached, and prints readable A4 pages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import cached_vs, formula_cells, sheet_values

from xlunion.io.libreoffice import convert, convert_many
from xlunion.io.template import Filling, write_workbook

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def recalculated(soffice, defn, demo, tmp_path_factory):
    """Template and every demo child, recalculated by LibreOffice in one run."""
    blank = write_workbook(defn, tmp_path_factory.mktemp("lo-in") / "template.xlsx")
    sources = [blank, *demo.children]
    outs = convert_many(sources, tmp_path_factory.mktemp("lo-out"))
    return list(zip(sources, outs, strict=True))


def test_libreoffice_opens_every_workbook_with_all_sheets(recalculated):
    for source, out in recalculated:
        assert list(sheet_values(out)) == list(sheet_values(source)), source.name


def test_libreoffice_recalculates_every_formula_to_the_cached_value(recalculated):
    for source, out in recalculated:
        assert len(formula_cells(source)) > 200
        assert cached_vs(source, out) == [], source.name


def test_the_comparison_catches_a_wrong_cached_value(soffice, defn, tmp_path, monkeypatch):
    """Negative control: if xlunion cached wrong numbers, the check above would fail."""
    from xlunion.core import derive as derive_module

    real = derive_module.derive

    def off_by_one(d, typed):
        return {k: (v + 1 if isinstance(v, float) else v) for k, v in real(d, typed).items()}

    monkeypatch.setattr("xlunion.io.template.derive", off_by_one)
    path = write_workbook(defn, tmp_path / "wrong.xlsx", Filling(values={("TU_A", "N2024"): 2}))
    out = convert(path, tmp_path / "out")
    wrong = cached_vs(path, out)
    assert any(cell[2] == 3 and cell[3] == 2 for cell in wrong), wrong  # TU_HIEULUC cached 3, really 2


def test_pdf_of_a_demo_child_is_readable_a4(soffice, pdftools, demo, tmp_path):
    child = next(p for p in demo.children if "CD0203" not in p.name)
    pdf = convert(child, tmp_path, "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 7  # “Thông tin chung” and six appendices, at least one page each
    assert "A4" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("Tổng số đoàn viên công đoàn", "Thỏa ước", "Mái ấm công đoàn", "Lũy kế /",
                  "đối thoại định kỳ", "Trang 1/"):
        assert words.casefold() in text.casefold().replace("\n", " "), words


def render_png(pdf: Path, page: int, out_prefix: Path) -> Path:
    """For looking at a page (used when reviewing; see README)."""
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(page), "-l", str(page), str(pdf), str(out_prefix)],
                   check=True)
    return next(out_prefix.parent.glob(out_prefix.name + "*.png"))


def _findings_by_unit(report):
    return {r.path.name.split("_")[2]: sorted((f.rule, f.sheet, f.cell) for f in r.findings) for r in report.files}


def test_children_resaved_by_libreoffice_give_the_same_findings(soffice, defn, demo, tmp_path):
    from xlunion.validation import validate_files

    picked = [p for p in demo.children if any(u in p.name for u in ("CD0101", "CD0105", "CD0203", "CD0207",
                                                                     "CD0301", "CD0901"))]
    picked = [p for p in picked if "_v2" not in p.name and " (1)" not in p.name]
    resaved = convert_many(picked, tmp_path / "resaved")
    before = _findings_by_unit(validate_files(picked, defn))
    after = _findings_by_unit(validate_files(resaved, defn))
    assert after == before
    assert sum(map(len, before.values())) == 5  # the planted mistakes, found in both


def test_annotated_copy_opens_in_libreoffice_with_marks_and_links(soffice, pdftools, defn, demo, tmp_path):
    import openpyxl

    from xlunion.io.annotate import CHECK_SHEET, annotate
    from xlunion.validation import validate_files

    src = next(p for p in demo.children if "CD0105" in p.name)
    marked = annotate(src, validate_files([src], defn).findings, tmp_path / "marked.xlsx")
    out = convert(marked, tmp_path / "lo")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == CHECK_SHEET
    link = next(c for row in book[CHECK_SHEET].iter_rows() for c in row if c.hyperlink is not None)
    assert "PL1" in (link.hyperlink.location or link.hyperlink.target or "")
    from xlunion.layout import layout

    name, cell = layout(defn).cell("DV_NU", "N2025")
    sheet = book[name]
    assert sheet[cell].comment is not None and "Đoàn viên nữ" in sheet[cell].comment.text
    assert sheet[cell].fill.fgColor.rgb.endswith("FFC7CE")
    pdf = convert(marked, tmp_path / "pdf", "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kết quả kiểm tra số liệu" in text and "lớn hơn tổng số đoàn viên" in text


@pytest.fixture(scope="module")
def parents(defn, demo, tmp_path_factory):
    """The demo chain's consolidated workbooks and a compared single child."""
    import shutil

    from xlunion.consolidation import compare_file
    from xlunion.demo import OWN_FOLDER, TARGETS_FOLDER, run_chain

    out = tmp_path_factory.mktemp("chain") / "demo"
    shutil.copytree(demo.registry.parent, out, ignore=shutil.ignore_patterns("tong-hop", "*.xlsx"))
    for path in demo.registry.parent.rglob("*.xlsx"):  # the demo's inputs, not what other tests wrote beside it
        if path.parent.name != "tong-hop":
            (out / path.relative_to(demo.registry.parent)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out / path.relative_to(demo.registry.parent))
    copy = type(demo)(registry=out / "registry.csv", children=sorted((out / "inbox").rglob("*.xlsx")),
                      own={code: out / OWN_FOLDER / p.name for code, p in demo.own.items()},
                      targets=out / TARGETS_FOLDER)
    chain = run_chain(defn, out, copy)
    from xlunion.demo import demo_targets
    from xlunion.registry import load_registry

    single = compare_file(next((out / "inbox" / "CT01").glob("*CD0101*")), out / "compared.xlsx", defn,
                          load_registry(copy.registry), demo_targets(defn, copy))
    return [*chain.consolidated, chain.province, single]


def test_libreoffice_recalculates_parent_and_comparison_sheets(parents, tmp_path):
    outs = convert_many(parents, tmp_path)
    for source, out in zip(parents, outs, strict=True):
        assert list(sheet_values(out)) == list(sheet_values(source)), source.name
        assert cached_vs(source, out) == [], source.name


def test_charts_are_in_the_file(parents):
    import zipfile

    from xlunion.io.compare_sheet import CHARTS_SHEET

    for path in parents:
        with zipfile.ZipFile(path) as zf:
            charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
            assert len(charts) == 2, path.name
            xml = " ".join(zf.read(n).decode("utf-8") for n in charts)
        # start vs now, and how far each target is reached: bars across, the indicators' names readable
        assert xml.count('barDir val="bar"') == 2 and 'barDir val="col"' not in xml
        assert CHARTS_SHEET in xml  # both read the figures on their own sheet


def test_pdf_of_the_comparison_is_readable(soffice, pdftools, parents, tmp_path):
    pdf = convert(parents[-2], tmp_path, "pdf")  # the province
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("So sánh kết quả hiện tại với đầu nhiệm kỳ", "Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội",
                  "Triển vọng", "Tình hình nộp báo cáo", "Chi tiết số liệu", "Mức độ đạt chỉ tiêu Nghị quyết"):
        assert words in text, words
    assert any(status in text for status in ("Chưa đạt", "Vượt"))
