"""Vietnamese text typed in pre-Unicode fonts (TCVN3 “.VnTime”), converted both ways.

In TCVN3 each Vietnamese letter is one byte drawn by a ``.Vn*`` font; read as
Unicode the bytes show as Latin-1 letters ("VÒ viÖc lµm" is "Về việc làm").
Only cells whose font says TCVN3 are converted: the same letters are ordinary
text in any other font. The ``.Vn…H`` fonts draw every letter as a capital.
"""

from __future__ import annotations

import re
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


# VNI-Windows: a base letter followed by a mark byte, read as Latin-1 letters
# ("Xin chaøo caùc baïn"). Tones after a vowel (lowercase / uppercase mark):
_VNI_TONES = {"\u0301": ("ù", "Ù"), "\u0300": ("ø", "Ø"), "\u0309": ("û", "Û"), "\u0303": ("õ", "Õ"),
              "\u0323": ("ï", "Ï")}
# Tones after â, ê, ô and ă (where the mark byte also carries the circumflex or breve):
_VNI_HAT_TONES = {"\u0301": ("á", "Á"), "\u0300": ("à", "À"), "\u0309": ("å", "Å"), "\u0303": ("ã", "Ã"),
                  "\u0323": ("ä", "Ä")}
_VNI_BREVE_TONES = {"\u0301": ("é", "É"), "\u0300": ("è", "È"), "\u0309": ("ú", "Ú"), "\u0303": ("ü", "Ü"),
                    "\u0323": ("ë", "Ë")}
_VNI_SINGLE = {"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ", "í": "í", "Í": "Í", "ì": "ì",
               "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò", "ỵ": "î", "Ỵ": "Î"}


def _vni_table() -> dict[str, str]:
    """VNI byte sequence → Unicode letter, built from the rules above."""
    table = {seq: letter for letter, seq in _VNI_SINGLE.items()}
    for base in "aeouyAEOUY" + "ơưƠƯ":
        upper = base.isupper()
        lead = _VNI_SINGLE.get(base, base)
        for mark, pair in _VNI_TONES.items():
            letter = unicodedata.normalize("NFC", base + mark)
            if letter in _VNI_SINGLE:  # ỵ has a byte of its own
                continue
            table[lead + pair[upper]] = letter
    for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô"), ("A", "Â"), ("E", "Ê"), ("O", "Ô")):
        upper = base.isupper()
        table[base + ("Â" if upper else "â")] = hat
        for mark, pair in _VNI_HAT_TONES.items():
            table[base + pair[upper]] = unicodedata.normalize("NFC", hat + mark)
    for base, breve in (("a", "ă"), ("A", "Ă")):
        upper = base.isupper()
        table[base + ("Ê" if upper else "ê")] = breve
        for mark, pair in _VNI_BREVE_TONES.items():
            table[base + pair[upper]] = unicodedata.normalize("NFC", breve + mark)
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))


def from_vni(text: str) -> str:
    """Unicode (NFC) from text typed in a VNI font (``VNI-Times`` …)."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text))


def to_vni(text: str) -> str:
    """The VNI bytes (as Latin-1 letters) of ``text``; for tests and demo files."""
    reverse = {letter: seq for seq, letter in _VNI.items()}
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def decode_legacy(text: str, font_name: str | None) -> str | None:
    """Unicode for a cell typed in a legacy font, or None when the font is a Unicode one."""
    if is_tcvn3_font(font_name):
        return from_tcvn3(text, font_name)
    if is_vni_font(font_name):
        return from_vni(text)
    return None


# Latin-1 letters that Vietnamese Unicode text never uses but TCVN3 and VNI bytes show as.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT = re.compile("[\u00a1-\u00ff]")


# Vowel + mark pairs that VNI produces and Vietnamese spelling never has ("aâ", "aù", "eõ").
_VNI_PAIRS = re.compile("[aeoAEO][âÂ]|[aA][êÊ]|[aeiouyAEIOUY][ùÙøØûÛõÕïÏ]")


def looks_legacy(text: str) -> bool:
    """True when text shows letters that only legacy-font bytes produce: worth checking its font."""
    return any(ch not in _VIETNAMESE_LATIN1 for ch in _SUSPECT.findall(text)) or bool(_VNI_PAIRS.search(text))
