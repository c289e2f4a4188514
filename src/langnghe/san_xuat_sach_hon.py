"""The arithmetic of cleaner production (module 4): balances, wastewater limits, option economics, CO2.

Limits, coefficient tables and emission factors come from the dated parameter file
`params/san_xuat_sach_hon.toml`, so a sample is judged by the rules in force on its date.
Maintainer-facing names are English; the lessons show the same arithmetic step by step
and the assignment asks trainees to write kq(), kf(), cmax(), npv() and irr() themselves.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from .params import tham_so

LIMITS = "qcvn40_2011_gioi_han"
KQ = "qcvn40_2011_he_so_kq"
KF = "qcvn40_2011_he_so_kf"
STANDARD = "quy_chuan_nuoc_thai_cong_nghiep"
FUELS = "ipcc_2006_nhien_lieu"
RIVER, LAKE = "sông", "hồ"
COLUMNS = ("A", "B")


# ------------------------------------------------------------------ material balance
def balance_closure(inputs: Iterable[float], outputs: Iterable[float]) -> float:
    """Measured outputs ÷ inputs of one balance (1.0 = every kg found again)."""
    total_in = float(sum(inputs))
    if total_in <= 0:
        raise ValueError("Tổng đầu vào phải lớn hơn 0 mới tính được độ khép kín của cân bằng.")
    return float(sum(outputs)) / total_in


def unaccounted(inputs: Iterable[float], outputs: Iterable[float]) -> float:
    """What went in and was not measured going out (kg, m³ or MJ; negative if outputs exceed inputs)."""
    return float(sum(inputs)) - float(sum(outputs))


# ------------------------------------------------------------------ QCVN 40:2011 coefficients
def _number(x, what: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) and not hasattr(x, "__float__"):
        raise TypeError(f"{what} phải là một con số, nhưng nhận được {x!r}.")
    value = float(x)
    if math.isnan(value) or value < 0:
        raise ValueError(f"{what} phải là một số không âm, nhưng nhận được {x!r}.")
    return value


def _lookup(table: list[dict], value: float) -> float:
    """The coefficient of the first row whose upper bound `den` is at least `value` (bounds inclusive)."""
    for row in table:
        if value <= row["den"]:
            return float(row["he_so"])
    raise ValueError(f"Bảng hệ số không có dòng cho giá trị {value}.")  # unreachable: last bound is inf


def kq(flow: float, source: str = RIVER, date=None) -> float:
    """Receiving-water coefficient Kq: river flow Q (m³/s) for a river, volume V (m³) for a lake."""
    table = tham_so(KQ, date)
    if source == RIVER:
        return _lookup(table["song"], _number(flow, "Lưu lượng dòng chảy Q của sông (m³/s)"))
    if source == LAKE:
        return _lookup(table["ho"], _number(flow, "Dung tích V của hồ (m³)"))
    raise ValueError(f"Nguồn tiếp nhận phải là {RIVER!r} hoặc {LAKE!r}, nhưng nhận được {source!r}.")


def kf(discharge: float, date=None) -> float:
    """Discharge coefficient Kf from the facility's wastewater flow F (m³ per day)."""
    return _lookup(tham_so(KF, date)["bang"], _number(discharge, "Lưu lượng nước thải F (m³/ngày)"))


def limit_table(date=None) -> dict:
    """The QCVN 40:2011 parameters: code -> {ten, don_vi, A, B}, and the list that takes Cmax = C."""
    return tham_so(LIMITS, date)


def takes_c(parameter: str, date=None) -> bool:
    """True for the parameters whose Cmax is C itself (pH, colour, temperature, coliform)."""
    return parameter in limit_table(date)["cmax_bang_c"]


def cmax(parameter: str, column: str, discharge: float, flow: float, source: str = RIVER, date=None):
    """Maximum allowed value of a parameter: C × Kq × Kf, or C for the Cmax = C parameters.

    For pH the result is the allowed range (low, high).
    """
    table = limit_table(date)
    if parameter not in table["thong_so"]:
        raise KeyError(f"Không có thông số {parameter!r}. Các thông số có sẵn: {', '.join(table['thong_so'])}.")
    if column not in COLUMNS:
        raise ValueError(f"Cột của quy chuẩn phải là 'A' hoặc 'B', nhưng nhận được {column!r}.")
    c = table["thong_so"][parameter][column]
    if isinstance(c, list):
        return (float(c[0]), float(c[1]))
    if parameter in table["cmax_bang_c"]:
        return float(c)
    return float(c) * kq(flow, source, date) * kf(discharge, date)


