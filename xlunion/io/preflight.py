"""Preflight: look at a file's raw bytes before any parser does.

Workbooks arrive by email from hundreds of units; a few are broken and a few
may be hostile. The parsers xlunion relies on trust what a file declares:
python-calamine reserves memory for the cell box and the shared-string count a
file announces (one cell at XFD1048576, or ``uniqueCount="4000000000"``, aborts
the whole process), and a zip can inflate a thousandfold. So every file first
passes this check, which reads the zip directory and streams only the parts a
parser will read, within fixed budgets, and refuses with the reason:

- what the file really is (an OLE container is an ``.xls`` or an encrypted
  workbook; a zip may be an ``.ods`` or ``.xlsb``; text may be CSV or HTML);
- zip limits: number of parts, duplicated names, declared and actual inflated
  size, compression ratio, storage methods;
- XML: no DTD or entity declarations in any part that is parsed (the XML that
  xlunion parses itself goes through defusedxml);
- the sheets that will be read: real cell addresses, a bounded cell box, and a
  shared-string count that fits the part announcing it.

What is allowed but worth telling the officer (macros, external links, hidden
sheets, the 1904 date system) comes back as flags, which become warnings.
The scan also returns what it saw on the way (error cells, merged ranges), so
the reader never inflates a sheet twice.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import WorkbookError
from ..messages import Phrase

MB = 1 << 20
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError,
              KeyError)
"""What zipfile raises on a damaged archive (NotImplementedError: "zip file version 6.5", found by fuzzing)."""


@dataclass(frozen=True)
class Budget:
    """Limits far above any real report workbook, far below what hurts a machine."""

    file_bytes: int = 64 * MB
    entries: int = 4096
    directory: int = 1 * MB
    """The zip's central directory, which zipfile reads whole before anything can be counted (a real
    workbook's takes some 100 bytes a part)."""
    inflated: int = 512 * MB
    """Declared size of all parts together."""
    part: int = 64 * MB
    """Any one part a parser reads (a national parent's hidden sheet is a few MB)."""
    ratio: int = 200
    """Inflated / compressed, for parts above 1 MB (report XML compresses 5–30×)."""
    rows: int = 200_000
    """For the sheets named large (the hidden sheet: a national parent's provenance has a row per
    grassroots file, some 130,000)."""
    report_rows: int = 10_000
    """For every other sheet read: a report sheet has a few hundred rows."""
    cols: int = 1024
    cells: int = 4_000_000
    """Rows × columns of the box a sheet's cells span: the parser allocates that box."""
    strings: int = 5_000_000


BUDGET = Budget()
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's own sheet limits

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
NS_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
"""Strict Open XML: python-calamine reads it, openpyxl (--annotate, --stamp) finds no sheet in it."""


@dataclass
class SheetScan:
    part: str
    errors: dict[str, str] = field(default_factory=dict)
    """Cell → Excel error value (calamine reads those cells as '')."""
    merged: list[str] = field(default_factory=list)
    """Merged ranges, "C12:E12"."""
    rows: int = 0
    cols: int = 0


@dataclass
class Preflight:
    """A file that passed, with what it holds worth a warning."""

    sheets: dict[str, str] = field(default_factory=dict)
    """Sheet name → zip part, in workbook order."""
    states: dict[str, str] = field(default_factory=dict)
    """Sheet name → "hidden" / "veryHidden" for sheets not shown."""
    scans: dict[str, SheetScan] = field(default_factory=dict)
    date1904: bool = False
    macros: bool = False
    external_links: int = 0


