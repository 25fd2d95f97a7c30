"""The preflight's cell box on sheets written in ways xlunion's own writer never uses."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import openpyxl
import pytest
from hostile import parts, rezip

from xlunion.errors import WorkbookError
from xlunion.io.preflight import MB, Budget, preflight


def _book(sheet_data: bytes | None = None) -> bytes:
    """A two-sheet workbook; ``sheet_data`` replaces the first sheet's <sheetData>."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.create_sheet("Empty")
    buf = io.BytesIO()
    wb.save(buf)
    if sheet_data is None:
        return buf.getvalue()
    members = parts(buf.getvalue())
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb"<sheetData>.*</sheetData>", lambda _m: sheet_data, members[sheet], flags=re.S)
    return rezip(members)


def _rows(count: int, cells: int) -> bytes:
    row = b"<c><v>1</v></c>" * cells  # "r" is optional: each cell goes right after the one before
    return b"<sheetData>" + b"".join(b'<row r="%d">%s</row>' % (r, row) for r in range(1, count + 1)) + b"</sheetData>"


def test_an_empty_sheet_passes():
    found = preflight("e.xlsx", _book())
    assert (found.scans["Empty"].rows, found.scans["Empty"].cols) == (1, 1)


def test_cells_without_addresses_count_as_wide_as_the_widest_row():
    found = preflight("n.xlsx", _book(_rows(199, 30)))
    scan = found.scans["Sheet"]
    assert scan.rows == 199 and 30 <= scan.cols <= 31  # a bound: at most one more than the cells


def test_a_row_of_unaddressed_cells_past_the_column_budget_is_refused():
    with pytest.raises(WorkbookError) as exc:
        preflight("w.xlsx", _book(_rows(2, 1100)))
    assert exc.value.key == "wb.sheet_too_big"


def test_rows_past_the_budget_are_refused_before_their_cells_are_read():
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(1, 10_050))
    with pytest.raises(WorkbookError) as exc:
        preflight("r.xlsx", _book(b"<sheetData>" + body + b"</sheetData>"))
    assert exc.value.key == "wb.sheet_too_big" and exc.value.values["max_rows"] == 10_000


# -- issue 18, round two: files that each builds itself ------------------------------------------------------------

STRICT = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
          b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
              b"http://purl.oclc.org/ooxml/officeDocument/relationships"}
HIDDEN = "xl/worksheets/sheet12.xml"  # the standard child's hidden map sheet


@pytest.fixture(scope="module")
def child(defn, tmp_path_factory) -> bytes:
    from hostile import base_child

    return base_child(defn, tmp_path_factory.mktemp("child"))[1].read_bytes()


def _changed(data: bytes, change) -> bytes:
    members = parts(data)
    change(members)
    return rezip(members)


def _refused(data: bytes, budget=None) -> WorkbookError:
    with pytest.raises(WorkbookError) as exc:
        preflight("x.xlsx", data) if budget is None else preflight("x.xlsx", data, budget=budget)
    return exc.value


def _duplicate_map(members: dict, name: bytes = b"_xlunion") -> None:
    """A second ``name``, listed first, on a sheet whose one far cell makes a parser reserve 512 GB."""
    members["xl/worksheets/sheet13.xml"] = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        b"</sheetData></worksheet>")
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet13.xml"/></Relationships>'))
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"<sheets>", b'<sheets><sheet name="%s" sheetId="99" state="hidden" r:id="rId99"/>' % name)


@pytest.mark.parametrize("name", [b"_xlunion", b"_XLunion"])  # Excel compares sheet names ignoring case
def test_two_sheets_of_one_name_in_any_case_are_refused(child, name):
    error = _refused(_changed(child, lambda m: _duplicate_map(m, name)))
    assert error.key == "wb.duplicate_sheet" and "_xlunion" in str(error).casefold() and "x.xlsx" in str(error)


