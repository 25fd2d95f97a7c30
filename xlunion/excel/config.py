"""The settings file xlwings' RunPython reads (``~/.xlunion/xlunion.conf``) and the marker
``xlunion addin install`` leaves beside it.

The file is read by VBA (``Input #``), which decodes bytes in Windows' ANSI code page, not
UTF-8; xlwings' own ``config create`` writes it in the locale's encoding for that reason. A
path the code page cannot hold (``C:\\Users\\Nguyễn…`` under the Western or even the Vietnamese
code page, whose “ễ” is two characters) is written as its 8.3 short form, which is ASCII, or
with ``%USERPROFILE%``, which xlwings expands through the Unicode ``WScript`` object.
"""

from __future__ import annotations

import locale
import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

from ..errors import XlunionError
from ..io.atomic import atomic_path

MARKER = "xlunion.installed"


def config_path() -> Path:
    """Where xlwings' RunPython in our add-in (PROJECT_NAME "xlunion") reads its settings."""
    if sys.platform == "darwin":  # Excel is sandboxed on macOS: its home is the container
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlunion.conf"
    return Path.home() / ".xlunion" / "xlunion.conf"


def marker_path(config: Path) -> Path:
    """The add-in's pre-check finds the marker where it finds the config (``CongDoan.bas``)."""
    return config.with_name(MARKER)


def ansi_encoding(platform: str = sys.platform) -> str:
    """The encoding VBA's ``Input #`` and ``Line Input #`` read: the ANSI code page on Windows;
    on a Mac, xlwings writes the locale's encoding too, which is UTF-8 there."""
    if platform == "win32":
        return locale.getencoding()
    return "utf-8"


def _short_path(path: str) -> str | None:
    """Windows' 8.3 form of an existing path (ASCII), or None where there is none."""
    if sys.platform != "win32":
        return None
    import ctypes

    buffer = ctypes.create_unicode_buffer(32768)
    length = ctypes.windll.kernel32.GetShortPathNameW(path, buffer, len(buffer))
    return buffer.value if 0 < length < len(buffer) else None


def _holds(text: str, encoding: str) -> bool:
    try:
        return text.encode(encoding).decode(encoding) == text
    except UnicodeError:
        return False


def portable_path(path: str, encoding: str, home: str | None = None,
                  short_path: Callable[[str], str | None] = _short_path) -> str:
    """``path`` written so that VBA reading ``encoding`` gets back a name of the same file."""
    if _holds(path, encoding):
        return path
    short = short_path(path)
    if short and _holds(short, encoding):
        return short
    home = home if home is not None else os.environ.get("USERPROFILE", "")
    if home and path.lower().startswith(home.lower().rstrip("\\") + "\\"):
        rest = "%USERPROFILE%" + path[len(home.rstrip("\\")):]
        if _holds(rest, encoding):
            return rest
    raise XlunionError(None, "install.path_not_ansi", path=path, encoding=encoding)


def interpreter_settings(executable: str | None = None, environ: dict[str, str] | None = None,
                         platform: str = sys.platform) -> dict[str, str]:
    """The xlwings settings that start this very Python. A conda environment must also be
    activated (numpy's DLLs are found only then): xlwings' Windows RunPython does that when
    it reads "CONDA PATH" and "CONDA ENV", spelt with a space as its ``config create`` writes."""
    environ = os.environ if environ is None else environ
    executable = executable or sys.executable
    settings = {"INTERPRETER_WIN" if platform == "win32" else "INTERPRETER_MAC": executable}
    prefix, conda_exe = environ.get("CONDA_PREFIX"), environ.get("CONDA_EXE")
    if platform == "win32" and prefix and conda_exe and PureWindowsPath(executable).parent == PureWindowsPath(prefix):
        settings["CONDA PATH"] = str(PureWindowsPath(conda_exe).parent.parent)  # …\Scripts\conda.exe: its root
        settings["CONDA ENV"] = environ.get("CONDA_DEFAULT_ENV") or prefix
    return settings


def write_config(path: Path, settings: dict[str, str], encoding: str | None = None,
                 short_path: Callable[[str], str | None] = _short_path) -> Path:
    """xlwings' config format: one ``"KEY","value"`` line per setting, in the encoding VBA reads."""
    encoding = encoding or ansi_encoding()
    lines = "".join(f'"{k}","{portable_path(v, encoding, short_path=short_path)}"\r\n' for k, v in settings.items())
    with atomic_path(path) as tmp:
        tmp.write_bytes(lines.encode(encoding))
    return path


def write_marker(config: Path, interpreter: str, encoding: str | None = None,
                 short_path: Callable[[str], str | None] = _short_path) -> Path:
    """The Python ``addin install`` installed into, so the add-in need not start it to know."""
    encoding = encoding or ansi_encoding()
    path = marker_path(config)
    with atomic_path(path) as tmp:
        tmp.write_bytes((portable_path(interpreter, encoding, short_path=short_path) + "\r\n").encode(encoding))
    return path


def read_config(path: Path, encoding: str | None = None) -> dict[str, str]:
    """The settings as VBA sees them (keys upper-cased, as xlwings compares them)."""
    text = path.read_bytes().decode(encoding or ansi_encoding(), errors="replace")
    settings = {}
    for line in text.splitlines():
        if "," in line:
            key, value = line.split(",", 1)
            settings[key.strip().strip('"').upper()] = os.path.expandvars(value.strip().strip('"'))
    return settings
