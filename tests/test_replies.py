"""Replies and reminders: what the union writes back, sent through a real SMTP server and recorded."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil

import pytest
from helpers import demo_child
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.ledger import Ledger
from xlunion.mail.replies import RECEIPTS, Receipt, receipt_message
from xlunion.validation import validate_files

runner = CliRunner()


def _config(tmp_path, port):
    path = tmp_path / "mail.toml"
    path.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
                    'from = "ct01@congdoan-songhong.vn"\n', encoding="utf-8")
    return path


@pytest.fixture()
def ledger_ct01(defn, demo, tmp_path):
    """CT01's ledger: CD0101 valid, CD0105 with errors, every other unit of CT01 missing."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    book = Ledger(folder / "ledger.sqlite")
    for unit, status in (("CD0101", "ok"), ("CD0105", "errors")):
        stored = shutil.copy2(demo_child(demo, unit), folder / f"{unit}.xlsx")
        book.record(sha256=unit.ljust(64, "0"), unit=unit, report=defn.id, period=defn.term.name, file=str(stored),
                    original_name=f"{unit}.xlsx", received=dt.datetime(2026, 1, 12, 9), sender="x@y.vn",
                    message_id=f"<{unit}@x>", status=status, errors=int(status == "errors"), warnings=0)
    book.close()
    return folder / "ledger.sqlite"


def _owing(demo) -> set[str]:
    from xlunion.registry import load_registry

    registry = load_registry(demo.registry)
    return {u.code for u in registry.children("CT01", on=dt.date(2025, 12, 31))} - {"CD0101"}


def test_reminders_reach_every_owing_unit_and_are_recorded(defn, demo, ledger_ct01, smtp_server, tmp_path):
    controller, handler = smtp_server
    result = runner.invoke(app, ["remind", "--registry", str(demo.registry), "--unit", "CT01", "--ledger",
                                 str(ledger_ct01), "--deadline", "2020-01-15 17:00",
                                 "--config", str(_config(tmp_path, controller.port))])
    assert result.exit_code == 0, result.output
    mails = [email.message_from_bytes(raw, policy=email.policy.default) for raw in handler.messages]
    to = {m["To"].split("@")[0].upper(): m for m in mails}
    assert set(to) == _owing(demo)
    late = to["CD0102"].get_body(("plain",)).get_content()
    assert "Đã quá hạn nộp (17:00 15/01/2020)" in late and "CD0102" in late
    assert "còn lỗi" in to["CD0105"].get_body(("plain",)).get_content()
    assert all(m["Auto-Submitted"] == "auto-generated" for m in mails)
    book = Ledger(ledger_ct01)
    kinds = sorted((r["unit"], r["kind"]) for r in book.replies())
    book.close()
    assert ("CD0105", "remind.errors") in kinds and ("CD0102", "remind.missing") in kinds
    assert len(kinds) == len(mails)


def test_a_dry_run_writes_reminders_and_sends_nothing(defn, demo, ledger_ct01, smtp_server, tmp_path):
    controller, handler = smtp_server
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    result = runner.invoke(app, ["remind", "--registry", str(demo.registry), "--unit", "CT01", "--ledger",
                                 str(ledger_ct01), "--deadline", "2099-01-15", "--dry-run", str(drafts),
                                 "--config", str(_config(tmp_path, controller.port))])
    assert result.exit_code == 0, result.output
    assert handler.messages == []
    written = {p.stem.split("_")[-1] for p in drafts.glob("*.eml")}
    assert written == _owing(demo)
    body = email.message_from_bytes((drafts / "nhac-nop_CD0102.eml").read_bytes(), policy=email.policy.default)
    assert "Hạn nộp: 23:59 15/01/2099" in body.get_body(("plain",)).get_content()


