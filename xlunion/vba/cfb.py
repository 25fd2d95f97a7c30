"""A writer for [MS-CFB] compound files (version 3, 512-byte sectors), the container of
vbaProject.bin. olefile, the well-kept Python library for these files, reads them and
can only rewrite streams in place at their old size, so new files are written here.

Layout: regular stream sectors, the mini stream, the mini FAT, the directory, then
the FAT. Streams under 4096 bytes live in the mini stream, as the format requires.
Timestamps and CLSIDs are zero, so the same input gives the same bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class Node:
    name: str
    data: bytes | None = None
    """Stream contents; None for a storage."""
    children: list[Node] = field(default_factory=list)

    def add(self, child: Node) -> Node:
        self.children.append(child)
        return child


def _key(node: Node) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: shorter names sort first, then by upper-cased code points
    return len(node.name), node.name.upper()


def _sectors(size: int, unit: int) -> int:
    return (size + unit - 1) // unit


def write_cfb(root_children: list[Node]) -> bytes:
    """The bytes of a compound file holding ``root_children`` under the root storage."""
    root = Node("Root Entry", children=root_children)
    entries: list[Node] = []
    index: dict[int, int] = {}

    def number(node: Node) -> None:
        index[id(node)] = len(entries)
        entries.append(node)
        for child in sorted(node.children, key=_key):
            number(child)

    number(root)
    streams = [n for n in entries if n.data is not None]
    small = [n for n in streams if len(n.data) < CUTOFF]
    big = [n for n in streams if len(n.data) >= CUTOFF]

    fat: list[int] = []
    body = bytearray()
    start: dict[int, int] = {}

    def place(data: bytes) -> int:
        count = _sectors(len(data), SECTOR)
        if count == 0:
            return END
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(END)
        body.extend(data.ljust(count * SECTOR, b"\0"))
        return first

    for node in big:
        start[id(node)] = place(node.data)
    mini_stream, mini_fat = bytearray(), []
    for node in small:
        count = _sectors(len(node.data), MINI)
        if count == 0:
            start[id(node)] = END
            continue
        first = len(mini_fat)
        mini_fat.extend(range(first + 1, first + count))
        mini_fat.append(END)
        start[id(node)] = first
        mini_stream.extend(node.data.ljust(count * MINI, b"\0"))
    mini_start = place(bytes(mini_stream))
    mini_fat_bytes = b"".join(struct.pack("<I", v) for v in mini_fat)
    mini_fat_bytes = mini_fat_bytes.ljust(_sectors(len(mini_fat_bytes), SECTOR) * SECTOR, b"\xff")
    mini_fat_start, mini_fat_count = place(mini_fat_bytes), _sectors(len(mini_fat_bytes), SECTOR)
    directory = _directory(entries, index, start, mini_start, len(mini_stream))
    dir_start = place(directory)

    fat_count = 1
    while _sectors((len(fat) + fat_count) * 4, SECTOR) > fat_count:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("compound file too large for a header-only DIFAT")
    fat_first = len(fat)
    fat.extend([FATSECT] * fat_count)
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat).ljust(fat_count * SECTOR, b"\xff")
    header = _header(fat_count, fat_first, dir_start, mini_fat_start if mini_fat else END,
                     mini_fat_count if mini_fat else 0)
    return header + bytes(body) + fat_bytes


def _header(fat_count: int, fat_first: int, dir_start: int, mini_fat_start: int, mini_fat_count: int) -> bytes:
    difat = [fat_first + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    head = SIGNATURE + b"\0" * 16 + struct.pack(
        "<HHHHH6sIIIIIIIII", 0x003E, 0x0003, 0xFFFE, 9, 6, b"\0" * 6, 0, fat_count, dir_start, 0, CUTOFF,
        mini_fat_start, mini_fat_count, END, 0)
    return head + b"".join(struct.pack("<I", v) for v in difat)


def _directory(entries: list[Node], index: dict[int, int], start: dict[int, int], mini_start: int,
               mini_size: int) -> bytes:
    left, right, child = {}, {}, {}

    def tree(nodes: list[Node]) -> int:
        """A balanced binary search tree of siblings; returns the id of its root."""
        if not nodes:
            return NOSTREAM
        mid = len(nodes) // 2
        me = index[id(nodes[mid])]
        left[me], right[me] = tree(nodes[:mid]), tree(nodes[mid + 1:])
        return me

    for node in entries:
        if node.data is None:
            child[index[id(node)]] = tree(sorted(node.children, key=_key))
    out = bytearray()
    for i, node in enumerate(entries):
        name = node.name.encode("utf-16-le") + b"\0\0"
        kind = 5 if i == 0 else (1 if node.data is None else 2)
        if i == 0:
            first, size = (mini_start if mini_size else END), mini_size
        elif node.data is None:
            first, size = 0, 0
        else:
            first, size = start[id(node)], len(node.data)
        out += name.ljust(64, b"\0") + struct.pack(
            "<HBBIII16sIQQIQ", len(name), kind, 1, left.get(i, NOSTREAM), right.get(i, NOSTREAM),
            child.get(i, NOSTREAM), b"\0" * 16, 0, 0, 0, first, size)
    empty = b"\0" * 64 + struct.pack("<HBBIII16sIQQIQ", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0,
                                     0, 0)
    while len(out) % SECTOR:
        out += empty
    return bytes(out)
