"""What the unit registry says of a workbook that claims to be a unit's, as pandera checks.

A workbook is a claim: its unit code, name and level on “Thông tin chung”, and, in its hidden
sheet, whether it is a union's consolidated workbook and which files stand behind its figures
(provenance). A consolidated workbook decides more than its own figures: it replaces its children's
workbooks one level up ("covered") and carries its provenance upward. So a claim is believed only
where the registry agrees with it:

- the level typed is the unit's level in the registry (error), the name its name (a warning: names
  are typed in many ways, but a name of another unit is how a wrong code shows);
- a consolidated workbook is its own unit's (the hidden sheet and “Thông tin chung” agree) and
  that unit has units below it in the registry;
- every unit its provenance names is that unit or below it (or a unit that ended into one below
  it), and there are no more rows than its part of the registry can give: a workbook cannot make
  the one above it unreadable by padding its hidden sheet;
- a workbook that is not consolidated has no provenance (ignored, with a warning).
"""

from __future__ import annotations

import unicodedata

import pandas as pd
from pandera import extensions

PER_UNIT = 3
"""Provenance rows a unit below may bring: its file, and its file again under each successor it split
into (the rows of a consolidated child's own provenance are counted under their own units)."""
SLACK = 10


def same_name(a: object, b: object) -> bool:
    """Names equal but for case, spacing and punctuation (“CÔNG ĐOÀN  Trường X.” = “Công đoàn trường X”)."""
    def key(text: object) -> str:
        text = unicodedata.normalize("NFC", str(text or "")).casefold()
        return " ".join("".join(c if c.isalnum() else " " for c in text).split())
    return key(a) == key(b)


@extensions.register_check_method(statistics=["unit", "field", "known"], supported_types=pd.DataFrame)
def matches_registry(df, *, unit: str, field: str, known: dict):
    """The workbook's ``field`` is what the registry knows of its unit (a unit it does not know is
    another rule's finding); ``known`` maps unit → the registry's value."""
    return pd.Series([u not in known or v is None or same_name(v, known[u]) for u, v in zip(df[unit], df[field],
                      strict=True)], index=df.index, dtype=bool)


@extensions.register_check_method(statistics=["unit", "claim"], supported_types=pd.DataFrame)
def consolidated_for_itself(df, *, unit: str, claim: str):
    """A consolidated workbook is the consolidation of the unit it names on “Thông tin chung”."""
    return pd.Series([not c or c == u for u, c in zip(df[unit], df[claim], strict=True)], index=df.index, dtype=bool)


@extensions.register_check_method(statistics=["unit", "claim", "parents"], supported_types=pd.DataFrame)
def consolidates_units_below(df, *, unit: str, claim: str, parents: dict):
    """Only a union with units below it in the registry consolidates (a grassroots union does not)."""
    above = set(parents.values())
    return pd.Series([not c or u not in parents or u in above for u, c in zip(df[unit], df[claim], strict=True)],
                     index=df.index, dtype=bool)


@extensions.register_check_method(statistics=["unit", "claim", "provenance", "parents", "successors"],
                                  supported_types=pd.DataFrame)
def provenance_below(df, *, unit: str, claim: str, provenance: str, parents: dict, successors: dict):
    """Every unit a consolidated workbook's provenance names is its unit or below it."""
    tree = Tree(parents, successors)
    return pd.Series([not c or u not in parents or all(tree.within(p, u) for p in rows)
                      for u, c, rows in zip(df[unit], df[claim], df[provenance], strict=True)],
                     index=df.index, dtype=bool)


@extensions.register_check_method(statistics=["unit", "claim", "provenance", "parents", "successors"],
                                  supported_types=pd.DataFrame)
def provenance_bounded(df, *, unit: str, claim: str, provenance: str, parents: dict, successors: dict):
    """No more provenance rows than the units below can give."""
    tree = Tree(parents, successors)
    return pd.Series([not c or u not in parents or len(rows) <= tree.most_rows(u)
                      for u, c, rows in zip(df[unit], df[claim], df[provenance], strict=True)],
                     index=df.index, dtype=bool)


@extensions.register_check_method(statistics=["claim", "provenance"], supported_types=pd.DataFrame)
def provenance_only_when_consolidated(df, *, claim: str, provenance: str):
    """A workbook that is not a consolidation has no files behind it."""
    return pd.Series([bool(c) or not rows for c, rows in zip(df[claim], df[provenance], strict=True)],
                     index=df.index, dtype=bool)


class Tree:
    """The registry's tree from the unit → parent map, asked about from below."""

    def __init__(self, parents: dict, successors: dict):
        self.parents, self.successors = parents, successors
        self._most: dict[str, int] = {}

    def within(self, code: str, top: str) -> bool:
        """``code`` is ``top`` or below it, or ended into a unit that is."""
        if self._under(code, top):
            return True
        return any(self._under(s, top) for s in self.successors.get(code, ()))

    def _under(self, code: str, top: str) -> bool:
        seen = 0
        while code and seen <= len(self.parents):
            if code == top:
                return True
            code, seen = self.parents.get(code, ""), seen + 1
        return False

    def most_rows(self, top: str) -> int:
        if top not in self._most:
            below = sum(1 for code in self.parents if code != top and self.within(code, top))
            self._most[top] = PER_UNIT * (below + 1) + SLACK
        return self._most[top]
