"""Every message accounted for: forty-nine odd but ordinary mails (tests/oddmail.py) pulled twice,
into SQLite and PostgreSQL, from a folder and from a real IMAP mailbox; concurrent and interrupted
pulls; an old ledger file; one .xlsm policy."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import demo_child
from oddmail import VN_LONG, Odd, odd_mails
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.errors import XlunionError
from xlunion.ledger import Ledger, messages, submissions
from xlunion.mail.inbox import mails_from_dir, pull
from xlunion.mail.message import parse_message
from xlunion.mail.names import safe_name
from xlunion.registry import load_registry

runner = CliRunner()
PG = os.environ.get("XLUNION_TEST_PG")
FILE_TIME = dt.datetime(2026, 1, 15, 9, 0).timestamp()
"""Saved mails' file time: the arrival time of a mail with neither Received nor a usable Date."""


@pytest.fixture(scope="module")
def book(demo) -> bytes:
    return demo_child(demo, "CD0101").read_bytes()


@pytest.fixture(scope="module")
def odds(book) -> list[Odd]:
    return odd_mails(book)


def _folder(path: Path, odds: list[Odd]) -> Path:
    path.mkdir(parents=True)
    for odd in odds:
        (path / odd.name).write_bytes(odd.raw)
        os.utime(path / odd.name, (FILE_TIME, FILE_TIME))
    return path


def _pg_ledger() -> Ledger:
    if not PG:
        pytest.skip("no PostgreSQL: .ci/run starts one and sets XLUNION_TEST_PG")
    ledger = Ledger(PG)
    with ledger.engine.begin() as conn:
        conn.execute(submissions.delete())
        conn.execute(messages.delete())
    return ledger


def _counts(report) -> dict[str, int]:
    lines = [line.outcome for pulled in report.messages for line in pulled.lines]
    return {outcome: lines.count(outcome) for outcome in sorted(set(lines))}


def _accounted(report, odds: list[Odd]) -> None:
    """One entry per message in the order sent, a line per file (or one for a message without any)."""
    assert report.interrupted is None
    assert [p.mail.source for p in report.messages] == [o.name for o in odds]
    for odd, pulled in zip(odds, report.messages, strict=True):
        assert len(pulled.lines) == max(odd.files, 1), (odd.name, [line.text() for line in pulled.lines])
        assert all(line.text() for line in pulled.lines)
    assert sum(_counts(report).values()) == sum(max(o.files, 1) for o in odds)
    assert len(report.stored) + len(report.duplicates) + len(report.rejected) + _counts(report).get("empty", 0) \
        == sum(max(o.files, 1) for o in odds)


