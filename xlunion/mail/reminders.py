"""Remind every unit whose report is missing or has errors, from the registry's addresses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..definition import Definition
from ..ledger import Ledger
from ..registry import Registry
from .replies import reminder_message
from .send import SmtpConfig, send_message, write_draft
from .tracking import completeness

OWING = ("missing", "errors")
"""The states that earn a reminder: nothing counted yet, or only a version with errors."""


@dataclass
class Reminded:
    unit: str
    state: str
    to: list[str]
    draft: Path | None = None
    """The .eml written on a dry run; None when sent, or when the unit has no address."""


def remind(defn: Definition, registry: Registry, parent: str, ledger: Ledger, config: SmtpConfig,
           deadline: dt.datetime | None = None, dry_run: Path | None = None,
           now: dt.datetime | None = None) -> list[Reminded]:
    """Mail (or, with ``dry_run``, write as .eml files there) one reminder to each owing unit."""
    now = now or dt.datetime.now()
    rows, _summary = completeness(defn, registry, parent, ledger, deadline)
    sender = config.sender or config.user or registry[parent].email or f"{parent.lower()}@localhost"
    done = []
    for code, name, state, _received, _file in rows:
        if state not in OWING:
            continue
        to = list(registry[code].addresses)
        if not to:
            done.append(Reminded(code, state, []))
            continue
        message = reminder_message(defn, f"{code} {name}", state, to, sender, registry[parent].name, deadline, now)
        draft = write_draft(message, dry_run / f"nhac-nop_{code}.eml") if dry_run else None
        if draft is None:
            send_message(message, config)
        ledger.record_reply(f"remind.{state}", message, unit=code, draft=str(draft) if draft else None)
        done.append(Reminded(code, state, to, draft))
    return done
