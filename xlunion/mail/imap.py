"""Fetch messages from an IMAP mailbox: over verified TLS, only what the last pull had not seen.

The mailbox is ``[imap]`` of the config or an ``imaps://user@host/FOLDER`` URL
(:mod:`xlunion.mail.config`). Each message comes with the server's INTERNALDATE (when it
arrived there: the sender's clock decides nothing) and its UID. With a ledger, the mailbox's
UIDVALIDITY and the last UID the pull has finished with are kept there, so the next pull
fetches only newer mail; when the server renumbers the folder (a new UIDVALIDITY) everything is
read again, which the ledger's SHA-256 de-duplication makes harmless.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import re
from collections.abc import Callable, Iterator

from ..errors import XlunionError
from . import utf7
from .config import ImapConfig, imap_from_url
from .faults import network_error, server_text
from .message import Mail, parse_message
from .security import check_plaintext, require_password, tls_context, warn_on_stderr, without_starttls

_LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>"(?:[^"\\]|\\.)*"|\S+)$')


def mails_from_imap(source: str | ImapConfig, ledger=None,
                    warn: Callable[[str], None] | None = warn_on_stderr) -> Iterator[Mail]:
    """Every message of the folder not yet taken (all of them without a ``ledger``).

    A message counts as taken when the consumer asks for the next one (or the folder is
    exhausted): a message whose processing raised is fetched again next time."""
    account = imap_from_url(source) if isinstance(source, str) else source
    key = (account.host, account.user, account.folder)
    client = _connect(account, warn)
    try:
        validity, uids = _new_uids(client, account, ledger, key)
        for uid in uids:
            mail = _fetch(client, account, uid)
            if mail is None:  # expunged since the search
                continue
            yield mail
            if ledger is not None:  # resumed: the pull has finished with this message
                from ..ledger import remember_mailbox

                remember_mailbox(ledger, *key, uidvalidity=validity, last_uid=uid)
    finally:
        _close(client)


def _close(client: imaplib.IMAP4) -> None:
    try:
        client.logout()
    except (OSError, imaplib.IMAP4.error):  # the server has gone already: close our end all the same
        try:
            client.shutdown()
        except OSError:
            pass


def _connect(account: ImapConfig, warn) -> imaplib.IMAP4:
    if account.security == "none":
        check_plaintext("imap", account.host, account.user, account.allow_plaintext_password, account.source, warn)
    if not account.user:
        raise XlunionError(account.source, "mail.no_user", host=account.host)
    context = tls_context(account.ca_file, account.source) if account.security != "none" else None
    secret, where = require_password("imap", account.user, account.host)
    try:
        if account.security == "ssl":
            client = imaplib.IMAP4_SSL(account.host, account.port, ssl_context=context, timeout=30)
        else:
            client = imaplib.IMAP4(account.host, account.port, timeout=30)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise network_error(exc, "imap", account.host, account.port) from exc
    try:
        if account.security == "starttls":
            _starttls(client, account, context, warn)
        _login(client, account, secret, where)
    except BaseException:
        _close(client)  # a refused login or certificate leaves no socket behind
        raise
    return client


def _starttls(client: imaplib.IMAP4, account: ImapConfig, context, warn) -> None:
    if "STARTTLS" in client.capabilities:
        try:
            client.starttls(ssl_context=context)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise network_error(exc, "imap", account.host, account.port) from exc
    else:
        without_starttls("imap", account.host, account.user, account.allow_plaintext_password, account.source, warn)


def _login(client: imaplib.IMAP4, account: ImapConfig, secret: str, where: str) -> None:
    """AUTHENTICATE PLAIN carries UTF-8 (RFC 4616); LOGIN only ASCII (imaplib quotes it as such)."""
    try:
        if "AUTH=PLAIN" in client.capabilities:
            token = ("\0" + account.user + "\0" + secret).encode("utf-8")
            client.authenticate("PLAIN", lambda _challenge: token)
        elif secret.isascii() and account.user.isascii() and "LOGINDISABLED" not in client.capabilities:
            client.login(account.user, secret)
        else:
            raise XlunionError(account.source, "mail.auth_unsupported", kind="IMAP", host=account.host)
    except imaplib.IMAP4.abort as exc:
        raise network_error(exc, "imap", account.host, account.port) from exc
    except imaplib.IMAP4.error as exc:
        raise XlunionError(account.source, "mail.auth_failed", kind="IMAP", host=account.host, user=account.user,
                           origin=where) from exc
    except OSError as exc:
        raise network_error(exc, "imap", account.host, account.port) from exc


@contextlib.contextmanager
def _exchange(account: ImapConfig) -> Iterator[None]:
    """One exchange with the server after login: the server gone midway, or refusing, said as such."""
    try:
        yield
    except (OSError, imaplib.IMAP4.abort) as exc:
        raise XlunionError(None, "pull.imap_lost", host=account.host) from exc
    except imaplib.IMAP4.error as exc:
        raise XlunionError(None, "pull.imap_failed", host=account.host, reason=server_text(exc.args)) from exc


def _new_uids(client: imaplib.IMAP4, account: ImapConfig, ledger, key) -> tuple[int, list[int]]:
    """Open the folder read-only; the UIDs after the last one taken (all when the UIDVALIDITY changed)."""
    with _exchange(account):
        status, reply = client.select(utf7.quoted(account.folder), readonly=True)
        if status != "OK":
            raise XlunionError(account.source, "mail.no_folder", folder=account.folder, host=account.host,
                               folders=_folders(client) or "—")
        codes = [c for c in client.response("UIDVALIDITY")[1] if c]  # from “* OK [UIDVALIDITY n]”
        validity = int(codes[-1]) if codes and codes[-1].isdigit() else 0
        last = 0
        if ledger is not None:
            from ..ledger import mailbox_position

            known = mailbox_position(ledger, *key)
            last = known[1] if known and known[0] == validity else 0
        status, reply = client.uid("SEARCH", None, f"UID {last + 1}:*")
    # “n:*” always names the last message, even one below n
    uids = sorted(int(u) for u in b" ".join(r for r in reply or [] if r).split() if int(u) > last)
    return validity, uids


def _folders(client: imaplib.IMAP4) -> str:
    """The folder names a person can choose from, for the message about a missing one."""
    try:
        status, lines = client.list()
    except (OSError, imaplib.IMAP4.error):
        return ""
    names = []
    for line in lines if status == "OK" else []:
        found = _LIST_LINE.match(line) if isinstance(line, bytes) else None
        if found and b"\\Noselect" not in found.group("flags"):
            raw = found.group("name").decode("ascii", errors="replace")
            if raw.startswith('"'):
                raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            names.append(utf7.decode(raw))
    return ", ".join(f"“{n}”" for n in sorted(names)[:20])


def _fetch(client: imaplib.IMAP4, account: ImapConfig, uid: int) -> Mail | None:
    with _exchange(account):
        status, reply = client.uid("FETCH", str(uid), "(UID INTERNALDATE BODY.PEEK[])")
    raw = next((part[1] for part in reply or [] if isinstance(part, tuple)), None)
    if status != "OK" or raw is None:
        return None
    # INTERNALDATE may come before or after the message's literal
    meta = b" ".join(part[0] if isinstance(part, tuple) else part for part in reply if part)
    arrived = imaplib.Internaldate2tuple(meta)
    when = dt.datetime(*arrived[:6]) if arrived else None  # naive local time, as the ledger keeps it
    return parse_message(raw, f"{account.host}/{account.folder}#{uid}", arrived=when, uid=uid)
