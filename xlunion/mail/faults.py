"""A mail server's failures as one sentence a person reads: no Python reprs, no bytes literals.

``{'ct03@…': (550, b'5.1.1 …')}`` and ``b'[AUTHENTICATIONFAILED]…'`` are how smtplib and imaplib
say it; the officer needs “which address, and what the server said”, or what to check.
"""

from __future__ import annotations

import socket
import ssl

from ..errors import XlunionError
from ..messages import Phrase

# OpenSSL's X509_V_ERR_* codes, grouped by what the officer can do about them
_UNTRUSTED = {18, 19, 20, 21, 2}
_OTHER_NAME = {62, 64}
_EXPIRED = {9, 10}


def server_text(reply: object) -> str:
    """A server's reply as plain text (imaplib and smtplib hand over bytes, or lists of them)."""
    if isinstance(reply, list | tuple):
        return " ".join(server_text(r) for r in reply if r is not None).strip()
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", errors="replace")
    return " ".join(str(reply).split())[:300]


def certificate_reason(exc: ssl.SSLCertVerificationError) -> Phrase:
    """In the language of the message it goes into."""
    code = getattr(exc, "verify_code", None)
    if code in _OTHER_NAME:
        return Phrase("mail.cert_other_host")
    if code in _EXPIRED:
        return Phrase("mail.cert_expired")
    if code in _UNTRUSTED:
        return Phrase("mail.cert_untrusted")
    return Phrase("mail.cert_invalid")


def network_error(exc: BaseException, kind: str, host: str, port: int) -> XlunionError:
    """What went wrong on the way to the server, before any mail was handled."""
    where = {"kind": kind.upper(), "host": host, "port": port}
    if isinstance(exc, ssl.SSLCertVerificationError):
        return XlunionError(None, "mail.tls_certificate", reason=certificate_reason(exc), **where)
    if isinstance(exc, ssl.SSLError):
        return XlunionError(None, "mail.tls_failed", **where)
    if isinstance(exc, socket.gaierror):
        reason = Phrase("mail.net_unknown_host")
    elif isinstance(exc, ConnectionRefusedError):
        reason = Phrase("mail.net_refused")
    elif isinstance(exc, TimeoutError):
        reason = Phrase("mail.net_timeout")
    else:
        reason = Phrase("mail.net_lost")
    return XlunionError(None, "mail.connect_failed", reason=reason, **where)
