"""LibreOffice, headless, as an independent spreadsheet engine.

Used to check that workbooks open, that their formulas recalculate to the values
xlunion cached, and to print them to PDF. LibreOffice keeps the stored results
of an .xlsx unless its profile says to always recalculate, so every call runs
with a private profile that sets ``OOXMLRecalcMode`` to 0 (always).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """Path of the soffice binary, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    root = Path(tempfile.gettempdir()) / "xlunion-lo-profile"
    xcu = root / "user" / "registrymodifications.xcu"
    if not xcu.exists():
        xcu.parent.mkdir(parents=True, exist_ok=True)
        xcu.write_text(_PROFILE_XCU, encoding="utf-8")
    return root


def convert(path: str | Path, outdir: str | Path, target: str = "xlsx", timeout: int = 180,
            infilter: str | None = None) -> Path:
    """Open ``path`` in LibreOffice, recalculate everything and save it as ``target``.

    ``target`` is a filter spec for ``--convert-to`` (``xlsx``, ``pdf``, ``png``…).
    Raises RuntimeError with LibreOffice's output when no file comes out.
    """
    return convert_many([path], outdir, target, timeout, infilter)[0]


def convert_many(paths: list[str | Path], outdir: str | Path, target: str = "xlsx",
                 timeout: int = 600, infilter: str | None = None) -> list[Path]:
    """:func:`convert` for many files in one LibreOffice start (it takes seconds to start).

    ``infilter`` forces the import filter: LibreOffice does not recognise an add-in's
    content type by itself, but opens it with ``Calc MS Excel 2007 VBA XML``.
    """
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    paths, outdir = [Path(p) for p in paths], Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [binary, f"-env:UserInstallation={_profile().as_uri()}", "--headless", "--norestore",
           *([f"--infilter={infilter}"] if infilter else []),
           "--convert-to", target, "--outdir", str(outdir), *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    outs = [outdir / f"{p.stem}.{target.split(':')[0]}" for p in paths]
    missing = [str(p) for p, o in zip(paths, outs, strict=True) if not o.exists()]
    if proc.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice could not convert {missing or paths}: {proc.stdout}{proc.stderr}")
    return outs
