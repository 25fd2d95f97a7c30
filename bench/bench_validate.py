"""Validation speed: one pandera call over the stacked frame against one call per workbook.

Run: ``python bench/bench_validate.py [N]`` (default 300 children, copies of the demo's).
Prints times and ratios measured in this process; the baseline is the naive approach.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from xlunion.core.validate import validate
from xlunion.definition import load_definition
from xlunion.demo import write_demo
from xlunion.io.read import read_submission


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"{label:<48} {seconds:8.3f} s")
    return result, seconds


def main(n: int) -> None:
    defn = load_definition()
    with tempfile.TemporaryDirectory() as tmp:
        demo = write_demo(defn, Path(tmp) / "demo")
        folder = Path(tmp) / "many"
        folder.mkdir()
        sources = [p for p in demo.children if "CD0203" not in p.name]  # no openpyxl font look-ups
        paths = []
        for i in range(n):
            src = sources[i % len(sources)]
            paths.append(Path(shutil.copyfile(src, folder / f"{i:05d}_{src.name}")))
        print(f"{n} workbooks of {len(defn.indicators)} indicators")

        def openpyxl_read():
            import openpyxl

            for p in paths:
                book = openpyxl.load_workbook(p, read_only=True, data_only=True)
                for ws in book.worksheets:
                    for _row in ws.iter_rows(values_only=True):
                        pass
                book.close()

        _, base_read = timed("read: openpyxl read-only (baseline)", openpyxl_read)
        subs, our_read = timed("read: calamine via the hidden map", lambda: [read_submission(p, defn) for p in paths])
        print(f"{'  reading speed-up':<48} {base_read / our_read:8.1f} x")
        from xlunion.validation import read_files

        _, pooled = timed("read: calamine in 2 worker processes", lambda: read_files(paths, defn, workers=2))
        print(f"{'  worker processes against one':<48} {our_read / pooled:8.1f} x")
        per_file = subs[: max(1, n // 10)]
        _, base_val = timed(f"validate: one pandera call per file ({len(per_file)})",
                            lambda: [validate(defn, [s]) for s in per_file])
        base_val *= len(subs) / len(per_file)
        print(f"{'  … extrapolated to all files':<48} {base_val:8.3f} s")
        findings, our_val = timed("validate: one pandera call over all files", lambda: validate(defn, subs))
        print(f"{'  validation speed-up':<48} {base_val / our_val:8.1f} x")
        print(f"findings: {len(findings)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
