"""Datasets of modules 0 and 1 (online selling): catalogue, orders, traffic, rate card, March."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .._chung import ghi_cac_bang
from .don_hang import sinh_don_hang
from .san_pham import bang_san_pham
from .thang_3 import sinh_thang_3
from .truy_cap import sinh_truy_cap
from .van_chuyen import bang_gia

HAT_GIONG_DON_HANG = 2025
HAT_GIONG_TRUY_CAP = 20251

TEP = ["san_pham.csv", "don_hang.csv", "truy_cap.csv", "bang_gia_van_chuyen.csv", "ban_hang_thang_3.csv"]


def generate(out_dir: Path) -> list[Path]:
    """Write the CSV files of modules 0 and 1 into out_dir; return their paths."""
    san_pham = bang_san_pham()
    don_hang, nhu_cau = sinh_don_hang(np.random.default_rng(HAT_GIONG_DON_HANG))
    bang = {
        "san_pham.csv": san_pham,
        "don_hang.csv": don_hang,
        "truy_cap.csv": sinh_truy_cap(don_hang, nhu_cau, np.random.default_rng(HAT_GIONG_TRUY_CAP)),
        "bang_gia_van_chuyen.csv": bang_gia(),
        "ban_hang_thang_3.csv": sinh_thang_3(don_hang, san_pham),
    }
    return ghi_cac_bang(bang, TEP, out_dir)


