"""Phép tính của thùng carton và kiện hàng (mô-đun 3): tấm phôi, sức nén, khoảng trống, độ cao rơi, nhãn.

Đơn vị: chiều dài tính bằng mm, khối lượng bằng kg, lực bằng N (niutơn; 1 kg đè lên ≈ 9,81 N).
ECT (độ bền nén cạnh của giấy) tính bằng kN/m, cũng chính là N/mm, nên công thức McKee với ECT
theo kN/m và chiều dài theo mm cho sức nén của thùng theo N.

Tấm phôi thùng FEFCO 0201 (thùng 4 nắp, một mảnh, dán ở bề dán) tính theo công thức của khóa học,
trong đó phần bù cho độ dày giấy t được ghi rõ:

* mỗi mặt bên, đo giữa hai đường gấp: kích thước lọt lòng + t;
* thân, đo giữa hai đường gấp: cao lọt lòng + 2t (nắp trên và nắp dưới gập vào mỗi bên chiếm khoảng một độ dày);
* nắp: (rộng lọt lòng + t) ÷ 2, để hai nắp dài gặp nhau ở giữa;
* dài tấm phôi = bề dán + 2 (D + t) + 2 (R + t) = 2D + 2R + bề dán + 4t;
* rộng tấm phôi = (C + 2t) + 2 × (R + t)/2 = C + R + 3t.

Xưởng làm thùng có bảng bù riêng cho từng loại sóng; chênh lệch chỉ vài milimét.

Maintainer note: shared by the lessons, the dieline (`khuon_hop.py`) and the calculator widget;
the lessons show the same arithmetic step by step and the assignment asks trainees to write it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..params import tham_so

__all__ = [
    "GIA_TOC_TRONG_TRUONG",
    "HE_SO_MCKEE",
    "do_day_giay_mm",
    "TamPhoi",
    "tam_phoi_fefco_0201",
    "chu_vi_thung_mm",
    "suc_nen_mckee",
    "tai_thung_duoi_cung",
    "suc_nen_can_co",
    "ty_le_khoang_trong",
    "do_cao_roi_cm",
    "muc_thieu_tren_nhan",
]

GIA_TOC_TRONG_TRUONG = 9.81  # m/s²: 1 kg weighs 9.81 N
HE_SO_MCKEE = 5.87  # McKee's simplified formula constant (dimensionless in consistent units)


def do_day_giay_mm(loai_song: str, ngay=None) -> float:
    """Độ dày (mm) của giấy carton theo loại sóng: cộng độ dày từng lớp sóng trong tệp tham số.

    `loai_song` là chữ cái của các lớp sóng, ví dụ "C" (giấy 3 lớp) hay "BC" (giấy 5 lớp);
    `ngay`: ngày tra tham số (bỏ trống là hôm nay).

        do_day_giay_mm("C")   # 4.0
        do_day_giay_mm("BC")  # 7.0 = sóng B 3,0 + sóng C 4,0
    """
    table = tham_so("do_day_song", ngay)
    try:
        return round(sum(float(table[f]) for f in loai_song.upper()), 3)
    except KeyError as err:
        known = ", ".join(k for k in "ABCE" if k in table)
        raise ValueError(f"Không biết loại sóng {loai_song!r}. Các loại sóng có sẵn: {known}.") from err


@dataclass(frozen=True)
class TamPhoi:
    """Tấm phôi (tấm giấy phẳng trước khi gấp) của thùng FEFCO 0201, mọi số đo tính bằng mm.

    Tạo bằng `tam_phoi_fefco_0201(...)`. Năm số đầu là kích thước lọt lòng, độ dày giấy và bề dán;
    các số còn lại tính ra từ đó: `mat_dai_mm`, `mat_rong_mm` (mặt bên, đã bù độ dày), `than_mm`,
    `nap_mm`, `khe_mm`, `dai_phoi_mm`, `rong_phoi_mm`, `dien_tich_m2`.
    """

    dai_mm: float  # inner L
    rong_mm: float  # inner W
    cao_mm: float  # inner H
    do_day_mm: float  # board t
    be_dan_mm: float  # glue tab width

    @property
    def mat_dai_mm(self) -> float:
        """Mặt dài, đo giữa hai đường gấp: D + t."""
        return self.dai_mm + self.do_day_mm

    @property
    def mat_rong_mm(self) -> float:
        """Mặt rộng, đo giữa hai đường gấp: R + t."""
        return self.rong_mm + self.do_day_mm

    @property
    def than_mm(self) -> float:
        """Chiều cao thân thùng giữa hai đường gấp nắp: C + 2t."""
        return self.cao_mm + 2 * self.do_day_mm

    @property
    def nap_mm(self) -> float:
        """Chiều sâu mỗi nắp: (R + t) ÷ 2, để hai nắp dài gặp nhau ở giữa."""
        return (self.rong_mm + self.do_day_mm) / 2

    @property
    def khe_mm(self) -> float:
        """Bề rộng khe giữa hai nắp: độ dày giấy + 2 mm, để nắp gập không cọ vào nhau."""
        return self.do_day_mm + 2.0

    @property
    def dai_phoi_mm(self) -> float:
        """Chiều dài tấm phôi: bề dán + 2 mặt dài + 2 mặt rộng."""
        return self.be_dan_mm + 2 * self.mat_dai_mm + 2 * self.mat_rong_mm

    @property
    def rong_phoi_mm(self) -> float:
        """Chiều rộng tấm phôi: thân + 2 nắp."""
        return self.than_mm + 2 * self.nap_mm

    @property
    def dien_tich_m2(self) -> float:
        """Diện tích hình chữ nhật bao tấm phôi (tờ giấy phải đủ lớn chừng này), m²."""
        return self.dai_phoi_mm * self.rong_phoi_mm / 1e6

    @property
    def cac_phan_mm(self) -> list[float]:
        """Bề rộng các phần dọc tấm phôi, từ trái sang phải: bề dán, mặt dài, mặt rộng, mặt dài, mặt rộng."""
        return [self.be_dan_mm, self.mat_dai_mm, self.mat_rong_mm, self.mat_dai_mm, self.mat_rong_mm]

    @property
    def vi_tri_duong_gap_mm(self) -> list[float]:
        """Khoảng cách từ mép trái tấm phôi đến bốn đường gấp dọc: nếp bề dán và ba góc thùng."""
        xs, x = [], 0.0
        for w in self.cac_phan_mm[:-1]:
            x += w
            xs.append(x)
        return xs


def tam_phoi_fefco_0201(dai_mm: float, rong_mm: float, cao_mm: float, do_day_mm: float,
                        be_dan_mm: float | None = None) -> TamPhoi:
    """Tấm phôi thùng carton 4 nắp FEFCO 0201 từ kích thước lọt lòng dài, rộng, cao và độ dày giấy (mm).

    Dài là cạnh dài hơn của đáy: nếu rộng lớn hơn dài thì hai số được đổi chỗ. `be_dan_mm` bỏ trống
    thì lấy bề dán mặc định trong tệp tham số.

        phoi = tam_phoi_fefco_0201(300, 200, 150, 4)
        phoi.dai_phoi_mm, phoi.rong_phoi_mm   # kích thước tấm giấy cần cắt
    """
    for name, value in (("dài", dai_mm), ("rộng", rong_mm), ("cao", cao_mm)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"Chiều {name} của hộp phải là một số dương (mm), nhưng đang là {value!r}.")
    if not 0 < do_day_mm < 20:
        raise ValueError(f"Độ dày giấy {do_day_mm!r} mm không hợp lý: giấy carton dày khoảng 1,5 đến 15 mm.")
    if rong_mm > dai_mm:  # by convention L is the longer side of the base
        dai_mm, rong_mm = rong_mm, dai_mm
    if be_dan_mm is None:
        be_dan_mm = tham_so("be_dan_hop")["mac_dinh"]
    return TamPhoi(float(dai_mm), float(rong_mm), float(cao_mm), float(do_day_mm), float(be_dan_mm))


def chu_vi_thung_mm(dai_mm: float, rong_mm: float) -> float:
    """Chu vi đáy thùng Z = 2 × (dài + rộng), mm; dùng trong công thức McKee.

        chu_vi_thung_mm(400, 300)  # 1400
    """
    return 2 * (dai_mm + rong_mm)


def suc_nen_mckee(ect: float, do_day_mm: float, chu_vi_mm: float) -> float:
    """Sức nén của thùng (BCT) theo công thức McKee: 5,87 × ECT × √(t × Z), tính bằng N.

    `ect`: độ bền nén cạnh của giấy, kN/m (cột `ect_kn_m` của bảng giấy); `do_day_mm`: độ dày giấy t;
    `chu_vi_mm`: chu vi đáy thùng Z. Chia kết quả cho 9,81 là số kg thùng chịu được đè lên.

        suc_nen_mckee(4.6, 4, 1400)  # thùng 400 × 300 mm giấy 3C-1: khoảng 2.020 N
    """
    return HE_SO_MCKEE * ect * math.sqrt(do_day_mm * chu_vi_mm)


def tai_thung_duoi_cung(khoi_luong_thung_kg: float, so_tang: int) -> float:
    """Tải đè lên thùng dưới cùng của một chồng `so_tang` thùng như nhau (N): sức nặng các thùng bên trên.

        tai_thung_duoi_cung(12, 6)  # 5 thùng × 12 kg × 9,81 = 588,6 N
    """
    return max(so_tang - 1, 0) * khoi_luong_thung_kg * GIA_TOC_TRONG_TRUONG


def suc_nen_can_co(khoi_luong_thung_kg: float, so_tang: int, he_so_an_toan: float) -> float:
    """Sức nén thùng cần có (N): tải đè lên thùng dưới cùng × hệ số an toàn (3 đến 5, kho càng ẩm càng cao).

        suc_nen_can_co(12, 6, 5)  # 588,6 N × 5 = 2.943 N
    """
    return tai_thung_duoi_cung(khoi_luong_thung_kg, so_tang) * he_so_an_toan


def ty_le_khoang_trong(the_tich_san_pham: float, the_tich_thung: float) -> float:
    """Tỷ lệ khoảng trống của thùng: phần thể tích lọt lòng không có sản phẩm (đệm chèn cũng tính là trống).

    Hai thể tích cùng một đơn vị. Kết quả từ 0 đến 1: 0,6 nghĩa là 60% thùng là khoảng trống.

        ty_le_khoang_trong(1000, 2000)  # 0.5
    """
    if the_tich_thung <= 0:
        raise ValueError("Thể tích thùng phải lớn hơn 0.")
    return 1 - the_tich_san_pham / the_tich_thung


def do_cao_roi_cm(khoi_luong_kg: float, ngay=None) -> int | None:
    """Độ cao thả rơi thử kiện hàng theo ISTA 1A (cm), theo khối lượng kiện; None nếu kiện nặng hơn 68 kg.

    Mỗi nấc tính từ mức dưới (kiện đúng 10 kg rơi từ 61 cm, không phải 76 cm).

        do_cao_roi_cm(9.99)  # 76
        do_cao_roi_cm(10)    # 61
    """
    table = tham_so("do_cao_roi_ista_1a", ngay)
    if khoi_luong_kg < 0:
        raise ValueError("Khối lượng kiện hàng không thể âm.")
    if khoi_luong_kg > table["khoi_luong_toi_da_kg"]:
        return None
    for low, high, cm in zip(table["tu_kg"], table["den_kg"], table["do_cao_cm"]):
        if low <= khoi_luong_kg < high:
            return cm
    return table["do_cao_cm"][-1]  # exactly the maximum weight


def muc_thieu_tren_nhan(nhan: dict, bat_buoc: list[str]) -> list[str]:
    """Các mục bắt buộc mà nhãn chưa có hoặc để trống, theo thứ tự của danh sách `bat_buoc`.

    `nhan`: từ điển {tên mục: nội dung}; nội dung None hay chỉ có dấu cách coi như thiếu.

        muc_thieu_tren_nhan({"ten_hang_hoa": "Cốc sứ", "xuat_xu": " "}, ["ten_hang_hoa", "xuat_xu"])  # ["xuat_xu"]
    """
    def blank(value) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    return [item for item in bat_buoc if blank(nhan.get(item))]
