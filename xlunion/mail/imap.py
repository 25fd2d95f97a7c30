"""Fetch messages from an IMAP mailbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import unquote, urlparse

from ..errors import XlunionError
from .message import Mail, parse_message


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
