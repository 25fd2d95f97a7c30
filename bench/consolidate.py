"""Consolidating a province: xlunion against the naive pipeline and the raw read floor.

    python bench/consolidate.py                      # N = 200 and 2,000
    python bench/consolidate.py --children 200       # one size
    python bench/consolidate.py --big                # adds N = 20,000 (a long run)
    python bench/consolidate.py --keep /tmp/bench    # reuse generated children between runs

For each N the demo generator writes N children of one province; then each step runs as
its own process (so its peak memory is its own), measured as a whole: wall time, and peak
memory of the process and its workers together (proportional set size, so that pages forked
workers share with their parent count once; the sum of RSS is kept too), sampled every 20 ms.

- floor: python-calamine reading every cell of every sheet of every file into Python lists,
  no DataFrames, one process per core: the least any reader can do;
- naive: the way most people would write it: ``pandas.read_excel`` (openpyxl) per sheet,
  a pandera validation per file, summing with pandas, the parent written with openpyxl;
- xlunion: read (isolated workers), validate (a pandera call per 2,500 children), consolidate, and write the
  parent workbook with its status, detail, changes and comparison sheets.

Results go to bench/results-consolidate.json. The last three lines, for the largest N, are
``naive/xlunion = R``, ``xlunion/floor = R`` and ``peak_mb = M`` (xlunion's peak memory).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


# the steps, each run in its own process ----------------------------------------------------

def _cells(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return sum(len(row) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python())


def step_floor(paths: list[Path], workers: int) -> dict:
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        cells = sum(pool.map(_cells, map(str, paths), chunksize=32))
    return {"read": time.perf_counter() - start, "cells": cells}


def step_naive(paths: list[Path], workers: int, registry: Path, out: Path) -> dict:
    import openpyxl
    import pandas as pd
    import pandera.errors

    from xlunion.core.schema import build_schema, col
    from xlunion.definition import load_definition
    from xlunion.io.read import a1_to_rowcol
    from xlunion.io.template import write_workbook
    from xlunion.layout import layout
    from xlunion.registry import load_registry

    defn = load_definition()
    lay = layout(defn)
    schema = build_schema(defn, load_registry(registry).parents())
    inputs = [(i.code, p.code) for i in defn.indicators.values() if not i.computed for p in defn.periods]
    split = {"read": 0.0, "validate": 0.0, "consolidate": 0.0, "write": 0.0}
    frames, errors = [], 0
    for path in paths:
        t = time.perf_counter()
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        row = {}
        for code, period in inputs:
            sheet, cell = lay.cell(code, period)
            r, c = a1_to_rowcol(cell)
            frame = sheets[sheet]
            value = frame.iat[r, c] if r < frame.shape[0] and c < frame.shape[1] else None
            row[col(code, period)] = pd.to_numeric(value, errors="coerce")
        one = pd.DataFrame([row]).reindex(columns=schema.numeric + schema.meta + schema.notes)
        one[schema.numeric] = one[schema.numeric].astype("float64")
        split["read"] += time.perf_counter() - t
        t = time.perf_counter()
        try:
            schema.schema.validate(one, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            errors += len(exc.failure_cases)
        frames.append(one)
        split["validate"] += time.perf_counter() - t
    t = time.perf_counter()
    totals = pd.concat(frames).sum(numeric_only=True)
    split["consolidate"] = time.perf_counter() - t
    t = time.perf_counter()
    book = openpyxl.load_workbook(write_workbook(defn, out.with_name("template.xlsx")))
    for code, period in inputs:
        sheet, cell = lay.cell(code, period)
        book[sheet][cell] = float(totals.get(col(code, period), 0.0))
    book.save(out)
    split["write"] = time.perf_counter() - t
    return {**split, "findings": errors}


def step_xlunion(paths: list[Path], workers: int, registry: Path, out: Path) -> dict:
    """What ``xlunion consolidate`` runs, through the same entry point, split by step."""
    from xlunion.consolidation import consolidate_files
    from xlunion.definition import load_definition
    from xlunion.registry import load_registry

    timings: dict[str, float] = {}
    result = consolidate_files(paths, load_registry(registry), "T00", out, load_definition(), workers=workers,
                               timings=timings)
    return {**timings, "counted": len(result.counted), "errors": sum(r.errors for r in result.status),
            "warnings": sum(r.warnings for r in result.status)}


# the driver ----------------------------------------------------------------------------------

def run_step(step: str, folder: Path, workers: int, sample: int | None = None) -> dict:
    """Run one step as its own process; wall time, and peak RSS of its process tree."""
    import psutil

    cmd = [sys.executable, __file__, "--step", step, "--folder", str(folder), "--workers", str(workers)]
    if sample:
        cmd += ["--sample", str(sample)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = {"pss": 0, "rss": 0}

    def sample():
        # PSS counts a page shared by n processes as 1/n in each: forked workers share most of
        # the parent's pages, which a sum of RSS would count once per worker.
        try:
            root = psutil.Process(proc.pid)
            while proc.poll() is None:
                pss = rss = 0
                for p in [root, *root.children(recursive=True)]:
                    try:
                        info = p.memory_full_info()
                        pss, rss = pss + getattr(info, "pss", info.rss), rss + info.rss
                    except psutil.Error:
                        pass
                peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
                time.sleep(0.02)
        except psutil.Error:
            pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"step {step} failed")
    result = {**json.loads(out.strip().splitlines()[-1]), "wall": wall, "peak_mb": peak["pss"] / 2**20,
              "peak_rss_sum_mb": peak["rss"] / 2**20}
    if result.get("sampled"):  # scale the per-file steps from the sample to all files
        scale = result["files"] / result["sampled"]
        extra = (scale - 1) * (result["read"] + result["validate"])
        result.update(read=result["read"] * scale, validate=result["validate"] * scale, wall=wall + extra,
                      extrapolated=True)
    return result


def province(n: int, keep: Path | None, workers: int) -> Path:
    from xlunion.definition import load_definition
    from xlunion.demo import write_province

    folder = (keep or Path(tempfile.mkdtemp(prefix="xlunion-bench-"))) / f"province-{n}"
    if not (folder / "inbox").is_dir() or len(list((folder / "inbox").glob("*.xlsx"))) != n:
        start = time.perf_counter()
        write_province(load_definition(), folder, n, workers=workers)
        print(f"  generated {n} children in {time.perf_counter() - start:.0f} s", flush=True)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description="xlunion consolidation benchmark")
    ap.add_argument("--children", type=int, nargs="*", default=[200, 2000])
    ap.add_argument("--big", action="store_true", help="also N = 20,000 (generation alone takes ~20 min)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated children in")
    ap.add_argument("--naive-sample", type=int, default=200,
                    help="the naive pipeline costs ~1 s a child (a pandera call each): above this many children it "
                         "runs on this many and its per-file steps are scaled to N (they are strictly per file)")
    ap.add_argument("--json", type=Path, default=HERE / "results-consolidate.json")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--sample", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step:
        return _child(args)
    sizes = sorted(set(args.children + ([20000] if args.big else [])))
    rows = []
    for n in sizes:
        print(f"N = {n}", flush=True)
        folder = province(n, args.keep, args.workers)
        row = {"children": n, "workers": args.workers}
        for step in ("floor", "xlunion", "naive"):
            row[step] = run_step(step, folder, args.workers, args.naive_sample if step == "naive" else None)
            note = f"  (per-file steps measured on {row[step]['sampled']} and scaled)" if row[step].get(
                "extrapolated") else ""
            print(f"  {step:<8} {row[step]['wall']:8.2f} s  {1000 * row[step]['wall'] / n:7.2f} ms/child  "
                  f"peak {row[step]['peak_mb']:6.0f} MB  " + "  ".join(
                      f"{k} {row[step][k]:.2f}" for k in ("read", "validate", "consolidate", "write")
                      if k in row[step]) + note, flush=True)
        row["naive/xlunion"] = row["naive"]["wall"] / row["xlunion"]["wall"]
        row["xlunion/floor"] = row["xlunion"]["wall"] / row["floor"]["wall"]
        rows.append(row)
    machine = {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count(),
               "date": dt.date.today().isoformat(), "versions": _versions()}
    args.json.write_text(json.dumps({"machine": machine, "runs": rows}, indent=1), encoding="utf-8")
    print()
    for row in rows:
        print(f"N = {row['children']:>6}: naive/xlunion {row['naive/xlunion']:.1f}, "
              f"xlunion/floor {row['xlunion/floor']:.2f}, "
              f"xlunion {1000 * row['xlunion']['wall'] / row['children']:.2f} ms/child")
    last = rows[-1]
    print(f"naive/xlunion = {last['naive/xlunion']:.1f}")
    print(f"xlunion/floor = {last['xlunion/floor']:.2f}")
    print(f"peak_mb = {last['xlunion']['peak_mb']:.0f}")


def _versions() -> dict:
    from importlib.metadata import version

    return {p: version(p) for p in ("xlunion", "python-calamine", "pandas", "pandera", "openpyxl", "xlsxwriter")}


def _child(args) -> None:
    paths = sorted((args.folder / "inbox").glob("*.xlsx"))
    registry, out = args.folder / "registry.csv", args.folder / f"parent-{args.step}.xlsx"
    if args.step == "floor":
        result = step_floor(paths, args.workers)
    elif args.step == "naive":
        sample = paths[:args.sample] if args.sample and args.sample < len(paths) else paths
        result = step_naive(sample, args.workers, registry, out)
        if len(sample) < len(paths):
            result.update(sampled=len(sample), files=len(paths))
    else:
        result = step_xlunion(paths, args.workers, registry, out)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
