"""Các phép tính liên kết (mô-đun 6): chuỗi giá trị, mua chung theo bậc giá, trạm xử lý nước thải chung.

- Chuỗi giá trị: giá mua, giá bán, biên gộp, lãi ròng và tỷ trọng của từng tác nhân
  (`bang_chuoi_gia_tri`), tiền người mua trả chia cho ai (`co_cau_gia`).
- Mua chung: đơn giá theo bậc (`don_gia_theo_bac`), còn thiếu bao nhiêu kg để lên bậc
  (`bac_gia_tiep_theo`), mua lẻ so với mua chung và cách chia tiền (`bang_mua_chung`,
  `tiet_kiem_mua_chung`).
- Trạm xử lý chung: tải lượng (`tai_luong_kg_ngay`), nồng độ của dòng thải chung
  (`nong_do_hon_hop`), chi phí mỗi m³ và mỗi kg COD (`chi_phi_don_vi`), chia chi phí giữa các cơ
  sở (`chia_chi_phi`).

Đơn vị tiền là đồng. Ví dụ:

    from langnghe import tai_du_lieu
    from langnghe.lien_ket import don_gia_theo_bac
    don_gia_theo_bac(200, tai_du_lieu("bac_gia_to"))   # 1.760.000 đồng mỗi kg

Maintainer note: the lessons show the same arithmetic step by step, and the assignment asks
trainees to write the tier price, the group-purchase split and the cost split themselves.
Wastewater limits and the Kf table belong to module 4 (`langnghe.san_xuat_sach_hon`,
`params/san_xuat_sach_hon.toml`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

_COT_TIEN = ("gia_mua", "chi_phi_khac", "gia_ban")


# ------------------------------------------------------------------ value chain
def bang_chuoi_gia_tri(khao_sat: pd.DataFrame, san_pham: str) -> pd.DataFrame:
    """Bảng chuỗi giá trị của một sản phẩm: mỗi tác nhân một dòng, từ hộ sản xuất đến cửa hàng bán lẻ.

    `khao_sat`: bảng khảo sát như `chuoi_gia_tri` (cột san_pham, tac_nhan, buoc, gia_mua,
    chi_phi_khac, gia_ban). Các cột (đồng cho một sản phẩm, trung bình các lô khảo sát): gia_mua,
    chi_phi_khac, gia_ban; bien_gop = giá bán − giá mua; lai_rong = biên gộp − chi phí khác (chưa
    trừ công của chính tác nhân); ty_trong = biên gộp ÷ giá bán lẻ trung bình.
    """
    rows = khao_sat[khao_sat["san_pham"] == san_pham]
    if rows.empty:
        known = ", ".join(sorted(khao_sat["san_pham"].unique()))
        raise ValueError(f"Không có sản phẩm {san_pham!r} trong khảo sát. Các sản phẩm có: {known}.")
    order = rows.groupby("tac_nhan")["buoc"].min().sort_values().index
    table = rows.groupby("tac_nhan")[list(_COT_TIEN)].mean().loc[order]
    table["bien_gop"] = table["gia_ban"] - table["gia_mua"]
    table["lai_rong"] = table["bien_gop"] - table["chi_phi_khac"]
    table["ty_trong"] = table["bien_gop"] / table["gia_ban"].iloc[-1]
    return table


def co_cau_gia(bang: pd.DataFrame, nguyen_lieu: str = "Nguyên liệu") -> pd.Series:
    """Tiền người mua trả đi về đâu (đồng): tiền nguyên liệu, rồi biên gộp của từng tác nhân.

    `bang`: kết quả của `bang_chuoi_gia_tri`. Các phần cộng lại bằng giá bán lẻ; chia cho giá bán
    lẻ thì được tỷ trọng của từng phần.
    """
    parts = {nguyen_lieu: bang["gia_mua"].iloc[0]}
    parts.update(bang["bien_gop"].to_dict())
    return pd.Series(parts)


# ------------------------------------------------------------------ buying together
def _breaks(breaks) -> list[tuple[float, float]]:
    """Price breaks as (minimum quantity, unit price), smallest minimum first."""
    if isinstance(breaks, pd.DataFrame):
        pairs = zip(breaks["tu_kg"], breaks["don_gia"])
    elif isinstance(breaks, Mapping):
        pairs = breaks.items()
    else:
        pairs = breaks
    table = sorted((float(q), float(p)) for q, p in pairs)
    if not table or table[0][0] > 0:
        raise ValueError("Bảng bậc giá phải có một bậc bắt đầu từ 0 kg.")
    return table


def don_gia_theo_bac(so_kg: float, bac_gia) -> float:
    """Đơn giá một kg (đồng) của một đơn hàng `so_kg` kg: giá của bậc cao nhất mà đơn hàng đã đạt.

    `bac_gia`: bảng có cột tu_kg, don_gia (như `bac_gia_to`), hoặc các cặp (từ bao nhiêu kg, đơn giá).
    Cả đơn được giá của bậc đó; đơn đúng bằng mốc được giá của bậc ("từ 200 kg trở lên" gồm cả 200 kg).
    Ví dụ: với bảng `bac_gia_to`, don_gia_theo_bac(200, bac_gia) → 1.760.000.
    """
    if isinstance(so_kg, bool) or so_kg is None or math.isnan(float(so_kg)) or so_kg < 0:
        raise ValueError(f"Số lượng mua phải là một số không âm, nhưng nhận được {so_kg!r}.")
    price = None
    for minimum, unit in _breaks(bac_gia):
        if so_kg >= minimum:
            price = unit
    return price


def bac_gia_tiep_theo(so_kg: float, bac_gia) -> tuple[float, float] | None:
    """(số kg còn thiếu, đơn giá ở bậc đó) để đơn hàng lên bậc giá kế tiếp; None nếu đã ở bậc cao nhất.

    Ví dụ: với bảng `bac_gia_to`, bac_gia_tiep_theo(495, bac_gia) → (5, 1.720.000).
    """
    for minimum, unit in _breaks(bac_gia):
        if minimum > so_kg:
            return minimum - so_kg, unit
    return None


def bang_mua_chung(so_kg: pd.Series, bac_gia) -> pd.DataFrame:
    """So sánh từng thành viên mua lẻ với cả nhóm gộp một đơn, mọi người trả theo đơn giá của nhóm.

    `so_kg`: số kg của từng thành viên (chỉ mục là tên). Các cột (đồng): so_kg, don_gia_mua_le,
    tien_mua_le, don_gia_nhom, tien_tra_nhom, tiet_kiem, và tien_tra_chia_deu (cách chia thứ hai:
    kg nào cũng được tiết kiệm như nhau).
    """
    so_kg = pd.Series(so_kg, dtype="float64")
    total = float(so_kg.sum())
    group_price = don_gia_theo_bac(total, bac_gia)
    table = pd.DataFrame({"so_kg": so_kg})
    table["don_gia_mua_le"] = [don_gia_theo_bac(q, bac_gia) for q in so_kg]
    table["tien_mua_le"] = table["so_kg"] * table["don_gia_mua_le"]
    table["don_gia_nhom"] = group_price
    table["tien_tra_nhom"] = table["so_kg"] * group_price
    table["tiet_kiem"] = table["tien_mua_le"] - table["tien_tra_nhom"]
    saving = float(table["tiet_kiem"].sum())
    per_kilo = saving / total if total else 0.0
    table["tien_tra_chia_deu"] = table["tien_mua_le"] - per_kilo * table["so_kg"]
    return table


def tiet_kiem_mua_chung(so_kg: Iterable[float], bac_gia) -> float:
    """Số tiền cả nhóm tiết kiệm khi gộp một đơn thay vì mỗi nhà mua lẻ (đồng)."""
    return float(bang_mua_chung(pd.Series(list(so_kg)), bac_gia)["tiet_kiem"].sum())


# ------------------------------------------------------------------ shared treatment plant
def tai_luong_kg_ngay(luu_luong_m3_ngay, nong_do):
    """Tải lượng chất ô nhiễm (kg/ngày) = lưu lượng (m³/ngày) × nồng độ (mg/L) ÷ 1000.

    (1 m³ nước có nồng độ 1 mg/L chứa 1 g chất đó.) Ví dụ: tai_luong_kg_ngay(100, 1_500) → 150 kg COD mỗi ngày.
    Nhận một số hoặc cả cột dữ liệu.
    """
    return luu_luong_m3_ngay * nong_do / 1000


def nong_do_hon_hop(nong_do, luu_luong) -> float:
    """Nồng độ của dòng thải chung (mg/L): trung bình các nồng độ, mỗi cơ sở tính theo lưu lượng của nó.

    = Σ(lưu lượng × nồng độ) ÷ Σ lưu lượng, không phải trung bình cộng các nồng độ.
    """
    q = pd.Series(list(luu_luong), dtype="float64")
    c = pd.Series(list(nong_do), dtype="float64")
    if q.sum() <= 0:
        raise ValueError("Tổng lưu lượng phải lớn hơn 0 mới tính được nồng độ hỗn hợp.")
    return float((q * c).sum() / q.sum())


def chi_phi_don_vi(chi_phi_nam: float, m3_nam: float, kg_cod_nam: float) -> tuple[float, float]:
    """(đồng cho mỗi m³ nước thải xử lý, đồng cho mỗi kg COD trạm nhận) từ tổng chi phí một năm của trạm."""
    if m3_nam <= 0 or kg_cod_nam <= 0:
        raise ValueError("Lượng nước thải và tải lượng COD trong năm phải lớn hơn 0.")
    return chi_phi_nam / m3_nam, chi_phi_nam / kg_cod_nam


def chia_chi_phi(luu_luong: pd.Series, tai_luong: pd.Series, tong_chi_phi: float,
                 ty_trong_m3: float = 0.5) -> pd.Series:
    """Phần chi phí một năm của trạm xử lý chung mà mỗi cơ sở phải trả (đồng).

    Phần `ty_trong_m3` của tổng chi phí chia theo lưu lượng (m³), phần còn lại chia theo tải lượng
    (kg COD). ty_trong_m3 = 1: chỉ chia theo m³; 0: chỉ chia theo kg COD ("ai xả nhiều trả nhiều").
    Các phần cộng lại bằng `tong_chi_phi`.
    """
    if not 0 <= ty_trong_m3 <= 1:
        raise ValueError("Tỷ trọng chia theo m³ phải nằm trong khoảng 0 đến 1.")
    flow = pd.Series(luu_luong, dtype="float64")
    load = pd.Series(tai_luong, dtype="float64")
    part = pd.Series(0.0, index=flow.index)
    if ty_trong_m3 > 0:
        part += ty_trong_m3 * tong_chi_phi * flow / flow.sum()
    if ty_trong_m3 < 1:
        part += (1 - ty_trong_m3) * tong_chi_phi * load / load.sum()
    return part
