"""The Excel add-in: built without Excel, checked by independent decoders (olefile, olevba,
LibreOffice's VBA import), and every button run end to end through the file adapter."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from helpers import demo_child, sheet_values
from typer.testing import CliRunner

from xlunion import addin
from xlunion.cli import app
from xlunion.excel.adapter import FileWorkbook
from xlunion.io.compare_sheet import COMPARE_SHEET
from xlunion.io.parent import STATUS_SHEET
from xlunion.io.read import read_submission
from xlunion.io.template import blank_filling, write_workbook
from xlunion.messages import msg
from xlunion.registry import load_registry
from xlunion.vba.cfb import Node, write_cfb
from xlunion.vba.compression import compress, decompress
from xlunion.vba.project import decrypt
from xlunion.vba.xlam import MACROS, build_xlam

runner = CliRunner()
NS = "{http://schemas.microsoft.com/office/2009/07/customui}"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build_xlam(tmp_path_factory.mktemp("addin") / "xlunion.xlam")


def _project(xlam_path: Path) -> olefile.OleFileIO:
    with zipfile.ZipFile(xlam_path) as zf:
        return olefile.OleFileIO(io.BytesIO(zf.read("xl/vbaProject.bin")))


# -- the pieces, against independent implementations -------------------------------------------


@pytest.mark.parametrize("data", [b"", b"Sub A()\r\nEnd Sub\r\n" * 300, bytes(range(256)) * 40,
                                  bytes((i * 7919) % 251 for i in range(10000))])
def test_compression_matches_oletools(data):
    from oletools.olevba import decompress_stream

    packed = compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert decompress(packed) == data


def test_compound_file_reads_back_with_olefile():
    big = bytes((i * 31) % 256 for i in range(9000))
    data = write_cfb([Node("PROJECT", b"ID=1"), Node("VBA", children=[Node("dir", b"x" * 100), Node("Big", big)])])
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert sorted(ole.listdir()) == [["PROJECT"], ["VBA", "Big"], ["VBA", "dir"]]
    assert ole.openstream("VBA/Big").read() == big and ole.openstream("PROJECT").read() == b"ID=1"


# -- the add-in ------------------------------------------------------------------------------------


def test_olevba_lists_every_module_with_its_source(xlam):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlam))
    sources = {Path(stream).name: code for _f, stream, _n, code in parser.extract_macros()}
    assert set(sources) == {"ThisWorkbook", "Sheet1", "Dictionary", "xlwings", "CongDoan"}
    ours = (MACROS / "CongDoan.bas").read_text(encoding="utf-8")
    assert sources["CongDoan"].replace("\r\n", "\n").strip() == ours.strip()
    assert "Public Function RunPython(" in sources["xlwings"]
    assert 'PROJECT_NAME As String = "xlunion"' in sources["xlwings"]


def _ribbon(xlam_path):
    with zipfile.ZipFile(xlam_path) as zf:
        rels = zf.read("_rels/.rels").decode()
        assert 'Target="customUI/customUI14.xml"' in rels and "ui/extensibility" in rels
        content_types = zf.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in content_types
        return ET.fromstring(zf.read("customUI/customUI14.xml"))


def test_every_ribbon_callback_is_a_sub_taking_the_ribbon_control(xlam):
    from oletools.olevba import VBA_Parser

    code = "\n".join(c for _f, _s, _n, c in VBA_Parser(str(xlam)).extract_macros())
    buttons = list(_ribbon(xlam).iter(f"{NS}button"))
    assert len(buttons) == 7
    for button in buttons:
        module, sub = button.get("onAction").split(".")
        assert re.search(rf"^Sub {sub}\(control As IRibbonControl\)", code, re.M), sub
        assert module == "CongDoan"


def test_ribbon_structure(xlam):
    """What the schema cannot say: the labels, unique ids, every button large in one tab."""
    root = _ribbon(xlam)
    assert root.tag == f"{NS}customUI"
    (tab,) = root.iter(f"{NS}tab")
    assert tab.get("label") == "Công đoàn"
    labels = [b.get("label") for b in root.iter(f"{NS}button")]
    assert labels == ["Kiểm tra", "Tổng hợp", "So sánh", "Gửi báo cáo", "Soạn báo cáo", "Biểu mẫu mới", "Hướng dẫn"]
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    allowed = {"id", "label", "size", "imageMso", "screentip", "supertip", "onAction"}
    for button in root.iter(f"{NS}button"):
        assert set(button.attrib) == allowed and button.get("size") == "large"
        assert len(button.get("screentip")) <= 1024 and len(button.get("supertip")) <= 1024
    parents = {child: parent for parent in root.iter() for child in parent}
    for button in root.iter(f"{NS}button"):
        assert parents[button].tag == f"{NS}group" and parents[parents[button]] is tab


def test_no_pcode_and_no_protection(xlam):
    ole = _project(xlam)
    assert ole.openstream("VBA/_VBA_PROJECT").read()[2:4] == b"\xff\xff"  # version 0xFFFF: compile the source
    dir_data = decompress(ole.openstream("VBA/dir").read())
    offsets = [struct.unpack_from("<I", dir_data, m.start() + 6)[0]
               for m in re.finditer(rb"\x31\x00\x04\x00\x00\x00", dir_data)]
    assert offsets and set(offsets) == {0}  # every module's source starts its stream
    project = ole.openstream("PROJECT").read().decode("cp1252")
    values = dict(re.findall(r'^(CMG|DPB|GC)="([0-9A-F]+)"', project, re.M))
    assert decrypt(values["CMG"]) == bytes(4) and decrypt(values["DPB"]) == b"\0"
    assert decrypt(values["GC"]) == b"\xff"


def test_build_is_reproducible(xlam, tmp_path):
    assert build_xlam(tmp_path / "again.xlam").read_bytes() == xlam.read_bytes()


@pytest.mark.libreoffice
def test_libreoffice_opens_the_addin_and_imports_its_vba(soffice, xlam, tmp_path):
    from xlunion.io.libreoffice import convert

    ods = convert(xlam, tmp_path, "ods", infilter="Calc MS Excel 2007 VBA XML")
    with zipfile.ZipFile(ods) as zf:
        basic = {n for n in zf.namelist() if n.startswith("Basic/xlunion/")}
        module = zf.read("Basic/xlunion/CongDoan.xml").decode("utf-8")
    assert {"Basic/xlunion/CongDoan.xml", "Basic/xlunion/xlwings.xml"} <= basic
    assert "Sub KiemTra(control As IRibbonControl)" in module
    for line in ("Private Function Ready() As Boolean", "Public Function ConfigPath() As String",
                 "Private Function Vi(ByVal s As String) As String", "If Ready() Then RunPython"):
        assert line in module, line


def test_live_adapter_marks_the_open_workbook(defn, demo, tmp_path):
    """Runs where Excel runs: the same button on the workbook open in Excel, through xlwings."""
    import sys

    if sys.platform not in ("win32", "darwin"):
        pytest.skip("the xlwings adapter drives a running Excel (Windows or macOS); none runs on this machine")
    import xlwings as xw

    from xlunion.excel.live import LiveWorkbook

    path = Path(shutil.copy(next(p for p in demo.children if "CD0105" in p.name), tmp_path / "child.xlsx"))
    app_ = xw.App(visible=False)
    try:
        live = LiveWorkbook(app_.books.open(str(path)))
        live.show = lambda text, title="xlunion": None  # no modal box in a test
        addin.validate(live)
        assert live.book.sheets[0].name == "Kiểm tra"
    finally:
        app_.quit()


# -- the ribbon against Microsoft's schema, the compound file against 7-Zip ---------------------------

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
XS = "{http://www.w3.org/2001/XMLSchema}"


def _reference(name: str) -> Path:
    if not (REFERENCE / name).exists():
        pytest.skip(f"{REFERENCE} is absent (a plain clone): the customUI schemas are kept beside the project")
    return REFERENCE / name


def _ribbon_bytes(xlam_path: Path) -> bytes:
    with zipfile.ZipFile(xlam_path) as zf:
        return zf.read("customUI/customUI14.xml")


def test_ribbon_validates_against_microsofts_schema_with_xmlschema(xlam):
    import xmlschema

    schema = xmlschema.XMLSchema(str(_reference("customUI14.xsd")))  # read as published
    schema.validate(io.BytesIO(_ribbon_bytes(xlam)))
    broken = _ribbon_bytes(xlam).replace(b'size="large"', b'size="huge"', 1)
    assert not schema.is_valid(io.BytesIO(broken))  # the schema does check what we send it


def _lxml_schema(path: Path):
    """lxml rejects attributes that customUI14.xsd declares twice (a base type's and its
    extension's); in a copy in memory, each extension loses the duplicates libxml2 names."""
    import copy

    from lxml import etree

    tree = etree.parse(str(path))
    groups = {g.get("name"): g for g in tree.getroot().iter(f"{XS}attributeGroup") if g.get("name")}

    def attributes(node):
        if node.tag == f"{XS}attribute":
            return [node]
        if node.tag == f"{XS}attributeGroup":
            return [a for child in groups[node.get("ref")] for a in attributes(child)]
        return []

    for _attempt in range(3):
        try:
            return etree.XMLSchema(tree)
        except etree.XMLSchemaParseError as exc:
            dupes: dict[str, set[str]] = {}
            for error in exc.error_log:
                found = re.search(r"complex type '(\w+)': Duplicate attribute use '(\w+)'", error.message)
                if found is None:
                    raise
                dupes.setdefault(found.group(1), set()).add(found.group(2))
        for ctype in tree.getroot().iter(f"{XS}complexType"):
            names = dupes.get(ctype.get("name"), set())
            for extension in ctype.iter(f"{XS}extension") if names else ():
                for child in list(extension):
                    own = attributes(child)
                    if {a.get("name") for a in own} & names:  # keep the group's other attributes
                        at = extension.index(child)
                        extension.remove(child)
                        for attribute in reversed([a for a in own if a.get("name") not in names]):
                            extension.insert(at, copy.deepcopy(attribute))
    raise AssertionError(f"lxml still rejects {path}")


def test_ribbon_validates_against_microsofts_schema_with_lxml(xlam):
    from lxml import etree

    original = _reference("customUI14.xsd").read_bytes()
    schema = _lxml_schema(_reference("customUI14.xsd"))
    assert schema.validate(etree.fromstring(_ribbon_bytes(xlam))), schema.error_log
    assert not schema.validate(etree.fromstring(_ribbon_bytes(xlam).replace(b'size="large"', b'size="huge"', 1)))
    assert _reference("customUI14.xsd").read_bytes() == original  # the file itself is left as published


def _seven_zip() -> str:
    found = shutil.which("7z")
    if found is None:
        pytest.skip("7-Zip is not installed (apt-get install p7zip-full); .ci/run installs it")
    return found


def test_seven_zip_lists_and_reads_every_stream(xlam, tmp_path):
    """A second compound-file reader, written apart from olefile: 7-Zip lists each stream with
    its size, extracts it, and oletools decodes every module from 7-Zip's bytes."""
    import subprocess

    from oletools.olevba import decompress_stream

    seven = _seven_zip()
    with zipfile.ZipFile(xlam) as zf:
        (tmp_path / "vbaProject.bin").write_bytes(zf.read("xl/vbaProject.bin"))
    listing = subprocess.run([seven, "l", "-slt", str(tmp_path / "vbaProject.bin")], capture_output=True,
                             text=True, check=True).stdout
    entries = re.findall(r"^Path = (.+)\nFolder = -\nSize = (\d+)$", listing, re.M)
    if not entries:  # 7-Zip versions differ in which fields they print between Path and Size
        entries = re.findall(r"^Path = (.+)\n(?:[A-Za-z ]+ = .*\n)*?Size = (\d+)$", listing, re.M)
    listed = {path: int(size) for path, size in entries}
    ole = _project(xlam)
    streams = {"/".join(parts): ole.get_size("/".join(parts)) for parts in ole.listdir()}
    assert listed == streams and len(listed) == 9
    subprocess.run([seven, "x", "-y", f"-o{tmp_path / 'out'}", str(tmp_path / "vbaProject.bin")],
                   capture_output=True, check=True)
    for name in streams:
        assert (tmp_path / "out" / name).read_bytes() == ole.openstream(name).read(), name
    ours = (MACROS / "CongDoan.bas").read_text(encoding="utf-8")
    decoded = bytes(decompress_stream(bytearray((tmp_path / "out" / "VBA" / "CongDoan").read_bytes())))
    assert decoded.decode("cp1252").replace("\r\n", "\n").strip() == ours.strip()


# -- the pre-check before Python starts -----------------------------------------------------------------


def _bas() -> str:
    return (MACROS / "CongDoan.bas").read_text(encoding="utf-8")


def test_every_button_checks_before_it_starts_python():
    code = _bas()
    subs = re.findall(r"^Sub (\w+)\(control As IRibbonControl\)\n(.*?)\nEnd Sub", code, re.M | re.S)
    assert len(subs) == 7
    for name, body in subs:
        call = r'    If Ready\(\) Then RunPython "import xlunion\.addin; xlunion\.addin\.\w+\(\)"'
        assert re.fullmatch(call, body), name
    ready = re.search(r"Private Function Ready\(\) As Boolean\n(.*?)\nEnd Function", code, re.S).group(1)
    # the settings file, the interpreter in it, then xlunion in that interpreter; each refusal its message
    assert re.search(r"If Not FileExists\(conf\) Then\s+Refuse MSG_NO_CONFIG", ready)
    assert re.search(r"ElseIf Not FileExists\(exe\) Then\s+Refuse MSG_NO_PYTHON, exe", ready)
    assert re.search(r"ElseIf Not HasXlunion\(exe, conf\) Then\s+Refuse MSG_NO_XLUNION, exe", ready)
    has = re.search(r"Private Function HasXlunion.*?End Function", code, re.S).group(0)
    assert 'MARKER' in has and 'CreateObject("WScript.Shell").Run(' in has and "PROBE" in has
    assert 'Private Const MARKER As String = "xlunion.installed"' in code
    assert 'Private Const PROBE As String = "import xlunion.addin, xlwings"' in code
    from xlunion.excel.config import MARKER

    assert MARKER == "xlunion.installed"
    code.encode("ascii")  # the project's code page: nothing but ASCII in the source


@pytest.mark.parametrize(("const", "key"), [("MSG_NO_CONFIG", "addin.precheck_no_config"),
                                             ("MSG_NO_PYTHON", "addin.precheck_no_python"),
                                             ("MSG_NO_XLUNION", "addin.precheck_no_xlunion"),
                                             ("FIX_WINDOWS", "addin.fix_windows"), ("FIX_MAC", "addin.fix_mac")])
def test_the_pre_check_speaks_the_catalogues_vietnamese(const, key):
    """Vi() turns \\hhhh into ChrW(&Hhhhh); done the same way here, each text is the catalogue's."""
    from xlunion.messages import _CATALOGUE
    from xlunion.vba.text import unescaped

    literal = re.search(rf'^Private Const {const} As String = "([^"]*)"$', _bas(), re.M).group(1)
    assert unescaped(literal) == _CATALOGUE[key][0]
    assert "--" not in unescaped(literal)  # a command-line option means nothing to an officer in Excel


def test_vi_decodes_like_chrw():
    vi = re.search(r"Private Function Vi\(ByVal s As String\) As String\n(.*?)\nEnd Function", _bas(), re.S)
    assert vi and "ChrW(CLng(\"&H\" & Mid$(s, i + 1, 4)))" in vi.group(1) and "i = i + 5" in vi.group(1)
    from xlunion.vba.text import escaped, unescaped

    assert escaped("Cách sửa: “x”") == "C\\00e1ch s\\1eeda: \\201cx\\201d"
    assert unescaped(escaped("Nguyễn Thị Hồng")) == "Nguyễn Thị Hồng"


# -- failures before the action: no workbook, no xlwings, a package missing --------------------------------

BUTTON_IMPORTS = [("validate", "xlunion.validation"), ("consolidate", "xlunion.consolidation"),
                  ("compare", "xlunion.consolidation"), ("send", "xlunion.mail.outbox"),
                  ("report", "xlunion.io.report_docx"), ("new_template", "xlunion.io.template")]
BUTTONS = [name for name, _module in BUTTON_IMPORTS] + ["help"]


@pytest.mark.parametrize(("button", "module"), BUTTON_IMPORTS)
def test_a_missing_package_is_said_in_vietnamese(demo, office, monkeypatch, button, module):
    monkeypatch.setitem(sys.modules, module, None)  # “import” of it now fails, as in a broken install
    book = FileWorkbook(_copy(demo, "CD0101", office), folder=office)
    assert getattr(addin, button)(book) is None
    (shown,) = book.messages
    assert shown.startswith("Python ") and f"thiếu gói “{module}”" in shown and "cai-dat-xlunion.cmd" in shown


@pytest.mark.parametrize("button", BUTTONS)
def test_no_xlwings_is_said_in_vietnamese(monkeypatch, tmp_path, button):
    shown = FileWorkbook(tmp_path / "none.xlsx")
    monkeypatch.setattr(addin, "no_workbook", lambda: shown)
    monkeypatch.setitem(sys.modules, "xlwings", None)
    assert getattr(addin, button)() is None
    assert len(shown.messages) == 1 and "thiếu gói “xlwings”" in shown.messages[0]


@pytest.mark.parametrize("button", BUTTONS)
def test_book_caller_failing_is_said_in_vietnamese(monkeypatch, tmp_path, button):
    import xlwings

    def refuse():
        raise Exception("Book.caller() must not be called directly. Call through Excel or set a mock caller first")

    shown = FileWorkbook(tmp_path / "none.xlsx")
    monkeypatch.setattr(addin, "no_workbook", lambda: shown)
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(refuse))
    assert getattr(addin, button)() is None
    assert shown.messages == [msg("addin.no_caller", error="Book.caller() must not be called directly. Call "
                                  "through Excel or set a mock caller first")]
    assert shown.messages[0].startswith("Python không tìm thấy tệp Excel")


