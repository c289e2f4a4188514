"""Module 4 arithmetic: balances, QCVN 40:2011 coefficients at every table boundary, option economics, CO2."""

from __future__ import annotations

import math

import pytest

from langnghe import san_xuat_sach_hon as cp
from langnghe import tham_so
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
    assert cp.balance_closure([3000, 50], [2600, 150, 200, 50]) == pytest.approx(3000 / 3050)
    assert cp.unaccounted([3000, 50], [2600, 150, 200, 50]) == 50


def test_balance_closure_refuses_empty_inputs():
    with pytest.raises(ValueError, match="lớn hơn 0"):
        cp.balance_closure([], [10])


# ------------------------------------------------------------------ Kq, Kf, Cmax at the boundaries
@pytest.mark.parametrize("flow, expected", [(0, 0.9), (50, 0.9), (50.0001, 1.0), (200, 1.0), (200.0001, 1.1),
                                            (500, 1.1), (500.0001, 1.2), (1e6, 1.2)])
def test_river_kq_at_each_boundary(flow, expected):
    assert cp.kq(flow, cp.RIVER) == expected


@pytest.mark.parametrize("volume, expected", [(0, 0.6), (1e7, 0.6), (1e7 + 1, 0.8), (1e8, 0.8), (1e8 + 1, 1.0)])
def test_lake_kq_at_each_boundary(volume, expected):
    assert cp.kq(volume, cp.LAKE) == expected


@pytest.mark.parametrize("discharge, expected", [(0, 1.2), (50, 1.2), (50.5, 1.1), (500, 1.1), (501, 1.0),
                                                 (5000, 1.0), (5000.5, 0.9), (1e6, 0.9)])
def test_kf_at_each_boundary(discharge, expected):
    assert cp.kf(discharge) == expected


def test_kq_refuses_an_unknown_source_and_a_negative_flow():
    with pytest.raises(ValueError, match="sông"):
        cp.kq(10, "biển")
    with pytest.raises(ValueError, match="không âm"):
        cp.kq(-1, cp.RIVER)
    with pytest.raises(TypeError):
        cp.kf("500")


def test_cmax_multiplies_c_by_kq_and_kf():
    assert cp.cmax("cod", "B", 500, 48) == pytest.approx(150 * 0.9 * 1.1)
    assert cp.cmax("cod", "B", 501, 48) == pytest.approx(150 * 0.9 * 1.0)
    assert cp.cmax("cr6", "B", 52, 8_500_000, cp.LAKE) == pytest.approx(0.1 * 0.6 * 1.1)


def test_colour_and_ph_ignore_the_coefficients():
    assert cp.cmax("mau", "A", 10, 1e9, cp.LAKE) == 50
    assert cp.cmax("mau", "B", 10_000, 10) == 150
    assert cp.cmax("ph", "B", 500, 48) == (5.5, 9.0)


def test_exceedance_is_strictly_above_the_limit_and_outside_the_ph_range():
    assert not cp.exceeds(148.5, 148.5) and cp.exceeds(148.6, 148.5)
    assert cp.exceedance_ratio(165, 150) == pytest.approx(1.1)
    assert cp.exceeds(9.1, (5.5, 9.0)) and cp.exceeds(5.4, (5.5, 9.0)) and not cp.exceeds(9.0, (5.5, 9.0))
    assert math.isnan(cp.exceedance_ratio(7, (5.5, 9.0)))


@pytest.mark.parametrize("date, existing, expected", [
    ("2025-08-31", False, "QCVN 40:2011/BTNMT"),
    ("2025-09-01", False, "QCVN 40:2025/BTNMT"),
    ("2025-09-01", True, "QCVN 40:2011/BTNMT"),
    ("2031-12-31", True, "QCVN 40:2011/BTNMT"),
    ("2032-01-01", True, "QCVN 40:2025/BTNMT"),
])
def test_existing_facilities_keep_the_2011_standard_until_the_end_of_2031(date, existing, expected):
    assert cp.applicable_standard(date, existing) == expected


# ------------------------------------------------------------------ option economics
def test_payback_npv_and_irr_of_a_known_option():
    assert cp.payback(150e6, 120e6) == pytest.approx(1.25)
    assert cp.payback(10, 0) == math.inf
    assert cp.npv(0.10, 150e6, 120e6, 8) == pytest.approx(490_191_143.748, abs=0.01)
    assert cp.npv(0, 100, 30, 5) == pytest.approx(50)
    assert cp.npv(0.1, 100, 50, 0) == -100
    assert cp.irr(100, 110, 1) == pytest.approx(0.1, abs=1e-7)
    assert cp.npv(cp.irr(150e6, 120e6, 8), 150e6, 120e6, 8) == pytest.approx(0, abs=1)


def test_irr_can_be_zero_or_negative_and_says_when_there_is_none():
    assert cp.irr(100, 50, 2) == pytest.approx(0, abs=1e-7)
    assert cp.irr(100, 40, 2) < 0
    with pytest.raises(ValueError, match="IRR"):
        cp.irr(100, 0, 5)


def test_weighted_score_is_the_weighted_mean_of_the_criteria():
    scores = {"kinh_te": 5, "moi_truong": 3, "de_lam": 1}
    assert cp.weighted_score(scores, {"kinh_te": 0.5, "moi_truong": 0.3, "de_lam": 0.2}) == pytest.approx(3.6)
    assert cp.weighted_score(scores, {"kinh_te": 1, "moi_truong": 1, "de_lam": 0}) == pytest.approx(4)


# ------------------------------------------------------------------ fuel
def test_co2_of_a_tonne_of_coal_and_of_lpg_with_ipcc_defaults():
    assert cp.fuel_co2_tonnes("than", 1000) == pytest.approx(25.8 * 94.6 / 1000)
    assert cp.fuel_co2_tonnes("lpg", 1000) == pytest.approx(47.3 * 63.1 / 1000)
    assert cp.fuel_energy_mj("lpg", 10) == pytest.approx(473)


def test_unknown_fuel_lists_the_available_ones():
    with pytest.raises(KeyError, match="lpg"):
        cp.fuel_co2_tonnes("củi", 10)


# ------------------------------------------------------------------ calculator
def test_checker_gives_the_verdict_and_the_standard_for_the_date():
    html = danh_gia_mau("cod", "B", 160, 500, 48, cp.RIVER, "2025-10-01", True)
    assert "148,5" in html and "VƯỢT" in html and "QCVN 40:2011/BTNMT" in html
    html = danh_gia_mau("cod", "B", 130, 501, 48, cp.RIVER, "2025-10-01", False)
    assert "135" in html and "Đạt" in html and "QCVN 40:2025/BTNMT" in html
    assert "không nhân" in danh_gia_mau("mau", "A", 40, 500, 48)


def test_checker_widget_builds_and_recomputes_when_a_control_changes():
    widget = may_kiem_tra_nuoc_thai()
    controls = widget.children[0].children[0].children + widget.children[0].children[1].children
    discharge = next(c for c in controls if c.description.startswith("F xả"))
    discharge.value = 501.0  # must not raise
    source = next(c for c in controls if c.description == "Nguồn nhận")
    source.value = cp.LAKE
    flow = next(c for c in controls if c.description.startswith("V hồ"))
    assert flow.value == 5_000_000.0
