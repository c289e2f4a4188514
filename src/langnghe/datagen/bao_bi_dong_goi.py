"""Datasets of module 3 (packaging): board grades, standard boxes, products to pack, parcels sent.

* loai_giay_carton.csv: corrugated board grades a packaging supplier near the craft village sells
  (hand-written): flutes, thickness, edge crush test (ECT) and price per m².
* thung_tieu_chuan.csv: the supplier's standard FEFCO 0201 boxes (hand-written sizes); the price of a
  box is computed from its blank area and its board price, so it is consistent with the board table.
* san_pham_dong_goi.csv: for each of the 30 products of the catalogue (module 1), the product's own
  dimensions and weight, the cushioning it needs on each side, and the inner size of the carton the
  workshop ships it in today. The outer size of that carton (inner + 2 × 3 mm board) is the parcel
  size of san_pham.csv, and the packed weight is the same as there.
* kien_hang_giao.csv: about 3,600 parcels sent in 2025, each with its packing method, delivery zone,
  packed weight, packing cost and whether the customer reported it broken. Drawn with a fixed seed.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ._chung import cac_ngay, chuoi_ngay, ghi_cac_bang
from .ban_hang_truc_tuyen.san_pham import danh_muc

HAT_GIONG_KIEN_HANG = 20250

TEP = ["loai_giay_carton.csv", "thung_tieu_chuan.csv", "san_pham_dong_goi.csv", "kien_hang_giao.csv"]

# ma_giay, ten_giay, so_lop, song, do_day_mm, ect_kn_m, dinh_luong_g_m2, gia_m2 (VND per m²)
# Thickness: one flute layer per 3-ply board, two per 5-ply (course parameter do_day_song:
# A 4.8, B 3, C 4, E 1.5 mm). ECT: common grades, 23–44 lb/in single wall, 42–71 lb/in double wall.
LOAI_GIAY = [
    ("3E-1", "3 lớp sóng E", 3, "E", 1.5, 3.2, 390, 4_300),
    ("3B-1", "3 lớp sóng B", 3, "B", 3.0, 4.0, 430, 4_600),
    ("3B-2", "3 lớp sóng B, mặt giấy kraft dày", 3, "B", 3.0, 5.2, 520, 5_600),
    ("3C-1", "3 lớp sóng C", 3, "C", 4.0, 4.6, 470, 5_000),
    ("3C-2", "3 lớp sóng C, mặt giấy kraft dày", 3, "C", 4.0, 6.0, 560, 6_200),
    ("3A-1", "3 lớp sóng A", 3, "A", 4.8, 5.4, 540, 6_000),
    ("5BE-1", "5 lớp sóng BE", 5, "BE", 4.5, 7.0, 680, 7_700),
    ("5BC-1", "5 lớp sóng BC", 5, "BC", 7.0, 8.2, 760, 8_600),
    ("5BC-2", "5 lớp sóng BC, mặt giấy kraft dày", 5, "BC", 7.0, 10.2, 900, 10_300),
    ("5BC-3", "5 lớp sóng BC, giấy kraft nhập khẩu", 5, "BC", 7.0, 12.4, 1_050, 12_500),
]
COT_GIAY = ["ma_giay", "ten_giay", "so_lop", "song", "do_day_mm", "ect_kn_m", "dinh_luong_g_m2", "gia_m2"]

# ma_thung, dai_mm, rong_mm, cao_mm (inside), ma_giay
THUNG = [
    ("T01", 120, 100, 100, "3B-1"),
    ("T02", 150, 120, 120, "3B-1"),
    ("T03", 160, 130, 150, "3B-1"),
    ("T04", 180, 150, 160, "3B-1"),
    ("T05", 220, 160, 150, "3B-1"),
    ("T06", 200, 200, 200, "3B-1"),
    ("T07", 220, 220, 320, "3C-1"),
    ("T08", 250, 180, 150, "3B-1"),
    ("T09", 250, 200, 200, "3C-1"),
    ("T10", 280, 200, 180, "3C-1"),
    ("T11", 300, 200, 200, "3C-1"),
    ("T12", 300, 250, 200, "3C-1"),
    ("T13", 270, 270, 430, "5BE-1"),
    ("T14", 320, 260, 220, "3C-2"),
    ("T15", 350, 300, 250, "5BE-1"),
    ("T16", 300, 300, 480, "5BC-1"),
    ("T17", 400, 300, 300, "5BC-1"),
    ("T18", 360, 360, 540, "5BC-1"),
    ("T19", 450, 350, 120, "5BE-1"),
    ("T20", 500, 400, 350, "5BC-2"),
]
BE_DAN_MM = 35
# Price of a box = blank area × board price × markup (cutting, gluing, margin) + a fixed part, to 100 ₫.
HE_SO_GIA = 1.5
PHI_CO_DINH = 600

# ma_sp, product dai/rong/cao (mm, with its own retail box if any), product kg, cushioning mm per side.
# The current carton of each product is the parcel of san_pham.csv: inner = outer − 2 × 3 mm.
SAN_PHAM = [
    ("BT-COC-01", 120, 90, 100, 0.42, 25),
    ("BT-COC-02", 115, 85, 95, 0.38, 25),
    ("BT-COC-03", 130, 95, 105, 0.48, 25),
    ("BT-COC-04", 120, 90, 100, 0.45, 25),
    ("BT-COC-05", 80, 80, 75, 0.25, 25),
    ("BT-COC-06", 200, 110, 105, 0.85, 25),
    ("BT-BAT-01", 230, 118, 110, 2.30, 20),
    ("BT-BAT-02", 240, 120, 160, 3.50, 20),
    ("BT-BAT-03", 205, 205, 75, 2.75, 20),
    ("BT-BAT-04", 320, 260, 180, 5.00, 20),
    ("BT-BAT-05", 200, 120, 100, 1.95, 20),
    ("BT-BAT-06", 255, 255, 60, 3.05, 20),
    ("BT-AMC-01", 260, 200, 130, 1.30, 30),
    ("BT-AMC-02", 270, 210, 150, 1.55, 30),
    ("BT-AMC-03", 340, 260, 150, 2.45, 25),
    ("BT-AMC-04", 220, 220, 200, 1.95, 30),
    ("BT-AMC-05", 240, 180, 100, 1.50, 25),
    ("BT-BHO-01", 150, 150, 250, 1.20, 35),
    ("BT-BHO-02", 190, 190, 350, 2.20, 40),
    ("BT-BHO-03", 210, 210, 400, 2.95, 40),
    ("BT-BHO-04", 260, 260, 450, 5.10, 45),
    ("BT-BHO-05", 210, 130, 100, 1.15, 25),
    ("BT-BHO-06", 280, 280, 500, 5.30, 45),
    ("BT-TTR-01", 150, 110, 150, 0.70, 25),
    ("BT-TTR-02", 100, 100, 130, 0.60, 20),
    ("BT-TTR-03", 250, 90, 90, 1.55, 15),
    ("BT-TTR-04", 400, 300, 30, 3.80, 15),
    ("BT-QTA-01", 300, 240, 140, 2.10, 15),
    ("BT-QTA-02", 110, 110, 130, 0.55, 15),
    ("BT-QTA-03", 210, 140, 120, 1.10, 15),
]
DO_DAY_THUNG_HIEN_TAI = 3  # mm: today's cartons are 3-ply B-flute

# Packing methods: cost per parcel (₫, filler + carton surcharge + labour) and base breakage rate.
CACH_DONG_GOI = {
    "Giấy báo vò, thùng 3 lớp": (3_000, 0.045),
    "Xốp hơi, thùng 3 lớp": (6_000, 0.022),
    "Xốp hơi, thùng 5 lớp": (9_000, 0.011),
    "Khay giấy định hình, thùng 5 lớp": (12_000, 0.005),
}
THEM_KG_5_LOP = 0.15  # a 5-ply carton and a moulded tray weigh a little more
NHAN_NHOM = {"Bình hoa": 1.8, "Ấm chén": 1.4, "Đồ trang trí": 1.2, "Bát đĩa": 1.1, "Cốc – ly": 0.9,
             "Quà tặng": 0.8}
NHAN_VUNG = {"Nội tỉnh": 0.5, "Nội miền": 1.0, "Liên miền": 1.6}
TY_TRONG_VUNG = {"Nội tỉnh": 0.30, "Nội miền": 0.25, "Liên miền": 0.45}
SO_KIEN_MOI_NGAY = 10


def bang_loai_giay() -> pd.DataFrame:
    return pd.DataFrame(LOAI_GIAY, columns=COT_GIAY).sort_values("ma_giay", ignore_index=True)


def dien_tich_phoi_m2(dai: float, rong: float, cao: float, do_day: float, be_dan: float = BE_DAN_MM) -> float:
    """Blank area of a FEFCO 0201 box (teaching formula, see langnghe.bao_bi_dong_goi)."""
    return (2 * dai + 2 * rong + be_dan + 4 * do_day) * (cao + rong + 3 * do_day) / 1e6


def bang_thung() -> pd.DataFrame:
    giay = bang_loai_giay().set_index("ma_giay")
    dong = []
    for ma, d, r, c, ma_giay in THUNG:
        g = giay.loc[ma_giay]
        area = dien_tich_phoi_m2(d, r, c, float(g["do_day_mm"]))
        gia = math.floor(area * float(g["gia_m2"]) * HE_SO_GIA / 100 + 0.5) * 100 + PHI_CO_DINH
        dong.append((ma, d, r, c, ma_giay, int(gia)))
    return pd.DataFrame(dong, columns=["ma_thung", "dai_mm", "rong_mm", "cao_mm", "ma_giay", "gia_thung"])


def bang_san_pham_dong_goi() -> pd.DataFrame:
    catalogue = danh_muc().set_index("ma_sp")
    dong = []
    for ma, d, r, c, kg, dem in SAN_PHAM:
        sp = catalogue.loc[ma]
        t = DO_DAY_THUNG_HIEN_TAI
        dong.append((ma, d, r, c, f"{kg:.2f}", dem, int(sp["dai_cm"]) * 10 - 2 * t, int(sp["rong_cm"]) * 10 - 2 * t,
                     int(sp["cao_cm"]) * 10 - 2 * t, f"{float(sp['khoi_luong_kg']):.2f}"))
    cot = ["ma_sp", "dai_sp_mm", "rong_sp_mm", "cao_sp_mm", "khoi_luong_sp_kg", "dem_mm",
           "dai_thung_mm", "rong_thung_mm", "cao_thung_mm", "khoi_luong_kien_kg"]
    return pd.DataFrame(dong, columns=cot).sort_values("ma_sp", ignore_index=True)


def _ty_trong_cach(thang: int, nhom: str) -> list[float]:
    """How the workshop packed in each month: newspaper early in the year, better methods later,
    the best ones first for the fragile groups (vases, tea sets)."""
    de_vo = nhom in ("Bình hoa", "Ấm chén")
    if thang <= 3:
        return [0.65, 0.35, 0.0, 0.0]
    if thang <= 6:
        return [0.25, 0.60, 0.15, 0.0] if not de_vo else [0.15, 0.55, 0.30, 0.0]
    if thang <= 9:
        return [0.10, 0.45, 0.40, 0.05] if not de_vo else [0.0, 0.25, 0.50, 0.25]
    return [0.05, 0.40, 0.40, 0.15] if not de_vo else [0.0, 0.10, 0.35, 0.55]


def sinh_kien_hang(rng: np.random.Generator) -> pd.DataFrame:
    """One year of parcels: product by popularity, packing by month and fragility, breakage by chance."""
    catalogue = danh_muc()
    weights = 1 / (catalogue["hang"].to_numpy() + 3.0)
    weights = weights / weights.sum()
    days = cac_ngay()
    tet = (days >= "2025-01-27") & (days <= "2025-02-04")
    counts = rng.poisson(SO_KIEN_MOI_NGAY, len(days))
    counts[tet] = 0
    cach = list(CACH_DONG_GOI)
    vung = list(TY_TRONG_VUNG)
    dong = []
    for day, n in zip(days, counts):
        for _ in range(int(n)):
            i = rng.choice(len(catalogue), p=weights)
            sp = catalogue.iloc[i]
            k = rng.choice(len(cach), p=_ty_trong_cach(day.month, sp["nhom"]))
            z = rng.choice(len(vung), p=list(TY_TRONG_VUNG.values()))
            chi_phi, p_vo = CACH_DONG_GOI[cach[k]]
            p = min(0.5, p_vo * NHAN_NHOM[sp["nhom"]] * NHAN_VUNG[vung[z]])
            bi_vo = int(rng.random() < p)
            kg = float(sp["khoi_luong_kg"]) + (THEM_KG_5_LOP if "5 lớp" in cach[k] else 0.0)
            dong.append((day, sp["ma_sp"], sp["nhom"], cach[k], vung[z], round(kg, 2), chi_phi, bi_vo))
    bang = pd.DataFrame(dong, columns=["ngay_gui", "ma_sp", "nhom", "cach_dong_goi", "vung", "khoi_luong_kien_kg",
                                       "chi_phi_dong_goi", "bi_vo"])
    bang.insert(0, "ma_kien", [f"K25-{i + 1:05d}" for i in range(len(bang))])
    bang["ngay_gui"] = chuoi_ngay(bang["ngay_gui"])
    bang["khoi_luong_kien_kg"] = [f"{x:.2f}" for x in bang["khoi_luong_kien_kg"]]
    return bang


def generate(out_dir: Path) -> list[Path]:
    """Write the CSV files of module 3 into out_dir; return their paths."""
    bang = {
        "loai_giay_carton.csv": bang_loai_giay(),
        "thung_tieu_chuan.csv": bang_thung(),
        "san_pham_dong_goi.csv": bang_san_pham_dong_goi(),
        "kien_hang_giao.csv": sinh_kien_hang(np.random.default_rng(HAT_GIONG_KIEN_HANG)),
    }
    return ghi_cac_bang(bang, TEP, out_dir)
