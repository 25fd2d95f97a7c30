"""Hostile input, round two (#18): what xlunion writes from a child — marked, stamped and sent
copies — holds no formula xlunion did not write, keeps the figures that were validated, and one
file that is too big for openpyxl costs only itself."""

from __future__ import annotations

import email
import email.policy
import html
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
    import io

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
