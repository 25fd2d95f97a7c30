"""The help of every command reads in Vietnamese by default and in English on request, typer's own
strings included, with words for values instead of raw placeholders."""

from __future__ import annotations

import re
from string import Formatter

import pytest
import typer
from typer.testing import CliRunner

from xlunion import cli_help
from xlunion.cli import app

runner = CliRunner()

ENGLISH_TYPER = ("Options", "Arguments", "Commands", "Usage", "Show this message", "[default", "[required",
                 "[env var", "[OPTIONS]", "COMMAND [ARGS]", "Try '", "Error")
PLACEHOLDERS = re.compile(r"<[^>\s]*>|[{}]")  # <bool>, <str>, <path>, <list[Path]>, {files}...
JARGON = re.compile(r"mã thoát|SHA-256|\bNaN\b|add-in|đóng dấu|exit", re.IGNORECASE)
# the convention is hóa, thỏa, xóa, tùy, ủy: a word ending in oa, oe or uy (not quy) marks its first vowel
OLD_TONE_MARKS = re.compile(r"\b\w*(?<!q)(?:o[áàảãạ]|o[éèẻẽẹ]|u[ýỳỷỹỵ])\b", re.IGNORECASE)
SAME_IN_BOTH = {"metavar.language", "metavar.format", "metavar.executor"}  # values typed as they are


def _paths(command=None, path=()):
    """Every command of the tree, as the words that reach it: (), ("validate",), ("schema", "export")..."""
    command = command or typer.main.get_command(app)
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*path, name))


def _command(path):
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


PATHS = list(_paths())
IDS = [" ".join(p) or "xlunion" for p in PATHS]


def _foreign(text: str) -> bool:
    """Has a letter outside ASCII: Vietnamese diacritics (or đ)."""
    return any(ch.isalpha() and not ch.isascii() for ch in text)


def _vietnamese_word(token: str) -> bool:
    """A Vietnamese word of a sentence, not an upper-case word standing for a value (TỆP, THƯ_MỤC)."""
    return _foreign(token) and token != token.upper()


def _run(args, **env) -> tuple[int, str]:
    """Exit status and output at a fixed width, without colours, in the language of ``env`` only."""
    result = runner.invoke(app, args, prog_name="xlunion", env={"COLUMNS": "100", "XLUNION_LANG": None, **env})
    return result.exit_code, re.sub(r"\x1b\[[0-9;]*m", "", result.output)


def _help(args, **env) -> str:
    status, output = _run(args, **env)
    assert status == 0, output
    return output


def _row_starts(output: str) -> list[str]:
    """The first line of each row of typer's panels (an option, an argument, a command): it starts
    near the left border, where the lines a long help wraps onto start under the help column."""
    rows = []
    for line in output.splitlines():
        if line.startswith("│") and line.rstrip().endswith("│"):
            content = line.strip().strip("│").rstrip()
            if content.strip() and len(content) - len(content.lstrip()) <= 5:
                rows.append(content.strip())
    return rows


def vietnamese_problems(output: str) -> list[str]:
    problems = [f"English: {word}" for word in ENGLISH_TYPER if word in output]
    problems += [f"placeholder: {m}" for m in PLACEHOLDERS.findall(output)]
    problems += [f"jargon: {m}" for m in JARGON.findall(output)]
    problems += [f"tone marks: {m}" for m in OLD_TONE_MARKS.findall(output)]
    if not output.lstrip().startswith("Cách dùng: xlunion"):
        problems.append("no Vietnamese usage line")
    rows = _row_starts(output)
    if not rows:
        problems.append("no rows found")
    problems += [f"row not in Vietnamese: {row}" for row in rows if not any(map(_vietnamese_word, row.split()))]
    return problems


def english_problems(output: str) -> list[str]:
    problems = [f"not English: {line.strip()}" for line in output.splitlines() if _foreign(line)]
    problems += [f"placeholder: {m}" for m in PLACEHOLDERS.findall(output)]
    problems += [f"missing: {word}" for word in ("Usage: xlunion", "Options", "Show this message and exit.")
                 if word not in output]
    return problems


