"""A VBA project per [MS-OVBA], written from module sources, with no compiled p-code.

``_VBA_PROJECT`` carries version 0xFFFF and every module's source starts at offset 0,
with no PerformanceCache: Office then ignores cached p-code and compiles the source
when it loads the add-in ([MS-OVBA] 2.3.4.1). xlwings' own add-in templates ship a
module written exactly so. What must match Office's own files — the reference to the
Office type library that declares ``IRibbonControl``, and the document modules — is
taken from such a template (a “donor”) in the installed xlwings package.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from dataclasses import dataclass

from .cfb import Node, write_cfb
from .compression import compress

CODEPAGE = 1252
STANDARD, DOCUMENT = 0x21, 0x22  # MODULETYPE: procedural; document or class
VBA_PROJECT_STREAM = b"\xcc\x61\xff\xff\x00\x01\x00"  # Reserved1 0x61CC, Version 0xFFFF (no valid p-code)


@dataclass(frozen=True)
class Module:
    name: str
    source: str
    """Source as stored: the ``Attribute`` lines first, CRLF line ends."""
    kind: int = STANDARD
    docstring: str = ""
    project_line: str = ""
    """The PROJECT stream's line for it (``Module=…``, ``Class=…``, ``Document=…/&H00000000``)."""

    def encoded(self) -> bytes:
        text = self.source.replace("\r\n", "\n").replace("\n", "\r\n")
        return text.encode(f"cp{CODEPAGE}")


def _record(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _text(rid: int, text: str) -> bytes:
    return _record(rid, text.encode(f"cp{CODEPAGE}"))


def _unicode(rid: int, text: str) -> bytes:
    return _record(rid, text.encode("utf-16-le"))


def dir_stream(name: str, modules: list[Module], references: bytes) -> bytes:
    """The decompressed ``dir`` stream ([MS-OVBA] 2.3.4.2)."""
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", 1))  # PROJECTSYSKIND: 32-bit Windows
    out += _record(0x0002, struct.pack("<I", 0x0409))  # PROJECTLCID
    out += _record(0x0014, struct.pack("<I", 0x0409))  # PROJECTLCIDINVOKE
    out += _record(0x0003, struct.pack("<H", CODEPAGE))  # PROJECTCODEPAGE
    out += _text(0x0004, name)  # PROJECTNAME
    out += _text(0x0005, "") + _unicode(0x0040, "")  # PROJECTDOCSTRING
    out += _text(0x0006, "") + _text(0x003D, "")  # PROJECTHELPFILEPATH
    out += _record(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _record(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # PROJECTVERSION: Reserved 4, major 1, minor 0
    out += _text(0x000C, "") + _unicode(0x003C, "")  # PROJECTCONSTANTS
    out += references
    out += _record(0x000F, struct.pack("<H", len(modules)))  # PROJECTMODULES
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += _text(0x0019, m.name) + _unicode(0x0047, m.name)  # MODULENAME, MODULENAMEUNICODE
        out += _text(0x001A, m.name) + _unicode(0x0032, m.name)  # MODULESTREAMNAME
        out += _text(0x001C, m.docstring) + _unicode(0x0048, m.docstring)  # MODULEDOCSTRING
        out += _record(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: the source starts the stream
        out += _record(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _record(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        out += _record(m.kind, b"")  # MODULETYPE
        out += _record(0x002B, b"")  # terminator
    out += _record(0x0010, b"")  # end of the dir stream
    return bytes(out)


def project_id(name: str) -> str:
    """A stable project CLSID from the project's name (the same build gives the same bytes)."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(name.encode()).digest()[:16])).upper() + "}"


def encrypt(clsid: str, data: bytes, seed: int) -> str:
    """[MS-OVBA] 2.4.3.2 data encryption, as the hex text the PROJECT stream holds."""
    version = 2
    key = sum(clsid.encode("ascii")) & 0xFF
    out = [seed, seed ^ version, seed ^ key]
    unencrypted, enc1, enc2 = key, seed ^ key, seed ^ version

    def push(value: int) -> None:
        nonlocal unencrypted, enc1, enc2
        byte = value ^ ((enc2 + unencrypted) & 0xFF)
        out.append(byte)
        enc2, enc1, unencrypted = enc1, byte, value

    for _ in range((seed & 6) >> 1):  # IgnoredEnc
        push(7)
    for value in struct.pack("<I", len(data)) + data:
        push(value)
    return bytes(out).hex().upper()


def decrypt(text: str, clsid: str | None = None) -> bytes:
    """The inverse of :func:`encrypt` (used to check it against files Office wrote)."""
    raw = bytes.fromhex(text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    key = seed ^ key_enc
    unencrypted, enc1, enc2 = key, key_enc, version_enc
    values = []
    for byte in raw[3:]:
        value = byte ^ ((enc2 + unencrypted) & 0xFF)
        values.append(value)
        enc2, enc1, unencrypted = enc1, byte, value
    ignored = (seed & 6) >> 1
    length = struct.unpack("<I", bytes(values[ignored:ignored + 4]))[0]
    return bytes(values[ignored + 4:ignored + 4 + length])


def project_stream(name: str, clsid: str, modules: list[Module]) -> bytes:
    # Fixed seeds keep builds reproducible; the values say: no protection, no password, visible.
    lines = [f'ID="{clsid}"', *(m.project_line for m in modules), f'Name="{name}"', 'HelpContextID="0"',
             'VersionCompatible32="393222000"', f'CMG="{encrypt(clsid, bytes(4), 0x55)}"',
             f'DPB="{encrypt(clsid, bytes(1), 0x5A)}"', f'GC="{encrypt(clsid, bytes([0xFF]), 0x5C)}"', "",
             "[Host Extender Info]", "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000", "",
             "[Workspace]", *(f"{m.name}=0, 0, 0, 0, C" for m in modules), ""]
    return "\r\n".join(lines).encode(f"cp{CODEPAGE}")


def names_stream(modules: list[Module]) -> bytes:
    """PROJECTwm: each module name in MBCS and in UTF-16."""
    out = bytearray()
    for m in modules:
        out += m.name.encode(f"cp{CODEPAGE}") + b"\0" + m.name.encode("utf-16-le") + b"\0\0"
    return bytes(out + b"\0\0")


def vba_project(name: str, modules: list[Module], references: bytes) -> bytes:
    """The bytes of ``vbaProject.bin``."""
    clsid = project_id(name)
    vba = Node("VBA", children=[Node("_VBA_PROJECT", VBA_PROJECT_STREAM),
                                Node("dir", compress(dir_stream(name, modules, references)))])
    for m in modules:
        vba.add(Node(m.name, compress(m.encoded())))
    return write_cfb([Node("PROJECT", project_stream(name, clsid, modules)), Node("PROJECTwm", names_stream(modules)),
                      vba])
