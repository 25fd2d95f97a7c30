"""A demo province: its unit registry and a filled workbook for every grassroots union.

The figures are invented but internally consistent (members within workers,
parts within wholes, members at each year's end = the previous level + admitted
− leaving), at the scale of a small province. A handful of files carry the
mistakes officers really make, so that every later step has something to catch.
The same seed always gives the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .definition import Definition
from .io.atomic import atomic_path
from .io.template import Filling, write_workbook
from .legacy import to_tcvn3
from .naming import submission_name
from .registry import Registry, Unit, load_registry

PROVINCE = ("T00", "Liên đoàn Lao động tỉnh Sông Hồng")
MAIL_DOMAIN = "congdoan-songhong.vn"
CUTOFF = dt.date(2025, 12, 31)
REPORT_YEAR = 2025

# (code, name, kind, size, founded year) per union directly above grassroots.
# kind: nn = state enterprise, ngoai = non-state enterprise, hcsn = public body, nd = nghiệp đoàn
_CT01 = [
    ("CD0101", "Công đoàn Trường THPT Bình Minh", "hcsn", 85, None),
    ("CD0102", "Công đoàn Trường THCS Lê Lợi", "hcsn", 62, None),
    ("CD0103", "Công đoàn Bệnh viện Đa khoa Bình Minh", "hcsn", 410, None),
    ("CD0104", "Công đoàn cơ quan Ủy ban nhân dân phường Bình Minh", "hcsn", 48, None),
    ("CD0105", "Công đoàn Công ty TNHH May mặc Bình Minh", "ngoai", 1250, None),
    ("CD0106", "Công đoàn Công ty Cổ phần Bao bì Hồng Phát", "ngoai", 320, None),
    ("CD0107", "Công đoàn Công ty TNHH Thương mại Hải Đăng", "ngoai", 96, None),
    ("CD0108", "Công đoàn Trường Mầm non Hoa Sen", "hcsn", 38, None),
    ("CD0109", "Công đoàn Công ty Cổ phần Xây dựng Minh Khang", "ngoai", 210, None),
    ("CD0110", "Công đoàn Trung tâm Y tế phường Bình Minh", "hcsn", 120, None),
    ("CD0111", "Công đoàn Công ty TNHH Thực phẩm An Bình", "ngoai", 540, 2023),
    ("CD0112", "Công đoàn Công ty TNHH Giày da Thịnh Vượng", "ngoai", 2400, None),
]
_CT02 = [
    ("CD0201", "Công đoàn Trường THCS Tân Phú", "hcsn", 44, None),
    ("CD0202", "Công đoàn Trạm Y tế xã Tân Phú", "hcsn", 22, None),
    ("CD0203", "Công đoàn Trường Tiểu học Tân Phú", "hcsn", 52, None),
    ("CD0204", "Nghiệp đoàn Nông dân và Người lao động tự do xã Tân Phú", "nd", 64, None),
    ("CD0205", "Công đoàn Hợp tác xã Nông nghiệp Tân Phú", "ngoai", 35, None),
    ("CD0206", "Công đoàn Công ty TNHH Chế biến Gỗ Tân Phú", "ngoai", 380, None),
    ("CD0207", "Công đoàn Công ty Cổ phần Gạch ngói Sông Hồng", "ngoai", 160, None),
    ("CD0208", "Công đoàn cơ quan Ủy ban nhân dân xã Tân Phú", "hcsn", 41, None),
    ("CD0209", "Công đoàn Công ty TNHH Nông sản Xanh", "ngoai", 120, 2025),
    ("CD0210", "Nghiệp đoàn Vận tải xã Tân Phú", "nd", 46, None),
]
_CT03 = [
    ("CD0301", "Công đoàn Công ty TNHH Điện tử Sông Hồng Vina", "ngoai", 13000, None),
    ("CD0302", "Công đoàn Công ty TNHH Linh kiện Ô tô Việt Nhật", "ngoai", 2800, None),
    ("CD0303", "Công đoàn Công ty TNHH May xuất khẩu Phú Thịnh", "ngoai", 3600, None),
    ("CD0304", "Công đoàn Công ty TNHH Nhựa Kỹ thuật Đông Á", "ngoai", 640, None),
    ("CD0305", "Công đoàn Công ty TNHH Dệt kim Hưng Long", "ngoai", 1900, None),
    ("CD0306", "Công đoàn Công ty TNHH Cơ khí Chính xác Sao Mai", "ngoai", 450, None),
    ("CD0307", "Công đoàn Công ty TNHH Bao bì Giấy Hoàn Cầu", "ngoai", 280, None),
    ("CD0308", "Công đoàn Công ty TNHH Thiết bị Y tế Bình An", "ngoai", 720, 2024),
    ("CD0309", "Công đoàn Công ty TNHH Dược phẩm Trường Sinh", "ngoai", 390, None),
    ("CD0310", "Công đoàn Công ty TNHH Giày thể thao Tiến Phát", "ngoai", 5200, None),
]
_DIRECT = [
    ("CD0901", "Công đoàn Công ty Điện lực Sông Hồng", "nn", 760, None),
    ("CD0902", "Công đoàn Công ty TNHH Một thành viên Cấp thoát nước Sông Hồng", "nn", 430, None),
    ("CD0903", "Công đoàn Công ty TNHH Một thành viên Xổ số kiến thiết Sông Hồng", "nn", 150, None),
]
_ABOVE = [
    ("CT01", "Công đoàn phường Bình Minh", _CT01, "H02"),
    ("CT02", "Công đoàn xã Tân Phú", _CT02, "H01"),
    ("CT03", "Công đoàn các Khu công nghiệp tỉnh Sông Hồng", _CT03, None),
]
_OFFICERS = ["Nguyễn Thị Hương", "Trần Văn Dũng", "Lê Thị Thu Hà", "Phạm Minh Tuấn", "Hoàng Thị Lan",
             "Vũ Đức Thắng", "Đặng Thị Ngọc Ánh", "Bùi Quang Huy", "Đỗ Thị Mai", "Ngô Văn Khánh"]


@dataclass
class DemoResult:
    registry: Path
    children: list[Path] = field(default_factory=list)
    mistakes: list[tuple[Path, str, dict]] = field(default_factory=list)
    """(file, message key, values): the planted mistakes, as messages in both languages."""


def demo_registry_rows() -> list[dict[str, str]]:
    rows = [dict(code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", level="tw", parent=""),
            dict(code=PROVINCE[0], name=PROVINCE[1], level="tinh", parent="TLD", email=f"tonghop@{MAIL_DOMAIN}")]
    rows += [
        dict(code="H01", name="Liên đoàn Lao động huyện Tân Phú", level="cap_tren", parent="T00",
             valid_to="2025-06-30", merged_into="CT02"),
        dict(code="H02", name="Liên đoàn Lao động thành phố Bình Minh", level="cap_tren", parent="T00",
             valid_to="2025-06-30", merged_into="CT01"),
    ]
    for code, name, members, _old in _ABOVE:
        since = "" if code == "CT03" else "2025-07-01"
        rows.append(dict(code=code, name=name, level="cap_tren", parent="T00", valid_from=since,
                         email=f"{code.lower()}@{MAIL_DOMAIN}"))
        rows += [_cdcs_row(m, code) for m in members]
    rows += [_cdcs_row(m, "T00") for m in _DIRECT]
    # A school merged into another during the term: its baseline belongs to CD0203 now.
    rows.append(dict(code="CD0299", name="Công đoàn Trường Tiểu học Tân Phú B", level="co_so", parent="CT02",
                     valid_to="2024-08-31", merged_into="CD0203"))
    return rows


def _cdcs_row(member: tuple, parent: str) -> dict[str, str]:
    code, name, _kind, _size, founded = member
    return dict(code=code, name=name, level="co_so", parent=parent,
                valid_from=f"{founded}-03-01" if founded else "", email=f"{code.lower()}@{MAIL_DOMAIN}")


def write_registry(path: Path, rows: list[dict[str, str]] | None = None) -> Path:
    """The registry CSV of ``rows`` (default: the demo province's)."""
    columns = ("code", "name", "level", "parent", "valid_from", "valid_to", "merged_into", "email")
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(demo_registry_rows() if rows is None else rows)
    return path


def write_demo(defn: Definition, out: str | Path, seed: int = 2025) -> DemoResult:
    """Write the registry and every CĐCS workbook (with the planted mistakes) under ``out``."""
    out = Path(out)
    inbox, marker = out / "inbox", out / ".xlunion-demo"
    if inbox.exists():
        if not marker.exists():  # never wipe an inbox the demo did not write
            from .errors import XlunionError

            raise XlunionError(out, "demo.not_demo_dir")
        shutil.rmtree(inbox)  # a rerun gives exactly the same set of files
    out.mkdir(parents=True, exist_ok=True)
    marker.write_text("xlunion demo\n", encoding="utf-8")
    result = DemoResult(registry=write_registry(out / "registry.csv"))
    registry = load_registry(result.registry)
    kinds = {m[0]: m for group in (_CT01, _CT02, _CT03, _DIRECT) for m in group}
    for i, (code, member) in enumerate(sorted(kinds.items())):
        unit = registry[code]
        rng = random.Random(f"{seed}:{code}")
        filling = _filling(defn, registry, unit, member, rng, officer=_OFFICERS[i % len(_OFFICERS)])
        path = inbox / unit.parent / submission_name(defn.short, REPORT_YEAR, code, unit.name)
        result.children.append(write_workbook(defn, path, filling))
    _plant_mistakes(defn, registry, result, kinds, seed)
    result.children.sort()
    _received_times(result.children)
    return result


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


@dataclass
class ChainResult:
    findings: int = 0
    errors: int = 0
    files: int = 0
    consolidated: list[Path] = field(default_factory=list)
    province: Path | None = None
    summaries: list = field(default_factory=list)
    """(unit, Consolidation) for every consolidating unit, the province last."""


@dataclass
class MailRoundTrip:
    drafts: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)
    pulled: object = None
    consolidated: Path | None = None
    result: object = None