def test_no_command_line_option_in_any_excel_message():
    """What a button or the pre-check can show: the addin.* catalogue and the mail refusal."""
    from xlunion.messages import _CATALOGUE

    excel = [k for k in _CATALOGUE if k.startswith("addin.") and k not in {"addin.no_xlwings", "addin.no_donor",
                                                                             "addin.built", "addin.built_with_excel"}]
    assert len(excel) > 20
    for key in [*excel, "mail.refused"]:
        for text in _CATALOGUE[key]:
            assert not re.search(r"(^|\s)--?\w", text), key


# -- the buttons, through the file adapter, against the command line ---------------------------------------


@pytest.fixture()
def office(demo, tmp_path):
    """An officer's folder: the registry and the resolutions beside the workbooks."""
    shutil.copy(demo.registry, tmp_path / "registry.csv")
    shutil.copytree(demo.targets, tmp_path / "chi-tieu")
    return tmp_path


def _copy(demo, unit, folder):
    src = demo_child(demo, unit)
    return Path(shutil.copy(src, folder / src.name))


def test_validate_button_matches_the_command_line(demo, office):
    path = _copy(demo, "CD0105", office)
    cli = json.loads(runner.invoke(app, ["validate", "--format", "json", "--registry", str(office / "registry.csv"),
                                         str(path)]).output)
    book = FileWorkbook(path)
    result = addin.validate(book)
    assert [(f.rule, f.cell) for f in result.findings] == [(f["rule"], f["cell"]) for f in cli["files"][0]["findings"]]
    assert book.messages == ["1 lỗi, 0 cảnh báo"] and book.active == "Kiểm tra"
    assert "Kiểm tra" in openpyxl.load_workbook(path).sheetnames


