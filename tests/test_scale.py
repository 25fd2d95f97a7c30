"""Reading at scale: isolated worker processes (a crash, a hang or a memory runaway costs one
file), a Dask cluster as the executor, compact figures, and the Parquet facts export."""

from __future__ import annotations

import faulthandler
import os
import pickle
import time

import pytest

from xlunion import isolation
from xlunion.core.submission import Figures
from xlunion.definition import load_definition
from xlunion.isolation import Limits
from xlunion.registry import load_registry
from xlunion.validation import read_files, validate_files

VICTIM = "CD0105"


def _sabotaged(how: str):
    """read_one as the forked workers will see it: misbehaving on the victim's file only."""
    original = isolation.read_one

    def read_one(path, source):
        if VICTIM in path.name:
            if how == "abort":
                faulthandler.disable()  # pytest's stack dump of a deliberate abort would only alarm the log
                os.abort()  # what python-calamine does on a file it cannot handle
            if how == "hang":
                time.sleep(60)
            if how == "memory":
                hog = bytearray(2 << 30)  # past the worker's ceiling
                return len(hog)
        return original(path, source)
    return read_one


@pytest.mark.parametrize("how, key", [("abort", "wb.crashed"), ("hang", "wb.timeout"), ("memory", "wb.out_of_memory")])
def test_a_file_that_kills_hangs_or_floods_its_worker_costs_only_itself(defn, demo, monkeypatch, how, key):
    isolation.close_pools(wait=True)  # fresh workers, forked with the patch
    monkeypatch.setattr(isolation, "read_one", _sabotaged(how))
    paths = sorted(demo.children)
    start = time.perf_counter()
    results = read_files(paths, defn, workers=2, limits=Limits(seconds=2.0, per_mb=0, memory_mb=300))
    assert time.perf_counter() - start < 30
    bad = [r for r in results if VICTIM in r.path.name]
    good = [r for r in results if VICTIM not in r.path.name]
    assert bad and all(r.error is not None and r.error.key == key for r in bad)
    assert all(r.submission is not None for r in good)  # every other file, read
    assert VICTIM in bad[0].error.render()  # the message names the file


def test_figures_are_compact_and_behave_like_the_dict_they_hold():
    data = {("A", "N2025"): 1.5, ("A", "N2024"): None, ("B", "N2025"): -0.0}
    figures = Figures(data)
    assert dict(figures) == data and figures == data and ("A", "N2025") in figures
    assert figures.get(("Z", "N2025")) is None and figures[("A", "N2024")] is None
    again = pickle.loads(pickle.dumps(figures))
    assert again == data and again._index is figures._index  # one key index for every workbook
    big = {(f"I{i}", p): float(i) + 0.5 for i in range(65) for p in ("NKT", "DNK", "N2023", "N2024", "N2025", "HT")}
    as_dicts, as_figures = _held(pickle.dumps(big)), _held(pickle.dumps(Figures(big)))
    assert as_figures < as_dicts / 4  # what a parent holds per child, as it arrives from a worker


def test_shared_indexes_and_cell_maps_live_only_as_long_as_a_submission_holds_them(defn, demo):
    # The add-in's Python validates file after file; a file with moved rows has its own cell map.
    import gc

    from xlunion.core import submission
    from xlunion.io.read import read_submission

    keys = tuple((f"X{i}", "N2025") for i in range(7))
    figures = Figures(dict.fromkeys(keys, 1.0))
    sub = read_submission(demo.children[0], defn)
    again = pickle.loads(pickle.dumps(sub))
    assert again.cells is sub.cells and again.cells == sub.cells  # one map for the same layout
    moved = dict(sub.cells)
    moved[next(iter(moved))] = ("Z", "Z999")
    own = submission._shared_map(moved)
    assert own == moved and own is not sub.cells
    before = len(submission._MAPS)
    assert keys in submission._INDEXES
    del figures, own, moved
    gc.collect()
    assert keys not in submission._INDEXES and len(submission._MAPS) == before - 1


def _held(blob: bytes, copies: int = 200) -> int:
    """Bytes held by ``copies`` unpickled copies of ``blob``."""
    import tracemalloc

    tracemalloc.start()
    kept = [pickle.loads(blob) for _ in range(copies)]
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return held


