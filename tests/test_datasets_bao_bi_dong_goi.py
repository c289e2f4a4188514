"""The datasets of module 3 (packaging): consistent with each other, with module 1 and with the lessons.

Byte-identical regeneration, frictionless validity and "every file is a resource" are checked for all
modules by tests/test_datasets.py; here are the facts the packaging lessons and bt03 rely on.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from langnghe import tham_so

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
METHODS = ["Giấy báo vò, thùng 3 lớp", "Xốp hơi, thùng 3 lớp", "Xốp hơi, thùng 5 lớp",
           "Khay giấy định hình, thùng 5 lớp"]  # from the cheapest to the best


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", encoding="utf-8", keep_default_na=False)


@pytest.fixture(scope="module")
def giay():
    return _read("loai_giay_carton")


@pytest.fixture(scope="module")
def thung():
    return _read("thung_tieu_chuan")


@pytest.fixture(scope="module")
def dong_goi():
    return _read("san_pham_dong_goi")


@pytest.fixture(scope="module")
def kien():
    return _read("kien_hang_giao")


def _fits(sp, box) -> bool:
    return all(sp[f"{d}_sp_mm"] + 2 * sp["dem_mm"] <= box[f"{d}_mm"] for d in ("dai", "rong", "cao"))


def _best_box(sp, thung):
    ok = [box for _, box in thung.sort_values("gia_thung").iterrows() if _fits(sp, box)]
    return ok[0] if ok else None


# ------------------------------------------------------------------------------------ board grades
def test_board_thickness_is_the_sum_of_its_flute_thicknesses(giay):
    flutes = tham_so("do_day_song", "2025-06-01")
    for _, g in giay.iterrows():
        assert math.isclose(g["do_day_mm"], sum(flutes[f] for f in g["song"])), g["ma_giay"]
        assert g["so_lop"] == 1 + 2 * len(g["song"])


def test_double_wall_board_is_stronger_and_dearer_than_any_single_wall(giay):
    single, double = giay[giay["so_lop"] == 3], giay[giay["so_lop"] == 5]
    assert double["ect_kn_m"].min() > single["ect_kn_m"].max()
    assert double["gia_m2"].min() > single["gia_m2"].max()


def test_within_a_flute_a_stronger_board_costs_more(giay):
    for _, group in giay.groupby("song"):
        ordered = group.sort_values("ect_kn_m")
        assert ordered["gia_m2"].is_monotonic_increasing


def test_box_price_follows_blank_area_times_board_price(thung, giay):
    price = giay.set_index("ma_giay")
    for _, box in thung.iterrows():
        g = price.loc[box["ma_giay"]]
        t = g["do_day_mm"]
        area = (2 * box["dai_mm"] + 2 * box["rong_mm"] + 35 + 4 * t) * (box["cao_mm"] + box["rong_mm"] + 3 * t) / 1e6
        assert abs(box["gia_thung"] - (area * g["gia_m2"] * 1.5 + 600)) <= 50, box["ma_thung"]
        assert box["dai_mm"] >= box["rong_mm"]


def test_box_prices_are_unique_so_the_cheapest_box_is_unambiguous(thung):
    assert thung["gia_thung"].is_unique


# ------------------------------------------------------------------------------------ products and boxes
def test_current_cartons_are_the_module_1_parcels(dong_goi):
    san_pham = _read("san_pham").set_index("ma_sp")
    assert sorted(dong_goi["ma_sp"]) == sorted(san_pham.index)
    for _, sp in dong_goi.iterrows():
        parcel = san_pham.loc[sp["ma_sp"]]
        assert [sp["dai_thung_mm"] + 6, sp["rong_thung_mm"] + 6, sp["cao_thung_mm"] + 6] == [
            parcel["dai_cm"] * 10, parcel["rong_cm"] * 10, parcel["cao_cm"] * 10], sp["ma_sp"]
        assert math.isclose(sp["khoi_luong_kien_kg"], parcel["khoi_luong_kg"])


def test_every_product_is_in_its_current_carton_with_some_packing_weight(dong_goi):
    for _, sp in dong_goi.iterrows():
        for d in ("dai", "rong", "cao"):
            assert sp[f"{d}_sp_mm"] < sp[f"{d}_thung_mm"], (sp["ma_sp"], d)
        assert 0.05 <= sp["khoi_luong_kien_kg"] - sp["khoi_luong_sp_kg"] <= 1.0, sp["ma_sp"]
        assert sp["dai_sp_mm"] >= sp["rong_sp_mm"]


def test_about_forty_percent_of_current_cartons_have_more_than_half_empty_space(dong_goi):
    product = dong_goi["dai_sp_mm"] * dong_goi["rong_sp_mm"] * dong_goi["cao_sp_mm"]
    box = dong_goi["dai_thung_mm"] * dong_goi["rong_thung_mm"] * dong_goi["cao_thung_mm"]
    over = (1 - product / box > 0.5).sum()
    assert 10 <= over <= 16, over


def test_the_25_cm_vase_with_its_cushioning_just_fits_box_t07(dong_goi, thung):
    vase = dong_goi.set_index("ma_sp").loc["BT-BHO-01"]
    t07 = thung.set_index("ma_thung").loc["T07"]
    assert [vase[f"{d}_sp_mm"] + 2 * vase["dem_mm"] for d in ("dai", "rong", "cao")] == [
        t07["dai_mm"], t07["rong_mm"], t07["cao_mm"]]
    assert _best_box(vase, thung)["ma_thung"] == "T07"


def test_the_50_cm_vase_fits_no_standard_box_and_every_other_product_fits_one(dong_goi, thung):
    none = [sp["ma_sp"] for _, sp in dong_goi.iterrows() if _best_box(sp, thung) is None]
    assert none == ["BT-BHO-06"]


def test_cushioning_counts_as_empty_space_so_most_best_boxes_are_over_half_empty(dong_goi, thung):
    ratios = []
    for _, sp in dong_goi.iterrows():
        box = _best_box(sp, thung)
        if box is not None:
            ratios.append(1 - sp["dai_sp_mm"] * sp["rong_sp_mm"] * sp["cao_sp_mm"]
                          / (box["dai_mm"] * box["rong_mm"] * box["cao_mm"]))
    assert sum(r > 0.5 for r in ratios) >= len(ratios) - 3


# ------------------------------------------------------------------------------------ parcels
def test_parcels_cover_the_year_except_the_tet_break(kien):
    assert 3000 <= len(kien) <= 4200
    assert not kien["ngay_gui"].between("2025-01-27", "2025-02-04").any()
    assert kien["ngay_gui"].str[5:7].nunique() == 12


def test_breakage_falls_from_newspaper_to_moulded_pulp(kien):
    rate = kien.groupby("cach_dong_goi")["bi_vo"].mean().reindex(METHODS)
    assert rate.is_monotonic_decreasing and rate.iloc[0] > 5 * rate.iloc[-1], rate.round(4).to_dict()
    assert kien.groupby("cach_dong_goi").size().min() >= 300
    assert 0.02 <= kien["bi_vo"].mean() <= 0.04


def test_vases_break_most_and_far_deliveries_break_more(kien):
    by_group = kien.groupby("nhom")["bi_vo"].mean()
    assert by_group.idxmax() == "Bình hoa", by_group.round(4).to_dict()
    by_zone = kien.groupby("vung")["bi_vo"].mean()
    assert by_zone["Nội tỉnh"] < by_zone["Nội miền"] < by_zone["Liên miền"], by_zone.round(4).to_dict()


def test_packing_got_better_through_the_year(kien):
    month = kien["ngay_gui"].str[5:7].astype(int)
    newspaper = (kien["cach_dong_goi"] == METHODS[0]).groupby(month).mean()
    assert newspaper[1] > 0.5 and newspaper[12] < 0.1
    assert kien.groupby(month <= 3)["bi_vo"].mean()[True] > 2 * kien.groupby(month >= 10)["bi_vo"].mean()[True]


def test_packing_cost_and_weight_follow_the_method(kien):
    cost = kien.groupby("cach_dong_goi")["chi_phi_dong_goi"].agg(["min", "max"]).reindex(METHODS)
    assert (cost["min"] == cost["max"]).all() and cost["min"].is_monotonic_increasing
    san_pham = _read("san_pham").set_index("ma_sp")["khoi_luong_kg"]
    extra = kien["khoi_luong_kien_kg"] - kien["ma_sp"].map(san_pham)
    five_ply = kien["cach_dong_goi"].str.contains("5 lớp")
    assert (extra[five_ply].round(2) == 0.15).all() and (extra[~five_ply].round(2) == 0).all()
    assert kien["khoi_luong_kien_kg"].max() < 10  # every parcel is in ISTA 1A's first weight band


def test_group_of_each_parcel_matches_the_catalogue(kien):
    groups = _read("san_pham").set_index("ma_sp")["nhom"]
    assert (kien["ma_sp"].map(groups) == kien["nhom"]).all()
