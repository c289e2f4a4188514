"""Shared pieces of the dataset generator: the calendar of 2025, provinces, CSV writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

NAM = 2025
# Couriers stop picking up parcels around Tết: almost no orders are placed in these days.
NGHI_TET = (date(2025, 1, 27), date(2025, 2, 4))

KENH = ["Shopee", "TikTok Shop", "Lazada", "Facebook/Zalo"]
SAN_TMDT = KENH[:3]  # the three marketplaces (Facebook/Zalo is direct selling)

# Double-day sales (3.3 ... 12.12) on the marketplaces: multiplier of the day's demand.
NGAY_DOI = {3: 2.6, 4: 2.6, 5: 2.7, 6: 2.8, 7: 2.8, 8: 3.0, 9: 3.3, 10: 3.5, 11: 4.0, 12: 3.6}

# Gift days: 8/3 (International Women's Day), 20/10 (Vietnamese Women's Day),
# 20/11 (Teachers' Day). Gifts are ordered in the week before, early enough to arrive:
# (first day, last day of the gift-buying window, lift of demand).
DIP_QUA = [(date(2025, 3, 1), date(2025, 3, 6), 1.45),
           (date(2025, 10, 13), date(2025, 10, 18), 1.45),
           (date(2025, 11, 12), date(2025, 11, 18), 1.55)]

# The 34 provincial-level units in force from 1/7/2025, with the buyer weight of each and
# its region as seen from the shop in Gia Lâm, Hà Nội ("Nội tỉnh", "Nội miền", "Liên miền").
# The whole year uses the new names, as the platforms' address books do after the merger.
_BAC, _TRUNG, _NAM = "Bắc", "Trung", "Nam"
TINH_THANH = [
    ("Hà Nội", 30.0, _BAC), ("TP. Hồ Chí Minh", 22.0, _NAM), ("Hải Phòng", 4.0, _BAC),
    ("Bắc Ninh", 3.5, _BAC), ("Hưng Yên", 3.0, _BAC), ("Ninh Bình", 3.0, _BAC),
    ("Phú Thọ", 3.0, _BAC), ("Quảng Ninh", 2.5, _BAC), ("Thanh Hóa", 2.5, _TRUNG),
    ("Đà Nẵng", 2.5, _TRUNG), ("Nghệ An", 2.2, _TRUNG), ("Đồng Nai", 2.2, _NAM),
    ("Thái Nguyên", 2.0, _BAC), ("Cần Thơ", 1.3, _NAM), ("Khánh Hòa", 1.2, _TRUNG),
    ("Lâm Đồng", 1.2, _TRUNG), ("Huế", 1.0, _TRUNG), ("Đắk Lắk", 1.0, _TRUNG),
    ("Tây Ninh", 1.0, _NAM), ("Gia Lai", 0.9, _TRUNG), ("An Giang", 0.9, _NAM),
    ("Hà Tĩnh", 0.8, _TRUNG), ("Quảng Ngãi", 0.7, _TRUNG), ("Vĩnh Long", 0.7, _NAM),
    ("Đồng Tháp", 0.7, _NAM), ("Quảng Trị", 0.6, _TRUNG), ("Lạng Sơn", 0.6, _BAC),
    ("Lào Cai", 0.6, _BAC), ("Tuyên Quang", 0.5, _BAC), ("Cà Mau", 0.5, _NAM),
    ("Sơn La", 0.4, _BAC), ("Cao Bằng", 0.3, _BAC), ("Điện Biên", 0.2, _BAC),
    ("Lai Châu", 0.15, _BAC),
]


def vung_giao_hang(tinh: str) -> str:
    """Courier zone of a delivery from the shop in Hà Nội to a province."""
    if tinh == "Hà Nội":
        return "Nội tỉnh"
    mien = {ten: m for ten, _, m in TINH_THANH}[tinh]
    return "Nội miền" if mien == _BAC else "Liên miền"


def cac_ngay() -> pd.DatetimeIndex:
    """Every day of 2025."""
    return pd.date_range(f"{NAM}-01-01", f"{NAM}-12-31", freq="D")


def chuoi_ngay(ngay: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Dates as ISO strings YYYY-MM-DD."""
    return np.asarray(pd.DatetimeIndex(ngay).strftime("%Y-%m-%d"), dtype=object)


def lam_tron(x, buoc: int = 1000) -> np.ndarray:
    """Round VND amounts to a step (default 1,000 ₫), as integers; halves go up."""
    return (np.floor(np.asarray(x, dtype=float) / buoc + 0.5) * buoc).astype(np.int64)


def ghi_csv(bang: pd.DataFrame, duong_dan: Path) -> None:
    """Write a CSV the same way every time: UTF-8, LF line ends, no index."""
    bang.to_csv(duong_dan, index=False, encoding="utf-8", lineterminator="\n")


def ghi_cac_bang(bang: dict[str, pd.DataFrame], thu_tu: list[str], out_dir: Path) -> list[Path]:
    """Write a module's tables in a fixed order into out_dir (made if missing); return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for ten in thu_tu:
        ghi_csv(bang[ten], out_dir / ten)
        paths.append(out_dir / ten)
    return paths

