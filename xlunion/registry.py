"""The unit registry (danh mục đơn vị): who reports to whom, and since when.

The tree is data, never code: a CSV file or a workbook with one row per unit.
Columns (English names or their Vietnamese equivalents):

====================  =====================  ==========================================
column                Vietnamese             meaning
====================  =====================  ==========================================
code                  mã đơn vị              stable unit code
name                  tên đơn vị             full name
level                 cấp                    ``tw``, ``tinh``, ``cap_tren`` or ``co_so``
parent                mã cấp trên            code of the union directly above
valid_from            hiệu lực từ            first day the unit exists (optional)
valid_to              hiệu lực đến           last day (optional; set for merged units)
merged_into           hợp nhất vào           successor after a reorganisation (optional)
email                 thư điện tử            address reports come from (optional)
====================  =====================  ==========================================

The 2025 reorganisation ended district federations and merged provinces: a
unit that ceased keeps its row, with ``valid_to`` and ``merged_into``, so that
start-of-term figures can be carried to its successor.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import RegistryError

LEVELS = {
    "tw": "Tổng Liên đoàn Lao động Việt Nam",
    "tinh": "LĐLĐ tỉnh/thành phố",
    "cap_tren": "Công đoàn cấp trên trực tiếp cơ sở",
    "co_so": "Công đoàn cơ sở",
}
_LEVEL_ALIASES = {label.casefold(): code for code, label in LEVELS.items()}
COLUMNS = ("code", "name", "level", "parent", "valid_from", "valid_to", "merged_into", "email")
_HEADER_ALIASES = {
    "mã đơn vị": "code", "mã": "code", "tên đơn vị": "name", "tên": "name", "cấp": "level",
    "mã cấp trên": "parent", "hiệu lực từ": "valid_from", "hiệu lực đến": "valid_to",
    "hợp nhất vào": "merged_into", "thư điện tử": "email",
}


@dataclass(frozen=True)
class Unit:
    """A union in the tree."""

    code: str
    name: str
    level: str
    """``tinh``, ``cap_tren`` or ``co_so``."""
    parent: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    merged_into: str | None = None
    email: str | None = None
    """Address the unit's reports are sent from; when the registry has any, senders are checked."""
    row: int = 0
    """Row in the registry file (for messages)."""

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    def active_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Registry:
    """A checked set of units with tree and lineage look-ups."""

    def __init__(self, units: list[Unit], source: str = ""):
        self.source = source
        self.units: dict[str, Unit] = {}
        for unit in units:
            if unit.code in self.units:
                first = self.units[unit.code].row
                raise RegistryError(source, "reg.duplicate", code=unit.code, row=unit.row, first=first)
            self.units[unit.code] = unit
        self._check()

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units.values())

    def __len__(self) -> int:
        return len(self.units)

    def children(self, code: str, on: dt.date | None = None) -> list[Unit]:
        """Units directly below ``code`` that exist on ``on`` (today's tree if None)."""
        return sorted((u for u in self if u.parent == code and u.active_on(on)), key=lambda u: u.code)

    def parents(self) -> dict[str, str]:
        """Unit → parent code ('' at the top): what validation checks the workbook's meta against."""
        return {u.code: u.parent or "" for u in self}

    def successor(self, code: str) -> str:
        """The unit that now carries ``code``'s figures, following merges to the end."""
        while self.units[code].merged_into:
            code = self.units[code].merged_into
        return code

    def predecessors(self, code: str) -> list[str]:
        """Every unit whose lineage ends in ``code`` (excluding ``code`` itself)."""
        return sorted(u.code for u in self if u.code != code and u.merged_into and self.successor(u.code) == code)

    def ancestors(self, code: str) -> list[str]:
        chain, parent = [], self.units[code].parent
        while parent:
            chain.append(parent)
            parent = self.units[parent].parent
        return chain

    def _check(self) -> None:
        for unit in self:
            if unit.parent and unit.parent not in self.units:
                raise RegistryError(self.source, "reg.unknown_parent", row=unit.row, code=unit.code, parent=unit.parent)
            if unit.merged_into and unit.merged_into not in self.units:
                raise RegistryError(self.source, "reg.unknown_merge", row=unit.row, code=unit.code,
                                    target=unit.merged_into)
        self._check_cycles(lambda u: u.parent, "reg.parent_cycle")
        self._check_cycles(lambda u: u.merged_into, "reg.merge_cycle")

    def _check_cycles(self, link, key: str) -> None:
        done: set[str] = set()
        for start in self.units:
            path: list[str] = []
            code: str | None = start
            while code and code not in done:
                if code in path:
                    cycle = path[path.index(code):] + [code]
                    raise RegistryError(self.source, key, cycle=" → ".join(cycle))
                path.append(code)
                code = link(self.units[code])
            done.update(path)


def load_registry(path: str | Path) -> Registry:
    """Read a registry from ``.csv`` or a workbook (first sheet) and check it."""
    path = Path(path)
    try:
        rows = _read_rows(path)
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise RegistryError(path, "reg.unreadable", reason=exc) from exc
    if not rows:
        raise RegistryError(path, "reg.unreadable", reason="empty")
    header = [_HEADER_ALIASES.get(str(h).strip().casefold(), str(h).strip().casefold()) for h in rows[0]]
    for column in ("code", "name", "level"):
        if column not in header:
            raise RegistryError(path, "reg.missing_column", column=column)
    units = [
        _unit(dict(zip(header, row, strict=False)), number, path)
        for number, row in enumerate(rows[1:], start=2)
        if any(str(c).strip() for c in row)
    ]
    return Registry(units, source=str(path))


def _read_rows(path: Path) -> list[list]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f))
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(0).to_python(skip_empty_area=False)


def _unit(row: dict, number: int, path: Path) -> Unit:
    def text(column: str) -> str | None:
        value = row.get(column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number in a workbook
        value = "" if value is None else str(value).strip()
        return value or None

    for column in ("code", "name", "level"):
        if not text(column):
            raise RegistryError(path, "reg.empty_field", row=number, column=column)
    level = _LEVEL_ALIASES.get(text("level").casefold(), text("level"))
    if level not in LEVELS:
        raise RegistryError(path, "reg.bad_level", row=number, level=text("level"), choices=", ".join(LEVELS))
    valid_from = _date(row.get("valid_from"), "valid_from", number, path)
    valid_to = _date(row.get("valid_to"), "valid_to", number, path)
    if valid_from and valid_to and valid_to < valid_from:
        raise RegistryError(path, "reg.bad_interval", row=number)
    return Unit(code=text("code"), name=text("name"), level=level, parent=text("parent"),
                valid_from=valid_from, valid_to=valid_to, merged_into=text("merged_into"),
                email=(text("email") or "").lower() or None, row=number)


def _date(value: object, column: str, number: int, path: Path) -> dt.date | None:
    """Dates arrive as ISO text, day-first Vietnamese text or real workbook dates."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 <= value <= 80000:
        # an Excel serial day number in a cell formatted as General (1954–2119)
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RegistryError(path, "reg.bad_date", row=number, value=text, column=column)
