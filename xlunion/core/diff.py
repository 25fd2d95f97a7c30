"""What a resubmitted workbook changed: indicator by indicator, period by period."""

from __future__ import annotations

from dataclasses import dataclass

from ..definition import Definition
from .submission import Submission


@dataclass(frozen=True)
class Change:
    indicator: str
    period: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old


def diff(defn: Definition, old: Submission, new: Submission) -> list[Change]:
    """Every typed figure that differs, in definition order (blank ↔ value counts as a change)."""
    changes = []
    for code in defn.indicators:
        for p in defn.periods:
            a, b = old.values.get((code, p.code)), new.values.get((code, p.code))
            if a != b:
                changes.append(Change(code, p.code, a, b))
    return changes