def test_consolidate_button_matches_the_command_line(defn, demo, office):
    """The open workbook is the union's own: its own activities and targets stay, and count."""
    registry = load_registry(office / "registry.csv")
    filling = blank_filling(defn, registry["CT03"], registry["T00"])
    filling.own[("LOP_TH", "N2025")] = 3
    filling.meta["officer"] = "Lương Văn Nam"
    parent = write_workbook(defn, office / "CT03.xlsx", filling)
    inbox = demo.registry.parent / "inbox" / "CT03"
    cli = runner.invoke(app, ["consolidate", str(inbox), "--registry", str(office / "registry.csv"), "--unit", "CT03",
                              "--own", str(parent), "-o", str(office / "cli.xlsx")])
    assert cli.exit_code == 0, cli.output
    book = FileWorkbook(parent, folder=inbox)
    addin.consolidate(book)
    assert sheet_values(parent) == sheet_values(office / "cli.xlsx")
    assert book.active == STATUS_SHEET and "Đã tổng hợp 10 báo cáo" in book.messages[0]
    sub = read_submission(parent, defn)
    assert sub.own[("LOP_TH", "N2025")] == 3 and sub.meta["officer"] == "Lương Văn Nam"
    runner.invoke(app, ["consolidate", str(inbox), "--registry", str(office / "registry.csv"), "--unit", "CT03",
                        "-o", str(office / "children-only.xlsx")])
    children = read_submission(office / "children-only.xlsx", defn).values["LOP_TH", "N2025"]
    assert sub.values["LOP_TH", "N2025"] == children + 3  # the union's own three classes, added


