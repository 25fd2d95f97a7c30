"""Senders tied to units: the registry's addresses, the notes that hold a file, the operator's word."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest
from helpers import demo_child
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.errors import XlunionError
from xlunion.ledger import Ledger
from xlunion.mail.senders import sender_notes
from xlunion.registry import load_registry

runner = CliRunner()
DOMAIN = "congdoan-songhong.vn"


def _registry(tmp_path, email_cell: str, other: str = ""):
    path = tmp_path / "registry.csv"
    path.write_text("code,name,level,parent,email\nT,Tỉnh,tinh,,\nCT01,Công đoàn ngành,cap_tren,T,\n"
                    f'CD0101,Công đoàn A,co_so,CT01,"{email_cell}"\nCD0102,Công đoàn B,co_so,CT01,{other}\n'
                    "CT02,Công đoàn khác,cap_tren,T,\nCD0201,Công đoàn C,co_so,CT02,\n", encoding="utf-8")
    return load_registry(path)


def test_a_unit_may_send_from_several_addresses(tmp_path):
    reg = _registry(tmp_path, "cd0101@x.vn; Chu.Tich@Gmail.com,  vp@x.vn")
    assert reg["CD0101"].addresses == ("cd0101@x.vn", "chu.tich@gmail.com", "vp@x.vn")
    assert reg["CD0101"].email == "cd0101@x.vn"  # where mail to the unit goes
    assert sender_notes("chu.tich@gmail.com", "CD0101", ["CD0101"], reg) == []
    with pytest.raises(XlunionError, match="không phải địa chỉ thư"):
        _registry(tmp_path, "cd0101@x.vn; chủ tịch")


def test_what_a_mismatched_sender_gets(tmp_path):
    reg = _registry(tmp_path, "cd0101@x.vn", other="cd0102@x.vn")
    keys = lambda notes: [k for k, _v in notes]  # noqa: E731
    assert keys(sender_notes("cd0102@x.vn", "CD0101", ["CD0101"], reg)) == ["sender.other_unit"]
    (note,) = sender_notes("cd0102@x.vn", "CD0101", ["CD0101"], reg)
    assert note[1]["owner"] == "CD0102 Công đoàn B" and note[1]["unit"] == "CD0101 Công đoàn A"
    assert keys(sender_notes("someone@gmail.com", "CD0101", ["CD0101"], reg)) == ["sender.not_listed"]
    assert keys(sender_notes("someone@gmail.com", "CD0201", ["CD0201"], reg)) == ["sender.no_address"]
    assert keys(sender_notes("cd0101@x.vn", "CD0201", ["CD0201"], reg, parent="CT01")) == [
        "sender.other_unit", "sender.not_below"]
    assert keys(sender_notes("cd0101@x.vn", "CD0101", ["CD0101", "CD0102"], reg)) == ["sender.several_units"]
    assert keys(sender_notes("cd0101@x.vn", "CD0101", ["CD0101", "CD0101"], reg)) == ["sender.two_versions"]


def test_a_registry_without_addresses_checks_no_sender(tmp_path):
    reg = _registry(tmp_path, "")
    assert sender_notes("anyone@gmail.com", "CD0101", ["CD0101"], reg) == []


@pytest.fixture()
def held_ledger(defn, demo, tmp_path):
    """CD0101's report, held because it came from CD0102's address; CD0103's, counted."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    book = Ledger(folder / "ledger.sqlite")
    notes = json.dumps([["sender.other_unit", {"sender": f"cd0102@{DOMAIN}", "unit": "CD0101 Công đoàn A",
                                               "owner": "CD0102 Công đoàn B"}]], ensure_ascii=False)
    for unit, review in (("CD0101", "pending"), ("CD0103", None)):
        stored = shutil.copy2(demo_child(demo, unit), folder / f"{unit}.xlsx")
        book.record(sha256=unit.ljust(64, "0"), unit=unit, report=defn.id, period=defn.term.name, file=str(stored),
                    original_name=f"{unit}.xlsx", received=dt.datetime(2026, 1, 12, 9), sender=f"cd0102@{DOMAIN}",
                    message_id=f"<{unit}@x>", status="ok", errors=0, warnings=0, review=review,
                    notes=notes if review else None)
    book.close()
    return folder / "ledger.sqlite"


def _status_line(demo, ledger, unit, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "250")
    shown = runner.invoke(app, ["status", "--registry", str(demo.registry), "--unit", "CT01", "--ledger", str(ledger)])
    assert shown.exit_code == 0, shown.output
    return next(line for line in shown.output.splitlines() if unit in line)


