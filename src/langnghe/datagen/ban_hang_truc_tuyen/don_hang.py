"""don_hang.csv: every order line of "Gốm An Phúc" in 2025 (one SKU per order).

Demand model, day by day and channel by channel:
    expected orders = base × season × weekday × channel share × double-day sale (marketplaces)
then a shared daily noise and a channel noise (gamma) and a Poisson draw. Each order then
gets a SKU (Pareto popularity, shifted toward gifts in the Tết and gift seasons and by
channel), a province, a quantity, the price actually charged, a seller voucher, the
shipping fee the buyer paid and a final status.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .._chung import (
    DIP_QUA, KENH, NGAY_DOI, NGHI_TET, TINH_THANH, cac_ngay, chuoi_ngay, vung_giao_hang,
)
from .san_pham import NHOM, danh_muc
from .van_chuyen import DON_VI_DON_TRUC_TIEP, HE_SO_QUY_DOI_A, cuoc, khoi_luong_tinh_cuoc

SO_DON_KY_VONG = 6500  # expected number of order lines in the year
TRANG_THAI = ["Đã giao", "Trả hàng", "Đã hủy"]
COT = ["ma_don", "ngay_dat", "san", "ma_sp", "so_luong", "don_gia", "voucher_shop",
       "phi_van_chuyen", "tinh_thanh", "trang_thai"]


# ---------------------------------------------------------------- calendar of demand
def he_so_mua(d: date) -> float:
    """Seasonal level of demand on day d (1.0 = an ordinary spring or autumn day)."""
    if NGHI_TET[0] <= d <= NGHI_TET[1]:
        return 0.03  # couriers stop for Tết Ất Tỵ (29/01/2025)
    if d.month == 1:  # the pre-Tết gift peak, closing as couriers stop taking parcels
        if d.day <= 22:
            return 2.2 + 0.8 * (d.day - 1) / 21
        return {23: 1.7, 24: 1.2, 25: 0.7, 26: 0.4}[d.day]
    if d.month == 2:
        return 0.45 + 0.45 * (d.day - 5) / 9 if d.day <= 14 else 0.95
    if d.month == 12:  # the run-up to Tết Bính Ngọ (17/02/2026) starts
        return 1.1 + 0.6 * (d.day - 1) / 30
    muc = {3: 0.95, 4: 0.9, 5: 0.88, 6: 0.72, 7: 0.7, 8: 0.75, 9: 0.85, 10: 1.0, 11: 1.1}[d.month]
    for dau, cuoi, nang in DIP_QUA:
        if dau <= d <= cuoi:
            muc *= nang
    return muc


def muc_qua_tang(d: date) -> float:
    """0..1: how much the day's buyers are buying gifts (Tết, 8/3, 20/10, 20/11)."""
    if d.month == 1 and d.day <= 26:
        return 1.0
    if d.month == 12:
        return 0.3 + 0.7 * (d.day - 1) / 30
    if any(dau <= d <= cuoi for dau, cuoi, _ in DIP_QUA):
        return 0.6
    if d.month == 2 and 5 <= d.day <= 14:
        return 0.2
    return 0.0


def he_so_sale(d: date) -> float:
    """Marketplace double-day sales (3.3 … 12.12) and the days around them."""
    for thang, nang in NGAY_DOI.items():
        if d.month == thang:
            if d.day == thang:
                return nang
            if d.day == thang - 1:
                return 1.15
            if d.day == thang + 1:
                return 1.2
    return 1.0


def he_so_thu(d: date) -> float:
    """Slight weekend lift."""
    return {5: 1.1, 6: 1.15}.get(d.weekday(), 0.98)


def ty_trong_kenh(ngay_trong_nam: np.ndarray) -> np.ndarray:
    """Channel shares (before sales) by day of year: TikTok Shop grows through the year."""
    t = (ngay_trong_nam - 1) / 364
    tiktok = 0.26 + 0.15 * t
    lazada = np.full_like(t, 0.05)
    truc_tiep = np.full_like(t, 0.115)
    shopee = 1 - tiktok - lazada - truc_tiep
    return np.column_stack([shopee, tiktok, lazada, truc_tiep])


def ky_vong_theo_ngay() -> tuple[pd.DatetimeIndex, np.ndarray, dict]:
    """Expected orders per day (rows) and channel (columns, in KENH order)."""
    ngay = cac_ngay()
    cac = [d.date() for d in ngay]
    mua = np.array([he_so_mua(d) * he_so_thu(d) for d in cac])
    sale = np.array([he_so_sale(d) for d in cac])
    tt = ty_trong_kenh(np.asarray(ngay.day_of_year, dtype=float))
    lam = mua[:, None] * tt
    lam[:, :3] *= sale[:, None]
    lam *= SO_DON_KY_VONG / lam.sum()
    lich = {"qua": np.array([muc_qua_tang(d) for d in cac]),
            "ngay_doi": np.array([d.month in NGAY_DOI and d.day == d.month for d in cac]),
            "quanh_ngay_doi": sale > 1.0,
            "nghi_tet": np.array([NGHI_TET[0] <= d <= NGHI_TET[1] for d in cac])}
    return ngay, lam, lich


