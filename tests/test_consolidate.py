"""Consolidation: properties on random children, three levels against one, every status,
order independence and output safety."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import shutil

import openpyxl
import pytest
from helpers import sheet_values
from hypothesis import given, settings
from hypothesis import strategies as st

from xlunion.consolidation import consolidate_files
from xlunion.core.consolidate import Candidate, aggregate, consolidate
from xlunion.core.derive import derive
from xlunion.core.submission import Submission
from xlunion.demo import DEADLINE, OWN_FOLDER, run_chain
from xlunion.errors import OutputError, OutputLockedError
from xlunion.io.parent import STATUS_FIRST_ROW, STATUS_SHEET
from xlunion.io.read import read_submission
from xlunion.io.template import Filling, write_workbook
from xlunion.registry import Registry, Unit, load_registry
from xlunion.validation import validate_files

# -- properties on the pure core ---------------------------------------------------------------

REG = Registry([Unit("P", "Công đoàn cấp trên", "cap_tren")]
               + [Unit(f"C{i}", f"CĐCS {i}", "co_so", parent="P") for i in range(8)])


def _inputs(defn):
    return [(i.code, p.code) for i in defn.indicators.values() if not i.computed for p in defn.periods
            if i.applies(p.role)]


def _summed(ind) -> bool:
    """Consolidated from grassroots children alone (no parent's own figure, no registry figure)."""
    return ind.aggregate in ("sum", "own_plus_sum") and "co_so" in ind.levels


@st.composite
def children(draw, defn):
    n = draw(st.integers(min_value=1, max_value=6))
    keys = _inputs(defn)
    subs = []
    for i in range(n):
        seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
        rng = random.Random(seed)
        values = {k: (None if rng.random() < 0.05 else float(rng.randint(0, 5000))) for k in keys}
        for k in keys:  # a mean is a wage, its weight a head count
            if defn[k[0]].kind == "mean" and values[k] is not None:
                values[k] = float(rng.randint(4_000_000, 15_000_000))
        digest = hashlib.sha256(f"{i}:{seed}".encode()).hexdigest()
        subs.append(Submission(file=f"C{i}.xlsx", sha256=digest, info={}, meta={"unit_code": f"C{i}"},
                               values=values, stored={}, cells={}))
    return subs


def _candidates(subs):
    return [Candidate(file=s.file, submission=s) for s in subs]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_counts_sum_ratios_recompute_means_weigh(defn, data):
    subs = data.draw(children(defn))
    result = consolidate(defn, REG, "P", _candidates(subs))
    full = derive(defn, result.values)
    for code, period in _inputs(defn):
        ind = defn[code]
        present = [s.values[code, period] for s in subs if s.values[code, period] is not None]
        if ind.kind in ("stock", "flow") and not _summed(ind):
            # what no grassroots union reports: the parent's own figure, or the registry's count
            counted = ind.registry_count and period != "NKT"
            assert result.values[code, period] == (1.0 if counted else None), (code, period)
        elif ind.kind in ("stock", "flow"):
            assert result.values[code, period] == (math.fsum(present) if present else None)
        else:  # mean, weighted by its weight indicator
            pairs = [(s.values[code, period], s.values[ind.weight, period]) for s in subs
                     if s.values[code, period] is not None and s.values[ind.weight, period] is not None]
            weight = math.fsum(w for _v, w in pairs)
            expected = math.fsum(v * w for v, w in pairs) / weight if weight else None
            assert result.values[code, period] == pytest.approx(expected)
    for ind in defn.indicators.values():
        if ind.kind != "ratio":
            continue
        for p in [*defn.periods, defn.current]:
            num = [full[c, p.code] for c in ind.numerator if full[c, p.code] is not None]
            den = [full[c, p.code] for c in ind.denominator if full[c, p.code] is not None]
            if num and den and math.fsum(den):
                assert full[ind.code, p.code] == pytest.approx(math.fsum(num) / math.fsum(den))
            else:
                assert full[ind.code, p.code] is None


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_shuffling_the_inputs_changes_nothing(defn, data):
    subs = data.draw(children(defn))
    shuffled = data.draw(st.permutations(subs))
    a = consolidate(defn, REG, "P", _candidates(subs))
    b = consolidate(defn, REG, "P", _candidates(shuffled))
    assert a.values == b.values  # exactly: fsum does not depend on order
    assert [(r.unit, r.status, r.file) for r in a.status] == [(r.unit, r.status, r.file) for r in b.status]


def test_a_total_row_is_never_added_into_its_whole(defn):
    values = {k: 0.0 for k in _inputs(defn)}
    values.update({("DV_TONG", "N2025"): 100.0, ("DV_NU", "N2025"): 60.0})
    sub = Submission(file="a", sha256="a", info={}, meta={"unit_code": "C0"}, values=values, stored={}, cells={})
    assert aggregate(defn, [sub])["DV_TONG", "N2025"] == 100.0  # not 160: “trong đó” is a part


# -- the demo province, file by file ---------------------------------------------------------------


@pytest.fixture(scope="module")
def chain(defn, demo):
    return run_chain(defn, demo.registry.parent, demo)


@pytest.fixture(scope="module")
def registry(demo):
    return load_registry(demo.registry)


def _statuses(result):
    return {(r.unit, r.status) for r in result.status}


def test_three_levels_equal_one(defn, demo, chain, registry, tmp_path):
    """Every grassroots workbook and every union's own workbook, straight into the province, give the
    figures the chain gives through the ward, commune and zone unions."""
    own = demo.registry.parent / OWN_FOLDER
    direct = consolidate_files([demo.registry.parent / "inbox", own], registry, "T00", tmp_path / "direct.xlsx", defn,
                               deadline=DEADLINE)
    via = read_submission(chain.province, defn).values
    straight = read_submission(tmp_path / "direct.xlsx", defn).values
    assert via.keys() == straight.keys()
    for key, value in via.items():
        if value is None:
            assert straight[key] is None, key
        elif defn[key[0]].integer:
            assert value == straight[key], key  # counts are exact
        else:
            assert value == pytest.approx(straight[key], rel=1e-12), key
    own_records = {unit for unit, status in _statuses(direct) if status == "valid"}
    assert {"CT01", "CT02", "CT03"} <= own_records  # their own workbooks, beside their children's


def test_consolidated_workbooks_pass_validation_one_level_up(defn, chain, registry):
    parents = registry.parents()
    report = validate_files([*chain.consolidated, chain.province], defn, parents)
    assert [f for f in report.findings if f.severity == "error"] == []


def test_provenance_traces_down_every_level(defn, chain):
    rows = read_submission(chain.province, defn).provenance
    units = {(r["unit"], r["via"]) for r in rows}
    assert ("CT03", "") in units and ("CD0301", "CT03") in units and ("CD0901", "") in units
    cd0306 = [r for r in rows if r["unit"] == "CD0306"]
    assert len(cd0306) == 1 and cd0306[0]["file"].endswith("_v2.xlsx")
    assert all(len(r["sha256"]) == 64 for r in rows)


def _status_cells(path):
    ws = openpyxl.load_workbook(path)[STATUS_SHEET]
    return {(ws.cell(r, 2).value, ws.cell(r, 4).value) for r in range(STATUS_FIRST_ROW + 1, ws.max_row + 1)}


def test_statuses_in_the_demo_chain(chain):
    ct01, ct02, ct03 = (chain.summaries[i][1] for i in range(3))
    assert ("CD0105", "errors") in _statuses(ct01)
    assert {("CD0207", "errors"), ("CD0210", "late"), ("CD0203", "warnings")} <= _statuses(ct02)
    assert {("CD0302", "duplicate"), ("CD0306", "superseded"), ("CD0301", "warnings")} <= _statuses(ct03)
    sheet = _status_cells(chain.consolidated[2])
    assert ("CD0302", "Trùng (bản sao giống hệt)") in sheet and ("CD0306", "Đã có bản gửi sau thay thế") in sheet
    assert ("CD0210", "Nộp muộn") in _status_cells(chain.consolidated[1])
    assert ("CD0105", "Có lỗi, không tổng hợp") in _status_cells(chain.consolidated[0])


def test_latest_version_counts(defn, demo, chain):
    second = next(p for p in demo.children if p.name.endswith("_v2.xlsx"))
    assert chain.summaries[2][1].detail["CD0306"]["SANGKIEN", "N2025"] == read_submission(
        second, defn).values["SANGKIEN", "N2025"]


def test_missing_child(defn, demo, registry, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo.registry.parent / "inbox" / "CT01", inbox)
    next(inbox.glob("*CD0108*")).unlink()
    result = consolidate_files([inbox], registry, "CT01", tmp_path / "ct01.xlsx", defn)
    assert ("CD0108", "missing") in _statuses(result)
    assert ("CD0108", "Chưa nộp") in _status_cells(tmp_path / "ct01.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "ct01.xlsx")[STATUS_SHEET]
    summary = {row[1]: row[3] for row in ws.iter_rows(values_only=True) if len(row) > 3 and row[1]}
    assert summary["Số đơn vị trực thuộc phải báo cáo"] == 12  # CD0105 has errors, CD0108 is missing:
    assert summary["Số đơn vị đã có số liệu (nộp trực tiếp hoặc tổng hợp từ đơn vị cấp dưới)"] == 10


def test_include_invalid(defn, demo, registry, tmp_path):
    result = consolidate_files([demo.registry.parent / "inbox" / "CT01"], registry, "CT01", tmp_path / "a.xlsx",
                               defn, include_invalid=True)
    assert ("CD0105", "included_invalid") in _statuses(result)
    assert "CD0105" in result.detail


def test_children_beside_their_unions_consolidated_workbook_count_once(defn, demo, chain, registry, tmp_path):
    both = consolidate_files([chain.consolidated[0], demo.registry.parent / "inbox" / "CT01"], registry, "T00",
                             tmp_path / "both.xlsx", defn)
    only = consolidate_files([chain.consolidated[0]], registry, "T00", tmp_path / "only.xlsx", defn)
    assert both.values == only.values
    assert ("CD0101", "covered") in _statuses(both)


def test_foreign_and_unusable_files(defn, demo, registry, tmp_path):
    stranger = next((demo.registry.parent / "inbox" / "CT02").glob("*CD0201*"))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    result = consolidate_files([stranger, junk, *(demo.registry.parent / "inbox" / "CT01").glob("*CD010[1-3]*")],
                               registry, "CT01", tmp_path / "out" / "ct01.xlsx", defn)
    assert ("CD0201", "foreign") in _statuses(result) and ("", "unusable") in _statuses(result)
    assert "CD0201" not in result.detail


def test_merged_unit_counts_under_its_successor(defn, demo, registry, tmp_path):
    filling = Filling(meta={"unit_code": "CD0299", "parent_code": "CT02"},
                      values={("LD_TONG", "DNK"): 40, ("DV_TONG", "DNK"): 38})
    old = write_workbook(defn, tmp_path / "old" / "CD0299.xlsx", filling)
    school = next((demo.registry.parent / "inbox" / "CT02").glob("*CD0203*"))
    result = consolidate(defn, registry, "CT02", [Candidate(file=p.name, submission=read_submission(p, defn))
                                                  for p in (old, school)])
    assert ("CD0299", "foreign") not in _statuses(result)
    assert result.values["DV_TONG", "DNK"] == 38 + read_submission(school, defn).values["DV_TONG", "DNK"]


def test_same_inputs_in_any_order_same_workbook(defn, demo, registry, tmp_path):
    files = sorted((demo.registry.parent / "inbox" / "CT03").glob("*.xlsx"))
    consolidate_files(files, registry, "CT03", tmp_path / "a.xlsx", defn)
    consolidate_files(files[::-1], registry, "CT03", tmp_path / "b.xlsx", defn)
    assert sheet_values(tmp_path / "a.xlsx") == sheet_values(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_an_input_is_never_the_output(defn, demo, registry):
    child = next((demo.registry.parent / "inbox" / "CT01").glob("*.xlsx"))
    before = child.read_bytes()
    with pytest.raises(OutputError, match="không bao giờ ghi đè"):
        consolidate_files([child], registry, "CT01", child, defn)
    assert child.read_bytes() == before


def test_output_open_in_excel(defn, demo, registry, tmp_path):
    (tmp_path / "~$ct01.xlsx").write_text("lock")
    with pytest.raises(OutputLockedError, match="đóng tệp"):
        consolidate_files([demo.registry.parent / "inbox" / "CT01"], registry, "CT01", tmp_path / "ct01.xlsx", defn)


def test_deadline_marks_late(defn, demo, registry, tmp_path):
    early = dt.datetime(2026, 1, 1)
    result = consolidate_files([demo.registry.parent / "inbox" / "T00"], registry, "T00", tmp_path / "t.xlsx", defn,
                               deadline=early)
    assert {r.status for r in result.status if r.unit.startswith("CD09")} == {"late"}
