"""Module 6 arithmetic: value-chain margins, tier prices, group-purchase splits, a shared plant's costs."""

from __future__ import annotations

import pandas as pd
import pytest

from langnghe import tai_du_lieu
from langnghe.lien_ket import (
    chain_table,
    cluster_kf,
    flow_weighted_mean,
    group_purchase,
    group_saving,
    load_kg_per_day,
    next_break,
    price_build_up,
    share_costs,
    tier_price,
    unit_costs,
)

BREAKS = pd.DataFrame({"tu_kg": [0, 50, 200, 500], "don_gia": [1_850_000, 1_800_000, 1_760_000, 1_720_000]})


# ------------------------------------------------------------------ tier prices
@pytest.mark.parametrize("kg, price", [(0, 1_850_000), (49.9, 1_850_000), (50, 1_800_000), (199, 1_800_000),
                                       (200, 1_760_000), (500, 1_720_000), (5_000, 1_720_000)])
def test_an_order_exactly_on_a_break_gets_that_breaks_price(kg, price):
    assert tier_price(kg, BREAKS) == price


def test_breaks_can_be_given_as_pairs_in_any_order():
    assert tier_price(200, [(500, 1_720_000), (0, 1_850_000), (200, 1_760_000)]) == 1_760_000


def test_a_negative_quantity_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="không âm"):
        tier_price(-1, BREAKS)


def test_a_price_table_without_a_zero_tier_is_refused():
    with pytest.raises(ValueError, match="0 kg"):
        tier_price(10, [(50, 1_800_000)])


def test_next_break_says_how_many_kilos_are_missing():
    assert next_break(495, BREAKS) == (5, 1_720_000)
    assert next_break(200, BREAKS) == (300, 1_720_000)
    assert next_break(500, BREAKS) is None


# ------------------------------------------------------------------ group purchase
def test_group_order_saves_the_difference_of_alone_and_together():
    volumes = pd.Series({"A": 25, "B": 165, "C": 310})
    table = group_purchase(volumes, BREAKS)
    alone = 25 * 1_850_000 + 165 * 1_800_000 + 310 * 1_760_000
    assert table["tien_mua_le"].sum() == alone
    assert table["tien_tra_nhom"].sum() == 500 * 1_720_000
    assert group_saving(volumes, BREAKS) == pytest.approx(alone - 500 * 1_720_000)


def test_nobody_pays_more_than_alone_with_either_split():
    table = group_purchase(pd.Series({"A": 10, "B": 60, "C": 210, "D": 300}), BREAKS)
    assert (table["tien_tra_nhom"] <= table["tien_mua_le"]).all()
    assert (table["tien_tra_chia_deu"] <= table["tien_mua_le"]).all()
    assert table["tien_tra_chia_deu"].sum() == pytest.approx(table["tien_tra_nhom"].sum())


def test_equal_saving_split_gives_every_kilo_the_same_saving():
    table = group_purchase(pd.Series({"A": 10, "B": 60, "C": 430}), BREAKS)
    per_kilo = (table["tien_mua_le"] - table["tien_tra_chia_deu"]) / table["so_kg"]
    assert per_kilo.nunique() == 1 or per_kilo.max() - per_kilo.min() < 1e-6


def test_a_member_who_buys_nothing_pays_nothing():
    table = group_purchase(pd.Series({"A": 0, "B": 500}), BREAKS)
    assert table.loc["A", "tien_tra_nhom"] == 0 and table.loc["A", "tien_tra_chia_deu"] == 0


def test_an_empty_month_saves_nothing():
    assert group_saving([0, 0], BREAKS) == 0


# ------------------------------------------------------------------ value chain
def test_chain_table_shares_and_materials_add_up_to_the_retail_price():
    survey = tai_du_lieu("chuoi_gia_tri")
    table = chain_table(survey, "Khăn lụa tơ tằm 180 × 55 cm")
    assert list(table.index) == ["Hộ sản xuất", "Người thu gom", "Cơ sở bán buôn", "Cửa hàng bán lẻ"]
    assert price_build_up(table).sum() == pytest.approx(table["gia_ban"].iloc[-1])
    assert (table["lai_rong"] == table["bien_gop"] - table["chi_phi_khac"]).all()


def test_an_unknown_product_lists_the_known_ones():
    with pytest.raises(ValueError, match="Khăn lụa"):
        chain_table(tai_du_lieu("chuoi_gia_tri"), "Áo dài")


# ------------------------------------------------------------------ shared plant
def test_load_is_flow_times_concentration_over_a_thousand():
    assert load_kg_per_day(100, 1_500) == 150


def test_flow_weighted_mean_weights_by_flow_not_by_count():
    assert flow_weighted_mean([1_600, 300], [150, 5]) == pytest.approx((150 * 1_600 + 5 * 300) / 155)
    with pytest.raises(ValueError):
        flow_weighted_mean([100], [0])


def test_combined_flow_takes_a_smaller_kf_than_small_workshops():
    assert cluster_kf(40, "2025-10-15") == 1.2
    assert cluster_kf(500, "2025-10-15") == 1.1
    assert cluster_kf(836.5, "2025-10-15") == 1.0


def test_unit_costs():
    assert unit_costs(3_000_000, 1_000, 1_500) == (3_000, 2_000)
    with pytest.raises(ValueError):
        unit_costs(1, 0, 1)


def test_cost_shares_add_up_and_follow_the_weight():
    flow = pd.Series({"nhuộm": 150.0, "dệt": 5.0, "mới": 0.0})
    load = pd.Series({"nhuộm": 240.0, "dệt": 2.0, "mới": 0.0})
    for weight in (0, 0.3, 0.5, 1):
        part = share_costs(flow, load, 1_000_000, weight)
        assert part.sum() == pytest.approx(1_000_000)
        assert part["mới"] == 0
    assert share_costs(flow, load, 1_000_000, 1)["dệt"] == pytest.approx(1_000_000 * 5 / 155)
    assert share_costs(flow, load, 1_000_000, 0)["dệt"] == pytest.approx(1_000_000 * 2 / 242)
    with pytest.raises(ValueError):
        share_costs(flow, load, 1, 1.5)


# ------------------------------------------------------------------ calculators
def test_group_purchase_calculator_builds_with_the_course_data():
    from langnghe.may_tinh import may_tinh_mua_chung

    widget = may_tinh_mua_chung()
    sliders = widget.children[1].children[0].children + widget.children[1].children[1].children
    assert len(sliders) == 11


def test_cost_sharing_calculator_builds_with_the_course_data():
    from langnghe.may_tinh import may_tinh_chia_chi_phi

    water = tai_du_lieu("nuoc_thai_cum")
    water["cod_kg_ngay"] = water["luu_luong_m3_ngay"] * water["cod_mg_l"] / 1000
    members = water.groupby("ten_co_so")[["luu_luong_m3_ngay", "cod_kg_ngay"]].mean()
    widget = may_tinh_chia_chi_phi(members, tai_du_lieu("chi_phi_tram_xu_ly"))
    widget.children[0].value = 0
    widget.children[1].value = False
