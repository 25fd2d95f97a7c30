"""Targets are a resolution's data: loading target sets, which target applies to which unit, and the
demo province judged against its own resolution while its wards and schools are not judged against
its count targets."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from python_calamine import CalamineWorkbook

from xlunion.consolidation import compare_file
from xlunion.demo import demo_targets
from xlunion.errors import DefinitionError
from xlunion.io.compare_sheet import RESULTS_FIRST_ROW, RESULTS_SHEET
from xlunion.registry import load_registry
from xlunion.resources import resource_dir
from xlunion.targets import applicable, load_target_set, load_target_sets, target_text

TARGETS = resource_dir("schemas") / "targets"


@pytest.fixture(scope="module")
def sets(defn, demo):
    return demo_targets(defn, demo)


@pytest.fixture(scope="module")
def registry(demo):
    return load_registry(demo.registry)


def test_the_source_programme_is_transcribed_and_kept_out_of_this_term(defn):
    an_giang = load_target_set(TARGETS / "an-giang-2020-2025.yaml", defn)
    assert an_giang.targets["MAIAM"].value == 100 and an_giang.targets["MAIAM"].basis == "per_year"
    assert an_giang.targets["TL_DV_LD"].by == 2025 and an_giang.targets["TL_TU_B"].value == 0.45
    assert "An Giang" in an_giang.name() and "2020–2025" in an_giang.name()
    assert load_target_sets(defn) == []  # its congress opened the previous term: it judges no report of this one


def test_the_demo_resolutions_name_themselves(sets):
    assert {s.unit for s in sets} == {"T00", "CT03", "H02"}
    province = next(s for s in sets if s.unit == "T00")
    assert province.name().startswith("Nghị quyết số 01-NQ/ĐH ngày 01/7/2023 của Đại hội Công đoàn tỉnh Sông Hồng")
    assert "dữ liệu mẫu" in province.name()


def test_a_province_is_judged_against_its_own_resolution(defn, sets, registry):
    applied = applicable(defn, sets, "T00", registry)
    assert applied["MAIAM"].role == "own" and applied["MAIAM"].judged
    assert applied["TL_DV_LD"].target.value == 0.95 and applied["TL_DV_LD"].target.by == 2025


def test_a_school_only_contributes_to_the_provinces_count_targets(defn, sets, registry):
    applied = applicable(defn, sets, "CD0101", registry)  # a high school under the ward union
    assert applied["MAIAM"].role == "contribution" and not applied["MAIAM"].judged
    assert applied["SANGKIEN"].role == "contribution"
    assert applied["TL_DV_LD"].role == "assigned"  # a rate the province assigned to every level
    assert "TL_DN20_CD" not in applied  # a rate the province kept for the unions above grassroots


def test_a_ward_union_keeps_the_resolution_of_the_district_it_succeeded(defn, sets, registry):
    applied = applicable(defn, sets, "CT01", registry)
    assert applied["TL_DV_LD"].role == "inherited" and "Bình Minh lần thứ VI" in applied["TL_DV_LD"].resolution
    assert applied["TL_DV_LD"].start == dt.date(2023, 6, 10)  # the district's congress opened its term
    assert applied["MAIAM"].role == "contribution"  # the province's count target is not the ward's
    assert applied["TL_DN20_CD"].role == "assigned"


def test_a_zone_union_with_its_own_congress_counts_from_its_own_date(defn, sets, registry):
    applied = applicable(defn, sets, "CT03", registry)
    assert applied["MAIAM"].role == "own" and applied["MAIAM"].target.value == 3
    assert applied["MAIAM"].start == dt.date(2023, 5, 20)
    assert applied["TL_DV_LD"].target.value == 0.97  # its own, above the province's 95 %


def test_targets_typed_in_a_units_own_workbook_win(defn, sets, registry):
    applied = applicable(defn, sets, "CD0101", registry, typed={"TL_DV_LD": 0.99, "MAIAM": 1},
                         resolution="Nghị quyết Đại hội CĐCS", congress=dt.date(2023, 3, 1))
    assert applied["TL_DV_LD"].role == "own" and applied["TL_DV_LD"].target.value == 0.99
    assert applied["MAIAM"].role == "own" and applied["MAIAM"].resolution == "Nghị quyết Đại hội CĐCS"
    assert applied["MAIAM"].start == dt.date(2023, 3, 1)


def test_a_target_allocated_by_name(defn, sets, registry, tmp_path):
    raw = yaml.safe_load((TARGETS / "demo" / "song-hong-t00.yaml").read_text(encoding="utf-8"))
    maiam = next(t for t in raw["targets"] if t["indicator"] == "MAIAM")
    maiam["allocate"] = {"CT02": 6}
    path = tmp_path / "t00.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    others = [s for s in sets if s.unit != "T00"]
    applied = applicable(defn, [*others, load_target_set(path, defn)], "CT02", registry)
    assert applied["MAIAM"].role == "assigned" and applied["MAIAM"].target.value == 6


def test_target_text_reads_as_officers_write_it(defn):
    from xlunion.targets import Target

    assert target_text(defn["TL_DN_TULDTT"], Target("TL_DN_TULDTT", ">=", 0.9, "level")) == "≥ 90% đến cuối nhiệm kỳ"
    assert target_text(defn["TL_DV_LD"], Target("TL_DV_LD", ">=", 0.95, "level", by=2025)) == "≥ 95% đến năm 2025"
    assert target_text(defn["SANGKIEN"], Target("SANGKIEN", ">=", 1000, "per_year")) == "≥ 1.000 sáng kiến/năm"
    assert target_text(defn["TL_HNNLD_NN"], Target("TL_HNNLD_NN", ">=", 1, "each_year")) == "≥ 100% hằng năm"
    assert target_text(defn["MAIAM"], Target("MAIAM", ">=", 500, "term"), "en") == "≥ 500 homes over the term"
    # in running text, as the sources write a target
    assert target_text(defn["TL_DV_LD"], Target("TL_DV_LD", ">=", 0.95, "level", by=2025), prose=True) == \
        "từ 95% trở lên đến năm 2025"
    assert target_text(defn["MAIAM"], Target("MAIAM", ">=", 100, "per_year"), prose=True) == "ít nhất 100 căn/năm"
    assert target_text(defn["TL_HNNLD_NN"], Target("TL_HNNLD_NN", ">=", 1, "each_year"), prose=True) == \
        "100% hằng năm"


@pytest.mark.parametrize("change, words", [
    (lambda r: r["targets"].append({"indicator": "DV_TONGG", "op": ">=", "value": 1}), "“DV_TONGG”"),
    (lambda r: r["targets"].append({"indicator": "TL_DV_LD", "op": ">=", "value": 95}), "0.95 = 95%"),
    (lambda r: r["targets"][0].update(levels=["huyen"]), "co_so"),
    (lambda r: r.pop("congress"), "congress"),
    (lambda r: r["targets"][0].update(basis="mỗi năm"), "per_year"),
])
def test_a_broken_target_set_names_its_file_and_target(defn, tmp_path, change, words):
    raw = yaml.safe_load((TARGETS / "demo" / "song-hong-t00.yaml").read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_target_set(path, defn)
    assert "broken.yaml" in str(info.value) and words in str(info.value)


def _part_two(path) -> list[list]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(RESULTS_SHEET).to_python()
    return [r for r in rows[RESULTS_FIRST_ROW:] if str(r[0]).isdigit()]


def test_demo_no_school_or_ward_is_judged_against_a_provinces_count_target(defn, demo, sets, registry, tmp_path):
    from xlunion.demo import run_chain

    chain = run_chain(defn, demo.registry.parent, demo)
    school = compare_file(next(p for p in demo.children if "CD0101" in p.name), tmp_path / "school.xlsx", defn,
                          registry, sets)
    ward = chain.consolidated[0]
    for path in (school, ward):
        for row in _part_two(path):
            label, source, status = row[1], row[4], row[8]
            if label.startswith(("Số nhà “Mái ấm", "Số sáng kiến")):
                assert status == "" and "góp phần" in source, (path.name, label)  # shown, never judged
    province = _part_two(chain.province)
    assert any(r[1].startswith("Số nhà “Mái ấm") and r[8] in ("Đạt", "Chưa đạt") for r in province)
    rows = CalamineWorkbook.from_path(str(chain.province)).get_sheet_by_name(RESULTS_SHEET).to_python()
    heading = " ".join(str(r[0]) for r in rows[:RESULTS_FIRST_ROW])
    assert "của Đại hội Công đoàn tỉnh Sông Hồng lần thứ XI" in heading