def mail_round_trip(defn: Definition, out: Path, demo: DemoResult, parent: str = "CT03") -> MailRoundTrip:
    """Every child of ``parent`` “sent” as an .eml draft, pulled into an inbox with a ledger,
    then consolidated from the ledger's latest valid submission of each unit."""
    from .consolidation import consolidate_files
    from .ledger import Ledger
    from .mail.inbox import mails_from_dir, pull
    from .mail.outbox import prepare
    from .mail.send import SmtpConfig, write_draft

    registry = load_registry(demo.registry)
    trip = MailRoundTrip()
    outbox, inbox = out / "thu-di", out / "hop-thu"
    for path in sorted((out / "inbox" / parent).glob("*.xlsx")):
        config = SmtpConfig(to=[registry[parent].email or f"{parent.lower()}@{MAIL_DOMAIN}"])
        sent = dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")  # the demo's clock
        outgoing = prepare(defn, path, config, version=2 if path.stem.endswith("_v2") else 1, stamp_time=sent)
        if outgoing.refused:
            trip.refused.append(path)
            continue
        trip.drafts.append(write_draft(outgoing.message, outbox / f"{path.stem}.eml"))
    ledger = Ledger(inbox / "ledger.sqlite")
    trip.pulled = pull(mails_from_dir(outbox), inbox, ledger, defn, registry)
    files = [Path(e.file) for e in ledger.latest(defn.id, defn.term.name)]
    ledger.close()
    trip.consolidated = out / f"{defn.short}_{REPORT_YEAR}_{parent}_tu-so-theo-doi.xlsx"
    trip.result = consolidate_files(files, registry, parent, trip.consolidated, defn)
    return trip


