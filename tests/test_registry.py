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