@pytest.mark.parametrize("kind", RECEIPTS)
def test_every_receipt_says_what_happened_in_vietnamese(defn, demo, kind):
    findings = validate_files([demo_child(demo, "CD0105")], defn).files[0].findings
    item = Receipt(kind, to="cd0105@x.vn", name="bao-cao.xlsx", unit="CD0105 Công đoàn May", reason="lý do cụ thể",
                   findings=findings if kind in ("warnings", "errors") else [],
                   notes=["ghi chú người gửi"] if kind == "held" else [], in_reply_to="<orig@x.vn>")
    message = receipt_message(defn, item, "ct01@x.vn", "Công đoàn ngành Giáo dục")
    body = message.get_body(("plain",)).get_content()
    assert message["In-Reply-To"] == "<orig@x.vn>" and message["Auto-Submitted"] == "auto-replied"
    assert ("bao-cao.xlsx" in body) == (kind != "empty") and "Công đoàn ngành Giáo dục" in body
    assert ("lý do cụ thể" in body) == (kind in ("refused", "superseded"))
    assert ("ghi chú người gửi" in body) == (kind == "held")
    if kind == "errors":
        assert findings and findings[0].message() in body and "CHƯA được tổng hợp" in body


def _mail(path, sender: str, n: int, auto: bool = False) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["Subject"] = sender, "Báo cáo"
    message["Date"], message["Message-ID"] = f"Mon, 12 Jan 2026 {8 + n:02}:00:00 +0700", f"<m{n}@test>"
    if auto:
        message["Auto-Submitted"] = "auto-replied"
    message.set_content("Gửi kèm báo cáo.")
    if path is not None:
        message.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream", filename=path.name)
    return message.as_bytes()


def test_a_pull_mails_a_receipt_for_each_file_and_records_it(defn, demo, smtp_server, tmp_path):
    controller, handler = smtp_server
    domain = "congdoan-songhong.vn"
    folder = tmp_path / "mails"
    folder.mkdir()
    pdf = tmp_path / "bien-ban.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    sent = [(demo_child(demo, "CD0101"), f"cd0101@{domain}"), (demo_child(demo, "CD0105"), f"cd0105@{domain}"),
            (demo_child(demo, "CD0103"), f"cd0102@{domain}"),  # another unit's address: held
            (pdf, f"cd0104@{domain}"), (None, f"cd0106@{domain}"),  # refused; no file at all
            (pdf, "nguoi-la@example.com"),  # a stranger's refused file: no answer (backscatter)
            (demo_child(demo, "CD0104"), f"cd0104@{domain}")]  # sent by a program: never answered
    for n, (path, sender) in enumerate(sent):
        (folder / f"{n}.eml").write_bytes(_mail(path, sender, n, auto=n == 6))
    ledger = tmp_path / "inbox" / "ledger.sqlite"
    result = runner.invoke(app, ["inbox", "pull", "--registry", str(demo.registry), "--from-dir", str(folder),
                                 "--inbox", str(tmp_path / "inbox"), "--unit", "CT01", "--receipts",
                                 "--config", str(_config(tmp_path, controller.port))])
    assert result.exit_code == 0, result.output
    mails = [email.message_from_bytes(raw, policy=email.policy.default) for raw in handler.messages]
    said = {m["To"]: m.get_body(("plain",)).get_content() for m in mails}
    assert set(said) == {f"cd010{i}@{domain}" for i in (1, 5, 2, 4, 6)}
    assert "hợp lệ và được đưa vào tổng hợp" in said[f"cd0101@{domain}"]
    assert "CHƯA được tổng hợp" in said[f"cd0105@{domain}"]
    assert "chờ cán bộ tổng hợp xác nhận người gửi" in said[f"cd0102@{domain}"]
    assert "chưa tiếp nhận tệp “bien-ban.pdf”" in said[f"cd0104@{domain}"]
    assert "không có tệp báo cáo" in said[f"cd0106@{domain}"]
    assert all(m["In-Reply-To"] and m["Auto-Submitted"] == "auto-replied" for m in mails)
    book = Ledger(ledger)
    recorded = sorted(r["kind"] for r in book.replies())
    book.close()
    assert recorded == ["receipt.accepted", "receipt.empty", "receipt.errors", "receipt.held", "receipt.refused"]