# --- the rendered help


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_help_is_vietnamese_by_default(path):
    output = _help([*path, "--help"])
    assert vietnamese_problems(output) == []
    command = _command(path)
    if any(p.param_type_name == "argument" for p in command.params):
        assert "Tham số" in output
    if hasattr(command, "commands"):
        assert "Lệnh" in output and "LỆNH [THAM_SỐ]..." in output
    assert "Tùy chọn" in output and "Hiện hướng dẫn này" in output


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_help_is_english_with_lang_en(path):
    output = _help(["--lang", "en", *path, "--help"])
    assert english_problems(output) == []
    command = _command(path)
    if any(p.param_type_name == "argument" for p in command.params):
        assert "Arguments" in output
    if hasattr(command, "commands"):
        assert "Commands" in output and "COMMAND [ARGS]..." in output


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_help_is_english_with_xlunion_lang(path):
    assert english_problems(_help([*path, "--help"], XLUNION_LANG="en")) == []


def test_lang_on_the_command_line_wins_over_the_environment():
    assert vietnamese_problems(_help(["--lang", "vi", "validate", "--help"], XLUNION_LANG="en")) == []
    assert english_problems(_help(["--lang=en", "validate", "--help"])) == []


def test_validate_has_its_own_lang_too():
    assert english_problems(_help(["validate", "--lang", "en", "--help"])) == []
    assert vietnamese_problems(_help(["--lang", "en", "validate", "--lang", "vi", "--help"])) == []


def test_no_arguments_shows_the_help_in_the_language_asked():
    assert vietnamese_problems(_run([])[1]) == []
    assert english_problems(_run([], XLUNION_LANG="en")[1]) == []


def test_words_for_values():
    vi = _help(["validate", "--help"])
    assert "Cách dùng: xlunion validate [TÙY_CHỌN] TỆP..." in vi
    assert re.search(r"--annotate +THƯ_MỤC", vi) and re.search(r"--in-place +Đánh dấu", vi)  # a flag has none
    assert "Cách dùng: xlunion diff [TÙY_CHỌN] TỆP_CŨ TỆP_MỚI" in _help(["diff", "--help"])
    assert "Cách dùng: xlunion demo [TÙY_CHỌN] [THƯ_MỤC]" in _help(["demo", "--help"])
    en = _help(["--lang", "en", "consolidate", "--help"])
    assert "Usage: xlunion consolidate [OPTIONS] [FILE...]" in en
    assert re.search(r"--unit +CODE", en) and re.search(r"--deadline +DATE", en)


def test_a_usage_error_speaks_the_same_language():
    status, output = _run(["validate"])
    assert status == 2
    assert "Cách dùng: xlunion validate [TÙY_CHỌN] TỆP..." in output and "Lỗi" in output
    assert "Gõ 'xlunion validate --help'" in output and "{files}" not in output and "Error" not in output
    status, output = _run(["--lang", "en", "validate"])
    assert status == 2 and "Usage: xlunion validate [OPTIONS] FILE..." in output and "Error" in output


def test_the_language_is_chosen_afresh_for_every_run(tmp_path):
    """XLUNION_LANG reaches the messages as well as the help; without it the next run is Vietnamese."""
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "a.xlsx")], env={"XLUNION_LANG": "en"})
    assert result.exit_code == 0 and "Template written" in result.output
    assert english_problems(_help(["--lang", "en", "--help"])) == []
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "b.xlsx")], env={"XLUNION_LANG": None})
    assert result.exit_code == 0 and "Đã ghi biểu mẫu" in result.output


# --- the catalogue


def _fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in Formatter().parse(template) if name is not None)


@pytest.mark.parametrize("key", sorted(cli_help.HELP))
def test_catalogue_has_both_languages_with_the_same_placeholders(key):
    vi, en = cli_help.HELP[key]
    assert vi.strip() and en.strip()
    assert _fields(vi) == _fields(en)
    assert not _foreign(en), en
    if key not in SAME_IN_BOTH:
        assert _foreign(vi) and vi != en, vi
    assert not JARGON.search(vi) and not OLD_TONE_MARKS.search(vi), vi


