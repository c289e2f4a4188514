"""Datasets of module 6 (linkage and clusters): a silk-weaving and dyeing village cluster, 2025.

One coherent fictional place, the craft-village industrial cluster of "làng lụa Tân Hòa" (a
silk village of the Red River Delta, like the real silk villages of the region but not any of
them), whose 16 member workshops are planning a cooperative. The files agree with each other:

- `thanh_vien_cum`: the 16 members (weaving households, degumming and dyeing houses, printing and
  finishing workshops), their workers and looms, and what each plans to put into the cooperative;
- `chuoi_gia_tri`: a traced-lot price survey of three silk products from the household that makes
  them to the shop that sells them in town: each lot's buying price at one step is the selling
  price of the step before, so the build-up of the price adds up exactly;
- `bac_gia_to` and `mua_chung`: a raw-silk supplier's all-units price breaks and the monthly kilos
  of silk yarn each weaving member buys (one month's group total sits exactly on a price break);
- `nuoc_thai_cum` and `chi_phi_tram_xu_ly`: each member's wastewater flow and raw concentrations on
  one sampling day a month, and the yearly costs of the cluster's shared treatment plant.

Each file has its own numpy generator with a fixed seed; money is integers of VND.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ._chung import ghi_cac_bang

HAT_GIONG_CHUOI = 6061
HAT_GIONG_MUA_CHUNG = 6062
HAT_GIONG_NUOC_THAI = 6063
NAM = 2025

TEP = ["thanh_vien_cum.csv", "chuoi_gia_tri.csv", "bac_gia_to.csv", "mua_chung.csv", "nuoc_thai_cum.csv",
       "chi_phi_tram_xu_ly.csv"]

DET, NHUOM, DET_NHUOM, IN_HOA = "Dệt", "Chuội – nhuộm", "Dệt – nhuộm", "In hoa – hoàn thiện"

# ma_co_so, ten_co_so, loai_hinh, workers, looms, planned capital (VND), registers for the cooperative
THANH_VIEN = [
    ("TH01", "Lụa Hà Anh", DET_NHUOM, 22, 8, 300_000_000, "Có"),
    ("TH02", "Dệt Phúc Lộc", DET, 9, 5, 80_000_000, "Có"),
    ("TH03", "Nhuộm Thành Công", NHUOM, 14, 0, 150_000_000, "Có"),
    ("TH04", "Lụa Minh Châu", DET, 7, 4, 50_000_000, "Có"),
    ("TH05", "Dệt Tân Phát", DET, 12, 6, 100_000_000, "Có"),
    ("TH06", "Xưởng in Hoa Sen", IN_HOA, 10, 0, 60_000_000, "Chưa"),
    ("TH07", "Lụa Vân Khanh", DET_NHUOM, 18, 6, 200_000_000, "Có"),
    ("TH08", "Dệt Đức Thịnh", DET, 5, 3, 30_000_000, "Có"),
    ("TH09", "Nhuộm Bảo Ngọc", NHUOM, 11, 0, 100_000_000, "Chưa"),
    ("TH10", "Lụa Thu Trang", DET, 6, 3, 40_000_000, "Có"),
    ("TH11", "Dệt Quang Huy", DET, 8, 4, 50_000_000, "Có"),
    ("TH12", "Lụa Kim Oanh", DET, 4, 2, 20_000_000, "Có"),
    ("TH13", "Nhuộm Hưng Long", NHUOM, 16, 0, 150_000_000, "Chưa"),
    ("TH14", "Dệt Hồng Nhung", DET, 6, 3, 30_000_000, "Có"),
    ("TH15", "Lụa Gia Bảo", DET_NHUOM, 15, 5, 120_000_000, "Có"),
    ("TH16", "Xưởng hoàn thiện Việt Tiến", IN_HOA, 8, 0, 40_000_000, "Chưa"),
]

# ------------------------------------------------------------------ value chain
TAC_NHAN = ["Hộ sản xuất", "Người thu gom", "Cơ sở bán buôn", "Cửa hàng bán lẻ"]
# product, unit, lot code prefix, materials per unit, selling price at each step,
# other costs per unit at each step (household: electricity, dye-house fee, loom upkeep, packing,
# not its own labour; collector: transport, losses; wholesaler: storage, transport, stall;
# retailer: rent in town, staff, card fees, display).
SAN_PHAM_CHUOI = [
    ("Khăn lụa tơ tằm 180 × 55 cm", "chiếc", "KL", 125_000, (210_000, 236_000, 282_000, 420_000),
     (24_000, 6_000, 15_000, 78_000)),
    ("Vải lụa tơ tằm khổ 90 cm", "mét", "VL", 112_000, (172_000, 192_000, 228_000, 320_000),
     (17_000, 4_000, 11_000, 55_000)),
    ("Cà vạt lụa tơ tằm", "chiếc", "CV", 78_000, (138_000, 154_000, 186_000, 290_000),
     (14_000, 5_000, 12_000, 62_000)),
]
SO_LO = 15  # traced lots per product
# days between one step's sale and the next step's sale (collector, wholesaler, retailer)
TRE_NGAY = ((2, 5), (3, 10), (5, 25))


def _tron(x: float, buoc: int = 1000) -> int:
    return int(np.floor(x / buoc + 0.5) * buoc)


def bang_thanh_vien() -> pd.DataFrame:
    return pd.DataFrame(THANH_VIEN, columns=["ma_co_so", "ten_co_so", "loai_hinh", "so_lao_dong", "so_khung_det",
                                             "von_gop_du_kien", "dang_ky_htx"])


def sinh_chuoi_gia_tri(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for ten, don_vi, tien_to, nguyen_lieu, gia_ban, chi_phi in SAN_PHAM_CHUOI:
        for lo in range(1, SO_LO + 1):
            lot = 1 + float(np.clip(rng.normal(0, 0.05), -0.1, 0.1))  # a finer or plainer lot
            gia_mua = _tron(nguyen_lieu * lot * (1 + float(np.clip(rng.normal(0, 0.04), -0.08, 0.08))))
            ngay = date(NAM, 2, 20) + timedelta(days=int(rng.integers(0, 260)))
            truoc = nguyen_lieu
            for buoc, tac_nhan in enumerate(TAC_NHAN):
                bien = (gia_ban[buoc] - truoc) * lot * (1 + float(np.clip(rng.normal(0, 0.08), -0.16, 0.16)))
                ban = gia_mua + _tron(bien)
                khac = _tron(chi_phi[buoc] * (1 + float(np.clip(rng.normal(0, 0.1), -0.2, 0.2))), 500)
                if buoc > 0:
                    lo_tre = TRE_NGAY[buoc - 1]
                    ngay = ngay + timedelta(days=int(rng.integers(lo_tre[0], lo_tre[1] + 1)))
                rows.append({
                    "ma_lo": f"{tien_to}-{lo:02d}", "san_pham": ten, "don_vi": don_vi, "buoc": buoc + 1,
                    "tac_nhan": tac_nhan, "ngay_ban": ngay.isoformat(), "gia_mua": gia_mua,
                    "chi_phi_khac": khac, "gia_ban": ban,
                })
                truoc = gia_ban[buoc]
                gia_mua = ban
    return pd.DataFrame(rows).sort_values(["ma_lo", "buoc"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ group purchase of silk yarn
# All-units price breaks of a raw-silk supplier (delivered to the village): an order of at least
# tu_kg kilos pays don_gia for every kilo.
BAC_GIA = [(1, 0, 1_850_000), (2, 50, 1_800_000), (3, 200, 1_760_000), (4, 500, 1_720_000)]
KG_MOI_KHUNG = 15.0  # kilos of yarn a loom weaves in an ordinary month
MUA = [1.25, 0.45, 0.9, 0.95, 0.85, 0.62, 0.6, 0.8, 0.95, 1.15, 1.3, 1.4]  # month factor (Tết peak)


def bang_bac_gia() -> pd.DataFrame:
    return pd.DataFrame(
        [(b, t, g, "Công ty ươm tơ Bảo Lâm (hư cấu)") for b, t, g in BAC_GIA],
        columns=["bac", "tu_kg", "don_gia", "nha_cung_cap"],
    )


def sinh_mua_chung(rng: np.random.Generator) -> pd.DataFrame:
    tho_det = [t for t in THANH_VIEN if t[4] > 0]
    rows = []
    for thang in range(1, 13):
        for ma, ten, _loai, _ld, khung, _von, _htx in tho_det:
            kg = KG_MOI_KHUNG * khung * MUA[thang - 1] * (1 + float(np.clip(rng.normal(0, 0.15), -0.3, 0.3)))
            rows.append({"thang": thang, "ma_co_so": ma, "ten_co_so": ten, "so_kg": int(5 * round(kg / 5))})
    bang = pd.DataFrame(rows)
    # Days the data must show: a member who stops buying over Tết, purchases exactly on a price break.
    bang.loc[(bang["thang"] == 2) & bang["ma_co_so"].isin(["TH08", "TH12"]), "so_kg"] = 0
    bang.loc[(bang["thang"] == 3) & (bang["ma_co_so"] == "TH02"), "so_kg"] = 50
    bang.loc[(bang["thang"] == 12) & (bang["ma_co_so"] == "TH01"), "so_kg"] = 200
    # July: the group total is exactly the top price break (the largest buyer tops up the order).
    thang_7 = bang["thang"] == 7
    thieu = 500 - int(bang.loc[thang_7, "so_kg"].sum())
    bang.loc[thang_7 & (bang["ma_co_so"] == "TH01"), "so_kg"] += thieu
    return bang.sort_values(["thang", "ma_co_so"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ wastewater of the cluster
# loai_hinh -> typical daily flow (m³), raw COD (mg/L), TSS (mg/L), colour (Pt-Co), pH mean, BOD5/COD
NUOC_THAI = {
    NHUOM: (160.0, 1_600, 220, 1_400, 10.0, 0.42),
    DET_NHUOM: (90.0, 1_000, 170, 900, 9.4, 0.40),
    IN_HOA: (45.0, 800, 150, 650, 8.6, 0.38),
    DET: (6.0, 360, 90, 60, 7.6, 0.45),
}
MUA_NUOC = [1.15, 0.72, 0.9, 0.95, 0.9, 0.8, 0.8, 0.85, 0.95, 1.1, 1.2, 1.3]  # dyeing follows orders


def ngay_lay_mau() -> list[date]:
    """The 15th of each month, or the Monday after when it falls on a Sunday."""
    days = []
    for thang in range(1, 13):
        d = date(NAM, thang, 15)
        days.append(d + timedelta(days=1) if d.weekday() == 6 else d)
    return days


def sinh_nuoc_thai(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    # each workshop's own scale: a bigger dye house discharges more, a cleaner one less COD
    quy_mo = {t[0]: 1 + float(np.clip(rng.normal(0, 0.2), -0.35, 0.35)) for t in THANH_VIEN}
    muc_do = {t[0]: 1 + float(np.clip(rng.normal(0, 0.12), -0.25, 0.25)) for t in THANH_VIEN}
    for d in ngay_lay_mau():
        for ma, ten, loai, _ld, _khung, _von, _htx in THANH_VIEN:
            q, cod, tss, mau, ph, ty_bod = NUOC_THAI[loai]
            luu_luong = q * quy_mo[ma] * MUA_NUOC[d.month - 1] * (1 + float(np.clip(rng.normal(0, 0.1), -0.25, 0.25)))
            c = cod * muc_do[ma] * (1 + float(np.clip(rng.normal(0, 0.12), -0.3, 0.3)))
            rows.append({
                "ngay_lay_mau": d.isoformat(), "ma_co_so": ma, "ten_co_so": ten,
                "luu_luong_m3_ngay": round(luu_luong, 1),
                "cod_mg_l": int(round(c)),
                "bod5_mg_l": int(round(c * ty_bod * (1 + float(np.clip(rng.normal(0, 0.08), -0.15, 0.15))))),
                "tss_mg_l": int(round(tss * (1 + float(np.clip(rng.normal(0, 0.18), -0.4, 0.4))))),
                "mau_pt_co": int(10 * round(mau * muc_do[ma] * (1 + float(np.clip(rng.normal(0, 0.15), -0.35, 0.35))) / 10)),
                "ph": round(float(np.clip(rng.normal(ph, 0.35), 6.5, 11.5)), 1),
            })
    return pd.DataFrame(rows).sort_values(["ngay_lay_mau", "ma_co_so"], kind="stable").reset_index(drop=True)


# Yearly costs of the shared plant (design 1,200 m³/day, physico-chemical + biological treatment),
# 2025, in VND: (item, kind, cost, how it was worked out)
CHI_PHI_TRAM = [
    ("Khấu hao công trình và thiết bị", "Cố định", 1_200_000_000,
     "Vốn đầu tư 24 tỷ đồng chia đều cho 20 năm sử dụng."),
    ("Lương và bảo hiểm của 4 người vận hành", "Cố định", 420_000_000,
     "4 người × khoảng 8,75 triệu đồng/tháng × 12 tháng."),
    ("Bảo dưỡng, sửa chữa", "Cố định", 150_000_000, "Khoảng 0,6% vốn đầu tư mỗi năm."),
    ("Quan trắc môi trường định kỳ", "Cố định", 96_000_000, "Lấy và phân tích mẫu nước thải đầu vào, đầu ra."),
    ("Điện năng", "Theo lưu lượng", 460_000_000, "Khoảng 1 kWh cho mỗi m³ nước thải."),
    ("Hóa chất keo tụ, khử màu, điều chỉnh pH", "Theo lưu lượng", 770_000_000,
     "Phèn nhôm (PAC), polymer, chất khử màu, xút và axit."),
    ("Xử lý bùn thải", "Theo lưu lượng", 220_000_000, "Ép bùn và thuê đơn vị có chức năng thu gom, xử lý."),
]


def bang_chi_phi_tram() -> pd.DataFrame:
    return pd.DataFrame(CHI_PHI_TRAM, columns=["hang_muc", "loai_chi_phi", "chi_phi_nam", "cach_tinh"])


def generate(out_dir: Path) -> list[Path]:
    """Write the CSV files of module 6 into out_dir; return their paths."""
    bang = {
        "thanh_vien_cum.csv": bang_thanh_vien(),
        "chuoi_gia_tri.csv": sinh_chuoi_gia_tri(np.random.default_rng(HAT_GIONG_CHUOI)),
        "bac_gia_to.csv": bang_bac_gia(),
        "mua_chung.csv": sinh_mua_chung(np.random.default_rng(HAT_GIONG_MUA_CHUNG)),
        "nuoc_thai_cum.csv": sinh_nuoc_thai(np.random.default_rng(HAT_GIONG_NUOC_THAI)),
        "chi_phi_tram_xu_ly.csv": bang_chi_phi_tram(),
    }
    return ghi_cac_bang(bang, TEP, out_dir)
