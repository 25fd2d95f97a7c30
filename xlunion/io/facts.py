"""Every figure of a consolidation as one long table in Parquet, for analysts.

One row per (unit, indicator, period): the parent's consolidated figures, what it did itself
(``kind = 'own'``) and each counted child's, with where each came from (file, SHA-256, when
received, through which union).
The files of every level stack into one dataset, which DuckDB or pandas query directly::

    SELECT unit, value FROM 'facts/*.parquet'
    WHERE indicator = 'DV_TONG' AND period = 'HT' AND kind = 'child'
"""

from __future__ import annotations

from pathlib import Path

from ..core.consolidate import Consolidation
from ..core.derive import derive
from ..definition import Definition
from ..errors import XlunionError
from ..registry import Registry
from .atomic import atomic_path

COLUMNS = ("report", "version", "parent", "kind", "unit", "unit_name", "level", "indicator", "period", "value",
           "file", "sha256", "received", "via")


def fact_rows(defn: Definition, registry: Registry, result: Consolidation) -> dict[str, list]:
    """The table as columns: the parent's figures first, then each child's, in unit order."""
    table: dict[str, list] = {c: [] for c in COLUMNS}
    direct = {row["unit"]: row for row in result.provenance if not row.get("via")}

    def add(kind: str, unit: str, figures, source: dict) -> None:
        known = registry[unit] if unit in registry else None
        for (indicator, period), value in figures.items():
            table["report"].append(defn.id)
            table["version"].append(defn.version)
            table["parent"].append(result.parent)
            table["kind"].append(kind)
            table["unit"].append(unit)
            table["unit_name"].append(known.name if known else "")
            table["level"].append(known.level if known else "")
            table["indicator"].append(indicator)
            table["period"].append(period)
            table["value"].append(value)
            for key in ("file", "sha256", "received", "via"):
                table[key].append(str(source.get(key, "")))

    add("consolidated", result.parent, derive(defn, result.values), {})
    if result.own is not None:  # what the parent did itself, part of the figures above
        mine = next((row for row in result.provenance if row.get("status") == "own"), {})
        add("own", result.parent, {key: value for key, value in sorted(result.own.own.items())}, mine)
    for sub in sorted(result.counted, key=lambda s: s.unit):
        source = direct.get(sub.unit, {"file": sub.file, "sha256": sub.sha256})
        add("child", sub.unit, sub.figures(defn), source)
    return table


def write_facts(defn: Definition, registry: Registry, result: Consolidation, path: str | Path) -> Path:
    """Write the table to ``path`` (Parquet, zstd), atomically."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise XlunionError(None, "cli.no_pyarrow") from exc
    columns = fact_rows(defn, registry, result)
    schema = pa.schema([(c, pa.float64() if c == "value" else pa.string()) for c in COLUMNS])
    table = pa.table({c: pa.array(columns[c], type=schema.field(c).type) for c in COLUMNS}, schema=schema)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return Path(path)