def test_forty_odd_mails_pulled_twice_every_message_and_file_accounted_for(defn, demo, odds, tmp_path):
    assert len(odds) >= 40
    folder, inbox = _folder(tmp_path / "mails", odds), tmp_path / "inbox"
    ledger = Ledger(tmp_path / "ledger.sqlite")
    registry = load_registry(demo.registry)
    first = pull(mails_from_dir(folder), inbox, ledger, defn, registry)
    _accounted(first, odds)
    outcome = {p.mail.source[3:-4]: [line.outcome for line in p.lines] for p in first.messages}
    shown = {p.mail.source[3:-4]: [line.name for line in p.lines] for p in first.messages}
    keys = {p.mail.source[3:-4]: [line.key for line in p.lines] for p in first.messages}
    for found in ("ordinary", "forwarded", "gateway-nested", "apple-mail", "iphone",
                  "name-in-content-type", "rfc2231-name", "encoded-word-name", "raw-utf8-name", "no-name-sheet-type",
                  "no-name-octet-stream", "single-part-named", "single-part-no-name", "close-boundary-missing", "zip",
                  "zip-in-zip", "winmail-dat", "tnef-no-name", "date-9999", "date-garbage", "no-date",
                  "received-header", "nul-in-name", "escape-in-name", "path-in-name", "bidi-in-name", "230-byte-name",
                  "412-char-name", "10000-char-message-id", "two-workbooks"):
        assert set(outcome[found]) <= {"stored", "superseded"}, (found, outcome[found], keys[found])
    assert outcome["forwarded-twice"] == outcome["only-a-forward"] == ["duplicate"]  # the workbook "forwarded" had
    assert outcome["same-file-again"] == ["duplicate"]
    assert shown["zip"] == ["a.zip › bao-cao.xlsx"] and shown["winmail-dat"] == ["winmail.dat › bao-cao-outlook.xlsx"]
    assert keys["zip-two-files"] == ["", "pull.not_workbook"] and outcome["zip-two-files"][0] != "refused"
    assert keys["xlsm"] == ["pull.macro_workbook"] and "lưu lại dưới dạng .xlsx" in first.messages[30].lines[0].text()
    assert keys["zip-bomb"] == ["pull.archive_too_large"] and keys["zip-too-deep"] == ["pull.archive_too_deep"]
    assert keys["zip-too-many"] == ["pull.archive_too_many"] and keys["zip-broken"] == ["pull.archive_broken"]
    assert keys["zip-encrypted"] == ["pull.archive_encrypted"]
    (stranger,) = next(p for p in first.messages if p.mail.source[3:-4] == "unknown-sender").lines
    assert stranger.outcome in ("stored", "superseded") and stranger.entry.review == "pending"  # held, not refused
    (twice,) = {line.entry.review for line in next(p for p in first.messages if "two-workbooks" in p.mail.source).lines}
    assert twice == "pending"  # two versions of one unit in one mail: the operator decides which
    assert keys["xls-and-pdf"] == ["pull.not_workbook", "pull.not_workbook", ""]
    assert keys["not-a-workbook-inside"] == ["pull.unreadable"]
    assert "xlunion-pull-" not in first.messages[32].lines[0].text()  # no temporary folder that is gone
    assert "gia.xlsx" in first.messages[32].lines[0].text()
    assert keys["text-only"] == keys["html-only"] == keys["empty-file"] == ["pull.no_report"]
    assert keys["start-boundary-wrong"] == ["pull.broken_message"]
    for entry in first.stored:  # every stored name fits a filesystem, inside the unit's folder
        path = Path(entry.file)
        assert path.is_file() and path.parent == inbox.resolve() / "CD0101" and len(path.name.encode()) <= 255
        assert not any(ch in path.name for ch in "\x00\x1b\x07\u202e/\\")
    rows = ledger.message_rows()
    assert [r["source"] for r in rows] == [o.name for o in odds] and len({r["digest"] for r in rows}) == len(odds)
    second = pull(mails_from_dir(folder), inbox, ledger, defn, registry)
    _accounted(second, odds)
    assert second.stored == [] and set(_counts(second)) <= {"duplicate", "refused", "empty"}
    assert ledger.message_rows() == rows  # pulled again, accounted again, recorded once
    ledger.close()


