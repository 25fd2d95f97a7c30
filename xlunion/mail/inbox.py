"""Pull reports out of email into the inbox, each stored once (by SHA-256), each in the ledger.

Messages come from ``message.py`` (saved files) or ``imap.py`` (a mailbox). Every message gets one
row in the ledger's ``messages`` table and at least one line: a line for each file it carries
(stored, duplicate, superseded or refused with the reason) or "no report file". Nothing is silent,
and one bad message or file never stops the pull: what stops it (the mailbox or the ledger gone)
ends it with everything done so far still reported.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..definition import Definition
from ..errors import XlunionError
from ..ledger import Entry, Ledger
from ..messages import msg
from ..registry import Registry
from ..validation import WORKBOOK_SUFFIXES, is_macro_workbook
from .imap import mails_from_imap  # noqa: F401 - the pull's two sources, importable from here
from .message import Mail, mails_from_dir, parse_message  # noqa: F401
from .names import safe_name
from .senders import sender_notes
from .unpack import pieces


@dataclass
class Line:
    """What became of one file of a message (or of a message without any)."""

    source: str
    name: str
    outcome: str
    """stored, superseded, duplicate, refused or empty."""
    key: str = ""
    values: dict = field(default_factory=dict)
    entry: Entry | None = None
    findings: list = field(default_factory=list)
    """What validating the file found (for the receipt)."""

    def text(self) -> str:
        if self.outcome in ("stored", "superseded"):
            e = self.entry
            said = msg("pull.stored", file=e.file, unit=e.unit, status=msg(f"pull.status.{e.status}"), sender=e.sender)
            said += msg("pull.superseded_note") if self.outcome == "superseded" else ""
            if e.review == "pending":  # held for the operator: say why, on the same line
                said += " " + msg("pull.held", notes="; ".join(msg(k, **v) for k, v in e.note_list()))
            return said
        if self.outcome == "duplicate":
            return msg("pull.duplicate", name=self.name)
        if self.outcome == "empty":
            return msg(self.key, source=self.source, **self.values)
        return msg("pull.rejected", name=self.name, source=self.source, reason=msg(self.key, **self.values))


@dataclass
class Pulled:
    """One message and its lines."""

    mail: Mail
    lines: list[Line] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        found = {line.outcome for line in self.lines}
        for outcome in ("stored", "superseded", "duplicate", "refused"):
            if outcome in found:
                return outcome
        return "empty"


@dataclass
class PullReport:
    stored: list[Entry] = field(default_factory=list)
    duplicates: list[tuple[str, Entry]] = field(default_factory=list)
    rejected: list[tuple[str, str, str, dict]] = field(default_factory=list)
    """(source, attachment name, message key, values)."""
    messages: list[Pulled] = field(default_factory=list)
    """Every message in the order it came, with its lines."""
    interrupted: XlunionError | None = None
    """Why the pull stopped before the source was done (the mailbox or the ledger gone)."""

    def add(self, pulled: Pulled, line: Line) -> None:
        pulled.lines.append(line)
        if line.outcome in ("stored", "superseded"):
            self.stored.append(line.entry)
        elif line.outcome == "duplicate":
            self.duplicates.append((line.name, line.entry))
        elif line.outcome == "refused":
            self.rejected.append((line.source, line.name, line.key, line.values))


def pull(mails: Iterator[Mail], inbox: str | Path, ledger: Ledger, defn: Definition, registry: Registry,
         max_mb: float = 20, parent: str | None = None, said: Callable[[Pulled], None] | None = None) -> PullReport:
    """Store every acceptable workbook attachment once under ``inbox/<unit>/`` and record it; a file
    whose sender does not match its unit (see :mod:`xlunion.mail.senders`; ``parent`` is the union
    pulling, when known) is stored but held for the operator.

    Pulls into one ledger are serialised (see ``Ledger.exclusive``): a second one waits. ``said`` hears
    each message as soon as it is done, so a long pull shows its progress line by line."""
    from sqlalchemy.exc import SQLAlchemyError

    report = PullReport()
    place = Place(Path(inbox).resolve(), ledger, defn, registry, max_mb, parent)  # paths that hold from any folder
    with ledger.exclusive():
        try:
            for mail in mails:
                pulled = Pulled(mail)
                report.messages.append(pulled)
                _message(mail, pulled, report, place)
                ledger.note_message(**_row(mail, pulled))
                if said is not None:
                    said(pulled)
        except XlunionError as exc:  # the source failed midway: what was done stays reported
            report.interrupted = exc
        except SQLAlchemyError as exc:
            report.interrupted = XlunionError(ledger.url, "ledger.failed", reason=exc.__class__.__name__)
    return report


@dataclass
class Place:
    """Where a pull puts what it takes, and by what it judges it."""

    inbox: Path
    ledger: Ledger
    defn: Definition
    registry: Registry
    max_mb: float
    parent: str | None = None


@dataclass
class Ready:
    """A workbook read and validated, not yet stored: the mail's other files decide its notes."""

    shown: str
    name: str
    data: bytes
    digest: str
    sub: object
    status: str
    findings: list

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def _message(mail: Mail, pulled: Pulled, report: PullReport, place: Place) -> None:
    """Judge every file of the message first, then keep the workbooks: whether one mail carries several
    units, or two versions of one, is known only once all of them are read."""
    if mail.problem:
        key, values = mail.problem
        return report.add(pulled, Line(mail.source, mail.source, "refused", key, values))
    judged: list[Line | Ready] = []  # in the mail's order: its lines are said in that order
    for name, data in mail.attachments:
        for piece in pieces(name, data, int(place.max_mb * 1024 * 1024)):
            if piece.problem:
                judged.append(Line(mail.source, piece.shown, "refused", *piece.problem))
            else:
                judged.append(_guarded(mail, piece.shown, _judge, mail, piece.shown, piece.name, piece.data, place))
    ready = {item.digest: item for item in judged if isinstance(item, Ready)}  # the same file twice: one version
    units = [item.sub.unit for item in ready.values()]
    kept: dict[str, Line] = {}
    for item in judged:
        if isinstance(item, Line):
            report.add(pulled, item)
        elif item.digest in kept and kept[item.digest].entry is not None:
            report.add(pulled, Line(mail.source, item.shown, "duplicate", entry=kept[item.digest].entry))
        else:
            kept[item.digest] = _guarded(mail, item.shown, _keep, mail, item, units, place)
            report.add(pulled, kept[item.digest])
    if not pulled.lines:
        key = "pull.broken_message" if mail.defects else "pull.no_report"
        report.add(pulled, Line(mail.source, "", "empty", key, {"sender": mail.sender or "?"}))
    return None


