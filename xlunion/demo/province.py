"""The demo province on disk: its registry, its resolutions, a workbook for every grassroots union
(a handful with the mistakes officers really make), and each upper union's own workbook.

The same seed always gives the same files.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..definition import Definition
from ..io.template import Filling, write_workbook
from ..legacy import to_tcvn3
from ..naming import submission_name
from ..registry import Registry, load_registry
from ..resources import resource_dir
from .figures import child_filling
from .units import ALL_CDCS, CUTOFF, MAIL_DOMAIN, OFFICERS, OWN_META, REPORT_YEAR, own_values, write_registry

OWN_FOLDER = "cap-minh"
"""Where the demo keeps each upper union's own workbook (its own activities, congress and targets)."""
TARGETS_FOLDER = "chi-tieu"
"""Where the demo keeps the resolutions it judges by (copied from ``schemas/targets/demo``)."""


@dataclass
class DemoResult:
    registry: Path
    children: list[Path] = field(default_factory=list)
    mistakes: list[tuple[Path, str, dict]] = field(default_factory=list)
    """(file, message key, values): the planted mistakes, as messages in both languages."""
    own: dict[str, Path] = field(default_factory=dict)
    """Upper union → its own workbook."""
    targets: Path | None = None
    """The folder of the demo's resolutions."""


def write_demo(defn: Definition, out: str | Path, seed: int = 2025) -> DemoResult:
    """Write the registry, the resolutions, every CĐCS workbook (with the planted mistakes) and each
    upper union's own workbook under ``out``."""
    out = Path(out)
    inbox, marker = out / "inbox", out / ".xlunion-demo"
    if inbox.exists():
        if not marker.exists():  # never wipe an inbox the demo did not write
            from ..errors import XlunionError

            raise XlunionError(out, "demo.not_demo_dir")
        shutil.rmtree(inbox)  # a rerun gives exactly the same set of files
    out.mkdir(parents=True, exist_ok=True)
    marker.write_text("xlunion demo\n", encoding="utf-8")
    result = DemoResult(registry=write_registry(out / "registry.csv"), targets=_copy_targets(out / TARGETS_FOLDER))
    registry = load_registry(result.registry)
    for i, (code, member) in enumerate(sorted(ALL_CDCS.items())):
        unit = registry[code]
        rng = random.Random(f"{seed}:{code}")
        filling = child_filling(defn, registry, unit, member, rng, officer=OFFICERS[i % len(OFFICERS)])
        path = inbox / unit.parent / submission_name(defn.short, REPORT_YEAR, code, unit.name)
        result.children.append(write_workbook(defn, path, filling))
    _plant_mistakes(defn, registry, result, seed)
    result.children.sort()
    _received_times(result.children)
    result.own = _own_workbooks(defn, registry, out / OWN_FOLDER)
    return result


