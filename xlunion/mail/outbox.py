"""Send one report: validate it, refuse it with errors unless forced, stamp the receipt into
the attached copy (the officer's file stays as it is), name it by convention, mail it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from ..core.receipt import receipt
from ..definition import Definition
from ..errors import XlunionError
from .compose import attachment_name, compose
from .send import SmtpConfig, send_message, write_draft


@dataclass
class Outgoing:
    message: EmailMessage | None
    name: str
    errors: int
    refused: bool = False


def prepare(defn: Definition, path: str | Path, config: SmtpConfig, to: list[str] | None = None,
            force: bool = False, version: int = 1, parents: dict[str, str] | None = None,
            lang: str | None = None, stamp_time: str | None = None) -> Outgoing:
    """The message for the workbook at ``path``; ``refused`` when it has errors and not ``force``."""
    from ..io.annotate import now_iso, stamp_copy
    from ..io.child_formulas import typed_cells
    from ..io.read import read_submission
    from ..isolation import as_error, write_isolated
    from ..validation import validate_files

    report = validate_files([path], defn, parents)
    result = report.files[0]
    if result.error is not None:
        raise result.error
    errors = sum(f.severity == "error" for f in result.findings)
    sub = result.submission
    name = attachment_name(defn, sub, version)
    if errors and not force:
        return Outgoing(None, name, errors, refused=True)
    recipients = list(to or config.to)
    if not recipients:
        raise XlunionError(path, "mail.no_recipient")
    info = receipt(defn, sub, stamp_time or now_iso())
    with tempfile.TemporaryDirectory(prefix="xlunion-send-") as tmp:
        stamped = Path(tmp) / name
        # openpyxl in a limited worker: a file too big for it fails alone, as in validate --stamp
        ((_path, outcome),) = write_isolated([(Path(path), stamp_copy, (path, info, stamped, typed_cells(sub)))], 1)
        if isinstance(outcome, tuple):
            raise as_error(outcome)
        data = stamped.read_bytes()
        sub = read_submission(stamped, defn)
    # the officer's own address from “Thông tin chung” when no mail account is configured
    sender = config.sender or config.user or str(sub.meta.get("email") or f"{sub.unit.lower()}@localhost")
    message = compose(defn, sub, result.findings, data, name, sender, recipients, forced=force, lang=lang)
    return Outgoing(message, name, errors)


def deliver(outgoing: Outgoing, config: SmtpConfig, draft: str | Path | None = None) -> Path | None:
    if draft:
        return write_draft(outgoing.message, draft)
    send_message(outgoing.message, config)
    return None
