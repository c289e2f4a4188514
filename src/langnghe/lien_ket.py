"""The arithmetic of linkage (module 6): value-chain margins, buying together, a shared treatment plant.

Maintainer-facing names are English; the lessons show the same arithmetic step by step with
Vietnamese names, and the assignment asks trainees to write the tier price, the group-purchase
split and the cost split themselves. Wastewater limits and the Kf table belong to module 4
(`langnghe.san_xuat_sach_hon`, `params/san_xuat_sach_hon.toml`) and are used from there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

MONEY_COLUMNS = ("gia_mua", "chi_phi_khac", "gia_ban")


# ------------------------------------------------------------------ value chain
def chain_table(survey: pd.DataFrame, product: str) -> pd.DataFrame:
    """Average prices and margins of each actor of one product's chain, household first.

    Columns: gia_mua, chi_phi_khac, gia_ban (averages per unit over the surveyed lots);
    bien_gop = gia_ban − gia_mua (gross margin); lai_rong = bien_gop − chi_phi_khac (net margin,
    before the actor's own labour); ty_trong = bien_gop ÷ the average retail price.
    """
    rows = survey[survey["san_pham"] == product]
    if rows.empty:
        known = ", ".join(sorted(survey["san_pham"].unique()))
        raise ValueError(f"Không có sản phẩm {product!r} trong khảo sát. Các sản phẩm có: {known}.")
    order = rows.groupby("tac_nhan")["buoc"].min().sort_values().index
    table = rows.groupby("tac_nhan")[list(MONEY_COLUMNS)].mean().loc[order]
    table["bien_gop"] = table["gia_ban"] - table["gia_mua"]
    table["lai_rong"] = table["bien_gop"] - table["chi_phi_khac"]
    table["ty_trong"] = table["bien_gop"] / table["gia_ban"].iloc[-1]
    return table


def price_build_up(table: pd.DataFrame, materials: str = "Nguyên liệu") -> pd.Series:
    """Where the consumer's price goes: materials, then each actor's gross margin (sums to the retail price)."""
    parts = {materials: table["gia_mua"].iloc[0]}
    parts.update(table["bien_gop"].to_dict())
    return pd.Series(parts)


# ------------------------------------------------------------------ buying together
def _breaks(breaks) -> list[tuple[float, float]]:
    """Price breaks as (minimum quantity, unit price), smallest minimum first."""
    if isinstance(breaks, pd.DataFrame):
        pairs = zip(breaks["tu_kg"], breaks["don_gia"])
    elif isinstance(breaks, Mapping):
        pairs = breaks.items()
    else:
        pairs = breaks
    table = sorted((float(q), float(p)) for q, p in pairs)
    if not table or table[0][0] > 0:
        raise ValueError("Bảng bậc giá phải có một bậc bắt đầu từ 0 kg.")
    return table


def tier_price(quantity: float, breaks) -> float:
    """Unit price of an order under all-units price breaks: the tier whose minimum is ≤ quantity.

    An order exactly on a break gets that break's price (từ 200 kg trở lên includes 200 kg).
    """
    if isinstance(quantity, bool) or quantity is None or math.isnan(float(quantity)) or quantity < 0:
        raise ValueError(f"Số lượng mua phải là một số không âm, nhưng nhận được {quantity!r}.")
    price = None
    for minimum, unit in _breaks(breaks):
        if quantity >= minimum:
            price = unit
    return price


def next_break(quantity: float, breaks) -> tuple[float, float] | None:
    """(kilos still needed, unit price there) to reach the next price break; None on the top tier."""
    for minimum, unit in _breaks(breaks):
        if minimum > quantity:
            return minimum - quantity, unit
    return None


def group_purchase(volumes: pd.Series, breaks) -> pd.DataFrame:
    """Each member buying alone vs. one group order that everyone pays at the group's unit price.

    Columns: so_kg, don_gia_mua_le, tien_mua_le, don_gia_nhom, tien_tra_nhom, tiet_kiem, and
    tien_tra_chia_deu (the alternative split: every kilo gets the same saving).
    """
    volumes = pd.Series(volumes, dtype="float64")
    total = float(volumes.sum())
    group_price = tier_price(total, breaks)
    table = pd.DataFrame({"so_kg": volumes})
    table["don_gia_mua_le"] = [tier_price(q, breaks) for q in volumes]
    table["tien_mua_le"] = table["so_kg"] * table["don_gia_mua_le"]
    table["don_gia_nhom"] = group_price
    table["tien_tra_nhom"] = table["so_kg"] * group_price
    table["tiet_kiem"] = table["tien_mua_le"] - table["tien_tra_nhom"]
    saving = float(table["tiet_kiem"].sum())
    per_kilo = saving / total if total else 0.0
    table["tien_tra_chia_deu"] = table["tien_mua_le"] - per_kilo * table["so_kg"]
    return table


def group_saving(volumes: Iterable[float], breaks) -> float:
    """Money saved by one group order instead of separate orders (VND)."""
    return float(group_purchase(pd.Series(list(volumes)), breaks)["tiet_kiem"].sum())


# ------------------------------------------------------------------ shared treatment plant
def load_kg_per_day(flow_m3_per_day, concentration_mg_l):
    """Pollutant load (kg/day) = flow (m³/day) × concentration (mg/L) ÷ 1000 (1 m³ × 1 mg/L = 1 g)."""
    return flow_m3_per_day * concentration_mg_l / 1000


def flow_weighted_mean(concentrations, flows) -> float:
    """Concentration of the mixed flow: Σ(Q × C) ÷ ΣQ (mg/L)."""
    q = pd.Series(list(flows), dtype="float64")
    c = pd.Series(list(concentrations), dtype="float64")
    if q.sum() <= 0:
        raise ValueError("Tổng lưu lượng phải lớn hơn 0 mới tính được nồng độ hỗn hợp.")
    return float((q * c).sum() / q.sum())


def cluster_kf(total_flow_m3_per_day: float, date=None) -> float:
    """QCVN 40:2011 Kf of the combined discharge (the table lives in module 4's parameters)."""
    from .san_xuat_sach_hon import kf  # module 4 owns the Kf table; imported here so calculators never depend on it

    return kf(total_flow_m3_per_day, date)


def unit_costs(annual_cost: float, m3_per_year: float, kg_cod_per_year: float) -> tuple[float, float]:
    """(VND per m³ treated, VND per kg COD received)."""
    if m3_per_year <= 0 or kg_cod_per_year <= 0:
        raise ValueError("Lượng nước thải và tải lượng COD trong năm phải lớn hơn 0.")
    return annual_cost / m3_per_year, annual_cost / kg_cod_per_year


def share_costs(flow: pd.Series, load: pd.Series, annual_cost: float, flow_weight: float = 0.5) -> pd.Series:
    """Each member's part of the plant's yearly cost: flow_weight by m³, the rest by kg COD.

    flow_weight = 1 shares by volume only; 0 by pollution load only ("polluter pays").
    """
    if not 0 <= flow_weight <= 1:
        raise ValueError("Tỷ trọng chia theo m³ phải nằm trong khoảng 0 đến 1.")
    flow = pd.Series(flow, dtype="float64")
    load = pd.Series(load, dtype="float64")
    part = pd.Series(0.0, index=flow.index)
    if flow_weight > 0:
        part += flow_weight * annual_cost * flow / flow.sum()
    if flow_weight < 1:
        part += (1 - flow_weight) * annual_cost * load / load.sum()
    return part