def _copy_targets(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(resource_dir("schemas").joinpath("targets", "demo").glob("*.yaml")):
        shutil.copyfile(path, folder / path.name)
    return folder


def _own_workbooks(defn: Definition, registry: Registry, folder: Path) -> dict[str, Path]:
    """Each upper union's own workbook, as its officer fills it before consolidating: who it is, the
    congress it held, and what it did itself (the ended district federations' too)."""
    out = {}
    for code, meta in sorted(OWN_META.items()):
        unit = registry[code]
        parent = registry[unit.parent] if unit.parent else None
        filling = Filling(meta={"unit_code": code, "unit_name": unit.name, "level": unit.level_label,
                                "parent_code": parent.code if parent else "",
                                "parent_name": parent.name if parent else "",
                                "cutoff": min(CUTOFF, unit.valid_to or CUTOFF),
                                "email": unit.email or f"{code.lower()}@{MAIL_DOMAIN}", **meta},
                          own=own_values(defn, code))
        out[code] = write_workbook(defn, folder / submission_name(defn.short, REPORT_YEAR, code, unit.name), filling)
        kept = dt.datetime(2026, 1, 10, 16, 0).timestamp()  # typed before the deadline, as the children's
        os.utime(out[code], (kept, kept))
    return out


DEADLINE = dt.datetime(2026, 1, 15, 17, 0)
PROVINCE_DEADLINE = dt.datetime(2026, 1, 25, 17, 0)
LATE_UNIT = "CD0210"


def _received_times(children: list[Path]) -> None:
    """Fixed arrival times (the file time stands for the email's), so reruns give the same
    outputs; one unit sends after the deadline."""
    start = dt.datetime(2026, 1, 5, 8, 0)
    for i, path in enumerate(children):
        if path.name.endswith("_v2.xlsx") or "CD0306" in path.name:
            continue  # the two versions keep the times _plant_mistakes gave them
        when = DEADLINE + dt.timedelta(days=4) if LATE_UNIT in path.name else start + dt.timedelta(hours=3 * i)
        os.utime(path, (when.timestamp(), when.timestamp()))


def _plant_mistakes(defn: Definition, registry: Registry, result: DemoResult, seed: int) -> None:
    """Rewrite a few children with the mistakes officers make, and add a duplicate."""
    by_code = {p.name.split("_")[2]: p for p in result.children}

    def regenerate(code: str) -> Filling:
        rng = random.Random(f"{seed}:{code}")
        officer = OFFICERS[sorted(ALL_CDCS).index(code) % len(OFFICERS)]
        return child_filling(defn, registry, registry[code], ALL_CDCS[code], rng, officer=officer)

    def rewrite(unit_code: str, key: str, change, **values) -> None:
        filling = regenerate(unit_code)
        values.update(change(filling) or {})
        write_workbook(defn, by_code[unit_code], filling)
        result.mistakes.append((by_code[unit_code], key, values))

    def women_over_members(f: Filling) -> None:
        f.values["DV_NU", "N2025"] = f.values["DV_TONG", "N2025"] + 150

    def text_number(f: Filling) -> dict:
        text = f"{int(f.values['LD_TONG', 'N2025']):,}".replace(",", ".")
        f.values["LD_TONG", "N2025"] = text
        return {"text": text}

    def legacy_font(f: Filling) -> None:
        for key in ("unit_name", "officer"):
            f.meta[key] = to_tcvn3(str(f.meta[key]))
            f.fonts[key] = ".VnTime"

    def missing_value(f: Filling) -> None:
        del f.values["DV_KETNAP", "N2024"]

    def old_parent(f: Filling) -> None:
        f.meta.update(parent_code="H01", parent_name=registry["H01"].name)

    def unlikely_introductions(f: Filling) -> dict:
        f.values["DANG_GT", "N2025"] = 133
        return {"members": int(f.values["DV_TONG", "N2025"])}

    # What each mistake is, said with the indicators' and periods' names, as an officer reads it.
    label = {code: ind.label for code, ind in defn.indicators.items()}
    period = {p.code: p.label for p in defn.periods}
    rewrite("CD0105", "demo.part_over_whole", women_over_members, part=label["DV_NU"], whole=label["DV_TONG"],
            period=period["N2025"])
    rewrite("CD0301", "demo.text_number", text_number, label=label["LD_TONG"], period=period["N2025"])
    rewrite("CD0203", "demo.legacy_font", legacy_font, font=".VnTime")
    rewrite("CD0207", "demo.missing", missing_value, label=label["DV_KETNAP"], period=period["N2024"])
    rewrite("CD0208", "demo.old_parent", old_parent, old=registry["H01"].name, successor=registry["CT02"].name)
    rewrite("CD0102", "demo.implausible", unlikely_introductions, label=label["DANG_GT"], value=133,
            period=period["N2025"])
    # The same workbook sent twice (an email client's “(1)” copy) ...
    original = by_code["CD0302"]
    copy = original.with_name(original.stem + " (1).xlsx")
    shutil.copyfile(original, copy)
    result.children.append(copy)
    result.mistakes.append((copy, "demo.identical_copy", {"original": original.name}))
    # ... and a unit that sent a corrected second version after the first.
    first = by_code["CD0306"]
    second = first.with_name(first.stem + "_v2.xlsx")
    filling = regenerate("CD0306")
    filling.notes["SANGKIEN"] = "Bổ sung 2 sáng kiến được công nhận cuối năm 2025."
    filling.values["SANGKIEN", "N2025"] += 2
    write_workbook(defn, second, filling)
    stamp = dt.datetime(2026, 1, 9, 8, 30).timestamp()
    os.utime(first, (stamp, stamp))
    os.utime(second, (stamp + 3 * 86400, stamp + 3 * 86400))
    result.children.append(second)
    result.mistakes.append((second, "demo.second_version", {"original": first.name}))
