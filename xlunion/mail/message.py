"""One message as the inbox sees it: who sent it, when, and the files it carries.

Messages come from saved ``.eml`` files, Outlook ``.msg`` files (when the ``extract-msg``
library is installed) or an IMAP mailbox (``imap.py``).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import XlunionError


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


def parse_message(raw: bytes, source: str, arrived: dt.datetime | None = None, uid: int | None = None) -> Mail:
    """``arrived``: the mailbox's arrival time (naive local time) when the message came from one."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    sender = email.utils.parseaddr(str(message.get("From", "")))[1].lower()
    try:
        sent = email.utils.parsedate_to_datetime(str(message["Date"]))
        sent = sent.astimezone().replace(tzinfo=None) if sent.tzinfo else sent
    except (TypeError, ValueError):
        sent = None
    received = arrived or sent or dt.datetime.now().replace(microsecond=0)
    attachments = [(unicodedata.normalize("NFC", part.get_filename()), part.get_payload(decode=True) or b"")
                   for part in message.iter_attachments() if part.get_filename()]
    return Mail(source, sender, received, str(message.get("Message-ID", "")), attachments, sent, uid)


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
