"""What the union writes back: a receipt for every report pulled, a reminder to every unit still owing one.

Both are plain Vietnamese mail (English on request) addressed from the union's own account, marked
``Auto-Submitted: auto-replied`` / ``auto-generated`` (RFC 3834) so that well-behaved programs never
answer them and a pull never takes them for a report. Every one sent, or written as an .eml draft on
a dry run, is recorded in the ledger (:meth:`xlunion.ledger.Ledger.record_reply`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass, field
from email.message import EmailMessage

from ..core.findings import Finding
from ..definition import Definition
from ..messages import msg

RECEIPTS = ("accepted", "warnings", "errors", "held", "superseded", "refused")
SHOWN_FINDINGS = 20
"""Findings listed in a receipt; the rest are counted (the workbook's “Kiểm tra” sheet has them all)."""


@dataclass
class Receipt:
    """One pulled attachment, as its sender should hear of it."""

    kind: str
    """One of :data:`RECEIPTS`."""
    to: str
    name: str
    unit: str = ""
    """“CD0101 Công đoàn …” when the workbook was read."""
    reason: str = ""
    """Why it was refused, or which version replaced it, already in words."""
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Why it is held for the operator (sender notes, in words)."""
    in_reply_to: str = ""


def receipt_message(defn: Definition, item: Receipt, sender: str, union: str, lang: str | None = None) -> EmailMessage:
    """The receipt ``union`` (its name) sends back for ``item``."""
    subject_key = "receipt.subject_refused" if item.kind == "refused" else "receipt.subject"
    lines = [msg("receipt.greeting", lang=lang), "",
             msg(f"receipt.{item.kind}", lang=lang, name=item.name, unit=item.unit or "—", reason=item.reason,
                 union=union, errors=_count(item.findings, "error"), warnings=_count(item.findings, "warning"))]
    lines += [f"  - {note}" for note in item.notes]
    if item.findings:
        lines += ["", msg("receipt.findings", lang=lang)]
        lines += [f"  - {f.sheet}!{f.cell}: {f.message(lang)}" for f in item.findings[:SHOWN_FINDINGS]]
        if len(item.findings) > SHOWN_FINDINGS:
            lines.append("  " + msg("receipt.more", lang=lang, count=len(item.findings) - SHOWN_FINDINGS))
    lines += ["", union, msg("receipt.auto", lang=lang)]
    subject = msg(subject_key, lang=lang, short=defn.short, unit=item.unit or item.name)
    message = _message(subject, sender, [item.to], "\n".join(lines), "auto-replied")
    if item.in_reply_to:  # threads the receipt under the report in the sender's mail program
        message["In-Reply-To"] = message["References"] = item.in_reply_to
    return message


def reminder_message(defn: Definition, unit: str, state: str, to: list[str], sender: str, union: str,
                     deadline: dt.datetime | None, now: dt.datetime, lang: str | None = None) -> EmailMessage:
    """The reminder to ``unit`` (“CD0101 Công đoàn …”) whose report is ``missing`` or has ``errors``."""
    when = "after" if deadline and now > deadline else "before"
    key = "remind.errors" if state == "errors" else f"remind.missing_{when}" if deadline else "remind.missing"
    lines = [msg("receipt.greeting", lang=lang), "",
             msg(key, lang=lang, unit=unit, title=defn.title, term=defn.term.name, union=union,
                 deadline=deadline.strftime("%H:%M %d/%m/%Y") if deadline else ""),
             "", union, msg("receipt.auto", lang=lang)]
    subject = msg("remind.subject", lang=lang, short=defn.short, unit=unit)
    return _message(subject, sender, to, "\n".join(lines), "auto-generated")


def _message(subject: str, sender: str, to: list[str], body: str, auto: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=(sender.rsplit("@", 1)[-1].strip(">") or None))
    message["Auto-Submitted"] = auto
    message.set_content(body + "\n")
    return message


def _count(findings: list[Finding], severity: str) -> int:
    return sum(f.severity == severity for f in findings)
