"""Who may see a password: verified TLS, loopback, or an operator who said so in writing.

One rule for SMTP and IMAP alike. A connection is encrypted with a context that verifies the
server's certificate and name against the system's CAs (and a union's own CA file, when the
config names one). A password goes over an unencrypted connection only to this machine
(loopback: nothing leaves it) or when the config's ``allow_plaintext_password = true`` says
so, and then a warning is printed each time. Passwords come from the environment or the OS
keyring (``xlunion mail login``), never from a URL or the config file.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
from collections.abc import Callable
from pathlib import Path

from ..errors import XlunionError
from ..messages import Phrase, msg

ENVIRONMENT = {"smtp": "XLUNION_SMTP_PASSWORD", "imap": "XLUNION_IMAP_PASSWORD"}
KEYRING_SERVICE = {"smtp": "xlunion-smtp", "imap": "xlunion-imap"}


def tls_context(ca_file: str | Path | None = None, source: str | Path | None = None) -> ssl.SSLContext:
    """Verifying: the system's CAs, plus ``ca_file`` (a union's own server) when given."""
    context = ssl.create_default_context()
    if ca_file:
        try:
            context.load_verify_locations(cafile=str(ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise XlunionError(source, "mail.ca_file", path=ca_file) from exc
    return context


def is_loopback(host: str) -> bool:
    """Only what cannot leave this machine: ``localhost`` and the loopback addresses. No other name
    is resolved (what it resolves to can change between this check and the connection), and not
    every resolver keeps ``*.localhost`` on this machine."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def warn_on_stderr(text: str) -> None:
    from ..terminal import echo

    echo(text, err=True, color="yellow")


def check_plaintext(kind: str, host: str, user: str, allowed: bool, source: str | Path | None,
                    warn: Callable[[str], None] | None = warn_on_stderr) -> None:
    """Before logging in without encryption: fine on loopback or without a login; with the
    config's opt-in, warned; otherwise refused."""
    if not user or is_loopback(host):
        return
    if not allowed:
        raise XlunionError(source, "mail.plaintext_refused", kind=kind.upper(), host=host)
    if warn:
        warn(msg("mail.plaintext_warning", kind=kind.upper(), host=host, user=user))


def without_starttls(kind: str, host: str, user: str, allowed: bool, source: str | Path | None,
                     warn: Callable[[str], None] | None = warn_on_stderr) -> None:
    """A server that does not offer STARTTLS, or someone on the way who removed it from the list: go on
    unencrypted only to loopback, or with the config's opt-in (warned); otherwise refused, password unsent."""
    if is_loopback(host):
        return
    if not allowed:
        raise XlunionError(source, "mail.no_starttls", kind=kind.upper(), host=host)
    check_plaintext(kind, host, user, True, source, warn)


def password(kind: str, user: str) -> tuple[str | None, Phrase | None]:
    """The password and where it was found (for a message): the environment first, then the OS keyring."""
    variable = ENVIRONMENT[kind]
    if os.environ.get(variable):
        return os.environ[variable], Phrase("mail.from_environment", {"variable": variable})
    try:
        import keyring  # optional (the mail extra): the OS credential store
    except ImportError:
        return None, None
    try:
        return keyring.get_password(KEYRING_SERVICE[kind], user), Phrase("mail.from_keyring")
    except Exception:  # noqa: BLE001 - no usable keyring backend: as if nothing were stored
        return None, None


def require_password(kind: str, user: str, host: str) -> tuple[str, Phrase]:
    secret, where = password(kind, user)
    if not secret:
        raise XlunionError(None, "mail.no_password", kind=kind.upper(), user=user, host=host,
                           variable=ENVIRONMENT[kind])
    return secret, where


def store_password(kind: str, user: str, secret: str) -> None:
    """Into the OS keyring, where :func:`password` finds it."""
    try:
        import keyring
    except ImportError as exc:
        raise XlunionError(None, "mail.no_keyring_library") from exc
    try:
        keyring.set_password(KEYRING_SERVICE[kind], user, secret)
    except Exception as exc:  # noqa: BLE001 - keyring raises its own errors, or a backend's
        raise XlunionError(None, "mail.no_keyring", variable=ENVIRONMENT[kind]) from exc
