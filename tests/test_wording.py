"""The wording a native reader corrected stays corrected, in every text xlunion ships: messages,
help, the report definition and its targets, the ribbon, and the workbooks it writes."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from xlunion.cli_help import HELP
from xlunion.io.template import blank_filling, write_workbook
from xlunion.messages import _CATALOGUE as MESSAGES

ROOT = Path(__file__).resolve().parents[1]

# (what a reader stumbled on, what replaced it): the list, and the review after it
CORRECTED = [
    ("Để trống nếu chưa có số liệu", "nhập 0 nếu không phát sinh"),
    ("không gõ dấu chấm", "số nguyên từ 0 trở lên"),
    ("đóng dấu kiểm tra", "mã xác nhận kiểm tra"),
    ("dấu vân tay", "mã nhận dạng cấu trúc biểu mẫu"),
    ("mã thoát", None),
    ("Kính gửi công đoàn cấp trên", "Kính gửi: {parent_name}"),
    ("Không thuộc đơn vị tổng hợp", "Không trực thuộc"),
    ("PL3 Chăm lo, bảo vệ", "PL3 Chăm lo đời sống"),
    ("trong doanh nghiệp ngoài nhà nước", "CNLĐ ở doanh nghiệp ngoài nhà nước"),
    ("Số lao động được tổng hợp tiền lương", "Số lao động làm căn cứ tính tiền lương bình quân"),
    ("danh hiệu “Lao động giỏi” được công nhận", "Số CNVCLĐ đạt danh hiệu “Lao động giỏi”"),
    ("khác số năm trước", "khác với: số"),
    ("Nghiệp đoàn Nông dân", "Nghiệp đoàn"),
    ("Tổng hợp tự động (xlunion)", None),
    ("Show this message and exit", "Hiện hướng dẫn này rồi thoát"),
]
# The new convention of tone marks on oa, oe, uy: hòa, khỏe, thủy (not hoà, khoẻ, thuỷ).
OLD_TONE = re.compile(r"(?<![qQ])(o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ]|O[ÀÁẢÃẠ]|U[ỲÝỶỸỴ])(?!\w)")


def _shipped_vietnamese() -> str:
    texts = [vi for vi, _en in MESSAGES.values()] + [vi for vi, _en in HELP.values()]
    for pattern in ("schemas/**/*.yaml", "macros/*", "xlunion/demo/*.py"):
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in ROOT.glob(pattern) if p.is_file()]
    return "\n".join(str(t) for t in texts)


@pytest.fixture(scope="module")
def shipped(defn, tmp_path_factory) -> str:
    path = write_workbook(defn, tmp_path_factory.mktemp("wording") / "blank.xlsx", blank_filling(defn))
    book = openpyxl.load_workbook(path)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    prompts = [str(dv.prompt) for ws in book.worksheets for dv in ws.data_validations.dataValidation if dv.prompt]
    return _shipped_vietnamese() + "\n".join(cells + prompts)


@pytest.mark.parametrize(("old", "new"), CORRECTED)
def test_a_corrected_wording_stays_corrected(shipped, old, new):
    assert old not in shipped
    if new is not None:
        assert new in shipped


def test_tone_marks_follow_one_convention(shipped):
    assert OLD_TONE.findall(shipped) == []
    assert OLD_TONE.search("hoà, khoá, thuỷ") and not OLD_TONE.search("hòa, khóa, thủy, quý, đoàn")


def test_the_form_says_what_the_report_covers(defn, shipped):
    assert "Sơ kết giữa nhiệm kỳ 2023–2028 (từ Đại hội đến 31/12/2025)" in shipped
    assert defn.fixed_text("term") == defn.term.span != defn.term.name
