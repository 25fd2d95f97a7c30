"""`xlunion validate`, `verify` and `schema export` through typer's CliRunner."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pandera.pandas as pa
from helpers import demo_child
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.layout import layout

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def test_exit_codes(demo, tmp_path):
    assert runner.invoke(app, ["validate", str(demo_child(demo, "CD0101"))]).exit_code == 0
    result = runner.invoke(app, ["validate", str(demo_child(demo, "CD0105"))])
    assert result.exit_code == 1 and "lớn hơn" in result.output
    bad = tmp_path / "bad.xlsx"
    bad.write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["validate", str(bad), str(demo_child(demo, "CD0101"))])
    assert result.exit_code == 2 and "bad.xlsx" in result.output and "CSV" in result.output
    assert "1 hợp lệ" in result.output  # the good file was still validated


def test_json_output(demo):
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", str(demo_child(demo, "CD0207"))])
    data = json.loads(result.output)
    (finding,) = data["files"][0]["findings"]
    assert finding["rule"] == "required" and finding["severity"] == "error" and finding["cell"]
    assert "it is required" in finding["message"] and data["exit_code"] == 1


def test_folder_with_registry(demo):
    result = runner.invoke(app, ["validate", "--registry", str(demo.registry), str(demo.registry.parent / "inbox")])
    assert result.exit_code == 1
    assert "Tổng cộng 37 tệp" in result.output


def test_annotate_never_touches_the_input(demo, tmp_path):
    src = demo_child(demo, "CD0105")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    result = runner.invoke(app, ["validate", "--annotate", str(tmp_path / "out"), str(src)])
    assert result.exit_code == 1 and (tmp_path / "out" / src.name).exists()
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_in_place_marks_the_file(demo, tmp_path):
    copy = tmp_path / "mine.xlsx"
    copy.write_bytes(demo_child(demo, "CD0105").read_bytes())
    runner.invoke(app, ["validate", "--in-place", str(copy)])
    assert "Kiểm tra" in openpyxl.load_workbook(copy).sheetnames


def test_stamp_then_verify(defn, demo, tmp_path):
    copy = tmp_path / "send.xlsx"
    copy.write_bytes(demo_child(demo, "CD0101").read_bytes())
    result = runner.invoke(app, ["validate", "--stamp", str(copy)])
    assert result.exit_code == 0 and "Đã ghi mã xác nhận kiểm tra" in result.output
    result = runner.invoke(app, ["verify", str(copy)])
    assert result.exit_code == 0 and "không thay đổi" in result.output
    book = openpyxl.load_workbook(copy)
    sheet, cell = layout(defn).cell("DV_GIAM", "N2025")
    book[sheet][cell] = (book[sheet][cell].value or 0) + 5
    book.save(copy)
    result = runner.invoke(app, ["verify", str(copy)])
    assert result.exit_code == 1 and "ĐÃ THAY ĐỔI" in result.output


def test_no_stamp_on_a_file_with_errors(demo, tmp_path):
    copy = tmp_path / "bad.xlsx"
    copy.write_bytes(demo_child(demo, "CD0105").read_bytes())
    result = runner.invoke(app, ["validate", "--stamp", str(copy)])
    assert "chưa ghi mã xác nhận kiểm tra" in result.output
    assert runner.invoke(app, ["verify", str(copy)]).exit_code == 2


def test_schema_export_is_pandera_yaml_and_up_to_date(defn, tmp_path):
    out = tmp_path / "schema.yaml"
    assert runner.invoke(app, ["schema", "export", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    loaded = pa.DataFrameSchema.from_yaml(text)
    assert "DV_NU|N2025" in loaded.columns and any(c.name == "part_le_whole" for c in loaded.checks)
    assert "Trong đó: đoàn viên nữ" in text  # readable, not escaped
    committed = ROOT / "schemas" / "so-ket-giua-nhiem-ky.pandera.yaml"
    assert committed.read_text(encoding="utf-8") == text, "run `xlunion schema export` and commit the result"


def test_one_pandera_call_for_all_children(defn, demo, monkeypatch):
    from xlunion.validation import validate_files

    calls = []
    real = pa.DataFrameSchema.validate

    def counting(self, frame, *args, **kwargs):
        calls.append(len(frame))
        return real(self, frame, *args, **kwargs)

    monkeypatch.setattr(pa.DataFrameSchema, "validate", counting)
    seen = []
    validate_files(demo.children, defn, progress=seen.append)
    assert calls == [len(demo.children)]
    assert seen == sorted(demo.children)  # the progress bar advances once per file


def test_validation_in_slices_finds_the_same_on_the_same_cells(defn, demo, monkeypatch):
    # Big batches are checked a slice of rows at a time (memory); a finding of a later slice
    # must still land on its own file and cell.
    from xlunion.core import validate
    from xlunion.validation import validate_files

    whole = validate_files(demo.children, defn).findings
    assert {f.file for f in whole if f.rule != "legacy_font"}, "the demo must have findings in several files"
    monkeypatch.setattr(validate, "ROWS_AT_ONCE", 2)
    assert validate_files(demo.children, defn).findings == whole


def test_consolidate_and_compare_commands(defn, demo, tmp_path):
    out = tmp_path / "ct03.xlsx"
    result = runner.invoke(app, ["consolidate", str(demo.registry.parent / "inbox" / "CT03"), "--registry",
                                 str(demo.registry), "--unit", "CT03", "-o", str(out), "--deadline", "15/01/2026"])
    assert result.exit_code == 0, result.output
    assert "10/10 đơn vị trực thuộc" in result.output and "Đã có bản gửi sau thay thế" in result.output
    book = openpyxl.load_workbook(out)
    assert {"Tình hình nộp báo cáo", "Chi tiết đơn vị", "So sánh đầu nhiệm kỳ – hiện tại"} <= set(book.sheetnames)
    compared = tmp_path / "cmp.xlsx"
    result = runner.invoke(app, ["compare", str(demo_child(demo, "CD0101")), "-o", str(compared)])
    assert result.exit_code == 0 and "So sánh đầu nhiệm kỳ – hiện tại" in openpyxl.load_workbook(compared).sheetnames
    result = runner.invoke(app, ["compare", str(compared), "-o", str(compared)])
    assert result.exit_code == 2 and "không bao giờ ghi đè" in result.output


def test_consolidate_unknown_parent(demo, tmp_path):
    result = runner.invoke(app, ["consolidate", str(demo.registry.parent / "inbox" / "CT03"), "--registry",
                                 str(demo.registry), "--unit", "XX", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "“XX”" in result.output


def test_the_frame_gathered_from_arrays_is_the_frame_looked_up_key_by_key(defn, demo):
    # Children's figures are gathered with one NumPy plan per layout; a submission whose figures
    # are plain mappings (a text-typed figure makes the stored ones a dict) takes the slow path.
    # Both must give the same frame, NaN for NaN.
    import dataclasses

    from xlunion.core.submission import Figures
    from xlunion.core.validate import _schema, wide_frame
    from xlunion.io.read import read_submission

    subs = [read_submission(p, defn) for p in demo.children]
    assert all(isinstance(s.figures(defn), Figures) for s in subs)
    plain = [dataclasses.replace(s, values=dict(s.values), stored=dict(s.stored), derived=dict(s.figures(defn)))
             for s in subs]
    schema = _schema(defn, None, 3.0)
    fast, slow = wide_frame(defn, subs, schema), wide_frame(defn, plain, schema)
    assert fast.shape == slow.shape and fast.notna().sum().sum() > len(subs) * 100
    assert fast.equals(slow)


def test_json_with_annotate_or_stamp_prints_only_json(demo, tmp_path):
    # #18.9: a script parsing --format json must not meet Vietnamese lines first
    copy = tmp_path / "mine.xlsx"
    copy.write_bytes(demo_child(demo, "CD0101").read_bytes())
    for extra in (["--annotate", str(tmp_path / "out")], ["--stamp"], ["--in-place"]):
        result = runner.invoke(app, ["validate", "--format", "json", *extra, str(copy)])
        data = json.loads(result.stdout)
        (entry,) = data["files"]
        assert entry["written"] and Path(entry["written"]).exists(), extra
