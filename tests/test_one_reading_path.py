"""One reading path (issue 18): verify, diff, compare and report read a workbook as validate and
consolidate do, through the preflight in an isolated worker, so a file that kills its reader (what
python-calamine did on two sheets of one name) costs a message, never the command."""

from __future__ import annotations

import faulthandler
import os

import pytest
from helpers import demo_child
from typer.testing import CliRunner

from xlunion import isolation
from xlunion.cli import app

runner = CliRunner()


def _killer(victim: str):
    original = isolation.read_one

    def read_one(path, source):
        if victim in path.name:
            faulthandler.disable()  # the deliberate abort's dump would only alarm the log
            os.abort()
        return original(path, source)
    return read_one


@pytest.mark.parametrize("command", [["verify", "{victim}"], ["diff", "{other}", "{victim}"],
                                     ["compare", "{victim}", "-o", "{out}"], ["report", "{victim}", "-o", "{docx}"]])
def test_a_file_that_kills_its_reader_is_a_message_in_every_command(demo, tmp_path, monkeypatch, command):
    isolation.close_pools(wait=True)  # fresh workers, forked with the patch
    victim, other = demo_child(demo, "CD0105"), demo_child(demo, "CD0101")
    monkeypatch.setattr(isolation, "read_one", _killer("CD0105"))
    args = [a.format(victim=victim, other=other, out=tmp_path / "c.xlsx", docx=tmp_path / "r.docx") for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Bộ đọc dừng bất thường" in result.output and victim.name in result.output
    assert not (tmp_path / "c.xlsx").exists() and not (tmp_path / "r.docx").exists()


def test_verify_and_diff_still_read_good_files(demo):
    old, new = (p for p in sorted(demo.children) if "CD0306" in p.name and " (1)" not in p.name)
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