@pytest.mark.parametrize("command", ["verify", "compare", "diff"])
def test_commands_reading_in_process_refuse_duplicate_sheets(child, tmp_path, command):
    import subprocess
    import sys

    bad = tmp_path / "hai-trang-an.xlsx"
    bad.write_bytes(_changed(child, _duplicate_map))
    args = {"verify": [bad], "compare": [bad, "-o", tmp_path / "out.xlsx"], "diff": [bad, bad]}[command]
    run = subprocess.run([sys.executable, "-m", "xlunion", command, *map(str, args)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2, (run.returncode, run.stderr[:300])  # not 134: the parser never saw the file
    assert "hai-trang-an.xlsx" in run.stderr and "trùng tên" in run.stderr and "Traceback" not in run.stderr


def test_the_report_command_scans_the_units_sheet_it_reads_too(child, tmp_path):
    import subprocess
    import sys

    def huge_units_sheet(members):
        _duplicate_map(members, "Chi tiết đơn vị".encode())

    bad = tmp_path / "chi-tiet.xlsx"
    bad.write_bytes(_changed(child, huge_units_sheet))
    run = subprocess.run([sys.executable, "-m", "xlunion", "report", str(bad), "-o", str(tmp_path / "r.docx")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, (run.returncode, run.stderr[:300])
    assert "chi-tiet.xlsx" in run.stderr and "Chi tiết đơn vị" in run.stderr and "Traceback" not in run.stderr


def _eocd(entries: int, size: int, offset: int = 0) -> bytes:
    return struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, min(entries, 0xFFFF), min(entries, 0xFFFF), size, offset, 0)


def _no_zipfile(monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("zipfile parsed a directory the end record already gave away")

    monkeypatch.setattr(zipfile, "ZipFile", refuse)


def test_a_zip_announcing_too_many_parts_is_refused_before_zipfile_parses_it(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(50):
            zf.writestr(f"p{i}.xml", b"<a/>")
    _no_zipfile(monkeypatch)
    error = _refused(buf.getvalue(), Budget(entries=40))
    assert error.key == "wb.zip_limits" and "50" in str(error)


def test_a_zip_directory_too_large_for_its_count_is_refused_before_zipfile_parses_it(monkeypatch):
    directory = b"PK\x01\x02" + b"\0" * (2 * MB)
    _no_zipfile(monkeypatch)
    error = _refused(b"PK\x03\x04" + directory + _eocd(3, len(directory), 4))
    assert error.key == "wb.zip_limits"


def test_a_zip64_end_record_is_read_too(monkeypatch):
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 700_000, 700_000, 60 * MB, 4)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 4, 1)
    _no_zipfile(monkeypatch)
    error = _refused(b"PK\x03\x04" + record + locator + _eocd(0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF))
    assert error.key == "wb.zip_limits" and "700000" in str(error)


def test_strict_open_xml_is_refused_as_what_it_is():
    def strict(members):
        for name in members:
            for old, new in STRICT.items():
                members[name] = members[name].replace(old, new)

    error = _refused(_changed(_book(), strict))
    assert error.key == "wb.strict" and "Strict" in str(error)


def _utf16(members: dict, part: str) -> None:
    xml = members[part].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    members[part] = b"\xff\xfe" + xml.encode("utf-16-le")


def test_a_utf16_hidden_sheet_is_refused_with_a_clear_message(defn, child, tmp_path):
    from xlunion.io.read import read_submission

    path = tmp_path / "utf16.xlsx"
    path.write_bytes(_changed(child, lambda m: _utf16(m, HIDDEN)))
    with pytest.raises(WorkbookError) as exc:
        read_submission(path, defn)
    assert exc.value.key == "wb.encoding" and "UTF-16" in str(exc.value) and "?" not in str(exc.value)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/sharedStrings.xml"])
def test_utf16_parts_a_parser_reads_first_are_refused(child, part):
    assert _refused(_changed(child, lambda m: _utf16(m, part))).key == "wb.encoding"


def _calamine_refusal(defn, tmp_path, data: bytes) -> WorkbookError:
    from xlunion.io.read import read_submission

    path = tmp_path / "hong.xlsx"
    path.write_bytes(data)
    with pytest.raises(WorkbookError) as exc:
        read_submission(path, defn)
    return exc.value


def test_a_string_index_past_the_shared_strings_is_told_in_vietnamese(defn, child, tmp_path):
    def far_string(members):
        members[HIDDEN] = re.sub(rb'(<c r="B2" t="s"><v>)\d+', rb"\g<1>999999", members[HIDDEN], count=1)

    error = _calamine_refusal(defn, tmp_path, _changed(child, far_string))
    text = str(error)
    assert error.key == "wb.sheet_unreadable" and "hong.xlsx" in text and "“_xlunion”" in text
    assert "chuỗi" in text and text.index("chi tiết") < text.find("Cell string index")  # English only trailing


def test_broken_xml_in_a_report_sheet_is_told_in_vietnamese(defn, child, tmp_path):
    from xlunion.io.preflight import preflight as check

    sheet, part = next(iter(check("c.xlsx", child).sheets.items()))
    error = _calamine_refusal(defn, tmp_path, _changed(
        child, lambda m: m.update({part: m[part].replace(b'<c r="B2"', b'<c r="B2" s="1', 1)})))
    text = str(error)
    assert error.key == "wb.sheet_unreadable" and "hong.xlsx" in text and f"“{sheet}”" in text
    assert text.index("chi tiết") < text.find("syntax error")


@pytest.mark.parametrize("part", ["docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
                                  "customXml/item1.xml", "xl/theme/theme1.xml"])
def test_a_dtd_in_any_xml_part_is_refused(part):
    entity = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY lol "lol">]>\n'
              b'<Properties xmlns="urn:x"><Company>&lol;</Company></Properties>')
    error = _refused(_changed(_book(), lambda m: m.update({part: entity})))
    assert error.key == "wb.dtd" and error.values["part"] == part


def test_an_svg_logo_with_a_doctype_is_not_a_reason_to_refuse():
    from xlunion.io.preflight import preflight as check

    svg = (b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    check("logo.xlsx", _changed(_book(), lambda m: m.update({"xl/media/image1.svg": svg})))


def test_a_dtd_hidden_by_another_encoding_is_refused():
    entity = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY a "a">]><r>&a;</r>'
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY a +ACI-a+ACI-+AD4-+AF0-+AD4-<r/>'
    assert _refused(_changed(_book(), lambda m: m.update(
        {"docProps/core.xml": b"\xff\xfe" + entity.encode("utf-16-le")}))).key == "wb.dtd"
    assert _refused(_changed(_book(), lambda m: m.update({"docProps/core.xml": utf7}))).key == "wb.encoding"


def test_a_dtd_after_a_long_comment_is_refused():
    late = b'<?xml version="1.0"?><!--' + b"x" * 70_000 + b'--><!DOCTYPE x [<!ENTITY a "a">]><r>&a;</r>'
    assert _refused(_changed(_book(), lambda m: m.update({"docProps/core.xml": late}))).key == "wb.dtd"


def test_a_package_pointing_to_another_workbook_part_is_refused():
    def elsewhere(members: dict) -> None:
        members["xl/book2.xml"] = members["xl/workbook.xml"]
        members["_rels/.rels"] = members["_rels/.rels"].replace(b"xl/workbook.xml", b"xl/book2.xml")

    error = _refused(_changed(_book(), elsewhere))
    assert error.key == "wb.other_main_part" and error.values["part"] == "xl/book2.xml"
    from xlunion.io.preflight import preflight as check

    check("slash.xlsx", _changed(_book(), lambda m: m.update(  # "/xl/workbook.xml" is the same part
        {"_rels/.rels": m["_rels/.rels"].replace(b'Target="xl/workbook.xml"', b'Target="/xl/workbook.xml"')})))
