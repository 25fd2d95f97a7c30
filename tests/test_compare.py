"""The comparison rules on plain values: points and ratios, part years, bounded projections, the
sources' vocabulary, contributions, partial columns."""

from __future__ import annotations

import datetime as dt

import pytest

from xlunion.core.calendar import elapsed, term_end_year, term_years, year_fractions
from xlunion.core.compare import (
    DONE,
    EXCEEDED,
    FAILED,
    LIKELY,
    MET,
    NOT_MET,
    UNLIKELY,
    compare,
    judge,
    judgement,
    project,
)
from xlunion.core.derive import derive
from xlunion.targets import Applied, Target

START = dt.date(2023, 7, 1)


def _applied(target: Target, role: str = "own", start: dt.date = START) -> Applied:
    return Applied(target, role, "Nghị quyết thử", "T00", "Tỉnh thử", start)


# -- the calendar -------------------------------------------------------------------------------


def test_a_term_from_a_mid_year_congress_counts_part_years_by_months(defn):
    assert year_fractions(defn, START) == {"N2023": 0.5, "N2024": 1.0, "N2025": 1.0}
    assert elapsed(defn, START) == 2.5 and term_years(defn) == 5
    assert term_end_year(defn, START) == 2028


@pytest.mark.parametrize("congress, fraction_2023", [
    (dt.date(2023, 3, 15), 10 / 12),  # 9,6 months: ten
    (dt.date(2023, 7, 20), 5 / 12),
    (dt.date(2022, 11, 2), 1.0),
    (dt.date(2024, 1, 1), 0.0),  # a congress after the year: none of it counts
])
def test_a_unit_with_its_own_congress_date(defn, congress, fraction_2023):
    assert year_fractions(defn, congress)["N2023"] == pytest.approx(fraction_2023)


def test_a_cutoff_within_a_year_counts_its_months(defn):
    assert elapsed(defn, START, dt.date(2025, 6, 30)) == pytest.approx(2.0)


# -- status ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, status", [(0.90, MET), (0.949, MET), (0.99, MET), (0.899, NOT_MET)])
def test_percent_targets_are_compared_in_points(defn, value, status):
    target = Target("TL_DN_TULDTT", ">=", 0.90, "level")
    assert judge(defn["TL_DN_TULDTT"], target, value, 0.90) == status


def test_exceeded_only_where_the_resolution_asks_to_exceed(defn):
    plain = Target("TL_DN_TULDTT", ">=", 0.90, "level")
    asks = Target("TL_DN_TULDTT", ">=", 0.90, "level", exceed=True)
    assert judge(defn["TL_DN_TULDTT"], plain, 0.99, 0.90) == MET
    assert judge(defn["TL_DN_TULDTT"], asks, 0.99, 0.90) == EXCEEDED  # 9 points above: beyond 5
    assert judge(defn["TL_DN_TULDTT"], asks, 0.94, 0.90) == MET


@pytest.mark.parametrize("value, status", [(300, MET), (316, MET), (299, NOT_MET)])
def test_count_targets_are_compared_as_ratios(defn, value, status):
    assert judge(defn["MAIAM"], Target("MAIAM", ">=", 100, "per_year"), value, 300) == status


def test_at_most_targets_turn_the_gap(defn):
    target = Target("NOLUONG_DN", "<=", 2, "level")
    assert judge(defn["NOLUONG_DN"], target, 1, 2) == MET and judge(defn["NOLUONG_DN"], target, 3, 2) == NOT_MET


# -- per-year counts over a term that opened mid-year ---------------------------------------------


def _maiam(defn, per_year: dict[str, int]):
    return derive(defn, {("MAIAM_MOI", y): v for y, v in per_year.items()})


def test_a_per_year_count_is_due_for_the_months_elapsed(defn):
    values = _maiam(defn, {"N2023": 50, "N2024": 100, "N2025": 100})
    j = judgement(defn, defn["MAIAM"], values, _applied(Target("MAIAM", ">=", 100, "per_year")))
    assert j.actual == 250 and j.threshold == 250 and j.elapsed == 2.5  # not 300: 2023 is half a year
    assert j.status == MET
    assert j.projected == pytest.approx(500) and j.goal == 500 and j.outlook == LIKELY


def test_a_per_year_count_short_of_its_pace(defn):
    values = _maiam(defn, {"N2023": 20, "N2024": 60, "N2025": 70})
    j = judgement(defn, defn["MAIAM"], values, _applied(Target("MAIAM", ">=", 100, "per_year")))
    assert (j.status, j.outlook) == (NOT_MET, UNLIKELY)
    assert j.projected == pytest.approx(150 / 2.5 * 5)


def test_done_only_once_the_terms_target_is_reached(defn):
    values = _maiam(defn, {"N2023": 200, "N2024": 200, "N2025": 150})
    j = judgement(defn, defn["MAIAM"], values, _applied(Target("MAIAM", ">=", 100, "per_year")))
    assert j.outlook == DONE  # 550 ≥ 100 × 5 years: the term's target is already reached


# -- levels and rates ---------------------------------------------------------------------------


def _agreements(defn, signed: dict[str, int], total: int = 100):
    typed = {}
    for period, n in signed.items():
        typed[("DN_TULDTT", period)] = n
        typed[("DN_NN", period)] = 0
        typed[("DN_NGOAINN", period)] = total
    return derive(defn, typed)


