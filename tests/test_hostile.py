"""Hostile and broken input: every file of the corpus (tests/hostile.py) gets one clear answer
naming the file, within 5 s of CPU and 500 MB, as a whole `xlunion validate` process; no input
is ever changed; the rest of a batch still consolidates; child text never becomes a formula.

Time is held here as the process tree's CPU seconds, which a busy machine does not inflate; the
wall-clock promise (5 s a file) is a benchmark: ``python bench/preflight.py --process``."""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from hostile import Case, base_child, build, parts, rezip, set_cell, summary, table, text_cell

from xlunion.consolidation import compare_file, consolidate_files
from xlunion.io.read import read_submission
from xlunion.registry import load_registry

CPU_SECONDS, MEGABYTES = 5.0, 500
HANG_SECONDS = 60  # wall: only a hang comes near it (a file takes 1-3 s alone, 6 s on a loaded machine)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "hostile-input.md"
MEASURE = ("import resource, subprocess, sys\n"
           "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
           "sys.stdout.write(run.stdout); sys.stderr.write(run.stderr)\n"
           "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "print('\\n@@', use.ru_utime + use.ru_stime, use.ru_maxrss)\n")


@pytest.fixture(scope="session")
def corpus(defn, tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    province, base = base_child(defn, root / "province")
    cases = build(defn, base, root / "corpus")
    return province, root / "corpus", cases


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_measured(args: list[str]) -> tuple[dict, float, float]:
    """``xlunion …`` as its own process: its JSON, and the CPU seconds and peak MB of it and its workers."""
    run = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "xlunion", *args],
                         capture_output=True, text=True, timeout=HANG_SECONDS)
    out, _sep, tail = run.stdout.rpartition("\n@@ ")
    seconds, kb = tail.split()
    assert "Traceback" not in run.stderr, run.stderr
    return json.loads(out), float(seconds), int(kb) / 1024


def test_the_corpus_is_large_and_covers_what_the_issue_lists(corpus):
    _province, _folder, cases = corpus
    names = " ".join(c.name for c in cases)
    assert len(cases) >= 40
    for kind in ("not-a-zip", "truncated", "zip-bomb", "billion-laughs", "external-entity", "csv", "html", "xls",
                 "ods", "xlsb", "encrypted", "macros", "external-links", "hidden", "very-hidden", "rows-inserted",
                 "row-deleted", "merged", "hyperlink", "dde", "plus", "minus", "-at", "excel-error", "nan",
                 "infinity", "huge", "negative-zero", "million-rows", "long-note", "zero-width", "right-to-left",
                 "1904", "other-report", "other-version", "same-unit"):
        assert kind in names, kind


def test_every_file_gets_its_answer_alone_in_time_and_memory(corpus):
    province, folder, cases = corpus
    before = {c.name: sha(folder / c.name) for c in cases}

    def one(case: Case):
        return case, run_measured(["validate", str(folder / case.name), "--registry", str(province.registry),
                                   "--format", "json"])

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(one, cases))
    said = {case.name: summary(report["files"][0], case) for case, (report, _s, _mb) in results}
    assert DOCS.read_text(encoding="utf-8") == table(cases, said), "run: python tests/hostile.py OUT --table " + str(
        DOCS.relative_to(DOCS.parents[1]))
    for case, (report, seconds, mb) in results:
        result = report["files"][0]
        assert seconds < CPU_SECONDS and mb < MEGABYTES, (case.name, seconds, mb)
        if case.expect.startswith("wb."):
            assert result["status"] == "unusable" and result["reason"] == case.expect, (case.name, result)
            assert case.name in result["error"], result["error"]  # the message names the file
        elif case.expect == "ok":
            assert result["status"] == "ok", (case.name, result["findings"])
        else:
            rules = {f["rule"]: f for f in result["findings"]}
            assert case.expect.removeprefix("rule:") in rules, (case.name, sorted(rules))
            assert all(f["file"] == case.name and f["message"] for f in result["findings"])
    assert {c.name: sha(folder / c.name) for c in cases} == before  # not one byte of an input changed


def test_negative_zero_is_read_as_zero_and_1904_dates_as_dates(defn, corpus):
    _province, folder, _cases = corpus
    sub = read_submission(folder / "negative-zero.xlsx", defn)
    zeros = [v for v in sub.values.values() if v == 0]
    assert zeros and all(math.copysign(1, v) == 1 for v in zeros)
    assert str(read_submission(folder / "date-1904.xlsx", defn).meta["cutoff"]) == "2025-12-31"


def test_the_batch_still_consolidates_every_good_child(defn, corpus, tmp_path):
    province, folder, cases = corpus
    registry = load_registry(province.registry)
    inputs = [*province.children, *(folder / c.name for c in cases)]
    before = {p: sha(p) for p in inputs}
    result = consolidate_files(inputs, registry, "T00", tmp_path / "tinh.xlsx")
    assert sorted(s.unit for s in result.counted) == [f"CS{i:06d}" for i in range(1, 9)]
    refused = {r.file: r.note for r in result.status if r.status == "unusable"}
    assert set(refused) == {c.name for c in cases if c.expect.startswith("wb.")}
    assert all(name in note for name, note in refused.items())  # each says which file and why
    assert {p: sha(p) for p in inputs} == before


