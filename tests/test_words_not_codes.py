"""Officers read names, machines read codes: no indicator or period code in any text xlunion shows
a person (visible cells, notes, input prompts, page footers, charts, the command line, mail), while
the codes stay where machines read them (the hidden map and column, JSON)."""

from __future__ import annotations

import json
import re
import zipfile
from email import policy
from email.parser import BytesParser

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from pages import samples
from typer.testing import CliRunner

from xlunion.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def books(defn, tmp_path_factory):
    return samples(defn, tmp_path_factory.mktemp("words"))


@pytest.fixture(scope="module")
def codes(defn):
    words = [*defn.indicators, *(p.code for p in defn.periods), defn.current.code]
    return re.compile(r"(?<![\w])(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![\w])")


def _quoted(formula: str) -> list[str]:
    """The text a formula writes: its string literals."""
    return re.findall(r'"((?:[^"]|"")*)"', formula)


def shown_in_cells(path) -> list[tuple[str, str]]:
    """(where, text) of every string a person sees in the workbook's visible sheets."""
    found = []
    values = openpyxl.load_workbook(path, data_only=True)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        found.append((ws.title, ws.title))
        cached = values[ws.title]
        hidden_cols = {get_column_letter(c) for d in ws.column_dimensions.values() if d.hidden
                       for c in range(d.min or 1, (d.max or d.min or 1) + 1)}
        hidden_rows = {k for k, d in ws.row_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if cell.row in hidden_rows or get_column_letter(cell.column) in hidden_cols:
                    continue
                where = f"{ws.title}!{cell.coordinate}"
                texts = [cached[cell.coordinate].value]
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    texts += _quoted(cell.value)
                found += [(where, t) for t in texts if isinstance(t, str)]
                if cell.comment is not None:
                    found.append((where + " (ghi chú)", cell.comment.text))
        for dv in ws.data_validations.dataValidation:
            found += [(f"{ws.title} {dv.sqref} (nhắc nhập)", t) for t in (dv.prompt, dv.promptTitle, dv.error,
                                                                          dv.errorTitle) if t]
        for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right, ws.oddHeader.center):
            if part.text:
                found.append((f"{ws.title} (chân trang)", part.text))
    return found


def shown_in_charts(path) -> list[tuple[str, str]]:
    """Chart titles, series names and category labels (their cached text)."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/charts/chart"):
                xml = zf.read(name).decode("utf-8")
                found += [(name, t) for t in re.findall(r"<(?:a:t|c:v)>([^<]*)<", xml)]
                found += [(name, t) for t in re.findall(r"<c:f>([^<]*)<", xml)]  # the ranges' sheet names
    return found


def test_no_code_in_any_visible_cell_note_prompt_or_footer(books, codes):
    for name, path in books.items():
        shown = shown_in_cells(path)
        assert len(shown) > 1000, name  # the scan reads the workbook, not an empty list
        bad = [(where, text) for where, text in shown if codes.search(text)]
        assert bad == [], f"{name}: {bad[:5]}"


def test_no_code_in_the_charts(books, codes):
    for name in ("parent", "comparison"):
        shown = shown_in_charts(books[name])
        assert any("Tỷ lệ đoàn viên" in t for _w, t in shown), name  # categories carry names
        bad = [(where, text) for where, text in shown if codes.search(text)]
        assert bad == [], f"{name}: {bad[:5]}"


def test_the_scan_would_see_a_code(books, codes, tmp_path):
    """The check above can fail: a code typed into a visible cell is found."""
    book = openpyxl.load_workbook(books["child"])
    book["PL1 Lao động, đoàn viên"]["M9"] = "xem DV_NU"
    book.save(tmp_path / "coded.xlsx")
    assert any(codes.search(t) for _w, t in shown_in_cells(tmp_path / "coded.xlsx"))


def test_codes_stay_where_machines_read_them(defn, books):
    book = openpyxl.load_workbook(books["child"])
    assert book["_xlunion"].sheet_state == "hidden"
    listed = {row[0] for row in book["_xlunion"].iter_rows(values_only=True) if row and row[0]}
    assert set(defn.indicators) <= listed
    result = runner.invoke(app, ["validate", str(books["child"]), "--format", "json"])
    assert result.exit_code in (0, 1) and json.loads(result.output) is not None


def test_no_code_in_what_the_command_line_and_mail_say(tmp_path, codes):
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", str(out), "--mail"])
    assert result.exit_code == 0, result.output
    said = [result.output]
    bad = next((out / "inbox" / "CT01").glob("*CD0105*"))
    for args in (["validate", str(bad)], ["validate", str(bad), "--lang", "en"],
                 ["diff", *map(str, sorted((out / "inbox" / "CT03").glob("*CD0306*")))],
                 ["compare", str(out / "tong-hop" / next(p.name for p in (out / "tong-hop").iterdir())), "-o",
                  str(tmp_path / "c.xlsx"), "--registry", str(out / "registry.csv")]):
        said.append(runner.invoke(app, args).output)
    for draft in (out / "thu-di").glob("*.eml"):
        mail = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
        said += [mail["Subject"], mail.get_body(("plain",)).get_content()]
    text = "\n".join(said)
    assert "Đoàn viên nữ" in text or "đoàn viên nữ" in text  # the planted mistake, said in words
    assert codes.findall(text) == []
