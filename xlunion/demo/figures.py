"""Consistent figures for one demo grassroots union, year by year.

Members within workers, parts within wholes, members at each year's end = the previous level + admitted
− leaving; a public school or hospital holds a conference of public servants where an enterprise holds a
workers' conference. Each unit keeps its own rates, varying a little from year to year, so that no
figure looks like an outlier it is not.
"""

from __future__ import annotations

import math
import random

from ..definition import Definition
from ..io.template import Filling
from ..registry import Registry, Unit
from .units import CUTOFF, MAIL_DOMAIN, OWN_CONGRESS, OWN_TARGETS


def child_filling(defn: Definition, registry: Registry, unit: Unit, member: tuple, rng: random.Random,
                  officer: str) -> Filling:
    """A grassroots union's workbook as its officer fills it."""
    _code, _name, kind, size, founded = member
    parent = registry[unit.parent]
    meta = dict(unit_code=unit.code, unit_name=unit.name, level=unit.level_label, parent_code=parent.code,
                parent_name=parent.name, cutoff=CUTOFF, officer=officer,
                phone=f"09{rng.randrange(10**7, 10**8)}", email=f"{unit.code.lower()}@{MAIL_DOMAIN}")
    meta.update(OWN_CONGRESS.get(unit.code, {}))
    figures = Figures(defn, rng, kind, size, founded)
    return Filling(meta=meta, values=figures.values(), notes=figures.notes,
                   targets=dict(OWN_TARGETS.get(unit.code, {})))


