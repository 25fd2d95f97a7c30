"""The demo province's units: who they are, the registry that lists them, and what each union above
grassroots did itself over the term (its own sheet, “Số liệu cấp mình”).

Invented, at the scale of a small province, after the source documents: the province's own training
repeats the Quảng Trị report's 33 classes for 2,942 grassroots officers, 12 of them for 1,095 officers of
non-state unions (003_a2ce9a98006cb44d.txt). Two district federations ended on 30/06/2025 and their
areas became a ward and a commune union; the industrial-zone union went on.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ..io.atomic import atomic_path

PROVINCE = ("T00", "Liên đoàn Lao động tỉnh Sông Hồng")
MAIL_DOMAIN = "congdoan-songhong.vn"
CUTOFF = dt.date(2025, 12, 31)
REPORT_YEAR = 2025

# (code, name, kind, size, founded year) per union directly above grassroots.
# kind: nn = state enterprise, ngoai = non-state enterprise, hcsn = public body, nd = nghiệp đoàn
CT01_CDCS = [
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
CT02_CDCS = [
    ("CD0201", "Công đoàn Trường THCS Tân Phú", "hcsn", 44, None),
    ("CD0202", "Công đoàn Trạm Y tế xã Tân Phú", "hcsn", 22, None),
    ("CD0203", "Công đoàn Trường Tiểu học Tân Phú", "hcsn", 52, None),
    ("CD0204", "Nghiệp đoàn Bốc xếp xã Tân Phú", "nd", 64, None),
    ("CD0205", "Công đoàn Hợp tác xã Nông nghiệp Tân Phú", "ngoai", 35, None),
    ("CD0206", "Công đoàn Công ty TNHH Chế biến Gỗ Tân Phú", "ngoai", 380, None),
    ("CD0207", "Công đoàn Công ty Cổ phần Gạch ngói Sông Hồng", "ngoai", 160, None),
    ("CD0208", "Công đoàn cơ quan Ủy ban nhân dân xã Tân Phú", "hcsn", 41, None),
    ("CD0209", "Công đoàn Công ty TNHH Nông sản Xanh", "ngoai", 120, 2025),
    ("CD0210", "Nghiệp đoàn Vận tải xã Tân Phú", "nd", 46, None),
]
CT03_CDCS = [
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
DIRECT_CDCS = [
    ("CD0901", "Công đoàn Công ty Điện lực Sông Hồng", "nn", 760, None),
    ("CD0902", "Công đoàn Công ty TNHH Một thành viên Cấp thoát nước Sông Hồng", "nn", 430, None),
    ("CD0903", "Công đoàn Công ty TNHH Một thành viên Xổ số kiến thiết Sông Hồng", "nn", 150, None),
]
ABOVE = [
    ("CT01", "Công đoàn phường Bình Minh", CT01_CDCS, "H02"),
    ("CT02", "Công đoàn xã Tân Phú", CT02_CDCS, "H01"),
    ("CT03", "Công đoàn các Khu công nghiệp tỉnh Sông Hồng", CT03_CDCS, None),
]
ALL_CDCS = {m[0]: m for group in (CT01_CDCS, CT02_CDCS, CT03_CDCS, DIRECT_CDCS) for m in group}
"""Unit code → (code, name, kind, size, founded year) of every grassroots union."""
OFFICERS = ["Nguyễn Thị Hương", "Trần Văn Dũng", "Lê Thị Thu Hà", "Phạm Minh Tuấn", "Hoàng Thị Lan",
             "Vũ Đức Thắng", "Đặng Thị Ngọc Ánh", "Bùi Quang Huy", "Đỗ Thị Mai", "Ngô Văn Khánh"]


PROVINCE_ENTERPRISES = {"DNK": 30, "N2023": 31, "N2024": 33, "N2025": 34}
"""Enterprises with 20 workers or more in the demo province, with a union or not: the province's own
data (from the labour and tax offices), kept in its registry row; no child can know them."""


def demo_registry_rows() -> list[dict[str, str]]:
    figures = {f"DN20_TONG|{period}": str(n) for period, n in PROVINCE_ENTERPRISES.items()}
    rows = [dict(code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", level="tw", parent=""),
            dict(code=PROVINCE[0], name=PROVINCE[1], level="tinh", parent="TLD", email=f"tonghop@{MAIL_DOMAIN}",
                 **figures)]
    rows += [
        dict(code="H01", name="Liên đoàn Lao động huyện Tân Phú", level="cap_tren", parent="T00",
             valid_to="2025-06-30", merged_into="CT02"),
        dict(code="H02", name="Liên đoàn Lao động thành phố Bình Minh", level="cap_tren", parent="T00",
             valid_to="2025-06-30", merged_into="CT01"),
    ]
    for code, name, members, _old in ABOVE:
        since = "" if code == "CT03" else "2025-07-01"
        rows.append(dict(code=code, name=name, level="cap_tren", parent="T00", valid_from=since,
                         email=f"{code.lower()}@{MAIL_DOMAIN}"))
        rows += [_cdcs_row(m, code) for m in members]
    rows += [_cdcs_row(m, "T00") for m in DIRECT_CDCS]
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
    rows = demo_registry_rows() if rows is None else rows
    columns = ["code", "name", "level", "parent", "valid_from", "valid_to", "merged_into", "email"]
    columns += sorted({k for row in rows for k in row} - set(columns))
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


# What each union above grassroots did itself, by year: (2023 from its congress, 2024, 2025), and for a
# level also the start of the term, (DNK, 2023, 2024, 2025). A district federation that ended on
# 30/06/2025 reports its first half of 2025; the ward and commune unions that took over, the second.
OWN_ACTIVITIES: dict[str, dict[str, tuple]] = {
    "T00": {
        "LOP_TH": (6, 14, 13), "LUOT_TH": (520, 1230, 1192), "LOP_TH_NGOAINN": (2, 5, 5),
        "LUOT_TH_NGOAINN": (190, 455, 450), "MAIAM_MOI": (38, 82, 86), "MAIAM_SUA": (9, 16, 18),
        "HOTRO_LUOT": (620, 1310, 1405), "HOTRO_TIEN": (1240.0, 2710.5, 2985.0), "TET_LUOT": (0, 3200, 3450),
        "TET_TIEN": (0.0, 2880.0, 3105.0), "PHUCLOI": (1, 3, 2), "TT_BUOI": (12, 30, 28),
        "TT_LUOT": (1400, 3650, 3300), "NC_HOCGIOI": (150, 320, 340), "KT_TAPTHE": (10, 25, 28),
        "KT_CANHAN": (30, 95, 110), "KT_CANHAN_TT": (12, 40, 52), "UBKT_CUOC": (3, 8, 9),
        "TC_KPCD": (5200.0, 11800.0, 12600.0), "TUVAN_PL": (85, 190, 205), "TOTUNG": (1, 3, 2), "LOP_PH": (1, 2, 2),
    },
    "CT03": {
        "LOP_TH": (1, 3, 3), "LUOT_TH": (90, 260, 240), "LOP_TH_NGOAINN": (1, 3, 3), "LUOT_TH_NGOAINN": (90, 260, 240),
        "MAIAM_MOI": (1, 2, 3), "MAIAM_SUA": (0, 1, 1), "TUVAN_PL": (20, 48, 52), "TOTUNG": (1, 1, 2),
        "HOTRO_LUOT": (60, 140, 150), "HOTRO_TIEN": (90.0, 210.0, 232.5), "TET_LUOT": (0, 600, 650),
        "TET_TIEN": (0.0, 540.0, 585.0), "TT_BUOI": (4, 10, 9), "TT_LUOT": (600, 1500, 1350), "KT_TAPTHE": (2, 5, 6),
        "KT_CANHAN": (8, 20, 22), "KT_CANHAN_TT": (5, 14, 15), "UBKT_CUOC": (1, 2, 2), "TC_KPCD": (310.0, 720.0, 760.0),
        "LOP_PH": (0, 1, 1), "CTCS_DX": (1, 1, 1, 1), "CD_MOHINH": (1, 1, 1, 1), "DN20_TONG": (13, 13, 14, 15),
    },
    "H02": {
        "LOP_TH": (1, 2, 1), "LUOT_TH": (70, 150, 60), "MAIAM_MOI": (0, 1, 0), "TUVAN_PL": (10, 22, 9),
        "TT_BUOI": (3, 6, 3), "TT_LUOT": (300, 700, 320), "KT_TAPTHE": (1, 3, 0), "KT_CANHAN": (4, 9, 0),
        "UBKT_CUOC": (1, 1, 1), "TC_KPCD": (150.0, 330.0, 160.0),
        "CTCS_DX": (1, 1, 1, None), "CD_MOHINH": (1, 1, 1, None), "DN20_TONG": (8, 8, 8, None),
    },
    "H01": {
        "LOP_TH": (1, 1, 1), "LUOT_TH": (45, 80, 40), "TUVAN_PL": (6, 14, 5), "TT_BUOI": (2, 5, 2),
        "TT_LUOT": (180, 450, 200), "UBKT_CUOC": (0, 1, 1), "TC_KPCD": (70.0, 160.0, 75.0),
        "CTCS_DX": (1, 0, 1, None), "CD_MOHINH": (0, 1, 1, None), "DN20_TONG": (6, 6, 7, None),
    },
    "CT01": {
        "LOP_TH": (None, None, 1), "LUOT_TH": (None, None, 60), "MAIAM_MOI": (None, None, 1),
        "TUVAN_PL": (None, None, 8), "TT_BUOI": (None, None, 2), "TT_LUOT": (None, None, 250),
        "UBKT_CUOC": (None, None, 1), "TC_KPCD": (None, None, 170.0),
        "CTCS_DX": (None, None, None, 1), "CD_MOHINH": (None, None, None, 1), "DN20_TONG": (None, None, None, 8),
    },
    "CT02": {
        "LOP_TH": (None, None, 1), "LUOT_TH": (None, None, 45), "TUVAN_PL": (None, None, 6), "TT_BUOI": (None, None, 2),
        "TT_LUOT": (None, None, 180), "TC_KPCD": (None, None, 95.0),
        "CTCS_DX": (None, None, None, 0), "CD_MOHINH": (None, None, None, 1), "DN20_TONG": (None, None, None, 7),
    },
}
"""Own activities of the unions above grassroots, as their officers would type them."""

OWN_META: dict[str, dict[str, object]] = {
    "T00": {"officer": "Phạm Thu Trang", "congress_date": dt.date(2023, 7, 1),
            "resolution": "Nghị quyết Đại hội Công đoàn tỉnh Sông Hồng lần thứ XI (số 01-NQ/ĐH, ngày 01/07/2023)"},
    "CT03": {"officer": "Lương Văn Nam", "congress_date": dt.date(2023, 5, 20),
             "resolution": "Nghị quyết Đại hội Công đoàn các Khu công nghiệp tỉnh Sông Hồng lần thứ V "
                             "(số 05-NQ/ĐH, ngày 20/05/2023)"},
    "H02": {"officer": "Trịnh Thị Hoa", "congress_date": dt.date(2023, 6, 10),
            "resolution": "Nghị quyết Đại hội Công đoàn thành phố Bình Minh lần thứ VI (số 02-NQ/ĐH, "
                            "ngày 10/06/2023)"},
    "H01": {"officer": "Đinh Văn Lộc", "congress_date": dt.date(2023, 6, 25)},
    "CT01": {"officer": "Trịnh Thị Hoa"},
    "CT02": {"officer": "Đinh Văn Lộc"},
}
"""Who types each union's own workbook, and the congress it held (the ward and commune unions set up on
01/07/2025 held none yet)."""

OWN_TARGETS: dict[str, dict[str, float]] = {
    "CD0305": {"TL_DV_LD": 0.98, "SANGKIEN": 25, "TL_DN_TULDTT": 1.0},
}
"""Targets a grassroots union typed on its own “Chỉ tiêu” sheet (its own congress's resolution)."""
OWN_CONGRESS: dict[str, dict[str, object]] = {
    "CD0305": {"congress_date": dt.date(2023, 3, 15),
               "resolution": "Nghị quyết Đại hội Công đoàn Công ty TNHH Dệt kim Hưng Long lần thứ IV, nhiệm kỳ "
                             "2023–2028"},
}


def own_values(defn, code: str) -> dict[tuple[str, str], float]:
    """(indicator, period) → the own-activity figures of ``code`` (blank ones left out)."""
    out = {}
    for indicator, figures in OWN_ACTIVITIES.get(code, {}).items():
        periods = [p.code for p in defn.years] if len(figures) == len(defn.years) else \
            [defn.baseline.code, *(p.code for p in defn.years)]
        out.update({(indicator, p): v for p, v in zip(periods, figures, strict=True) if v is not None})
    return out
