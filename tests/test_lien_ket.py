"""Module 6 arithmetic: value-chain margins, tier prices, group-purchase splits, a shared plant's costs."""

from __future__ import annotations

import pandas as pd
import pytest

from langnghe import tai_du_lieu
from langnghe.lien_ket import (
    bac_gia_tiep_theo,
    bang_chuoi_gia_tri,
    bang_mua_chung,
    chi_phi_don_vi,
    chia_chi_phi,
    co_cau_gia,
    don_gia_theo_bac,
    nong_do_hon_hop,
    tai_luong_kg_ngay,
    tiet_kiem_mua_chung,
)
from langnghe.san_xuat_sach_hon import kf

BREAKS = pd.DataFrame({"tu_kg": [0, 50, 200, 500], "don_gia": [1_850_000, 1_800_000, 1_760_000, 1_720_000]})


# ------------------------------------------------------------------ tier prices
@pytest.mark.parametrize("kg, price", [(0, 1_850_000), (49.9, 1_850_000), (50, 1_800_000), (199, 1_800_000),
                                       (200, 1_760_000), (500, 1_720_000), (5_000, 1_720_000)])
def test_an_order_exactly_on_a_break_gets_that_breaks_price(kg, price):
    assert don_gia_theo_bac(kg, BREAKS) == price


def test_breaks_can_be_given_as_pairs_in_any_order():
    assert don_gia_theo_bac(200, [(500, 1_720_000), (0, 1_850_000), (200, 1_760_000)]) == 1_760_000


def test_a_negative_quantity_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="không âm"):
        don_gia_theo_bac(-1, BREAKS)


def test_a_price_table_without_a_zero_tier_is_refused():
    with pytest.raises(ValueError, match="0 kg"):
        don_gia_theo_bac(10, [(50, 1_800_000)])


def test_next_break_says_how_many_kilos_are_missing():
    assert bac_gia_tiep_theo(495, BREAKS) == (5, 1_720_000)
    assert bac_gia_tiep_theo(200, BREAKS) == (300, 1_720_000)
    assert bac_gia_tiep_theo(500, BREAKS) is None


# ------------------------------------------------------------------ group purchase
def test_group_order_saves_the_difference_of_alone_and_together():
    volumes = pd.Series({"A": 25, "B": 165, "C": 310})
    table = bang_mua_chung(volumes, BREAKS)
    alone = 25 * 1_850_000 + 165 * 1_800_000 + 310 * 1_760_000
    assert table["tien_mua_le"].sum() == alone
    assert table["tien_tra_nhom"].sum() == 500 * 1_720_000
    assert tiet_kiem_mua_chung(volumes, BREAKS) == pytest.approx(alone - 500 * 1_720_000)


def test_nobody_pays_more_than_alone_with_either_split():
    table = bang_mua_chung(pd.Series({"A": 10, "B": 60, "C": 210, "D": 300}), BREAKS)
    assert (table["tien_tra_nhom"] <= table["tien_mua_le"]).all()
    assert (table["tien_tra_chia_deu"] <= table["tien_mua_le"]).all()
    assert table["tien_tra_chia_deu"].sum() == pytest.approx(table["tien_tra_nhom"].sum())


def test_equal_saving_split_gives_every_kilo_the_same_saving():
    table = bang_mua_chung(pd.Series({"A": 10, "B": 60, "C": 430}), BREAKS)
    per_kilo = (table["tien_mua_le"] - table["tien_tra_chia_deu"]) / table["so_kg"]
    assert per_kilo.nunique() == 1 or per_kilo.max() - per_kilo.min() < 1e-6


def test_a_member_who_buys_nothing_pays_nothing():
    table = bang_mua_chung(pd.Series({"A": 0, "B": 500}), BREAKS)
    assert table.loc["A", "tien_tra_nhom"] == 0 and table.loc["A", "tien_tra_chia_deu"] == 0


def test_an_empty_month_saves_nothing():
    assert tiet_kiem_mua_chung([0, 0], BREAKS) == 0