class Figures:
    """Consistent yearly figures for one grassroots union. Flows of 2023 cover the half year since the
    province's congress (01/07/2023); a flow has no figure at the start of the term."""

    def __init__(self, defn: Definition, rng: random.Random, kind: str, size: int, founded: int | None):
        from ..core.calendar import year_fractions

        self.defn, self.rng, self.kind, self.size, self.founded = defn, rng, kind, size, founded
        self.levels = [defn.baseline.code] + [p.code for p in defn.years]
        self.years = {p.code: p.year for p in defn.years}
        self.span = year_fractions(defn, defn.term.start)
        self.v: dict[tuple[str, str], float] = {}
        self.rates: dict[str, float] = {}
        self.notes: dict[str, str] = {}
        self.enterprise = kind in ("nn", "ngoai")

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

    def flow(self, period: str, yearly: float) -> int:
        """A yearly count scaled to the part of the year the term covers."""
        return round(yearly * self.span.get(period, 1.0))

    def set(self, period: str, **figures: float) -> None:
        for code, value in figures.items():
            if self.defn[code].applies("baseline" if period == self.levels[0] else "year"):
                self.v[code, period] = value

    def period(self, p: str) -> None:
        if not self.alive(p):
            self.set(p, **dict.fromkeys(_inputs(self.defn, "co_so"), 0))
            return
        self.members(p)
        self.organisation(p)
        self.representation(p)
        self.care(p)
        self.propaganda(p)
        self.party(p)
        self.cadres(p)
        self.finance(p)

    def members(self, p: str) -> None:
        rng, idx = self.rng, self.levels.index(p)
        prev = self.levels[idx - 1] if idx else None
        if prev is None or self.v["DV_TONG", prev] == 0:
            workers = self.size
            members = round(workers * rng.uniform(0.86, 0.98))
            admitted = self.flow(p, members * self.rate("admit", 0.05, 0.09))
            leaving = self.flow(p, members * self.rate("leave", 0.02, 0.05))
            if prev is not None:  # founded this year: everyone joins at once
                admitted, leaving = members, 0
                self.notes["DV_KETNAP"] = f"CĐCS thành lập năm {self.founded}: kết nạp đoàn viên ban đầu."
        else:
            before = self.v["DV_TONG", prev]
            admitted = self.flow(p, before * self.rate("admit", 0.05, 0.09))
            leaving = self.flow(p, before * self.rate("leave", 0.02, 0.05))
            members = before + admitted - leaving
            workers = max(round(self.v["LD_TONG", prev] * rng.uniform(1.0, 1.04)), math.ceil(members / 0.98))
        women = self.rate("women", 0.3, 0.75, spread=0.02)
        self.set(p, LD_TONG=workers, LD_NU=min(round(workers * women), workers), DV_TONG=members,
                 DV_NU=min(round(members * women), members), DV_KETNAP=admitted, DV_GIAM=leaving)

    def rate(self, name: str, low: float, high: float, spread: float = 0.15) -> float:
        """A unit's own rate, drawn once, varying a little from year to year (no false outliers)."""
        if name not in self.rates:
            self.rates[name] = self.rng.uniform(low, high)
        return self.rates[name] * self.rng.uniform(1 - spread, 1 + spread)

    def organisation(self, p: str) -> None:
        founded_now = int(self.founded is not None and self.years.get(p) == self.founded)
        large = int(self.enterprise and self.v["LD_TONG", p] >= 20)
        self.set(p, CDCS_TONG=1, CDCS_NGOAINN=int(self.kind == "ngoai"), CDCS_MOI=founded_now, DN20_CO_CD=large)

    def representation(self, p: str) -> None:
        state, private, public = int(self.kind == "nn"), int(self.kind == "ngoai"), int(self.kind == "hcsn")
        has_cba = int((state or private) and self.rng.random() < 0.9)
        grades = dict.fromkeys(("TU_A", "TU_B", "TU_C", "TU_D", "TU_CXL"), 0)
        if has_cba:
            grades[self.rng.choices(list(grades), weights=(15, 35, 25, 10, 15))[0]] = 1
        strikes = self.flow(p, private * self.chance(0.05))
        disputes = self.flow(p, private * self.chance(0.04))
        crowded = int(self.enterprise and self.v["LD_TONG", p] >= 1000)  # the demo province's own criterion
        self.set(p, DN_NN=state, DN_NN_HNNLD=state * self.chance(0.95), DN_NN_DT=state * self.chance(0.95),
                 DN_NGOAINN=private, DN_NGOAINN_HNNLD=private * self.chance(0.85),
                 DN_NGOAINN_DT=private * self.chance(0.75), HCSN_CO_CD=public,
                 HCSN_HNCB=public * self.chance(0.97),
                 DOITHOAI=self.flow(p, (state or private) * self.rng.randint(1, 4)),
                 CDCS_DONG=crowded, CDCS_DONG_DX=crowded * self.chance(0.8), DN_TULDTT=has_cba, **grades,
                 TU_COLOI=has_cba * self.chance(0.9), TU_KYMOI=self.flow(p, has_cba * self.chance(0.35)),
                 TRANHCHAP=disputes, TRANHCHAP_CD=disputes * self.chance(0.9), NGUNGVIEC=strikes,
                 NGUNGVIEC_CD=strikes * self.chance(0.8), TUVAN_PL=self.flow(p, self.rng.randint(0, 8)),
                 TOTUNG=self.flow(p, private * self.chance(0.05)))

    def care(self, p: str) -> None:
        rng = self.rng
        base = {"nn": 10.5, "ngoai": 8.6, "hcsn": 7.4, "nd": 5.8}[self.kind] * 1e6
        growth = 1.055 ** (self.years.get(p, 2022) - 2022)
        wage = round(base * rng.uniform(0.9, 1.1) * growth, -4)
        self.wage = wage
        workers, members = self.v["LD_TONG", p], self.v["DV_TONG", p]
        in_debt = int(self.kind == "ngoai") * self.chance(0.04)
        support = self.flow(p, members * self.rate("support", 0.02, 0.1))
        tet = self.flow(p, members * self.rate("tet", 0.04, 0.12)) if p != self.levels[1] else 0  # Tết falls in Q1
        self.set(p, LUONG_BQ=wage, LD_LUONG=round(workers * rng.uniform(0.9, 1.0)), NOLUONG_DN=in_debt,
                 NOLUONG_TIEN=round(in_debt * rng.uniform(50, 500), 1), MAIAM_MOI=self.flow(p, self.chance(0.08)),
                 MAIAM_SUA=self.flow(p, self.chance(0.1)), HOTRO_LUOT=support,
                 HOTRO_TIEN=round(support * self.rate("grant", 0.5, 2.0), 1), TET_LUOT=tet,
                 TET_TIEN=round(tet * self.rate("tet_gift", 0.5, 1.0), 1), PHUCLOI=self.flow(p, self.chance(0.2)))

    def propaganda(self, p: str) -> None:
        workers, members = self.v["LD_TONG", p], self.v["DV_TONG", p]
        sessions = self.flow(p, self.rng.randint(2, 5))
        with_women = int(members >= 20 and self.rates["women"] >= 0.3)
        self.set(p, TT_BUOI=sessions, TT_LUOT=self.flow(p, members * self.rate("audience", 0.8, 1.6)),
                 TT_NGUOI=min(round(workers * self.rate("reached", 0.72, 0.97, spread=0.04)), workers),
                 NC_BAN=with_women * self.chance(0.9), NC_HOCGIOI=self.flow(p, round(members / 60)))

    def party(self, p: str) -> None:
        rng = self.rng
        members = self.v["DV_TONG", p]
        introduced = min(self.flow(p, rng.randint(1, 2) + members / 800 * self.rate("party", 0.8, 1.2)),
                         max(members, 0))
        admitted = sum(rng.random() < 0.55 for _ in range(introduced))
        ideas = max(1, self.flow(p, self.v["LD_TONG", p] / 100 * self.rate("ideas", 0.5, 2.0)))
        awarded = self.flow(p, members * self.rate("awards", 0.01, 0.04))
        self.set(p, DANG_GT=introduced, DANG_KN=admitted, DANG_KN_DN=admitted * int(self.kind == "ngoai"),
                 SANGKIEN=ideas, SANGKIEN_LOI=round(ideas * self.rate("idea_value", 5, 50), 1),
                 LDG=self.flow(p, members * self.rate("good_worker", 0.05, 0.15)), CD_MOHINH=self.chance(0.85),
                 KT_TAPTHE=self.flow(p, self.rng.randint(0, 2)), KT_CANHAN=awarded,
                 KT_CANHAN_TT=round(awarded * (0.6 if self.enterprise else 0.2)))

    def cadres(self, p: str) -> None:
        rng = self.rng
        grade = rng.choices(("CDCS_XL_XS", "CDCS_XL_TOT", "CDCS_XL_HT", "CDCS_XL_KHT"), weights=(30, 45, 20, 5))[0]
        cadres = min(3 + self.v["DV_TONG", p] // 100, 15)
        trained = round(cadres * rng.uniform(0.5, 1.0))
        private = int(self.kind == "ngoai")
        places = self.flow(p, cadres * self.rate("places", 0.5, 1.5))
        classes = self.flow(p, rng.randint(0, 2))
        if "chair_trained" not in self.rates:
            self.rates["chair_trained"] = float(self.chance(0.7))
        self.set(p, CDCS_XL_XS=0, CDCS_XL_TOT=0, CDCS_XL_HT=0, CDCS_XL_KHT=0, CB_CDCS=cadres,
                 CB_CDCS_NGOAINN=cadres * private, CB_CDCS_DT=trained, CT_NGOAINN=private,
                 CT_NGOAINN_DT=private * int(self.rates["chair_trained"]), LOP_TH=classes,
                 LOP_TH_NGOAINN=classes * private, LUOT_TH=places, LUOT_TH_NGOAINN=places * private,
                 LOP_PH=self.flow(p, self.chance(0.1)), UBKT_CUOC=self.flow(p, rng.randint(0, 2)))
        self.v[grade, p] = 1

    def finance(self, p: str) -> None:
        """Union dues: 2 % of the payroll (kinh phí) and 1 % of members' wages (đoàn phí), in millions."""
        payroll = self.v["LD_TONG", p] * self.wage * 12 / 1e6
        self.set(p, TC_KPCD=round(self.flow(p, 0.02 * payroll * 10) / 10, 1),
                 TC_DOANPHI=round(self.flow(p, 0.01 * self.v["DV_TONG", p] * self.wage * 12 / 1e6 * 10) / 10, 1))

    def previous_term(self) -> None:
        """Same point of the previous term, for units that kept their old reports: levels at the same
        date, flows cumulated over the same span."""
        base, years = self.levels[0], self.levels[1:]
        for code in _inputs(self.defn, "co_so"):
            ind = self.defn[code]
            if ind.kind == "flow":
                value = sum(self.v.get((code, y)) or 0 for y in years)
            else:
                value = self.v.get((code, base))
            if value is None:
                continue
            self.v[code, "NKT"] = round(value * 0.9, -4) if code == "LUONG_BQ" else (
                round(value * 0.9, 1) if isinstance(value, float) and not value.is_integer() else round(value * 0.9))


def _inputs(defn: Definition, level: str) -> list[str]:
    """The typed indicators a unit of ``level`` fills."""
    return [i.code for i in defn.indicators.values() if not i.computed and level in i.levels]
