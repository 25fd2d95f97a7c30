"""Completeness from the ledger: who of a parent's children has reported, late, with errors."""

from __future__ import annotations

import datetime as dt

from ..definition import Definition
from ..ledger import Ledger
from ..registry import Registry


def completeness(defn: Definition, registry: Registry, parent: str, ledger: Ledger,
                 deadline: dt.datetime | None = None):
    """Rows (code, name, status, received, file) for each expected child, and a summary."""
    latest = {e.unit: e for e in ledger.latest(defn.id, defn.term.name, valid_only=False)}
    rows, reported = [], 0
    children = registry.children(parent, on=dt.date(defn.years[-1].year, 12, 31))
    for child in children:
        entry = latest.get(child.code)
        if entry is None:
            rows.append((child.code, child.name, "missing", "", ""))
            continue
        state = {"ok": "valid", "warnings": "warnings"}.get(entry.status, "errors")
        if state != "errors":
            reported += 1
            if deadline and entry.received > deadline:
                state = "late"
        rows.append((child.code, child.name, state, entry.received.isoformat(sep=" ", timespec="minutes"),
                     entry.file))
    pct = f"{reported / len(children):.0%}" if children else "—"
    summary = {"reported": reported, "expected": len(children), "pct": pct, "files": len(latest)}
    return rows, summary
