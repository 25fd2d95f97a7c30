"""Findings: validation results as data, each pinned to a cell, each with its message.

A finding is never an exception. It names the file, sheet and cell, the unit,
indicator and period, the rule and its severity, and the values involved; its
message is rendered from the rule's template in Vietnamese (or English), with
the indicator's label and Vietnamese-formatted numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..messages import msg, number_text

ERROR, WARNING = "error", "warning"

RULES: dict[str, str] = {
    # reading what was typed
    "not_a_number": ERROR,
    "excel_error": ERROR,
    "text_number": WARNING,
    "legacy_font": WARNING,
    "structure": ERROR,
    "moved_row": WARNING,
    "not_finite": ERROR,
    "merged_input": ERROR,
    "label_changed": WARNING,
    "formula_text": WARNING,
    "invisible_chars": WARNING,
    "text_too_long": WARNING,
    # the file itself
    "macros": WARNING,
    "external_links": WARNING,
    "external_formula": ERROR,
    "external_name": WARNING,
    "hidden_sheet": WARNING,
    "date1904": WARNING,
    # figures
    "required": ERROR,
    "integer": ERROR,
    "minimum": ERROR,
    "maximum": ERROR,
    "part_of": ERROR,
    "total_mismatch": ERROR,
    "ratio_mismatch": ERROR,
    "current_mismatch": ERROR,
    "balance": WARNING,
    "outlier": WARNING,
    "part_of_term": WARNING,
    "implausible": WARNING,
    # meta
    "meta_required": ERROR,
    "unit_unknown": ERROR,
    "parent_mismatch": ERROR,
    "parent_renamed": WARNING,
    # what the registry says of the workbook's claims
    "level_mismatch": ERROR,
    "name_mismatch": WARNING,
    "consolidated_other": ERROR,
    "consolidated_leaf": ERROR,
    "provenance_foreign": ERROR,
    "provenance_too_long": ERROR,
    "provenance_unexpected": WARNING,
    "report_mismatch": ERROR,
    "period_mismatch": ERROR,
    "fingerprint": ERROR,
}
"""Every rule code and its severity."""


@dataclass(frozen=True)
class Finding:
    """One problem, on one cell."""

    rule: str
    file: str
    sheet: str = ""
    cell: str = ""
    unit: str = ""
    indicator: str = ""
    period: str = ""
    values: dict = field(default_factory=dict, compare=False, hash=False)
    """Named values for the message: ``value``, ``whole``, ``expected`` … and labels."""

    @property
    def severity(self) -> str:
        return RULES[self.rule]

    def message(self, lang: str | None = None) -> str:
        shown = {k: show_value(v, lang) for k, v in self.values.items()}
        return msg(f"rule.{self.rule}", lang=lang, **shown)

    def key(self) -> tuple:
        """Stable order: file, then position, then rule."""
        return (self.file, self.sheet, _cell_order(self.cell), self.rule, self.indicator, self.period)

    def as_dict(self, lang: str | None = None) -> dict:
        return {"severity": self.severity, "rule": self.rule, "file": self.file, "sheet": self.sheet,
                "cell": self.cell, "unit": self.unit, "indicator": self.indicator, "period": self.period,
                "values": {k: v for k, v in self.values.items() if isinstance(v, int | float | str)},
                "message": self.message(lang)}


def show_value(value: object, lang: str | None = None) -> object:
    """A figure in a message, with the separators of the message's language."""
    if isinstance(value, float):
        if value.is_integer():
            return number_text(value, 0, lang)
        return number_text(value, 2 if abs(value) >= 1 else 4, lang)
    return value


def _cell_order(cell: str) -> tuple[int, int]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = cell[len(letters):]
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return (int(digits) if digits.isdigit() else 0, col)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.key)


def summary(findings: list[Finding]) -> dict[str, int]:
    errors = sum(f.severity == ERROR for f in findings)
    return {"errors": errors, "warnings": len(findings) - errors}
