"""Datasets of module 2 (product design): Kano survey, conjoint ratings, design costs, colours, lead tests.

The story continues module 1's fictional workshop, Gốm An Phúc in Bát Tràng, which is designing a
new 350 ml mug line and preparing a first export order to the United States:

- khao_sat_kano.csv: 150 customers × 10 features of the mug, functional and dysfunctional answers;
- danh_gia_mau_ma.csv: 100 customers rate 18 mug profiles (an L18 orthogonal plan) from 0 to 10;
- chi_phi_mau_ma.csv: unit cost of each design choice (the workshop's own costing);
- ban_theo_mau.csv: mugs and bowls sold per month and glaze colour group, 2023–2025;
- mau_san_pham.csv: dominant RGB colour and units sold of 320 best-selling cups on marketplaces;
- thu_nghiem_chi.csv: lead release of 22 samples × 6 units, lab results before an export order.

Every number is drawn from numpy generators with fixed seeds; the edge cases the lessons and the
assignment rely on (a result exactly at its limit, a mislabelled ware type) are written out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..thiet_ke_san_pham import BANG_KANO, CAC_MUC
from ._chung import ghi_cac_bang

HAT_GIONG_KANO = 202502
HAT_GIONG_CONJOINT = 202503
HAT_GIONG_MAU = 202504
HAT_GIONG_RGB = 202505
HAT_GIONG_CHI = 202506

TEP = ["khao_sat_kano.csv", "danh_gia_mau_ma.csv", "chi_phi_mau_ma.csv", "ban_theo_mau.csv",
       "mau_san_pham.csv", "thu_nghiem_chi.csv"]

TU_DUNG, LAM_QUA = "Tự dùng", "Làm quà"

# ------------------------------------------------------------------ Kano survey
# Per feature: probabilities of the categories A, O, M, I, R, Q for customers buying for themselves
# and for customers buying a gift. The dominant category of each feature is what the lesson teaches.
TINH_NANG = [
    ("F01", "Men an toàn, có kiểm nghiệm chì",
     (0.06, 0.22, 0.55, 0.13, 0.01, 0.03), (0.06, 0.22, 0.55, 0.13, 0.01, 0.03)),
    ("F02", "Dùng được lò vi sóng", (0.09, 0.26, 0.40, 0.21, 0.01, 0.03), (0.10, 0.20, 0.34, 0.32, 0.01, 0.03)),
    ("F03", "Rửa được bằng máy rửa bát", (0.12, 0.10, 0.12, 0.60, 0.03, 0.03), (0.12, 0.08, 0.08, 0.66, 0.03, 0.03)),
    ("F04", "Giữ nóng lâu", (0.20, 0.46, 0.14, 0.17, 0.01, 0.02), (0.26, 0.32, 0.10, 0.29, 0.01, 0.02)),
    ("F05", "Quai to, cầm chắc tay", (0.14, 0.40, 0.26, 0.17, 0.01, 0.02), (0.16, 0.34, 0.22, 0.25, 0.01, 0.02)),
    ("F06", "Hoa văn vẽ tay", (0.42, 0.12, 0.05, 0.36, 0.03, 0.02), (0.62, 0.15, 0.04, 0.16, 0.01, 0.02)),
    ("F07", "Khắc tên theo yêu cầu", (0.18, 0.05, 0.02, 0.65, 0.08, 0.02), (0.64, 0.10, 0.02, 0.20, 0.02, 0.02)),
    ("F08", "Có nắp đậy", (0.28, 0.08, 0.04, 0.54, 0.04, 0.02), (0.32, 0.08, 0.04, 0.50, 0.04, 0.02)),
    ("F09", "Hộp quà cứng", (0.30, 0.08, 0.02, 0.52, 0.06, 0.02), (0.55, 0.30, 0.08, 0.05, 0.00, 0.02)),
    ("F10", "In chữ Bát Tràng to trên thân",
     (0.06, 0.02, 0.01, 0.36, 0.52, 0.03), (0.08, 0.02, 0.01, 0.34, 0.52, 0.03)),
]
SO_PHIEU_TU_DUNG, SO_PHIEU_LAM_QUA = 90, 60

# How each category is usually answered: (functional, dysfunctional) cells of the evaluation table.
_O_KANO = {
    "A": [(("Thích", "Chấp nhận"), 0.50), (("Thích", "Trung lập"), 0.40), (("Thích", "Đương nhiên"), 0.10)],
    "O": [(("Thích", "Không thích"), 1.0)],
    "M": [(("Đương nhiên", "Không thích"), 0.50), (("Trung lập", "Không thích"), 0.25),
          (("Chấp nhận", "Không thích"), 0.25)],
    "I": [(("Trung lập", "Trung lập"), 0.45), (("Trung lập", "Chấp nhận"), 0.15), (("Chấp nhận", "Chấp nhận"), 0.15),
          (("Đương nhiên", "Trung lập"), 0.10), (("Chấp nhận", "Trung lập"), 0.10),
          (("Đương nhiên", "Đương nhiên"), 0.05)],
    "R": [(("Không thích", "Thích"), 0.35), (("Không thích", "Trung lập"), 0.25), (("Trung lập", "Thích"), 0.20),
          (("Chấp nhận", "Thích"), 0.10), (("Không thích", "Chấp nhận"), 0.10)],
    "Q": [(("Thích", "Thích"), 0.5), (("Không thích", "Không thích"), 0.5)],
}
for _loai, _cac_o in _O_KANO.items():  # the generator must agree with the evaluation table
    assert all(BANG_KANO.loc[f, d] == _loai for (f, d), _ in _cac_o), _loai


def sinh_kano(rng: np.random.Generator) -> pd.DataFrame:
    nhom = np.array([TU_DUNG] * SO_PHIEU_TU_DUNG + [LAM_QUA] * SO_PHIEU_LAM_QUA, dtype=object)
    rng.shuffle(nhom)
    loai_list = list(_O_KANO)
    dong = []
    for i, nhom_khach in enumerate(nhom, start=1):
        for ma, ten, p_tu_dung, p_lam_qua in TINH_NANG:
            p = np.array(p_tu_dung if nhom_khach == TU_DUNG else p_lam_qua)
            loai = loai_list[rng.choice(6, p=p / p.sum())]
            cac_o = _O_KANO[loai]
            w = np.array([x for _, x in cac_o])
            co, khong = cac_o[rng.choice(len(cac_o), p=w / w.sum())][0]
            dong.append((f"P{i:03d}", nhom_khach, ma, ten, co, khong))
    return pd.DataFrame(dong, columns=["ma_phieu", "nhom_khach", "ma_tinh_nang", "tinh_nang",
                                       "tra_loi_co", "tra_loi_khong"])


# ------------------------------------------------------------------ conjoint ratings
# Taguchi L18 (2^1 × 3^7): every pair of columns holds every pair of levels equally often.
L18 = np.array([
    [1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 2, 2, 2, 2, 2, 2], [1, 1, 3, 3, 3, 3, 3, 3],
    [1, 2, 1, 1, 2, 2, 3, 3], [1, 2, 2, 2, 3, 3, 1, 1], [1, 2, 3, 3, 1, 1, 2, 2],
    [1, 3, 1, 2, 1, 3, 2, 3], [1, 3, 2, 3, 2, 1, 3, 1], [1, 3, 3, 1, 3, 2, 1, 2],
    [2, 1, 1, 3, 3, 2, 2, 1], [2, 1, 2, 1, 1, 3, 3, 2], [2, 1, 3, 2, 2, 1, 1, 3],
    [2, 2, 1, 2, 3, 1, 3, 2], [2, 2, 2, 3, 1, 2, 1, 3], [2, 2, 3, 1, 2, 3, 2, 1],
    [2, 3, 1, 3, 2, 3, 1, 2], [2, 3, 2, 1, 3, 1, 2, 3], [2, 3, 3, 2, 1, 2, 3, 1],
]) - 1
# Which L18 column carries which attribute (column 0 is the only two-level one).
COT_L18 = {"quai": 0, "mau_men": 1, "dung_tich": 2, "bao_bi": 3, "gia_ban": 4}

SO_KHACH_CONJOINT = {TU_DUNG: 60, LAM_QUA: 40}
HANG_SO = 4.6  # mean rating of the base profile (Trắng ngà, 250 ml, quai nhỏ, bọc xốp, 99.000 ₫)
# Mean part-worths of each segment (base level 0), on the 0–10 rating scale.
PART_WORTH = {
    TU_DUNG: {"mau_men": [0, 1.0, 0.5], "dung_tich": [0, 0.9, 0.7], "quai": [0, 0.6],
              "bao_bi": [0, 0.5, 0.6], "gia_ban": [0, -0.9, -2.0]},
    LAM_QUA: {"mau_men": [0, 0.9, 0.9], "dung_tich": [0, 0.8, 0.2], "quai": [0, 0.3],
              "bao_bi": [0, 0.8, 1.9], "gia_ban": [0, -0.7, -1.6]},
}


def the_conjoint() -> pd.DataFrame:
    """The 18 profiles (cards) every respondent rates."""
    the = {"ma_the": [f"T{i:02d}" for i in range(1, 19)]}
    for thuoc_tinh in CAC_MUC:  # columns in the order of the study: colour, size, handle, packaging, price
        the[thuoc_tinh] = [CAC_MUC[thuoc_tinh][j] for j in L18[:, COT_L18[thuoc_tinh]]]
    return pd.DataFrame(the)


def sinh_conjoint(rng: np.random.Generator) -> pd.DataFrame:
    the = the_conjoint()
    nhom = np.array([TU_DUNG] * SO_KHACH_CONJOINT[TU_DUNG] + [LAM_QUA] * SO_KHACH_CONJOINT[LAM_QUA], dtype=object)
    rng.shuffle(nhom)
    bang = []
    for i, nhom_khach in enumerate(nhom, start=1):
        muc_rieng = HANG_SO + rng.normal(0, 1.0)  # some people rate everything higher
        nhay_gia = np.exp(rng.normal(0, 0.3))  # price sensitivity varies between people
        diem = np.full(len(the), muc_rieng)
        for thuoc_tinh, tb in PART_WORTH[nhom_khach].items():
            rieng = np.array(tb, dtype=float)
            if thuoc_tinh == "gia_ban":
                rieng = rieng * nhay_gia
            else:
                rieng[1:] += rng.normal(0, 0.35, size=len(rieng) - 1)
            vi_tri = the[thuoc_tinh].map({lv: j for j, lv in enumerate(CAC_MUC[thuoc_tinh])}).to_numpy()
            diem = diem + rieng[vi_tri]
        diem = diem + rng.normal(0, 0.9, size=len(the))
        diem = np.clip(np.floor(diem + 0.5), 0, 10).astype(np.int64)
        phan = the.copy()
        phan.insert(0, "nhom_khach", nhom_khach)
        phan.insert(0, "ma_khach", f"K{i:03d}")
        phan["diem"] = diem
        bang.append(phan)
    return pd.concat(bang, ignore_index=True)


# ------------------------------------------------------------------ costs of design choices
CHI_PHI = [
    ("mau_men", "Màu men", "Trắng ngà", 3_000, "Men trắng ngà nhúng một lớp, nung cùng mẻ thường."),
    ("mau_men", "Màu men", "Xanh ngọc", 6_000, "Men ngọc pha thêm ô-xít sắt, tỷ lệ hỏng màu cao hơn một chút."),
    ("mau_men", "Màu men", "Hỏa biến", 10_000,
     "Men hỏa biến hai lớp, phải xếp lò chỗ nóng; khoảng 1/10 sản phẩm lệch màu phải bán hàng loại 2."),
    ("dung_tich", "Dung tích", "250 ml", 24_000, "Đất, tạo hình, sấy, nung, công nhân: thân cốc 250 ml."),
    ("dung_tich", "Dung tích", "350 ml", 28_000, "Thân cốc 350 ml."),
    ("dung_tich", "Dung tích", "450 ml", 32_000, "Thân cốc 450 ml, chiếm nhiều chỗ trong lò hơn."),
    ("quai", "Quai cầm", "Quai nhỏ", 1_000, "Quai đúc khuôn nhỏ."),
    ("quai", "Quai cầm", "Quai to", 2_500, "Quai to, gắn tay, tốn đất và công hơn."),
    ("bao_bi", "Bao bì", "Bọc xốp", 2_500, "Túi xốp hơi bọc cốc, hộp carton chung khi gửi."),
    ("bao_bi", "Bao bì", "Hộp kraft", 7_000, "Hộp giấy kraft in một màu, có vách giấy."),
    ("bao_bi", "Bao bì", "Hộp quà cứng", 18_000, "Hộp bìa cứng bọc giấy mỹ thuật, lót xốp định hình, in nhũ."),
]


def bang_chi_phi() -> pd.DataFrame:
    return pd.DataFrame(CHI_PHI, columns=["thuoc_tinh", "ten_thuoc_tinh", "muc", "chi_phi", "ghi_chu"])


# ------------------------------------------------------------------ sales by colour
# (group, chart colour, share in early 2023, trend of log-share per year, Tết lift, lift on gift days 8/3, 20/10)
NHOM_MAU = [
    ("Lam", "#1F4E9C", 0.30, -0.10, 1.2, 1.0),
    ("Trắng ngà", "#EDE6D6", 0.16, 0.00, 0.9, 1.0),
    ("Xanh ngọc", "#8FBFA8", 0.08, 0.35, 1.0, 1.2),
    ("Hỏa biến", "#5B4A6B", 0.10, 0.12, 1.0, 1.0),
    ("Nâu", "#7A4E2D", 0.14, -0.22, 0.9, 0.9),
    ("Đỏ – cam", "#C0392B", 0.08, 0.00, 2.8, 1.0),
    ("Vàng", "#D4A017", 0.06, 0.00, 2.2, 1.0),
    ("Pastel", "#E8B4B8", 0.08, 0.40, 1.0, 1.5),
]
# Units sold per month (all colours) relative to the year's average: the Tết peak, a quiet summer.
MUA_VU = {1: 1.8, 2: 0.65, 3: 1.15, 4: 0.9, 5: 0.9, 6: 0.75, 7: 0.75, 8: 0.8, 9: 0.9, 10: 1.15, 11: 1.25, 12: 1.6}
BAN_TRUNG_BINH_2023 = 1300  # mugs and bowls per month
TANG_TRUONG_NAM = 0.12


def sinh_ban_theo_mau(rng: np.random.Generator) -> pd.DataFrame:
    dong = []
    for thang in pd.date_range("2023-01-01", "2025-12-01", freq="MS"):
        nam = thang.year - 2023 + (thang.month - 1) / 12
        trong_so = []
        for _ten, _hex, ty_le, xu_huong, tet, ngay_qua in NHOM_MAU:
            w = ty_le * np.exp(xu_huong * nam)
            if thang.month in (12, 1):
                w *= tet
            if thang.month in (3, 10):
                w *= ngay_qua
            trong_so.append(w)
        trong_so = np.array(trong_so) / sum(trong_so)
        tong = BAN_TRUNG_BINH_2023 * (1 + TANG_TRUONG_NAM) ** (thang.year - 2023) * MUA_VU[thang.month]
        so_luong = rng.poisson(tong * trong_so)
        for (ten, ma_hex, *_), sl in zip(NHOM_MAU, so_luong):
            dong.append((thang.strftime("%Y-%m-%d"), ten, ma_hex, int(sl)))
    return pd.DataFrame(dong, columns=["thang", "nhom_mau", "ma_mau_hex", "so_luong"])


# ------------------------------------------------------------------ RGB colours of best sellers
# (centre R, G, B; spread; listings; median units sold) of the colour families on the marketplaces.
HO_MAU = [
    ((40, 75, 155), (12, 14, 18), 70, 35),     # lam cô-ban
    ((236, 229, 212), (8, 8, 10), 60, 30),     # trắng ngà
    ((145, 190, 168), (14, 12, 12), 55, 60),   # xanh ngọc
    ((110, 75, 55), (16, 14, 12), 50, 22),     # nâu, hỏa biến nâu
    ((190, 60, 45), (14, 14, 12), 35, 25),     # đỏ – cam
    ((232, 178, 182), (8, 12, 12), 50, 55),    # hồng pastel
]


def sinh_mau_san_pham(rng: np.random.Generator) -> pd.DataFrame:
    phan = []
    for tam, lech, so, trung_vi in HO_MAU:
        rgb = np.clip(np.rint(rng.normal(tam, lech, size=(so, 3))), 0, 255).astype(np.int64)
        ban = np.maximum(1, np.rint(trung_vi * np.exp(rng.normal(0, 0.6, size=so)))).astype(np.int64)
        phan.append(np.column_stack([rgb, ban]))
    du_lieu = np.vstack(phan)
    du_lieu = du_lieu[rng.permutation(len(du_lieu))]
    bang = pd.DataFrame(du_lieu, columns=["r", "g", "b", "so_luong_ban"])
    bang.insert(0, "ma_sp", [f"SP{i:03d}" for i in range(1, len(bang) + 1)])
    return bang


# ------------------------------------------------------------------ lead release tests
NGAY_THU = "2025-09-18"
# (sample, product, declared ware type, internal depth mm, capacity ml or None, typical level µg/mL or six values)
MAU_THU = [
    ("M01", "Cốc sứ men lam vẽ sen 350 ml", "Cốc và ca", 95, 350, 0.02),
    ("M02", "Cốc men hỏa biến xanh 350 ml", "Cốc và ca", 95, 350, 0.12),
    ("M03", "Cốc men rạn quai tre 400 ml", "Cốc và ca", 100, 400, 0.18),
    ("M04", "Cốc đỏ vẽ vàng kim mẫu Tết 300 ml", "Cốc và ca", 90, 300, [0.41, 0.38, 0.62, 0.45, 0.36, 0.44]),
    ("M05", "Ly sứ men ngọc uống trà 200 ml", "Cốc và ca", 70, 200, [0.31, 0.5, 0.27, 0.36, 0.42, 0.29]),
    ("M06", "Cốc men xanh ngọc mẫu mới 350 ml", "Cốc và ca", 95, 350, 0.03),
    ("M07", "Chén trà men lam (bộ ấm chén)", "Cốc và ca", 40, 90, 0.06),
    ("M08", "Đĩa tròn 20 cm men hoa lam", "Đồ dẹt", 18, None, 0.05),
    ("M09", "Đĩa men gio vẽ cá chép 25 cm", "Đồ dẹt", 22, None, [2.41, 3.38, 2.65, 2.2, 2.87, 2.55]),
    ("M10", "Đĩa lót cốc men vàng 14 cm", "Đồ dẹt", 12, None, [3.12, 3.51, 2.98, 3.34, 3.05, 3.27]),
    ("M11", "Bát cơm men lam hoa cúc 11,5 cm", "Đồ rỗng nhỏ", 55, 300, 0.04),
    ("M12", "Bát chiết yêu men lam 12 cm", "Đồ rỗng nhỏ", 50, 280, 0.35),
    ("M13", "Bát men rạn nâu 15 cm", "Đồ rỗng nhỏ", 60, 550, [1.45, 1.88, 2.31, 1.62, 1.74, 1.95]),
    ("M14", "Tô canh men lam 20 cm", "Đồ rỗng nhỏ", 80, 1300, [0.82, 1.21, 0.95, 1.08, 0.77, 0.9]),
    ("M15", "Liễn men rạn có nắp 1,8 lít", "Đồ rỗng lớn", 120, 1800, [0.64, 0.88, 1.0, 0.71, 0.93, 0.79]),
    ("M16", "Hũ đựng trà men lam có nắp", "Đồ rỗng nhỏ", 110, 600, 0.05),
    ("M17", "Bình rót nước men ngọc 1 lít", "Bình rót", 180, 1000, 0.15),
    ("M18", "Đĩa treo tường men đỏ vẽ rồng", "Đồ trang trí", 15, None, 4.2),
    ("M19", "Bát men trắng viền lam 11 cm", "Đồ rỗng nhỏ", 52, 280, 0.03),
    ("M20", "Đĩa men trắng dáng vuông 22 cm", "Đồ dẹt", 20, None, 0.02),
    ("M21", "Tô trộn salad men xanh ngọc 2 lít", "Đồ rỗng lớn", 95, 2000, 0.08),
    ("M22", "Ca men rạn có quai 500 ml", "Cốc và ca", 120, 500, [0.22, 0.31, 0.51, 0.28, 0.19, 0.26]),
]


def sinh_thu_nghiem_chi(rng: np.random.Generator) -> pd.DataFrame:
    dong = []
    for ma, ten, loai, sau, dung_tich, muc in MAU_THU:
        if isinstance(muc, list):
            gia_tri = np.array(muc, dtype=float)
        else:
            gia_tri = np.maximum(0.005, np.round(muc * np.exp(rng.normal(0, 0.25, size=6)), 3))
        for chiec, x in enumerate(gia_tri, start=1):
            dong.append((ma, ten, loai, sau, dung_tich, NGAY_THU, chiec, round(float(x), 3)))
    bang = pd.DataFrame(dong, columns=["ma_mau", "ten_san_pham", "loai_do", "do_sau_mm", "dung_tich_ml",
                                       "ngay_thu", "chiec_so", "chi_ug_ml"])
    bang["dung_tich_ml"] = bang["dung_tich_ml"].astype("Int64")
    return bang


def generate(out_dir: Path) -> list[Path]:
    """Write the CSV files of module 2 into out_dir; return their paths."""
    bang = {
        "khao_sat_kano.csv": sinh_kano(np.random.default_rng(HAT_GIONG_KANO)),
        "danh_gia_mau_ma.csv": sinh_conjoint(np.random.default_rng(HAT_GIONG_CONJOINT)),
        "chi_phi_mau_ma.csv": bang_chi_phi(),
        "ban_theo_mau.csv": sinh_ban_theo_mau(np.random.default_rng(HAT_GIONG_MAU)),
        "mau_san_pham.csv": sinh_mau_san_pham(np.random.default_rng(HAT_GIONG_RGB)),
        "thu_nghiem_chi.csv": sinh_thu_nghiem_chi(np.random.default_rng(HAT_GIONG_CHI)),
    }
    return ghi_cac_bang(bang, TEP, out_dir)
