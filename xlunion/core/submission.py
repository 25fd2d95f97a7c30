"""A child's report as read: meta, typed figures, stored formula results, cell map."""

from __future__ import annotations

from dataclasses import dataclass, field

from .findings import Finding


@dataclass
class Submission:
    """Everything validation and consolidation need from one workbook file."""

    file: str
    """File name as given (for messages)."""
    sha256: str
    info: dict[str, str]
    """Hidden-sheet key/values: report id, version, fingerprint, stamps, provenance."""
    meta: dict[str, object]
    """“Thông tin chung” fields, text NFC-normalised and legacy fonts converted."""
    values: dict[tuple[str, str], float | None]
    """(indicator, period) → typed figure of every input cell (None when blank)."""
    stored: dict[tuple[str, str], float | None]
    """(indicator, column) → the number a formula cell holds (None when it holds none)."""
    cells: dict[tuple[str, str], tuple[str, str]]
    """(indicator or ``@meta``, column) → (sheet, cell), as located in this file."""
    notes: dict[str, str] = field(default_factory=dict)
    """Indicator → “Ghi chú”: the officer's explanation of an unusual figure."""
    provenance: list[dict] = field(default_factory=list)
    """For a consolidated workbook: every file behind its figures (unit, file, sha256, received, status, via)."""
    text_cells: set[tuple[str, str]] = field(default_factory=set)
    """(indicator, period) of figures typed as text: spreadsheet formulas do not see them."""
    findings: list[Finding] = field(default_factory=list)
    """What reading found (text typed as numbers, Excel errors, legacy fonts …)."""
    mtime: float = 0.0

    @property
    def unit(self) -> str:
        return str(self.meta.get("unit_code") or "")

    def where(self, code: str, column: str) -> tuple[str, str]:
        return self.cells.get((code, column), ("", ""))
