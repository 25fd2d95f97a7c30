"""A message box when there is no workbook to show it through: ``xw.Book.caller()`` failed
or xlwings itself is missing, so only the operating system can still speak to the officer."""

from __future__ import annotations

import subprocess
import sys


class Notice:
    """Stands in for the workbook when none could be reached; it can only show messages."""

    def show(self, text: str, title: str = "xlunion") -> None:
        if sys.platform == "win32":
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, text, title, 0x10 | 0x40000)  # MB_ICONERROR | MB_TOPMOST
        elif sys.platform == "darwin":
            script = f"display alert {applescript_string(title)} message {applescript_string(text)} as critical"
            subprocess.run(["osascript", "-e", script], capture_output=True)
        else:
            from ..terminal import echo

            echo(f"{title}: {text}", err=True)


def applescript_string(text: str) -> str:
    """``text`` as an AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
