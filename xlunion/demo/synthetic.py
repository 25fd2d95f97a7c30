"""A synthetic province of any size, for benchmarks and batch tests: clean workbooks of the demo's
kinds and sizes of grassroots unions, cycled, all directly under the province."""

from __future__ import annotations

import random
from pathlib import Path

from ..definition import Definition
from ..io.template import write_workbook
from ..naming import submission_name
from ..registry import Registry, load_registry
from .figures import child_filling
from .province import DemoResult
from .units import ALL_CDCS, MAIL_DOMAIN, OFFICERS, PROVINCE, REPORT_YEAR, demo_registry_rows, write_registry


def write_province(defn: Definition, out: str | Path, children: int, seed: int = 2025,
                   workers: int = 1) -> DemoResult:
    """A registry with ``children`` CĐCS directly under the province and one clean workbook
    each (no planted mistakes), in ``out``; the kinds and sizes of the demo's unions, cycled."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    members = list(ALL_CDCS.values())
    rows = demo_registry_rows()[:2]
    for i in range(children):
        _code, name, kind, size, founded = members[i % len(members)]
        code = f"CS{i + 1:06d}"
        rows.append(dict(code=code, name=f"{name} (số {i + 1})", level="co_so", parent=PROVINCE[0],
                         valid_from=f"{founded}-03-01" if founded else "", email=f"{code.lower()}@{MAIL_DOMAIN}"))
    registry_path = write_registry(out / "registry.csv", rows)
    jobs = [(row["code"], members[i % len(members)]) for i, row in enumerate(rows[2:])]
    args = [(defn.source, str(registry_path), str(out / "inbox"), code, member, seed) for code, member in jobs]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            paths = list(pool.map(_write_child, *zip(*args, strict=True), chunksize=32))
    else:
        paths = [_write_child(*a) for a in args]
    return DemoResult(registry=registry_path, children=[Path(p) for p in paths])


_REGISTRIES: dict[str, Registry] = {}


def _write_child(source: str, registry_path: str, inbox: str, code: str, member: tuple, seed: int) -> str:
    from ..definition import definition_at

    defn = definition_at(source)
    registry = _REGISTRIES.get(registry_path) or _REGISTRIES.setdefault(registry_path, load_registry(registry_path))
    unit = registry[code]
    rng = random.Random(f"{seed}:{code}")
    filling = child_filling(defn, registry, unit, (code, *member[1:]), rng, officer=OFFICERS[len(code) % len(OFFICERS)])
    path = Path(inbox) / submission_name(defn.short, REPORT_YEAR, code, unit.name)
    return str(write_workbook(defn, path, filling))
