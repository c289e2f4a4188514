"""Datasets of module 4 (cleaner production): paper batches, wastewater samples, CP options, kiln firings.

Every figure is synthetic, drawn with fixed seeds and calibrated on the figures listed in
COURSE.md and in params/san_xuat_sach_hon.toml (Phong Khê consumption per tonne of recycled
paper, Kim Lan first-grade yields in coal and gas kilns, QCVN 40:2011 limits). The
villages of the monitoring table and the workshops are fictional.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ._chung import ghi_cac_bang

NAM = 2025
HAT_GIONG_ME_GIAY = 40401
HAT_GIONG_QUAN_TRAC = 40402
HAT_GIONG_LO_NUNG = 40403

TEP = ["me_san_xuat_giay.csv", "quan_trac_nuoc_thai.csv", "phuong_an_sxsh.csv", "nhien_lieu_lo_nung.csv"]

# The paper workshop stops for Tết Ất Tỵ (29/01/2025), the public holidays and a week of maintenance in July.
NGHI_TET = (date(2025, 1, 25), date(2025, 2, 9))
BAO_DUONG = (date(2025, 7, 14), date(2025, 7, 19))
NGAY_LE = [date(2025, 1, 1), date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1), date(2025, 9, 2)]


def _ngay_lam_viec(nghi_them: tuple[date, date] | None = None) -> pd.DatetimeIndex:
    days = pd.date_range(f"{NAM}-01-01", f"{NAM}-12-31", freq="D")
    keep = days.day_of_week != 6  # Sundays off
    for start, end in [NGHI_TET] + ([nghi_them] if nghi_them else []):
        keep &= ~((days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end)))
    keep &= ~days.isin(pd.DatetimeIndex(NGAY_LE))
    return days[keep]


def _iso(days) -> np.ndarray:
    return np.asarray(pd.DatetimeIndex(days).strftime("%Y-%m-%d"), dtype=object)


# ------------------------------------------------------------------ paper batches
def sinh_me_giay(rng: np.random.Generator) -> pd.DataFrame:
    """One row per production day of a recycled-paper workshop: material, water and energy flows."""
    days = _ngay_lam_viec(BAO_DUONG)
    # A few days lost to power cuts and breakdowns.
    days = days[rng.random(len(days)) > 0.03]
    n = len(days)
    month = days.month.to_numpy()
    # Demand for packaging paper rises before Tết (Nov–Jan) and is slack in early summer.
    season = np.select([np.isin(month, [11, 12, 1]), np.isin(month, [5, 6])], [1.08, 0.94], 1.0)

    scrap = np.round(rng.normal(3600, 260, n) * season, -1)
    chem = np.round(scrap * rng.normal(0.015, 0.0015, n))
    # A dirty lot of waste paper (much plastic and tape) was bought in March.
    rejects_share = np.where(month == 3, rng.normal(0.074, 0.007, n), rng.normal(0.045, 0.005, n))
    fibre_share = rng.normal(0.071, 0.007, n)
    sludge_share = rng.normal(0.029, 0.003, n)
    unaccounted_share = np.clip(rng.normal(0.035, 0.009, n), 0.012, 0.065)

    rejects = np.round(scrap * rejects_share)
    fibre = np.round(scrap * fibre_share)
    sludge = np.round(scrap * sludge_share)
    product = np.round((scrap + chem) * (1 - unaccounted_share) - rejects - fibre - sludge, -1)
    tonnes = product / 1000

    water_in = np.round(tonnes * rng.normal(11.0, 0.45, n), 1)
    evaporated = np.round(tonnes * rng.normal(1.25, 0.05, n), 1)
    other_water = tonnes * np.clip(rng.normal(0.45, 0.12, n), 0.1, 0.9)  # leaks, water in sludge
    water_out = np.round(water_in - evaporated - other_water, 1)
    coal = np.round(tonnes * rng.normal(500, 22, n), -1)
    power = np.round(tonnes * rng.normal(360, 15, n))

    table = pd.DataFrame({
        "ma_me": [f"M{i:03d}" for i in range(1, n + 1)],
        "ngay": _iso(days),
        "phe_lieu_kg": scrap.astype(np.int64),
        "hoa_chat_kg": chem.astype(np.int64),
        "san_pham_kg": product.astype(np.int64),
        "tap_chat_kg": rejects.astype(np.int64),
        "xo_soi_nuoc_thai_kg": fibre.astype(np.int64),
        "bun_kg": sludge.astype(np.int64),
        "nuoc_cap_m3": water_in,
        "nuoc_thai_m3": water_out,
        "nuoc_bay_hoi_m3": evaporated,
        "than_kg": coal.astype(np.int64),
        "dien_kwh": power.astype(np.int64),
    })
    return table


# ------------------------------------------------------------------ wastewater monitoring
# (code, village, trade, source, river Q m³/s, lake V m³, QCVN column, typical F m³/day, F fixed in a month)
LANG_NGHE = [
    ("KH", "Khê Hưng", "Giấy tái chế", "sông", 48.0, None, "B", 505, (8, 500)),
    ("VL", "Vân Lụa", "Dệt nhuộm tơ lụa", "sông", 185.0, None, "B", 220, None),
    ("DM", "Đông Mạ", "Mạ kim loại", "hồ", None, 8_500_000.0, "B", 52, (5, 50)),
    ("GS", "Gò Sành", "Gốm sứ", "sông", 520.0, None, "A", 120, None),
]

# Median concentration and log-spread of each parameter in each village's treated effluent;
# pH as (low, high) of a uniform draw. Medians sit near the village's Cmax so that some samples
# break the limit and most do not.
NONG_DO = {
    "KH": {"ph": (6.6, 8.3), "bod5": (47, 0.28), "cod": (165, 0.25), "tss": (92, 0.30), "mau": (118, 0.30),
           "tong_n": (17, 0.25), "tong_p": (2.4, 0.30)},
    "VL": {"ph": (7.0, 9.4), "bod5": (38, 0.30), "cod": (158, 0.28), "tss": (68, 0.30), "mau": (178, 0.28),
           "tong_n": (31, 0.25), "cr6": (0.055, 0.40)},
    "DM": {"ph": (5.2, 7.8), "cod": (68, 0.30), "tss": (56, 0.32), "cr6": (0.062, 0.35), "ni": (0.29, 0.35),
           "zn": (1.5, 0.30), "cu": (0.85, 0.35), "fe": (2.4, 0.35)},
    "GS": {"ph": (6.8, 8.6), "cod": (58, 0.28), "tss": (60, 0.30), "pb": (0.055, 0.45), "zn": (0.8, 0.35),
           "fe": (0.9, 0.35)},
}
THU_TU_THONG_SO = ["ph", "bod5", "cod", "tss", "mau", "tong_n", "tong_p", "cr6", "pb", "ni", "zn", "cu", "fe"]
DON_VI = {"ph": "–", "mau": "Pt-Co"}
CHU_SO = {"ph": 2, "tong_p": 2, "cr6": 3, "pb": 3, "ni": 3, "zn": 2, "cu": 2, "fe": 2}


def sinh_quan_trac(rng: np.random.Generator) -> pd.DataFrame:
    """Monthly effluent samples of four fictional craft villages in 2025, one row per parameter."""
    rows = []
    for code, village, trade, source, q, v, column, f_typical, f_fixed in LANG_NGHE:
        for month in range(1, 13):
            day = date(NAM, month, int(rng.integers(8, 22)))
            while day.weekday() == 6:
                day = date(NAM, month, day.day + 1)
            # Dry months concentrate the effluent, the rainy season dilutes it; Tết month is quieter.
            season = 1.15 if month in (1, 3, 4, 11, 12) else 0.85 if month in (6, 7, 8, 9) else 1.0
            if f_fixed and month == f_fixed[0]:
                discharge = int(f_fixed[1])
            else:
                discharge = int(round(f_typical * rng.normal(1.0, 0.07) * (0.85 if month == 2 else 1.0)))
            for parameter in THU_TU_THONG_SO:
                spec = NONG_DO[code].get(parameter)
                if spec is None:
                    continue
                if parameter == "ph":
                    value = rng.uniform(*spec)
                else:
                    median, spread = spec
                    value = median * season * np.exp(rng.normal(0, spread))
                rows.append({
                    "ma_mau": f"{code}-{month:02d}",
                    "ngay_lay_mau": day.isoformat(),
                    "lang_nghe": village,
                    "nghe": trade,
                    "loai_nguon": source,
                    "luu_luong_song_m3_s": q,
                    "dung_tich_ho_m3": v,
                    "cot_qcvn": column,
                    "luu_luong_xa_m3_ngay": discharge,
                    "thong_so": parameter,
                    "ket_qua": round(float(value), CHU_SO.get(parameter, 1)),
                    "don_vi": DON_VI.get(parameter, "mg/L"),
                })
    table = pd.DataFrame(rows)
    return table.sort_values(["ngay_lay_mau", "ma_mau"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ cleaner-production options
# The eight technique groups of UNEP's cleaner-production methodology, in COURSE.md's order.
NHOM_KY_THUAT = [
    "Quản lý nội vi",
    "Thay đổi nguyên liệu đầu vào",
    "Kiểm soát quá trình tốt hơn",
    "Cải tiến thiết bị",
    "Thay đổi công nghệ",
    "Thu hồi và tái sử dụng tại chỗ",
    "Tạo sản phẩm phụ hữu ích",
    "Cải tiến sản phẩm",
]

# (code, option, group index, investment ₫, net annual saving ₫, lifetime years,
#  water saved m³/yr, coal saved kg/yr, environment score 1–5, ease score 1–5)
PHUONG_AN = [
    ("PA01", "Sửa rò rỉ van, ống nước; khóa nước khi máy dừng", 0, 4_000_000, 12_000_000, 3, 2_000, 0, 2, 5),
    ("PA02", "Che mái và kê cao kho giấy phế liệu cho khỏi ẩm mục", 0, 25_000_000, 30_000_000, 5, 0, 0, 2, 4),
    ("PA03", "Mua giấy phế liệu đã phân loại, kiểm tra tạp chất khi nhận hàng", 1, 6_000_000, 45_000_000, 3,
     0, 0, 3, 4),
    ("PA04", "Lắp đồng hồ nước, định mức nước cho từng công đoạn, ghi sổ mỗi ca", 2, 12_000_000, 20_000_000, 5,
     3_500, 0, 3, 4),
    ("PA05", "Lắp nhiệt kế, áp kế và kiểm soát nhiệt độ lô sấy", 2, 18_000_000, 55_000_000, 5, 0, 12_000, 3, 4),
    ("PA06", "Bảo ôn đường ống hơi, chụp hút lô sấy, thu hồi nước ngưng", 3, 70_000_000, 95_000_000, 8, 1_500,
     20_000, 4, 3),
    ("PA07", "Lắp biến tần cho máy nghiền và bơm", 3, 85_000_000, 14_000_000, 8, 0, 0, 2, 3),
    ("PA08", "Thay lò hơi đốt than thủ công bằng lò hơi ghi xích hiệu suất cao", 4, 900_000_000, 310_000_000, 10,
     0, 75_000, 5, 1),
    ("PA09", "Bể lắng và lưới lọc thu hồi xơ sợi, đưa về bể nghiền", 5, 150_000_000, 120_000_000, 8, 0, 0, 5, 2),
    ("PA10", "Tuần hoàn nước trắng của máy xeo về công đoạn nghiền", 5, 95_000_000, 35_000_000, 8, 12_000, 0, 4, 2),
    ("PA11", "Ép bùn xơ sợi, bán cho cơ sở làm giấy bìa thô", 6, 40_000_000, 18_000_000, 6, 0, 0, 4, 3),
    ("PA12", "Làm giấy bao gói không tẩy trắng cho khách đặt hàng", 7, 10_000_000, 15_000_000, 5, 0, 0, 3, 3),
]


def bang_phuong_an() -> pd.DataFrame:
    """Cleaner-production options found in the paper workshop's assessment (no randomness)."""
    cols = ["ma_pa", "ten_pa", "nhom", "von_dau_tu", "tiet_kiem_nam", "tuoi_tho_nam", "nuoc_tiet_kiem_m3_nam",
            "than_tiet_kiem_kg_nam", "diem_moi_truong", "diem_de_lam"]
    table = pd.DataFrame(PHUONG_AN, columns=cols)
    table.insert(2, "nhom_ky_thuat", [NHOM_KY_THUAT[i] for i in table.pop("nhom")])
    return table