# ---------------------------------------------------------------- sampling helpers
def _chon(rng: np.random.Generator, trong_so: np.ndarray) -> np.ndarray:
    """One index per row of a (rows × options) weight matrix."""
    tich_luy = np.cumsum(trong_so, axis=1)
    u = rng.random(len(trong_so)) * tich_luy[:, -1]
    return (tich_luy < u[:, None]).sum(axis=1)


# category multipliers (order of NHOM: Cốc – ly, Bát đĩa, Ấm chén, Bình hoa, Đồ trang trí, Quà tặng)
_NHOM_MUA_QUA = np.array([1.0, 1.0, 2.0, 1.6, 1.4, 5.0])  # at full gift season
_NHOM_THEO_KENH = np.array([
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],  # Shopee
    [1.3, 0.9, 0.9, 0.8, 1.3, 1.0],  # TikTok Shop: impulse buys, cheaper items
    [1.0, 1.1, 1.0, 0.9, 1.0, 1.0],  # Lazada
    [0.6, 1.0, 1.3, 1.8, 1.1, 1.6],  # Facebook/Zalo: regulars, big items, gift orders
])
_HUY_THEO_KENH = np.array([0.075, 0.10, 0.08, 0.04])
_TRA_THEO_NHOM = np.array([0.7, 0.9, 1.1, 2.2, 1.2, 0.9])
_TRA_THEO_KENH = np.array([1.0, 1.25, 1.0, 0.5])
_TRA_THEO_VUNG = {"Nội tỉnh": 0.7, "Nội miền": 1.0, "Liên miền": 1.35}
_MUC_VOUCHER = [(99_000, 10_000), (149_000, 15_000), (199_000, 20_000), (299_000, 30_000),
                (399_000, 40_000), (499_000, 50_000)]


