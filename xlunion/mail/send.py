"""Send a validated, stamped report over SMTP, or write it as an .eml draft.

The account comes from the config's ``[smtp]`` table (:mod:`xlunion.mail.config`); the
connection is encrypted and the certificate verified unless the config says ``security =
"none"``, and the password comes from the environment or the OS keyring
(:mod:`xlunion.mail.security`), never from a workbook or the config file.
"""

from __future__ import annotations

import base64
import copy
import smtplib
from email.message import EmailMessage
from pathlib import Path

from ..errors import XlunionError
from .config import DEFAULT_CONFIG, SmtpConfig, load_config  # noqa: F401 - importable from here, as before
from .faults import network_error, server_text
from .security import check_plaintext, require_password, tls_context, without_starttls


def send_message(message: EmailMessage, config: SmtpConfig) -> None:
    """Deliver ``message``; every recipient the server refuses is an error naming the address and
    the server's reason (the others have received it)."""
    if config.security == "none":
        check_plaintext("smtp", config.host, config.user, config.allow_plaintext_password, config.source)
    context = tls_context(config.ca_file, config.source) if config.security != "none" else None
    secret, where = require_password("smtp", config.user, config.host) if config.user else ("", None)
    try:
        if config.security == "ssl":
            smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=30, context=context)
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=30)
        with smtp:
            if config.security == "starttls":
                _starttls(smtp, config, context)
            if config.user:
                _login(smtp, config, secret)
            refused = smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except smtplib.SMTPAuthenticationError as exc:
        raise XlunionError(config.source, "mail.auth_failed", kind="SMTP", host=config.host, user=config.user,
                           origin=where) from exc
    except smtplib.SMTPResponseException as exc:
        raise XlunionError(None, "mail.smtp_rejected", host=config.host, code=exc.smtp_code,
                           reason=server_text(exc.smtp_error)) from exc
    except (OSError, smtplib.SMTPException) as exc:  # SMTPServerDisconnected, ssl errors, the network
        raise network_error(exc, "smtp", config.host, config.port) from exc
    if refused:
        delivered = [a for a in _recipients(message) if a not in refused]
        raise XlunionError(None, "mail.recipients_refused", host=config.host, refused=_refusals(refused),
                           delivered=", ".join(delivered) or "—")


def _starttls(smtp: smtplib.SMTP, config: SmtpConfig, context) -> None:
    smtp.ehlo()
    if smtp.has_extn("starttls"):
        smtp.starttls(context=context)
        smtp.ehlo()
    else:
        without_starttls("smtp", config.host, config.user, config.allow_plaintext_password, config.source)


def _login(smtp: smtplib.SMTP, config: SmtpConfig, secret: str) -> None:
    try:
        _authenticate(smtp, config.user, secret)
    except (smtplib.SMTPAuthenticationError, smtplib.SMTPServerDisconnected):
        raise
    except smtplib.SMTPException as exc:  # no AUTH offered, or none smtplib can speak
        raise XlunionError(config.source, "mail.auth_unsupported", kind="SMTP", host=config.host) from exc


def _authenticate(smtp: smtplib.SMTP, user: str, secret: str) -> None:
    if secret.isascii() and user.isascii():
        smtp.login(user, secret)
        return
    # smtplib encodes credentials as ASCII; RFC 4616 (PLAIN) carries UTF-8, and so does LOGIN in practice
    smtp.ehlo_or_helo_if_needed()
    mechanisms = (smtp.esmtp_features.get("auth") or "").upper().split()
    if "PLAIN" in mechanisms:
        token = _b64("\0" + user + "\0" + secret)
        code, reply = smtp.docmd("AUTH", "PLAIN " + token)
    else:
        code, reply = smtp.docmd("AUTH", "LOGIN " + _b64(user))
        if code == 334:
            code, reply = smtp.docmd(_b64(secret))
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _recipients(message: EmailMessage) -> list[str]:
    from email.utils import getaddresses

    return [addr for _name, addr in getaddresses(message.get_all("To", []) + message.get_all("Cc", []))]


def _refusals(refused: dict) -> str:
    """``{'a@x': (550, b'5.1.1 No such user')}`` as “a@x (550 5.1.1 No such user)”."""
    return "; ".join(f"{address} ({code} {server_text(reply)})" for address, (code, reply) in refused.items())


def write_draft(message: EmailMessage, path: str | Path) -> Path:
    """An .eml file any mail client opens as a message ready to send."""
    from ..io.atomic import atomic_path

    draft = copy.deepcopy(message)
    draft["X-Unsent"] = "1"  # Outlook opens it as a draft
    with atomic_path(path) as tmp:
        tmp.write_bytes(draft.as_bytes())
    return Path(path)
