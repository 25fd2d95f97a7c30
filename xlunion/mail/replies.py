"""What the union writes back: a receipt for every report pulled, a reminder to every unit still owing one.

Both are plain Vietnamese mail (English on request) addressed from the union's own account, marked
``Auto-Submitted: auto-replied`` / ``auto-generated`` (RFC 3834) so that well-behaved programs never
answer them and a pull never takes them for a report. Every one sent, or written as an .eml draft on
a dry run, is recorded in the ledger (:meth:`xlunion.ledger.Ledger.record_reply`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage

from ..core.findings import Finding
from ..definition import Definition
from ..messages import msg
from .compose import finding_lines, headed

RECEIPTS = ("accepted", "warnings", "errors", "held", "superseded", "refused", "empty")
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
        lines += finding_lines(item.findings[:SHOWN_FINDINGS], lang)
        if len(item.findings) > SHOWN_FINDINGS:
            lines.append("  " + msg("receipt.more", lang=lang, count=len(item.findings) - SHOWN_FINDINGS))
    lines += ["", union, msg("receipt.auto", lang=lang)]
    subject = msg(subject_key, lang=lang, short=defn.short, unit=item.unit or item.name)
    message = _message(subject, sender, [item.to], "\n".join(lines), "auto-replied")
    if item.in_reply_to:  # threads the receipt under the report in the sender's mail program
        message["In-Reply-To"] = message["References"] = item.in_reply_to
    return message


def receipts(report, ledger, registry) -> list[tuple[Receipt, object]]:
    """The receipts a pull owes, each with the ledger entry it is about (None for a refused file).

    One a workbook, none for a copy already acknowledged. Never to a program (``Auto-Submitted``), nor
    — so that a forged From gets no answer from us (backscatter) — about a refused file or an empty mail
    to an address the registry does not know."""
    known = {a for unit in registry for a in unit.addresses}
    out = []
    for pulled in report.messages:
        mail = pulled.mail
        if mail.auto or not mail.sender:
            continue
        for line in pulled.lines:
            if line.entry is None and known and mail.sender not in known:
                continue
            item = _receipt(line, mail, ledger, registry)
            if item is not None:
                out.append((item, line.entry))
    return out


def _receipt(line, mail, ledger, registry) -> Receipt | None:
    base = dict(to=mail.sender, name=line.name, in_reply_to=mail.message_id)
    if line.outcome == "refused":
        return Receipt("refused", reason=msg(line.key, **line.values), **base)
    if line.outcome == "empty":
        return Receipt("empty", **base)
    if line.outcome not in ("stored", "superseded"):
        return None  # a copy of a file already acknowledged
    entry = line.entry
    unit = f"{entry.unit} {registry[entry.unit].name}" if entry.unit in registry else entry.unit
    if entry.review == "pending":
        return Receipt("held", unit=unit, notes=[msg(k, **v) for k, v in entry.note_list()], **base)
    if line.outcome == "superseded" and entry.superseded_by:
        newer = ledger.get(entry.superseded_by)
        when = newer.received.strftime("%H:%M %d/%m/%Y")
        return Receipt("superseded", unit=unit, reason=f"“{newer.original_name}” ({when})", **base)
    kind = {"ok": "accepted", "warnings": "warnings"}.get(entry.status, "errors")
    return Receipt(kind, unit=unit, findings=line.findings, **base)


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
    message = headed(subject, sender, to)
    message["Auto-Submitted"] = auto
    message.set_content(body + "\n")
    return message


def _count(findings: list[Finding], severity: str) -> int:
    return sum(f.severity == severity for f in findings)
