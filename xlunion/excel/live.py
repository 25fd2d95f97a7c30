"""The workbook open in Excel, through xlwings' open-source API (no PRO feature).

Kept thin: everything that decides something is in the core and in ``io``; this
module only saves, marks cells, reloads and shows messages. It needs Excel, so its
tests run where Excel exists and skip elsewhere.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..core.findings import Finding
from ..io.atomic import atomic_path
from ..messages import msg
from .notice import applescript_string


class LiveWorkbook:
    def __init__(self, book):
        self.book = book
        self.path = Path(book.fullname)

    @classmethod
    def caller(cls) -> LiveWorkbook:
        import xlwings as xw

        return cls(xw.Book.caller())

    def snapshot(self) -> Path:
        self.book.save()  # the officer pressed the button: saving their workbook is what they asked for
        return self.path

    def mark(self, findings: Sequence[Finding], lang: str | None = None) -> None:
        from ..io.annotate import CHECK_SHEET
        from ..write_back import annotate_isolated

        with tempfile.TemporaryDirectory(prefix="xlunion-") as tmp:
            marked = annotate_isolated(self.snapshot(), findings, Path(tmp) / self.path.name, lang=lang)
            self.replace(marked, CHECK_SHEET)

    def replace(self, generated: Path, activate: str | None = None) -> None:
        app = self.book.app
        app.screen_updating = False
        try:
            self.book.close()  # Excel holds the file: close, replace, reopen
            with atomic_path(self.path) as tmp:
                shutil.copyfile(generated, tmp)
            self.book = app.books.open(str(self.path))
            if activate and activate in [s.name for s in self.book.sheets]:
                self.book.sheets[activate].activate()
        finally:
            app.screen_updating = True

    def show(self, text: str, title: str = "xlunion") -> None:
        self.book.app.alert(text, title=title)

    def ask_folder(self, prompt: str, default: Path) -> Path | None:
        if sys.platform == "darwin":
            return ask_folder_mac(prompt, default, self.show)
        dialog = self.book.app.api.FileDialog(4)  # msoFileDialogFolderPicker (Windows COM only)
        dialog.Title = prompt
        dialog.InitialFileName = str(default) + "\\"
        return Path(dialog.SelectedItems(1)) if dialog.Show() == -1 else None


USER_CANCELLED = "-128"  # AppleScript's error number when the officer presses Cancel


def ask_folder_mac(prompt: str, default: Path, show, run=subprocess.run) -> Path | None:
    """AppleScript's ``choose folder``; where macOS refuses the dialog, the default folder,
    said to the officer so the choice is not silent."""
    start = default if default.is_dir() else default.parent
    script = (f"POSIX path of (choose folder with prompt {applescript_string(prompt)} "
              f"default location (POSIX file {applescript_string(str(start))}))")
    try:
        result = run(["osascript", "-e", script], capture_output=True, text=True)
    except OSError:
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip():
        return Path(result.stdout.strip())
    if result is not None and USER_CANCELLED in result.stderr:
        return None
    show(msg("addin.folder_note", path=default))
    return default
