"""What an officer feels after clicking “Kiểm tra”: validating one workbook.

Run: ``python bench/latency.py`` — prints, best of 5:
- the whole ``xlunion validate one.xlsx`` process (cold start included), against a bare
  ``python -c pass`` measured in the same run;
- a first and a second validation inside one Python (the add-in keeps Python alive),
  against reading the same file in-process without validating.
Goals (issue 7): ≤ 1.5 s as a whole process; ≤ 150 ms warm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import best


def main() -> None:
    from xlunion.definition import load_definition
    from xlunion.demo import write_province
    from xlunion.isolation import read_one
    from xlunion.validation import validate_files

    defn = load_definition()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_province(defn, Path(tmp), 6).children
        one = str(files[0])
        bare = best(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
        whole = best(lambda: subprocess.run([sys.executable, "-m", "xlunion", "validate", one],
                                            capture_output=True))
        start = time.perf_counter()
        validate_files([one], defn)
        first = time.perf_counter() - start
        warm = best(lambda: validate_files([files[1]], defn))
        read = best(lambda: read_one(Path(files[2]), defn.source))
    print(f"python -c pass                     {bare * 1000:7.0f} ms")
    print(f"xlunion validate one.xlsx          {whole * 1000:7.0f} ms  ({whole / bare:.1f}× a bare Python)")
    print(f"in-process, first validation       {first * 1000:7.0f} ms")
    print(f"in-process, warm validation        {warm * 1000:7.0f} ms  ({warm / read:.1f}× reading the file alone)")
    print(f"in-process, reading one file       {read * 1000:7.0f} ms")
    print(f"whole_process_ms = {whole * 1000:.0f}")
    print(f"warm_ms = {warm * 1000:.0f}")


if __name__ == "__main__":
    main()
