"""Operational failures: things that stop a command, each naming what it concerns.

Bad *data* is never an exception (validation returns findings); these are for
inputs that cannot be used at all and outputs that cannot be written::

    XlunionError                 every failure xlunion raises on purpose
    ├── DefinitionError          a report definition in schemas/ is broken
    ├── RegistryError            the unit registry is broken
    ├── WorkbookError            a file is not a usable report workbook
    └── OutputError              an output cannot be written safely
        └── OutputLockedError    the output is open in Excel (or otherwise locked)
"""

from __future__ import annotations

from pathlib import Path

from .messages import msg


class XlunionError(Exception):
    """Base of every deliberate failure. ``str()`` is the user-facing message."""

    def __init__(self, source: str | Path | None, key: str, where: str = "", **values: object):
        self.path = str(source) if source is not None else None
        self.key = key
        self.where = where
        self.values = values
        super().__init__(self.render())

    def render(self, lang: str | None = None, short: bool = False) -> str:
        """The message, after the file it concerns: its whole path, or with ``short`` its name only
        (what a workbook sent upward may say: never the consolidating machine's folders)."""
        text = msg(self.key, lang=lang, **self.values)
        path = Path(self.path).name if short and self.path else self.path
        if short and self.path:
            text = text.replace(self.path, path)
        prefix = ", ".join(p for p in (path, self.where) if p)
        return f"{prefix}: {text}" if prefix else text


class DefinitionError(XlunionError):
    """A report definition cannot be loaded; ``where`` names the indicator or section."""


class RegistryError(XlunionError):
    """The unit registry cannot be loaded."""


class WorkbookError(XlunionError):
    """A file is not a report workbook xlunion can read."""


class OutputError(XlunionError):
    """An output cannot be written safely."""


class OutputLockedError(OutputError):
    """The output file is open in Excel or locked by another program."""
