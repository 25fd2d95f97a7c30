"""The comparison rules on plain values: status in points or ratios, projection, outlook."""

from __future__ import annotations

import pytest

from xlunion.core.compare import DONE, EXCEEDED, LIKELY, MET, NOT_MET, UNLIKELY, compare, judge, project
from xlunion.core.derive import derive


@pytest.mark.parametrize("value, status", [(0.90, MET), (0.949, MET), (0.951, EXCEEDED), (0.899, NOT_MET)])
def test_percent_targets_are_compared_in_points(defn, value, status):
    assert judge(defn["TL_DN_TULDTT"], value, 0.90) == status


@pytest.mark.parametrize("value, status", [(300, MET), (314, MET), (316, EXCEEDED), (299, NOT_MET)])
def test_count_targets_are_compared_as_ratios(defn, value, status):
    assert judge(defn["MAIAM"], value, 300) == status


def _row(defn, typed, code):
    return next(r for r in compare(defn, derive(defn, typed)) if r.indicator.code == code)


def test_cumulative_target_projects_the_yearly_average(defn):
    typed = {("MAIAM_MOI", y): 40 for y in ("N2023", "N2024", "N2025")}
    typed[("MAIAM_MOI", "DNK")] = 30
    row = _row(defn, typed, "MAIAM")
    assert row.current == 120 and row.threshold == 300 and row.status == NOT_MET
    assert row.projected == 200 and row.outlook == UNLIKELY  # 40 a year for 5 years, against 500
    assert row.change == 10 and row.change_pct == pytest.approx(1 / 3)


def test_level_target_projects_the_trend(defn):
    typed = {}
    for year, signed, total in (("DNK", 70, 100), ("N2023", 80, 100), ("N2024", 84, 100), ("N2025", 86, 100)):
        typed[("DN_TULDTT", year)] = signed
        typed[("DN_NN", year)] = 0
        typed[("DN_NGOAINN", year)] = total
    row = _row(defn, typed, "TL_DN_TULDTT")
    assert row.current == pytest.approx(0.86) and row.status == NOT_MET
    assert row.projected == pytest.approx(0.86 + 0.03 * 3)  # 2025 + the average yearly gain to 2028
    assert row.outlook == LIKELY
    typed[("DN_TULDTT", "N2025")] = 95
    assert _row(defn, typed, "TL_DN_TULDTT").outlook == DONE


def test_no_figures_no_verdict(defn):
    row = _row(defn, {}, "TL_DV_LD")
    assert (row.current, row.status, row.outlook, row.projected) == (None, "", "", None)


def test_projection_needs_every_year(defn):
    values = derive(defn, {("MAIAM_MOI", "N2023"): 5, ("MAIAM_MOI", "N2025"): 5})
    assert project(defn, defn["MAIAM"], values) is None
