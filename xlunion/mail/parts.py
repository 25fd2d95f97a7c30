"""Every file a message carries, wherever in its MIME tree the sender's program put it.

``Message.iter_attachments`` sees only the top level and only parts with a file name: a forwarded
mail (message/rfc822 holding the workbook), a gateway's nested multiparts, the structure Apple Mail
and iPhones write (the file inside multipart/alternative or related), a single-part message whose
body is the file, and an attachment without a name were all lost. This walks the whole tree.
"""

from __future__ import annotations

from email.message import Message

from .names import readable

MAX_DEPTH = 20
"""Parts nested deeper than any mail program writes: a crafted message, not a report."""

SPREADSHEET_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
    "application/zip": ".zip",
    "application/x-zip-compressed": ".zip",
    "application/ms-tnef": ".dat",
    "application/vnd.ms-tnef": ".dat",
}
BROKEN = {"StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect", "MultipartInvariantViolationDefect",
          "NoBoundaryInMultipartDefect", "MissingHeaderBodySeparatorDefect", "InvalidBase64PaddingDefect",
          "InvalidBase64CharactersDefect", "InvalidBase64LengthDefect"}
"""Defects that may have cost a file: reported when no file could be found."""


def files_in(message: Message) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(name, bytes) of every file in ``message``, in order, and the names of the structural defects
    the parser met. A file without a name gets one (``tep-dinh-kem-2.xlsx``)."""
    files: list[tuple[str, bytes]] = []
    defects: list[str] = []
    _walk(message, files, defects, 0)
    return files, defects


def _walk(part: Message, files: list, defects: list, depth: int) -> None:
    defects += [type(d).__name__ for d in part.defects if type(d).__name__ in BROKEN]
    if depth > MAX_DEPTH:
        defects.append("TooDeep")
        return
    if part.is_multipart():  # multipart/* and message/rfc822 (a forwarded mail) alike
        for inner in part.get_payload():
            if isinstance(inner, Message):
                _walk(inner, files, defects, depth + 1)
        return
    name = _name(part)
    if name is None and not _is_file(part):
        return
    data = part.get_payload(decode=True) or b""
    files.append((name or _generated(part, data, len(files) + 1), data))


def _name(part: Message) -> str | None:
    """The Content-Disposition filename, else Content-Type's name (RFC 2231 and encoded words
    decoded by the parser); None when there is none."""
    try:
        name = part.get_filename()
    except (ValueError, LookupError, TypeError):  # a malformed parameter the parser cannot decode
        name = part.get_param("name", header="content-type")
        name = name if isinstance(name, str) else None
    return readable(str(name)) if name and str(name).strip() else None


def _is_file(part: Message) -> bool:
    """A part with no name is a file unless it is the text of the message."""
    if part.get_content_disposition() == "attachment":
        return True
    return part.get_content_maintype() not in ("text", "multipart", "message")


def _generated(part: Message, data: bytes, number: int) -> str:
    ext = SPREADSHEET_TYPES.get(part.get_content_type()) or _sniffed(data)
    return "winmail.dat" if ext == ".dat" else f"tep-dinh-kem-{number}{ext}"


def _sniffed(data: bytes) -> str:
    """An extension from the bytes: what a workbook, a zip or TNEF starts with."""
    if data.startswith(b"PK\x03\x04"):
        if b"xl/workbook.xml" in data:
            return ".xlsm" if b"vbaProject.bin" in data else ".xlsx"
        return ".zip"
    if data.startswith(b"\x78\x9f\x3e\x22"):
        return ".dat"
    return ".bin"
