"""The widths row heights are computed from: Times New Roman's advance widths, as its metric twin
Liberation Serif has them, and the wrapping that follows from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlunion.io.text_fit import ADVANCE, CHARS, column_pixels, lines, text_pixels

FONTS = Path("/usr/share/fonts/truetype/liberation2")
STYLES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}


@pytest.mark.skipif(not FONTS.exists(), reason="fonts-liberation2 is not installed; .ci/run installs it")
def test_the_width_table_is_the_fonts():
    from PIL import ImageFont

    for style, name in STYLES.items():
        font = ImageFont.truetype(str(FONTS / f"LiberationSerif-{name}.ttf"), 2048)
        measured = {c: round(font.getlength(c) * 1000 / 2048) for c in CHARS}
        assert ADVANCE[style] == measured, name


def test_vietnamese_letters_take_their_base_letters_width_but_the_horned_ones():
    assert text_pixels("ệ") == text_pixels("e") and text_pixels("Đ") == text_pixels("D")
    assert text_pixels("ư") > text_pixels("u") and text_pixels("ợ") == text_pixels("ơ") > text_pixels("o")
    assert text_pixels("Tổng", bold=True) > text_pixels("Tổng")


def test_wrapping_follows_the_width():
    label = "Tổng số công nhân, viên chức, lao động (CNVCLĐ) tại đơn vị có tổ chức công đoàn"
    assert lines(label, 46) == 2 and lines(label, 100) == 1 and lines(label, 12) > 4
    assert lines("a\nb", 40) == 2  # a line break starts a line
    assert lines("Mộtchữrấtdàikhôngcókhoảngtrắng" * 3, 5) > 3  # a word wider than the column takes several
    assert column_pixels(10) == 75 and column_pixels(0.5) == 6
