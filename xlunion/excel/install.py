"""Installing the add-in where Excel loads it and pointing xlwings at this Python.

Excel opens every workbook in its start-up folder at start-up, which is where
``xlwings addin install`` puts add-ins too; like xlwings, we ask Excel for that folder
(``app.startup_path``) and fall back to the documented location when Excel cannot be asked.
xlwings' RunPython in our add-in reads ``~/.xlunion/xlunion.conf`` (PROJECT_NAME ``xlunion``)
for the interpreter to start (:mod:`xlunion.excel.config`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..io.atomic import atomic_path
from .config import config_path, interpreter_settings, marker_path, write_config, write_marker

ADDIN_NAME = "xlunion.xlam"
# Microsoft's documented user start-up folder of Excel 2016 and later on macOS (sandboxed Office)
MAC_STARTUP = Path("Library") / "Group Containers" / "UBF8T346G9.Office" / "User Content" / "Startup" / "Excel"


def excel_startup_path() -> Path | None:
    """The start-up folder Excel itself reports (the running Excel's, or a hidden one's)."""
    try:
        import xlwings as xw

        if xw.apps:
            return Path(xw.apps.active.startup_path)
        with xw.App(visible=False, add_book=False) as app:
            return Path(app.startup_path)
    except Exception:  # noqa: BLE001 - no Excel, or Excel refused: the documented folder
        return None


def xlstart() -> Path | None:
    """Excel's start-up folder for this user, or None where Excel does not run."""
    if sys.platform == "win32":
        return excel_startup_path() or (Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) /
                                        "Microsoft" / "Excel" / "XLSTART")
    if sys.platform == "darwin":
        return excel_startup_path() or Path.home() / MAC_STARTUP
    return None


def install(xlam: Path, folder: Path | None = None, config: Path | None = None) -> tuple[Path, Path]:
    folder = folder or xlstart()
    if folder is None:
        from ..errors import XlunionError

        raise XlunionError(None, "install.no_excel")
    config = config or config_path()
    target = folder / ADDIN_NAME
    with atomic_path(target) as tmp:  # Excel holding the old add-in open gives “close Excel”, not a half file
        shutil.copyfile(xlam, tmp)
    write_config(config, interpreter_settings())
    write_marker(config, sys.executable)  # last: its presence says every step before succeeded
    return target, config


def uninstall(folder: Path | None = None, config: Path | None = None) -> list[Path]:
    removed = []
    config = config or config_path()
    for path in ((folder or xlstart() or Path("/nonexistent")) / ADDIN_NAME, config, marker_path(config)):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
