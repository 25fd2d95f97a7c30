"""Every user-facing message exists in Vietnamese (with diacritics) and in English."""

from __future__ import annotations

import re
import string
import unicodedata

from xlunion.messages import _CATALOGUE, msg, vn_number

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_for_every_key():
    for key, (vi, en) in _CATALOGUE.items():
        assert vi and en and vi != en, key
        assert unicodedata.is_normalized("NFC", vi), key
        assert _fields(vi) == _fields(en), key  # same placeholders in both
        if len(vi.split()) > 2:  # a sentence of Vietnamese always has marks; “Trang”, “STT” need none
            assert VIETNAMESE.search(vi), f"{key}: Vietnamese text without diacritics?"


def test_rendering():
    assert msg("io.not_found", path="a.xlsx") == "Không tìm thấy tệp “a.xlsx”"
    assert msg("io.not_found", lang="en", path="a.xlsx") == "File “a.xlsx” not found"


def test_vietnamese_numbers():
    assert vn_number(13000) == "13.000"
    assert vn_number(91.2, 1) == "91,2"
    assert vn_number(1250000) == "1.250.000"
