"""[MS-OVBA] 2.4.1 compression: the LZ77 variant every VBA source and the dir stream use.

Chunks of at most 4096 decompressed bytes; in each, a flag byte announces eight
tokens, each a literal byte or a copy token (offset, length) whose bit split
depends on how far into the chunk it is.
"""

from __future__ import annotations

import struct

CHUNK = 4096


def _split(position: int) -> tuple[int, int]:
    """(bit count of the offset, maximum length) for a copy token at ``position`` in a chunk."""
    bits = max((position - 1).bit_length(), 4)
    return bits, (0xFFFF >> bits) + 3


def _match(data: bytes, start: int, pos: int, end: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    """Longest earlier match (offset, length) for data[pos:] within this chunk, nearest first; (0, 0) if none.

    ``seen`` maps each 3-byte prefix to the chunk positions it starts at, so only real
    candidates are compared.
    """
    _bits, max_len = _split(pos - start)
    limit = min(max_len, end - pos)
    best_len, best_off = 0, 0
    if limit < 3:
        return 0, 0
    for candidate in reversed(seen.get(data[pos:pos + 3], ())):
        length = 3
        while length < limit and data[candidate + length] == data[pos + length]:
            length += 1
        if length > best_len:
            best_len, best_off = length, pos - candidate
            if length == limit:
                break
    return (best_off, best_len) if best_len >= 3 else (0, 0)


def _chunk(data: bytes, start: int) -> bytes:
    end = min(start + CHUNK, len(data))
    out = bytearray()
    seen: dict[bytes, list[int]] = {}

    def remember(first: int, last: int) -> None:
        for p in range(first, min(last, end - 2)):
            seen.setdefault(data[p:p + 3], []).append(p)

    pos = start
    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            offset, length = _match(data, start, pos, end, seen)
            if length:
                bits, _max = _split(pos - start)
                token = ((offset - 1) << (16 - bits)) | (length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
            else:
                out.append(data[pos])
                length = 1
            remember(pos, pos + length)
            pos += length
        out[flag_at] = flags
    if len(out) > CHUNK:  # incompressible: store the raw 4096 bytes
        raw = data[start:end].ljust(CHUNK, b"\0")
        return struct.pack("<H", 0x3000 | (CHUNK - 1)) + raw
    header = 0xB000 | (len(out) + 2 - 3)  # flag 1, signature 0b011, size - 3
    return struct.pack("<H", header) + bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte 0x01, then the chunks."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _chunk(data, start)
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The inverse of :func:`compress`, for reading a donor's modules."""
    if not container or container[0] != 1:
        raise ValueError("not a compressed container")
    out = bytearray()
    pos = 1
    while pos < len(container):
        header = struct.unpack_from("<H", container, pos)[0]
        size, compressed = (header & 0x0FFF) + 3, header & 0x8000
        end, pos = pos + size, pos + 2
        start = len(out)
        if not compressed:
            out += container[pos:pos + CHUNK]
            pos += CHUNK
            continue
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if flags >> bit & 1:
                    token = struct.unpack_from("<H", container, pos)[0]
                    pos += 2
                    bits, _max = _split(len(out) - start)
                    length = (token & (0xFFFF >> bits)) + 3
                    offset = (token >> (16 - bits)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(container[pos])
                    pos += 1
    return bytes(out)
