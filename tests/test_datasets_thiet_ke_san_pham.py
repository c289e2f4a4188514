"""Module 2 datasets (product design): the facts the lessons and bt02 rely on.

Byte-identical regeneration, frictionless validity and "every file is a resource" are checked
for all modules in test_datasets.py; here: the shape of each study and the findings the lessons
teach (which feature is a must-be, which attribute matters most, which colours rise, which
lab samples fail), so that a change of the generator that breaks a lesson's story fails here.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from langnghe import tham_so
from langnghe.thiet_ke_san_pham import (
    CAC_MUC,
    LOAI_KANO,
    THU_TU_KHI_HOA,
    cac_phuong_an,
    dem_loai_kano,
    gia_tri_so_sanh,
    gioi_han_chi,
    gom_nhom,
    he_so_hai_long,
    ket_luan_chi,
    loai_chinh,
    phuong_an_tot_nhat,
    san_long_tra_them,
    tam_quan_trong,
    uoc_luong_diem_ua_thich,
)

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
TEST_DATE = "2025-09-18"


def _read(name: str, **kw) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", encoding="utf-8", keep_default_na=False, na_values=[""], **kw)


@pytest.fixture(scope="module")
def kano() -> pd.DataFrame:
    return _read("khao_sat_kano")


@pytest.fixture(scope="module")
def ratings() -> pd.DataFrame:
    return _read("danh_gia_mau_ma")


@pytest.fixture(scope="module")
def costs() -> pd.DataFrame:
    return _read("chi_phi_mau_ma")


@pytest.fixture(scope="module")
def colours() -> pd.DataFrame:
    return _read("ban_theo_mau", parse_dates=["thang"])


@pytest.fixture(scope="module")
def lead() -> pd.DataFrame:
    return _read("thu_nghiem_chi")


# ------------------------------------------------------------------ Kano survey
def test_kano_survey_has_150_respondents_answering_each_of_10_features_once(kano):
    assert kano["ma_phieu"].nunique() == 150 and kano["tinh_nang"].nunique() == 10
    assert (kano.groupby("ma_phieu")["ma_tinh_nang"].nunique() == 10).all()
    assert not kano.duplicated(["ma_phieu", "ma_tinh_nang"]).any()
    assert kano.groupby("ma_phieu")["nhom_khach"].nunique().max() == 1
    assert kano.drop_duplicates("ma_phieu")["nhom_khach"].value_counts().to_dict() == {"Tự dùng": 90, "Làm quà": 60}


EXPECTED_KANO = {
    "Men an toàn, có kiểm nghiệm chì": "M",
    "Dùng được lò vi sóng": "M",
    "Rửa được bằng máy rửa bát": "I",
    "Giữ nóng lâu": "O",
    "Quai to, cầm chắc tay": "O",
    "Hoa văn vẽ tay": "A",
    "Khắc tên theo yêu cầu": "I",
    "Có nắp đậy": "I",
    "Hộp quà cứng": "A",
    "In chữ Bát Tràng to trên thân": "R",
}


def test_each_feature_has_the_category_the_lesson_teaches_with_no_near_tie(kano):
    counts = dem_loai_kano(kano)
    assert loai_chinh(counts).to_dict() == EXPECTED_KANO
    ordered = np.sort(counts[list(LOAI_KANO)].to_numpy(), axis=1)
    margin = pd.Series(ordered[:, -1] - ordered[:, -2], index=counts.index)
    assert (margin >= 5).all(), margin.to_dict()


def test_gift_buyers_find_engraving_and_the_gift_box_attractive(kano):
    gift = loai_chinh(dem_loai_kano(kano[kano["nhom_khach"] == "Làm quà"]))
    own = loai_chinh(dem_loai_kano(kano[kano["nhom_khach"] == "Tự dùng"]))
    assert gift["Khắc tên theo yêu cầu"] == "A" and own["Khắc tên theo yêu cầu"] == "I"
    assert gift["Hộp quà cứng"] == "A" and own["Hộp quà cứng"] == "I"


def test_food_safety_has_the_strongest_worse_and_decoration_a_high_better(kano):
    scores = he_so_hai_long(dem_loai_kano(kano))
    assert scores["worse"].idxmin() == "Men an toàn, có kiểm nghiệm chì"
    assert scores.loc["Men an toàn, có kiểm nghiệm chì", "worse"] < -0.7
    assert scores.loc[["Hoa văn vẽ tay", "Hộp quà cứng", "Giữ nóng lâu"], "better"].min() > 0.5
    assert scores["better"].idxmax() == "Giữ nóng lâu"


def test_tie_order_puts_must_be_first():
    assert THU_TU_KHI_HOA[:4] == ("M", "O", "A", "I")


# ------------------------------------------------------------------ conjoint
def test_every_respondent_rates_the_same_18_cards_of_an_orthogonal_plan(ratings):
    assert ratings["ma_khach"].nunique() == 100
    assert (ratings.groupby("ma_khach")["ma_the"].nunique() == 18).all() and len(ratings) == 1800
    attributes = list(CAC_MUC)
    cards = ratings.drop_duplicates(["ma_the", *attributes])
    assert len(cards) == 18, "a card code must always show the same design"
    for a, b in itertools.combinations(attributes, 2):
        pairs = cards.groupby([a, b]).size()
        assert len(pairs) == len(CAC_MUC[a]) * len(CAC_MUC[b]) and pairs.nunique() == 1, (a, b)
    assert ratings["diem"].between(0, 10).all()
    assert 4.5 <= ratings["diem"].mean() <= 6.5


def test_part_worths_tell_the_lessons_story(ratings):
    _, worths = uoc_luong_diem_ua_thich(ratings)
    price = worths["gia_ban"]
    assert price[99_000] > price[129_000] > price[159_000]
    share = tam_quan_trong(worths)
    assert share.idxmax() == "gia_ban" and share.idxmin() == "quai"
    assert worths["mau_men"].idxmax() == "Xanh ngọc"
    assert worths["dung_tich"].idxmax() == "350 ml"
    assert worths["bao_bi"].idxmax() == "Hộp quà cứng"


def test_gift_buyers_would_pay_far_more_for_the_gift_box_than_its_extra_cost(ratings, costs):
    extra = costs.set_index("muc").loc["Hộp quà cứng", "chi_phi"] - costs.set_index("muc").loc["Bọc xốp", "chi_phi"]
    wtp = {g: san_long_tra_them(uoc_luong_diem_ua_thich(sub)[1], "bao_bi", "Bọc xốp", "Hộp quà cứng")
           for g, sub in ratings.groupby("nhom_khach")}
    assert wtp["Làm quà"] > 3 * extra > 3 * wtp["Tự dùng"] / 3
    assert wtp["Tự dùng"] < extra < wtp["Làm quà"]


def test_cost_table_prices_every_design_level_and_costs_stay_plausible(costs):
    for attribute, values in CAC_MUC.items():
        if attribute != "gia_ban":
            assert costs.loc[costs["thuoc_tinh"] == attribute, "muc"].tolist() == values
    intercept_free = cac_phuong_an(0.0, {a: pd.Series(0.0, index=v) for a, v in CAC_MUC.items()}, costs, 129_000)
    assert intercept_free["chi_phi"].min() == 30_500 and intercept_free["chi_phi"].max() == 62_500
    assert (intercept_free["chi_phi"] / 129_000).between(0.2, 0.5).all()


def test_best_mug_within_45000_dong_is_celadon_350_ml_big_handle_kraft_box(ratings, costs):
    intercept, worths = uoc_luong_diem_ua_thich(ratings)
    variants = cac_phuong_an(intercept, worths, costs, 129_000)
    best = phuong_an_tot_nhat(variants, 45_000)
    assert (best["mau_men"], best["dung_tich"], best["quai"], best["bao_bi"], best["chi_phi"]) == (
        "Xanh ngọc", "350 ml", "Quai to", "Hộp kraft", 43_500)
    assert phuong_an_tot_nhat(variants, 43_500)["chi_phi"] == 43_500
    assert not variants["diem_du_doan"].round(9).duplicated().any(), "ties would make 'the best' ambiguous"


# ------------------------------------------------------------------ sales by colour
def test_sales_by_colour_cover_36_months_and_8_colour_groups(colours):
    assert colours["thang"].nunique() == 36 and colours["nhom_mau"].nunique() == 8
    assert len(colours) == 36 * 8
    assert colours.groupby("nhom_mau")["ma_mau_hex"].nunique().max() == 1


def test_january_outsells_every_summer_month_each_year(colours):
    monthly = colours.groupby("thang")["so_luong"].sum()
    for year in (2023, 2024, 2025):
        summer = monthly[(monthly.index.year == year) & monthly.index.month.isin([6, 7, 8])].max()
        assert monthly[f"{year}-01-01"] > 1.8 * summer, year


def test_celadon_and_pastel_rise_while_blue_and_brown_fall_every_year(colours):
    yearly = colours.pivot_table(index=colours["thang"].dt.year, columns="nhom_mau", values="so_luong",
                                 aggfunc="sum")
    share = yearly.div(yearly.sum(axis=1), axis=0)
    for colour in ("Xanh ngọc", "Pastel"):
        assert share[colour].is_monotonic_increasing and share[colour].iloc[-1] > 1.4 * share[colour].iloc[0]
    for colour in ("Lam", "Nâu"):
        assert share[colour].is_monotonic_decreasing, colour
    assert share.loc[2025].idxmax() == "Lam"  # still the biggest group, but losing ground


def test_red_sells_for_tet(colours):
    month = colours["thang"].dt.month
    red = colours[colours["nhom_mau"] == "Đỏ – cam"].groupby(month[colours["nhom_mau"] == "Đỏ – cam"])["so_luong"].sum()
    total = colours.groupby(month)["so_luong"].sum()
    share = red / total
    assert share[[12, 1]].min() > 1.8 * share[[6, 7, 8]].max()


# ------------------------------------------------------------------ RGB colours
def test_k_means_with_restarts_finds_six_colour_families(lesson_seeds=range(5)):
    colours = _read("mau_san_pham")
    x = colours[["r", "g", "b"]].to_numpy(dtype=float)
    assert len(x) == 320 and colours["ma_sp"].is_unique
    runs = [gom_nhom(x, 6, hat_giong=s) for s in lesson_seeds]
    centres, labels = min(runs, key=lambda run: ((x - run[0][run[1]]) ** 2).sum())
    assert np.bincount(labels, minlength=6).min() >= 30
    nearest = {name: int(np.argmin(((centres - rgb) ** 2).sum(axis=1)))
               for name, rgb in {"xanh ngọc": [145, 190, 168], "hồng pastel": [232, 178, 182]}.items()}
    sales = colours.groupby(labels)["so_luong_ban"].median().sort_values(ascending=False)
    assert set(sales.index[:2]) == set(nearest.values())


# ------------------------------------------------------------------ lead release
def test_lab_results_have_six_units_per_sample_and_consistent_sample_facts(lead):
    assert lead["ma_mau"].nunique() == 22 and (lead.groupby("ma_mau").size() == 6).all()
    per_sample = lead.groupby("ma_mau")[["ten_san_pham", "loai_do", "do_sau_mm", "dung_tich_ml"]].nunique(dropna=False)
    assert (per_sample <= 1).all().all()
    flat = lead[lead["loai_do"] == "Đồ dẹt"]
    assert (flat["do_sau_mm"] <= 25).all() and flat["dung_tich_ml"].isna().all()
    hollow = lead[lead["loai_do"].isin(["Đồ rỗng nhỏ", "Đồ rỗng lớn", "Cốc và ca", "Bình rót"])]
    assert (hollow["do_sau_mm"] > 25).all() and hollow["dung_tich_ml"].notna().all()


def test_exactly_four_samples_fail_as_declared_with_edge_cases_on_the_limit(lead):
    limits = gioi_han_chi(TEST_DATE)
    rules = tham_so("cach_danh_gia_chi_fda", TEST_DATE)["cach_so_sanh"]
    values = gia_tri_so_sanh(lead, rules).set_index("ma_mau")
    verdict = {m: ket_luan_chi(r.gia_tri_so_sanh, r.loai_do, limits) for m, r in values.iterrows()}
    assert sorted(m for m, v in verdict.items() if v == "Không đạt") == ["M04", "M10", "M13", "M22"]
    assert [m for m, v in verdict.items() if v == "Chưa rõ loại"] == ["M18"]
    assert values.loc["M05", "gia_tri_so_sanh"] == 0.5 and verdict["M05"] == "Đạt"
    assert values.loc["M15", "gia_tri_so_sanh"] == 1.0 and verdict["M15"] == "Đạt"
    m09 = lead.loc[lead["ma_mau"] == "M09", "chi_ug_ml"]
    assert m09.max() > 3.0 >= m09.mean(), "flatware passing on the mean although one plate is above"
    m04 = lead.loc[lead["ma_mau"] == "M04", "chi_ug_ml"]
    assert m04.mean() <= 0.5 < m04.max(), "a mug failing on one unit although the mean is below"


def test_one_bowl_is_declared_small_but_holds_more_than_1_1_litres_and_then_fails(lead):
    limits = gioi_han_chi(TEST_DATE)
    rule = tham_so("cach_danh_gia_chi_fda", TEST_DATE)
    small = lead[lead["loai_do"] == "Đồ rỗng nhỏ"]
    too_big = small.loc[small["dung_tich_ml"] >= rule["dung_tich_do_rong_lon_tu_ml"], "ma_mau"].unique().tolist()
    assert too_big == ["M14"]
    worst = lead.loc[lead["ma_mau"] == "M14", "chi_ug_ml"].max()
    assert ket_luan_chi(worst, "Đồ rỗng nhỏ", limits) == "Đạt"
    assert ket_luan_chi(worst, "Đồ rỗng lớn", limits) == "Không đạt"