def test_the_ledger_keeps_what_the_mail_said_within_its_columns(defn, demo, odds, tmp_path):
    picked = [o for o in odds if o.name[3:-4] in ("received-header", "date-9999", "412-char-name",
                                                  "10000-char-message-id", "230-byte-name")]
    ledger = Ledger(tmp_path / "ledger.sqlite")
    report = pull(mails_from_dir(_folder(tmp_path / "mails", picked)), tmp_path / "inbox", ledger, defn,
                  load_registry(demo.registry))
    by_source = {r["source"][3:-4]: r for r in ledger.message_rows()}
    late = by_source["received-header"]  # arrived on the 20th at 17:30 (+07), whatever the sender's clock said
    assert late["received"] == dt.datetime(2026, 1, 20, 10, 30, tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    assert late["sent"] == dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    assert by_source["date-9999"]["sent"] is None
    assert by_source["date-9999"]["received"] == dt.datetime.fromtimestamp(FILE_TIME)
    assert len(by_source["10000-char-message-id"]["message_id"]) == 300
    names = {e.original_name for e in report.stored}
    assert "b" * 300 in names and VN_LONG + ".xlsx" in names  # cut to its column; kept whole where it fits
    ledger.close()


def test_sqlite_and_postgresql_ledgers_end_identical(defn, demo, odds, tmp_path):
    pg = _pg_ledger()
    folder, inbox = _folder(tmp_path / "mails", odds), tmp_path / "inbox"
    registry = load_registry(demo.registry)
    lite = Ledger(tmp_path / "ledger.sqlite")
    for ledger in (lite, pg):
        _accounted(pull(mails_from_dir(folder), inbox, ledger, defn, registry), odds)
    assert _tables(lite) == _tables(pg)
    assert len(_tables(pg)[1]) == len(odds)
    lite.close()
    pg.close()


def _tables(ledger: Ledger) -> tuple[list, list]:
    """Both tables without their ids (a version superseded names its successor by hash instead)."""
    with ledger.engine.connect() as conn:
        subs = [dict(r._mapping) for r in conn.execute(submissions.select().order_by(submissions.c.sha256))]
        rows = [dict(r._mapping) for r in conn.execute(messages.select().order_by(messages.c.digest))]
    sha = {s["id"]: s["sha256"] for s in subs}
    for s in subs:
        s["superseded_by"] = sha.get(s.pop("superseded_by"))
        del s["id"]
    for r in rows:
        del r["id"]
    return subs, rows


def test_a_mailbox_of_odd_mails_pulled_twice(defn, demo, odds, imap_server, tmp_path, monkeypatch):
    from mailservers import append

    from xlunion.mail.inbox import mails_from_imap

    sent = [o for o in odds if o.raw]  # IMAP cannot hold an empty message
    append(imap_server, *[o.raw for o in sent])
    monkeypatch.setenv("XLUNION_IMAP_PASSWORD", "secret")  # never in the URL
    url = f"imap://xlunion@127.0.0.1:{imap_server}/INBOX"
    ledger, registry = Ledger(tmp_path / "ledger.sqlite"), load_registry(demo.registry)
    first = pull(mails_from_imap(url, ledger), tmp_path / "inbox", ledger, defn, registry)
    assert first.interrupted is None and len(first.messages) == len(sent)
    for odd, pulled in zip(sent, first.messages, strict=True):
        assert len(pulled.lines) == max(odd.files, 1), odd.name
    assert len(ledger.message_rows()) == len(sent)
    # the mailbox remembers how far it was read: the second pull fetches nothing at all
    again = pull(mails_from_imap(url, ledger), tmp_path / "inbox", ledger, defn, registry)
    assert again.interrupted is None and again.messages == [] and again.stored == []
    assert len(ledger.message_rows()) == len(sent)
    # and a pull that does not remember reads every message again, yet stores nothing twice
    anew = pull(mails_from_imap(url), tmp_path / "inbox", ledger, defn, registry)
    assert len(anew.messages) == len(sent) and anew.stored == []
    ledger.close()


# -- faults: an interrupted pull, two pulls at once ---------------------------------------------------------


def test_an_interrupted_pull_says_what_it_stored_then_why_it_stopped(defn, demo, odds, tmp_path, monkeypatch):
    def source(_folder):
        for odd in odds[:2]:
            yield parse_message(odd.raw, odd.name)
        raise XlunionError(None, "pull.imap_failed", host="mail.example.vn", reason="mất kết nối")

    monkeypatch.setattr("xlunion.mail.inbox.mails_from_dir", source)
    result = runner.invoke(app, ["inbox", "pull", "--registry", str(demo.registry), "--from-dir", str(tmp_path),
                                 "--inbox", str(tmp_path / "inbox")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.output.count("Đã lưu " + str(tmp_path)) == 2
    assert result.output.index("Đã lưu ") < result.output.index("Không đọc được hộp thư IMAP mail.example.vn")
    assert len(Ledger(tmp_path / "inbox" / "ledger.sqlite").entries()) == 2


def test_the_ledger_gone_midway_ends_the_pull_with_what_it_did(defn, demo, odds, tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    real, calls = Ledger.note_message, []

    def dying(self, **fields):  # the database server goes away after the first message
        calls.append(fields)
        if len(calls) > 1:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real(self, **fields)

    monkeypatch.setattr(Ledger, "note_message", dying)
    ledger = Ledger(tmp_path / "ledger.sqlite")
    report = pull(mails_from_dir(_folder(tmp_path / "mails", odds[:3])), tmp_path / "inbox", ledger, defn,
                  load_registry(demo.registry))
    assert report.interrupted is not None and report.interrupted.key == "ledger.failed"
    assert "server closed" not in report.interrupted.render()  # the driver's own words stay out of the message
    assert [p.mail.source for p in report.messages] == [o.name for o in odds[:2]]
    assert len(report.stored) == 2 and len(ledger.message_rows()) == 1


def test_unreadable_saved_files_each_get_a_line(defn, demo, tmp_path):
    folder = tmp_path / "mails"
    folder.mkdir()
    (folder / "hong.msg").write_bytes(b"not an Outlook file")
    (folder / "rong.eml").write_bytes(b"")
    ledger = Ledger(tmp_path / "ledger.sqlite")
    report = pull(mails_from_dir(folder), tmp_path / "inbox", ledger, defn, load_registry(demo.registry))
    lines = {p.mail.source: [(line.outcome, line.key) for line in p.lines] for p in report.messages}
    assert lines == {"hong.msg": [("refused", "pull.bad_message")], "rong.eml": [("empty", "pull.no_report")]}
    assert len(ledger.message_rows()) == 2


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_pulls_at_once_store_each_file_once_and_both_end_cleanly(defn, demo, odds, tmp_path, backend):
    ledger = _pg_ledger() if backend == "postgresql" else Ledger(tmp_path / "ledger.sqlite")
    url = PG if backend == "postgresql" else str(tmp_path / "ledger.sqlite")
    folder = _folder(tmp_path / "mails", [o for o in odds if o.name[3:-4] in (
        "ordinary", "apple-mail", "iphone", "zip", "two-workbooks", "single-part-named")])
    command = [sys.executable, "-m", "xlunion", "inbox", "pull", "--registry", str(demo.registry), "--from-dir",
               str(folder), "--inbox", str(tmp_path / "inbox"), "--ledger", url]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert not any("Traceback" in err for _out, err in outputs)
    entries = ledger.entries()
    assert len(entries) == 7 == len({e.sha256 for e in entries})
    stored_lines = sum(out.count("Đã lưu " + str(tmp_path)) for out, _err in outputs)
    assert stored_lines == 7  # each file reported stored by one pull only
    assert len(list((tmp_path / "inbox" / "CD0101").iterdir())) == 7
    assert len(ledger.message_rows()) == 6
    ledger.close()


def test_record_survives_the_unique_constraint_race(tmp_path, monkeypatch):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    fields = dict(sha256="a" * 64, unit="CD0101", report="SKGNK", period="2023–2028", file="a.xlsx",
                  original_name="a.xlsx", received=dt.datetime(2026, 1, 5, 9), sender="a@b.vn", message_id="<a@b>",
                  status="ok", errors=0, warnings=0)
    first = ledger.record(**fields)
    calls = []

    def late_find(self, sha):  # the other process inserted between our find and our insert
        calls.append(sha)
        return None if len(calls) == 1 else original(self, sha)

    original = Ledger.find
    monkeypatch.setattr(Ledger, "find", late_find)
    assert ledger.record(**fields).id == first.id
    ledger.close()


# -- an old ledger, names, .xlsm ----------------------------------------------------------------------------


def test_a_ledger_made_before_the_new_columns_keeps_working(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:  # the schema of the ledgers offices already hold
        conn.execute("""CREATE TABLE submissions (id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 VARCHAR(64) NOT NULL
            UNIQUE, unit VARCHAR(40) NOT NULL, report VARCHAR(40) NOT NULL, period VARCHAR(80) NOT NULL,
            file VARCHAR(500) NOT NULL, original_name VARCHAR(300) NOT NULL, received DATETIME NOT NULL,
            sender VARCHAR(300) NOT NULL, message_id VARCHAR(300) NOT NULL, status VARCHAR(20) NOT NULL,
            errors INTEGER NOT NULL, warnings INTEGER NOT NULL, superseded_by INTEGER)""")
        conn.execute("""INSERT INTO submissions (sha256, unit, report, period, file, original_name, received, sender,
            message_id, status, errors, warnings) VALUES ('b', 'CD0101', 'SKGNK', 'p', 'f.xlsx', 'f.xlsx',
            '2026-01-05 09:00:00.000000', 's@x.vn', '<m>', 'ok', 0, 0)""")
    ledger = Ledger(path, create=False)
    (old,) = ledger.entries()
    assert old.sha256 == "b" and old.sent is None and old.message is None
    new = ledger.record(sha256="c", unit="CD0101", report="SKGNK", period="p", file="g.xlsx", original_name="g.xlsx",
                        received=dt.datetime(2026, 1, 6), sender="s@x.vn", message_id="<n>", status="ok", errors=0,
                        warnings=0, sent=dt.datetime(2026, 1, 5), message="d" * 64)
    assert ledger.get(old.id).superseded_by == new.id and new.sent == dt.datetime(2026, 1, 5)
    ledger.note_message(digest="d" * 64, source="x.eml", uid=None, message_id="<n>", sender="s@x.vn",
                        received=dt.datetime(2026, 1, 6), sent=None, outcome="stored", detail="")
    assert [r["source"] for r in ledger.message_rows()] == ["x.eml"]
    ledger.close()


def test_names_are_cut_by_bytes_keeping_the_extension():
    name = VN_LONG + ".xlsx"
    assert len(name) == 174 and len(name.encode()) == 230
    cut = safe_name(name)
    assert len(cut.encode()) <= 180 and cut.endswith(".xlsx") and cut.startswith("Báo cáo sơ kết")
    assert safe_name(name.replace("Báo", "Bao", 1)) != cut  # two long names alike stay apart
    assert safe_name("../..\\a\x00b\x1b.xlsx") == "_.._a_b_.xlsx"
    assert safe_name("ngắn.xlsx") == "ngắn.xlsx"


def test_a_folder_with_an_xlsm_reports_it_as_the_pull_does(defn, demo, tmp_path):
    from xlunion.validation import validate_files

    (tmp_path / "a.xlsx").write_bytes(demo_child(demo, "CD0101").read_bytes())
    (tmp_path / "b.xlsm").write_bytes(demo_child(demo, "CD0102").read_bytes())
    files = validate_files([tmp_path], defn).files
    assert [f.path.name for f in files] == ["a.xlsx", "b.xlsm"]
    assert files[0].error is None and files[1].error.key == "wb.macro_workbook"
    assert "b.xlsm" in files[1].error.render() and ".xlsx" in files[1].error.render()


def test_control_characters_in_names_reach_the_terminal_escaped(defn, demo, tmp_path):
    from email.message import EmailMessage

    folder = tmp_path / "mails"
    folder.mkdir()
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "cd0101@congdoan-songhong.vn", "bc"
    mail.set_content("x")
    mail.add_attachment(b"%PDF", maintype="application", subtype="pdf", filename="\x1b]0;owned\x07bien-ban.pdf")
    (folder / "a.eml").write_bytes(mail.as_bytes())
    result = runner.invoke(app, ["inbox", "pull", "--registry", str(demo.registry), "--from-dir", str(folder),
                                 "--inbox", str(tmp_path / "inbox")])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\\x1b]0;owned\\x07" in result.output
    assert "1 thư; 0 thư không có tệp báo cáo" in result.output


def test_a_windows_zip_names_the_vietnamese_workbook_inside(book):
    from oddmail import zipped

    from xlunion.mail.unpack import pieces

    data = bytearray(zipped([("Báo cáo.xlsx", book)]))
    for signature, offset in ((b"PK\x03\x04", 7), (b"PK\x01\x02", 9)):  # Windows' zip: UTF-8 without the flag
        at = data.find(signature)
        data[at + offset] &= ~0x08 & 0xFF
    (piece,) = pieces("hồ sơ.zip", bytes(data), 20 << 20)
    assert piece.shown == "hồ sơ.zip › Báo cáo.xlsx" and piece.name == "Báo cáo.xlsx" and piece.data == book


def test_a_file_that_breaks_something_costs_its_own_line_only(defn, demo, odds, tmp_path, monkeypatch):
    import xlunion.mail.inbox as inbox

    real = inbox._check

    def fragile(name, data, shown, *args):
        if shown == "mot.xlsx":
            raise RuntimeError("a bug in a reader")
        return real(name, data, shown, *args)

    monkeypatch.setattr(inbox, "_check", fragile)
    picked = [o for o in odds if o.name[3:-4] in ("two-workbooks", "ordinary")]
    report = pull(mails_from_dir(_folder(tmp_path / "mails", picked)), tmp_path / "inbox",
                  Ledger(tmp_path / "ledger.sqlite"), defn, load_registry(demo.registry))
    lines = [(line.name, line.outcome, line.key) for p in report.messages for line in p.lines]
    assert lines == [("bao-cao.xlsx", "stored", ""), ("mot.xlsx", "refused", "pull.file_failed"),
                     ("hai.xlsx", "stored", "")]


def test_no_mutation_of_an_odd_mail_makes_reading_it_raise(odds):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from xlunion.mail.unpack import pieces

    small = [o for o in odds if len(o.raw) < 200_000]

    @settings(max_examples=150, deadline=None, database=None)
    @given(st.sampled_from(small), st.integers(0, 10**9), st.binary(max_size=8), st.integers(0, 64))
    def mutate(odd, at, insert, cut):
        where = at % (len(odd.raw) + 1)
        raw = odd.raw[:where] + insert + odd.raw[where + cut:]
        mail = parse_message(raw, odd.name)
        assert mail.problem is None or mail.problem[0] == "pull.bad_message"
        for name, data in mail.attachments:
            assert pieces(name, data, 20 << 20)  # every file yields at least one piece, never an exception

    mutate()


def test_a_pull_says_each_message_before_it_reads_the_next(defn, demo, odds, tmp_path):
    heard: list[str] = []

    def source():
        for odd in odds[:3]:
            # the mailbox may take minutes per message: what is done is already said
            assert len(heard) == odds.index(odd), heard
            yield parse_message(odd.raw, odd.name)

    report = pull(source(), tmp_path / "inbox", Ledger(tmp_path / "ledger.sqlite"), defn,
                  load_registry(demo.registry), said=lambda pulled: heard.append(pulled.mail.source))
    assert heard == [o.name for o in odds[:3]] and len(report.messages) == 3
