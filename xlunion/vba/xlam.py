"""``xlunion.xlam``: the add-in package, built from ``macros/`` without Excel.

The VBA project holds our ribbon callbacks (``macros/CongDoan.bas``), xlwings'
open-source RunPython module for custom add-ins (BSD licence, taken from the
installed xlwings package) and the document modules and type-library reference
of xlwings' own ribbon add-in template (the donor). The package is an .xlsm
written by xlsxwriter, turned into an add-in: the add-in content type and the
ribbon part (``customUI/customUI14.xml``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import XlunionError
from ..resources import resource_dir
from .compression import decompress
from .project import DOCUMENT, STANDARD, Module, vba_project

PROJECT = "xlunion"
MACROS = resource_dir("macros")
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
ADDIN_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class Donor:
    references: bytes
    """The dir stream's reference records for the Office type library (IRibbonControl)."""
    sources: dict[str, str]
    docstrings: dict[str, str]
    xlwings_module: str


def xlwings_dir() -> Path:
    try:
        import xlwings
    except ImportError as exc:
        raise XlunionError(None, "addin.no_xlwings") from exc
    return Path(xlwings.__file__).parent


def _records(data: bytes):
    """(id, raw bytes) of each dir-stream record (PROJECTVERSION has an odd layout)."""
    pos = 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        length = 12 if rid == 0x0009 else 6 + size
        yield rid, data[pos:pos + length]
        pos += length


def load_donor() -> Donor:
    import olefile

    folder = xlwings_dir()
    template, module = folder / "quickstart_addin_ribbon.xlam", folder / "xlwings_custom_addin.bas"
    if not template.exists() or not module.exists():
        raise XlunionError(folder, "addin.no_donor")
    with zipfile.ZipFile(template) as zf:
        ole = olefile.OleFileIO(io.BytesIO(zf.read("xl/vbaProject.bin")))
    records = list(_records(decompress(ole.openstream("VBA/dir").read())))
    references, keep, offsets, names, docs, name = b"", False, {}, [], {}, ""
    for rid, raw in records:
        if rid == 0x0016:  # REFERENCENAME starts a reference: keep the Office library's
            keep = raw[6:].decode("cp1252") == "Office"
        if rid == 0x000F:
            keep = False
        if keep:
            references += raw
        if rid == 0x0019:
            name = raw[6:].decode("cp1252")
            names.append(name)
        if rid == 0x001C:
            docs[name] = raw[6:].decode("cp1252")
        if rid == 0x0031:
            offsets[name] = struct.unpack("<I", raw[6:10])[0]
    if not references:
        raise XlunionError(template, "addin.no_donor")
    sources = {n: decompress(ole.openstream(f"VBA/{n}").read()[offsets[n]:]).decode("cp1252") for n in names}
    text = module.read_text(encoding="cp1252")
    text = re.sub(r'(Public Const PROJECT_NAME As String = )"[^"]*"', rf'\1"{PROJECT}"', text)
    return Donor(references, sources, docs, text)


def modules(donor: Donor, macros: Path = MACROS) -> list[Module]:
    sheet = next(n for n in donor.sources if n.startswith("Sheet"))
    ours = sorted(macros.glob("*.bas"))
    return [
        Module("ThisWorkbook", donor.sources["ThisWorkbook"], DOCUMENT,
               project_line="Document=ThisWorkbook/&H00000000"),
        Module("Sheet1", donor.sources[sheet].replace(f'"{sheet}"', '"Sheet1"'), DOCUMENT,
               project_line="Document=Sheet1/&H00000000"),
        Module("Dictionary", donor.sources["Dictionary"], DOCUMENT, donor.docstrings.get("Dictionary", ""),
               project_line="Class=Dictionary"),
        Module("xlwings", donor.xlwings_module, STANDARD, project_line="Module=xlwings"),
        *(Module(_vb_name(p), p.read_text(encoding="utf-8"), STANDARD, project_line=f"Module={_vb_name(p)}")
          for p in ours),
    ]


def _vb_name(path: Path) -> str:
    match = re.search(r'Attribute VB_Name = "([^"]+)"', path.read_text(encoding="utf-8"))
    return match.group(1) if match else path.stem


def build_xlam(output: str | Path, macros: Path = MACROS) -> Path:
    """Write ``xlunion.xlam`` from ``macros/``; the same sources give the same bytes."""
    import xlsxwriter

    from ..io.atomic import atomic_path

    donor = load_donor()
    project = vba_project(PROJECT, modules(donor, macros), donor.references)
    ribbon = (macros / "customUI14.xml").read_bytes()
    staging = io.BytesIO()
    book = xlsxwriter.Workbook(staging, {"in_memory": True})
    book.set_properties({"title": "xlunion — Công đoàn", "author": "xlunion", "created": dt.datetime(2026, 1, 1)})
    book.set_vba_name("ThisWorkbook")
    sheet = book.add_worksheet("xlunion")
    sheet.set_vba_name("Sheet1")
    sheet.write(0, 0, "Phần bổ trợ xlunion: thẻ Công đoàn trên dải băng (ribbon) của Excel.")
    book.add_vba_project(io.BytesIO(project), is_stream=True)
    book.close()
    with atomic_path(output) as tmp:
        tmp.write_bytes(_as_addin(staging.getvalue(), ribbon))
    return Path(output)


def _as_addin(xlsm: bytes, ribbon: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsm)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = re.sub(rb'ContentType="application/vnd\.ms-excel\.sheet\.macroEnabled\.main\+xml"',
                              f'ContentType="{ADDIN_TYPE}"'.encode(), data)
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return with_ribbon(out.getvalue(), ribbon)


def with_ribbon(package: bytes, ribbon: bytes) -> bytes:
    """``package`` with ``ribbon`` as its only ribbon part (any other customUI part dropped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("customUI/"):
                continue
            data = src.read(info.filename)
            if info.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*ui/extensibility[^>]*/>", b"", data)
                rel = f'<Relationship Id="rIdXlunionRibbon" Type="{RIBBON_REL}" Target="customUI/customUI14.xml"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        dst.writestr(zipfile.ZipInfo("customUI/customUI14.xml", ZIP_TIME), ribbon, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def decoded_modules(xlam: Path) -> dict[str, str]:
    """Each VBA module's source as oletools decodes it, line ends and trailing blanks evened out
    (Excel stores CRLF and may add a blank line; what a module says is the comparison)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlam))
    try:
        return {Path(stream).name: "\n".join(line.rstrip() for line in code.splitlines()).strip()
                for _f, stream, _n, code in parser.extract_macros()}
    finally:
        parser.close()
