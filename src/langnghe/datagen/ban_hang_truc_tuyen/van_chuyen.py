"""bang_gia_van_chuyen.csv: a simulated courier rate card for the direct channel.

Two fictional couriers. Band i covers tu_kg < chargeable weight ≤ den_kg; above 5 kg the
5 kg price is charged plus `gia_them_moi_0_5kg` for every started 0.5 kg. The volumetric
divisor of each courier (5000 for "Giao Nhanh A", 6000 for "Giao Tiết Kiệm B") is a
parameter of the course, not a column here; the order generator uses courier A.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

VUNG = ["Nội tỉnh", "Nội miền", "Liên miền"]
BAC_KG = [(0.0, 0.5), (0.5, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 5.0)]

# courier -> zone -> (prices of the five bands, extra per started 0.5 kg above 5 kg)
_BANG_GIA = {
    "Giao Nhanh A": {
        "Nội tỉnh": ([22_000, 25_000, 29_000, 33_000, 40_000], 5_000),
        "Nội miền": ([30_000, 34_000, 41_000, 48_000, 62_000], 6_000),
        "Liên miền": ([38_000, 46_000, 62_000, 78_000, 110_000], 8_000),
    },
    "Giao Tiết Kiệm B": {
        "Nội tỉnh": ([16_500, 19_000, 23_000, 27_000, 33_000], 4_000),
        "Nội miền": ([25_000, 28_000, 34_000, 40_000, 52_000], 5_000),
        "Liên miền": ([30_000, 36_000, 48_000, 60_000, 85_000], 7_000),
    },
}
DON_VI_DON_TRUC_TIEP = "Giao Nhanh A"
HE_SO_QUY_DOI_A = 5000  # cm³ per kg, volumetric divisor of courier A (course parameter)


def _kg(x: float) -> str:
    return f"{x:g}"


def bang_gia() -> pd.DataFrame:
    """bang_gia_van_chuyen.csv as written (weights as short decimal strings)."""
    dong = []
    for don_vi, theo_vung in _BANG_GIA.items():
        for vung in VUNG:
            gia, them = theo_vung[vung]
            for (tu, den), g in zip(BAC_KG, gia):
                dong.append((don_vi, vung, _kg(tu), _kg(den), g, them))
    return pd.DataFrame(dong, columns=["don_vi", "vung", "tu_kg", "den_kg", "gia", "gia_them_moi_0_5kg"])


def khoi_luong_tinh_cuoc(kg: np.ndarray, the_tich_cm3: np.ndarray, he_so: int = HE_SO_QUY_DOI_A) -> np.ndarray:
    """Chargeable weight: the larger of actual weight and volume / divisor."""
    return np.maximum(np.asarray(kg, dtype=float), np.asarray(the_tich_cm3, dtype=float) / he_so)


def cuoc(don_vi: str, vung: str, kg_tinh_cuoc: float) -> int:
    """Price of one parcel on the rate card."""
    gia, them = _BANG_GIA[don_vi][vung]
    w = round(float(kg_tinh_cuoc), 6)
    for (tu, den), g in zip(BAC_KG, gia):
        if w <= den:
            return g
    return gia[-1] + math.ceil(round((w - 5.0) / 0.5, 6)) * them
