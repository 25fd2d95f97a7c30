"""The mailbox's arrival time, never the sender's clock, decides lateness and which version counts."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from helpers import demo_child
from mailservers import append
from test_versions import broken_version
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.ledger import Ledger
from xlunion.mail.inbox import mails_from_imap, pull
from xlunion.registry import load_registry

runner = CliRunner()
ICT = dt.timezone(dt.timedelta(hours=7))


def _report(path, date: str, n: int) -> bytes:
    message = EmailMessage()
    message["From"], message["Subject"] = "cd0101@congdoan-songhong.vn", "Báo cáo"
    message["Date"], message["Message-ID"] = date, f"<arrival{n}@test>"
    message.set_content("Gửi kèm báo cáo.")
    message.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream", filename=path.name)
    return message.as_bytes()


def test_internaldate_decides_lateness_and_versions(defn, demo, imap_server, tmp_path, monkeypatch):
    good = demo_child(demo, "CD0101")
    corrected = broken_version(defn, good, tmp_path / "CD0101_v2.xlsx")  # any other bytes: a second version
    # v1's sender clock ran a year ahead; v2 says it was sent long ago: both Date headers lie
    append(imap_server, _report(good, "Tue, 12 Jan 2027 08:00:00 +0700", 1),
           when=dt.datetime(2026, 1, 12, 8, 0, tzinfo=ICT))
    append(imap_server, _report(corrected, "Mon, 01 Dec 2025 08:00:00 +0700", 2),
           when=dt.datetime(2026, 1, 16, 9, 0, tzinfo=ICT))  # after a 15/01 deadline
    monkeypatch.setenv("XLUNION_IMAP_PASSWORD", "secret")
    ledger = Ledger(tmp_path / "inbox" / "ledger.sqlite")
    url = f"imap://xlunion@127.0.0.1:{imap_server}/INBOX"
    report = pull(mails_from_imap(url, ledger), tmp_path / "inbox", ledger, defn, load_registry(demo.registry))
    assert len(report.stored) == 2
    first, second = sorted(ledger.entries(), key=lambda e: e.received)
    assert first.sha256 != second.sha256 and second.superseded_by is None and first.superseded_by == second.id
    assert second.received == dt.datetime(2026, 1, 16, 9, 0, tzinfo=ICT).astimezone().replace(tzinfo=None)
    assert second.sent < first.sent  # the sender's clock is kept beside, never decisive
    ledger.close()
    # v2 (arrived last, with errors) does not count; v1 arrived before the deadline: on time
    monkeypatch.setenv("COLUMNS", "250")
    shown = runner.invoke(app, ["status", "--registry", str(demo.registry), "--unit", "CT01", "--ledger",
                                str(tmp_path / "inbox" / "ledger.sqlite"), "--deadline", "15/01/2026"])
    line = next(li for li in shown.output.splitlines() if "CD0101" in li)
    assert "Bản mới có lỗi" in line and "Nộp muộn" not in line, shown.output
