"""The datasets of module 6 (linkage and clusters): the facts its lessons and assignment rely on.

The shared tests/test_datasets.py already checks byte-identical regeneration, frictionless
validity and that every file is described; these tests protect what the lessons say about
the data: the price build-up adds up, the group order of July sits exactly on a price break,
the dye houses carry most of the COD load, the combined flow takes a stricter Kf than any
single workshop, and one member's planned capital is above the draft cap.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
DYE_HOUSES = {"Nhuộm Thành Công", "Nhuộm Bảo Ngọc", "Nhuộm Hưng Long"}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", encoding="utf-8", keep_default_na=False)


@pytest.fixture(scope="module")
def chuoi() -> pd.DataFrame:
    return _read("chuoi_gia_tri")


@pytest.fixture(scope="module")
def mua() -> pd.DataFrame:
    return _read("mua_chung")


@pytest.fixture(scope="module")
def bac() -> pd.DataFrame:
    return _read("bac_gia_to")


@pytest.fixture(scope="module")
def nuoc() -> pd.DataFrame:
    d = _read("nuoc_thai_cum")
    d["cod_kg"] = d["luu_luong_m3_ngay"] * d["cod_mg_l"] / 1000
    return d


@pytest.fixture(scope="module")
def thanh_vien() -> pd.DataFrame:
    return _read("thanh_vien_cum")


def _unit_price(kg: float, bac: pd.DataFrame) -> int:
    return int(bac.loc[bac["tu_kg"] <= kg, "don_gia"].iloc[-1])


# ------------------------------------------------------------------ value chain
def test_each_lot_is_traced_through_the_four_actors_in_order(chuoi):
    steps = chuoi.groupby("ma_lo")["buoc"].apply(list)
    assert (steps.apply(lambda s: s == [1, 2, 3, 4])).all()
    assert chuoi.groupby("san_pham")["ma_lo"].nunique().eq(15).all()


def test_each_buying_price_is_the_selling_price_of_the_step_before(chuoi):
    d = chuoi.sort_values(["ma_lo", "buoc"])
    before = d.groupby("ma_lo")["gia_ban"].shift(1)
    later = d["buoc"] > 1
    assert (d.loc[later, "gia_mua"] == before[later]).all()


def test_sales_follow_the_chain_in_time(chuoi):
    d = chuoi.sort_values(["ma_lo", "buoc"])
    assert (d.groupby("ma_lo")["ngay_ban"].apply(lambda s: s.is_monotonic_increasing)).all()


def test_every_actor_sells_above_cost(chuoi):
    assert (chuoi["gia_ban"] - chuoi["gia_mua"] - chuoi["chi_phi_khac"] > 0).all()


def test_retailers_add_the_most_collectors_the_least_and_households_about_a_fifth(chuoi):
    for product, rows in chuoi.groupby("san_pham"):
        mean = rows.groupby("tac_nhan")[["gia_mua", "gia_ban"]].mean()
        retail = mean.loc["Cửa hàng bán lẻ", "gia_ban"]
        share = (mean["gia_ban"] - mean["gia_mua"]) / retail
        assert share.idxmax() == "Cửa hàng bán lẻ", (product, share.round(3).to_dict())
        assert share.idxmin() == "Người thu gom", (product, share.round(3).to_dict())
        assert 0.15 <= share["Hộ sản xuất"] <= 0.25, (product, share.round(3).to_dict())
        materials = mean.loc["Hộ sản xuất", "gia_mua"] / retail
        assert materials + share.sum() == pytest.approx(1)


def test_scarf_retail_price_is_above_four_hundred_thousand(chuoi):
    scarf = chuoi[(chuoi["san_pham"].str.startswith("Khăn")) & (chuoi["tac_nhan"] == "Cửa hàng bán lẻ")]
    assert 400_000 < scarf["gia_ban"].mean() < 450_000


# ------------------------------------------------------------------ buying together
def test_price_breaks_start_at_zero_and_fall_as_orders_grow(bac):
    assert bac["tu_kg"].iloc[0] == 0
    assert bac["tu_kg"].is_monotonic_increasing and bac["don_gia"].is_monotonic_decreasing
    assert bac["don_gia"].diff().dropna().lt(0).all()


def test_only_members_with_looms_buy_yarn_every_month(mua, thanh_vien):
    weavers = set(thanh_vien.loc[thanh_vien["so_khung_det"] > 0, "ma_co_so"])
    assert set(mua["ma_co_so"]) == weavers
    assert mua.groupby("thang")["ma_co_so"].nunique().eq(len(weavers)).all()


def test_july_group_order_is_exactly_on_the_top_price_break(mua, bac):
    totals = mua.groupby("thang")["so_kg"].sum()
    assert totals[7] == bac["tu_kg"].max()


def test_the_group_misses_the_top_break_only_in_february_and_june(mua, bac):
    totals = mua.groupby("thang")["so_kg"].sum()
    below = sorted(totals[totals < bac["tu_kg"].max()].index)
    assert below == [2, 6], totals.to_dict()


def test_purchases_exactly_on_a_break_and_zero_purchases_exist(mua, bac):
    on_break = mua[mua["so_kg"].isin(bac["tu_kg"][1:])]
    assert {(r.thang, r.ma_co_so) for r in on_break.itertuples()} >= {(3, "TH02"), (12, "TH01")}
    assert (mua.loc[mua["thang"] == 2, "so_kg"] == 0).sum() >= 2


def test_buying_together_saves_a_few_percent_every_month(mua, bac):
    for month, rows in mua.groupby("thang"):
        alone = sum(q * _unit_price(q, bac) for q in rows["so_kg"])
        together = rows["so_kg"].sum() * _unit_price(rows["so_kg"].sum(), bac)
        assert 0.02 <= (alone - together) / alone <= 0.08, month


def test_most_members_buy_below_the_second_break_alone(mua, bac):
    second = bac["tu_kg"].iloc[2]
    assert (mua["so_kg"] < second).mean() > 0.9


# ------------------------------------------------------------------ wastewater
def test_every_member_is_sampled_on_twelve_days(nuoc):
    assert nuoc["ngay_lay_mau"].nunique() == 12
    assert nuoc.groupby("ngay_lay_mau")["ma_co_so"].nunique().eq(16).all()


def test_combined_flow_takes_kf_one_while_every_workshop_alone_takes_more():
    """500 < combined flow ≤ 5,000 m³/day on every day; every workshop alone ≤ 500 m³/day."""
    nuoc = _read("nuoc_thai_cum")
    daily = nuoc.groupby("ngay_lay_mau")["luu_luong_m3_ngay"].sum()
    assert daily.between(500, 1200).all(), daily.to_dict()  # also within the plant's design capacity
    assert nuoc["luu_luong_m3_ngay"].max() <= 500


def test_no_workshop_meets_the_column_b_cod_limit_untreated(nuoc):
    loosest = 150 * 0.9 * 1.2  # C(B) × Kq (river ≤ 50 m³/s) × the largest Kf
    assert (nuoc["cod_mg_l"] > loosest).all()


def test_flow_weighted_cod_is_well_above_the_simple_mean(nuoc):
    for day, rows in nuoc.groupby("ngay_lay_mau"):
        weighted = rows["cod_kg"].sum() / rows["luu_luong_m3_ngay"].sum() * 1000
        assert weighted > 1.3 * rows["cod_mg_l"].mean(), day


def test_the_three_dye_houses_bring_about_half_the_water_and_two_thirds_of_the_cod(nuoc):
    mean = nuoc.groupby("ten_co_so")[["luu_luong_m3_ngay", "cod_kg"]].mean()
    share = mean / mean.sum()
    top3 = share.sort_values("cod_kg").tail(3)
    assert set(top3.index) == DYE_HOUSES
    assert 0.4 <= top3["luu_luong_m3_ngay"].sum() <= 0.6
    assert 0.6 <= top3["cod_kg"].sum() <= 0.75
    more_cod_than_water = share[share["cod_kg"] > share["luu_luong_m3_ngay"]].index
    assert set(more_cod_than_water) == DYE_HOUSES


def test_plant_costs_per_cubic_metre_are_plausible(nuoc):
    costs = _read("chi_phi_tram_xu_ly")
    total = costs["chi_phi_nam"].sum()
    m3 = nuoc.groupby("ma_co_so")["luu_luong_m3_ngay"].mean().sum() * 300
    kg = nuoc.groupby("ma_co_so")["cod_kg"].mean().sum() * 300
    assert 8_000 <= total / m3 <= 25_000
    assert 8_000 <= total / kg <= 25_000
    fixed = costs.loc[costs["loai_chi_phi"] == "Cố định", "chi_phi_nam"].sum()
    assert 0.4 <= fixed / total <= 0.7


# ------------------------------------------------------------------ cooperative
def test_enough_members_registered_but_not_the_dye_and_print_houses(thanh_vien):
    registered = thanh_vien[thanh_vien["dang_ky_htx"] == "Có"]
    assert len(registered) >= 7  # enough under the 2012 law as well as the 2023 law
    not_yet = thanh_vien.loc[thanh_vien["dang_ky_htx"] == "Chưa", "loai_hinh"]
    assert set(not_yet) == {"Chuội – nhuộm", "In hoa – hoàn thiện"}


def test_one_member_is_above_a_twenty_percent_cap_and_three_hold_a_majority(thanh_vien):
    registered = thanh_vien[thanh_vien["dang_ky_htx"] == "Có"]
    share = (registered["von_gop_du_kien"] / registered["von_gop_du_kien"].sum()).sort_values()
    assert (share > 0.20).sum() == 1 and registered.loc[share.index[-1], "ten_co_so"] == "Lụa Hà Anh"
    assert share.tail(3).sum() > 0.5