# ------------------------------------------------------------------ value chain
def test_chain_table_shares_and_materials_add_up_to_the_retail_price():
    survey = tai_du_lieu("chuoi_gia_tri")
    table = bang_chuoi_gia_tri(survey, "Khăn lụa tơ tằm 180 × 55 cm")
    assert list(table.index) == ["Hộ sản xuất", "Người thu gom", "Cơ sở bán buôn", "Cửa hàng bán lẻ"]
    assert co_cau_gia(table).sum() == pytest.approx(table["gia_ban"].iloc[-1])
    assert (table["lai_rong"] == table["bien_gop"] - table["chi_phi_khac"]).all()


def test_an_unknown_product_lists_the_known_ones():
    with pytest.raises(ValueError, match="Khăn lụa"):
        bang_chuoi_gia_tri(tai_du_lieu("chuoi_gia_tri"), "Áo dài")


# ------------------------------------------------------------------ shared plant
def test_load_is_flow_times_concentration_over_a_thousand():
    assert tai_luong_kg_ngay(100, 1_500) == 150


def test_flow_weighted_mean_weights_by_flow_not_by_count():
    assert nong_do_hon_hop([1_600, 300], [150, 5]) == pytest.approx((150 * 1_600 + 5 * 300) / 155)
    with pytest.raises(ValueError):
        nong_do_hon_hop([100], [0])


def test_combined_flow_takes_a_smaller_kf_than_small_workshops():
    # module 4's kf, as lesson 6.3 and bt06 call it (positional arguments)
    assert kf(40, "2025-10-15") == 1.2
    assert kf(500, "2025-10-15") == 1.1
    assert kf(836.5, "2025-10-15") == 1.0


def test_unit_costs():
    assert chi_phi_don_vi(3_000_000, 1_000, 1_500) == (3_000, 2_000)
    with pytest.raises(ValueError):
        chi_phi_don_vi(1, 0, 1)


def test_cost_shares_add_up_and_follow_the_weight():
    flow = pd.Series({"nhuộm": 150.0, "dệt": 5.0, "mới": 0.0})
    load = pd.Series({"nhuộm": 240.0, "dệt": 2.0, "mới": 0.0})
    for weight in (0, 0.3, 0.5, 1):
        part = chia_chi_phi(flow, load, 1_000_000, weight)
        assert part.sum() == pytest.approx(1_000_000)
        assert part["mới"] == 0
    assert chia_chi_phi(flow, load, 1_000_000, 1)["dệt"] == pytest.approx(1_000_000 * 5 / 155)
    assert chia_chi_phi(flow, load, 1_000_000, 0)["dệt"] == pytest.approx(1_000_000 * 2 / 242)
    with pytest.raises(ValueError):
        chia_chi_phi(flow, load, 1, 1.5)


# ------------------------------------------------------------------ the same numbers as lessons 6.1-6.3 and bt06
# Each function here computes a quantity the lessons or the assignment compute step by step; the
# expected numbers are those of bt06's hidden tests.
KHAN = "Khăn lụa tơ tằm 180 × 55 cm"


def test_value_chain_numbers_are_those_of_bt06():
    bang = bang_chuoi_gia_tri(tai_du_lieu("chuoi_gia_tri"), KHAN)
    assert bang.loc["Cửa hàng bán lẻ", "bien_gop"] == pytest.approx(136_933.33333333337, abs=1)  # bien_gop_ban_le
    ty_trong = {"Hộ sản xuất": 0.19907333439846617, "Người thu gom": 0.06278958300047931,
                "Cơ sở bán buôn": 0.1094424029397667, "Cửa hàng bán lẻ": 0.3281674388880014}  # ty_trong_bien_gop
    for tac_nhan, dung in ty_trong.items():
        assert bang.loc[tac_nhan, "ty_trong"] == pytest.approx(dung, rel=1e-6)
        assert co_cau_gia(bang)[tac_nhan] / bang["gia_ban"].iloc[-1] == pytest.approx(dung, rel=1e-6)