def sinh_don_hang(rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """The orders table (as written) and the day × channel demand behind it."""
    ngay, lam, lich = ky_vong_theo_ngay()
    so_ngay = len(ngay)

    # daily counts: shared noise (weather, news) × channel noise × Poisson
    chung = rng.gamma(40.0, 1 / 40, size=so_ngay)
    rieng = rng.gamma(40.0, 1 / 40, size=(so_ngay, len(KENH)))
    nhu_cau = lam * chung[:, None] * rieng
    dem = rng.poisson(nhu_cau)

    i_ngay = np.repeat(np.repeat(np.arange(so_ngay), len(KENH)), dem.ravel())
    i_kenh = np.repeat(np.tile(np.arange(len(KENH)), so_ngay), dem.ravel())
    n = len(i_ngay)
    truc_tiep = i_kenh == 3
    ngay_doi = lich["ngay_doi"][i_ngay] & ~truc_tiep
    quanh_doi = lich["quanh_ngay_doi"][i_ngay] & ~truc_tiep
    qua = lich["qua"][i_ngay]

    # product: Pareto popularity × season × channel
    sp = danh_muc()
    i_nhom_sp = sp["nhom"].map({t: k for k, t in enumerate(NHOM)}).to_numpy()
    pho_bien = 1 / sp["hang"].to_numpy(dtype=float) ** 1.1
    mua = 1 + qua[:, None] * (_NHOM_MUA_QUA - 1)[i_nhom_sp][None, :]
    w = pho_bien[None, :] * mua * _NHOM_THEO_KENH[i_kenh][:, i_nhom_sp]
    i_sp = _chon(rng, w)
    nhom = i_nhom_sp[i_sp]
    gia_ban = sp["gia_ban"].to_numpy()[i_sp]

    # buyer's province: direct customers are more often from Hà Nội
    tinh = np.array([t for t, _, _ in TINH_THANH])
    w_tinh = np.tile(np.array([x for _, x, _ in TINH_THANH]), (n, 1))
    w_tinh[truc_tiep, 0] *= 2.5
    tinh_thanh = tinh[_chon(rng, w_tinh)]
    vung = np.array([vung_giao_hang(t) for t in tinh_thanh])

    # quantity 1-4, mostly 1; gift orders and direct buyers take more, big pieces one
    p_sl = np.tile([0.76, 0.16, 0.05, 0.03], (n, 1))
    p_sl[truc_tiep] = [0.55, 0.25, 0.10, 0.10]
    qua_tet = (nhom == NHOM.index("Quà tặng")) & (qua >= 0.6)
    p_sl[qua_tet] = [0.55, 0.20, 0.10, 0.15]
    p_sl[gia_ban >= 800_000] = [0.93, 0.06, 0.01, 0.0]
    so_luong = _chon(rng, p_sl) + 1

    # price charged: list price, campaign discounts on the marketplaces, 5% off 3+ pieces direct
    p_giam = np.where(ngay_doi, 0.7, np.where(quanh_doi, 0.3, np.where(qua >= 0.6, 0.25, 0.06)))
    p_giam[truc_tiep] = 0.0
    co_giam = rng.random(n) < p_giam
    muc_giam = np.where(ngay_doi, rng.choice([0.10, 0.15, 0.20], size=n, p=[0.4, 0.35, 0.25]),
                        rng.choice([0.05, 0.10], size=n, p=[0.6, 0.4]))
    giam = np.where(co_giam, muc_giam, 0.0)
    giam[truc_tiep & (so_luong >= 3)] = 0.05
    don_gia = (np.floor(gia_ban * (1 - giam) / 1000 + 1e-9) * 1000).astype(np.int64)
    tien_hang = so_luong * don_gia

    # seller voucher on the marketplaces, by minimum spend
    co_voucher = (rng.random(n) < np.where(ngay_doi, 0.45, 0.28)) & ~truc_tiep
    bac_cao = np.array([sum(tien_hang_i >= m for m, _ in _MUC_VOUCHER) for tien_hang_i in tien_hang])
    lui_mot_bac = rng.random(n) < 0.35
    bac = np.where(lui_mot_bac & (bac_cao > 1), bac_cao - 1, bac_cao)
    gia_tri_bac = np.array([0] + [v for _, v in _MUC_VOUCHER])
    voucher = np.where(co_voucher, gia_tri_bac[bac], 0).astype(np.int64)

    # shipping the buyer paid: courier A's rate card (direct), after freeship (marketplaces)
    the_tich = (sp["dai_cm"] * sp["rong_cm"] * sp["cao_cm"]).to_numpy()[i_sp] * so_luong
    kg = sp["khoi_luong_kg"].to_numpy()[i_sp] * so_luong
    kg_tinh = khoi_luong_tinh_cuoc(kg, the_tich, HE_SO_QUY_DOI_A)
    cuoc_goc = np.array([cuoc(DON_VI_DON_TRUC_TIEP, v, w) for v, w in zip(vung, kg_tinh)], dtype=np.int64)
    p_mien_phi = np.array([0.40, 0.50, 0.35, 0.0])[i_kenh] + 0.2 * ngay_doi + 0.15 * (tien_hang >= 300_000)
    p_mien_phi = np.where(truc_tiep, 0.0, np.minimum(p_mien_phi, 0.9))
    mien_phi = rng.random(n) < p_mien_phi
    ho_tro = rng.choice([0, 10_000, 15_000, 20_000], size=n, p=[0.3, 0.3, 0.2, 0.2])
    phi_ship = np.where(truc_tiep, cuoc_goc, np.where(mien_phi, 0, np.maximum(cuoc_goc - ho_tro, 0)))

    # final status
    p_huy = _HUY_THEO_KENH[i_kenh] * np.where(ngay_doi, 1.2, 1.0)
    p_tra = (0.043 * _TRA_THEO_NHOM[nhom] * _TRA_THEO_KENH[i_kenh]
             * np.array([_TRA_THEO_VUNG[v] for v in vung]))
    u = rng.random(n)
    trang_thai = np.where(u < p_huy, TRANG_THAI[2], np.where(u < p_huy + p_tra, TRANG_THAI[1], TRANG_THAI[0]))

    # order ids in time order; within a day the channels are interleaved at random
    thu_tu = np.lexsort((rng.random(n), i_ngay))
    bang = pd.DataFrame({
        "ngay_dat": chuoi_ngay(ngay[i_ngay]),
        "san": np.array(KENH, dtype=object)[i_kenh],
        "ma_sp": sp["ma_sp"].to_numpy()[i_sp],
        "so_luong": so_luong.astype(np.int64),
        "don_gia": don_gia,
        "voucher_shop": voucher,
        "phi_van_chuyen": phi_ship.astype(np.int64),
        "tinh_thanh": tinh_thanh.astype(object),
        "trang_thai": trang_thai.astype(object),
    }).iloc[thu_tu].reset_index(drop=True)
    if len(bang) >= 10_000:
        raise ValueError("mã đơn DH25xxxx chỉ đủ cho dưới 10.000 đơn")
    bang.insert(0, "ma_don", [f"DH25{k:04d}" for k in range(1, len(bang) + 1)])
    return bang[COT], nhu_cau
