"""Which version of a unit counts: one rule for folders, the ledger's status and consolidate --ledger."""

from __future__ import annotations

import os
import shutil
import time
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
from helpers import demo_child
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.consolidation import consolidate_files
from xlunion.core.consolidate import counted_version
from xlunion.layout import layout
from xlunion.ledger import Ledger
from xlunion.mail.inbox import mails_from_dir, pull
from xlunion.registry import load_registry

runner = CliRunner()


@pytest.mark.parametrize(("errors", "used"), [
    ([False], 0), ([True], 0), ([False, False], 1), ([False, True], 0), ([True, False], 1),
    ([False, True, True], 0), ([False, False, True], 1), ([True, True], 1), ([False, True, False], 2)])
def test_the_newest_version_counts_unless_it_has_errors_and_an_older_one_has_none(errors, used):
    assert counted_version(errors) == used


def broken_version(defn, source, target):
    """``source`` with more women members than members: an error, a new version of the same unit."""
    shutil.copyfile(source, target)
    book = openpyxl.load_workbook(target)
    where = layout(defn)
    sheet, total = where.cell("DV_TONG", "N2025")
    _sheet, women = where.cell("DV_NU", "N2025")
    book[sheet][women] = float(book[sheet][total].value) + 10
    book.save(target)
    return target


def _good_then_broken(defn, demo, tmp_path) -> tuple[Path, Path]:
    """A folder with CD0101's good report, then an hour later a version of it with an error."""
    folder = tmp_path / "in"
    folder.mkdir()
    first = Path(shutil.copy2(demo_child(demo, "CD0101"), folder))
    second = broken_version(defn, first, folder / "CD0101_v2.xlsx")
    now = time.time()
    os.utime(first, (now - 7200, now - 7200))
    os.utime(second, (now - 60, now - 60))
    return first, second


def test_a_broken_correction_keeps_the_good_report_in_a_folder(defn, demo, tmp_path):
    first, second = _good_then_broken(defn, demo, tmp_path)
    result = consolidate_files([first.parent], load_registry(demo.registry), "CT01", tmp_path / "ct01.xlsx", defn)
    statuses = {r.file: r.status for r in result.status if r.unit == "CD0101"}
    assert statuses == {first.name: "valid", second.name: "newer_errors"}, statuses
    assert any(sub.unit == "CD0101" for sub in result.counted)
    assert result.replaced == []  # the broken file changed nothing that counts


def test_included_invalid_counts_the_newest_even_with_errors(defn, demo, tmp_path):
    first, second = _good_then_broken(defn, demo, tmp_path)
    result = consolidate_files([first.parent], load_registry(demo.registry), "CT01", tmp_path / "ct01.xlsx", defn,
                               include_invalid=True)
    statuses = {r.file: r.status for r in result.status if r.unit == "CD0101"}
    assert statuses == {first.name: "superseded", second.name: "included_invalid"}, statuses


def _mail_with(path: Path, unit: str, date: str) -> bytes:
    message = EmailMessage()
    message["From"], message["Subject"], message["Date"] = f"{unit.lower()}@congdoan-songhong.vn", unit, date
    message["Message-ID"] = f"<{path.name}.{unit}@test>"
    message.set_content("Báo cáo gửi kèm.")
    message.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream", filename=path.name)
    return message.as_bytes()


def _pulled(defn, demo, tmp_path, versions: list[Path], unit: str) -> Path:
    """A ledger holding ``versions`` of ``unit``'s report, pulled from mail an hour apart, in order."""
    mails = tmp_path / "mails"
    mails.mkdir()
    for i, path in enumerate(versions):
        (mails / f"{i}.eml").write_bytes(_mail_with(path, unit, f"Mon, 12 Jan 2026 {8 + i:02}:00:00 +0700"))
    ledger_path = tmp_path / "inbox" / "ledger.sqlite"
    book = Ledger(ledger_path)
    report = pull(mails_from_dir(mails), tmp_path / "inbox", book, defn, load_registry(demo.registry))
    assert len(report.stored) == len(versions), report
    book.close()
    return ledger_path


def _sheet_statuses(path: Path, unit: str) -> list[str]:
    rows = openpyxl.load_workbook(path, read_only=True)["Tình hình nộp báo cáo"].iter_rows(values_only=True)
    return sorted(str(r[3]) for r in rows if len(r) > 3 and r[1] == unit)


def test_status_and_consolidate_from_the_ledger_agree_on_a_broken_resubmission(defn, demo, tmp_path, monkeypatch):
    good = demo_child(demo, "CD0101")
    broken = broken_version(defn, good, tmp_path / "CD0101_v2.xlsx")
    ledger_path = _pulled(defn, demo, tmp_path, [good, broken], "CD0101")
    registry = str(demo.registry)
    monkeypatch.setenv("COLUMNS", "250")  # one table row a line
    shown = runner.invoke(app, ["status", "--registry", registry, "--unit", "CT01", "--ledger", str(ledger_path)])
    line = next(li for li in shown.output.splitlines() if "CD0101" in li)
    assert "Bản mới có lỗi, đang dùng bản trước" in line, shown.output
    out = tmp_path / "ct01.xlsx"
    elsewhere = tmp_path / "elsewhere"  # run from another folder: the ledger's paths still lead to the files
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    made = runner.invoke(app, ["consolidate", "--ledger", str(ledger_path), "--registry", registry, "--unit", "CT01",
                               "-o", str(out)])
    assert made.exit_code == 0, made.output
    assert _sheet_statuses(out, "CD0101") == ["Bản mới có lỗi, đang dùng bản trước", "Đã nộp, hợp lệ"]


def test_a_resubmission_in_the_ledger_shows_in_the_changes_sheet(defn, demo, tmp_path):
    first, second = sorted(p for p in demo.children if "CD0306" in p.name)
    ledger_path = _pulled(defn, demo, tmp_path, [first, second], "CD0306")
    out = tmp_path / "ct03.xlsx"
    made = runner.invoke(app, ["consolidate", "--ledger", str(ledger_path), "--registry", str(demo.registry),
                               "--unit", "CT03", "-o", str(out)])
    assert made.exit_code == 0, made.output
    rows = [r for r in openpyxl.load_workbook(out, read_only=True)["Thay đổi"].iter_rows(values_only=True)]
    assert any(r[0] == "CD0306" for r in rows), rows
    assert _sheet_statuses(out, "CD0306") == ["Đã có bản gửi sau thay thế", "Đã nộp, hợp lệ"]
