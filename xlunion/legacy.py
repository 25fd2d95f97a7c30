"""Vietnamese text typed in pre-Unicode fonts (TCVN3 “.VnTime”), converted both ways.

In TCVN3 each Vietnamese letter is one byte drawn by a ``.Vn*`` font; read as
Unicode the bytes show as Latin-1 letters ("VÒ viÖc lµm" is "Về việc làm").
Only cells whose font says TCVN3 are converted: the same letters are ordinary
text in any other font. The ``.Vn…H`` fonts draw every letter as a capital.
"""

from __future__ import annotations

import unicodedata

# Lowercase letters in TCVN3, byte by byte, in the order of the string below.
_TCVN3_LOWER = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "đ": 0xAE,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}
# The few capitals the .VnTime font has; other accented capitals need a .Vn…H font.
_TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}

_ENCODE = {**_TCVN3_LOWER, **_TCVN3_UPPER}
# Each byte shows up in a workbook as the Unicode character with the same number.
_DECODE = {chr(code): letter for letter, code in _ENCODE.items()}


def is_tcvn3_font(font_name: str | None) -> bool:
    return bool(font_name) and font_name.strip().lower().startswith(".vn")


def is_vni_font(font_name: str | None) -> bool:
    return bool(font_name) and font_name.strip().lower().startswith("vni-")


def from_tcvn3(text: str, font_name: str | None = None) -> str:
    """Unicode (NFC) from text typed in a TCVN3 font; ``.Vn…H`` fonts give capitals."""
    out = "".join(_DECODE.get(ch, ch) for ch in text)
    if font_name and font_name.strip().endswith("H"):
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def to_tcvn3(text: str) -> str:
    """What a workbook holds when ``text`` is typed with a .VnTime keyboard layout.

    Accented capitals the font lacks are typed as their small letter, as a
    typist using .VnTime did.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _ENCODE.get(ch) or _ENCODE.get(ch.lower())
        out.append(chr(code) if code else ch)
    return "".join(out)