def run_chain(defn: Definition, out: Path, demo: DemoResult) -> ChainResult:
    """Validate every CĐCS, consolidate each union above them, then the province."""
    from .consolidation import consolidate_files
    from .validation import validate_files

    registry = load_registry(demo.registry)
    report = validate_files(demo.children, defn, registry.parents())
    chain = ChainResult(findings=len(report.findings), files=len(report.files),
                        errors=sum(f.severity == "error" for f in report.findings))
    folder = out / "tong-hop"
    for code, _name, _members, _old in _ABOVE:
        target = folder / f"{defn.short}_{REPORT_YEAR}_{code}_tong-hop.xlsx"
        result = consolidate_files([out / "inbox" / code], registry, code, target, defn, deadline=DEADLINE)
        sent = (DEADLINE + dt.timedelta(days=3)).timestamp()  # sent up before the province's own deadline
        os.utime(target, (sent, sent))
        chain.consolidated.append(target)
        chain.summaries.append((code, result))
    province = out / f"{defn.short}_{REPORT_YEAR}_{PROVINCE[0]}_tong-hop-tinh.xlsx"
    result = consolidate_files([folder, out / "inbox" / PROVINCE[0]], registry, PROVINCE[0], province, defn,
                               deadline=PROVINCE_DEADLINE)
    chain.province = province
    chain.summaries.append((PROVINCE[0], result))
    return chain


