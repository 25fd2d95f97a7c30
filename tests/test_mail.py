"""Up the hierarchy by email: a real SMTP server and a real IMAP server on loopback, the ledger
on SQLite (and PostgreSQL when CI provides one), resubmission diffs."""

from __future__ import annotations

import email
import email.policy
import hashlib
from email.message import EmailMessage

import openpyxl
import pytest
from helpers import demo_child
from mailservers import append
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.core.receipt import facts_digest
from xlunion.errors import XlunionError
from xlunion.io.read import read_submission
from xlunion.io.template import Filling, write_workbook
from xlunion.ledger import Ledger
from xlunion.mail.inbox import mails_from_dir, mails_from_imap, pull
from xlunion.mail.outbox import deliver, prepare
from xlunion.mail.send import SmtpConfig, load_config
from xlunion.registry import load_registry

runner = CliRunner()


def _config(tmp_path, port, extra=""):
    path = tmp_path / "mail.toml"
    path.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
                    f'from = "Công đoàn Trường THPT Bình Minh <cd0101@congdoan-songhong.vn>"\n{extra}',
                    encoding="utf-8")
    return path


def _attachment(message: EmailMessage) -> tuple[str, bytes]:
    part = next(message.iter_attachments())
    return part.get_filename(), part.get_payload(decode=True)


def test_send_through_smtp_and_read_back(defn, demo, smtp_server, tmp_path):
    controller, handler = smtp_server
    src = demo_child(demo, "CD0101")
    before = src.read_bytes()
    config = load_config(_config(tmp_path, controller.port))
    outgoing = prepare(defn, src, config, to=["ct01@congdoan-songhong.vn"])
    deliver(outgoing, config)
    (raw,) = handler.messages
    received = email.message_from_bytes(raw, policy=email.policy.default)
    subject_line = next(line for line in raw.decode("ascii").splitlines() if line.startswith("Subject:"))
    assert "=?utf-8?" in subject_line.lower()  # encoded on the wire (RFC 2047) ...
    assert received["Subject"] == ("[SKGNK] Báo cáo sơ kết giữa nhiệm kỳ năm 2025 — CD0101 Công đoàn Trường THPT "
                                   "Bình Minh")  # ... and decoded back exactly
    assert received["To"] == "ct01@congdoan-songhong.vn" and "cd0101@congdoan-songhong.vn" in received["From"]
    assert received["X-Xlunion-Unit"] == "CD0101"
    name, data = _attachment(received)
    assert name == "SKGNK_2025_CD0101_cong-doan-truong-thpt-binh-minh_v1.xlsx"
    assert data == _attachment(outgoing.message)[1]  # byte for byte what was attached
    body = received.get_body(("plain",)).get_content()
    assert "Kết quả kiểm tra: 0 lỗi, 0 cảnh báo." in body and "Tổng số đoàn viên công đoàn" in body
    stamped = tmp_path / name
    stamped.write_bytes(data)
    sub = read_submission(stamped, defn)
    assert sub.info["stamp_facts_sha256"] == facts_digest(defn, sub) and sub.info["stamp_facts_sha256"] in body
    assert src.read_bytes() == before  # the officer's own file is not modified


def test_send_refuses_errors_unless_forced(defn, demo, smtp_server, tmp_path):
    controller, handler = smtp_server
    config = _config(tmp_path, controller.port)
    bad = demo_child(demo, "CD0105")
    result = runner.invoke(app, ["send", str(bad), "--to", "ct01@x.vn", "--config", str(config)])
    assert result.exit_code == 1 and "chưa gửi" in result.output and "--force" in result.output
    assert handler.messages == []
    result = runner.invoke(app, ["send", str(bad), "--to", "ct01@x.vn", "--config", str(config), "--force"])
    assert result.exit_code == 0, result.output
    received = email.message_from_bytes(handler.messages[0], policy=email.policy.default)
    assert "(CÒN LỖI CHƯA SỬA)" in received["Subject"]
    assert "LƯU Ý: Báo cáo còn 1 lỗi chưa sửa" in received.get_body(("plain",)).get_content()


def test_password_is_never_read_from_the_config(tmp_path):
    with pytest.raises(XlunionError, match="password"):
        load_config(_config(tmp_path, 25, 'password = "123456"\n'))