PAYLOADS = ['=HYPERLINK("http://evil.example/x","Bấm")', "=cmd|' /C calc'!A0", "+cmd|' /C notepad'!A0",
            "@SUM(1+9)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"]


def _injected(defn, child: Path, out: Path, payload: str) -> Path:
    """``child`` with ``payload`` as its unit name, officer and a note."""
    from xlunion.io.preflight import preflight
    from xlunion.layout import META_SHEET, layout

    lay, data = layout(defn), child.read_bytes()
    sheets, members = preflight(child, data).sheets, parts(data)
    for field in ("unit_name", "officer"):
        ref = lay.meta_cell(field)
        members[sheets[META_SHEET]] = set_cell(members[sheets[META_SHEET]], ref, text_cell(ref, payload))
    code = next(i.code for i in defn.indicators.values() if not i.computed)
    sheet, ref = lay.cell(code, "GC")
    members[sheets[sheet]] = set_cell(members[sheets[sheet]], ref, text_cell(ref, payload))
    out.write_bytes(rezip(members))
    return out


def _formulas_and_texts(path: Path) -> tuple[list[str], set[str]]:
    book = openpyxl.load_workbook(path)
    formulas, texts = [], set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append(str(c.value))
                elif isinstance(c.value, str):
                    texts.add(c.value)
    return formulas, texts


def test_child_text_never_becomes_a_formula_in_what_xlunion_writes(defn, corpus, tmp_path):
    province, _folder, _cases = corpus
    registry = load_registry(province.registry)
    children = [_injected(defn, child, tmp_path / f"=HYPERLINK({i}).xlsx" if i == 0 else tmp_path / child.name,
                          PAYLOADS[i % len(PAYLOADS)]) for i, child in enumerate(province.children)]
    parent = tmp_path / "tinh.xlsx"
    before = {p: sha(p) for p in children}
    consolidate_files(children, registry, "T00", parent)
    compared = compare_file(children[0], tmp_path / "so-sanh.xlsx")
    subprocess.run([sys.executable, "-m", "xlunion", "diff", str(children[0]), str(children[1])], capture_output=True)
    assert {p: sha(p) for p in children} == before
    for out in (parent, compared):
        formulas, texts = _formulas_and_texts(out)
        assert formulas  # xlunion's own formulas are there …
        assert not [f for f in formulas if "cmd|" in f or "evil" in f or "HYPERLINK" in f]  # … and only those
    _formulas, texts = _formulas_and_texts(compared)
    assert PAYLOADS[0] in texts  # the child's text did reach the output, as text
    _formulas, texts = _formulas_and_texts(parent)
    assert any(PAYLOADS[1] in t for t in texts) and "=HYPERLINK(0).xlsx" in texts


def test_a_hundred_good_children_with_twenty_bad_ones_all_consolidate(defn, corpus, tmp_path):
    from xlunion.demo import write_province

    _province, folder, cases = corpus
    big = write_province(defn, tmp_path / "big", 100, workers=2)
    bad = [folder / c.name for c in cases if c.expect.startswith("wb.")][:20]
    assert len(bad) == 20
    result = consolidate_files([*big.children, *bad], load_registry(big.registry), "T00", tmp_path / "tinh.xlsx")
    assert len({s.unit for s in result.counted}) == 100
    assert sum(r.status == "unusable" for r in result.status) == 20


def _consolidate_cmd(province, out: Path) -> list[str]:
    return [sys.executable, "-m", "xlunion", "consolidate", str(Path(province.children[0]).parent), "--registry",
            str(province.registry), "--unit", "T00", "-o", str(out)]


def test_a_write_killed_midway_leaves_the_previous_output_whole(defn, corpus, tmp_path):
    import signal

    province, _folder, _cases = corpus
    out = tmp_path / "tinh.xlsx"
    subprocess.run(_consolidate_cmd(province, out), check=True, capture_output=True)
    previous = sha(out)
    outcomes = set()
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0, 2.4):
        proc = subprocess.Popen(_consolidate_cmd(province, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sub = read_submission(out, defn)  # always a whole, readable workbook …
        assert sub.info.get("consolidated_units") or sub.meta["unit_code"] == "T00"
        outcomes.add("old" if sha(out) == previous else "new")
    assert "old" in outcomes  # … and at least one kill really landed before the rename
    subprocess.run(_consolidate_cmd(province, out), check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tinh.xlsx"]  # the killed writers' temporaries, gone


def test_two_consolidations_writing_one_output_leave_one_whole_file(defn, corpus, tmp_path):
    province, _folder, _cases = corpus
    out = tmp_path / "tinh.xlsx"
    procs = [subprocess.Popen(_consolidate_cmd(province, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(2)]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert read_submission(out, defn).meta["unit_code"] == "T00"
    assert [p.name for p in tmp_path.iterdir()] == ["tinh.xlsx"]  # no temporary file left behind