def test_a_held_report_waits_for_the_operator(defn, demo, held_ledger, tmp_path, monkeypatch):
    assert "Chờ xác nhận người gửi" in _status_line(demo, held_ledger, "CD0101", monkeypatch)
    listed = runner.invoke(app, ["inbox", "review", "--ledger", str(held_ledger)])
    assert "CD0101" in listed.output and "CD0103" not in listed.output
    assert "địa chỉ của CD0102 Công đoàn B" in listed.output and "1 báo cáo chờ xác nhận" in listed.output
    out = tmp_path / "ct01.xlsx"
    made = runner.invoke(app, ["consolidate", "--ledger", str(held_ledger), "--registry", str(demo.registry),
                               "--unit", "CT01", "-o", str(out)])
    assert made.exit_code == 0, made.output
    rows = [r for r in openpyxl.load_workbook(out, read_only=True)["Tình hình nộp báo cáo"].iter_rows(values_only=True)
            if len(r) > 8 and r[1] == "CD0101"]
    assert [(r[3], "CD0102 Công đoàn B" in str(r[8])) for r in rows] == [("Chờ xác nhận người gửi", True)]

    accepted = runner.invoke(app, ["inbox", "accept", "1", "--ledger", str(held_ledger)])
    assert accepted.exit_code == 0 and "Đã chấp nhận số 1" in accepted.output, accepted.output
    assert "Đã nộp, hợp lệ" in _status_line(demo, held_ledger, "CD0101", monkeypatch)
    assert "Không có báo cáo nào chờ" in runner.invoke(app, ["inbox", "review", "--ledger", str(held_ledger)]).output


def test_a_rejected_report_never_counts(defn, demo, held_ledger, monkeypatch):
    rejected = runner.invoke(app, ["inbox", "reject", "1", "--ledger", str(held_ledger)])
    assert rejected.exit_code == 0, rejected.output
    assert "Chưa nộp" in _status_line(demo, held_ledger, "CD0101", monkeypatch)
    unknown = runner.invoke(app, ["inbox", "accept", "99", "--ledger", str(held_ledger)])
    assert unknown.exit_code == 2 and "không có báo cáo số 99" in unknown.output, unknown.output


def _mail(paths, sender: str, n: int) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["Subject"] = sender, "Báo cáo"
    message["Date"], message["Message-ID"] = f"Mon, 12 Jan 2026 {8 + n:02}:00:00 +0700", f"<s{n}@test>"
    message.set_content("Gửi kèm báo cáo.")
    for path in paths:
        message.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream", filename=path.name)
    return message.as_bytes()


def test_a_pull_holds_what_a_mismatched_sender_sends(defn, demo, tmp_path, monkeypatch):
    folder = tmp_path / "mails"
    folder.mkdir()
    child = lambda unit: demo_child(demo, unit)  # noqa: E731
    sent = [([child("CD0101")], f"cd0101@{DOMAIN}"),  # its own: counts
            ([child("CD0103")], f"cd0102@{DOMAIN}"),  # another unit's address
            ([child("CD0104"), child("CD0106")], f"cd0104@{DOMAIN}"),  # two units in one mail
            ([child("CD0201")], f"cd0201@{DOMAIN}")]  # a unit of another union
    for n, (paths, sender) in enumerate(sent):
        (folder / f"{n}.eml").write_bytes(_mail(paths, sender, n))
    ledger = tmp_path / "inbox" / "ledger.sqlite"
    monkeypatch.setenv("COLUMNS", "250")
    pulled = runner.invoke(app, ["inbox", "pull", "--registry", str(demo.registry), "--from-dir", str(folder),
                                 "--inbox", str(tmp_path / "inbox"), "--unit", "CT01"])
    assert pulled.exit_code == 0, pulled.output
    held = [line for line in pulled.output.splitlines() if "CHỜ XÁC NHẬN" in line]
    assert len(held) == 4, pulled.output  # CD0103, CD0104, CD0106, CD0201
    assert any("CD0103" in line and "địa chỉ của CD0102" in line for line in held)
    assert sum("nhiều đơn vị: CD0104, CD0106" in line for line in held) == 2
    assert any("CD0201" in line and "không trực thuộc" in line for line in held)
    book = Ledger(ledger)
    assert {e.unit: e.review for e in book.entries()} == {"CD0101": None, "CD0103": "pending", "CD0104": "pending",
                                                          "CD0106": "pending", "CD0201": "pending"}
    book.close()
    assert "Chờ xác nhận người gửi" in _status_line(demo, ledger, "CD0103", monkeypatch)
    assert "Đã nộp, hợp lệ" in _status_line(demo, ledger, "CD0101", monkeypatch)


def test_a_held_file_replaces_nothing_until_accepted(ledger):
    def record(sha: str, day: int, review=None):
        return ledger.record(sha256=sha * 64, unit="CD0101", report="SKGNK", period="NK", file=f"{sha}.xlsx",
                             original_name=f"{sha}.xlsx", received=dt.datetime(2026, 1, day, 9), sender="a@b.vn",
                             message_id=f"<{sha}@x>", status="ok", errors=0, warnings=0, review=review)

    good, forged = record("a", 5), record("b", 8, review="pending")
    assert ledger.get(good.id).superseded_by is None and ledger.get(forged.id).superseded_by is None
    ledger.decide(forged.id, "accepted")
    assert ledger.get(good.id).superseded_by == forged.id
    ledger.decide(forged.id, "rejected")
    assert ledger.get(good.id).superseded_by is None and ledger.get(forged.id).superseded_by is None
