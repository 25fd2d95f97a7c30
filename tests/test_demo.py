"""The demo province: consistent figures, deterministic files, the planted mistakes."""

from __future__ import annotations

import hashlib

import openpyxl
from helpers import sheet_values

from xlunion.core.derive import derive, number
from xlunion.demo import write_demo
from xlunion.io.read import read_raw
from xlunion.layout import META_SHEET, layout
from xlunion.legacy import from_tcvn3
from xlunion.registry import load_registry

PLANTED = ("CD0105", "CD0301", "CD0203", "CD0207", "CD0208", "CD0102")


def _unit(path):
    return path.name.split("_")[2]


def _clean(demo):
    return [p for p in demo.children if _unit(p) not in PLANTED and " (1)" not in p.name]


def test_every_active_cdcs_has_a_workbook(demo):
    reg = load_registry(demo.registry)
    expected = {u.code for u in reg if u.level == "co_so" and u.active_on(None)}
    assert len(expected) >= 30
    assert {_unit(p) for p in demo.children} == expected
    for path in demo.children:
        assert path.parent.name == reg[_unit(path)].parent  # filed under the union it reports to


def test_clean_children_are_internally_consistent(defn, demo):
    years = [p.code for p in defn.years]
    for path in _clean(demo):
        raw = read_raw(path)
        v = {k: number(x) for k, x in raw.values.items()}
        for ind in defn.indicators.values():
            for p in defn.periods:
                if not ind.applies(p.role):
                    assert raw.values[ind.code, p.code] == "x"  # a flow has no figure at the start of the term
                    continue
                value = v[ind.code, p.code]
                if p.required and ind.required and not ind.computed and "co_so" in ind.levels:
                    assert value is not None, (path.name, ind.code, p.code)
                if value is not None and ind.part_of and v[ind.part_of, p.code] is not None:
                    assert value <= v[ind.part_of, p.code], (path.name, ind.code, p.code)
                if value is not None and ind.integer:
                    assert value == int(value)
        for prev, year in zip([defn.baseline.code, *years], years, strict=False):
            level = v["DV_TONG", prev] + v["DV_KETNAP", year] - v["DV_GIAM", year]
            assert v["DV_TONG", year] == level, (path.name, year)


def test_demo_is_deterministic(defn, demo, tmp_path):
    again = write_demo(defn, tmp_path / "again")
    assert [p.name for p in again.children] == [p.name for p in demo.children]
    for a, b in zip(demo.children, again.children, strict=True):
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest(), a.name
    assert again.registry.read_bytes() == demo.registry.read_bytes()


def test_planted_mistakes_are_there(defn, demo):
    by_unit = {}
    for p in demo.children:
        by_unit.setdefault(_unit(p), []).append(p)
    raw = read_raw(by_unit["CD0105"][0]).values
    assert raw["DV_NU", "N2025"] > raw["DV_TONG", "N2025"]
    text = read_raw(by_unit["CD0301"][0]).values["LD_TONG", "N2025"]
    assert isinstance(text, str) and text.count(".") == 1 and int(text.replace(".", "")) > 13000
    assert read_raw(by_unit["CD0207"][0]).values["DV_KETNAP", "N2024"] == ""
    # TCVN3: the cell's font says .VnTime and the bytes decode back to the registry's name
    lay = layout(defn)
    cell = openpyxl.load_workbook(by_unit["CD0203"][0])[META_SHEET][lay.meta_cell("unit_name")]
    assert cell.font.name == ".VnTime"
    reg = load_registry(demo.registry)
    assert cell.value != reg["CD0203"].name and from_tcvn3(cell.value, cell.font.name) == reg["CD0203"].name
    assert "\u00ad" in cell.value  # “ư” is the soft hyphen in TCVN3
    # the same workbook twice, and a corrected second version sent later
    copy, original = sorted(by_unit["CD0302"], key=lambda p: " (1)" in p.name)[::-1]
    assert copy.read_bytes() == original.read_bytes()
    first, second = sorted(by_unit["CD0306"], key=lambda p: p.name)
    assert second.name.endswith("_v2.xlsx") and second.stat().st_mtime > first.stat().st_mtime
    assert read_raw(second).values["SANGKIEN", "N2025"] == read_raw(first).values["SANGKIEN", "N2025"] + 2


