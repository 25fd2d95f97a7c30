"""The workbook a ribbon button works on, behind one small interface.

``LiveWorkbook`` (``xlunion.excel.live``) drives the workbook open in Excel through
xlwings; ``FileWorkbook`` does the same on a file with openpyxl, so every button runs
and is tested on Linux, where Excel does not.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..core.findings import Finding


class Workbook(Protocol):
    path: Path
    """Where the workbook lives on disk."""

    def snapshot(self) -> Path:
        """A file holding the workbook as it is now (saved first when it is open)."""

    def mark(self, findings: Sequence[Finding], lang: str | None = None) -> None:
        """Colour and comment each finding's cell, clear old marks, fill the “Kiểm tra” sheet."""

    def replace(self, generated: Path, activate: str | None = None) -> None:
        """Make the workbook hold what ``generated`` holds (the open one is reloaded)."""

    def show(self, text: str, title: str = "xlunion") -> None:
        """A message to the officer (an Excel message box)."""

    def ask_folder(self, prompt: str, default: Path) -> Path | None:
        """A folder chosen by the officer, or None when cancelled."""


class FileWorkbook:
    """The workbook as a file; messages are kept in ``messages`` (and printed)."""

    def __init__(self, path: str | Path, folder: Path | None = None, echo: bool = False):
        self.path = Path(path)
        self.folder = folder
        self.echo = echo
        self.messages: list[str] = []
        self.active: str | None = None

    def snapshot(self) -> Path:
        return self.path

    def mark(self, findings: Sequence[Finding], lang: str | None = None) -> None:
        from ..io.annotate import CHECK_SHEET
        from ..write_back import annotate_isolated

        annotate_isolated(self.path, findings, self.path, lang=lang)  # the officer pressed the button: in place
        self.active = CHECK_SHEET

    def replace(self, generated: Path, activate: str | None = None) -> None:
        from ..io.atomic import atomic_path

        with atomic_path(self.path) as tmp:
            shutil.copyfile(generated, tmp)
        self.active = activate

    def show(self, text: str, title: str = "xlunion") -> None:
        self.messages.append(text)
        if self.echo:
            print(f"{title}: {text}")

    def ask_folder(self, prompt: str, default: Path) -> Path | None:
        return self.folder or default
