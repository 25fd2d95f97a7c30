"""File names by convention: report, year, unit code, ASCII unit name, version."""

from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str) -> str:
    """"Công đoàn Công ty ABC" → "cong-doan-cong-ty-abc" (đ is not a decomposable letter)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def submission_name(report: str, year: int, unit_code: str, unit_name: str, version: int | None = None,
                    max_slug: int = 48) -> str:
    slug = ascii_slug(unit_name)[:max_slug].rstrip("-")
    suffix = f"_v{version}" if version else ""
    return f"{report}_{year}_{unit_code}_{slug}{suffix}.xlsx"
