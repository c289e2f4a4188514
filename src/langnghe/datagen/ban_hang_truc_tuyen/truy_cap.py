"""truy_cap.csv: daily visits, orders and ads of the shop on the three marketplaces.

`so_don` is counted from don_hang (all statuses), so the two files agree exactly. Visits
follow the day's underlying demand divided by a conversion rate typical of the channel
(higher on double days); ad revenue is a share of the day's order value on the channel,
ad spend that revenue divided by a channel-typical ROAS.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._chung import SAN_TMDT, cac_ngay, chuoi_ngay, lam_tron
from .don_hang import ky_vong_theo_ngay

COT = ["ngay", "san", "luot_truy_cap", "so_don", "chi_phi_quang_cao", "doanh_thu_quang_cao"]

_TY_LE_CHUYEN_DOI = np.array([0.026, 0.016, 0.019])   # Shopee, TikTok Shop, Lazada
_LUOT_XEM_NEN = np.array([60.0, 90.0, 15.0])           # browsing that never buys
_TY_TRONG_QC = np.array([0.30, 0.45, 0.25])            # share of order value from ads
_ROAS = np.array([7.0, 4.5, 5.5])
_NGAN_SACH_TOI_THIEU = np.array([80_000, 150_000, 30_000])
_P_TAM_DUNG_QC = np.array([0.04, 0.04, 0.35])


def sinh_truy_cap(don_hang: pd.DataFrame, nhu_cau: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    ngay = cac_ngay()
    _, _, lich = ky_vong_theo_ngay()
    so_ngay, k = len(ngay), len(SAN_TMDT)
    khoa = pd.MultiIndex.from_product([chuoi_ngay(ngay), SAN_TMDT], names=["ngay_dat", "san"])
    nhom = don_hang.assign(gia_tri=don_hang["so_luong"] * don_hang["don_gia"]).groupby(["ngay_dat", "san"])
    so_don = nhom.size().reindex(khoa, fill_value=0).to_numpy().reshape(so_ngay, k)
    gia_tri = nhom["gia_tri"].sum().reindex(khoa, fill_value=0).to_numpy().reshape(so_ngay, k)

    # visits
    cr = _TY_LE_CHUYEN_DOI[None, :] * np.where(lich["ngay_doi"], 1.35, 1.0)[:, None]
    cr = cr * np.where(lich["nghi_tet"], 0.5, 1.0)[:, None]
    luot = (nhu_cau[:, :k] / cr * rng.lognormal(0.0, 0.12, size=(so_ngay, k))
            + _LUOT_XEM_NEN[None, :] * rng.lognormal(0.0, 0.3, size=(so_ngay, k)))
    luot = np.maximum(np.round(luot), np.ceil(so_don / 0.06)).astype(np.int64)

    # ads
    tam_dung = (rng.random((so_ngay, k)) < _P_TAM_DUNG_QC[None, :]) | lich["nghi_tet"][:, None]
    ty_trong = np.minimum(_TY_TRONG_QC[None, :] * rng.lognormal(0.0, 0.2, size=(so_ngay, k)), 0.8)
    roas = _ROAS[None, :] * rng.lognormal(0.0, 0.22, size=(so_ngay, k))
    dt_qc = lam_tron(ty_trong * gia_tri)
    chi_qc = lam_tron(dt_qc / roas)
    khong_ban = gia_tri == 0
    chi_qc = np.where(khong_ban, lam_tron(_NGAN_SACH_TOI_THIEU[None, :] * rng.uniform(0.5, 1.0, size=(so_ngay, k))),
                      chi_qc)
    chi_qc = np.where(tam_dung, 0, chi_qc)
    dt_qc = np.where(chi_qc == 0, 0, dt_qc)

    return pd.DataFrame({
        "ngay": khoa.get_level_values(0).to_numpy(dtype=object),
        "san": khoa.get_level_values(1).to_numpy(dtype=object),
        "luot_truy_cap": luot.ravel(),
        "so_don": so_don.ravel().astype(np.int64),
        "chi_phi_quang_cao": chi_qc.ravel().astype(np.int64),
        "doanh_thu_quang_cao": dt_qc.ravel().astype(np.int64),
    })[COT]

