"""ban_hang_thang_3.csv: March 2025 per day, for module 0 (absolute beginners).

Counted from don_hang: only orders with trang_thai "Đã giao" (delivered). A day's
doanh_thu is the sum of so_luong × don_gia − voucher_shop over those orders (shipping
paid by buyers is not revenue of the shop). san_pham_ban_chay is the product with the
most pieces delivered that day; ties go to the higher revenue, then the smaller ma_sp.
"""

from __future__ import annotations

import pandas as pd

COT = ["ngay", "so_don", "doanh_thu", "san_pham_ban_chay"]


def sinh_thang_3(don_hang: pd.DataFrame, san_pham: pd.DataFrame) -> pd.DataFrame:
    d = don_hang[(don_hang["ngay_dat"].str.startswith("2025-03-")) & (don_hang["trang_thai"] == "Đã giao")]
    d = d.assign(doanh_thu=d["so_luong"] * d["don_gia"] - d["voucher_shop"])
    ngay = pd.date_range("2025-03-01", "2025-03-31", freq="D").strftime("%Y-%m-%d")
    theo_ngay = d.groupby("ngay_dat").agg(so_don=("ma_don", "size"), doanh_thu=("doanh_thu", "sum"))
    theo_ngay = theo_ngay.reindex(ngay, fill_value=0)

    theo_sp = (d.groupby(["ngay_dat", "ma_sp"], as_index=False)
               .agg(so_luong=("so_luong", "sum"), doanh_thu=("doanh_thu", "sum"))
               .sort_values(["ngay_dat", "so_luong", "doanh_thu", "ma_sp"], ascending=[True, False, False, True])
               .drop_duplicates("ngay_dat"))
    ten = dict(zip(san_pham["ma_sp"], san_pham["ten_sp"]))
    ban_chay = theo_sp.set_index("ngay_dat")["ma_sp"].map(ten).reindex(ngay)
    if ban_chay.isna().any():
        raise ValueError("có ngày tháng 3 không có đơn đã giao: cột san_pham_ban_chay sẽ trống")

    return pd.DataFrame({
        "ngay": list(ngay),
        "so_don": theo_ngay["so_don"].to_numpy(dtype="int64"),
        "doanh_thu": theo_ngay["doanh_thu"].to_numpy(dtype="int64"),
        "san_pham_ban_chay": ban_chay.to_numpy(dtype=object),
    })[COT]
