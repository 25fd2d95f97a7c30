"""Workbook inspection for tests: contents that matter, formulas, cached values."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook


def _color(fill) -> str | None:
    if fill is None or fill.fill_type is None:
        return None
    return str(fill.fgColor.rgb)


def workbook_contents(path: str | Path) -> dict:
    """Everything a reviewer cares about, as plain data: values, formulas, formats,
    protection, validations, merged cells, panes and print setup (no timestamps)."""
    book = openpyxl.load_workbook(path)
    out = {"sheets": []}
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and _color(c.fill) is None:
                    continue
                value = c.value.isoformat() if hasattr(c.value, "isoformat") else c.value
                cells[c.coordinate] = [value, c.number_format, bool(c.protection.locked), _color(c.fill),
                                       bool(c.font.b), c.font.name]
        validations = sorted(
            [str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.promptTitle, dv.prompt,
             dv.errorTitle, dv.error, dv.errorStyle]
            for dv in ws.data_validations.dataValidation
        )
        out["sheets"].append({
            "title": ws.title,
            "state": ws.sheet_state,
            "protected": bool(ws.protection.sheet),
            "freeze": ws.freeze_panes,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "paper": ws.page_setup.paperSize,
            "orientation": ws.page_setup.orientation,
            "fit_width": ws.page_setup.fitToWidth,
            "print_titles": ws.print_title_rows,
            "widths": {k: round(v.width, 2) for k, v in sorted(ws.column_dimensions.items()) if v.width},
            "cells": cells,
            "validations": validations,
        })
    return out


def formula_cells(path: str | Path) -> list[tuple[str, str]]:
    """(sheet, A1) of every formula cell."""
    book = openpyxl.load_workbook(path)
    return [(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")]


def sheet_values(path: str | Path) -> dict[str, list[list]]:
    """Every sheet's stored values as calamine reads them (formulas: their cached result)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def value_at(sheets: dict[str, list[list]], sheet: str, cell: str):
    from openpyxl.utils import coordinate_to_tuple

    row, col = coordinate_to_tuple(cell)
    rows = sheets[sheet]
    if row - 1 < len(rows) and col - 1 < len(rows[row - 1]):
        return rows[row - 1][col - 1]
    return ""


def same_value(a, b, rel: float = 1e-9) -> bool:
    blank = ("", None)
    if a in blank or b in blank:
        return a in blank and b in blank
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= rel * max(1.0, abs(a), abs(b))
    return a == b


def cached_vs(path: str | Path, other: str | Path) -> list[tuple[str, str, object, object]]:
    """Formula cells whose stored value in ``path`` differs from the one in ``other``."""
    mine, theirs = sheet_values(path), sheet_values(other)
    return [(s, c, value_at(mine, s, c), value_at(theirs, s, c)) for s, c in formula_cells(path)
            if not same_value(value_at(mine, s, c), value_at(theirs, s, c))]


def golden_lines(contents: dict) -> list[str]:
    """One JSON line per sheet property, cell and validation: a golden file a reviewer can diff."""
    lines = []
    for sheet in contents["sheets"]:
        title = sheet["title"]
        head = {k: v for k, v in sheet.items() if k not in ("cells", "validations")}
        lines.append(json.dumps(["sheet", head], ensure_ascii=False, sort_keys=True))
        for coord, cell in sheet["cells"].items():
            lines.append(json.dumps(["cell", title, coord, *cell], ensure_ascii=False))
        for rule in sheet["validations"]:
            lines.append(json.dumps(["validation", title, *rule], ensure_ascii=False))
    return lines


def demo_child(demo, unit: str) -> Path:
    """The demo workbook a unit sent first (not its identical copy, not its second version)."""
    return next(p for p in demo.children if unit in p.name and "_v2" not in p.name and " (1)" not in p.name)
