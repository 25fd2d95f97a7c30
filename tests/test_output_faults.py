"""Faults on output (issue 18, cases 14-15): a folder where the file should be, no permission, a
read-only or full disk, a file time past year 9999, temporaries left by a killed writer. Each gives
one clear message and exit 2; the old output stays whole; nothing is left behind."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
import tempfile

import pytest
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.core.consolidate import Candidate
from xlunion.errors import OutputError
from xlunion.io import atomic
from xlunion.io.atomic import atomic_path

runner = CliRunner()


def _consolidate(demo, output, *extra):
    return runner.invoke(app, ["consolidate", str(demo.registry.parent / "inbox" / "CT01"), "--registry",
                               str(demo.registry), "--unit", "CT01", "-o", str(output), *extra])


def _said_plainly(result, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and words in result.output, result.output


def test_an_output_naming_a_folder_is_refused_before_the_work(demo, tmp_path):
    _said_plainly(_consolidate(demo, tmp_path), "là một thư mục")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code, words", [(errno.EACCES, "không có quyền ghi"), (errno.EROFS, "chỉ cho phép đọc"),
                                         (errno.ENAMETOOLONG, "quá dài")])
def test_a_folder_that_cannot_take_the_file_is_said_in_words(demo, tmp_path, monkeypatch, code, words):
    def refuse(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    _said_plainly(_consolidate(demo, tmp_path / "out" / "ct01.xlsx"), words)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_real_read_only_folder(demo, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _said_plainly(_consolidate(demo, folder / "ct01.xlsx"), "không có quyền ghi")
    finally:
        folder.chmod(0o755)


def test_a_full_disk_keeps_the_old_output_whole(demo, tmp_path, monkeypatch):
    import xlsxwriter.workbook

    output = tmp_path / "ct01.xlsx"
    assert _consolidate(demo, output).exit_code in (0, 1)
    before = output.read_bytes()

    class FullDisk:
        def __init__(self, *_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", FullDisk)  # xlsxwriter wraps it in FileCreateError
    _said_plainly(_consolidate(demo, output), "ổ đĩa đã đầy")
    assert output.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ct01.xlsx"]  # no temporary left


def test_an_unforeseen_write_failure_still_names_the_file(tmp_path):
    with pytest.raises(OutputError, match="ct01.xlsx") as caught, atomic_path(tmp_path / "ct01.xlsx") as tmp:
        tmp.write_bytes(b"half")
        raise OSError(errno.EIO, "Input/output error")
    assert "Input/output error" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_file_time_past_year_9999_is_no_receipt_time():
    class Sub:
        info: dict = {}
        mtime = 1e15  # year ~31,000,000

    assert Candidate("far.xlsx", Sub()).received is None
    Sub.mtime = dt.datetime(2026, 1, 5, 8, 0).timestamp()
    assert Candidate("near.xlsx", Sub()).received == dt.datetime(2026, 1, 5, 8, 0)


def test_temporaries_of_a_killed_writer_are_removed_by_the_next_write(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead = int(gone.stdout)
    stale = tmp_path / f".tinh.~{dead}.k3j2h1.xlsx"
    live = tmp_path / f".tinh.~{os.getppid()}.a1b2c3.xlsx"  # another writer, still running
    other = tmp_path / f".khac.~{dead}.zzz.xlsx"  # another output's: not ours to judge now
    for path in (stale, live, other):
        path.write_bytes(b"PK half")
    with atomic_path(tmp_path / "tinh.xlsx") as tmp:
        tmp.write_bytes(b"whole")
    assert not stale.exists() and live.exists() and other.exists()
    assert (tmp_path / "tinh.xlsx").read_bytes() == b"whole"


def test_a_temporary_names_its_writer(tmp_path):
    with atomic_path(tmp_path / "tinh.xlsx") as tmp:
        assert tmp.name.startswith(f".tinh.~{os.getpid()}.") and tmp.suffix == ".xlsx"
        assert atomic._abandoned(tmp, os.getpid()) is False
        tmp.write_bytes(b"x")


@pytest.mark.parametrize("code, key", [(errno.EACCES, "wb.no_permission"), (errno.EISDIR, "wb.is_directory"),
                                       (errno.EIO, "wb.cannot_open")])
def test_an_input_that_cannot_be_opened_is_said_in_words(defn, demo, monkeypatch, code, key):
    from pathlib import Path

    from xlunion.errors import WorkbookError
    from xlunion.io.read import read_submission

    target = next((demo.registry.parent / "inbox" / "CT01").glob("*CD0101*"))
    real = Path.read_bytes

    def refuse(self):
        if self == target:
            raise OSError(code, os.strerror(code))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(WorkbookError) as caught:
        read_submission(target, defn)
    assert caught.value.key == key and target.name in str(caught.value)
    assert "lường trước" not in str(caught.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads a file without read permission")
def test_a_real_unreadable_input_in_a_folder(demo, tmp_path):
    import shutil

    folder = tmp_path / "in"
    shutil.copytree(demo.registry.parent / "inbox" / "CT01", folder)
    locked = next(folder.glob("*CD0101*"))
    locked.chmod(0)
    try:
        result = runner.invoke(app, ["validate", str(folder)])
    finally:
        locked.chmod(0o644)
    assert "không có quyền đọc" in result.output.lower(), result.output


def test_operators_slips_are_said_and_create_nothing(demo, tmp_path):
    # issue 15: a mistyped ledger made every unit "Chưa nộp" (exit 0) and left an empty ledger behind;
    # an unknown unit was a KeyError; a missing --from-dir a FileNotFoundError
    missing = tmp_path / "so-theo-doi.sqlite"
    reg = str(demo.registry)
    result = runner.invoke(app, ["status", "--registry", reg, "--unit", "CT01", "--ledger", str(missing)])
    _said_plainly(result, "Không tìm thấy sổ theo dõi")
    result = runner.invoke(app, ["consolidate", "--registry", reg, "--unit", "CT01", "--ledger", str(missing),
                                 "-o", str(tmp_path / "ct01.xlsx")])
    _said_plainly(result, "Không tìm thấy sổ theo dõi")
    assert list(tmp_path.iterdir()) == []
    result = runner.invoke(app, ["status", "--registry", reg, "--unit", "CT99", "--ledger", str(missing)])
    _said_plainly(result, "Không có đơn vị “CT99”")
    result = runner.invoke(app, ["inbox", "pull", "--registry", reg, "--from-dir", str(tmp_path / "thu"),
                                 "--inbox", str(tmp_path / "inbox")])
    _said_plainly(result, "Không tìm thấy thư mục")
