"""san_pham.csv: the catalogue of the fictional workshop "Gốm An Phúc" (Bát Tràng).

Hand-written, no randomness. Packed dimensions are chosen so that the volumetric weight
(L×W×H/5000) is above the actual weight for about a third of the SKUs (tea sets, vases:
bulky and light) while bowl and plate sets and the ceramic picture are heavy and compact.
`hang` is the popularity rank used by the order generator (1 = best seller); it is not
written to the CSV.
"""

from __future__ import annotations

import pandas as pd

NHOM = ["Cốc – ly", "Bát đĩa", "Ấm chén", "Bình hoa", "Đồ trang trí", "Quà tặng"]

# ma_sp, ten_sp, nhom, gia_ban, gia_von, khoi_luong_kg, dai_cm, rong_cm, cao_cm, hang
_DANH_MUC = [
    ("BT-COC-01", "Cốc sứ men lam vẽ sen 350 ml", "Cốc – ly", 129_000, 52_000, 0.55, 14, 12, 13, 1),
    ("BT-COC-02", "Cốc sứ trắng in thư pháp chữ Phúc 300 ml", "Cốc – ly", 95_000, 36_000, 0.50, 13, 11, 12, 4),
    ("BT-COC-03", "Cốc men rạn quai tre 400 ml", "Cốc – ly", 155_000, 74_000, 0.62, 16, 13, 14, 9),
    ("BT-COC-04", "Cốc men hỏa biến xanh 350 ml", "Cốc – ly", 145_000, 72_000, 0.58, 14, 12, 13, 12),
    ("BT-COC-05", "Ly sứ men ngọc uống trà 200 ml", "Cốc – ly", 85_000, 34_000, 0.35, 12, 10, 11, 16),
    ("BT-COC-06", "Cốc đôi men mát vẽ chim én (bộ 2 chiếc)", "Cốc – ly", 160_000, 70_000, 1.05, 24, 14, 14, 7),
    ("BT-BAT-01", "Bộ 6 bát cơm men lam hoa cúc 11,5 cm", "Bát đĩa", 240_000, 102_000, 2.60, 24, 17, 15, 2),
    ("BT-BAT-02", "Bộ 10 bát cơm men trắng viền lam", "Bát đĩa", 320_000, 138_000, 3.90, 26, 18, 20, 8),
    ("BT-BAT-03", "Bộ 6 đĩa tròn 20 cm men hoa lam", "Bát đĩa", 280_000, 126_000, 3.10, 25, 25, 12, 10),
    ("BT-BAT-04", "Bộ bát đĩa 18 món men rạn nâu", "Bát đĩa", 450_000, 215_000, 5.60, 36, 30, 22, 14),
    ("BT-BAT-05", "Bộ 6 bát chiết yêu men lam 12 cm", "Bát đĩa", 180_000, 76_000, 2.20, 22, 15, 14, 11),
    ("BT-BAT-06", "Bộ 4 đĩa men gio vẽ cá chép 25 cm", "Bát đĩa", 360_000, 168_000, 3.40, 30, 30, 10, 18),
    ("BT-AMC-01", "Bộ ấm chén men lam vẽ tay dáng tỏi", "Ấm chén", 450_000, 198_000, 1.60, 30, 25, 18, 3),
    ("BT-AMC-02", "Bộ ấm chén men rạn cổ đắp nổi", "Ấm chén", 650_000, 305_000, 1.90, 32, 26, 20, 6),
    ("BT-AMC-03", "Bộ ấm chén men hỏa biến cao cấp hộp gỗ", "Ấm chén", 1_150_000, 590_000, 2.80, 38, 30, 20, 17),
    ("BT-AMC-04", "Bộ ấm tích giỏ tre kèm 6 chén", "Ấm chén", 550_000, 248_000, 2.30, 30, 30, 26, 15),
    ("BT-AMC-05", "Bộ ấm chén men trắng dáng vuông", "Ấm chén", 380_000, 160_000, 1.80, 28, 22, 14, 13),
    ("BT-BHO-01", "Bình hoa men lam dáng tỏi 25 cm", "Bình hoa", 280_000, 118_000, 1.50, 22, 22, 32, 5),
    ("BT-BHO-02", "Bình hoa men rạn củ tỏi 35 cm", "Bình hoa", 520_000, 243_000, 2.60, 28, 28, 42, 19),
    ("BT-BHO-03", "Lọ hoa men hỏa biến 40 cm", "Bình hoa", 850_000, 428_000, 3.40, 30, 30, 48, 22),
    ("BT-BHO-04", "Bình hút lộc men lam vẽ sen 45 cm", "Bình hoa", 1_450_000, 760_000, 5.80, 36, 36, 55, 26),
    ("BT-BHO-05", "Bộ 3 bình cắm hoa men mát mini", "Bình hoa", 250_000, 105_000, 1.40, 26, 18, 14, 20),
    ("BT-BHO-06", "Bình gốm nâu đắp nổi hoa sen 50 cm", "Bình hoa", 1_200_000, 610_000, 6.00, 38, 38, 60, 29),
    ("BT-TTR-01", "Tượng mèo thần tài men vàng 15 cm", "Đồ trang trí", 220_000, 92_000, 0.90, 20, 16, 22, 21),
    ("BT-TTR-02", "Đèn xông tinh dầu gốm men lam", "Đồ trang trí", 195_000, 80_000, 0.80, 14, 14, 18, 24),
    ("BT-TTR-03", "Bộ 3 chậu cây mini men rạn", "Đồ trang trí", 190_000, 78_000, 1.80, 28, 12, 12, 25),
    ("BT-TTR-04", "Tranh gốm đắp nổi phố cổ 30×40 cm", "Đồ trang trí", 950_000, 470_000, 4.20, 45, 35, 7, 28),
    ("BT-QTA-01", "Hộp quà Tết ấm chén men lam kèm hũ trà", "Quà tặng", 690_000, 335_000, 2.40, 34, 28, 18, 23),
    ("BT-QTA-02", "Hũ đựng trà men lam có nắp 12 cm", "Quà tặng", 160_000, 66_000, 0.70, 14, 14, 16, 27),
    ("BT-QTA-03", "Bộ quà tặng cốc đôi kèm hộp giấy", "Quà tặng", 280_000, 122_000, 1.30, 24, 17, 15, 30),
]

COT = ["ma_sp", "ten_sp", "nhom", "gia_ban", "gia_von", "khoi_luong_kg", "dai_cm", "rong_cm", "cao_cm"]


def danh_muc() -> pd.DataFrame:
    """The catalogue with the popularity rank `hang` (numbers as numbers)."""
    return pd.DataFrame(_DANH_MUC, columns=[*COT, "hang"])


def bang_san_pham() -> pd.DataFrame:
    """san_pham.csv as written: sorted by ma_sp, weight with two decimals."""
    bang = danh_muc()[COT].sort_values("ma_sp", ignore_index=True)
    bang["khoi_luong_kg"] = [f"{x:.2f}" for x in bang["khoi_luong_kg"]]
    return bang
