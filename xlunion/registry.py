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
merged_into           hợp nhất vào           successor(s) after a reorganisation (optional)
email                 thư điện tử            address reports come from (optional)
<INDICATOR>[|PERIOD]                         a figure only the unit knows of its area (optional)
====================  =====================  ==========================================

The 2025 reorganisation ended district federations and merged provinces: a
unit that ceased keeps its row, with ``valid_to`` and ``merged_into``, so that
start-of-term figures can be carried to its successor. Lineage may be n:1 (several
units merged into one) or 1:n: a district split between communes names each with its
share, ``CT01 (60%); CT02 (40%)`` (or ``CT01=0.6; CT02=0.4``).

Columns named after an indicator code (``DN20_TONG``, or ``DN20_TONG|N2025`` for one
period) carry figures that only an upper level knows of its area, such as the
enterprises without a union; a column without a period gives the latest year.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RegistryError

LEVELS = {
    "tw": "Tổng Liên đoàn Lao động Việt Nam",
    "tinh": "Liên đoàn Lao động tỉnh, thành phố",
    "cap_tren": "Công đoàn cấp trên trực tiếp cơ sở",
    "co_so": "Công đoàn cơ sở",
}
_LEVEL_ALIASES = {label.casefold(): code for code, label in LEVELS.items()} | {"lđlđ tỉnh/thành phố": "tinh"}
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
    merged_into: tuple[tuple[str, float], ...] = ()
    """Successors after a reorganisation, each with the share of the unit it took over (1 when
    one took all)."""
    addresses: tuple[str, ...] = ()
    """Every address the unit's reports may come from (the office's, an officer's personal mail…),
    written in one cell separated by “;”, “,” or spaces; a sender outside them is flagged, not refused."""
    row: int = 0
    """Row in the registry file (for messages)."""
    figures: dict[tuple[str, str | None], float] = field(default_factory=dict, compare=False, hash=False)
    """(indicator, period or None for the latest year) → a figure of the unit's area from the registry."""

    @property
    def email(self) -> str | None:
        """The unit's first address: where mail to the unit goes."""
        return self.addresses[0] if self.addresses else None

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    def active_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Parents(dict):
    """Unit → its parent's code, and ``successors``: each unit that ended → the units that took it over
    (with ``names`` of both, for messages)."""

    def __init__(self, parents: dict[str, str], successors: dict[str, tuple[str, ...]] | None = None,
                 names: dict[str, str] | None = None, unit_names: dict[str, str] | None = None,
                 unit_levels: dict[str, str] | None = None):
        super().__init__(parents)
        self.successors = successors or {}
        self.names = names or {}
        self.unit_names = unit_names or {}
        """Every unit's name and level (as a workbook writes it), which a workbook's claims are checked against."""
        self.unit_levels = unit_levels or {}


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

    def parents(self) -> Parents:
        """Unit → parent code ('' at the top): what validation checks the workbook's meta against, with
        the successors of the units that ended (a form may still name its former parent)."""
        ended = {u.code: tuple(self.lineage(u.code)) for u in self if u.merged_into}
        names = {code: self.units[code].name for old, new in ended.items() for code in (old, *new)}
        return Parents({u.code: u.parent or "" for u in self}, ended, names, {u.code: u.name for u in self},
                       {u.code: u.level_label for u in self})

    def lineage(self, code: str) -> dict[str, float]:
        """The units that now carry ``code``'s figures, following merges and splits to the end, each
        with its share (``{code: 1.0}`` for a unit that still exists)."""
        if not self.units[code].merged_into:
            return {code: 1.0}
        out: dict[str, float] = {}
        for successor, share in self.units[code].merged_into:
            for final, part in self.lineage(successor).items():
                out[final] = out.get(final, 0.0) + share * part
        return dict(sorted(out.items()))

    def successor(self, code: str) -> str:
        """The unit that now carries most of ``code``'s figures (the only one, unless it was split)."""
        shares = self.lineage(code)
        return max(shares, key=lambda c: (shares[c], c))

    def predecessors(self, code: str) -> list[str]:
        """Every unit whose lineage leads (wholly or in part) to ``code`` (excluding ``code`` itself)."""
        return sorted(u.code for u in self if u.code != code and u.merged_into and code in self.lineage(u.code))

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
            for target, _share in unit.merged_into:
                if target not in self.units:
                    raise RegistryError(self.source, "reg.unknown_merge", row=unit.row, code=unit.code, target=target)
        self._check_cycles(lambda u: [u.parent] if u.parent else [], "reg.parent_cycle")
        self._check_cycles(lambda u: [t for t, _share in u.merged_into], "reg.merge_cycle")

    def _check_cycles(self, links, key: str) -> None:
        done: set[str] = set()

        def visit(code: str, path: list[str]) -> None:
            if code in done:
                return
            if code in path:
                cycle = path[path.index(code):] + [code]
                raise RegistryError(self.source, key, cycle=" → ".join(cycle))
            for nxt in links(self.units[code]):
                visit(nxt, [*path, code])
            done.add(code)

        for start in self.units:
            visit(start, [])


