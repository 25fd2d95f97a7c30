"""Derived figures on plain values: totals, ratios, the current column, the change."""

from __future__ import annotations

import subprocess
import sys

from xlunion.core.derive import CHANGE, derive, number, total


def test_number_treats_everything_but_numbers_as_blank():
    assert number(3) == 3.0 and number(2.5) == 2.5
    assert number("13.000") is None and number("") is None and number(None) is None
    assert number(True) is None and number(float("nan")) is None


def test_total_is_blank_only_when_nothing_is_typed():
    assert total([None, None]) is None
    assert total([None, 0.0]) == 0.0
    assert total([1.0, None, 2.0]) == 3.0


def test_a_total_past_the_largest_double_is_infinite_not_an_exception():
    # Found by hypothesis: math.fsum raises OverflowError on two figures of 9e307.
    assert total([8.98846567431158e307, 8.98846567431158e307]) == float("inf")
    assert total([-1e308, -1e308]) == float("-inf")
    assert total([0.1] * 10) == 1.0  # still exact where fsum can be


def test_sum_of_ratio_current_and_change(defn):
    typed = {("TU_A", "DNK"): 2, ("TU_B", "DNK"): 3, ("TU_C", "DNK"): 5,
             ("TU_A", "N2025"): 4, ("TU_B", "N2025"): 5, ("TU_CXL", "N2025"): 1,
             ("TU_HIEULUC", "N2025"): 999}  # a typed total is ignored: totals are recomputed
    out = derive(defn, typed)
    assert out["TU_HIEULUC", "DNK"] == 10 and out["TU_HIEULUC", "N2025"] == 10
    assert out["TU_HIEULUC", "N2024"] is None
    assert out["TL_TU_B", "DNK"] == 0.5 and out["TL_TU_B", "N2025"] == 0.9
    assert out["TU_HIEULUC", "HT"] == 10  # a stock's current value is its latest level
    assert out["TL_TU_B", "HT"] == 0.9
    assert out["TU_HIEULUC", CHANGE] == 0
    assert abs(out["TL_TU_B", CHANGE] - 40) < 1e-9  # 50 % → 90 %: +40 points, not +80 %


def test_flows_accumulate_and_have_no_level_at_the_start(defn):
    typed = {("DV_KETNAP", "DNK"): 40, ("DV_KETNAP", "N2023"): 10, ("DV_KETNAP", "N2024"): 20,
             ("DV_KETNAP", "N2025"): 30, ("DV_KETNAP", "NKT"): 7}
    out = derive(defn, typed)
    assert out["DV_KETNAP", "HT"] == 60  # NKT is not part of the term's cumulative
    assert out["DV_KETNAP", "DNK"] is None  # nothing flows at an instant: a figure typed there is not one
    assert out["DV_KETNAP", CHANGE] is None  # a flow compares its yearly average, in the comparison sheet


def test_ratio_with_zero_or_blank_denominator_is_blank(defn):
    out = derive(defn, {("DV_TONG", "N2025"): 5, ("LD_TONG", "N2025"): 0})
    assert out["TL_DV_LD", "N2025"] is None
    assert out["TL_DV_LD", "N2024"] is None


def test_text_in_a_part_leaves_it_out_of_the_total(defn):
    out = derive(defn, {("MAIAM_MOI", "N2024"): "2", ("MAIAM_SUA", "N2024"): 3})
    assert out["MAIAM", "N2024"] == 3


def test_core_never_imports_io_libraries():
    code = ("import sys, xlunion.core.derive, xlunion.definition, xlunion.layout;"
            "bad = {'xlwings', 'openpyxl', 'xlsxwriter', 'smtplib'} & set(sys.modules);"
            "print(sorted(bad)); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
