"""Phép tính của mô-đun 4, sản xuất sạch hơn: cân bằng vật chất, giới hạn nước thải QCVN 40, hiệu quả phương án, CO2.

    from langnghe.san_xuat_sach_hon import kq, kf, cmax
    cmax("cod", "B", 500, 48)   # Cmax của COD, cột B, xả 500 m³/ngày ra sông 48 m³/s: 150 × 0,9 × 1,1

Giới hạn, bảng hệ số và hệ số phát thải đọc từ tệp tham số có ngày hiệu lực
`params/san_xuat_sach_hon.toml`, nên một mẫu nước được xét theo quy định đang có hiệu lực vào ngày lấy mẫu.

Maintainer note: the lessons show the same arithmetic step by step and the assignment asks trainees
to write kq(), kf(), cmax(), npv() and irr() themselves; module 6 (`lien_ket`) imports kf and kq.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from .params import tham_so

# names of the parameter tables
_GIOI_HAN = "qcvn40_2011_gioi_han"
_BANG_KQ = "qcvn40_2011_he_so_kq"
_BANG_KF = "qcvn40_2011_he_so_kf"
_QUY_CHUAN = "quy_chuan_nuoc_thai_cong_nghiep"
_NHIEN_LIEU = "ipcc_2006_nhien_lieu"

SONG, HO = "sông", "hồ"  # the two kinds of receiving water
CAC_COT = ("A", "B")  # the two columns of QCVN 40:2011


# ------------------------------------------------------------------ material balance
def do_khep_kin(dau_vao: Iterable[float], dau_ra: Iterable[float]) -> float:
    """Độ khép kín của một cân bằng: tổng đầu ra đo được ÷ tổng đầu vào (1,0 là tìm lại được mọi kg).

    `dau_vao`, `dau_ra`: các lượng vào và ra, cùng một đơn vị (kg, m³ hay MJ).

        do_khep_kin([3000, 50], [2600, 150, 200, 50])  # 3000 ÷ 3050 ≈ 0,984
    """
    total_in = float(sum(dau_vao))
    if total_in <= 0:
        raise ValueError("Tổng đầu vào phải lớn hơn 0 mới tính được độ khép kín của cân bằng.")
    return float(sum(dau_ra)) / total_in


def luong_khong_ro(dau_vao: Iterable[float], dau_ra: Iterable[float]) -> float:
    """Lượng không rõ đi đâu: tổng đầu vào − tổng đầu ra đo được (âm nếu đo ra nhiều hơn vào).

        luong_khong_ro([3000, 50], [2600, 150, 200, 50])  # 50
    """
    return float(sum(dau_vao)) - float(sum(dau_ra))


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


def kq(luu_luong: float, loai_nguon: str = SONG, ngay=None) -> float:
    """Hệ số Kq của nguồn tiếp nhận nước thải (QCVN 40:2011/BTNMT).

    `luu_luong`: với sông là lưu lượng dòng chảy Q (m³/s), với hồ là dung tích V (m³);
    `loai_nguon`: "sông" hoặc "hồ"; `ngay`: ngày tra bảng (bỏ trống là hôm nay).

        kq(48, "sông")        # 0.9
        kq(5_000_000, "hồ")   # 0.6
    """
    table = tham_so(_BANG_KQ, ngay)
    if loai_nguon == SONG:
        return _lookup(table["song"], _number(luu_luong, "Lưu lượng dòng chảy Q của sông (m³/s)"))
    if loai_nguon == HO:
        return _lookup(table["ho"], _number(luu_luong, "Dung tích V của hồ (m³)"))
    raise ValueError(f"Nguồn tiếp nhận phải là {SONG!r} hoặc {HO!r}, nhưng nhận được {loai_nguon!r}.")


def kf(luu_luong_xa: float, ngay=None) -> float:
    """Hệ số Kf theo lưu lượng nước thải F của cơ sở (m³/ngày đêm), QCVN 40:2011/BTNMT.

    Xả càng nhiều thì Kf càng nhỏ, giới hạn càng chặt. `ngay`: ngày tra bảng (bỏ trống là hôm nay).

        kf(500)  # 1.1
        kf(501)  # 1.0
    """
    return _lookup(tham_so(_BANG_KF, ngay)["bang"], _number(luu_luong_xa, "Lưu lượng nước thải F (m³/ngày)"))


def bang_gioi_han(ngay=None) -> dict:
    """Bảng 1 của QCVN 40:2011: mã thông số -> {ten, don_vi, A, B}, và danh sách `cmax_bang_c`.

    `cmax_bang_c` là các thông số lấy Cmax = C (không nhân Kq, Kf).
    """
    return tham_so(_GIOI_HAN, ngay)


def khong_nhan_kq_kf(thong_so: str, ngay=None) -> bool:
    """True nếu thông số lấy Cmax = C, không nhân Kq, Kf: pH, màu, nhiệt độ, coliform."""
    return thong_so in bang_gioi_han(ngay)["cmax_bang_c"]


def cmax(thong_so: str, cot: str, luu_luong_xa: float, luu_luong_nguon: float, loai_nguon: str = SONG, ngay=None):
    """Giá trị tối đa cho phép Cmax của một thông số: C × Kq × Kf, hoặc C với các thông số lấy Cmax = C.

    `thong_so`: mã thông số ("cod", "tss", ...); `cot`: "A" hoặc "B"; `luu_luong_xa`: lưu lượng xả F
    (m³/ngày); `luu_luong_nguon`, `loai_nguon`: như của `kq`. Với pH, kết quả là khoảng cho phép (thấp, cao).

        cmax("cod", "B", 500, 48)  # 150 × 0,9 × 1,1 = 148,5 mg/L
    """
    table = bang_gioi_han(ngay)
    if thong_so not in table["thong_so"]:
        raise KeyError(f"Không có thông số {thong_so!r}. Các thông số có sẵn: {', '.join(table['thong_so'])}.")
    if cot not in CAC_COT:
        raise ValueError(f"Cột của quy chuẩn phải là 'A' hoặc 'B', nhưng nhận được {cot!r}.")
    c = table["thong_so"][thong_so][cot]
    if isinstance(c, list):
        return (float(c[0]), float(c[1]))
    if thong_so in table["cmax_bang_c"]:
        return float(c)
    return float(c) * kq(luu_luong_nguon, loai_nguon, ngay) * kf(luu_luong_xa, ngay)


def vuot_gioi_han(ket_qua: float, gioi_han) -> bool:
    """True nếu kết quả đo vượt giới hạn: lớn hơn một con số, hoặc nằm ngoài khoảng (thấp, cao) với pH.

    Bằng đúng giới hạn thì chưa vượt.
    """
    if isinstance(gioi_han, tuple):
        return ket_qua < gioi_han[0] or ket_qua > gioi_han[1]
    return ket_qua > gioi_han


def ty_le_vuot(ket_qua: float, gioi_han) -> float:
    """Tỷ lệ vượt = kết quả đo ÷ giới hạn cho phép: lớn hơn 1 là vượt. NaN khi giới hạn là một khoảng (pH).

        ty_le_vuot(165, 150)  # 1.1
    """
    if isinstance(gioi_han, tuple):
        return math.nan
    return ket_qua / gioi_han


def quy_chuan_ap_dung(ngay_xet, da_hoat_dong_truoc: bool = True) -> str:
    """Quy chuẩn nước thải công nghiệp một cơ sở phải theo vào ngày `ngay_xet`.

    `da_hoat_dong_truoc`: cơ sở đã hoạt động (hoặc đã được duyệt ĐTM) trước khi quy chuẩn mới có hiệu lực,
    nên còn được theo quy chuẩn cũ đến hết thời gian chuyển tiếp.
    """
    entry = tham_so(_QUY_CHUAN, ngay_xet)
    when = dt.date.fromisoformat(str(ngay_xet)[:10]) if ngay_xet is not None else dt.date.today()
    if da_hoat_dong_truoc and "ap_dung_cu_den" in entry and when <= entry["ap_dung_cu_den"]:
        return entry["quy_chuan_cu"]
    return entry["quy_chuan"]


# ------------------------------------------------------------------ option economics
def thoi_gian_hoan_von(von_dau_tu: float, tiet_kiem_nam: float) -> float:
    """Thời gian hoàn vốn giản đơn (năm): vốn đầu tư ÷ tiền tiết kiệm ròng mỗi năm; vô cùng nếu không tiết kiệm.

        thoi_gian_hoan_von(150_000_000, 120_000_000)  # 1.25 năm
    """
    if tiet_kiem_nam <= 0:
        return math.inf
    return von_dau_tu / tiet_kiem_nam


def npv(lai_suat: float, von_dau_tu: float, tiet_kiem_nam: float, so_nam: int) -> float:
    """Giá trị hiện tại ròng NPV (đồng): − vốn + tiền tiết kiệm cuối mỗi năm, quy về hôm nay với `lai_suat`.

    `lai_suat`: lãi suất chiết khấu mỗi năm (0.10 là 10%); `so_nam`: số năm phương án mang lại tiết kiệm.

        npv(0.10, 150_000_000, 120_000_000, 8)  # khoảng 490 triệu đồng
    """
    return -von_dau_tu + sum(tiet_kiem_nam / (1 + lai_suat) ** t for t in range(1, int(so_nam) + 1))


def irr(von_dau_tu: float, tiet_kiem_nam: float, so_nam: int, thap: float = -0.99, cao: float = 10.0,
        sai_so: float = 1e-9) -> float:
    """Tỷ suất hoàn vốn nội bộ IRR: lãi suất làm NPV bằng 0, tìm bằng phương pháp chia đôi.

    NPV giảm khi lãi suất tăng, nên mỗi lần chia đôi khoảng [thap, cao] và giữ nửa có chỗ NPV đổi dấu,
    đến khi khoảng hẹp hơn `sai_so`. Kết quả là tỷ lệ mỗi năm (0.25 là 25%).

        irr(100, 110, 1)  # 0.1
    """
    low, high = thap, cao
    f_low = npv(low, von_dau_tu, tiet_kiem_nam, so_nam)
    f_high = npv(high, von_dau_tu, tiet_kiem_nam, so_nam)
    if f_low * f_high > 0:
        raise ValueError(
            "Không tìm được IRR trong khoảng đã cho: NPV không đổi dấu giữa hai đầu khoảng. "
            "Kiểm tra lại vốn, tiền tiết kiệm và số năm."
        )
    for _ in range(200):
        middle = (low + high) / 2
        f_middle = npv(middle, von_dau_tu, tiet_kiem_nam, so_nam)
        if f_middle == 0 or (high - low) / 2 < sai_so:
            return middle
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return (low + high) / 2


def diem_co_trong_so(diem: Mapping[str, float], trong_so: Mapping[str, float]) -> float:
    """Điểm có trọng số: Σ trọng số × điểm của từng tiêu chí, chia cho tổng trọng số.

        diem_co_trong_so({"kinh_te": 5, "moi_truong": 3, "de_lam": 1},
                         {"kinh_te": 0.5, "moi_truong": 0.3, "de_lam": 0.2})  # 3.6
    """
    total = sum(trong_so.values())
    if total <= 0:
        raise ValueError("Tổng trọng số phải lớn hơn 0.")
    return sum(trong_so[k] * diem[k] for k in trong_so) / total


# ------------------------------------------------------------------ fuel and CO2
def nhiet_luong_mj(nhien_lieu: str, khoi_luong_kg: float, ngay=None) -> float:
    """Nhiệt lượng (MJ) của một khối lượng nhiên liệu, theo nhiệt trị mặc định của IPCC 2006 (TJ/Gg = MJ/kg).

    `nhien_lieu`: "than", "lpg", ... (tên trong tệp tham số).

        nhiet_luong_mj("lpg", 10)  # 473 MJ
    """
    return khoi_luong_kg * _fuel(nhien_lieu, ngay)["ncv_tj_gg"]


def tan_co2_khi_dot(nhien_lieu: str, khoi_luong_kg: float, ngay=None) -> float:
    """Số tấn CO2 thải ra khi đốt `khoi_luong_kg` nhiên liệu, hệ số mặc định IPCC 2006.

    kg ÷ 1.000.000 × nhiệt trị (TJ/Gg) × hệ số phát thải (tấn CO2/TJ).

        tan_co2_khi_dot("than", 1000)  # 1 tấn than: khoảng 2,44 tấn CO2
    """
    f = _fuel(nhien_lieu, ngay)
    return khoi_luong_kg / 1e6 * f["ncv_tj_gg"] * f["ef_t_co2_tj"]


def _fuel(fuel: str, date=None) -> dict:
    fuels = tham_so(_NHIEN_LIEU, date if date is not None else "2025-01-01")["nhien_lieu"]
    if fuel not in fuels:
        raise KeyError(f"Không có nhiên liệu {fuel!r}. Các nhiên liệu có sẵn: {', '.join(fuels)}.")
    return fuels[fuel]
