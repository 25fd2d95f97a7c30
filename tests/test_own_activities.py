"""Figures an officer can sign: a province, two commune unions and eight grassroots unions, each upper
union with what it did itself; the enterprises no child can count; a district split between the
communes in 2025; a previous-term column only some units filled.

The province's own training repeats the Quảng Trị report (003_a2ce9a98006cb44d.txt): 33 classes for
2,942 grassroots officers over the term so far.
"""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from xlunion.consolidation import consolidate_files
from xlunion.core.consolidate import FILLED, apportion
from xlunion.io.compare_sheet import COMPARE_SHEET
from xlunion.io.parent import DETAIL_FIRST_ROW, DETAIL_SHEET
from xlunion.io.read import read_submission
from xlunion.io.template import Filling, write_workbook
from xlunion.registry import load_registry
from xlunion.validation import validate_files

PROVINCE_OWN = {"LOP_TH": (6, 14, 13), "LUOT_TH": (520, 1230, 1192), "LOP_PH": (0, 1, 0)}
"""33 classes, 2,942 places; one class in 2024 organised with C1, which chaired it."""
COMMUNE_OWN = {"C1": {"LOP_TH": (None, 2, None), "LUOT_TH": (None, 150, None), "LOP_PH": (None, 0, None)},
               "C2": {"LOP_TH": (None, None, 1), "LUOT_TH": (None, None, 60)}}
SPLIT_OWN = {"LOP_TH": (5, 5, None), "LUOT_TH": (40, 101, None), "MAIAM_MOI": (1, 3, None)}
"""A district federation (H) that ended on 30/06/2025, split 60/40 between the communes."""
ENTERPRISES = {"S1", "S2", "S3", "S5", "S6", "S7"}
YEARS = ("N2023", "N2024", "N2025")


