"""Trust between levels (issue 18, cases 10-13): a workbook's claims are believed only where the
registry bears them out; the receipt time is never a field the workbook types about itself; a
workbook sent upward names files, never the consolidating machine's folders."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time

import openpyxl
import pytest

from xlunion.consolidation import consolidate_files
from xlunion.demo import run_chain
from xlunion.io.template import PROVENANCE, PROVENANCE_COL
from xlunion.layout import HIDDEN_SHEET, META_SHEET, layout
from xlunion.registry import load_registry
from xlunion.validation import validate_files


@pytest.fixture(scope="module")
def registry(demo):
    return load_registry(demo.registry)


@pytest.fixture(scope="module")
def chain(defn, demo):
    return run_chain(defn, demo.registry.parent, demo)


def _inbox(demo, parent: str):
    return demo.registry.parent / "inbox" / parent


def forge(defn, source, out, *, unit=None, claim=None, provenance=None, stamp_time=None):
    """A copy of ``source`` whose hidden sheet and “Thông tin chung” say what a forger wants."""
    book = openpyxl.load_workbook(source)
    hidden = book[HIDDEN_SHEET]
    info = [(k, v) for k, v in ((("consolidated_for", claim), ("stamp_time", stamp_time))) if v]
    row = next(r for r in range(1, 200) if hidden.cell(r, 1).value in (None, ""))
    for key, value in info:
        hidden.cell(row, 1, key)
        hidden.cell(row, 2, value)
        row += 1
    if unit:
        book[META_SHEET][layout(defn).meta_cell("unit_code")] = unit
    if provenance is not None:
        for col, key in enumerate(PROVENANCE, start=PROVENANCE_COL + 1):
            hidden.cell(1, col, key)
        for r, entry in enumerate(provenance, start=2):
            for col, key in enumerate(PROVENANCE, start=PROVENANCE_COL + 1):
                hidden.cell(r, col, entry.get(key, ""))
    book.save(out)
    return out


def _rules(defn, registry, path) -> set[str]:
    (result,) = validate_files([path], defn, registry.parents()).files
    return {f.rule for f in result.findings}


def test_a_grassroots_file_claiming_its_unions_consolidation_covers_nobody(defn, demo, registry, tmp_path):
    source = next(_inbox(demo, "CT01").glob("*CD0103*"))
    forged = forge(defn, source, tmp_path / "CT01_tong-hop.xlsx", unit="CT01", claim="CT01")
    assert {"level_mismatch", "name_mismatch"} <= _rules(defn, registry, forged)
    honest = consolidate_files([_inbox(demo, "CT01")], registry, "T00", tmp_path / "honest.xlsx", defn)
    attacked = consolidate_files([_inbox(demo, "CT01"), forged], registry, "T00", tmp_path / "attacked.xlsx", defn)
    statuses = {(r.file, r.status) for r in attacked.status}
    assert (forged.name, "errors") in statuses
    assert not any(r.status == "covered" for r in attacked.status), statuses
    assert attacked.values == honest.values


def test_a_consolidation_claimed_for_another_unit_or_a_grassroots_unit_is_an_error(defn, demo, registry, tmp_path):
    source = next(_inbox(demo, "CT01").glob("*CD0103*"))
    other = forge(defn, source, tmp_path / "other.xlsx", claim="CT01")
    assert "consolidated_other" in _rules(defn, registry, other)
    leaf = forge(defn, source, tmp_path / "leaf.xlsx", claim="CD0103")
    assert "consolidated_leaf" in _rules(defn, registry, leaf)


def test_a_real_consolidated_workbook_has_none_of_these_findings(defn, chain, registry):
    for path in chain.consolidated:
        found = _rules(defn, registry, path)
        assert not found & {"level_mismatch", "name_mismatch", "consolidated_other", "consolidated_leaf",
                            "provenance_foreign", "provenance_too_long", "provenance_unexpected"}, (path, found)


def test_provenance_is_bounded_by_the_registry_and_checked_against_it(defn, chain, registry, tmp_path):
    ct01 = next(p for p in chain.consolidated if "CT01" in p.name)
    rows = [{"unit": "CD0101", "file": f"copy{i}.xlsx", "sha256": f"{i:064x}"} for i in range(500)]
    padded = forge(defn, ct01, tmp_path / "padded.xlsx", provenance=rows)
    assert "provenance_too_long" in _rules(defn, registry, padded)
    foreign = forge(defn, ct01, tmp_path / "foreign.xlsx", provenance=[{"unit": "CD0201", "file": "x.xlsx"}])
    assert "provenance_foreign" in _rules(defn, registry, foreign)
    province = consolidate_files([padded], registry, "T00", tmp_path / "t00.xlsx", defn)
    assert {(r.file, r.status) for r in province.status} >= {("padded.xlsx", "errors")}
    assert len(province.provenance) < 20  # nothing of the padding went upward


def test_a_grassroots_file_carrying_provenance_rows_passes_none_of_them_upward(defn, demo, registry, tmp_path):
    source = next(_inbox(demo, "CT01").glob("*CD0101*"))
    rows = [{"unit": f"X{i:05}", "file": f"f{i}.xlsx", "sha256": f"{i:064x}"} for i in range(3000)]
    padded = forge(defn, source, tmp_path / "CD0101.xlsx", provenance=rows)
    assert "provenance_unexpected" in _rules(defn, registry, padded)
    folder = tmp_path / "in"
    folder.mkdir()
    for child in _inbox(demo, "CT01").glob("*.xlsx"):
        if "CD0101" not in child.name:
            shutil.copy2(child, folder)
    shutil.copy2(padded, folder)
    result = consolidate_files([folder], registry, "CT01", tmp_path / "ct01.xlsx", defn)
    assert any(r.unit == "CD0101" and r.status in ("valid", "warnings") for r in result.status)
    assert not any(row["unit"].startswith("X") for row in result.provenance)


def test_the_receipt_time_is_the_files_never_a_typed_stamp(defn, demo, registry, tmp_path):
    source = next(_inbox(demo, "CT01").glob("*CD0101*"))
    folder = tmp_path / "in"
    folder.mkdir()
    # v1 claims, by a typed line with no digest, to have been stamped long after v2 arrived
    first = forge(defn, source, folder / "CD0101_v1.xlsx", stamp_time="2099-01-01T08:00:00+07:00")
    second = forge(defn, source, folder / "CD0101_v2.xlsx")
    book = openpyxl.load_workbook(second)  # v2 differs, so it is a version, not a copy
    book[META_SHEET][layout(defn).meta_cell("officer")] = "Nguyễn Văn Bình"
    book.save(second)
    now = time.time()
    os.utime(first, (now - 7200, now - 7200))
    os.utime(second, (now - 60, now - 60))
    result = consolidate_files([folder], registry, "CT01", tmp_path / "ct01.xlsx", defn,
                               deadline=dt.datetime.fromtimestamp(now - 3600))
    statuses = {r.file: r.status for r in result.status}
    assert statuses["CD0101_v1.xlsx"] == "superseded" and statuses["CD0101_v2.xlsx"] == "late", statuses


def test_a_workbook_sent_upward_names_files_not_this_machines_folders(defn, demo, registry, tmp_path):
    folder = tmp_path / "hop-thu" / "CT01"
    shutil.copytree(_inbox(demo, "CT01"), folder)
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "ct01.xlsx"
    consolidate_files([folder], registry, "CT01", out, defn)
    book = openpyxl.load_workbook(out, read_only=True)
    texts = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any("hong.xlsx" in t for t in texts)
    assert not [t for t in texts if str(tmp_path) in t]
