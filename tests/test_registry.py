"""The unit registry: loading, tree and lineage look-ups, and every broken-registry case."""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from xlunion.errors import RegistryError
from xlunion.registry import load_registry

HEADER = "code,name,level,parent,valid_from,valid_to,merged_into\n"


def _csv(tmp_path, body: str):
    path = tmp_path / "registry.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_demo_registry_tree(demo):
    reg = load_registry(demo.registry)
    cdcs = [u for u in reg if u.level == "co_so" and u.active_on(None)]
    above = [u for u in reg if u.level == "cap_tren" and u.active_on(None)]
    assert len(cdcs) >= 30 and len(above) >= 3
    assert [u.code for u in reg.children("T00") if u.level == "co_so"]  # attached directly to the province
    assert {u.code for u in reg.children("CT02")} >= {"CD0201", "CD0210"}
    assert "CD0299" not in {u.code for u in reg.children("CT02")}  # merged away in 2024
    assert "CD0299" in {u.code for u in reg.children("CT02", on=dt.date(2023, 7, 1))}
    assert reg.successor("H01") == "CT02" and reg.successor("CD0299") == "CD0203"
    assert reg.predecessors("CT01") == ["H02"]
    assert reg.ancestors("CD0301") == ["CT03", "T00", "TLD"]
    assert reg["CT01"].level_label == "Công đoàn cấp trên trực tiếp cơ sở"


def test_founded_units_are_not_expected_before_they_exist(demo):
    reg = load_registry(demo.registry)
    assert "CD0209" not in {u.code for u in reg.children("CT02", on=dt.date(2024, 12, 31))}
    assert "CD0209" in {u.code for u in reg.children("CT02", on=dt.date(2025, 12, 31))}


def test_workbook_registry_with_vietnamese_headers(tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    rows = [["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã cấp trên", "Hiệu lực từ"],
            ["T00", "LĐLĐ tỉnh A", "LĐLĐ tỉnh/thành phố", "", ""],
            [101, "Công đoàn cơ sở B", "co_so", "T00", "01/03/2024"]]
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    ws.write_datetime(2, 4, dt.datetime(2024, 3, 1))
    book.close()
    reg = load_registry(path)
    assert reg["101"].parent == "T00" and reg["T00"].level == "tinh"
    assert reg["101"].valid_from == dt.date(2024, 3, 1)


@pytest.mark.parametrize("body, words", [
    ("A,Tỉnh,tinh,,,,\nA,Tỉnh 2,tinh,,,,\n", "“A” bị trùng"),
    ("A,Tỉnh,tinh,,,,\nB,CĐCS,co_so,Z,,,\n", "“Z” không có"),
    ("A,X,cap_tren,B,,,\nB,Y,cap_tren,A,,,\n", "vòng lặp: A → B → A"),
    ("A,Tỉnh,tinh,,,,\nB,Huyện,cap_tren,A,,2025-06-30,Q\n", "hợp nhất vào “Q”"),
    ("A,X,cap_tren,,,,B\nB,Y,cap_tren,,,,A\n", "Quan hệ hợp nhất tạo thành vòng lặp"),
    ("A,Tỉnh,huyen,,,,\n", "cấp “huyen” không hợp lệ"),
    ("A,Tỉnh,tinh,,32/13/2024,,\n", "ngày “32/13/2024”"),
    ("A,Tỉnh,tinh,,2025-01-01,2024-01-01,\n", "hết hiệu lực trước"),
    ("A,,tinh,,,,\n", "cột “name” không được để trống"),
])
def test_broken_registry(tmp_path, body, words):
    with pytest.raises(RegistryError) as info:
        load_registry(_csv(tmp_path, body))
    assert "registry.csv" in str(info.value) and words in str(info.value)


def test_missing_column(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("code,name\nA,B\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="thiếu cột “level”"):
        load_registry(path)


def test_row_numbers_point_at_the_file_line(tmp_path):
    with pytest.raises(RegistryError, match="Dòng 3"):
        load_registry(_csv(tmp_path, "A,Tỉnh,tinh,,,,\nB,CĐCS,co_so,Z,,,\n"))


@pytest.mark.parametrize("text, lineage", [
    ("CT02", {"CT02": 1.0}),
    ("C1 (60%); C2 (40%)", {"C1": 0.6, "C2": 0.4}),
    ("C1=0,6; C2=0,4", {"C1": 0.6, "C2": 0.4}),
    ("C1: 25%, C2: 75%", {"C1": 0.25, "C2": 0.75}),
])
def test_a_unit_split_between_successors(tmp_path, text, lineage):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + f'T,Tỉnh,tinh,,,,\nCT02,X,cap_tren,T,,,\nC1,Y,cap_tren,T,,,\nC2,Z,cap_tren,T,,,\n'
                             f'H,Huyện,cap_tren,T,,2025-06-30,"{text}"\n', encoding="utf-8")
    reg = load_registry(path)
    assert reg.lineage("H") == pytest.approx(lineage)
    assert reg.successor("H") == max(lineage, key=lineage.get)
    assert all("H" in reg.predecessors(code) for code in lineage)
    parents = reg.parents()
    assert set(parents.successors["H"]) == set(lineage) and parents.names["H"] == "Huyện"


def test_shares_follow_a_chain_of_mergers(tmp_path):
    reg = load_registry(_csv(tmp_path, "T,Tỉnh,tinh,,,,\nA,A,cap_tren,T,,,\nB,B,cap_tren,T,,,\n"
                                       "M,M,cap_tren,T,,2025-06-30,A\n"
                                       'H,H,cap_tren,T,,2024-06-30,"M (50%); B (50%)"\n'))
    assert reg.lineage("H") == {"A": 0.5, "B": 0.5}  # M's half went on to A


@pytest.mark.parametrize("text", ["C1 (60%); C2 (30%)", "C1; C2", "C1 (abc)"])
def test_shares_that_do_not_add_up_are_refused_with_the_row(tmp_path, text):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + f'T,Tỉnh,tinh,,,,\nC1,Y,cap_tren,T,,,\nC2,Z,cap_tren,T,,,\n'
                             f'H,Huyện,cap_tren,T,,2025-06-30,"{text}"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match="Dòng 5.*100%"):
        load_registry(path)


def test_figures_only_an_upper_level_knows(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("code,name,level,parent,DN20_TONG|N2025,DN20_TONG\nT,Tỉnh,tinh,,1.250,31\n", encoding="utf-8")
    assert load_registry(path)["T"].figures == {("DN20_TONG", "N2025"): 1250, ("DN20_TONG", None): 31}
    path.write_text("code,name,level,parent,DN20_TONG\nT,Tỉnh,tinh,,khoảng 30\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="Dòng 2: cột số liệu “DN20_TONG” ghi “khoảng 30”"):
        load_registry(path)


def test_a_mistyped_registry_path_is_said_in_vietnamese(tmp_path):
    with pytest.raises(RegistryError) as missing:
        load_registry(tmp_path / "danh-muc.csv")
    text = missing.value.render()
    assert "Không tìm thấy tệp" in text and "danh-muc.csv" in text and "Errno" not in text