def preflight(path: str | Path, data: bytes, read: set[str] | None = None, budget: Budget = BUDGET,
              large: frozenset[str] = frozenset()) -> Preflight:
    """Check ``data`` (the bytes of ``path``) and scan the sheets named in ``read`` (all if None);
    sheets in ``large`` may have up to ``budget.rows`` rows, others ``budget.report_rows``.

    Raises :class:`WorkbookError` naming the reason; returns what was seen otherwise.
    """
    path = Path(path)
    if len(data) > budget.file_bytes:
        raise WorkbookError(path, "wb.too_big", size=len(data) // MB, limit=budget.file_bytes // MB)
    _magic(path, data)
    _end_record(path, data, budget)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise WorkbookError(path, "wb.truncated") from exc
    with zf:
        infos = _directory(path, zf, budget)
        _kind(path, infos)
        heads = _prologs(path, zf, infos, budget)
        _main_part(path, zf, infos, budget)
        found = Preflight()
        _workbook(path, zf, infos, found, budget)
        if "xl/sharedStrings.xml" in heads:
            _shared_strings(path, infos["xl/sharedStrings.xml"], heads["xl/sharedStrings.xml"], budget)
        found.macros = "xl/vbaProject.bin" in infos or b"macroEnabled" in heads["[Content_Types].xml"]
        found.external_links = sum(n.startswith("xl/externalLinks/externalLink") for n in infos)
        _scan(path, zf, infos, found, found.sheets if read is None else read, budget, large)
    return found


def scan_sheets(path: str | Path, data: bytes, found: Preflight, names, budget: Budget = BUDGET,
                large: frozenset[str] = frozenset()) -> None:
    """Scan more sheets of a file that passed (those its cell map turned out to need)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise WorkbookError(path, "wb.truncated") from exc
    with zf:
        _scan(Path(path), zf, {i.filename: i for i in zf.infolist()}, found, names, budget, large)


def _scan(path: Path, zf, infos, found: Preflight, names, budget: Budget, large: frozenset[str]) -> None:
    for name in names:
        part = found.sheets.get(name)
        if part is None or name in found.scans:
            continue
        if part not in infos:
            raise WorkbookError(path, "wb.missing_part", part=part)
        rows = budget.rows if name in large else budget.report_rows
        found.scans[name] = _scan_sheet(path, zf, infos[part], name, replace(budget, rows=rows))


def _magic(path: Path, data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: legacy .xls, or an encrypted .xlsx
        key = "wb.encrypted" if "EncryptionInfo".encode("utf-16-le") in data[:1 << 20] else "wb.xls"
        raise WorkbookError(path, key)
    if data.startswith(b"PK"):
        return
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise WorkbookError(path, "wb.html")
    try:
        head.decode("utf-8")
        is_text = bool(head) and b"\x00" not in head
    except UnicodeDecodeError:
        is_text = False
    raise WorkbookError(path, "wb.csv" if is_text and (b"," in head or b";" in head) else "wb.not_workbook")


_EOCD = struct.Struct("<4s4H2LH")  # signature, disks, parts here, parts, directory size, its offset, comment
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # ..., parts here, parts, directory size, its offset


def _end_record(path: Path, data: bytes, budget: Budget) -> None:
    """Refuse a zip whose end record announces more parts, or a larger directory, than the budget.

    zipfile reads and parses the whole central directory before its parts can be counted (700,000
    tiny parts: seconds and half a GB), so the end record is read here first, found as zipfile finds
    it, with the ZIP64 record zipfile prefers when one precedes it.
    """
    tail = len(data) - _EOCD.size
    at = tail if data.startswith(b"PK\x05\x06", tail) and data.endswith(b"\0\0") else \
        data.rfind(b"PK\x05\x06", max(tail - 0xFFFF, 0))
    if at < 0 or at > tail:
        return  # no end record: zipfile says the file is damaged
    *_head, parts, size, _offset, _comment = _EOCD.unpack_from(data, at)
    locator = at - _EOCD64_LOCATOR.size
    record = locator - _EOCD64.size
    if record >= 0 and data.startswith(b"PK\x06\x07", locator) and data.startswith(b"PK\x06\x06", record):
        *_head, parts, size, _offset = _EOCD64.unpack_from(data, record)
    if parts > budget.entries:
        raise WorkbookError(path, "wb.zip_limits", what=Phrase("wb.parts", {"count": parts}))
    if size > budget.directory:
        raise WorkbookError(path, "wb.zip_limits", what=Phrase("wb.directory", {"size": size // 1024}))


def _directory(path: Path, zf: zipfile.ZipFile, budget: Budget) -> dict[str, zipfile.ZipInfo]:
    """The zip directory within limits, by part name."""
    infos = zf.infolist()
    if len(infos) > budget.entries:
        raise WorkbookError(path, "wb.zip_limits", what=Phrase("wb.parts", {"count": len(infos)}))
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.filename in by_name:
            raise WorkbookError(path, "wb.zip_duplicate", part=info.filename)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookError(path, "wb.not_workbook")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > budget.inflated or (info.file_size > MB and ratio > budget.ratio):
            raise WorkbookError(path, "wb.zip_bomb", part=info.filename, size=info.file_size // MB)
        by_name[info.filename] = info
    return by_name


def _kind(path: Path, infos: dict[str, zipfile.ZipInfo]) -> None:
    if "mimetype" in infos and "content.xml" in infos:
        raise WorkbookError(path, "wb.ods")
    if "xl/workbook.bin" in infos:
        raise WorkbookError(path, "wb.xlsb")
    if "xl/workbook.xml" not in infos:
        raise WorkbookError(path, "wb.not_workbook")
    for part in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
        if part not in infos:
            raise WorkbookError(path, "wb.missing_part", part=part)


def _main_part(path: Path, zf, infos, budget: Budget) -> None:
    """The package's own pointer to its workbook names the part this scan reads: openpyxl follows the
    pointer, so a package pointing elsewhere would be read as one workbook and marked as another."""
    if "_rels/.rels" not in infos:
        return
    rels = _parse_xml(path, "_rels/.rels", _read_part(path, zf, infos["_rels/.rels"], budget))
    for rel in rels.iter(f"{NS_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            target = rel.get("Target", "").lstrip("/")
            if target != "xl/workbook.xml":
                raise WorkbookError(path, "wb.other_main_part", part=target[:80])


def _read_part(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    if info.file_size > budget.part:
        raise WorkbookError(path, "wb.part_too_big", part=info.filename, size=info.file_size // MB)
    try:
        with zf.open(info) as stream:
            data = stream.read(budget.part + 1)
    except ZIP_ERRORS as exc:
        raise WorkbookError(path, "wb.truncated") from exc
    if len(data) > budget.part:  # zipfile stops at the declared size; belt and braces
        raise WorkbookError(path, "wb.part_too_big", part=info.filename, size=len(data) // MB)
    return data


def _parse_xml(path: Path, part: str, data: bytes):
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise WorkbookError(path, "wb.dtd", part=part) from exc
    except (ParseError, ValueError, LookupError) as exc:  # LookupError: an unknown encoding declared
        raise WorkbookError(path, "wb.bad_xml", part=part, reason=str(exc)[:100]) from exc


def _workbook(path: Path, zf, infos, found: Preflight, budget: Budget) -> None:
    """Sheet names, states and parts, and the date system, from workbook.xml and its rels."""
    book = _parse_xml(path, "xl/workbook.xml", _read_part(path, zf, infos["xl/workbook.xml"], budget))
    if book.tag.startswith(NS_STRICT):
        raise WorkbookError(path, "wb.strict")
    rels_part = "xl/_rels/workbook.xml.rels"
    rels = _parse_xml(path, rels_part, _read_part(path, zf, infos[rels_part], budget))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{NS_PKG_REL}Relationship")}
    pr = book.find(f"{NS_MAIN}workbookPr")
    found.date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    seen: set[str] = set()
    for sheet in book.iter(f"{NS_MAIN}sheet"):
        name, target = sheet.get("name", ""), targets.get(sheet.get(f"{NS_REL}id"), "")
        if name.casefold() in seen:  # calamine reads the first of a name, this scan the last: refuse, as Excel does
            raise WorkbookError(path, "wb.duplicate_sheet", sheet=name)
        seen.add(name.casefold())
        found.sheets[name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if sheet.get("state", "visible") != "visible":
            found.states[name] = sheet.get("state", "")


_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_NOT_CONTENT = re.compile(rb"<!--.*?(?:-->|$)|<\?.*?(?:\?>|$)", re.S)  # comments and PIs, even unclosed
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DECLARED = re.compile(rb"""<\?xml[^>]*?\bencoding\s*=\s*["']([^"']{1,40})["']""")
HEAD = 1 << 16
READ_FIRST = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
              "xl/sharedStrings.xml")
"""Parts read before any sheet: by this preflight, and by python-calamine when it opens a workbook."""


def _prologs(path: Path, zf, infos: dict[str, zipfile.ZipInfo], budget: Budget) -> dict[str, bytes]:
    """Check the head of every part, since openpyxl (which writes marks back) parses parts that
    python-calamine never reads: docProps, themes, drawings. Returns the heads of ``READ_FIRST``."""
    heads = {}
    for name, info in infos.items():
        if name not in READ_FIRST:
            if name.lower().endswith((".xml", ".rels")):  # not media: an SVG logo may carry a harmless DOCTYPE
                _no_dtd(path, info, _head(path, zf, info, HEAD), HEAD)
        elif info.file_size > budget.part:
            raise WorkbookError(path, "wb.part_too_big", part=name, size=info.file_size // MB)
        else:
            heads[name] = _utf8(path, info, _no_dtd(path, info, _head(path, zf, info, HEAD), HEAD))
    return heads


def _head(path: Path, zf, info: zipfile.ZipInfo, size: int) -> bytes:
    try:
        with zf.open(info) as stream:
            return stream.read(size)
    except ZIP_ERRORS as exc:
        raise WorkbookError(path, "wb.truncated") from exc


def _encoding(head: bytes) -> str:
    """The encoding a part declares or starts in; "UTF-8" for UTF-8 and ASCII."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in head[:4]:
        return "UTF-16"
    declared = _DECLARED.match(head.removeprefix(b"\xef\xbb\xbf"))
    name = declared.group(1).decode("latin-1") if declared else "UTF-8"
    return "UTF-8" if name.lower() in ("utf-8", "utf8", "us-ascii", "ascii") else name


def _no_dtd(path: Path, info: zipfile.ZipInfo, head: bytes, read: int) -> bytes:
    """Refuse a part whose head (``read`` bytes asked for) declares a DTD, which must precede the root.

    The markup is ASCII in UTF-8, ASCII between NULs in UTF-16; in any other encoding a DTD may not
    be seen here (UTF-7 writes “<” as “+ADw-”), and no spreadsheet program writes one, so the part is
    refused. So is a head of XML that ends before its root begins: a DTD could follow.
    """
    encoding = _encoding(head)
    text = head.replace(b"\0", b"") if encoding == "UTF-16" else head
    if encoding not in ("UTF-8", "UTF-16"):
        raise WorkbookError(path, "wb.encoding", part=info.filename, encoding=encoding[:20])
    if _DTD.search(text):
        raise WorkbookError(path, "wb.dtd", part=info.filename)
    xml = text.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    if xml and len(head) >= read and not _ELEMENT.search(_NOT_CONTENT.sub(b"", text)):
        raise WorkbookError(path, "wb.dtd", part=info.filename)
    return head


def _utf8(path: Path, info: zipfile.ZipInfo, head: bytes) -> bytes:
    """python-calamine reads its parts as UTF-8, as every spreadsheet program writes them: in UTF-16
    it finds no cells (a hidden sheet read as empty) or no workbook at all."""
    encoding = _encoding(head)
    if encoding != "UTF-8":
        raise WorkbookError(path, "wb.encoding", part=info.filename, encoding=encoding[:20])
    return head


_COUNT = re.compile(rb'\b(count|uniqueCount)="(\d+)"')


def _shared_strings(path: Path, info: zipfile.ZipInfo, head: bytes, budget: Budget) -> None:
    """A parser reserves what the part announces; it must fit the part (an <si/> is ≥ 5 bytes)."""
    root = head[:head.find(b">", head.find(b"<sst")) + 1] if b"<sst" in head else b""
    fits = {b"uniqueCount": min(budget.strings, info.file_size // 5 + 1), b"count": 1 << 31}
    for attr, number in _COUNT.findall(root):
        if int(number) > fits[attr]:
            raise WorkbookError(path, "wb.strings_count", count=int(number), part=info.filename)


_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
# Cell addresses as a parser reads them: letters in either case, then digits, either possibly
# missing or absurd (fuzzing found r="NNNSSS…blank" making python-calamine reserve 43 TB).
_ANY_REF = re.compile(rb'<c\b[^>]*?\br="([A-Za-z]*)(\d*)')


@functools.lru_cache
def _odd_first(rows: int) -> re.Pattern:
    """In one pass over cells written ``<c r="B12"``, as every spreadsheet program writes them,
    only the odd addresses: two or more letters, a row of ``rows`` or more, anything else."""
    digits = str(rows)
    lead, k = int(digits[0]), len(digits) - 1
    deep = rb"[A-Za-z]?(?:\d{%d,}|[%d-9]\d{%d})\"" % (k + 2, lead, k)
    return re.compile(rb'<c r="(?=[A-Za-z]{2}|[A-Za-z]*+\d*+[^"]|' + deep + rb')([A-Za-z]*)(\d*)([^"]?)')


_CELLS = (b"<c ", b"<c>", b"<c\t", b"<c\n", b"<c\r")
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="([^"]*)"')
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?t="e"[^>]*>.*?<v>([^<]*)</v>', re.S)
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _scan_sheet(path: Path, zf, info: zipfile.ZipInfo, sheet: str, budget: Budget) -> SheetScan:
    """Stream a sheet part, stopping as soon as its rows pass the budget, then check every cell.

    Two passes because the row tags are cheap to follow and the cell addresses are not: a sheet
    padded with a million rows is refused after inflating just past the budget, without parsing
    200,000 cell addresses first (issue 8: under 50 ms a file). The second pass is bounded by
    ``budget.part`` like the first.
    """
    if info.file_size > budget.part:
        raise WorkbookError(path, "wb.part_too_big", part=info.filename, size=info.file_size // MB)
    scan = SheetScan(part=info.filename)
    chunks, carry, seen_rows = [], b"", 0

    def rows(window: bytes) -> None:
        nonlocal seen_rows
        seen_rows += window.count(b"<row")
        last = window.rfind(b"<row ")
        match = _ROW.match(window, last) if last >= 0 else None
        _span(path, sheet, scan, max(int(match.group(1)) if match else 1, seen_rows), 1, budget)

    try:
        with zf.open(info) as stream:
            while chunk := stream.read(1 << 20):
                if not chunks:  # the head: no DTD; a dimension within the budget
                    _dimension(path, sheet, scan, _utf8(path, info, _no_dtd(path, info, chunk, 1 << 20)), budget)
                chunks.append(chunk)
                data = carry + chunk
                cut = data.rfind(b"<")  # windows end before a tag: each tag is whole in one window
                window, carry = (data[:cut], data[cut:]) if cut > 0 else (b"", data)
                if window:
                    rows(window)
            if carry:
                rows(carry)
    except ZIP_ERRORS as exc:
        raise WorkbookError(path, "wb.truncated") from exc
    xml = b"".join(chunks)
    deep, wide = _extent(xml, budget.rows)
    _span(path, sheet, scan, max(deep, scan.rows), wide, budget)
    if b't="e"' in xml:
        scan.errors = {m.group(1).decode(): m.group(2).decode() for m in _ERROR_CELL.finditer(xml)}
    scan.merged = [m.group(1).decode() for m in _MERGE.finditer(xml)]
    return scan


def _dimension(path: Path, sheet: str, scan: SheetScan, head: bytes, budget: Budget) -> None:
    dim = _DIMENSION.search(head, 0, 1 << 16)
    if dim:
        for ref in dim.group(1).split(b":"):
            _span(path, sheet, scan, *_ref(path, sheet, ref), budget)


def _extent(window: bytes, rows: int) -> tuple[int, int]:
    """(deepest row, widest column) the cells in ``window`` address, as far as it matters
    against a budget of ``rows``: (0, 1) when all are within it and columns A–Z.

    Fast when every cell starts ``<c r="…"``, as spreadsheet programs write them; otherwise
    every address is parsed, and a cell without one (placed after the previous) counts as
    far right as the widest addressed cell plus the most cells any row holds.
    """
    start = window.find(b"<sheetData")  # before it <col>, after it <cfRule> …: not cells
    if start >= 0:
        window = window[start:]
    end = window.find(b"</sheetData>")
    if end >= 0:
        window = window[:end]
    tags, addressed = window.count(b"<c"), window.count(b'<c r="')
    if tags != addressed:  # other elements start "<c": <col>, <cfRule>, <customSheetView>, <cellWatch> …
        tags -= sum(window.count(other) for other in (b"<co", b"<cf", b"<cu", b"<ce"))
    if tags == addressed:
        deep, wide = 0, 1
        for letters, digits, junk in _odd_first(rows).findall(window):
            deep = max(deep, int(digits) if digits else 0)
            wide = max(wide, MAX_COL + 1 if junk else _col(letters))
        return deep, wide
    refs = _ANY_REF.findall(window)
    deep = max((int(digits) for _letters, digits in refs if digits), default=0)
    wide = max((_col(letters) for letters, _digits in refs), default=1)
    if len(refs) < sum(window.count(tag) for tag in _CELLS):  # a cell placed after the one before it
        wide += max(sum(row.count(tag) for tag in _CELLS) for row in window.split(b"<row"))
    return deep, wide


def _ref(path: Path, sheet: str, ref: bytes) -> tuple[int, int]:
    m = re.fullmatch(rb"\$?([A-Z]{1,3})\$?(\d{1,7})", ref.strip().upper())
    if not m:
        raise WorkbookError(path, "wb.bad_address", sheet=sheet, cell=ref.decode("latin-1")[:20])
    return int(m.group(2)), _col(m.group(1))


def _col(letters: bytes) -> int:
    """Column number of the letters; anything else in an address makes it unreal (beyond XFD)."""
    n = 0
    for ch in letters.upper():
        if not 65 <= ch <= 90:
            return MAX_COL + 1
        n = n * 26 + ch - 64
        if n > MAX_COL:
            return n
    return max(n, 1)


def _span(path: Path, sheet: str, scan: SheetScan, row: int, col: int, budget: Budget) -> None:
    if not (0 < row <= MAX_ROW and 0 < col <= MAX_COL):
        raise WorkbookError(path, "wb.bad_address", sheet=sheet, cell=f"R{row}C{col}")
    scan.rows, scan.cols = max(scan.rows, row), max(scan.cols, col)
    if scan.rows > budget.rows or scan.cols > budget.cols or scan.rows * scan.cols > budget.cells:
        raise WorkbookError(path, "wb.sheet_too_big", sheet=sheet, rows=scan.rows, cols=scan.cols,
                            max_rows=budget.rows, max_cols=budget.cols)
