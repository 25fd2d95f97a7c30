"""A child's report as read: meta, typed figures, stored formula results, cell map."""

from __future__ import annotations

import math
import weakref
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .findings import Finding

Key = tuple[str, str]

class _Shared(dict):
    """A dict that can be weakly referenced. Key indexes and cell maps are shared by every
    submission of the same layout, and live only as long as one of them does: the add-in's Python
    validates file after file, and a file with moved rows has a cell map of its own."""

    __slots__ = ("__weakref__",)


_INDEXES: weakref.WeakValueDictionary[tuple[Key, ...], _Shared] = weakref.WeakValueDictionary()


class Figures(Mapping):
    """(indicator, column) → number or None, held compactly: one array of doubles over a key
    index shared by every workbook of the same layout.

    A province reads thousands of children: as dicts, their figures cost ~100 KB each; as
    Figures, 8 bytes a figure. Read-only; ``None`` is stored as NaN (a figure is never NaN:
    the reader reports NaN as an error and keeps None).
    """

    __slots__ = ("_index", "_data")

    def __init__(self, items: Mapping[Key, float | None] | None = None, *, keys: tuple[Key, ...] | None = None,
                 data: array | None = None):
        if items is not None:
            keys = tuple(items)
            data = array("d", (math.nan if v is None else float(v) for v in items.values()))
        keys = keys or ()
        index = _INDEXES.get(keys)
        if index is None:
            index = _INDEXES[keys] = _Shared((k, i) for i, k in enumerate(keys))
        self._index = index
        self._data = data if data is not None else array("d")

    def __getitem__(self, key: Key) -> float | None:
        value = self._data[self._index[key]]
        return None if value != value else value

    def get(self, key: Key, default=None):  # Mapping's get goes through a KeyError: 3× slower
        i = self._index.get(key)
        if i is None:
            return default
        value = self._data[i]
        return None if value != value else value

    def __iter__(self) -> Iterator[Key]:
        return iter(self._index)

    @property
    def layout(self) -> dict[Key, int]:
        """Key → position in :attr:`data`; the same object for every Figures of the same keys."""
        return self._index

    @property
    def data(self) -> array:
        """The doubles, NaN for None (read-only by convention: the validation frame gathers them)."""
        return self._data

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == dict(other.items()) if isinstance(other, Mapping) else NotImplemented

    __hash__ = None

    def __reduce__(self):
        return (_restore, (tuple(self._index), self._data.tobytes()))

    def __repr__(self) -> str:
        return f"Figures({dict(self.items())!r})"


def _restore(keys: tuple[Key, ...], data: bytes) -> Figures:
    figures = array("d")
    figures.frombytes(data)
    return Figures(keys=keys, data=figures)


@dataclass
class Submission:
    """Everything validation and consolidation need from one workbook file."""

    file: str
    """File name as given (for messages)."""
    sha256: str
    info: dict[str, str]
    """Hidden-sheet key/values: report id, version, fingerprint, stamps, provenance."""
    meta: dict[str, object]
    """“Thông tin chung” fields, text NFC-normalised and legacy fonts converted."""
    values: dict[tuple[str, str], float | None]
    """(indicator, period) → typed figure of every input cell (None when blank)."""
    stored: dict[tuple[str, str], float | None]
    """(indicator, column) → the number a formula cell holds (None when it holds none)."""
    cells: dict[tuple[str, str], tuple[str, str]]
    """(indicator or ``@meta``, column) → (sheet, cell), as located in this file."""
    notes: dict[str, str] = field(default_factory=dict)
    """Indicator → “Ghi chú”: the officer's explanation of an unusual figure."""
    provenance: list[dict] = field(default_factory=list)
    """For a consolidated workbook: every file behind its figures (unit, file, sha256, received, status, via)."""
    text_cells: set[tuple[str, str]] = field(default_factory=set)
    """(indicator, period) of figures typed as text: spreadsheet formulas do not see them."""
    findings: list[Finding] = field(default_factory=list)
    """What reading found (text typed as numbers, Excel errors, legacy fonts …)."""
    own: dict[tuple[str, str], float] = field(default_factory=dict)
    """(indicator, period) → what a union above grassroots did itself (sheet “Số liệu cấp mình”)."""
    targets: dict[str, float] = field(default_factory=dict)
    """Indicator → the target of the unit's own congress resolution, typed in its “Chỉ tiêu” sheet."""
    mtime: float = 0.0
    derived: Mapping[Key, float | None] | None = None
    """Every figure recomputed from ``values`` (``derive``), worked out where the file was read."""

    @property
    def unit(self) -> str:
        return str(self.meta.get("unit_code") or "")

    @property
    def own_only(self) -> bool:
        """A union's record of its own activities (its own sheet filled, no appendix figure): what an
        upper union types before it consolidates, or a federation that ended kept of its own."""
        return bool(self.own) and all(v is None for v in self.values.values())

    def figures(self, defn) -> Mapping[Key, float | None]:
        """Every figure, derived from the typed values (computed once)."""
        if self.derived is None:
            from .derive import derive

            self.derived = derive(defn, self.values)
        return self.derived

    def where(self, code: str, column: str) -> tuple[str, str]:
        return self.cells.get((code, column), ("", ""))

    def compact(self) -> Submission:
        """Figures as arrays, the cell map shared with every file of the same layout: what
        crosses from a reader process, and what a parent holds for each of thousands of children."""
        self.values, self.stored = Figures(self.values), Figures(self.stored)
        if self.derived is not None:
            self.derived = Figures(self.derived)
        self.cells = _shared_map(self.cells)
        return self

    def __setstate__(self, state: dict) -> None:
        state["cells"] = _shared_map(state["cells"])
        self.__dict__.update(state)


_MAPS: weakref.WeakValueDictionary[int, _Shared] = weakref.WeakValueDictionary()


def _shared_map(cells: dict) -> dict:
    """The one copy of an equal cell map still in use (children of one template share it)."""
    key = hash(tuple(cells.items()))
    known = _MAPS.get(key)
    if known is None:
        known = _MAPS[key] = _Shared(cells)
    return known if known == cells else cells  # unequal: a hash collision, kept unshared
