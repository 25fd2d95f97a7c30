"""``xlunion addin doctor``: each step between a PC with Excel and a working button, checked
in the order an officer takes them, each result a Vietnamese sentence saying what to do.

On Windows it also asks Excel to run a function of the add-in's VBA project (without starting
Python): that proves Excel loaded the project and compiled it, which no reader of the file can.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .config import config_path, marker_path, read_config
from .install import ADDIN_NAME, xlstart

BLOCK_CHILD_PROCESSES = "d4f940ab-401b-4efc-aadc-ad5f3c50688a"  # Defender ASR rule for Office
CONFIG_FUNCTION = "CongDoan.ConfigPath"  # macros/CongDoan.bas: returns the config file it reads
PROBE = "import xlunion.addin, xlwings; print(xlwings.__version__)"


@dataclass(frozen=True)
class Check:
    ok: bool
    key: str
    """Message key (``doctor.*``) explaining the result and what to do."""
    values: dict


def doctor(folder: Path | None = None, config: Path | None = None) -> list[Check]:
    """Every known deployment problem, checked where it can be on this machine."""
    config = config or config_path()
    folder = folder or xlstart()
    checks = [_config(config)]
    settings = read_config(config) if checks[0].ok else {}
    exe = settings.get("INTERPRETER_WIN") or settings.get("INTERPRETER_MAC") or ""
    if checks[0].ok:
        checks.append(_interpreter(exe, config))
    if checks[-1].ok and exe:
        checks += [_packages(exe), _marker(config), _conda(exe, settings)]
    checks.append(_addin(folder))
    if sys.platform == "win32":
        if checks[-1].ok:
            checks.append(vba_compiles(folder / ADDIN_NAME, config))
        checks += [_child_processes(), Check(True, "doctor.motw", {})]
    elif sys.platform == "darwin":
        checks.append(mac_permission())
    else:
        checks.append(Check(False, "doctor.no_excel", {"platform": sys.platform}))
    return checks


def _config(config: Path) -> Check:
    if not config.exists():
        return Check(False, "doctor.no_config", {"path": config})
    return Check(True, "doctor.config_ok", {"path": config})


def _interpreter(exe: str, config: Path) -> Check:
    if not exe or not Path(exe).is_file():
        return Check(False, "doctor.interpreter_missing", {"path": exe or "—", "config": config})
    return Check(True, "doctor.interpreter_ok", {"path": exe})


def _packages(exe: str) -> Check:
    """What the button's Python would import, asked of that Python (not of the one running us)."""
    try:
        result = subprocess.run([exe, "-c", PROBE], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check(False, "doctor.python_broken", {"path": exe, "error": exc.__class__.__name__})
    if result.returncode != 0:
        missing = result.stderr.strip().splitlines()[-1:] or ["?"]
        return Check(False, "doctor.python_lacks", {"path": exe, "error": missing[0]})
    return Check(True, "doctor.python_ok", {"path": exe, "version": result.stdout.strip()})


def _marker(config: Path) -> Check:
    marker = marker_path(config)
    if not marker.exists():
        return Check(False, "doctor.no_marker", {"path": marker})
    return Check(True, "doctor.marker_ok", {"path": marker})


def _conda(exe: str, settings: dict[str, str]) -> Check:
    env = Path(exe).parent
    in_conda = (env / "conda-meta").is_dir() or (env.parent / "conda-meta").is_dir()
    if not in_conda:
        return Check(True, "doctor.no_conda", {})
    if sys.platform == "win32" and not (settings.get("CONDA PATH") and settings.get("CONDA ENV")):
        return Check(False, "doctor.conda_not_activated", {"path": exe})
    return Check(True, "doctor.conda", {"env": settings.get("CONDA ENV", env.name)})


def _addin(folder: Path | None) -> Check:
    if folder is None or not (folder / ADDIN_NAME).exists():
        return Check(False, "doctor.addin_missing", {"path": folder or "—"})
    return Check(True, "doctor.addin_ok", {"path": folder / ADDIN_NAME})


def vba_compiles(xlam: Path, config: Path, xw=None) -> Check:
    """Open the add-in in a hidden Excel and run one of its VBA functions through ``Application.Run``.

    Excel started through automation loads no start-up files, so the add-in is opened by hand;
    a project that does not compile raises here instead of returning the path."""
    if xw is None:
        import xlwings as xw
    try:
        app = xw.App(visible=False, add_book=False)
    except Exception as exc:  # noqa: BLE001 - Excel could not start: say so, do not crash the doctor
        return Check(False, "doctor.excel_unavailable", {"error": _reason(exc)})
    try:
        app.display_alerts = False
        app.books.open(str(xlam))
        answer = app.api.Run(f"'{xlam.name}'!{CONFIG_FUNCTION}")
    except Exception as exc:  # noqa: BLE001 - a compile error, a blocked macro: both end here
        return Check(False, "doctor.vba_failed", {"path": xlam, "error": _reason(exc)})
    finally:
        app.quit()
    if str(answer).lower() != str(config).lower():
        return Check(False, "doctor.vba_other_config", {"path": answer, "config": config})
    return Check(True, "doctor.vba_ok", {"path": xlam})


def _reason(exc: Exception) -> str:
    # a pywin32 com_error carries Excel's own description in its arguments; keep it short
    return " ".join(str(a) for a in exc.args if isinstance(a, (str, int)))[:200] or exc.__class__.__name__


def _child_processes() -> Check:
    query = ["reg", "query", r"HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\Windows Defender Exploit Guard"
             r"\ASR\Rules", "/v", BLOCK_CHILD_PROCESSES]
    result = subprocess.run(query, capture_output=True, text=True)
    blocked = result.returncode == 0 and result.stdout.strip().endswith("1")
    return Check(not blocked, "doctor.child_blocked" if blocked else "doctor.child_ok", {})


def mac_permission(home: Path | None = None, version: str | None = None) -> Check:
    """The AppleScript that lets a sandboxed Excel start Python must be the installed xlwings'
    own version: RunPython asks for ``xlwings-<version>.applescript`` by name."""
    if version is None:
        try:
            import xlwings
        except ImportError:
            return Check(False, "doctor.no_xlwings", {})
        version = xlwings.__version__
    folder = (home or Path.home()) / "Library" / "Application Scripts" / "com.microsoft.Excel"
    script = folder / f"xlwings-{version}.applescript"
    if script.exists():
        return Check(True, "doctor.mac_ok", {"path": script})
    return Check(False, "doctor.mac_permission", {"path": script})