def test_a_level_met_before_its_deadline_is_likely_not_done(defn):
    values = _agreements(defn, {"DNK": 70, "N2023": 80, "N2024": 90, "N2025": 92})
    j = judgement(defn, defn["TL_DN_TULDTT"], values, _applied(Target("TL_DN_TULDTT", ">=", 0.90, "level")))
    assert j.status == MET and j.outlook == LIKELY and j.deadline == 2028  # a level can still fall


def test_a_level_due_by_a_year_that_has_passed_is_final(defn):
    values = _agreements(defn, {"DNK": 70, "N2023": 80, "N2024": 84, "N2025": 86})
    target = Target("TL_DN_TULDTT", ">=", 0.90, "level", by=2025)
    assert judgement(defn, defn["TL_DN_TULDTT"], values, _applied(target)).outlook == FAILED
    met = Target("TL_DN_TULDTT", ">=", 0.85, "level", by=2025)
    assert judgement(defn, defn["TL_DN_TULDTT"], values, _applied(met)).outlook == DONE


def test_a_rate_is_projected_along_its_trend_and_kept_within_100_percent(defn):
    values = _agreements(defn, {"DNK": 50, "N2023": 60, "N2024": 80, "N2025": 100})
    target = Target("TL_DN_TULDTT", ">=", 0.90, "level")
    # 60 % → 100 % in two years: the trend alone would reach 160 % by 2028
    assert project(defn, defn["TL_DN_TULDTT"], target, values, 2.5, 2028) == 1.0
    falling = _agreements(defn, {"DNK": 90, "N2023": 60, "N2024": 30, "N2025": 5})
    assert project(defn, defn["TL_DN_TULDTT"], target, falling, 2.5, 2028) == 0.0


def test_a_rate_held_every_year_is_judged_on_the_latest_year(defn):
    typed = {("DN_NN", p): 4 for p in ("N2023", "N2024", "N2025")}
    typed.update({("DN_NN_HNNLD", "N2023"): 4, ("DN_NN_HNNLD", "N2024"): 4, ("DN_NN_HNNLD", "N2025"): 3})
    values = derive(defn, typed)
    j = judgement(defn, defn["TL_HNNLD_NN"], values, _applied(Target("TL_HNNLD_NN", ">=", 1.0, "each_year")))
    assert j.actual == 0.75 and j.status == NOT_MET


def test_projection_needs_every_year(defn):
    values = derive(defn, {("DN_TULDTT", "N2023"): 5, ("DN_NGOAINN", "N2023"): 10})
    target = Target("TL_DN_TULDTT", ">=", 0.9, "level")
    assert project(defn, defn["TL_DN_TULDTT"], target, values, 2.5, 2028) is None


def test_no_figures_no_verdict(defn):
    j = judgement(defn, defn["TL_DV_LD"], derive(defn, {}), _applied(Target("TL_DV_LD", ">=", 0.95, "level")))
    assert (j.actual, j.status, j.outlook, j.projected) == (None, "", "", None)


def test_a_contribution_is_shown_not_judged(defn):
    values = _maiam(defn, {"N2023": 1, "N2024": 2, "N2025": 2})
    j = judgement(defn, defn["MAIAM"], values, _applied(Target("MAIAM", ">=", 100, "per_year"), "contribution"))
    assert (j.status, j.outlook) == ("", "") and j.reached == pytest.approx(5 / 250)


# -- part I: start of the term, the previous term ------------------------------------------------


def _row(defn, typed, code, completeness=None):
    return next(r for r in compare(defn, derive(defn, typed), completeness) if r.indicator.code == code)


def test_a_percentage_changes_in_points(defn):
    typed = {("DV_TONG", "DNK"): 881, ("LD_TONG", "DNK"): 1000, ("DV_TONG", "N2025"): 912, ("LD_TONG", "N2025"): 1000}
    typed.update({(c, y): 900 if c == "DV_TONG" else 1000 for c in ("DV_TONG", "LD_TONG") for y in ("N2023", "N2024")})
    row = _row(defn, typed, "TL_DV_LD")
    assert row.change == pytest.approx(3.1) and row.change_pct is None  # +3,1 points, not +3,5 %


def test_a_flow_compares_its_yearly_average_with_the_previous_term(defn):
    typed = {("MAIAM_MOI", "N2023"): 10, ("MAIAM_MOI", "N2024"): 20, ("MAIAM_MOI", "N2025"): 20,
             ("MAIAM_MOI", "NKT"): 40}
    row = _row(defn, typed, "MAIAM")
    assert row.current == 50 and row.change is None  # no level at the start to compare a flow with
    assert row.yearly == pytest.approx(20)  # 50 in 2,5 years
    assert row.vs_previous == pytest.approx(50 / 40 - 1)  # same span of the previous term


def test_a_partial_previous_column_is_not_compared(defn):
    typed = {("MAIAM_MOI", "N2023"): 10, ("MAIAM_MOI", "N2024"): 20, ("MAIAM_MOI", "N2025"): 20,
             ("MAIAM_MOI", "NKT"): 4}
    assert _row(defn, typed, "MAIAM", {"NKT": (3, 35)}).vs_previous is None
    assert _row(defn, typed, "MAIAM", {"NKT": (35, 35)}).vs_previous == pytest.approx(50 / 4 - 1)