# ------------------------------------------------------------------ kiln firings
def sinh_lo_nung(rng: np.random.Generator) -> pd.DataFrame:
    """Every firing of 2025 in a pottery workshop's old coal kiln and new LPG kiln."""
    rows = []
    no_firing = (pd.Timestamp(2025, 1, 20), pd.Timestamp(2025, 2, 9))  # Tết Ất Tỵ
    kilns = [
        # code, kiln, fuel key, days between firings, pieces, kg per piece, fuel kg per kg ware,
        # first-grade share (mean, sd, low, high), second-grade share of the rest, firing hours
        ("LT", "Lò than", "than", 7, 2400, 0.45, 1.00, (0.72, 0.035, 0.64, 0.81), 0.70, 32.0),
        ("LG", "Lò gas", "lpg", 2, 1150, 0.45, 0.235, (0.90, 0.013, 0.86, 0.94), 0.60, 12.0),
    ]
    for code, kiln, fuel, gap, pieces, kg_piece, fuel_per_kg, first, second, hours in kilns:
        day, number = pd.Timestamp(2025, 1, 2), 0
        while day.year == NAM:
            if no_firing[0] <= day <= no_firing[1] or day.day_of_week == 6:
                day += pd.Timedelta(days=1)
                continue
            number += 1
            loaded = int(round(pieces * rng.normal(1.0, 0.05)))
            ware = int(round(loaded * kg_piece * rng.normal(1.0, 0.02)))
            # Damp winter months need more fuel to dry and heat the kiln.
            damp = 1.05 if day.month in (1, 2, 3, 12) else 1.0
            fuel_kg = int(round(ware * fuel_per_kg * damp * rng.normal(1.0, 0.05), -1 if fuel == "than" else 0))
            share = float(np.clip(rng.normal(first[0], first[1]), first[2], first[3]))
            grade_1 = int(round(loaded * share))
            grade_2 = int(round((loaded - grade_1) * second * rng.normal(1.0, 0.08)))
            grade_2 = min(grade_2, loaded - grade_1)
            rows.append({
                "ma_me_nung": f"{code}-{number:03d}",
                "ngay": day.strftime("%Y-%m-%d"),
                "lo": kiln,
                "nhien_lieu": fuel,
                "nhien_lieu_kg": fuel_kg,
                "khoi_luong_moc_kg": ware,
                "so_sp_vao_lo": loaded,
                "so_loai_1": grade_1,
                "so_loai_2": grade_2,
                "so_hong": loaded - grade_1 - grade_2,
                "gio_nung": round(float(hours * rng.normal(1.0, 0.06)), 1),
            })
            day += pd.Timedelta(days=gap + int(rng.integers(0, 2)))
    table = pd.DataFrame(rows)
    return table.sort_values(["ngay", "ma_me_nung"], kind="stable").reset_index(drop=True)


def generate(out_dir: Path) -> list[Path]:
    """Write the CSV files of module 4 into out_dir; return their paths."""
    bang = {
        "me_san_xuat_giay.csv": sinh_me_giay(np.random.default_rng(HAT_GIONG_ME_GIAY)),
        "quan_trac_nuoc_thai.csv": sinh_quan_trac(np.random.default_rng(HAT_GIONG_QUAN_TRAC)),
        "phuong_an_sxsh.csv": bang_phuong_an(),
        "nhien_lieu_lo_nung.csv": sinh_lo_nung(np.random.default_rng(HAT_GIONG_LO_NUNG)),
    }
    return ghi_cac_bang(bang, TEP, out_dir)