def message_key(mail: Mail) -> str:
    """What names a message in the ledger: where it was read and its bytes (the same bytes in two
    mailbox messages are two messages, each accounted for)."""
    return hashlib.sha256(f"{mail.source}\n{mail.digest}".encode("utf-8", "replace")).hexdigest()


def _guarded(mail: Mail, shown: str, step, *args):
    """One file's step, whatever happens to it: a file that breaks something costs its own line, never
    the messages after it. Only the ledger failing stops the pull (``pull`` says so)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return step(*args)
    except SQLAlchemyError:
        raise
    except OSError:  # the inbox could not take this file (disk full, a name it refuses)
        return Line(mail.source, shown, "refused", "pull.store_failed")
    except Exception as exc:  # noqa: BLE001 - an unforeseen failure on one file is that file's line
        return Line(mail.source, shown, "refused", "pull.file_failed", {"reason": type(exc).__name__})


def _row(mail: Mail, pulled: Pulled) -> dict:
    return dict(digest=message_key(mail), source=mail.source, uid=mail.uid, message_id=mail.message_id,
                sender=mail.sender, received=mail.received, sent=mail.sent, outcome=pulled.outcome,
                detail="\n".join(line.text() for line in pulled.lines))


def _judge(mail: Mail, shown: str, name: str, data: bytes, place: Place) -> Line | Ready:
    """A file's line when it goes no further (refused, or already stored), else the workbook read."""
    def refuse(key: str, **values) -> Line:
        return Line(mail.source, shown, "refused", key, values)

    if is_macro_workbook(name):
        return refuse("pull.macro_workbook")
    if not name.lower().endswith(WORKBOOK_SUFFIXES):
        return refuse("pull.not_workbook")
    if len(data) > place.max_mb * 1024 * 1024:
        return refuse("pull.too_large", size=round(len(data) / 1024 / 1024, 1), limit=place.max_mb)
    digest = hashlib.sha256(data).hexdigest()
    existing = place.ledger.find(digest)
    if existing:
        return _again(mail, shown, existing, place)
    checked = _check(safe_name(name), data, shown, place.defn, place.registry)
    if isinstance(checked, str):
        return refuse("pull.unreadable", reason=checked)
    sub, status, findings = checked
    if sub.unit not in place.registry:
        return refuse("pull.unknown_unit", unit=sub.unit)
    return Ready(shown, name, data, digest, sub, status, findings)


