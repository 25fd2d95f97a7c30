"""Installing the add-in where Excel loads it, pointing xlwings at this Python, and the
doctor that explains the usual reasons a button does nothing, each in Vietnamese.

Excel opens every workbook in its XLSTART folder at start-up, which is where
``xlwings addin install`` puts add-ins too. xlwings' RunPython in our add-in reads
``~/.xlunion/xlunion.conf`` (PROJECT_NAME ``xlunion``) for the interpreter to start.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ..io.atomic import atomic_path

ADDIN_NAME = "xlunion.xlam"
BLOCK_CHILD_PROCESSES = "d4f940ab-401b-4efc-aadc-ad5f3c50688a"  # Defender ASR rule for Office


def xlstart() -> Path | None:
    """Excel's start-up folder for this user, or None where Excel does not run."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Microsoft" / "Excel" / "XLSTART"
    if sys.platform == "darwin":
        return (Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "Library" /
                "Application Support" / "Microsoft" / "Office" / "Excel" / "Startup" / "Excel")
    return None


def config_path() -> Path:
    """Where xlwings' RunPython in our add-in (PROJECT_NAME "xlunion") reads its settings."""
    if sys.platform == "darwin":  # Excel is sandboxed on macOS: its home is the container
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlunion.conf"
    return Path.home() / ".xlunion" / "xlunion.conf"


def interpreter_settings() -> dict[str, str]:
    """The xlwings settings that start this very Python (a conda env needs its activation)."""
    key = "INTERPRETER_WIN" if sys.platform == "win32" else "INTERPRETER_MAC"
    settings = {key: sys.executable}
    conda = os.environ.get("CONDA_PREFIX")
    if conda:
        settings["CONDA_PATH"] = os.environ.get("CONDA_EXE", "").rsplit(os.sep + "Scripts", 1)[0].rsplit(
            os.sep + "bin", 1)[0]
        settings["CONDA_ENV"] = os.environ.get("CONDA_DEFAULT_ENV", Path(conda).name)
    return settings


def write_config(path: Path | None = None) -> Path:
    """xlwings' config format: one ``"KEY","value"`` line per setting."""
    path = path or config_path()
    with atomic_path(path) as tmp:
        tmp.write_text("".join(f'"{k}","{v}"\n' for k, v in interpreter_settings().items()), encoding="utf-8")
    return path


def install(xlam: Path, folder: Path | None = None, config: Path | None = None) -> tuple[Path, Path]:
    folder = folder or xlstart()
    if folder is None:
        from ..errors import XlunionError

        raise XlunionError(None, "install.no_excel")
    target = folder / ADDIN_NAME
    with atomic_path(target) as tmp:  # Excel holding the old add-in open gives “close Excel”, not a half file
        shutil.copyfile(xlam, tmp)
    return target, write_config(config)


def uninstall(folder: Path | None = None, config: Path | None = None) -> list[Path]:
    removed = []
    for path in ((folder or xlstart() or Path("/nonexistent")) / ADDIN_NAME, config or config_path()):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


@dataclass(frozen=True)
class Check:
    ok: bool
    key: str
    """Message key (``doctor.*``) explaining the result and what to do."""
    values: dict


def doctor(folder: Path | None = None, config: Path | None = None) -> list[Check]:
    """Every known deployment problem, checked where it can be on this machine."""
    checks = [_interpreter(config or config_path()), _xlwings(), _addin(folder or xlstart()), _conda()]
    if sys.platform == "win32":
        checks += [_child_processes(), Check(True, "doctor.motw", {})]
    elif sys.platform == "darwin":
        checks.append(_mac_permission())
    else:
        checks.append(Check(False, "doctor.no_excel", {"platform": sys.platform}))
    return checks


def _interpreter(config: Path) -> Check:
    if not config.exists():
        return Check(False, "doctor.no_config", {"path": config})
    settings = dict(line.strip().replace('"', "").split(",", 1) for line in config.read_text(encoding="utf-8")
                    .splitlines() if "," in line)
    exe = settings.get("INTERPRETER_WIN") or settings.get("INTERPRETER_MAC") or ""
    if not exe or not Path(exe).exists():
        return Check(False, "doctor.interpreter_missing", {"path": exe or "—", "config": config})
    return Check(True, "doctor.interpreter_ok", {"path": exe})


def _xlwings() -> Check:
    try:
        import xlwings
    except ImportError:
        return Check(False, "doctor.no_xlwings", {})
    return Check(True, "doctor.xlwings_ok", {"version": xlwings.__version__})


def _addin(folder: Path | None) -> Check:
    if folder is None or not (folder / ADDIN_NAME).exists():
        return Check(False, "doctor.addin_missing", {"path": folder or "—"})
    return Check(True, "doctor.addin_ok", {"path": folder / ADDIN_NAME})


def _conda() -> Check:
    if os.environ.get("CONDA_PREFIX"):
        return Check(True, "doctor.conda", {"env": os.environ.get("CONDA_DEFAULT_ENV", "")})
    return Check(True, "doctor.no_conda", {})


def _child_processes() -> Check:
    import subprocess

    query = ["reg", "query", r"HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\Windows Defender Exploit Guard"
             r"\ASR\Rules", "/v", BLOCK_CHILD_PROCESSES]
    result = subprocess.run(query, capture_output=True, text=True)
    blocked = result.returncode == 0 and result.stdout.strip().endswith("1")
    return Check(not blocked, "doctor.child_blocked" if blocked else "doctor.child_ok", {})


def _mac_permission() -> Check:
    script = (Path.home() / "Library" / "Application Scripts" / "com.microsoft.Excel")
    found = list(script.glob("xlwings-*.applescript")) if script.exists() else []
    return Check(bool(found), "doctor.mac_ok" if found else "doctor.mac_permission", {"path": script})
