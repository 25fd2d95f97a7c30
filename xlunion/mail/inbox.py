"""Pull reports out of email into the inbox, each stored once (by SHA-256), each in the ledger.

Messages come from ``message.py`` (saved files) or ``imap.py`` (a mailbox). Workbook
attachments are checked before they are stored: not a workbook, too large, an
unknown unit or sender, or an unreadable file is reported and not stored.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..definition import Definition
from ..ledger import Entry, Ledger
from ..registry import Registry
from .imap import mails_from_imap  # noqa: F401 - the pull's two sources, importable from here
from .message import Mail, mails_from_dir, parse_message  # noqa: F401

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class PullReport:
    stored: list[Entry] = field(default_factory=list)
    duplicates: list[tuple[str, Entry]] = field(default_factory=list)
    rejected: list[tuple[str, str, str, dict]] = field(default_factory=list)
    """(source, attachment name, message key, values)."""


def pull(mails: Iterator[Mail], inbox: str | Path, ledger: Ledger, defn: Definition, registry: Registry,
         max_mb: float = 20) -> PullReport:
    """Store every acceptable workbook attachment once under ``inbox/<unit>/`` and record it."""
    report = PullReport()
    known_senders = {u.email for u in registry if u.email}
    for mail in mails:
        for name, data in mail.attachments:
            _take(mail, name, data, Path(inbox), ledger, defn, registry, known_senders, max_mb, report)
    return report


def _take(mail: Mail, name: str, data: bytes, inbox: Path, ledger: Ledger, defn: Definition, registry: Registry,
          known_senders: set[str], max_mb: float, report: PullReport) -> None:
    def reject(key: str, **values) -> None:
        report.rejected.append((mail.source, name, key, values))

    if not name.lower().endswith(WORKBOOK_SUFFIXES):
        return reject("pull.not_workbook")
    if len(data) > max_mb * 1024 * 1024:
        return reject("pull.too_large", size=round(len(data) / 1024 / 1024, 1), limit=max_mb)
    digest = hashlib.sha256(data).hexdigest()
    existing = ledger.find(digest)
    if existing:
        report.duplicates.append((name, existing))
        return None
    if known_senders and mail.sender not in known_senders:
        return reject("pull.unknown_sender", sender=mail.sender)
    with tempfile.TemporaryDirectory(prefix="xlunion-pull-") as tmp:
        probe = Path(tmp) / Path(name).name
        probe.write_bytes(data)
        checked = _check(probe, defn, registry)
    if isinstance(checked, str):
        return reject("pull.unreadable", reason=checked)
    sub, status, errors, warnings = checked
    if sub.unit not in registry:
        return reject("pull.unknown_unit", unit=sub.unit)
    target = inbox / sub.unit / f"{mail.received:%Y%m%d-%H%M%S}_{digest[:8]}_{Path(name).name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():  # never overwrite: same name and hash means the same bytes
        from ..io.atomic import atomic_path

        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        stamp = mail.received.timestamp()
        os.utime(target, (stamp, stamp))
    report.stored.append(ledger.record(
        sha256=digest, unit=sub.unit, report=defn.id, period=defn.term.name, file=str(target), original_name=name,
        received=mail.received, sender=mail.sender, message_id=mail.message_id, status=status, errors=errors,
        warnings=warnings))
    return None


def _check(path: Path, defn: Definition, registry: Registry):
    from ..validation import validate_files

    result = validate_files([path], defn, registry.parents()).files[0]
    if result.error is not None:
        return result.error.render()
    errors = sum(f.severity == "error" for f in result.findings)
    return result.submission, result.status, errors, len(result.findings) - errors