def test_group_purchase_numbers_are_those_of_bt06():
    mua = tai_du_lieu("mua_chung")
    thang_10 = mua[mua["thang"] == 10].set_index("ma_co_so")["so_kg"]
    bac_gia = tai_du_lieu("bac_gia_to")
    assert tiet_kiem_mua_chung(thang_10, bac_gia) == pytest.approx(68_450_000, abs=1)  # tiet_kiem_thang_10
    bang = bang_mua_chung(thang_10, bac_gia)
    assert bang["tien_tra_nhom"].sum() == pytest.approx(1_444_800_000, abs=1)  # chia_tien_mua_chung(thang 10)
    assert bang.loc["TH12", "tien_tra_nhom"] == pytest.approx(43_000_000, abs=1)


def test_shared_plant_numbers_are_those_of_lesson_6_3_and_bt06():
    nuoc_thai = tai_du_lieu("nuoc_thai_cum")
    ngay_15_10 = nuoc_thai[nuoc_thai["ngay_lay_mau"] == "2025-10-15"]
    tai_luong = tai_luong_kg_ngay(ngay_15_10["luu_luong_m3_ngay"], ngay_15_10["cod_mg_l"])
    assert tai_luong.sum() == pytest.approx(1033.3271, abs=0.01)  # tai_luong_cod
    assert nong_do_hon_hop(ngay_15_10["cod_mg_l"], ngay_15_10["luu_luong_m3_ngay"]) == pytest.approx(
        1235.298386132696, abs=0.01)  # cod_hon_hop
    assert kf(ngay_15_10["luu_luong_m3_ngay"].sum(), "2025-10-15") == 1.0  # 6.3: Kf of the whole cluster

    nuoc_thai["cod_kg_ngay"] = tai_luong_kg_ngay(nuoc_thai["luu_luong_m3_ngay"], nuoc_thai["cod_mg_l"])
    trung_binh = nuoc_thai.groupby("ma_co_so")[["luu_luong_m3_ngay", "cod_kg_ngay"]].mean()
    tong_chi_phi = tai_du_lieu("chi_phi_tram_xu_ly")["chi_phi_nam"].sum()
    moi_m3, moi_kg = chi_phi_don_vi(tong_chi_phi, trung_binh["luu_luong_m3_ngay"].sum() * 300,
                                    trung_binh["cod_kg_ngay"].sum() * 300)
    assert moi_m3 == pytest.approx(14_802.745382512137, abs=1)  # chi_phi_moi_m3
    assert moi_kg == pytest.approx(12_552.819389828308, abs=1)  # chi_phi_moi_kg_cod
    phan = chia_chi_phi(trung_binh["luu_luong_m3_ngay"], trung_binh["cod_kg_ngay"], 3_316_000_000, 0.5)
    assert phan["TH13"] == pytest.approx(770_708_739.83, abs=1)  # chia_chi_phi in the cluster
    assert phan["TH12"] == pytest.approx(13_687_665.66, abs=1)


# ------------------------------------------------------------------ calculators
def test_group_purchase_calculator_builds_with_the_course_data():
    from langnghe.may_tinh import may_tinh_mua_chung

    widget = may_tinh_mua_chung()
    sliders = widget.children[2].children[0].children + widget.children[2].children[1].children
    assert len(sliders) == 11
    assert list(widget.nhap["so_kg"].values()) == list(sliders)


def test_cost_sharing_calculator_builds_with_the_course_data():
    from langnghe.may_tinh import may_tinh_chia_chi_phi

    water = tai_du_lieu("nuoc_thai_cum")
    water["cod_kg_ngay"] = water["luu_luong_m3_ngay"] * water["cod_mg_l"] / 1000
    members = water.groupby("ten_co_so")[["luu_luong_m3_ngay", "cod_kg_ngay"]].mean()
    widget = may_tinh_chia_chi_phi(members, tai_du_lieu("chi_phi_tram_xu_ly"))
    widget.nhap["chia_theo_m3"].value = 0
    widget.nhap["khau_hao"].value = False
