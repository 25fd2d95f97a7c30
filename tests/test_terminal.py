"""What the command line prints is shown, never obeyed: console markup and control characters in
child text and file names reach the terminal as the characters they are (issue 18, case 7)."""

from __future__ import annotations

from pathlib import Path

from helpers import demo_child
from hostile import parts, rezip, set_cell, text_cell
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.io.preflight import preflight
from xlunion.layout import layout
from xlunion.terminal import shown

runner = CliRunner()
WIDE = {"COLUMNS": "400"}  # a table row must not wrap in the middle of what the test looks for


def test_control_characters_are_written_out_and_text_is_kept():
    assert shown("a\x1b]0;pwned\x07b\x1b[2J") == "a\\x1b]0;pwned\\x07b\\x1b[2J"
    assert shown("Công đoàn \u202eMAY\u202c") == "Công đoàn \\u202eMAY\\u202c"
    assert shown("x\ry\x9bz\x7f") == "x\\x0dy\\x9bz\\x7f"
    assert shown("Đoàn viên\tnữ\n[bản sửa lần 2]") == "Đoàn viên\tnữ\n[bản sửa lần 2]"


def _child_with_text(defn, demo, folder: Path, name: str, text: str) -> Path:
    """A demo child whose first input figure holds ``text`` (a number typed as text)."""
    source = demo_child(demo, "CD0101")
    data = source.read_bytes()
    code = next(i.code for i in defn.indicators.values() if not i.computed)
    sheet, ref = layout(defn).cell(code, defn.periods[-1].code)
    members = parts(data)
    part = preflight(source, data).sheets[sheet]
    members[part] = set_cell(members[part], ref, text_cell(ref, text))
    path = folder / name
    path.write_bytes(rezip(members))
    return path


def test_markup_in_a_cell_and_a_file_name_is_printed_as_typed(defn, demo, tmp_path):
    _child_with_text(defn, demo, tmp_path, "CD0105 [bản sửa lần 2].xlsx", "12 [/i]")
    _child_with_text(defn, demo, tmp_path, "link.xlsx", "[link=http://evil.example]12[/link]")
    result = runner.invoke(app, ["validate", str(tmp_path)], env=WIDE)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert "CD0105 [bản sửa lần 2].xlsx" in result.output
    assert "12 [/i]" in result.output
    assert "[link=http://evil.example]12[/link]" in result.output
    assert "\x1b]8;" not in result.output  # no terminal hyperlink was made


def test_escape_sequences_in_a_file_name_never_reach_the_terminal(defn, demo, tmp_path):
    name = "CD0101\x1b]0;pwned\x07\x1b[2J.xlsx"
    _child_with_text(defn, demo, tmp_path, name, "mười hai")
    bad = tmp_path / "\x1b[31mbad.xlsx"
    bad.write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["validate", str(tmp_path)], env=WIDE)
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "CD0101\\x1b]0;pwned\\x07\\x1b[2J.xlsx" in result.output
    assert "\\x1b[31mbad.xlsx" in result.output


def test_a_stamp_time_is_shown_in_this_machines_zone_with_its_offset(monkeypatch):
    import time

    from xlunion.messages import moment_text

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        assert moment_text("2026-11-28T12:05:09+00:00") == "28/11/2026 19:05 (UTC+07:00)"
        assert moment_text("2026-11-28T19:05:09+07:00") == "28/11/2026 19:05 (UTC+07:00)"
        assert moment_text("2026-11-28T08:00:00") == "28/11/2026 08:00"  # no offset: as written
        assert moment_text("hôm qua") == "hôm qua" and moment_text(None) == "?"
    finally:
        monkeypatch.undo()
        time.tzset()