def load_registry(path: str | Path) -> Registry:
    """Read a registry from ``.csv`` or a workbook (first sheet) and check it."""
    path = Path(path)
    if not path.is_file():  # a mistyped path: said plainly, not as the operating system's English
        raise RegistryError(path, "io.not_found", path=path)
    try:
        rows = _read_rows(path)
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise RegistryError(path, "reg.unreadable", reason=exc) from exc
    if not rows:
        raise RegistryError(path, "reg.unreadable", reason="empty")
    header = [_header(h) for h in rows[0]]
    for column in ("code", "name", "level"):
        if column not in header:
            raise RegistryError(path, "reg.missing_column", column=column)
    units = [
        _unit(dict(zip(header, row, strict=False)), number, path)
        for number, row in enumerate(rows[1:], start=2)
        if any(str(c).strip() for c in row)
    ]
    return Registry(units, source=str(path))


_FIGURE_COLUMN = re.compile(r"[A-Z][A-Z0-9_]*(\|[A-Z0-9]+)?")


def _header(text: object) -> str:
    """A known column by its English or Vietnamese name; a figure column keeps its code's case."""
    text = str(text).strip()
    name = _HEADER_ALIASES.get(text.casefold(), text.casefold())
    if name not in COLUMNS and _FIGURE_COLUMN.fullmatch(text):
        return text
    return name


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
    addresses = _addresses(text("email") or "", number, path)
    valid_from = _date(row.get("valid_from"), "valid_from", number, path)
    valid_to = _date(row.get("valid_to"), "valid_to", number, path)
    if valid_from and valid_to and valid_to < valid_from:
        raise RegistryError(path, "reg.bad_interval", row=number)
    return Unit(code=text("code"), name=text("name"), level=level, parent=text("parent"),
                valid_from=valid_from, valid_to=valid_to, merged_into=_lineage(text("merged_into"), number, path),
                addresses=addresses, row=number, figures=_figures(row, number, path))


def _addresses(cell: str, number: int, path) -> tuple[str, ...]:
    """A cell's addresses, lower-cased, in the order written (“a@x.vn; b@gmail.com”)."""
    found = tuple(dict.fromkeys(a.lower() for a in re.split(r"[;,\s]+", cell) if a))
    for address in found:
        if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
            raise RegistryError(path, "reg.bad_email", row=number, value=address)
    return found


_SHARE = re.compile(r"^(?P<code>[^=:()\s]+)\s*"
                    r"(?:[=:]\s*(?P<a>[\d.,]+)\s*(?P<pa>%)?|\(\s*(?P<b>[\d.,]+)\s*(?P<pb>%)?\s*\))?$")


def _lineage(text: str | None, number: int, path: Path) -> tuple[tuple[str, float], ...]:
    """“CT02”, or a split with each successor's share: “CT01 (60%); CT02 (40%)”, “CT01=0.6; CT02=0.4”."""
    if not text:
        return ()
    parts = [p.strip() for p in re.split(r"[;,]\s*(?=[^\d\s])", text) if p.strip()]
    out = []
    for part in parts:
        match = _SHARE.match(part)
        if match is None:
            raise RegistryError(path, "reg.bad_lineage", row=number, value=text)
        share_text, percent = match["a"] or match["b"], match["pa"] or match["pb"]
        share = None
        if share_text:
            share = float(share_text.replace(",", "."))
            share = share / 100 if percent or share > 1 else share
        out.append((match["code"], share))
    if len(out) == 1 and out[0][1] in (None, 1.0):
        return ((out[0][0], 1.0),)
    if any(share is None for _c, share in out) or abs(sum(share for _c, share in out) - 1) > 1e-6:
        raise RegistryError(path, "reg.bad_lineage", row=number, value=text)
    return tuple((code, float(share)) for code, share in out)


def _figures(row: dict, number: int, path: Path) -> dict[tuple[str, str | None], float]:
    """The figure columns of a row (blank cells are no figure)."""
    from .core.parse import parse_value

    out = {}
    for column, value in row.items():
        if column in COLUMNS or not _FIGURE_COLUMN.fullmatch(column) or value in (None, ""):
            continue
        parsed = parse_value(value, "amount")
        if parsed.value is None:
            raise RegistryError(path, "reg.bad_figure", row=number, column=column, value=value)
        code, _, period = column.partition("|")
        out[code, period or None] = parsed.value
    return out


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
