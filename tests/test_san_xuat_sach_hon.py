"""Module 4 arithmetic: balances, QCVN 40:2011 coefficients at every table boundary, option economics, CO2.

The functions that only tests call are checked against the numbers lesson 04.x or bt04 computes.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from langnghe import san_xuat_sach_hon as cp
from langnghe import tai_du_lieu, tham_so
from langnghe.may_tinh import may_kiem_tra_nuoc_thai
from langnghe.may_tinh.san_xuat_sach_hon import danh_gia_mau

DAY = "2025-06-01"


# ------------------------------------------------------------------ parameters
def test_qcvn40_2011_limits_match_the_course_table():
    limits = tham_so("qcvn40_2011_gioi_han", DAY)["thong_so"]
    expected = {"bod5": (30, 50), "cod": (75, 150), "tss": (50, 100), "mau": (50, 150), "tong_n": (20, 40),
                "tong_p": (4, 6), "amoni": (5, 10), "cr6": (0.05, 0.1), "pb": (0.1, 0.5), "cd": (0.05, 0.1),
                "hg": (0.005, 0.01), "cu": (2, 2), "zn": (3, 3), "ni": (0.2, 0.5), "fe": (1, 5)}
    for code, (a, b) in expected.items():
        assert (limits[code]["A"], limits[code]["B"]) == (a, b), code
    assert limits["ph"]["A"] == [6.0, 9.0] and limits["ph"]["B"] == [5.5, 9.0]


def test_ph_colour_temperature_and_coliform_take_cmax_equal_c():
    assert set(tham_so("qcvn40_2011_gioi_han", DAY)["cmax_bang_c"]) == {"ph", "mau", "nhiet_do", "coliform"}


def test_coefficient_tables_are_kept_as_medium_confidence_tables_ending_at_infinity():
    kq, kf = tham_so("qcvn40_2011_he_so_kq", DAY), tham_so("qcvn40_2011_he_so_kf", DAY)
    for table in (kq["song"], kq["ho"], kf["bang"]):
        bounds = [row["den"] for row in table]
        assert bounds == sorted(bounds) and math.isinf(bounds[-1])
    assert kq["do_tin_cay"] == kf["do_tin_cay"] == "trung bình"


def test_successor_standard_is_in_force_from_1_september_2025_with_transition_to_2031():
    assert tham_so("quy_chuan_nuoc_thai_cong_nghiep", "2025-08-31")["quy_chuan"] == "QCVN 40:2011/BTNMT"
    successor = tham_so("quy_chuan_nuoc_thai_cong_nghiep", "2025-09-01")
    assert successor["quy_chuan"] == "QCVN 40:2025/BTNMT"
    assert successor["ap_dung_cu_den"].isoformat() == "2031-12-31"


def test_ipcc_2006_defaults_are_those_of_the_course():
    fuels = tham_so("ipcc_2006_nhien_lieu", DAY)["nhien_lieu"]
    assert (fuels["than"]["ncv_tj_gg"], fuels["than"]["ef_t_co2_tj"]) == (25.8, 94.6)
    assert (fuels["lpg"]["ncv_tj_gg"], fuels["lpg"]["ef_t_co2_tj"]) == (47.3, 63.1)
    assert fuels["khi_tu_nhien"]["ef_t_co2_tj"] == 56.1


# ------------------------------------------------------------------ balance
def test_balance_closure_is_outputs_over_inputs():
    assert cp.do_khep_kin([3000, 50], [2600, 150, 200, 50]) == pytest.approx(3000 / 3050)
    assert cp.luong_khong_ro([3000, 50], [2600, 150, 200, 50]) == 50


def test_balance_of_batch_m100_is_the_one_lesson_04_2_computes():
    m100 = tai_du_lieu("me_san_xuat_giay").set_index("ma_me").loc["M100"]
    vao = [m100["phe_lieu_kg"], m100["hoa_chat_kg"]]
    ra = [m100["san_pham_kg"], m100["tap_chat_kg"], m100["xo_soi_nuoc_thai_kg"], m100["bun_kg"]]
    tong_vao, tong_ra = sum(vao), sum(ra)  # the lesson's steps
    assert cp.do_khep_kin(vao, ra) == pytest.approx(tong_ra / tong_vao, rel=1e-12)
    assert cp.luong_khong_ro(vao, ra) == pytest.approx(tong_vao - tong_ra, abs=1e-9)


def test_balance_closure_refuses_empty_inputs():
    with pytest.raises(ValueError, match="lớn hơn 0"):
        cp.do_khep_kin([], [10])


# ------------------------------------------------------------------ Kq, Kf, Cmax at the boundaries
@pytest.mark.parametrize("flow, expected", [(0, 0.9), (50, 0.9), (50.0001, 1.0), (200, 1.0), (200.0001, 1.1),
                                            (500, 1.1), (500.0001, 1.2), (1e6, 1.2)])
def test_river_kq_at_each_boundary(flow, expected):
    assert cp.kq(flow, cp.SONG) == expected


@pytest.mark.parametrize("volume, expected", [(0, 0.6), (1e7, 0.6), (1e7 + 1, 0.8), (1e8, 0.8), (1e8 + 1, 1.0)])
def test_lake_kq_at_each_boundary(volume, expected):
    assert cp.kq(volume, cp.HO) == expected


@pytest.mark.parametrize("discharge, expected", [(0, 1.2), (50, 1.2), (50.5, 1.1), (500, 1.1), (501, 1.0),
                                                 (5000, 1.0), (5000.5, 0.9), (1e6, 0.9)])
def test_kf_at_each_boundary(discharge, expected):
    assert cp.kf(discharge) == expected


def test_kq_refuses_an_unknown_source_and_a_negative_flow():
    with pytest.raises(ValueError, match="sông"):
        cp.kq(10, "biển")
    with pytest.raises(ValueError, match="không âm"):
        cp.kq(-1, cp.SONG)
    with pytest.raises(TypeError):
        cp.kf("500")


def test_cmax_multiplies_c_by_kq_and_kf():
    assert cp.cmax("cod", "B", 500, 48) == pytest.approx(150 * 0.9 * 1.1)
    assert cp.cmax("cod", "B", 501, 48) == pytest.approx(150 * 0.9 * 1.0)
    assert cp.cmax("cr6", "B", 52, 8_500_000, cp.HO) == pytest.approx(0.1 * 0.6 * 1.1)


def test_colour_and_ph_ignore_the_coefficients():
    assert cp.cmax("mau", "A", 10, 1e9, cp.HO) == 50
    assert cp.cmax("mau", "B", 10_000, 10) == 150
    assert cp.cmax("ph", "B", 500, 48) == (5.5, 9.0)


def test_exceedance_is_strictly_above_the_limit_and_outside_the_ph_range():
    assert not cp.vuot_gioi_han(148.5, 148.5) and cp.vuot_gioi_han(148.6, 148.5)
    assert cp.ty_le_vuot(165, 150) == pytest.approx(1.1)
    assert cp.vuot_gioi_han(9.1, (5.5, 9.0)) and cp.vuot_gioi_han(5.4, (5.5, 9.0)) and not cp.vuot_gioi_han(9.0, (5.5, 9.0))
    assert math.isnan(cp.ty_le_vuot(7, (5.5, 9.0)))


@pytest.mark.parametrize("date, existing, expected", [
    ("2025-08-31", False, "QCVN 40:2011/BTNMT"),
    ("2025-09-01", False, "QCVN 40:2025/BTNMT"),
    ("2025-09-01", True, "QCVN 40:2011/BTNMT"),
    ("2031-12-31", True, "QCVN 40:2011/BTNMT"),
    ("2032-01-01", True, "QCVN 40:2025/BTNMT"),
])
def test_existing_facilities_keep_the_2011_standard_until_the_end_of_2031(date, existing, expected):
    assert cp.quy_chuan_ap_dung(date, existing) == expected


# ------------------------------------------------------------------ option economics
def test_payback_npv_and_irr_of_a_known_option():
    assert cp.thoi_gian_hoan_von(150e6, 120e6) == pytest.approx(1.25)
    assert cp.thoi_gian_hoan_von(10, 0) == math.inf
    assert cp.npv(0.10, 150e6, 120e6, 8) == pytest.approx(490_191_143.748, abs=0.01)
    assert cp.npv(0, 100, 30, 5) == pytest.approx(50)
    assert cp.npv(0.1, 100, 50, 0) == -100
    assert cp.irr(100, 110, 1) == pytest.approx(0.1, abs=1e-7)
    assert cp.npv(cp.irr(150e6, 120e6, 8), 150e6, 120e6, 8) == pytest.approx(0, abs=1)


def test_payback_npv_irr_and_weighted_score_of_the_options_are_those_of_lesson_04_4_and_bt04():
    pa = tai_du_lieu("phuong_an_sxsh").set_index("ma_pa")
    r = tham_so("lai_suat_chiet_khau_sxsh", "2025-06-01")["lai_suat_nam"]

    def von_tiet_kiem_nam(ma):
        p = pa.loc[ma]
        return p["von_dau_tu"], p["tiet_kiem_nam"], p["tuoi_tho_nam"]

    # bt04, question xep_hang (hidden tests), and lesson 04.4's gia_tri_hien_tai_rong and tim_irr
    assert cp.npv(r, *von_tiet_kiem_nam("PA09")) == pytest.approx(490_191_143.7483196, abs=0.01)
    assert cp.npv(r, *von_tiet_kiem_nam("PA07")) == pytest.approx(-10_311_033.229362682, abs=0.01)
    assert cp.irr(*von_tiet_kiem_nam("PA09")) == pytest.approx(0.7924936471768886, abs=1e-6)
    assert cp.thoi_gian_hoan_von(*von_tiet_kiem_nam("PA03")[:2]) == pytest.approx(6 / 45, abs=1e-6)
    assert cp.thoi_gian_hoan_von(*von_tiet_kiem_nam("PA08")[:2]) == pytest.approx(90 / 31, abs=1e-6)
    # lesson 04.4, section 6: diem_tong with the owner's weights (they add up to 1)
    trong_so = {"diem_kinh_te": 0.5, "diem_moi_truong": 0.3, "diem_de_lam": 0.2}
    npv = pd.Series([cp.npv(r, *von_tiet_kiem_nam(ma)) for ma in pa.index], index=pa.index)
    pa["diem_kinh_te"] = 1 + 4 * (npv - npv.min()) / (npv.max() - npv.min())
    diem_tong = sum(trong_so[tieu_chi] * pa[tieu_chi] for tieu_chi in trong_so)
    for ma, p in pa.iterrows():
        assert cp.diem_co_trong_so(p[list(trong_so)].to_dict(), trong_so) == pytest.approx(diem_tong[ma], rel=1e-12)


def test_irr_can_be_zero_or_negative_and_says_when_there_is_none():
    assert cp.irr(100, 50, 2) == pytest.approx(0, abs=1e-7)
    assert cp.irr(100, 40, 2) < 0
    with pytest.raises(ValueError, match="IRR"):
        cp.irr(100, 0, 5)


def test_weighted_score_is_the_weighted_mean_of_the_criteria():
    scores = {"kinh_te": 5, "moi_truong": 3, "de_lam": 1}
    assert cp.diem_co_trong_so(scores, {"kinh_te": 0.5, "moi_truong": 0.3, "de_lam": 0.2}) == pytest.approx(3.6)
    assert cp.diem_co_trong_so(scores, {"kinh_te": 1, "moi_truong": 1, "de_lam": 0}) == pytest.approx(4)


# ------------------------------------------------------------------ fuel
def test_co2_of_a_tonne_of_coal_and_of_lpg_with_ipcc_defaults():
    assert cp.tan_co2_khi_dot("than", 1000) == pytest.approx(25.8 * 94.6 / 1000)
    assert cp.tan_co2_khi_dot("lpg", 1000) == pytest.approx(47.3 * 63.1 / 1000)
    assert cp.nhiet_luong_mj("lpg", 10) == pytest.approx(473)


def test_coal_heat_and_kiln_co2_are_those_of_lessons_04_2_and_04_4():
    ipcc = tham_so("ipcc_2006_nhien_lieu", "2025-01-01")["nhien_lieu"]
    than_kg = tai_du_lieu("me_san_xuat_giay")["than_kg"].sum()
    assert cp.nhiet_luong_mj("than", than_kg) == pytest.approx(than_kg * ipcc["than"]["ncv_tj_gg"])  # 04.2 nhiet_vao
    lo = tai_du_lieu("nhien_lieu_lo_nung").groupby("lo")["nhien_lieu_kg"].sum()
    for ten_lo, nl in (("Lò than", "than"), ("Lò gas", "lpg")):  # 04.4 co2_than, tan_co2_moi_1000_loai_1
        assert cp.tan_co2_khi_dot(nl, lo[ten_lo]) == pytest.approx(
            lo[ten_lo] / 1e6 * ipcc[nl]["ncv_tj_gg"] * ipcc[nl]["ef_t_co2_tj"])


def test_unknown_fuel_lists_the_available_ones():
    with pytest.raises(KeyError, match="lpg"):
        cp.tan_co2_khi_dot("củi", 10)


# ------------------------------------------------------------------ calculator
def test_checker_gives_the_verdict_and_the_standard_for_the_date():
    html = danh_gia_mau("cod", "B", 160, 500, 48, cp.SONG, "2025-10-01", True)
    assert "148,5" in html and "VƯỢT" in html and "QCVN 40:2011/BTNMT" in html
    html = danh_gia_mau("cod", "B", 130, 501, 48, cp.SONG, "2025-10-01", False)
    assert "135" in html and "Đạt" in html and "QCVN 40:2025/BTNMT" in html
    assert "không nhân" in danh_gia_mau("mau", "A", 40, 500, 48)


def test_checker_widget_builds_and_recomputes_when_a_control_changes():
    widget = may_kiem_tra_nuoc_thai()
    controls = widget.children[0].children[0].children + widget.children[0].children[1].children
    discharge = next(c for c in controls if c.description.startswith("Lưu lượng xả F"))
    discharge.value = 501.0  # must not raise
    source = next(c for c in controls if c.description == "Nguồn tiếp nhận")
    source.value = cp.HO
    flow = next(c for c in controls if c.description.startswith("Thể tích hồ V"))
    assert flow.value == 5_000_000.0