def test_every_command_and_parameter_has_its_text_and_nothing_is_left_over():
    used = set()
    for path in PATHS:
        key = ".".join(path) or "app"
        assert key in cli_help.HELP, key
        used.add(key)
        for param in _command(path).params:
            found = cli_help.help_key(key, param.name)
            assert found is not None, f"{key}: {param.name}"
            used.add(found)
            if not getattr(param, "is_flag", False):
                assert param.name in cli_help.METAVARS, f"{key}: {param.name} has no word for its value"
                used.add("metavar." + cli_help.METAVARS[param.name])
    left = {k for k in cli_help.HELP if not k.startswith("typer.")} - used
    assert not left, f"texts for nothing: {sorted(left)}"


def test_language_of_the_command_line(monkeypatch):
    monkeypatch.delenv("XLUNION_LANG", raising=False)
    assert cli_help.language_of(["validate", "x.xlsx"]) == "vi"
    assert cli_help.language_of(["--lang", "en", "demo"]) == "en"
    assert cli_help.language_of(["validate", "--lang=en", "--help"]) == "en"
    assert cli_help.language_of(["--lang", "fr", "--help"]) == "vi"  # left for --lang itself to refuse
    assert cli_help.language_of(["validate", "--", "--lang", "en"]) == "vi"  # after --, a file name
    monkeypatch.setenv("XLUNION_LANG", "en")
    assert cli_help.language_of(["--help"]) == "en"
    assert cli_help.language_of(["--lang", "vi", "--help"]) == "vi"


# --- negative controls: the checks above catch what they are for


def test_the_checks_catch_an_untranslated_help_text(monkeypatch):
    vi, en = cli_help.HELP["validate.registry"]
    monkeypatch.setitem(cli_help.HELP, "validate.registry", (en, en))
    problems = vietnamese_problems(_help(["validate", "--help"]))
    assert any("--registry" in p for p in problems), problems
    monkeypatch.setitem(cli_help.HELP, "validate.registry", (vi, vi))
    problems = english_problems(_help(["--lang", "en", "validate", "--help"]))
    assert any("Danh mục" in p for p in problems), problems


def test_the_checks_catch_a_typer_string_and_a_raw_placeholder(monkeypatch):
    monkeypatch.setitem(cli_help.HELP, "typer.options", ("Options", "Options"))
    monkeypatch.delitem(cli_help.METAVARS, "registry")
    problems = vietnamese_problems(_help(["validate", "--help"]))
    assert "English: Options" in problems and "placeholder: <path>" in problems, problems


# --- usage errors


@pytest.mark.parametrize(("args", "vi", "en"), [
    (["validate"], "Thiếu tham số", "Missing argument"),
    (["validate", "--nope"], "Không có tùy chọn --nope", "No such option: --nope"),
    (["consolidate", "x", "--unit"], "Tùy chọn '--unit' cần có giá trị", "requires an argument"),
    (["validate", "x.xlsx", "--workers", "abc"], "cần một số nguyên", "valid integer"),
    (["compare", "x.xlsx"], "Thiếu tùy chọn '-o' / '--output'", "Missing option"),
    (["nocommand"], "Không có lệnh 'nocommand'", "No such command"),
])
def test_a_usage_error_is_said_in_the_language_of_the_help(args, vi, en):
    status, output = _run(args)
    assert status == 2 and vi in output and "Lỗi" in output, output
    status, output = _run(["--lang", "en", *args])
    assert status == 2 and en in output and "Error" in output, output


def test_an_unknown_language_is_a_usage_error_not_a_traceback():
    for args in (["--lang", "fr", "validate", "x.xlsx"], ["validate", "x.xlsx", "--lang", "fr"]):
        status, output = _run(args)
        assert status == 2 and "Không có ngôn ngữ “fr”" in output and "Traceback" not in output, output


def test_an_error_of_unknown_shape_is_left_as_it_is():
    assert cli_help.translate_error("Something new happened") == "Something new happened"


def test_an_unknown_output_format_is_a_usage_error_not_text():
    status, output = _run(["validate", "x.xlsx", "--format", "xml"])
    assert status == 2 and "Không có định dạng “xml”" in output and "text, json" in output, output


def test_a_file_that_cannot_be_read_is_said_in_vietnamese(tmp_path, monkeypatch):
    import os

    locked = tmp_path / "khoa.xlsx"
    locked.write_bytes(b"PK")
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if str(path) == str(locked) else real(path, mode))
    status, output = _run(["validate", str(locked)])
    assert status == 2 and "không có quyền đọc" in output and "is not readable" not in output, output
