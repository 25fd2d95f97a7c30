"""Pull reports out of email into the inbox, each stored once (by SHA-256), each in the ledger.

Messages come from an IMAP mailbox or from a folder of saved ``.eml`` files (and
Outlook ``.msg`` files when the ``extract-msg`` library is installed). Workbook
attachments are checked before they are stored: not a workbook, too large, an
unknown unit or sender, or an unreadable file is reported and not stored.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..definition import Definition
from ..errors import XlunionError
from ..ledger import Entry, Ledger
from ..registry import Registry

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Mail:
    """What a message brings: where from, when, and its attachments."""

    source: str
    sender: str
    received: dt.datetime
    message_id: str
    attachments: list[tuple[str, bytes]]


@dataclass
class PullReport:
    stored: list[Entry] = field(default_factory=list)
    duplicates: list[tuple[str, Entry]] = field(default_factory=list)
    rejected: list[tuple[str, str, str, dict]] = field(default_factory=list)
    """(source, attachment name, message key, values)."""


def parse_message(raw: bytes, source: str) -> Mail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    sender = email.utils.parseaddr(str(message.get("From", "")))[1].lower()
    try:
        received = email.utils.parsedate_to_datetime(str(message["Date"]))
        received = received.astimezone().replace(tzinfo=None) if received.tzinfo else received
    except (TypeError, ValueError):
        received = dt.datetime.now().replace(microsecond=0)
    attachments = [(unicodedata.normalize("NFC", part.get_filename()), part.get_payload(decode=True) or b"")
                   for part in message.iter_attachments() if part.get_filename()]
    return Mail(source, sender, received, str(message.get("Message-ID", "")), attachments)


def mails_from_dir(folder: str | Path) -> Iterator[Mail]:
    for path in sorted(Path(folder).iterdir()):
        suffix = path.suffix.lower()
        if suffix == ".eml":
            yield parse_message(path.read_bytes(), path.name)
        elif suffix == ".msg":
            yield _from_msg(path)


def _from_msg(path: Path) -> Mail:
    try:
        import extract_msg  # optional: Outlook .msg files
    except ImportError as exc:
        raise XlunionError(path, "pull.msg_unsupported") from exc
    with extract_msg.openMsg(str(path)) as item:
        sender = email.utils.parseaddr(item.sender or "")[1].lower()
        received = item.date.replace(tzinfo=None) if item.date else dt.datetime.now().replace(microsecond=0)
        attachments = [(a.longFilename or a.shortFilename or "", a.data or b"") for a in item.attachments
                       if isinstance(a.data, bytes)]
        return Mail(path.name, sender, received, item.messageId or "", attachments)


def mails_from_imap(url: str) -> Iterator[Mail]:
    """``imap://user:password@host:port/MAILBOX`` (``imaps://`` for TLS); the password may
    come from ``XLUNION_IMAP_PASSWORD`` instead of the URL."""
    import imaplib

    parts = urlparse(url)
    secure = parts.scheme == "imaps"
    host, port = parts.hostname or "localhost", parts.port or (993 if secure else 143)
    secret = unquote(parts.password or "") or os.environ.get("XLUNION_IMAP_PASSWORD", "")
    mailbox = unquote(parts.path.lstrip("/")) or "INBOX"
    try:
        client = imaplib.IMAP4_SSL(host, port) if secure else imaplib.IMAP4(host, port)
        with client:
            client.login(unquote(parts.username or ""), secret)
            client.select(mailbox, readonly=True)
            _status, data = client.uid("search", None, "ALL")
            for uid in data[0].split():
                _status, fetched = client.uid("fetch", uid, "(RFC822)")
                yield parse_message(fetched[0][1], f"{host}/{mailbox}#{uid.decode()}")
    except (OSError, imaplib.IMAP4.error) as exc:
        raise XlunionError(None, "pull.imap_failed", host=host, reason=exc) from exc


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
