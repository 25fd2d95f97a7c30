"""The standard workbook: golden contents, validations, protection, print setup, round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers import formula_cells, golden_lines, sheet_values, value_at, workbook_contents

from xlunion.core.derive import derive
from xlunion.errors import OutputLockedError
from xlunion.io.read import read_raw
from xlunion.io.template import Filling, blank_filling, write_workbook
from xlunion.layout import DATA_FIRST_ROW, HEADER_ROW, HIDDEN_SHEET, META_SHEET, OWN_SHEET, TARGET_SHEET, layout
from xlunion.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden" / "so-ket-giua-nhiem-ky.jsonl"
COMMITTED = ROOT / "workbooks" / "so-ket-giua-nhiem-ky.xlsx"


@pytest.fixture(scope="module")
def blank(defn, tmp_path_factory):
    return write_workbook(defn, tmp_path_factory.mktemp("tpl") / "so-ket-giua-nhiem-ky.xlsx")


def test_template_matches_golden_contents(blank, regen_golden):
    lines = golden_lines(workbook_contents(blank))
    if regen_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
        COMMITTED.write_bytes(blank.read_bytes())
    golden = GOLDEN.read_text(encoding="utf-8").splitlines()
    changed = sorted(set(golden) ^ set(lines))[:10]
    assert golden == lines, f"the template changed (first differences: {changed}); review, then run " \
                            "pytest --regen-golden and commit the diff"


def test_committed_workbook_is_the_generated_one(blank):
    assert workbook_contents(COMMITTED) == workbook_contents(blank), (
        "workbooks/ is stale: run `pytest --regen-golden` (or `xlunion template -o workbooks/...`)")


def test_same_inputs_same_bytes(defn, tmp_path):
    a = write_workbook(defn, tmp_path / "a.xlsx", blank_filling(defn))
    b = write_workbook(defn, tmp_path / "b.xlsx", blank_filling(defn))
    assert a.read_bytes() == b.read_bytes()


def test_sheets_and_hidden_map(defn, blank):
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == [META_SHEET, *(s.name for s in defn.sheets), OWN_SHEET, TARGET_SHEET, HIDDEN_SHEET]
    assert book[HIDDEN_SHEET].sheet_state == "hidden"
    raw = read_raw(blank)
    assert raw.info["report_id"] == "SKGNK" and raw.info["fingerprint"] == defn.fingerprint()
    own = [i for i in defn.indicators.values() if i.own_row]
    targeted = [i for i in defn.indicators.values() if i.target]
    assert len(raw.cells) == (len(defn.meta) + len(defn.indicators) * (len(defn.periods) + 3)
                              + len(own) * len(defn.periods) + len(targeted))
    sheet, cell = raw.cells["DV_NU", "N2024"]
    assert book[sheet][cell.replace(cell.rstrip("0123456789"), "C")].value == "DV_NU"  # code column agrees


def test_every_input_cell_is_unlocked_and_validated(defn, blank):
    book = openpyxl.load_workbook(blank)
    lay = layout(defn)
    for code, ind in defn.indicators.items():
        for p in defn.periods:
            sheet, cell = lay.cell(code, p.code)
            ws = book[sheet]
            locked = ws[cell].protection.locked
            rules = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
            if not ind.applies(p.role):  # a flow at the start of the term
                assert locked and not rules and ws[cell].value == "x", (code, p.code)
                continue
            if ind.computed:
                assert locked and not rules, (code, p.code)
                assert ws[cell].value.startswith("=")
                continue
            assert not locked, (code, p.code)
            assert len(rules) == 1, (code, p.code)
            rule = rules[0]
            assert rule.type == ("whole" if ind.integer else "decimal")
            assert rule.showErrorMessage and rule.errorStyle in (None, "stop")
            assert "số" in rule.prompt and "số" in rule.error  # Vietnamese guidance for the officer
    for ws in book.worksheets[:-1]:
        assert ws.protection.sheet, ws.title


def test_labels_and_formulas_are_locked(defn, blank):
    book = openpyxl.load_workbook(blank)
    ws = book[defn.sheets[0].name]
    first = f"B{DATA_FIRST_ROW}"
    assert ws[first].protection.locked and ws[first].value == defn[defn.sheets[0].indicators[0]].label
    assert ws[f"A{HEADER_ROW}"].value == "TT" and ws[f"B{HEADER_ROW}"].value == "Chỉ tiêu"


def test_rows_are_numbered_as_on_forms_and_codes_are_hidden(defn, blank):
    """People read 1, 1.1, 2 …; the codes stay in a hidden column, where readers find the rows."""
    ws = openpyxl.load_workbook(blank)[defn.sheets[0].name]
    numbers = [ws[f"A{DATA_FIRST_ROW + i}"].value for i in range(4)]
    assert numbers == ["1", "1.1", "2", "2.1"]  # LD_TONG, its women, DV_TONG, its women
    assert ws.column_dimensions["C"].hidden and ws[f"C{DATA_FIRST_ROW}"].value == "LD_TONG"


def test_the_form_has_its_furniture(defn, tmp_path):
    """Issuing body and national motto, the attachment line, the place and date, the signatures by level."""
    filling = Filling(meta={"unit_name": "Công đoàn Trường THPT Bình Minh", "parent_name": "Công đoàn phường Bình Minh",
                            "level": "Công đoàn cơ sở", "officer": "Nguyễn Thị Hương", "report_number": "12/BC-CĐCS",
                            "report_date": dt.date(2026, 1, 5), "place": "Bình Minh"})
    path = write_workbook(defn, tmp_path / "f.xlsx", filling)
    sheets = sheet_values(path)
    for sheet in (defn.sheets[0].name, defn.sheets[-1].name, OWN_SHEET, TARGET_SHEET):
        text = " | ".join(str(v) for row in sheets[sheet] for v in row if v not in ("", None))
        for words in ("CÔNG ĐOÀN PHƯỜNG BÌNH MINH", "CÔNG ĐOÀN TRƯỜNG THPT BÌNH MINH",
                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                      "(Kèm theo Báo cáo số 12/BC-CĐCS ngày 05/01/2026 của Công đoàn Trường THPT Bình Minh)",
                      "Bình Minh, ngày 05 tháng 01 năm 2026", "NGƯỜI LẬP BIỂU", "Nguyễn Thị Hương",
                      "TM. BAN CHẤP HÀNH", "CHỦ TỊCH"):
            assert words in text, (sheet, words)
    upper = write_workbook(defn, tmp_path / "u.xlsx", Filling(meta={"level": "Công đoàn cấp trên trực tiếp cơ sở"}))
    assert "TM. BAN THƯỜNG VỤ" in str(sheet_values(upper)[defn.sheets[0].name])
    blank = str(sheet_values(write_workbook(defn, tmp_path / "b.xlsx"))[defn.sheets[0].name])
    assert "…………, ngày … tháng … năm ……" in blank and "(Kèm theo Báo cáo số …… ngày …/…/…… của ……)" in blank


def test_print_setup_and_panes(defn, blank):
    book = openpyxl.load_workbook(blank)
    for sheet in defn.sheets:
        ws = book[sheet.name]
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 page wide
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW + 1}"
        assert ws.freeze_panes == f"E{DATA_FIRST_ROW}"


def test_meta_sheet_guides_the_officer(defn, blank):
    ws = openpyxl.load_workbook(blank)[META_SHEET]
    lay = layout(defn)
    level = lay.meta_cell("level")
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert rules[level].type == "list" and "Công đoàn cơ sở" in rules[level].formula1
    assert rules[lay.meta_cell("cutoff")].type == "date"
    assert not ws[lay.meta_cell("unit_code")].protection.locked
    assert ws[lay.meta_cell("report")].protection.locked


def test_formulas_carry_the_values_python_computes(defn, demo):
    path = demo.children[0]
    raw = read_raw(path)
    expected = derive(defn, raw.values)
    sheets = sheet_values(path)
    cells = formula_cells(path)
    assert len(cells) > 150
    by_cell = {v: k for k, v in raw.cells.items()}
    checked = 0
    for sheet, cell in cells:
        key = by_cell.get((sheet, cell))
        if key is None:
            continue  # the unit line under each title
        want = expected[key]
        got = value_at(sheets, sheet, cell)
        assert (got == "" if want is None else got == pytest.approx(want)), (key, got, want)
        checked += 1
    assert checked > 150


def test_filled_values_round_trip(defn, tmp_path):
    filling = Filling(meta={"unit_code": "CD9", "unit_name": "Công đoàn thử"},
                      values={("DV_TONG", "N2024"): 120, ("LUONG_BQ", "N2025"): 8_250_000,
                              ("CB_CDCS", "DNK"): "12 người"},
                      notes={"LDG": "Số liệu ước tính"})
    raw = read_raw(write_workbook(defn, tmp_path / "f.xlsx", filling))
    assert raw.values["DV_TONG", "N2024"] == 120 and raw.values["LUONG_BQ", "N2025"] == 8_250_000
    assert raw.values["CB_CDCS", "DNK"] == "12 người"  # text stays text for the validator to report
    assert raw.meta()["unit_name"] == "Công đoàn thử"
    assert raw.values["DV_TONG", "HT"] == ""  # N2025 blank: the current level is blank too


def test_own_activities_and_own_targets_round_trip(defn, tmp_path):
    """What an upper union did itself and the targets of its own resolution: typed on their sheets,
    read back as such (never as the appendix figures)."""
    from xlunion.io.read import read_submission

    filling = Filling(meta={"unit_code": "T00", "unit_name": "Tỉnh thử"},
                      own={("LOP_TH", "N2024"): 14, ("DN20_TONG", "DNK"): 30, ("LOP_PH", "N2025"): 2},
                      targets={"TL_DV_LD": 0.95, "MAIAM": 100})
    path = write_workbook(defn, tmp_path / "own.xlsx", filling)
    sub = read_submission(path, defn)
    assert sub.own == {("LOP_TH", "N2024"): 14, ("DN20_TONG", "DNK"): 30, ("LOP_PH", "N2025"): 2}
    assert sub.targets == {"TL_DV_LD": 0.95, "MAIAM": 100}
    assert sub.values["LOP_TH", "N2024"] is None and sub.own_only
    book = openpyxl.load_workbook(path)
    lay = layout(defn)
    assert not book[OWN_SHEET][lay.own_cell("LOP_TH", "N2024")].protection.locked
    assert book[OWN_SHEET][lay.own_cell("LOP_TH", "DNK")].value == "x"  # a flow: no figure at the start
    assert not book[TARGET_SHEET][lay.target_cell("MAIAM")].protection.locked
    assert "DV_TONG" not in lay.own_rows  # a sum of the children alone has no row of its own


def test_prefilled_unit_template(defn, demo, tmp_path):
    reg = load_registry(demo.registry)
    unit = reg["CD0301"]
    raw = read_raw(write_workbook(defn, tmp_path / "u.xlsx", blank_filling(defn, unit, reg[unit.parent])))
    meta = raw.meta()
    assert (meta["unit_code"], meta["parent_code"], meta["level"]) == ("CD0301", "CT03", "Công đoàn cơ sở")
    assert raw.values["@unit_name", ""] == unit.name


def test_failed_write_keeps_the_old_file(defn, tmp_path, monkeypatch):
    target = write_workbook(defn, tmp_path / "keep.xlsx")
    before = target.read_bytes()

    def boom(self, *_):
        raise RuntimeError("disk full")

    monkeypatch.setattr("xlunion.io.template._Writer.hidden_sheet", boom)
    with pytest.raises(RuntimeError):
        write_workbook(defn, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]  # no temporary left behind


def test_output_open_in_excel_is_refused_clearly(defn, tmp_path):
    target = tmp_path / "open.xlsx"
    (tmp_path / "~$open.xlsx").write_bytes(b"owner")
    with pytest.raises(OutputLockedError, match="đóng tệp"):
        write_workbook(defn, target)
    assert not target.exists()
