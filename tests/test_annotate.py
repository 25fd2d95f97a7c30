"""Findings written back: marked copies, the “Kiểm tra” sheet, no stale marks, receipts."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest
from helpers import demo_child

from xlunion.core.receipt import facts_digest
from xlunion.io.annotate import CHECK_SHEET, FILLS, annotate
from xlunion.io.read import read_submission
from xlunion.layout import OWN_SHEET, TARGET_SHEET, layout
from xlunion.validation import validate_files


@pytest.fixture()
def marked(defn, demo, tmp_path):
    src = demo_child(demo, "CD0105")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    report = validate_files([src], defn)
    out = annotate(src, report.findings, tmp_path / src.name)
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before  # the original is untouched
    return out


def test_marked_cell_fill_comment_and_check_sheet(defn, marked):
    book = openpyxl.load_workbook(marked)
    sheet, cell = layout(defn).cell("DV_NU", "N2025")
    target = book[sheet][cell]
    assert target.fill.fgColor.rgb == FILLS["error"]
    assert target.comment is not None and "Đoàn viên nữ" in target.comment.text and "[Lỗi]" in target.comment.text
    check = book[CHECK_SHEET]
    assert book.sheetnames[0] == CHECK_SHEET and book.active.title == CHECK_SHEET
    assert check["A2"].value == "1 lỗi, 0 cảnh báo"
    row = next(r for r in check.iter_rows(min_row=5) if r[3].value == cell)
    assert row[3].hyperlink.location == f"'{sheet}'!{cell}" or row[3].hyperlink.target == f"#'{sheet}'!{cell}"
    assert "lớn hơn" in row[6].value


def test_marked_copy_still_validates_to_the_same_findings(defn, marked):
    again = validate_files([marked], defn).findings
    assert [(f.rule, f.cell) for f in again] == [("part_of", layout(defn).cell("DV_NU", "N2025")[1])]


def test_corrected_file_has_no_stale_marks(defn, marked):
    sheet, cell = layout(defn).cell("DV_NU", "N2025")
    book = openpyxl.load_workbook(marked)
    members = read_submission(marked, defn).values["DV_TONG", "N2025"]
    book[sheet][cell] = round(members * 0.6)  # the officer corrects the figure
    book.save(marked)
    report = validate_files([marked], defn)
    assert report.findings == []
    annotate(marked, report.findings, marked)
    book = openpyxl.load_workbook(marked)
    assert book[sheet][cell].fill.fgColor.rgb == "FFFFF2CC"  # the input shade is back
    assert book[sheet][cell].comment is None
    assert book[CHECK_SHEET]["A2"].value == "0 lỗi, 0 cảnh báo"
    assert book[CHECK_SHEET]["A3"].value == "Không phát hiện vấn đề nào."
    assert book.sheetnames.count(CHECK_SHEET) == 1


def test_english_marks(defn, demo, tmp_path):
    src = demo_child(demo, "CD0105")
    out = annotate(src, validate_files([src], defn).findings, tmp_path / "en.xlsx", lang="en")
    book = openpyxl.load_workbook(out)
    assert book[CHECK_SHEET]["A2"].value == "1 errors, 0 warnings"


def test_receipt_digest_follows_figures_not_formatting(defn, demo, tmp_path):
    src = demo_child(demo, "CD0101")
    sub = read_submission(src, defn)
    digest = facts_digest(defn, sub)
    copy = annotate(src, [], tmp_path / "copy.xlsx")  # re-saved by openpyxl, marks sheet added
    assert facts_digest(defn, read_submission(copy, defn)) == digest
    book = openpyxl.load_workbook(copy)
    sheet, cell = layout(defn).cell("LDG", "N2024")
    book[sheet][cell] = book[sheet][cell].value + 1
    book.save(copy)
    assert facts_digest(defn, read_submission(copy, defn)) != digest


def test_receipt_digest_follows_own_activities_and_targets(defn, demo, tmp_path):
    src = demo.own["T00"]
    digest = facts_digest(defn, read_submission(src, defn))
    for sheet, cell in ((OWN_SHEET, layout(defn).own_cell("LOP_TH", "N2024")),
                        (TARGET_SHEET, layout(defn).target_cell("MAIAM"))):
        book = openpyxl.load_workbook(src)
        book[sheet][cell] = 7
        book.save(tmp_path / "changed.xlsx")
        assert facts_digest(defn, read_submission(tmp_path / "changed.xlsx", defn)) != digest, sheet