@pytest.fixture(scope="module")
def province(defn, tmp_path_factory):
    root = tmp_path_factory.mktemp("province")
    rows = [dict(code="TLD", name="Tổng Liên đoàn", level="tw", parent=""),
            dict(code="P", name="LĐLĐ tỉnh thử", level="tinh", parent="TLD", **{"DN20_TONG|N2025": "12",
                                                                                "DN20_TONG|N2024": "12"}),
            dict(code="C1", name="Công đoàn xã Một", level="cap_tren", parent="P", valid_from="2025-07-01"),
            dict(code="C2", name="Công đoàn xã Hai", level="cap_tren", parent="P", valid_from="2025-07-01"),
            dict(code="H", name="LĐLĐ huyện cũ", level="cap_tren", parent="P", valid_to="2025-06-30",
                 merged_into="C1 (60%); C2 (40%)")]
    rows += [dict(code=f"S{i}", name=f"CĐCS thử {i}", level="co_so", parent="C1" if i <= 4 else "C2")
             for i in range(1, 9)]
    registry = root / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as f:
        columns = ["code", "name", "level", "parent", "valid_from", "valid_to", "merged_into", "DN20_TONG|N2024",
                   "DN20_TONG|N2025"]
        writer = csv.DictWriter(f, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    reg = load_registry(registry)
    for i in range(1, 9):
        code = f"S{i}"
        write_workbook(defn, root / reg[code].parent / f"{code}.xlsx", _child(defn, reg, code, previous=i <= 3))
    own = {code: write_workbook(defn, root / "own" / f"{code}.xlsx", _own(defn, reg, code, figures))
           for code, figures in (("P", PROVINCE_OWN), ("H", SPLIT_OWN), *COMMUNE_OWN.items())}
    return root, reg, own


def _child(defn, reg, code: str, previous: bool) -> Filling:
    """A clean grassroots report: the demo's figures of a union of its kind, with round training figures."""
    import random

    from xlunion.demo.figures import child_filling

    kind = "ngoai" if code in ENTERPRISES else "hcsn"
    filling = child_filling(defn, reg, reg[code], (code, code, kind, 120, None), random.Random(code), officer="A")
    for y in YEARS:
        filling.values["LOP_TH", y], filling.values["LUOT_TH", y] = (1, 10) if y == "N2024" else (0, 0)
        filling.values["LOP_TH_NGOAINN", y] = filling.values["LUOT_TH_NGOAINN", y] = 0
    filling.values["LOP_PH", "N2024"] = int(code == "S1")  # S1 helped C1 with its class: not counted twice
    if not previous:
        for key in [k for k in filling.values if k[1] == "NKT"]:
            del filling.values[key]
    return filling


def _own(defn, reg, code: str, figures: dict) -> Filling:
    unit = reg[code]
    own = {(ind, y): v for ind, values in figures.items() for y, v in zip(YEARS, values, strict=True) if v is not None}
    return Filling(meta={"unit_code": code, "unit_name": unit.name, "level": unit.level_label,
                         "parent_code": unit.parent or "", "cutoff": dt.date(2025, 12, 31), "officer": "Cán bộ"},
                   own=own)


@pytest.fixture(scope="module")
def chain(defn, province):
    root, reg, own = province
    communes = {}
    for code in ("C1", "C2"):
        communes[code] = consolidate_files([root / code, own["H"]], reg, code, root / "out" / f"{code}.xlsx", defn,
                                           own=own[code], targets=[])
    top = consolidate_files([root / "out"], reg, "P", root / "P.xlsx", defn, own=own["P"], targets=[])
    return communes, top


def _children_total(defn, root, code, period):
    return sum(read_submission(root / parent / f"S{i}.xlsx", defn).values.get((code, period)) or 0
               for parent, i in [("C1", i) for i in range(1, 5)] + [("C2", i) for i in range(5, 9)])


def test_the_provinces_own_classes_are_added_to_its_childrens(defn, province, chain):
    root, _reg, _own = province
    _communes, top = chain
    assert sum(PROVINCE_OWN["LOP_TH"]) == 33 and sum(PROVINCE_OWN["LUOT_TH"]) == 2942
    for code in ("LOP_TH", "LUOT_TH"):
        for k, y in enumerate(YEARS):
            children = _children_total(defn, root, code, y)
            communes = sum(v[k] or 0 for v in (COMMUNE_OWN["C1"][code], COMMUNE_OWN["C2"][code]))
            district = SPLIT_OWN[code][k] or 0  # wholly, through the two communes' shares
            assert top.values[code, y] == PROVINCE_OWN[code][k] + communes + children + district, (code, y)
    # in figures: 2024 is the province's 14 classes, C1's 2, the eight grassroots unions' 8, the district's 5
    assert top.values["LOP_TH", "N2024"] == 14 + 2 + 8 + 5
    assert top.values["LUOT_TH", "N2024"] == 1230 + 150 + 80 + 101


def test_a_split_district_reaches_each_commune_with_its_share_in_whole_units(chain):
    communes, _top = chain
    c1, c2 = communes["C1"].values, communes["C2"].values
    assert (c1["LOP_TH", "N2023"], c2["LOP_TH", "N2023"]) == (3, 2)  # 60/40 of the district's 5 classes
    assert (c1["LUOT_TH", "N2024"], c2["LUOT_TH", "N2024"]) == (150 + 40 + 61, 40 + 40)  # 101 places: 61 + 40
    assert c1["MAIAM_MOI", "N2024"] + c2["MAIAM_MOI", "N2024"] == 3 + _grassroots_maiam(communes)
    assert c1["LOP_TH", "N2025"] == 0 and c2["LOP_TH", "N2025"] == 1  # after the split, their own


def _grassroots_maiam(communes) -> float:
    return sum(fig.get(("MAIAM_MOI", "N2024")) or 0 for c in communes.values() for fig in c.detail.values())


def _children_total(defn, root, code, period):
    return sum(read_submission(root / parent / f"S{i}.xlsx", defn).values.get((code, period)) or 0
               for parent, i in [("C1", i) for i in range(1, 5)] + [("C2", i) for i in range(5, 9)])


def test_a_class_organised_jointly_is_counted_once(chain):
    communes, top = chain
    # S1 and the province helped C1 with the class C1 chaired: C1's two classes count it; the rows of
    # classes organised jointly are each union's own, never added up
    assert communes["C1"].values["LOP_PH", "N2024"] == 0
    assert top.values["LOP_PH", "N2024"] == 1
    assert top.values["LOP_TH", "N2024"] == 14 + 2 + 8 + 5


def test_apportioning_keeps_whole_units_and_their_total():
    assert apportion(101, {"C1": 0.6, "C2": 0.4}) == {"C1": 61, "C2": 40}
    assert apportion(13, {"A": 0.5, "B": 0.5}) == {"A": 7, "B": 6}  # the tie to the first code
    assert sum(apportion(7, {"A": 1 / 3, "B": 1 / 3, "C": 1 / 3}).values()) == 7


def test_enterprises_no_child_can_count_come_from_the_registry(defn, chain):
    _communes, top = chain
    with_union = len(ENTERPRISES)
    assert top.values["DN20_CO_CD", "N2025"] == with_union
    assert top.values["DN20_TONG", "N2025"] == 12  # the province's registry row, not the children's sum
    from xlunion.core.derive import derive

    assert derive(defn, top.values)["TL_DN20_CD", "N2025"] == pytest.approx(with_union / 12)  # 50 %: below 100 %


def test_the_unions_above_grassroots_are_counted_from_the_registry(chain):
    communes, top = chain
    assert top.values["CTCS_TONG", "DNK"] == 1  # in 2023 the district federation (now the communes' past)
    assert top.values["CTCS_TONG", "N2025"] == 2  # since 07/2025 the two commune unions
    assert communes["C1"].values["CTCS_TONG", "N2025"] == 1


def test_own_rows_and_shares_are_traceable(defn, province, chain):
    root, _reg, own = province
    book = openpyxl.load_workbook(root / "out" / "C1.xlsx", read_only=True)
    rows = [[c.value for c in r][:2] for r in book[DETAIL_SHEET].iter_rows(min_row=DETAIL_FIRST_ROW + 1)]
    assert ["C1", "Cấp mình thực hiện"] in rows
    assert any(code == "H" and "60%" in name for code, name in rows)
    sub = read_submission(root / "P.xlsx", defn)
    mine = [r for r in sub.provenance if r["unit"] == "P"]
    assert len(mine) == 1 and mine[0]["status"] == "own" and len(mine[0]["sha256"]) == 64
    assert {r["unit"] for r in sub.provenance} >= {"C1", "C2", "H", "S1", "S8"}
    # the consolidated workbook keeps the officer's own figures, to correct and consolidate again
    assert sub.own[("LOP_TH", "N2024")] == 14


def test_consolidated_workbooks_are_valid_one_level_up(defn, province, chain):
    root, reg, _own = province
    report = validate_files([root / "out", root / "P.xlsx"], defn, reg.parents())
    assert [f for f in report.findings if f.severity == "error"] == []


def test_a_partial_previous_term_column_is_known_at_every_level(defn, province, chain):
    root, _reg, _own = province
    communes, top = chain
    assert communes["C1"].completeness["NKT"] == (3, 4) and communes["C2"].completeness["NKT"] == (0, 4)
    assert top.completeness["NKT"] == (3, 8)  # through the communes' own records
    assert top.completeness["N2025"] == (8, 8)
    assert read_submission(root / "P.xlsx", defn).info[FILLED + "NKT"] == "3/8"
    sheet = openpyxl.load_workbook(root / "P.xlsx", read_only=True)[COMPARE_SHEET]
    text = " ".join(str(c.value) for row in sheet.iter_rows(max_row=8) for c in row if c.value)
    assert "3/8 đơn vị" in text and "chưa đầy đủ" in text


def test_the_district_is_covered_by_the_communes_that_carry_it(defn, province, chain):
    """Given beside the communes' workbooks, the split district counts once: in their shares."""
    root, reg, own = province
    _communes, top = chain
    again = consolidate_files([root / "out", own["H"]], reg, "P", root / "again.xlsx", defn, own=own["P"],
                              targets=[])
    assert again.values == top.values
    assert ("H", "covered") in {(r.unit, r.status) for r in again.status}
