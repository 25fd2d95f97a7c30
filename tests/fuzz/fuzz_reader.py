"""Coverage-guided fuzzing of the reader (preflight + python-calamine + reading) with atheris.

    python tests/fuzz/fuzz_reader.py --seeds DIR            # write the seed workbooks
    python tests/fuzz/fuzz_reader.py -max_total_time=1800 -artifact_prefix=crashes/ WORK DIR
    python tests/fuzz/fuzz_reader.py --materialize crashes/crash-… tests/data/fuzz/NAME.xlsx

Each input is either a whole file (raw bytes) or, more often, a recipe applied to a clean
child: mutate one zip part's bytes, drop a part, duplicate one, or replace it; the zip is
rebuilt so its CRCs are right and the mutation reaches the XML parsers. Reading must end
in a Submission or a WorkbookError; any other exception, a crash (SIGABRT from native
code) or a hang is a finding, saved by libFuzzer under -artifact_prefix.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from xlunion.definition import load_definition
    from xlunion.errors import WorkbookError
    from xlunion.io.read import read_submission

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from hostile import base_child, parts, rezip  # noqa: E402 — the corpus's own helpers, uninstrumented

DEFN = load_definition()
SCRATCH = Path(tempfile.mkdtemp(prefix="xlunion-fuzz-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
BASE: list[tuple[str, bytes]] = []


def base_parts() -> list[tuple[str, bytes]]:
    if not BASE:
        _province, base = base_child(DEFN, SCRATCH / "base")
        BASE.extend(parts(base.read_bytes()).items())
    return BASE


def recipe(data: bytes) -> bytes:
    """A workbook built from the clean child by the mutation ``data`` describes."""
    fdp = atheris.FuzzedDataProvider(data)
    members = list(base_parts())
    for _ in range(fdp.ConsumeIntInRange(1, 3)):
        i = fdp.ConsumeIntInRange(0, len(members) - 1)
        name, body = members[i]
        action = fdp.ConsumeIntInRange(0, 4)
        if action == 0:  # flip bytes inside the part
            body = bytearray(body)
            for _ in range(fdp.ConsumeIntInRange(1, 16)):
                if body:
                    body[fdp.ConsumeIntInRange(0, len(body) - 1)] = fdp.ConsumeInt(1) & 0xFF
            members[i] = (name, bytes(body))
        elif action == 1:
            members.pop(i)
        elif action == 2:
            members.append((name, body))
        elif action == 3:  # splice fuzzer text into the part
            at = fdp.ConsumeIntInRange(0, len(body))
            members[i] = (name, body[:at] + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 256)) + body[at:])
        else:
            members[i] = (name, fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 4096)))
    return rezip(members)


def materialize(data: bytes) -> bytes:
    """The workbook bytes an input stands for: the first byte picks raw bytes or a recipe."""
    return data[1:] if data[0] < 64 else recipe(data[1:])


def TestOneInput(data: bytes) -> None:  # noqa: N802 — atheris' name
    if not data:
        return
    path = SCRATCH / "input.xlsx"
    path.write_bytes(materialize(data))
    try:
        read_submission(path, DEFN)
    except WorkbookError as exc:
        if exc.key == "wb.unexpected":  # the reader's safety net caught something nobody foresaw: a bug
            raise RuntimeError(exc.render("en")) from exc.__cause__


def write_seeds(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "whole-child").write_bytes(b"\x00" + rezip(base_parts()))
    for n in range(8):  # recipes touching different parts
        (folder / f"recipe-{n}").write_bytes(bytes([200, n * 3, 0, 1, 2, n, 7, 9]) + b"<c r=\"A1\"><v>1</v></c>")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        write_seeds(Path(sys.argv[2]))
        sys.exit(0)
    if len(sys.argv) == 4 and sys.argv[1] == "--materialize":  # a crash artifact → a regression workbook
        Path(sys.argv[3]).write_bytes(materialize(Path(sys.argv[2]).read_bytes()))
        sys.exit(0)
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