def test_planted_mistake_leaves_formulas_consistent(defn, demo):
    """Text typed into a number cell is blank for every formula, in Python as in the workbook."""
    path = next(p for p in demo.children if _unit(p) == "CD0301")
    raw = read_raw(path)
    expected = derive(defn, raw.values)
    assert expected["LD_TONG", "HT"] is None and expected["TL_DV_LD", "N2025"] is None
    assert raw.values["TL_DV_LD", "N2025"] == ""


def test_figures_are_plausible_at_province_scale(defn, demo):
    introduced = admitted = members = 0
    for path in _clean(demo):
        v = read_raw(path).values
        introduced += sum(v["DANG_GT", y.code] for y in defn.years)
        admitted += sum(v["DANG_KN", y.code] for y in defn.years)
        members += v["DV_TONG", "N2025"]
    assert 0.4 < admitted / introduced < 0.7  # the seed province: 1,219 admitted of 2,289 introduced
    assert members > 20000


def test_sheet_values_are_readable_by_calamine(demo):
    sheets = sheet_values(demo.children[0])
    assert META_SHEET in sheets and "_xlunion" in sheets


def test_every_row_a_grassroots_union_fills_has_figures_in_the_demo(defn, demo):
    """Each indicator, new ones included, is filled plausibly somewhere: no all-blank row, and no
    all-zero row except those that are rare by nature."""
    rare = {"NOLUONG_DN", "NOLUONG_TIEN", "TRANHCHAP", "TRANHCHAP_CD", "NGUNGVIEC", "NGUNGVIEC_CD", "TOTUNG",
            "CDCS_MOI", "CDCS_XL_KHT", "LOP_PH", "TU_D"}
    totals: dict[str, float] = {}
    for path in _clean(demo):
        v = read_raw(path).values
        for ind in defn.indicators.values():
            if not ind.computed and "co_so" in ind.levels:
                totals[ind.code] = totals.get(ind.code, 0) + sum(
                    number(v[ind.code, p.code]) or 0 for p in defn.years)
    empty = sorted(code for code, total in totals.items() if not total and code not in rare)
    assert empty == []


def test_schools_and_hospitals_hold_conferences_of_public_servants(defn, demo):
    from xlunion.demo.units import ALL_CDCS

    public = [p for p in _clean(demo) if ALL_CDCS[_unit(p)][2] == "hcsn"]  # schools, hospitals, offices
    assert len(public) >= 6 and any("benh-vien" in p.name for p in public)
    held = 0
    for path in public:
        v = read_raw(path).values
        assert v["HCSN_CO_CD", "N2025"] == 1 and v["DN_CO_CD", "N2025"] == 0, path.name  # not an enterprise
        held += v["HCSN_HNCB", "N2025"]
    assert held >= len(public) - 1


def test_the_ended_federations_keep_their_own_records(defn, demo):
    from xlunion.io.read import read_submission

    district = read_submission(demo.own["H02"], defn)
    assert district.own_only and district.own[("LOP_TH", "N2024")] == 2
    assert ("LOP_TH", "N2025") in district.own  # its first half of 2025, before the merger
    province = read_submission(demo.own["T00"], defn)
    assert sum(province.own[("LOP_TH", y.code)] for y in defn.years) == 33  # 003_a2ce…: 33 classes
    assert sum(province.own[("LUOT_TH", y.code)] for y in defn.years) == 2942  # … for 2,942 officers


def test_every_demo_target_is_judged_where_it_applies(defn, demo):
    from xlunion.core.compare import judge_all
    from xlunion.core.derive import derive
    from xlunion.demo import demo_targets, run_chain
    from xlunion.io.read import read_submission
    from xlunion.io.template import filling_of

    sets = demo_targets(defn, demo)
    chain = run_chain(defn, demo.registry.parent, demo)
    registry = load_registry(demo.registry)
    for unit, path in (("T00", chain.province), ("CT03", chain.consolidated[2])):
        sub = read_submission(path, defn)
        judged = judge_all(defn, derive(defn, sub.values), filling_of(defn, sub, registry, sets).applied)
        mine = next(s for s in sets if s.unit == unit)
        verdicts = {j.indicator.code: j.status for j in judged if j.applied.role == "own"}
        assert set(verdicts) == set(mine.targets), unit
        blank = sorted(code for code, status in verdicts.items() if not status)
        assert blank == [], f"{unit}: targets with no verdict: {blank}"