def _again(mail: Mail, shown: str, existing: Entry, place: Place) -> Line:
    """A file stored before. Held there for its sender, it is cleared when its own unit's address sends
    the very same bytes alone: the unit vouches for it, the operator has nothing left to decide."""
    if existing.review == "pending" and not sender_notes(mail.sender, existing.unit, [existing.unit], place.registry,
                                                         place.parent):
        existing = place.ledger.clear_hold(existing.id)
    return Line(mail.source, shown, "duplicate", entry=existing)


def _keep(mail: Mail, item: Ready, units: list[str], place: Place) -> Line:
    """Store the workbook and record it, held for the operator when its sender does not match."""
    import json

    notes = sender_notes(mail.sender, item.sub.unit, units, place.registry, place.parent)
    target = (place.inbox / safe_name(item.sub.unit)
              / f"{mail.received:%Y%m%d-%H%M%S}_{item.digest[:8]}_{safe_name(item.name)}")
    _store(target, item.data, mail)
    entry = place.ledger.record(
        sha256=item.digest, unit=item.sub.unit, report=place.defn.id, period=place.defn.term.name, file=str(target),
        original_name=item.shown, received=mail.received, sender=mail.sender, message_id=mail.message_id,
        status=item.status, errors=item.errors, warnings=item.warnings, sent=mail.sent, message=message_key(mail),
        review="pending" if notes else None, notes=json.dumps(notes, ensure_ascii=False) if notes else None)
    if entry.file != str(target):  # stored meanwhile from another message (see Ledger.record)
        return Line(mail.source, item.shown, "duplicate", entry=entry)
    outcome = "superseded" if entry.superseded_by else "stored"
    return Line(mail.source, item.shown, outcome, entry=entry, findings=item.findings)


def _store(target: Path, data: bytes, mail: Mail) -> None:
    from ..io.atomic import atomic_path

    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():  # never overwrite: same name and hash means the same bytes
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        stamp = mail.received.timestamp()
        os.utime(target, (stamp, stamp))


def _check(name: str, data: bytes, shown: str, defn: Definition, registry: Registry):
    """Validate the file in a folder of its own, and say what is wrong with it by its mail name: the
    folder is gone by the time anyone reads the message."""
    from ..validation import validate_files

    with tempfile.TemporaryDirectory(prefix="xlunion-pull-") as tmp:
        probe = Path(tmp) / name
        probe.write_bytes(data)
        result = validate_files([probe], defn, registry.parents()).files[0]
    if result.error is not None:
        return result.error.render().replace(str(probe), shown)
    return result.submission, result.status, result.findings