def test_reading_on_a_dask_cluster_gives_the_same_report(defn, demo):
    distributed = pytest.importorskip("distributed")
    files = sorted(demo.children)
    local = validate_files(files, defn, workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = validate_files(files, defn, executor="dask", scheduler=cluster.scheduler_address)
    assert [(r.path, r.status) for r in remote.files] == [(r.path, r.status) for r in local.files]
    assert remote.findings == local.findings


def test_an_unknown_executor_or_a_dask_run_without_address_is_refused(defn, demo):
    from xlunion.errors import XlunionError

    with pytest.raises(XlunionError, match="dask"):
        validate_files(demo.children[:1], defn, executor="spark")
    with pytest.raises(XlunionError, match="--scheduler"):
        validate_files(demo.children[:1], defn, executor="dask")


def test_the_facts_table_adds_up_to_the_parent_in_duckdb_and_pandas(defn, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    from xlunion.consolidation import consolidate_files
    from xlunion.demo import write_province

    province = write_province(load_definition(), tmp_path / "p", 12)
    facts = tmp_path / "facts.parquet"
    result = consolidate_files(province.children, load_registry(province.registry), "T00", tmp_path / "t.xlsx",
                               defn, facts=facts)
    frame = pd.read_parquet(facts)
    assert set(frame["unit"]) == {"T00", *(f"CS{i:06d}" for i in range(1, 13))}
    children = frame[(frame.kind == "child") & (frame.indicator == "DV_TONG") & (frame.period == "N2025")]
    assert children["value"].sum() == result.values["DV_TONG", "N2025"]
    assert children["sha256"].str.len().eq(64).all() and children["file"].str.endswith(".xlsx").all()
    total, parent = duckdb.sql(
        f"SELECT sum(value) FILTER (WHERE kind = 'child'), max(value) FILTER (WHERE kind = 'consolidated') "
        f"FROM '{facts}' WHERE indicator = 'DV_TONG' AND period = 'N2025'").fetchall()[0]
    assert total == parent == result.values["DV_TONG", "N2025"]


def test_the_detail_sheet_has_a_row_per_unit_and_says_when_it_stops(defn, tmp_path, monkeypatch):
    import openpyxl

    from xlunion.consolidation import consolidate_files
    from xlunion.demo import write_province
    from xlunion.io import parent

    province = write_province(defn, tmp_path / "p", 7)
    monkeypatch.setattr(parent, "DETAIL_MAX_UNITS", 5)
    timings: dict[str, float] = {}
    result = consolidate_files(province.children, load_registry(province.registry), "T00", tmp_path / "t.xlsx", defn,
                               timings=timings)
    assert list(timings) == ["read", "validate", "consolidate", "write"] and min(timings.values()) > 0
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")[parent.DETAIL_SHEET]
    first = parent.DETAIL_FIRST_ROW + 1
    units = [ws.cell(r, 1).value for r in range(first, first + 7)]
    assert units == ["CS000001", "CS000002", "CS000003", "CS000004", "CS000005", None, None]
    assert "Có 7 đơn vị" in ws["A2"].value and "--facts" in ws["A2"].value
    # Across: the current column of every indicator (what prints), then every period; the codes in a
    # hidden row for machines, names in the heading row below it; units down.
    columns = [(ind.code, defn.current.code) for ind in defn.indicators.values()]
    columns += [(ind.code, p.code) for ind in defn.indicators.values() for p in defn.periods]
    assert [ws.cell(3, c).value for c in range(3, 3 + len(columns))] == [f"{i}|{p}" for i, p in columns]
    assert ws.row_dimensions[3].hidden and defn["LD_TONG"].label in ws.cell(4, 3).value
    # The sheet is written row by row straight to disk, where a write out of order is lost: every
    # figure of every unit must be in its cell, and nothing else.
    written = 0
    for row, unit in enumerate(units[:5], start=first):
        for col, key in enumerate(columns, start=3):
            expected = result.detail[unit][key]  # xlsxwriter writes 16 significant digits
            assert ws.cell(row, col).value == (None if expected is None else pytest.approx(expected, rel=1e-15))
            written += ws.cell(row, col).value is not None
    assert written > 5 * len(defn.indicators)
    assert ws.cell(first - 1, 2).value == "Tổng hợp" and ws.cell(first - 1, 3).value.startswith("=")
