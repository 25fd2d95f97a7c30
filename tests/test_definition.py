"""The report definition loads completely, and every kind of broken definition fails clearly."""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata

import pytest
import yaml

from xlunion.definition import default_path, load_definition
from xlunion.errors import DefinitionError
from xlunion.messages import set_language

RAW = yaml.safe_load(default_path().read_text(encoding="utf-8"))


def test_shape_of_the_mid_term_review(defn):
    assert defn.id == "SKGNK" and defn.version == "2.0"
    assert len(defn.sheets) == 8
    assert len(defn.indicators) >= 100
    assert {i.kind for i in defn.indicators.values()} == {"stock", "flow", "ratio", "mean"}
    assert [p.role for p in defn.periods] == ["previous", "baseline", "year", "year", "year"]
    assert defn.periods[0].required is False and defn.baseline.label == "Đầu nhiệm kỳ"
    assert defn.current.label.startswith("Lũy kế")
    assert defn.term.start == dt.date(2023, 7, 1) and defn.term.end.year == 2028


def test_labels_are_vietnamese_nfc_with_diacritics(defn):
    for ind in defn.indicators.values():
        assert unicodedata.is_normalized("NFC", ind.label), ind.code
        assert any(ord(ch) > 127 for ch in ind.label), ind.code


def test_targets_belong_to_resolutions_not_to_the_report(defn):
    """The definition says how a target on an indicator is counted; the values are a resolution's."""
    assert "target" not in RAW and all("value" not in str(i.get("target", "")) for s in RAW["sheets"]
                                       for i in s["indicators"])
    assert defn["MAIAM"].target == "per_year" and defn["TL_HNNLD_NN"].target == "each_year"
    assert defn["TL_DV_LD"].target == "level" and defn["TL_KN_DANG"].target is None


@pytest.mark.parametrize("code, aggregate", [
    ("DV_TONG", "sum"), ("LOP_TH", "own_plus_sum"), ("LUOT_TH", "own_plus_sum"), ("MAIAM_MOI", "own_plus_sum"),
    ("LOP_PH", "own"), ("DN20_TONG", "registry"), ("CTCS_TONG", "registry"), ("TC_KPCD", "own_plus_sum"),
])
def test_how_each_indicator_consolidates_is_declared(defn, code, aggregate):
    assert defn[code].aggregate == aggregate


def test_rows_only_upper_levels_fill(defn):
    assert "co_so" not in defn["DN20_TONG"].levels and "co_so" not in defn["CTCS_DX"].levels
    assert defn["DN20_TONG"].own_row and not defn["CTCS_TONG"].own_row  # the registry counts those
    assert not defn["DV_TONG"].own_row  # a sum of the children only


def test_rules_that_fit_the_calendar(defn):
    assert (defn["DANG_KN"].part_of, defn["DANG_KN"].part_over) == ("DANG_GT", "term")
    assert defn["DV_NU"].part_over == "year"
    assert [(p.per, p.at_most, p.allow) for p in defn["DANG_GT"].plausible] == [("DV_TONG", 0.2, 3)]
    assert not defn["DV_KETNAP"].applies("baseline") and defn["DV_TONG"].applies("baseline")


def test_ratios_and_means_are_defined_by_other_indicators(defn):
    for ind in defn.indicators.values():
        if ind.kind == "ratio":
            assert ind.numerator and ind.denominator and ind.computed
        if ind.kind == "mean":
            assert defn[ind.weight].kind == "stock"
    assert defn["TL_TU_B"].numerator == ("TU_A", "TU_B")
    assert defn["DANG_KN"].part_of == "DANG_GT"  # admitted ≤ introduced


def test_computation_order_puts_dependencies_first(defn):
    order = [i.code for i in defn.computation_order()]
    assert order.index("DN_CO_CD") < order.index("TL_DN_TULDTT")
    assert order.index("TU_HIEULUC") < order.index("TL_TU_B")


def test_fingerprint_is_stable_and_follows_structure(defn, tmp_path):
    assert defn.fingerprint() == load_definition().fingerprint()
    raw = copy.deepcopy(RAW)
    raw["sheets"][4]["indicators"].append({"code": "LDST", "label": "Số danh hiệu “Lao động sáng tạo”",
                                           "unit": "người", "kind": "flow"})
    assert _load(raw, tmp_path).fingerprint() != defn.fingerprint()
    relabelled = copy.deepcopy(RAW)
    relabelled["sheets"][4]["indicators"][0]["label"] = "Số đoàn viên ưu tú giới thiệu cho Đảng"
    assert _load(relabelled, tmp_path).fingerprint() == defn.fingerprint()  # wording is not structure


