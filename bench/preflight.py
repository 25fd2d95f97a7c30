"""Preflight cost on the hostile corpus: every file's check, against reading a clean child.

Run: ``python bench/preflight.py`` — builds the corpus of tests/hostile.py, then times the
preflight of each file (best of 5) and, as the baseline in this process, a full calamine
read of the clean child. Goal (issue 8): under 50 ms a file.

``--process`` also times the promise the user sees (issue 8): every file answered by a whole
``xlunion validate`` process within 5 s wall, against the same command on the clean child.
The tests hold that promise as CPU time, which a busy machine does not inflate.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile import base_child, build  # noqa: E402
from timing import best  # noqa: E402

from xlunion.definition import load_definition  # noqa: E402
from xlunion.errors import WorkbookError  # noqa: E402
from xlunion.io.preflight import preflight  # noqa: E402
from xlunion.io.read import read_raw  # noqa: E402
from xlunion.layout import HIDDEN_SHEET  # noqa: E402

LARGE = frozenset({HIDDEN_SHEET})  # as the reader does: the hidden sheet may hold provenance rows


def check(path: Path, data: bytes) -> str:
    try:
        preflight(path, data, large=LARGE)  # every sheet scanned: the most the reader could ask for
        return "passed"
    except WorkbookError as exc:
        return exc.key


def validate_seconds(path: Path, registry: Path) -> float:
    """Wall seconds of ``xlunion validate FILE`` as its own process, start-up included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xlunion", "validate", str(path), "--registry", str(registry),
                    "--format", "json"], capture_output=True, check=False, timeout=120)
    return time.perf_counter() - start


def processes(province, base: Path, folder: Path, cases) -> str:
    clean = min(validate_seconds(base, province.registry) for _ in range(3))
    rows = sorted(((validate_seconds(folder / c.name, province.registry), c.name) for c in cases), reverse=True)
    lines = ["", "xlunion validate, one process a file (wall seconds, the five slowest):"]
    lines += [f"{name:<34} {seconds:7.2f} s" for seconds, name in rows[:5]]
    lines.append(f"clean child (baseline)             {clean:7.2f} s")
    lines.append(f"process_max/clean = {rows[0][0] / clean:.2f}; slowest {rows[0][0]:.2f} s; "
                 f"promise 5 s: {'kept' if rows[0][0] < 5 else 'BROKEN'}")
    return "\n".join(lines)


def main() -> None:
    defn = load_definition()
    with tempfile.TemporaryDirectory() as tmp:
        _province, base = base_child(defn, Path(tmp) / "province")
        cases = build(defn, base, Path(tmp) / "corpus")
        data = base.read_bytes()
        read_ms = best(lambda: read_raw(base, data)) * 1000
        rows = []
        for case in cases:
            path = Path(tmp) / "corpus" / case.name
            raw = path.read_bytes()
            ms = best(lambda p=path, r=raw: check(p, r)) * 1000
            rows.append((ms, case.name, check(path, raw)))
        whole = processes(_province, base, Path(tmp) / "corpus", cases) if "--process" in sys.argv else ""
    for ms, name, outcome in sorted(rows, reverse=True):
        print(f"{name:<34} {ms:7.2f} ms  {outcome}")
    times = [r[0] for r in rows]
    print(f"\nclean child, full read (baseline)  {read_ms:7.2f} ms")
    print(f"preflight median {statistics.median(times):.2f} ms, max {max(times):.2f} ms ({max(rows)[1]})")
    print(f"preflight_max/read = {max(times) / read_ms:.2f}")
    print(f"preflight_max_ms = {max(times):.1f}")
    if whole:
        print(whole)


if __name__ == "__main__":
    main()
