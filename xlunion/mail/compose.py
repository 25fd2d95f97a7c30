"""The email that carries a report: Vietnamese subject and body, the workbook attached."""

from __future__ import annotations

import email.utils
from email.message import EmailMessage

from ..core.derive import derive
from ..core.findings import Finding, show_value
from ..core.submission import Submission
from ..definition import Definition
from ..messages import msg, number_text
from ..naming import submission_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEY_FIGURES = ("LD_TONG", "DV_TONG", "DV_KETNAP", "CDCS_TONG", "DANG_GT", "DANG_KN")


def attachment_name(defn: Definition, sub: Submission, version: int) -> str:
    return submission_name(defn.short, defn.years[-1].year, sub.unit, str(sub.meta.get("unit_name") or ""), version)


def compose(defn: Definition, sub: Submission, findings: list[Finding], data: bytes, name: str, sender: str,
            to: list[str], forced: bool = False, lang: str | None = None) -> EmailMessage:
    """The message for ``sub`` with ``data`` (the workbook's bytes) attached as ``name``."""
    errors = sum(f.severity == "error" for f in findings)
    unit = f"{sub.unit} {sub.meta.get('unit_name') or ''}".strip()
    subject = msg("mail.subject", lang=lang, short=defn.short, year=defn.years[-1].year, unit=unit)
    if forced and errors:
        subject += " " + msg("mail.subject_forced", lang=lang)
    message = headed(subject, sender, to)
    message["X-Xlunion-Unit"] = sub.unit
    message["X-Xlunion-Report"] = f"{defn.id} {defn.version}"
    message.set_content(body(defn, sub, findings, name, forced, lang))
    message.add_attachment(data, maintype=XLSX.split("/")[0], subtype=XLSX.split("/")[1], filename=name)
    return message


def headed(subject: str, sender: str, to: list[str]) -> EmailMessage:
    """A new message with the headers every mail of ours carries (its id in the sender's domain)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=(sender.rsplit("@", 1)[-1].strip(">") or None))
    return message


def finding_lines(findings: list[Finding], lang: str | None) -> list[str]:
    """One line a finding, by its sheet and cell, as a mail body lists them."""
    return [f"  - {f.sheet}!{f.cell}: {f.message(lang)}" for f in findings]


def body(defn: Definition, sub: Submission, findings: list[Finding], name: str, forced: bool,
         lang: str | None) -> str:
    errors = sum(f.severity == "error" for f in findings)
    parent = sub.meta.get("parent_name") or msg("mail.parent_union", lang=lang)
    lines = [msg("mail.greeting", lang=lang, parent_name=parent), "",
             msg("mail.intro", lang=lang, title=defn.title, term=defn.term.name, unit=sub.meta.get("unit_name") or
                 sub.unit, code=sub.unit, cutoff=_date(sub.meta.get("cutoff"))), ""]
    if forced and errors:
        lines += [msg("mail.forced", lang=lang, errors=errors), ""]
    lines.append(msg("mail.validation", lang=lang, errors=errors, warnings=len(findings) - errors))
    lines += finding_lines(findings[:10], lang)
    lines += ["", msg("mail.figures", lang=lang)]
    values = derive(defn, sub.values)
    current = defn.current.code
    for code in KEY_FIGURES:
        value = values.get((code, current))
        shown = "—" if value is None else show_value(float(value), lang)
        lines.append(f"  - {defn[code].label}: {shown} {defn[code].unit}")
    for ind in defn.indicators.values():
        value = values.get((ind.code, current))
        if ind.kind == "ratio" and ind.is_percent and ind.target and value is not None:
            lines.append(f"  - {ind.label}: {number_text(value * 100, 1, lang)}%")
    stamp = sub.info.get("stamp_facts_sha256", "")
    lines += ["", msg("mail.attachment", lang=lang, name=name), msg("mail.stamp", lang=lang, stamp=stamp or "—"),
              "", msg("mail.signature", lang=lang, officer=sub.meta.get("officer") or "")]
    return "\n".join(lines) + "\n"


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value or "")