def test_draft_eml(defn, demo, tmp_path):
    draft = tmp_path / "draft.eml"
    result = runner.invoke(app, ["send", str(demo_child(demo, "CD0102")), "--to", "ct01@x.vn", "--draft", str(draft),
                                 "--version", "2"])
    assert result.exit_code == 0 and draft.exists()
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert _attachment(message)[0].endswith("_v2.xlsx")


# -- receiving ------------------------------------------------------------------------------------


def _mail(demo, defn, unit, tmp_path, extra: list[tuple[str, bytes]] = ()) -> bytes:
    outgoing = prepare(defn, demo_child(demo, unit), SmtpConfig(to=["ct01@congdoan-songhong.vn"]))
    for name, data in extra:
        outgoing.message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return outgoing.message.as_bytes()


def test_pull_from_a_real_imap_mailbox(defn, demo, imap_server, tmp_path, monkeypatch):
    first = _mail(demo, defn, "CD0101", tmp_path)
    with_pdf = _mail(demo, defn, "CD0102", tmp_path, extra=[("bien-ban.pdf", b"%PDF-1.4 minutes")])
    append(imap_server, first, first, with_pdf)  # the first one resent unchanged
    ledger = Ledger(tmp_path / "inbox" / "ledger.sqlite")
    monkeypatch.setenv("XLUNION_IMAP_PASSWORD", "secret")  # never in the URL
    url = f"imap://xlunion@127.0.0.1:{imap_server}/INBOX"
    registry = load_registry(demo.registry)
    report = pull(mails_from_imap(url), tmp_path / "inbox", ledger, defn, registry)
    assert sorted(e.unit for e in report.stored) == ["CD0101", "CD0102"]
    assert [name for name, _e in report.duplicates] == ["SKGNK_2025_CD0101_cong-doan-truong-thpt-binh-minh_v1.xlsx"]
    assert [(name, key) for _s, name, key, _v in report.rejected] == [("bien-ban.pdf", "pull.not_workbook")]
    stored = list((tmp_path / "inbox" / "CD0101").glob("*.xlsx"))
    assert len(stored) == 1 and hashlib.sha256(stored[0].read_bytes()).hexdigest() == report.stored[0].sha256
    entry = ledger.find(report.stored[0].sha256)
    assert entry.sender == "cd0101@congdoan-songhong.vn" and entry.message_id.startswith("<")
    again = pull(mails_from_imap(url), tmp_path / "inbox", ledger, defn, registry)
    assert again.stored == [] and len(again.duplicates) == 3  # nothing is stored twice
    ledger.close()


def test_pull_reports_what_it_does_not_store(defn, demo, tmp_path):
    folder = tmp_path / "mails"
    folder.mkdir()
    registry = load_registry(demo.registry)
    good = email.message_from_bytes(_mail(demo, defn, "CD0101", tmp_path), policy=email.policy.default)
    stranger = email.message_from_bytes(good.as_bytes(), policy=email.policy.default)
    stranger.replace_header("From", "someone@gmail.com")
    (folder / "1-stranger.eml").write_bytes(stranger.as_bytes())
    unknown = write_workbook(defn, tmp_path / "unknown.xlsx", Filling(meta={"unit_code": "CD9999"}))
    odd = EmailMessage()
    odd["From"], odd["Subject"], odd["Date"] = "cd0102@congdoan-songhong.vn", "báo cáo", "Mon, 12 Jan 2026 08:00 +0700"
    odd.set_content("gửi kèm")
    odd.add_attachment(unknown.read_bytes(), maintype="application", subtype="octet-stream", filename="a.xlsx")
    odd.add_attachment(b"not really", maintype="application", subtype="octet-stream", filename="b.xlsx")
    (folder / "2-odd.eml").write_bytes(odd.as_bytes())
    (folder / "3-good.eml").write_bytes(good.as_bytes())
    ledger = Ledger(tmp_path / "ledger.sqlite")
    report = pull(mails_from_dir(folder), tmp_path / "inbox", ledger, defn, registry, max_mb=50)
    keys = sorted((name, key) for _s, name, key, _v in report.rejected)
    assert keys == [("a.xlsx", "pull.unknown_unit"), ("b.xlsx", "pull.unreadable")]
    # a stranger's copy is stored but held for the operator; the unit's own mail of the same file clears it
    (held,) = report.stored
    assert held.unit == "CD0101" and held.review == "pending" and held.note_list()[0][0] == "sender.not_listed"
    assert report.messages[0].lines[0].text().count("CHỜ XÁC NHẬN") == 1
    assert [(name, e.review) for name, e in report.duplicates] == [
        ("SKGNK_2025_CD0101_cong-doan-truong-thpt-binh-minh_v1.xlsx", None)]
    assert ledger.find(held.sha256).counts
    tiny = pull(mails_from_dir(folder), tmp_path / "inbox2", Ledger(tmp_path / "l2.sqlite"), defn, registry,
                max_mb=0.001)
    assert {name: key for _s, name, key, _v in tiny.rejected} == {
        "SKGNK_2025_CD0101_cong-doan-truong-thpt-binh-minh_v1.xlsx": "pull.too_large",
        "a.xlsx": "pull.too_large", "b.xlsx": "pull.unreadable"}
    ledger.close()


