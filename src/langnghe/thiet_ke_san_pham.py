"""Thiết kế sản phẩm (mô-đun 2): phân tích khảo sát Kano, phân tích kết hợp (chấm điểm phương án),
gom màu thành bảng màu, và đối chiếu kết quả thử chì với giới hạn của FDA Hoa Kỳ.

Các bài học làm lại từng bước bằng pandas, numpy; ở đây là bản dùng chung cho máy khám phá
phương án mẫu mã và cho phần kiểm tra của khóa học.

Maintainer note (English):
- Kano: each respondent answers a functional question ("if the mug HAS this feature?") and a
  dysfunctional one ("if it does NOT have it?") with one of five answers; the standard
  evaluation table turns the pair into a category A, O, M, I, R or Q (Kano et al. 1984;
  Berger et al. 1993). Better = (A + O)/(A + O + M + I), Worse = −(O + M)/(A + O + M + I).
- Conjoint (ratings based): dummy coding against a base level of each attribute, part-worths by
  ordinary least squares (numpy.linalg.lstsq), importance = range of an attribute's part-worths
  ÷ sum of the ranges, willingness to pay = a part-worth difference × đồng per utility point read
  from the price part-worths.
- Palette: k-means (Lloyd, k-means++ start) on RGB colours, seeded.
- Lead release: a result against the US FDA guideline of its ware type (parameter file).
- tests/test_thiet_ke_san_pham.py compares these functions with the numbers lessons 02.x compute.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .params import tham_so

# ------------------------------------------------------------------ Kano
# The five answers, in the order of the evaluation table (as they appear in the survey file).
CAU_TRA_LOI_KANO = ("Thích", "Đương nhiên", "Trung lập", "Chấp nhận", "Không thích")
LOAI_KANO = ("A", "O", "M", "I", "R", "Q")
# When two categories are equally frequent, the one that hurts most if ignored wins (Berger et al. 1993).
THU_TU_KHI_HOA = ("M", "O", "A", "I", "R", "Q")

# Rows: answer to the functional question; columns: answer to the dysfunctional question.
BANG_KANO = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index(CAU_TRA_LOI_KANO, name="co_tinh_nang"),
    columns=pd.Index(CAU_TRA_LOI_KANO, name="khong_co_tinh_nang"),
)


def loai_kano(tra_loi_co: str, tra_loi_khong: str) -> str:
    """Loại Kano (A, O, M, I, R hoặc Q) của một cặp câu trả lời: câu trả lời khi sản phẩm **có**
    tính năng và khi **không có** tính năng, mỗi câu là một trong năm mức "Thích", "Đương nhiên",
    "Trung lập", "Chấp nhận", "Không thích".

    Ví dụ: ``loai_kano("Thích", "Không thích")`` là "O" (một chiều). Giống ``BANG_KANO.loc[co, khong]``.
    """
    for answer in (tra_loi_co, tra_loi_khong):
        if answer not in CAU_TRA_LOI_KANO:
            raise ValueError(
                f"Câu trả lời {answer!r} không thuộc năm mức của phiếu Kano: {', '.join(CAU_TRA_LOI_KANO)}."
            )
    return BANG_KANO.loc[tra_loi_co, tra_loi_khong]


def dem_loai_kano(khao_sat: pd.DataFrame, theo: str = "tinh_nang", cot_co: str = "tra_loi_co",
                  cot_khong: str = "tra_loi_khong") -> pd.DataFrame:
    """Bảng đếm số phiếu mỗi loại Kano của từng tính năng: mỗi hàng một tính năng (cột ``theo``),
    sáu cột A, O, M, I, R, Q (loại không có phiếu nào ghi 0).

    ``khao_sat`` là bảng khảo sát như ``khao_sat_kano``; ``cot_co``, ``cot_khong`` là tên hai cột
    câu trả lời khi có và khi không có tính năng.
    """
    categories = [loai_kano(f, d) for f, d in zip(khao_sat[cot_co], khao_sat[cot_khong])]
    counts = pd.crosstab(khao_sat[theo], pd.Series(categories, index=khao_sat.index, name="loai"))
    return counts.reindex(columns=list(LOAI_KANO), fill_value=0).astype("int64")


def loai_chinh(bang_dem: pd.DataFrame) -> pd.Series:
    """Loại chính của mỗi tính năng: loại được nhiều phiếu nhất trong bảng đếm (như kết quả của
    ``dem_loai_kano``). Nếu hai loại bằng phiếu, ưu tiên M, rồi O, A, I, R, Q.
    """
    ordered = bang_dem[list(THU_TU_KHI_HOA)]
    return ordered.idxmax(axis=1).rename("loai")  # idxmax keeps the first column among equals


def he_so_hai_long(bang_dem: pd.DataFrame) -> pd.DataFrame:
    """Hai hệ số Better và Worse của mỗi tính năng, tính từ bảng đếm số phiếu A, O, M, I (bỏ R, Q):

    - Better = (A + O) ÷ (A + O + M + I), từ 0 đến 1: có tính năng thì khách vui hơn;
    - Worse = −(O + M) ÷ (A + O + M + I), từ −1 đến 0: thiếu tính năng thì khách bực.

    Kết quả có hai cột ``better`` và ``worse``, mỗi hàng một tính năng.
    """
    base = bang_dem["A"] + bang_dem["O"] + bang_dem["M"] + bang_dem["I"]
    better = (bang_dem["A"] + bang_dem["O"]) / base
    worse = -(bang_dem["O"] + bang_dem["M"]) / base
    return pd.DataFrame({"better": better, "worse": worse})


# ------------------------------------------------------------------ conjoint
# Levels of the mug study, base level first; the price is in đồng.
CAC_MUC: dict[str, list] = {
    "mau_men": ["Trắng ngà", "Xanh ngọc", "Hỏa biến"],
    "dung_tich": ["250 ml", "350 ml", "450 ml"],
    "quai": ["Quai nhỏ", "Quai to"],
    "bao_bi": ["Bọc xốp", "Hộp kraft", "Hộp quà cứng"],
    "gia_ban": [99_000, 129_000, 159_000],
}
TEN_THUOC_TINH = {
    "mau_men": "Màu men",
    "dung_tich": "Dung tích",
    "quai": "Quai cầm",
    "bao_bi": "Bao bì",
    "gia_ban": "Giá bán",
}
THUOC_TINH_GIA = "gia_ban"


def ma_hoa_gia(bang: pd.DataFrame, cac_muc: dict[str, list] = CAC_MUC) -> pd.DataFrame:
    """Mã hóa giả: mỗi mức không phải mức gốc của mỗi thuộc tính thành một cột 0/1, tên cột
    "thuộc_tính=mức" (ví dụ ``mau_men=Xanh ngọc``); mức gốc (mức đầu tiên trong ``cac_muc``) không có cột.
    """
    columns = {}
    for attribute, values in cac_muc.items():
        unknown = set(bang[attribute]) - set(values)
        if unknown:
            raise ValueError(f"Cột {attribute} có mức lạ: {sorted(map(str, unknown))}; các mức: {values}.")
        for level in values[1:]:
            columns[f"{attribute}={level}"] = (bang[attribute] == level).astype("int64")
    return pd.DataFrame(columns, index=bang.index)


def uoc_luong_diem_ua_thich(bang: pd.DataFrame, cac_muc: dict[str, list] = CAC_MUC,
                            cot_diem: str = "diem") -> tuple[float, dict[str, pd.Series]]:
    """Ước lượng điểm ưa thích (part-worth) của từng mức bằng bình phương nhỏ nhất, từ bảng khách chấm
    điểm các thẻ phương án (như ``danh_gia_mau_ma``, điểm ở cột ``cot_diem``, thang 0–10).

    Trả về hai thứ: điểm của phương án gốc (mọi thuộc tính ở mức gốc) và một từ điển
    thuộc tính → Series điểm ưa thích theo mức (mức gốc bằng 0).

    Ví dụ: ``hang_so, diem_ua_thich = uoc_luong_diem_ua_thich(danh_gia)``.
    """
    x = ma_hoa_gia(bang, cac_muc)
    design = np.column_stack([np.ones(len(x)), x.to_numpy(dtype=float)])
    coef, *_ = np.linalg.lstsq(design, bang[cot_diem].to_numpy(dtype=float), rcond=None)
    fitted = dict(zip(x.columns, coef[1:]))
    worths = {
        attribute: pd.Series([0.0] + [fitted[f"{attribute}={lv}"] for lv in values[1:]],
                             index=pd.Index(values, name=attribute), name="part_worth")
        for attribute, values in cac_muc.items()
    }
    return float(coef[0]), worths


def tam_quan_trong(diem_ua_thich: dict[str, pd.Series]) -> pd.Series:
    """Tầm quan trọng của mỗi thuộc tính = (điểm ưa thích lớn nhất − nhỏ nhất của thuộc tính)
    ÷ tổng các khoảng đó của mọi thuộc tính. Các tầm quan trọng cộng lại bằng 1 (100%).
    """
    ranges = pd.Series({a: s.max() - s.min() for a, s in diem_ua_thich.items()}, name="tam_quan_trong")
    return ranges / ranges.sum()


def dong_moi_diem(diem_theo_gia: pd.Series) -> float:
    """Một điểm ưa thích đáng bao nhiêu đồng: khoảng giá (giá cao nhất − thấp nhất) ÷ số điểm ưa thích
    mất đi trên khoảng giá đó. ``diem_theo_gia`` là điểm ưa thích của các mức giá (chỉ mục là giá, đồng).

    Ví dụ: giá từ 99.000 lên 159.000 ₫ mất 2 điểm → một điểm ≈ 30.000 ₫.
    """
    low, high = min(diem_theo_gia.index), max(diem_theo_gia.index)
    lost = diem_theo_gia[low] - diem_theo_gia[high]
    if lost <= 0:
        raise ValueError("Điểm ưa thích không giảm khi giá tăng: không suy ra được giá trị bằng tiền.")
    return (high - low) / lost


def san_long_tra_them(diem_ua_thich: dict[str, pd.Series], thuoc_tinh: str, muc_cu, muc_moi) -> float:
    """Số đồng khách sẵn lòng trả thêm để có ``muc_moi`` thay cho ``muc_cu`` của một thuộc tính:
    (điểm của mức mới − điểm của mức cũ) × số đồng cho mỗi điểm (xem ``dong_moi_diem``).
    Âm nếu mức mới kém được ưa hơn. Chỉ đúng trong khoảng giá đã hỏi.

    Ví dụ: ``san_long_tra_them(diem_ua_thich, "bao_bi", "Bọc xốp", "Hộp quà cứng")``.
    """
    gain = diem_ua_thich[thuoc_tinh][muc_moi] - diem_ua_thich[thuoc_tinh][muc_cu]
    return gain * dong_moi_diem(diem_ua_thich[THUOC_TINH_GIA])


def diem_du_doan(hang_so: float, diem_ua_thich: dict[str, pd.Series], lua_chon: dict) -> float:
    """Điểm ưa thích dự đoán (thang 0–10) của một phương án: điểm phương án gốc ``hang_so`` cộng điểm
    ưa thích của từng mức đã chọn. ``lua_chon`` là từ điển thuộc tính → mức, ví dụ
    ``{"mau_men": "Xanh ngọc", "dung_tich": "350 ml", "quai": "Quai to", "bao_bi": "Hộp kraft", "gia_ban": 129000}``.
    """
    return hang_so + sum(float(diem_ua_thich[a][lua_chon[a]]) for a in diem_ua_thich)


def gia_von(chi_phi: pd.DataFrame, lua_chon: dict) -> int:
    """Giá vốn một chiếc (đồng) của một phương án: cộng chi phí của từng mức đã chọn, tra trong bảng
    ``chi_phi`` có các cột ``thuoc_tinh``, ``muc``, ``chi_phi`` (như ``chi_phi_mau_ma``). Giá bán không
    tính vào giá vốn.
    """
    table = chi_phi.set_index(["thuoc_tinh", "muc"])["chi_phi"]
    return int(sum(table[(a, lua_chon[a])] for a in table.index.unique("thuoc_tinh")))


def cac_phuong_an(hang_so: float, diem_ua_thich: dict[str, pd.Series], chi_phi: pd.DataFrame, gia_ban: int,
                  cac_muc: dict[str, list] = CAC_MUC) -> pd.DataFrame:
    """Bảng mọi phương án (mọi tổ hợp màu men, dung tích, quai, bao bì) ở cùng một giá bán: mỗi dòng một
    phương án, với điểm dự đoán (cột ``diem_du_doan``) và giá vốn một chiếc (cột ``chi_phi``, đồng).
    """
    attributes = [a for a in cac_muc if a != THUOC_TINH_GIA]
    rows = []
    for combo in itertools.product(*(cac_muc[a] for a in attributes)):
        choice = dict(zip(attributes, combo)) | {THUOC_TINH_GIA: gia_ban}
        rows.append(choice | {"diem_du_doan": diem_du_doan(hang_so, diem_ua_thich, choice),
                              "chi_phi": gia_von(chi_phi, choice)})
    return pd.DataFrame(rows)


def phuong_an_tot_nhat(phuong_an: pd.DataFrame, han_muc: float) -> pd.Series | None:
    """Phương án có điểm dự đoán cao nhất trong những phương án có giá vốn **không quá** ``han_muc``
    (đồng); ``None`` nếu không phương án nào vừa hạn mức. ``phuong_an`` là bảng như của ``cac_phuong_an``.
    """
    affordable = phuong_an[phuong_an["chi_phi"] <= han_muc]
    if affordable.empty:
        return None
    return affordable.loc[affordable["diem_du_doan"].idxmax()]


# ------------------------------------------------------------------ palette
def gom_nhom(diem, so_nhom: int, hat_giong: int = 0, so_vong: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Gom các điểm (ví dụ các màu R, G, B) thành ``so_nhom`` nhóm bằng thuật toán k-means, như bài 2.3.

    Trả về hai mảng: tâm của các nhóm (mỗi hàng một tâm) và số nhóm của từng điểm. Cùng ``hat_giong``
    thì cùng kết quả; chạy tối đa ``so_vong`` vòng.

    Maintainer note: Lloyd's algorithm; the starting centres are drawn with the seed the k-means++ way
    (Arthur and Vassilvitskii 2007), so the start is spread over the groups.
    """
    x = np.asarray(diem, dtype=float)
    rng = np.random.default_rng(hat_giong)
    centres = [x[rng.integers(len(x))]]
    for _ in range(so_nhom - 1):
        d2 = ((x[:, None, :] - np.array(centres)[None, :, :]) ** 2).sum(axis=2).min(axis=1)
        centres.append(x[rng.choice(len(x), p=d2 / d2.sum())])
    centres = np.array(centres)
    labels = np.full(len(x), -1)
    for _ in range(so_vong):
        distances = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new_labels = distances.argmin(axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(so_nhom):
            if (labels == j).any():  # an empty cluster keeps its old centre
                centres[j] = x[labels == j].mean(axis=0)
    return centres, labels


# ------------------------------------------------------------------ lead release
DAT, KHONG_DAT, CHUA_RO_LOAI = "Đạt", "Không đạt", "Chưa rõ loại"


def gioi_han_chi(ngay) -> dict[str, float]:
    """Giới hạn chì thôi ra (µg/mL) của FDA Hoa Kỳ theo loại đồ ("Đồ dẹt", "Cốc và ca"...), đang áp dụng
    vào ``ngay`` (ví dụ "2025-09-18"), đọc từ tệp tham số của khóa học.
    """
    return dict(tham_so("gioi_han_chi_fda", ngay)["gioi_han"])


def ket_luan_chi(gia_tri: float, loai_do: str, gioi_han: dict[str, float]) -> str:
    """Kết luận thử chì của một mẫu: "Đạt" nếu ``gia_tri`` (µg/mL) nhỏ hơn hoặc bằng giới hạn của loại đồ,
    "Không đạt" nếu vượt, "Chưa rõ loại" nếu ``gioi_han`` không có loại đồ đó.

    Ví dụ: ``ket_luan_chi(0.5, "Cốc và ca", gioi_han_chi("2025-09-18"))`` là "Đạt" (đúng bằng giới hạn).
    """
    if loai_do not in gioi_han:
        return CHUA_RO_LOAI
    return DAT if gia_tri <= gioi_han[loai_do] else KHONG_DAT


def gia_tri_so_sanh(thu_nghiem: pd.DataFrame, cach_so_sanh: dict[str, str], cot: str = "chi_ug_ml") -> pd.DataFrame:
    """Mỗi mẫu một dòng: con số đem so với giới hạn, là trung bình các chiếc của mẫu hay chiếc cao nhất,
    tùy loại đồ (``cach_so_sanh``: loại đồ → "trung_binh" hoặc "lon_nhat", lấy từ tham số
    ``cach_danh_gia_chi_fda``). Các cột: ``ma_mau``, ``loai_do``, ``cach_so_sanh``, ``gia_tri_so_sanh``.
    """
    rows = []
    for sample, units in thu_nghiem.groupby("ma_mau", sort=True):
        ware = units["loai_do"].iloc[0]
        rule = cach_so_sanh.get(ware, "lon_nhat")
        compared = units[cot].mean() if rule == "trung_binh" else units[cot].max()
        rows.append({"ma_mau": sample, "loai_do": ware, "cach_so_sanh": rule, "gia_tri_so_sanh": compared})
    return pd.DataFrame(rows)