def exceeds(value: float, limit) -> bool:
    """True when a measured value breaks its limit (a number, or a (low, high) range for pH)."""
    if isinstance(limit, tuple):
        return value < limit[0] or value > limit[1]
    return value > limit


def exceedance_ratio(value: float, limit) -> float:
    """Measured ÷ allowed: above 1 means over the limit. NaN for a range (pH)."""
    if isinstance(limit, tuple):
        return math.nan
    return value / limit


def applicable_standard(date, existing: bool = True) -> str:
    """Which industrial-wastewater standard a facility follows on `date`.

    `existing`: the facility operated (or had its EIA approved) before the successor came into force.
    """
    entry = tham_so(STANDARD, date)
    when = dt.date.fromisoformat(str(date)[:10]) if date is not None else dt.date.today()
    if existing and "ap_dung_cu_den" in entry and when <= entry["ap_dung_cu_den"]:
        return entry["quy_chuan_cu"]
    return entry["quy_chuan"]


# ------------------------------------------------------------------ option economics
def payback(investment: float, annual_saving: float) -> float:
    """Simple payback in years: investment ÷ annual net saving (inf when nothing is saved)."""
    if annual_saving <= 0:
        return math.inf
    return investment / annual_saving


def npv(rate: float, investment: float, annual_saving: float, years: int) -> float:
    """Net present value: − investment + the same saving at the end of each year, discounted at `rate`."""
    return -investment + sum(annual_saving / (1 + rate) ** t for t in range(1, int(years) + 1))


def irr(investment: float, annual_saving: float, years: int, low: float = -0.99, high: float = 10.0,
        tolerance: float = 1e-9) -> float:
    """Internal rate of return by bisection: the rate at which npv() is zero.

    NPV falls as the rate rises, so halve the bracket [low, high] towards the sign change.
    """
    f_low = npv(low, investment, annual_saving, years)
    f_high = npv(high, investment, annual_saving, years)
    if f_low * f_high > 0:
        raise ValueError(
            "Không tìm được IRR trong khoảng đã cho: NPV không đổi dấu giữa hai đầu khoảng. "
            "Kiểm tra lại vốn, tiền tiết kiệm và số năm."
        )
    for _ in range(200):
        middle = (low + high) / 2
        f_middle = npv(middle, investment, annual_saving, years)
        if f_middle == 0 or (high - low) / 2 < tolerance:
            return middle
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return (low + high) / 2


def weighted_score(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ weight × score over the criteria, divided by Σ weights."""
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("Tổng trọng số phải lớn hơn 0.")
    return sum(weights[k] * scores[k] for k in weights) / total


# ------------------------------------------------------------------ fuel and CO2
def fuel_energy_mj(fuel: str, kg: float, date=None) -> float:
    """Energy of a fuel mass at the IPCC 2006 default net calorific value (MJ; TJ/Gg = MJ/kg)."""
    return kg * _fuel(fuel, date)["ncv_tj_gg"]


def fuel_co2_tonnes(fuel: str, kg: float, date=None) -> float:
    """CO2 from burning `kg` of fuel, IPCC 2006 defaults: kg ÷ 10⁶ × NCV (TJ/Gg) × EF (t CO2/TJ)."""
    f = _fuel(fuel, date)
    return kg / 1e6 * f["ncv_tj_gg"] * f["ef_t_co2_tj"]


def _fuel(fuel: str, date=None) -> dict:
    fuels = tham_so(FUELS, date if date is not None else "2025-01-01")["nhien_lieu"]
    if fuel not in fuels:
        raise KeyError(f"Không có nhiên liệu {fuel!r}. Các nhiên liệu có sẵn: {', '.join(fuels)}.")
    return fuels[fuel]