# -- the ledger, on SQLite and on PostgreSQL -------------------------------------------------------------




def _record(ledger, unit, sha, when, status="ok"):
    import datetime as dt

    return ledger.record(sha256=sha, unit=unit, report="SKGNK", period="Nhiệm kỳ 2023–2028", file=f"{sha}.xlsx",
                         original_name=f"{unit}.xlsx", received=dt.datetime(2026, 1, when, 9), sender="a@b.vn",
                         message_id=f"<{sha}@x>", status=status, errors=int(status == "errors"), warnings=0)


def test_ledger_stores_once_and_tracks_versions(ledger):
    first = _record(ledger, "CD0101", "a" * 64, 5)
    assert _record(ledger, "CD0101", "a" * 64, 6).id == first.id  # same hash: the same submission
    second = _record(ledger, "CD0101", "b" * 64, 8)
    assert ledger.get(first.id).superseded_by == second.id and ledger.get(second.id).superseded_by is None
    broken = _record(ledger, "CD0101", "c" * 64, 9, status="errors")
    assert ledger.get(second.id).superseded_by == broken.id
    assert [e.sha256 for e in ledger.latest()] == ["b" * 64]  # the latest valid one
    assert [e.sha256 for e in ledger.latest(valid_only=False)] == ["c" * 64]


def test_status_from_the_ledger(defn, demo, ledger):
    import datetime as dt

    from xlunion.mail.tracking import completeness

    registry = load_registry(demo.registry)
    _record(ledger, "CD0301", "1" * 64, 10)
    _record(ledger, "CD0302", "2" * 64, 20)
    _record(ledger, "CD0303", "3" * 64, 11, status="errors")
    rows, summary = completeness(defn, registry, "CT03", ledger, dt.datetime(2026, 1, 15, 17))
    states = {code: state for code, _n, state, _r, _f in rows}
    assert states["CD0301"] == "valid" and states["CD0302"] == "late" and states["CD0303"] == "errors"
    assert states["CD0304"] == "missing" and summary["reported"] == 2 and summary["expected"] == 10


# -- resubmissions ------------------------------------------------------------------------------------------


def test_diff_command_and_changes_sheet(defn, demo, tmp_path):
    first, second = sorted(p for p in demo.children if "CD0306" in p.name)
    result = runner.invoke(app, ["diff", str(first), str(second)])
    label = defn["SANGKIEN"].label  # officers read names; codes stay inside the files
    assert result.exit_code == 0 and label.split()[0] in result.output and "Năm 2025" in result.output
    assert "SANGKIEN" not in result.output
    out = tmp_path / "ct03.xlsx"
    runner.invoke(app, ["consolidate", str(demo.registry.parent / "inbox" / "CT03"), "--registry",
                        str(demo.registry), "--unit", "CT03", "-o", str(out)])
    ws = openpyxl.load_workbook(out)["Thay đổi"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "Mã đơn vị")
    (change,) = [r for r in rows[head + 1:] if r[3] == label]
    assert change[0] == "CD0306" and change[6] - change[5] == 2 and change[1] == first.name
    assert "G{0}-F{0}".format(rows.index(change) + 1) in change[7]  # the difference, computed in the sheet


def test_demo_mail_round_trip(tmp_path):
    result = runner.invoke(app, ["demo", str(tmp_path / "d"), "--mail"])
    assert result.exit_code == 0, result.output
    assert "thư nháp" in result.output and "Đã lưu 12, trùng 0" in result.output
    assert len(list((tmp_path / "d" / "thu-di").glob("*.eml"))) == 12
    book = Ledger(tmp_path / "d" / "hop-thu" / "ledger.sqlite")
    assert len(book.latest()) == 10
    book.close()
