"""Module 5 datasets (the Thanh Bình rattan workshop): the files agree, and the stories the lessons tell hold.

tests/test_datasets.py already checks byte-identical regeneration, frictionless validity and that every
file is a resource; here: consistency between the six files and the plausibility facts lessons 5.1–5.5
and bt05 rely on.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
NOT_PROFIT_AND_LOSS = {"Số dư đầu kỳ", "Vay ngân hàng", "Trả gốc vay", "Mua sắm tài sản", "Chủ hộ rút tiền"}
REVENUE = {"Bán hàng", "Thu nợ khách hàng"}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", encoding="utf-8", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def san_pham() -> pd.DataFrame:
    return _read("san_pham_may_tre").set_index("ma_sp")


@pytest.fixture(scope="module")
def vat_tu() -> pd.DataFrame:
    return _read("vat_tu").set_index("ma_vt")


@pytest.fixture(scope="module")
def dinh_muc() -> pd.DataFrame:
    return _read("dinh_muc_vat_tu")


@pytest.fixture(scope="module")
def nang_suat() -> pd.DataFrame:
    return _read("nang_suat_tho")


@pytest.fixture(scope="module")
def kho() -> pd.DataFrame:
    return _read("nhap_xuat_kho")


@pytest.fixture(scope="module")
def so_quy() -> pd.DataFrame:
    d = _read("so_quy")
    d["thang"] = d["ngay"].str[5:7].astype(int)
    d["co_dau"] = d["so_tien"].where(d["loai"] == "Thu", -d["so_tien"])
    return d


# ------------------------------------------------------------------ the files agree with each other
def test_piece_rate_is_standard_minutes_times_420(san_pham):
    assert (san_pham["don_gia_cong"] == san_pham["phut_chuan"] * 420).all()


def test_weaver_pay_is_good_pieces_times_piece_rate(nang_suat, san_pham):
    expected = nang_suat["so_dat"] * nang_suat["ma_sp"].map(san_pham["don_gia_cong"])
    assert (nang_suat["tien_cong"] == expected).all()


def test_monthly_issues_follow_the_bill_of_materials(nang_suat, dinh_muc, kho):
    made = (nang_suat["so_dat"] + nang_suat["so_loi"]).groupby(nang_suat["ma_sp"]).sum()
    need = (dinh_muc["dinh_muc"] * dinh_muc["ma_sp"].map(made)).groupby(dinh_muc["ma_vt"]).sum()
    issued = kho[kho["loai"] == "Xuất"].groupby("ma_vt")["so_luong"].sum()
    issued = issued.reindex(need.index, fill_value=0)
    # whole units (pieces, sets, boxes) are rounded up week by week: allow a few units per week
    off = {vt: (round(need[vt], 2), round(issued[vt], 2)) for vt in need.index
           if not math.isclose(issued[vt], need[vt], rel_tol=0.02, abs_tol=60)}
    assert not off, off


def test_every_purchase_is_paid_in_the_cash_book_the_same_day(kho, so_quy):
    nhap = kho[kho["loai"] == "Nhập"]
    paid = so_quy[so_quy["khoan_muc"] == "Mua vật tư"]
    a = sorted(zip(nhap["ngay"], (nhap["so_luong"] * nhap["don_gia"]).round().astype(int)))
    b = sorted(zip(paid["ngay"], paid["so_tien"]))
    assert a == b


def test_monthly_wages_in_the_cash_book_equal_the_piece_rate_pay(nang_suat, so_quy):
    wages = so_quy[(so_quy["khoan_muc"] == "Tiền công thợ") & ~so_quy["dien_giai"].str.contains("Thưởng")]
    assert (wages.groupby("thang")["so_tien"].sum() == nang_suat.groupby("thang")["tien_cong"].sum()).all()


def test_sales_in_the_cash_book_match_the_good_pieces_sold(nang_suat, san_pham, so_quy):
    sales = (nang_suat["so_dat"] * nang_suat["ma_sp"].map(san_pham["gia_ban"])).sum()
    received = so_quy.loc[so_quy["khoan_muc"].isin(REVENUE), "so_tien"].sum()
    opening_receivable = so_quy.loc[so_quy["dien_giai"].str.contains("tháng 12/2024"), "so_tien"].sum()
    december_export = sales + opening_receivable - received
    # December's export sales are collected in 2026: between 20% and 40% of December's sales
    december = (nang_suat["so_dat"] * nang_suat["ma_sp"].map(san_pham["gia_ban"]))[nang_suat["thang"] == 12].sum()
    assert 0.2 * december <= december_export <= 0.4 * december


# ------------------------------------------------------------------ stock
def test_stock_never_goes_negative_and_issues_carry_no_price(kho):
    signed = kho["so_luong"].where(kho["loai"] != "Xuất", -kho["so_luong"])
    running = signed.groupby(kho["ma_vt"]).cumsum()
    assert running.min() >= -1e-6
    assert kho.loc[kho["loai"] == "Xuất", "don_gia"].isna().all()
    assert kho.loc[kho["loai"] != "Xuất", "don_gia"].notna().all()


def test_one_material_has_no_usage_all_year(kho):
    used = set(kho.loc[kho["loai"] == "Xuất", "ma_vt"])
    unused = sorted(set(kho["ma_vt"]) - used)
    assert unused == ["VT17"], unused


def test_hurried_purchases_happen_and_cost_more(kho):
    nhap = kho[kho["loai"].isin(["Tồn đầu kỳ", "Nhập"])].copy()
    nhap["before"] = nhap["don_gia"].where(nhap["ghi_chu"] != "Mua gấp").groupby(nhap["ma_vt"]).ffill()
    hurried = nhap[nhap["ghi_chu"] == "Mua gấp"]
    assert 5 <= len(hurried) <= 25
    assert (hurried["don_gia"] > hurried["before"]).all()


def test_last_purchase_price_is_the_catalogue_price(kho, vat_tu):
    last = kho[kho["loai"] != "Xuất"].groupby("ma_vt")["don_gia"].last()
    assert (last.reindex(vat_tu.index) == vat_tu["don_gia_gan_nhat"]).all()


def test_rattan_core_is_the_biggest_a_item(kho, vat_tu):
    value = (kho[kho["loai"] == "Xuất"].groupby("ma_vt")["so_luong"].sum() * vat_tu["don_gia_gan_nhat"]).dropna()
    share = value.sort_values(ascending=False) / value.sum()
    assert share.index[0] == "VT01" and 0.2 <= share.iloc[0] <= 0.5
    assert 4 <= (share.cumsum() - share < 0.8).sum() <= 8, "the A class should hold a handful of items"


# ------------------------------------------------------------------ cash book and profit
def test_cash_never_runs_out_but_nearly_does_in_the_export_season(so_quy):
    running = so_quy["co_dau"].cumsum()
    low = running.idxmin()
    assert 0 < running.min() < 10_000_000
    assert so_quy.loc[low, "thang"] in (9, 10, 11)


def test_the_year_is_profitable_and_the_family_takes_almost_all_of_it(so_quy):
    revenue = so_quy.loc[so_quy["khoan_muc"].isin(REVENUE), "so_tien"].sum()
    costs = so_quy.loc[~so_quy["khoan_muc"].isin(REVENUE | NOT_PROFIT_AND_LOSS), "so_tien"].sum()
    drawings = so_quy.loc[so_quy["khoan_muc"] == "Chủ hộ rút tiền", "so_tien"].sum()
    profit = revenue - costs
    assert 0.10 <= profit / revenue <= 0.25
    assert 0.85 * profit <= drawings <= 1.05 * profit


def test_every_month_has_domestic_sales_and_export_payments(so_quy):
    sales = so_quy[so_quy["khoan_muc"] == "Bán hàng"].groupby("thang")["so_tien"].sum()
    export = so_quy[so_quy["khoan_muc"] == "Thu nợ khách hàng"].groupby("thang")["so_tien"].sum()
    assert len(sales) == 12 and (sales > 0).all()
    assert len(export) == 12, "the export company pays every month for the month before"


def test_export_season_outsells_the_tet_month(nang_suat, san_pham):
    sales = (nang_suat["so_dat"] * nang_suat["ma_sp"].map(san_pham["gia_ban"])).groupby(nang_suat["thang"]).sum()
    assert sales.idxmax() in (9, 10, 11) and sales.idxmin() == 2


# ------------------------------------------------------------------ costing and productivity stories
def test_the_shopping_basket_sells_below_cost_and_below_the_market(san_pham, vat_tu, dinh_muc):
    materials = (dinh_muc["dinh_muc"] * dinh_muc["ma_vt"].map(vat_tu["don_gia_gan_nhat"])).groupby(
        dinh_muc["ma_sp"]).sum()
    variable = (materials + san_pham["don_gia_cong"]).reindex(san_pham.index)
    lan = san_pham.loc["MT-LAN-01"]
    assert lan["gia_ban"] < lan["gia_thi_truong_thap"]
    assert lan["gia_ban"] > variable["MT-LAN-01"], "still above variable cost: the loss comes from overhead"
    others = san_pham.index != "MT-LAN-01"
    assert (san_pham.loc[others, "gia_ban"] > variable[others] * 1.15).all()


def test_the_new_weaver_improves_month_by_month(nang_suat, san_pham):
    t10 = nang_suat[nang_suat["ma_tho"] == "T10"].set_index("thang")
    eff = (t10["so_dat"] + t10["so_loi"]) * t10["ma_sp"].map(san_pham["phut_chuan"]) / 60 / t10["gio_lam"]
    rejects = t10["so_loi"] / (t10["so_dat"] + t10["so_loi"])
    assert t10.index.min() == 3
    assert eff.iloc[-1] > eff.iloc[0] + 0.15 and rejects.iloc[-1] < rejects.iloc[0] - 0.05


def test_skilled_weavers_work_near_the_standard(nang_suat, san_pham):
    std = (nang_suat["so_dat"] + nang_suat["so_loi"]) * nang_suat["ma_sp"].map(san_pham["phut_chuan"]) / 60
    eff = std.groupby(nang_suat["ma_tho"]).sum() / nang_suat.groupby("ma_tho")["gio_lam"].sum()
    assert eff.drop("T10").between(0.88, 1.15).all(), eff.round(3).to_dict()
