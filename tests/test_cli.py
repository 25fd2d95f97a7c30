"""The command line, through typer's CliRunner."""

from __future__ import annotations

from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.io.read import read_raw
from xlunion.messages import set_language

runner = CliRunner()


def teardown_function():
    set_language("vi")


def test_template_blank_and_for_a_unit(demo, tmp_path):
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out)])
    assert result.exit_code == 0 and "Đã ghi biểu mẫu" in result.output and out.exists()
    unit = tmp_path / "u.xlsx"
    result = runner.invoke(app, ["template", "-o", str(unit), "--registry", str(demo.registry), "--unit", "CD0101"])
    assert result.exit_code == 0, result.output
    assert read_raw(unit).meta()["unit_code"] == "CD0101"


def test_unknown_unit_is_one_clear_message_and_status_2(demo, tmp_path):
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "x.xlsx"), "--registry", str(demo.registry),
                                 "--unit", "CD9999"])
    assert result.exit_code == 2
    assert "Không có đơn vị “CD9999”" in result.output and "registry.csv" in result.output
    assert "Traceback" not in result.output


def test_english_on_request(tmp_path):
    result = runner.invoke(app, ["--lang", "en", "template", "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0 and "Template written" in result.output


def test_demo_prints_what_it_wrote(tmp_path):
    result = runner.invoke(app, ["demo", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "Danh mục đơn vị" in result.output and "43 đơn vị" in result.output
    assert result.output.count("Lỗi cố ý để kiểm thử") == 8
    assert len(list((tmp_path / "d" / "inbox").rglob("*.xlsx"))) == 37
    assert (tmp_path / "d" / "so-ket-giua-nhiem-ky.xlsx").exists()


def test_broken_definition_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: X\n", encoding="utf-8")
    result = runner.invoke(app, ["template", "--report", str(bad), "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2 and "bad.yaml" in result.output and "Thiếu trường" in result.output


def test_library_functions(demo, tmp_path):
    import xlunion

    child = next(p for p in demo.children if "CD0105" in p.name)
    report = xlunion.validate(child, registry=demo.registry)
    assert [f.rule for f in report.findings] == ["part_of"]
    result = xlunion.consolidate(demo.registry.parent / "inbox" / "T00", demo.registry, "T00", tmp_path / "t.xlsx")
    assert len(result.counted) == 3
    assert xlunion.compare(child, tmp_path / "c.xlsx").exists()


def test_demo_never_wipes_an_inbox_it_did_not_write(tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "mine.xlsx").write_bytes(b"officer's file")
    result = runner.invoke(app, ["demo", str(tmp_path)])
    assert result.exit_code == 2 and "inbox" in result.output
    assert (tmp_path / "inbox" / "mine.xlsx").read_bytes() == b"officer's file"


def test_consolidate_says_which_columns_are_partial(demo, tmp_path):
    result = runner.invoke(app, ["consolidate", str(demo.registry.parent / "inbox" / "CT03"), "--registry",
                                 str(demo.registry), "--unit", "CT03", "--own", str(demo.own["CT03"]),
                                 "-o", str(tmp_path / "ct03.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Số liệu cấp mình thực hiện: 1" in result.output
    line = next(x for x in result.output.splitlines() if "Nhiệm kỳ trước" in x)
    assert "chưa đầy đủ" in line and "/10 đơn vị" in line


def test_own_workbook_may_not_be_the_output_on_the_command_line(demo, tmp_path):
    import shutil

    own = tmp_path / "ct03.xlsx"
    shutil.copy(demo.own["CT03"], own)
    before = own.read_bytes()
    result = runner.invoke(app, ["consolidate", str(demo.registry.parent / "inbox" / "CT03"), "--registry",
                                 str(demo.registry), "--unit", "CT03", "--own", str(own), "-o", str(own)])
    assert result.exit_code == 2 and "không bao giờ ghi đè" in result.output
    assert own.read_bytes() == before


def test_template_for_a_unit_shows_the_targets_assigned_to_it(demo, tmp_path):
    import openpyxl

    from xlunion.layout import TARGET_SHEET

    out = tmp_path / "cd0101.xlsx"
    result = runner.invoke(app, ["template", "--registry", str(demo.registry), "--unit", "CD0101",
                                 "--targets", str(demo.targets), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r[2]: r for r in openpyxl.load_workbook(out)[TARGET_SHEET].iter_rows(min_row=6, values_only=True)}
    assert rows["TL_DV_LD"][6] == "≥ 95% đến năm 2025" and rows["TL_DV_LD"][7].startswith("Cấp trên giao")
    assert not rows["MAIAM"][6] and "không đánh giá riêng" in rows["MAIAM"][7]  # the province's, not its own
