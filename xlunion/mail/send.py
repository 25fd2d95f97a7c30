"""Send a validated, stamped report over SMTP, or write it as an .eml draft.

Host, port, security and user come from a TOML file (``~/.config/xlunion/mail.toml``
or ``--config``); the password only from the environment (``XLUNION_SMTP_PASSWORD``)
or the OS keyring, never from a workbook or the config file.
"""

from __future__ import annotations

import copy
import os
import smtplib
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from ..errors import XlunionError

DEFAULT_CONFIG = Path.home() / ".config" / "xlunion" / "mail.toml"


@dataclass
class SmtpConfig:
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"
    """``starttls``, ``ssl`` or ``none``."""
    user: str = ""
    sender: str = ""
    to: list[str] = field(default_factory=list)


def load_config(path: str | Path | None = None) -> SmtpConfig:
    path = Path(path) if path else DEFAULT_CONFIG
    if not path.exists():
        return SmtpConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")).get("smtp", {})
        if "password" in raw:
            raise ValueError("the password must not be stored in the config file")
        config = SmtpConfig(host=str(raw.get("host", "localhost")), port=int(raw.get("port", 587)),
                            security=str(raw.get("security", "starttls")), user=str(raw.get("user", "")),
                            sender=str(raw.get("from", raw.get("user", ""))), to=list(raw.get("to", [])))
    except (ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise XlunionError(path, "mail.config", reason=exc) from exc
    if config.security not in ("starttls", "ssl", "none"):
        raise XlunionError(path, "mail.config", reason=f"security = {config.security}")
    return config


def password(config: SmtpConfig) -> str | None:
    if os.environ.get("XLUNION_SMTP_PASSWORD"):
        return os.environ["XLUNION_SMTP_PASSWORD"]
    try:
        import keyring  # optional: the OS credential store
    except ImportError:
        return None
    try:
        return keyring.get_password("xlunion-smtp", config.user)
    except Exception:  # noqa: BLE001 - no usable keyring backend: same as no password stored
        return None


def send_message(message: EmailMessage, config: SmtpConfig) -> None:
    try:
        factory = smtplib.SMTP_SSL if config.security == "ssl" else smtplib.SMTP
        with factory(config.host, config.port, timeout=30) as smtp:
            if config.security == "starttls":
                smtp.starttls()
            secret = password(config)
            if config.user and secret:
                smtp.login(config.user, secret)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise XlunionError(None, "mail.smtp_failed", host=config.host, port=config.port, reason=exc) from exc


def write_draft(message: EmailMessage, path: str | Path) -> Path:
    """An .eml file any mail client opens as a message ready to send."""
    from ..io.atomic import atomic_path

    draft = copy.deepcopy(message)
    draft["X-Unsent"] = "1"  # Outlook opens it as a draft
    with atomic_path(path) as tmp:
        tmp.write_bytes(draft.as_bytes())
    return Path(path)
