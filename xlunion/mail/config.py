"""The mail accounts of an office, from one TOML file (``~/.config/xlunion/mail.toml`` or ``--config``).

``[smtp]`` is where reports are sent from, ``[imap]`` the mailbox they are pulled from::

    [smtp]
    host = "mail.ldld.vn"          # port 587, security = "starttls" by default ("ssl": port 465)
    user = "tonghop@ldld.vn"
    from = "LĐLĐ tỉnh <tonghop@ldld.vn>"
    to = ["cap-tren@ldld.vn"]

    [imap]
    host = "mail.ldld.vn"          # security = "ssl" (imaps, port 993) by default, or "starttls"
    user = "tonghop@ldld.vn"
    folder = "Báo cáo"
    ca_file = "ca-congdoan.pem"    # a union's own CA, beside this file or an absolute path

Neither table holds a password (see :mod:`xlunion.mail.security`). ``security = "none"`` or
``allow_plaintext_password = true`` are for a server on this machine or a decision made knowingly.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import XlunionError

DEFAULT_CONFIG = Path.home() / ".config" / "xlunion" / "mail.toml"
SECURITY = ("starttls", "ssl", "none")


@dataclass
class SmtpConfig:
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"
    """``starttls``, ``ssl`` or ``none``."""
    user: str = ""
    sender: str = ""
    to: list[str] = field(default_factory=list)
    ca_file: str = ""
    """A CA certificate (PEM) trusted besides the system's: a union's own mail server."""
    allow_plaintext_password: bool = False
    """Log in over an unencrypted connection to a host outside this machine (warned each time)."""
    source: str | None = None
    """The config file it came from, for messages."""


@dataclass
class ImapConfig:
    host: str = "localhost"
    port: int = 993
    security: str = "ssl"
    user: str = ""
    folder: str = "INBOX"
    ca_file: str = ""
    allow_plaintext_password: bool = False
    source: str | None = None


def _table(path: Path, name: str) -> dict | None:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")).get(name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise XlunionError(path, "mail.config", reason=exc) from exc
    if raw is not None and not isinstance(raw, dict):
        raise XlunionError(path, "mail.config", reason=f"[{name}]")
    if raw and "password" in raw:
        raise XlunionError(path, "mail.password_in_config", table=name)
    return raw


def _common(raw: dict, path: Path, name: str, default_security: str) -> dict:
    security = str(raw.get("security", default_security))
    if security not in SECURITY:
        raise XlunionError(path, "mail.config", reason=f"[{name}] security = {security}")
    ca_file = str(raw.get("ca_file", ""))
    if ca_file and not Path(ca_file).is_absolute():
        ca_file = str(path.parent / ca_file)  # beside the config file, wherever the command runs
    return {"host": str(raw.get("host", "localhost")), "security": security, "user": str(raw.get("user", "")),
            "ca_file": ca_file, "allow_plaintext_password": raw.get("allow_plaintext_password", False) is True,
            "source": str(path)}


def _path(path: str | Path | None) -> Path:
    """The file named, which must exist (a mistyped ``--config`` is not an empty config), or the
    default one, which may not."""
    if path and not Path(path).is_file():
        raise XlunionError(None, "mail.config_not_found", path=path)
    return Path(path) if path else DEFAULT_CONFIG


def load_config(path: str | Path | None = None) -> SmtpConfig:
    """The ``[smtp]`` account (defaults when the default file or the table is absent)."""
    path = _path(path)
    raw = _table(path, "smtp") if path.exists() else None
    if not raw:
        return SmtpConfig()
    common = _common(raw, path, "smtp", "starttls")
    try:
        port = int(raw.get("port", 465 if common["security"] == "ssl" else 587))
        to = [str(t) for t in raw.get("to", [])]
    except (TypeError, ValueError) as exc:
        raise XlunionError(path, "mail.config", reason=exc) from exc
    return SmtpConfig(port=port, sender=str(raw.get("from", raw.get("user", ""))), to=to, **common)


def load_imap_config(path: str | Path | None = None) -> ImapConfig | None:
    """The ``[imap]`` account, or None when the file has no such table."""
    path = _path(path)
    raw = _table(path, "imap") if path.exists() else None
    if raw is None:
        return None
    common = _common(raw, path, "imap", "ssl")
    try:
        port = int(raw.get("port", 993 if common["security"] == "ssl" else 143))
    except (TypeError, ValueError) as exc:
        raise XlunionError(path, "mail.config", reason=exc) from exc
    return ImapConfig(port=port, folder=_folder(str(raw.get("folder", "INBOX"))), **common)


def imap_from_url(url: str, base: ImapConfig | None = None) -> ImapConfig:
    """``imaps://user@host:993/FOLDER`` or ``imap://…`` (STARTTLS): host, port, user and folder
    from the URL, the CA file and the opt-in from ``base`` (the config's ``[imap]``). A password
    in the URL is refused: it shows in ``ps`` and in the shell's history."""
    parts = urlparse(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise XlunionError(None, "mail.imap_url", url=_without_password(parts))
    if parts.password is not None:
        raise XlunionError(None, "mail.password_in_url", url=_without_password(parts))
    secure = parts.scheme == "imaps"
    try:
        port = parts.port or (993 if secure else 143)
    except ValueError as exc:
        raise XlunionError(None, "mail.imap_url", url=_without_password(parts)) from exc
    return replace(base or ImapConfig(), host=parts.hostname, port=port, security="ssl" if secure else "starttls",
                   user=unquote(parts.username or ""), folder=_folder(unquote(parts.path.lstrip("/")) or "INBOX"))


def _folder(name: str) -> str:
    # a name typed on a Mac arrives decomposed; servers compare the bytes of the composed form
    return unicodedata.normalize("NFC", name)


def _without_password(parts) -> str:
    netloc = parts.hostname or ""
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if _port_ok(parts):
        netloc += f":{parts.port}"
    return f"{parts.scheme}://{netloc}{parts.path}"


def _port_ok(parts) -> bool:
    try:
        return parts.port is not None
    except ValueError:
        return False
