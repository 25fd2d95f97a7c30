"""What officers type, turned into numbers according to the indicator's ĐVT.

Vietnamese style puts a dot between thousands and a comma before decimals
(“13.000 người”, “91,2%”), so ``float("13.000")`` would silently read 13.0. A
count is always whole: “1.500” is 1500, never 1.5. A percentage arrives as a
fraction formatted %, as 91.2, or as text “91,2%”. “-” and “không” mean zero;
“x” marks a cell that does not apply; a blank is a blank.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

ZERO_WORDS = {"-", "–", "—", "không", "0"}
NOT_APPLICABLE = {"x", "×"}
EXCEL_ERRORS = {"#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}

MAX_MAGNITUDE = 1e15
"""No union figure comes near a quadrillion, and Excel keeps only 15 digits: beyond is a mistake."""

_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.250.000 or 1.250,5
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,250,000 (English style)
_PLAIN = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class Parsed:
    """A cell's value as a number, and how it was read."""

    value: float | None
    how: str
    """``number``, ``blank``, ``text_number`` (text read as a number), ``zero_word``,
    ``not_applicable``, ``percent_points`` (91.2 read as 91.2 %), ``error`` (an Excel
    error value), ``not_finite`` (NaN, infinity, or beyond Excel's 15 digits) or
    ``not_a_number``."""
    text: str = ""


def parse_value(raw: object, value_type: str) -> Parsed:
    """Read one cell for an indicator whose values are ``value_type`` (count/amount/percent/rate)."""
    if raw is None or raw == "":
        return Parsed(None, "blank")
    if isinstance(raw, bool):
        return Parsed(None, "not_a_number", str(raw))
    if isinstance(raw, int | float):
        value = float(raw) + 0.0  # + 0.0 turns a negative zero into zero
        if not math.isfinite(value) or abs(value) >= MAX_MAGNITUDE:
            return Parsed(None, "not_finite", _show(value))
        if value_type == "percent" and 1 < abs(value) <= 100:
            return Parsed(value / 100, "percent_points", _show(value))
        return Parsed(value, "number")
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if text in EXCEL_ERRORS:
        return Parsed(None, "error", text)
    folded = text.casefold()
    if folded in ZERO_WORDS:
        return Parsed(0.0, "zero_word", text)
    if folded in NOT_APPLICABLE:
        return Parsed(None, "not_applicable", text)
    number = _text_number(text, value_type)
    if number is None:
        return Parsed(None, "not_a_number", text)
    if not math.isfinite(number) or abs(number) >= MAX_MAGNITUDE:
        return Parsed(None, "not_finite", text)
    return Parsed(number, "text_number", text)


def _text_number(text: str, value_type: str) -> float | None:
    body = _SPACES.sub("", text)
    percent = body.endswith("%")
    body = body.rstrip("%")
    if _DOT_THOUSANDS.match(body):
        number = float(body.replace(".", "").replace(",", "."))
    elif _COMMA_THOUSANDS.match(body) and value_type == "count":
        number = float(body.replace(",", ""))
    elif _PLAIN.match(body):
        number = _plain(body, value_type)
    else:
        return None
    if value_type == "percent" and (percent or abs(number) > 1):
        number /= 100
    return number


def _plain(body: str, value_type: str) -> float:
    # "1.500" is matched above as thousands; here a single separator with other than
    # three digits after it is a decimal mark, whichever it is ("91,2", "91.2").
    if value_type == "count" and re.fullmatch(r"[+-]?\d+[.,]\d{3}", body):
        return float(re.sub(r"[.,]", "", body))
    return float(body.replace(",", "."))


def _show(value: float) -> str:
    return f"{value:g}"


EXCEL_CELL_LIMIT = 32_767
"""Characters one Excel cell can hold."""

_FORMULA_LEAD = re.compile(r"^\s*(=|[+\-@]\S.*[(|!])", re.S)


def _format_chars() -> re.Pattern:
    """Every Unicode format character (category Cf): the 43 of the basic plane, found at import
    (a few milliseconds), and the supplementary planes' ranges, which rarely change."""
    bmp = "".join(re.escape(c) for c in map(chr, range(0x10000)) if unicodedata.category(c) == "Cf")
    return re.compile(f"[{bmp}\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                      f"\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


_FORMAT_CHARS = _format_chars()


def clean_text(text: str) -> tuple[str, int]:
    """NFC text without invisible format characters (zero-width spaces, direction marks and
    overrides, BOMs), which make two equal codes differ or show text reordered; and how many
    were removed."""
    text = unicodedata.normalize("NFC", text)
    kept, removed = _FORMAT_CHARS.subn("", text)
    return kept.strip(), removed


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet would run if it were ever pasted as a formula (“=HYPERLINK(…)”,
    “=cmd|' /C calc'!A0”, “@SUM(…)”): xlunion only ever writes it as text, and says so."""
    return bool(_FORMULA_LEAD.match(text))