def _filling(defn: Definition, registry: Registry, unit: Unit, member: tuple, rng: random.Random,
             officer: str) -> Filling:
    _code, _name, kind, size, founded = member
    parent = registry[unit.parent]
    meta = dict(unit_code=unit.code, unit_name=unit.name, level=unit.level_label, parent_code=parent.code,
                parent_name=parent.name, cutoff=CUTOFF, officer=officer,
                phone=f"09{rng.randrange(10**7, 10**8)}", email=f"{unit.code.lower()}@{MAIL_DOMAIN}")
    figures = _Figures(defn, rng, kind, size, founded)
    return Filling(meta=meta, values=figures.values(), notes=figures.notes)


class _Figures:
    """Consistent yearly figures for one grassroots union."""

    def __init__(self, defn: Definition, rng: random.Random, kind: str, size: int, founded: int | None):
        self.rng, self.kind, self.size, self.founded = rng, kind, size, founded
        self.levels = [defn.baseline.code] + [p.code for p in defn.years]
        self.years = {p.code: p.year for p in defn.years}
        self.v: dict[tuple[str, str], float] = {}
        self.rates: dict[str, float] = {}
        self.notes: dict[str, str] = {}

    def alive(self, period: str) -> bool:
        year = self.years.get(period, 2022)
        return self.founded is None or year >= self.founded

    def values(self) -> dict[tuple[str, str], float]:
        for p in self.levels:
            self.period(p)
        if not self.founded and self.rng.random() < 0.5:
            self.previous_term()
        return self.v

    def chance(self, p: float) -> int:
        return int(self.rng.random() < p)

    def set(self, period: str, **figures: float) -> None:
        for code, value in figures.items():
            self.v[code, period] = value

    def period(self, p: str) -> None:
        if not self.alive(p):
            for code in _ALL_INPUTS:
                self.v[code, p] = 0
            return
        self.members(p)
        self.organisation(p)
        self.representation(p)
        self.care(p)
        self.party(p)
        self.cadres(p)

    def members(self, p: str) -> None:
        rng, idx = self.rng, self.levels.index(p)
        prev = self.levels[idx - 1] if idx else None
        if prev is None or self.v["DV_TONG", prev] == 0:
            workers = self.size
            members = round(workers * rng.uniform(0.86, 0.98))
            admitted = round(members * self.rate("admit", 0.05, 0.09))
            leaving = round(members * self.rate("leave", 0.02, 0.05))
            if prev is not None:  # founded this year: everyone joins at once
                admitted, leaving = members, 0
                self.notes["DV_KETNAP"] = f"CĐCS thành lập năm {self.founded}: kết nạp đoàn viên ban đầu."
        else:
            before = self.v["DV_TONG", prev]
            admitted = round(before * self.rate("admit", 0.05, 0.09))
            leaving = round(before * self.rate("leave", 0.02, 0.05))
            members = before + admitted - leaving
            workers = max(round(self.v["LD_TONG", prev] * rng.uniform(1.0, 1.04)), math.ceil(members / 0.98))
        women = round(members * self.rate("women", 0.3, 0.75, spread=0.02))
        self.set(p, LD_TONG=workers, DV_TONG=members, DV_NU=min(women, members), DV_KETNAP=admitted,
                 DV_GIAM=leaving)

    def rate(self, name: str, low: float, high: float, spread: float = 0.15) -> float:
        """A unit's own rate, drawn once, varying a little from year to year (no false outliers)."""
        if name not in self.rates:
            self.rates[name] = self.rng.uniform(low, high)
        return self.rates[name] * self.rng.uniform(1 - spread, 1 + spread)

    def organisation(self, p: str) -> None:
        enterprise = self.kind in ("nn", "ngoai")
        founded_now = int(self.founded is not None and self.years.get(p) == self.founded)
        large = int(enterprise and self.v["LD_TONG", p] >= 25)
        self.set(p, CDCS_TONG=1, CDCS_NGOAINN=int(self.kind == "ngoai"), CDCS_MOI=founded_now,
                 DN25_TONG=large, DN25_CO_CD=large)

    def representation(self, p: str) -> None:
        state, private = int(self.kind == "nn"), int(self.kind == "ngoai")
        has_cba = int((state or private) and self.rng.random() < 0.9)
        grades = dict.fromkeys(("TU_A", "TU_B", "TU_C", "TU_D", "TU_CXL"), 0)
        if has_cba:
            grades[self.rng.choices(list(grades), weights=(15, 35, 25, 10, 15))[0]] = 1
        strikes = private * self.chance(0.05)
        self.set(p, DN_NN=state, DN_NN_HNNLD=state * self.chance(0.95), DN_NGOAINN=private,
                 DN_NGOAINN_HNNLD=private * self.chance(0.85), DN_NGOAINN_DT=private * self.chance(0.75),
                 DOITHOAI=(state or private) * self.rng.randint(1, 4), DN_TULDTT=has_cba, **grades,
                 TU_KYMOI=has_cba * self.chance(0.35), TRANHCHAP=private * self.chance(0.03),
                 NGUNGVIEC=strikes, NGUNGVIEC_CD=strikes * self.chance(0.8))

    def care(self, p: str) -> None:
        rng = self.rng
        base = {"nn": 10.5, "ngoai": 8.6, "hcsn": 7.4, "nd": 5.8}[self.kind] * 1e6
        growth = 1.055 ** (self.years.get(p, 2022) - 2022)
        wage = round(base * rng.uniform(0.9, 1.1) * growth, -4)
        workers = self.v["LD_TONG", p]
        in_debt = int(self.kind == "ngoai") * self.chance(0.04)
        support = round(self.v["DV_TONG", p] * self.rate("support", 0.02, 0.1))
        self.set(p, LUONG_BQ=wage, LD_LUONG=round(workers * rng.uniform(0.9, 1.0)), NOLUONG_DN=in_debt,
                 NOLUONG_TIEN=round(in_debt * rng.uniform(50, 500), 1), MAIAM_MOI=self.chance(0.08),
                 MAIAM_SUA=self.chance(0.1), TUVAN_PL=rng.randint(0, 8), HOTRO_LUOT=support,
                 HOTRO_TIEN=round(support * self.rate("grant", 0.5, 2.0), 1))

    def party(self, p: str) -> None:
        rng = self.rng
        members = self.v["DV_TONG", p]
        introduced = min(rng.randint(1, 2) + round(members / 800 * self.rate("party", 0.8, 1.2)), max(members, 0))
        admitted = sum(rng.random() < 0.55 for _ in range(introduced))
        ideas = max(1, round(self.v["LD_TONG", p] / 100 * self.rate("ideas", 0.5, 2.0))) + self.chance(0.3)
        self.set(p, DANG_GT=introduced, DANG_KN=admitted, DANG_KN_DN=admitted * int(self.kind == "ngoai"),
                 SANGKIEN=ideas, SANGKIEN_LOI=round(ideas * self.rate("idea_value", 5, 50), 1),
                 LDG=round(members * self.rate("good_worker", 0.05, 0.15)))

    def cadres(self, p: str) -> None:
        rng = self.rng
        grade = rng.choices(("CDCS_XL_XS", "CDCS_XL_TOT", "CDCS_XL_HT", "CDCS_XL_KHT"), weights=(30, 45, 20, 5))[0]
        cadres = min(3 + self.v["DV_TONG", p] // 100, 15)
        trained = round(cadres * rng.uniform(0.5, 1.0))
        private = int(self.kind == "ngoai")
        places = round(cadres * self.rate("places", 0.5, 1.5))
        self.set(p, CDCS_XL_XS=0, CDCS_XL_TOT=0, CDCS_XL_HT=0, CDCS_XL_KHT=0, CB_CDCS=cadres,
                 CB_CDCS_NGOAINN=cadres * private, CB_CDCS_DT=trained, LOP_TH=rng.randint(0, 2),
                 LUOT_TH=places, LUOT_TH_NGOAINN=places * private)
        self.v[grade, p] = 1

    def previous_term(self) -> None:
        """Same point of the previous term, for units that kept their old reports."""
        base = self.levels[0]
        for code in _ALL_INPUTS:
            value = self.v[code, base]
            self.v[code, "NKT"] = round(value * 0.9, -4) if code == "LUONG_BQ" else (
                round(value * 0.9, 1) if isinstance(value, float) and not value.is_integer() else round(value * 0.9))


_ALL_INPUTS = (
    "LD_TONG", "DV_TONG", "DV_NU", "DV_KETNAP", "DV_GIAM", "CDCS_TONG", "CDCS_NGOAINN", "CDCS_MOI", "DN25_TONG",
    "DN25_CO_CD", "DN_NN", "DN_NN_HNNLD", "DN_NGOAINN", "DN_NGOAINN_HNNLD", "DN_NGOAINN_DT", "DOITHOAI",
    "DN_TULDTT", "TU_A", "TU_B", "TU_C", "TU_D", "TU_CXL", "TU_KYMOI", "TRANHCHAP", "NGUNGVIEC", "NGUNGVIEC_CD",
    "LUONG_BQ", "LD_LUONG", "NOLUONG_DN", "NOLUONG_TIEN", "MAIAM_MOI", "MAIAM_SUA", "TUVAN_PL", "HOTRO_LUOT",
    "HOTRO_TIEN", "DANG_GT", "DANG_KN", "DANG_KN_DN", "SANGKIEN", "SANGKIEN_LOI", "LDG", "CDCS_XL_XS",
    "CDCS_XL_TOT", "CDCS_XL_HT", "CDCS_XL_KHT", "CB_CDCS", "CB_CDCS_NGOAINN", "CB_CDCS_DT", "LOP_TH", "LUOT_TH",
    "LUOT_TH_NGOAINN",
)


def _plant_mistakes(defn: Definition, registry: Registry, result: DemoResult, kinds: dict, seed: int) -> None:
    """Rewrite a few children with the mistakes officers make, and add a duplicate."""
    by_code = {p.name.split("_")[2]: p for p in result.children}

    def regenerate(code: str) -> Filling:
        rng = random.Random(f"{seed}:{code}")
        officer = _OFFICERS[sorted(kinds).index(code) % len(_OFFICERS)]
        return _filling(defn, registry, registry[code], kinds[code], rng, officer=officer)

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

    rewrite("CD0105", "demo.part_over_whole", women_over_members, part="DV_NU", whole="DV_TONG", period="N2025")
    rewrite("CD0301", "demo.text_number", text_number, code="LD_TONG", period="N2025")
    rewrite("CD0203", "demo.legacy_font", legacy_font, font=".VnTime")
    rewrite("CD0207", "demo.missing", missing_value, code="DV_KETNAP", period="N2024")
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


# A synthetic province of any size, for benchmarks and batch tests ---------------------------------

def write_province(defn: Definition, out: str | Path, children: int, seed: int = 2025,
                   workers: int = 1) -> DemoResult:
    """A registry with ``children`` CĐCS directly under the province and one clean workbook
    each (no planted mistakes), in ``out``; the kinds and sizes of the demo's unions, cycled."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    members = [m for group in (_CT01, _CT02, _CT03, _DIRECT) for m in group]
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
    from .definition import definition_at

    defn = definition_at(source)
    registry = _REGISTRIES.get(registry_path) or _REGISTRIES.setdefault(registry_path, load_registry(registry_path))
    unit = registry[code]
    rng = random.Random(f"{seed}:{code}")
    filling = _filling(defn, registry, unit, (code, *member[1:]), rng, officer=_OFFICERS[len(code) % len(_OFFICERS)])
    path = Path(inbox) / submission_name(defn.short, REPORT_YEAR, code, unit.name)
    return str(write_workbook(defn, path, filling))
