"""One message as the inbox sees it: who sent it, when, and the files it carries.

Messages come from saved ``.eml`` files, Outlook ``.msg`` files (when the ``extract-msg``
library is installed) or an IMAP mailbox (``imap.py``). Reading a message never raises: a
message that cannot be read is a :class:`Mail` carrying its ``problem``, so the pull reports it
and goes on with the next one (a generator that raises is dead: every later message is lost).
"""

from __future__ import annotations

import datetime as dt
import email
import email.errors
import email.header
import email.policy
import email.utils
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .names import readable
from .parts import files_in

SANE_YEARS = range(1990, 2200)
"""A date outside these years is a broken clock or a crafted header (year 9999 overflowed)."""


@dataclass
class Mail:
    """What a message brings: where from, when, and its attachments.

    ``received`` is when the message arrived here (the mailbox's INTERNALDATE, or the last
    Received header of a saved file): it decides lateness and which version is newer.
    ``sent`` is the sender's Date header, the sender's own clock: kept beside it, never decisive.
    ``uid`` is the message's IMAP UID when it came from a mailbox."""

    source: str
    sender: str
    received: dt.datetime
    message_id: str
    attachments: list[tuple[str, bytes]]
    sent: dt.datetime | None = None
    uid: int | None = None
    digest: str = ""
    """SHA-256 of the message as it came: with ``source``, what names it in the ledger."""
    problem: tuple[str, dict] | None = None
    """(message key, values) when the message could not be read at all."""
    defects: list[str] = field(default_factory=list)
    """Structural defects the parser met (a broken boundary): reported when no file was found."""
    auto: bool = False
    """Sent by a program (``Auto-Submitted`` other than ``no``, RFC 3834): never answered with a receipt."""


def parse_message(raw: bytes, source: str, arrived: dt.datetime | None = None, uid: int | None = None,
                  fallback: dt.datetime | None = None) -> Mail:
    """``arrived``: the mailbox's arrival time (naive local time) when the message came from one;
    otherwise the topmost Received header's date, the Date header, then ``fallback`` (a saved file's time)."""
    digest = hashlib.sha256(raw).hexdigest()
    now = dt.datetime.now().replace(microsecond=0)
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        sender = _sender(message)
        sent = _date(_header(message, "Date"))
        received = arrived or _last_hop(message) or sent or fallback or now
        files, defects = files_in(message)
    except Exception as exc:  # noqa: BLE001 - any message, however broken, must become a line, not a traceback
        return Mail(source, "", arrived or fallback or now, "", [], None, uid, digest,
                    ("pull.bad_message", {"reason": type(exc).__name__}))
    auto = _header(message, "Auto-Submitted").strip().lower() not in ("", "no")
    return Mail(source, sender, received, _header(message, "Message-ID").strip(), files, sent, uid, digest,
                defects=defects, auto=auto)


def _header(message, name: str) -> str:
    """A header as text; one the parser cannot make sense of counts as absent."""
    try:
        return readable(str(message.get(name, "") or ""))
    except Exception:  # noqa: BLE001 - header classes raise a variety of errors on crafted values
        return ""


def _sender(message) -> str:
    """The From address. Some mail programs put the whole From, address included, in one encoded word:
    the header parser then sees a name without an address; decoded first, the address is there."""
    address = email.utils.parseaddr(_header(message, "From"))[1]
    if "@" not in address:
        raw = next((value for name, value in message.raw_items() if name.lower() == "from"), "")
        try:
            decoded = str(email.header.make_header(email.header.decode_header(str(raw))))
        except (ValueError, LookupError, email.errors.HeaderParseError):
            decoded = ""
        address = email.utils.parseaddr(readable(decoded))[1] or address
    return address.lower()


def _date(text: str) -> dt.datetime | None:
    """A date header in local naive time, None when it is missing, unreadable or absurd."""
    try:
        stamp = email.utils.parsedate_to_datetime(text.strip())
        if stamp.year not in SANE_YEARS:
            return None
        return stamp.astimezone().replace(tzinfo=None) if stamp.tzinfo else stamp
    except (TypeError, ValueError, OverflowError, IndexError, OSError):
        return None


def _last_hop(message) -> dt.datetime | None:
    """When the last server (the topmost Received header) took the message: set by our own side's
    server, not by the sender's clock."""
    try:
        hops = message.get_all("Received") or []
    except Exception:  # noqa: BLE001 - see _header
        return None
    return _date(str(hops[0]).rpartition(";")[2]) if hops else None


def mails_from_dir(folder: str | Path) -> Iterator[Mail]:
    for path in sorted(Path(folder).iterdir()):
        suffix = path.suffix.lower()
        if suffix == ".eml":
            yield _from_eml(path)
        elif suffix == ".msg":
            yield _from_msg(path)


def _file_time(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except (OSError, ValueError, OverflowError):
        return None


def _from_eml(path: Path) -> Mail:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _unreadable(path, exc)
    return parse_message(raw, path.name, fallback=_file_time(path))


def _unreadable(path: Path, exc: Exception | None = None, key: str = "pull.bad_message") -> Mail:
    """A saved message that could not be read: a line of its own, at the file's time."""
    return Mail(path.name, "", _file_time(path) or dt.datetime.now().replace(microsecond=0), "", [],
                problem=(key, {"reason": type(exc).__name__} if exc else {}))


def _from_msg(path: Path) -> Mail:
    try:
        import extract_msg  # optional: Outlook .msg files
    except ImportError:
        return _unreadable(path, key="pull.msg_unsupported")
    try:
        raw = path.read_bytes()
        with extract_msg.openMsg(str(path)) as item:
            sender = email.utils.parseaddr(item.sender or "")[1].lower()
            sent = _date(email.utils.format_datetime(item.date)) if item.date else None
            attachments = [(readable(a.longFilename or a.shortFilename or f"tep-dinh-kem-{n}"), a.data or b"")
                           for n, a in enumerate(item.attachments, 1) if isinstance(a.data, bytes)]
            return Mail(path.name, sender, sent or _file_time(path) or dt.datetime.now().replace(microsecond=0),
                        item.messageId or "", attachments, sent, digest=hashlib.sha256(raw).hexdigest())
    except Exception as exc:  # noqa: BLE001 - extract-msg raises its own and olefile's errors on broken files
        return _unreadable(path, exc)