def test_compare_button_matches_the_command_line(demo, office):
    path = _copy(demo, "CD0101", office)
    runner.invoke(app, ["compare", str(path), "-o", str(office / "cli.xlsx"), "--registry",
                        str(office / "registry.csv"), "--targets", str(office / "chi-tieu")])
    book = FileWorkbook(path)
    addin.compare(book)
    assert sheet_values(path)[COMPARE_SHEET] == sheet_values(office / "cli.xlsx")[COMPARE_SHEET]
    assert book.active == COMPARE_SHEET


def test_send_button_prepares_the_mail(demo, office, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no mail.toml: the parent's address comes from the registry
    book = FileWorkbook(_copy(demo, "CD0101", office))
    draft = addin.send(book)
    assert draft.parent.name == "thu-gui" and draft.name.startswith("SKGNK_2025_CD0101_")
    assert "ct01@congdoan-songhong.vn" in draft.read_text(errors="replace")
    refused = FileWorkbook(_copy(demo, "CD0105", office))
    assert addin.send(refused) is None and "chưa gửi" in refused.messages[0]
    assert "--force" not in refused.messages[0]  # a command-line option means nothing in Excel


def test_template_and_help_buttons(demo, office):
    book = FileWorkbook(_copy(demo, "CD0201", office))
    target = addin.new_template(book)
    from xlunion.io.read import read_raw

    assert read_raw(target).meta()["unit_code"] == "CD0201" and read_raw(target).meta()["parent_code"] == "CT02"
    assert "Ô màu vàng" in addin.help(book)


def test_draft_report_button_writes_the_traced_draft_beside_the_workbook(demo, office):
    from xlunion.io.report_docx import traced

    book = FileWorkbook(_copy(demo, "CD0101", office))
    draft = addin.report(book)
    assert draft.parent == book.path.parent and draft.name.endswith("_bao-cao.docx")
    figures = traced(draft)
    assert len(figures) > 40 and "Đã soạn dự thảo báo cáo" in book.messages[0]
    # the school is judged against the targets its federation assigned it, found in chi-tieu/ beside it
    assert any(tag.startswith("xl|table|") for tag, _text, _p in figures)


def test_failures_become_a_message_not_a_traceback(office, monkeypatch):
    book = FileWorkbook(office / "missing.xlsx")
    assert addin.validate(book) is None and book.messages[0].startswith("Không thực hiện được")

    def boom(*_a, **_k):
        raise ZeroDivisionError

    monkeypatch.setattr("xlunion.validation.validate_files", boom)
    book = FileWorkbook(office / "missing.xlsx")
    addin.validate(book)
    assert "lỗi không mong đợi (ZeroDivisionError)" in book.messages[0]


def test_install_doctor_uninstall(xlam, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = tmp_path / "XLSTART"
    result = runner.invoke(app, ["addin", "install", "--file", str(xlam), "--dir", str(folder)])
    assert result.exit_code == 0 and (folder / "xlunion.xlam").read_bytes() == xlam.read_bytes()
    result = runner.invoke(app, ["addin", "doctor", "--dir", str(folder)])
    assert "Phần bổ trợ (add-in) đã cài" in result.output and "Python dùng cho phần bổ trợ" in result.output
    assert "không chạy Excel" in result.output and result.exit_code == 1  # Linux: no Excel here
    result = runner.invoke(app, ["addin", "uninstall", "--dir", str(folder)])
    assert "Đã gỡ" in result.output and not (folder / "xlunion.xlam").exists()
    result = runner.invoke(app, ["addin", "doctor", "--dir", str(folder)])
    assert "Chạy “xlunion addin install”" in result.output