def _load(raw, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_definition(path)


def _indicator(raw, code):
    for sheet in raw["sheets"]:
        for ind in sheet["indicators"]:
            if ind["code"] == code:
                return ind
    raise KeyError(code)


def _duplicate(raw):
    raw["sheets"][1]["indicators"].append(dict(_indicator(raw, "DV_NU")))


def _unknown_part(raw):
    _indicator(raw, "DV_NU")["part_of"] = "DV_TONGG"


def _unknown_sum(raw):
    _indicator(raw, "TU_HIEULUC")["sum_of"].append("TU_E")


def _unknown_numerator(raw):
    _indicator(raw, "TL_DV_LD")["numerator"] = ["DOAN_VIEN"]


def _sum_cycle(raw):
    _indicator(raw, "TU_A")["sum_of"] = ["TU_HIEULUC"]


def _part_cycle(raw):
    _indicator(raw, "DV_TONG")["part_of"] = "DV_NU"


def _ratio_without_denominator(raw):
    del _indicator(raw, "TL_CB_DT")["denominator"]


def _ratio_of_ratio(raw):
    _indicator(raw, "TL_CB_DT")["denominator"] = ["TL_DV_LD"]


def _unknown_unit(raw):
    _indicator(raw, "LDG")["unit"] = "cái"


def _unquoted_comma(raw):
    _indicator(raw, "LDG")["xếp loại"] = None  # what YAML makes of an unquoted "a, b" label


def _long_sheet_name(raw):
    raw["sheets"][0]["name"] = "PL1 Công nhân, viên chức, lao động và đoàn viên"


def _mean_without_weight(raw):
    del _indicator(raw, "LUONG_BQ")["weight"]


def _no_baseline(raw):
    raw["periods"] = [p for p in raw["periods"] if p["role"] != "baseline"]


@pytest.mark.parametrize("breaker, where, words_vi, words_en", [
    (_duplicate, "DV_NU", "bị trùng", "Duplicate indicator code"),
    (_unknown_part, "DV_NU", "không tồn tại “DV_TONGG”", "unknown indicator code “DV_TONGG”"),
    (_unknown_sum, "TU_HIEULUC", "“TU_E”", "“TU_E”"),
    (_unknown_numerator, "TL_DV_LD", "“DOAN_VIEN”", "numerator"),
    (_sum_cycle, "TU_", "vòng lặp", "cycle"),
    (_part_cycle, "DV_", "vòng lặp", "cycle"),
    (_ratio_without_denominator, "TL_CB_DT", "mẫu số", "denominator"),
    (_ratio_of_ratio, "TL_CB_DT", "“TL_DV_LD”", "not the ratio"),
    (_unknown_unit, "LDG", "ĐVT “cái”", "Unit “cái”"),
    (_unquoted_comma, "LDG", "xếp loại", "Unsupported field"),
    (_long_sheet_name, "PL1", "Tên trang tính", "Sheet name"),
    (_mean_without_weight, "LUONG_BQ", "quyền số", "weight"),
    (_no_baseline, "periods", "Đầu nhiệm kỳ", "baseline"),
])
def test_broken_definition_names_file_indicator_and_problem(tmp_path, breaker, where, words_vi, words_en):
    raw = copy.deepcopy(RAW)
    breaker(raw)
    with pytest.raises(DefinitionError) as info:
        _load(raw, tmp_path)
    text = str(info.value)
    assert "broken.yaml" in text and where in text and words_vi in text
    assert words_en in info.value.render(lang="en")


def test_sum_cycle_message_shows_the_cycle(tmp_path):
    raw = copy.deepcopy(RAW)
    _sum_cycle(raw)
    with pytest.raises(DefinitionError, match="TU_A → TU_HIEULUC → TU_A|TU_HIEULUC → TU_A → TU_HIEULUC"):
        _load(raw, tmp_path)


def test_unreadable_files(tmp_path):
    with pytest.raises(DefinitionError, match="missing.yaml"):
        load_definition(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="(?s)bad.yaml.*line 1"):
        load_definition(bad)


def test_language_switch_applies_to_str(tmp_path):
    raw = copy.deepcopy(RAW)
    _unknown_unit(raw)
    set_language("en")
    try:
        with pytest.raises(DefinitionError, match="is not declared under units"):
            _load(raw, tmp_path)
    finally:
        set_language("vi")


def test_installed_wheels_find_the_definitions_under_share(tmp_path, monkeypatch):
    from xlunion import resources

    (tmp_path / "prefix" / "share" / "xlunion" / "schemas").mkdir(parents=True)
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setattr(resources.sys, "prefix", str(tmp_path / "prefix"))
    assert resources.resource_dir("schemas") == tmp_path / "prefix" / "share" / "xlunion" / "schemas"
