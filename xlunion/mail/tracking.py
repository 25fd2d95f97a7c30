"""Completeness from the ledger: who of a parent's children has reported, late, with errors."""

from __future__ import annotations

import datetime as dt

from ..definition import Definition
from ..ledger import Ledger
from ..registry import Registry


def completeness(defn: Definition, registry: Registry, parent: str, ledger: Ledger,
                 deadline: dt.datetime | None = None):
    """Rows (code, name, status, received, file) for each expected child, and a summary."""
    counted = ledger.counted(defn.id, defn.term.name)
    rows, reported = [], 0
    children = registry.children(parent, on=dt.date(defn.years[-1].year, 12, 31))
    held = {e.unit: e for e in ledger.held(defn.id, defn.term.name)}  # the newest held file of each unit
    for child in children:
        waiting = held.get(child.code)
        if waiting and (child.code not in counted or waiting.received >= counted[child.code][1].received):
            # the operator must look first: a file whose sender does not match the unit
            rows.append((child.code, child.name, "held", waiting.received.isoformat(sep=" ", timespec="minutes"),
                         waiting.file))
            continue
        if child.code not in counted:
            rows.append((child.code, child.name, "missing", "", ""))
            continue
        entry, newest = counted[child.code]
        state = _state(entry, newest, deadline)
        reported += state != "errors"
        rows.append((child.code, child.name, state, entry.received.isoformat(sep=" ", timespec="minutes"),
                     entry.file))
    pct = f"{reported / len(children):.0%}" if children else "—"
    summary = {"reported": reported, "expected": len(children), "pct": pct, "files": len(counted)}
    return rows, summary


def _state(entry, newest, deadline: dt.datetime | None) -> str:
    """The words consolidation would write for the version that counts (lateness first: it is what the
    report counts; then a newer version left out for its errors)."""
    if entry.status == "errors":
        return "errors"
    if deadline and entry.received > deadline:
        return "late"
    if newest is not entry:
        return "newer_errors"
    return "warnings" if entry.status == "warnings" else "valid"
