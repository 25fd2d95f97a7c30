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
    assert "bao-cao.xlsx" in body and "Công đoàn ngành Giáo dục" in body
    assert ("lý do cụ thể" in body) == (kind in ("refused", "superseded"))
    assert ("ghi chú người gửi" in body) == (kind == "held")
    if kind == "errors":
        assert findings and findings[0].message() in body and "CHƯA được tổng hợp" in body
