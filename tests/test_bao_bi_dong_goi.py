"""The packaging arithmetic of module 3 and its dated parameters."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from langnghe import tham_so
from langnghe.bao_bi_dong_goi import (
    G,
    box_perimeter_mm,
    drop_height_cm,
    empty_space_ratio,
    fefco_0201_blank,
    flute_thickness_mm,
    max_layers,
    mckee_bct_n,
    missing_label_items,
    required_bct_n,
    stacking_load_n,
)


def test_mckee_in_kn_per_m_and_mm_gives_newtons_like_si_units():
    in_mm = mckee_bct_n(5.0, 4.0, 1000.0)  # ECT kN/m = N/mm, t and Z in mm
    in_si = 5.87 * 5000.0 * math.sqrt(0.004 * 1.0)  # ECT N/m, t and Z in m
    assert math.isclose(in_mm, in_si) and math.isclose(in_mm, 1856.27, rel_tol=1e-5)


def test_bct_grows_with_the_square_root_of_thickness_and_perimeter():
    assert math.isclose(mckee_bct_n(6, 4, 2000) / mckee_bct_n(6, 4, 500), 2)
    assert math.isclose(mckee_bct_n(6, 7, 1000) / mckee_bct_n(6, 1.75, 1000), 2)
    assert mckee_bct_n(6, 0, 1000) == 0


def test_perimeter_is_twice_length_plus_width():
    assert box_perimeter_mm(400, 300) == 1400


def test_bottom_box_carries_the_boxes_above_it():
    assert math.isclose(stacking_load_n(12, 6), 5 * 12 * G)
    assert stacking_load_n(12, 1) == 0
    assert math.isclose(required_bct_n(12, 6, 4), 5 * 12 * G * 4)


def test_max_layers_is_the_tallest_stack_the_bottom_box_survives():
    bct = required_bct_n(10, 5, 4)  # exactly enough for five layers
    assert max_layers(bct, 10, 4) == 5
    assert max_layers(bct - 1, 10, 4) == 4
    assert max_layers(0, 10, 4) == 1


def test_empty_space_ratio_counts_everything_but_the_product():
    assert empty_space_ratio(1000, 2000) == 0.5
    assert empty_space_ratio(0, 2000) == 1
    with pytest.raises(ValueError):
        empty_space_ratio(10, 0)


@pytest.mark.parametrize("kg, cm", [(0, 76), (0.5, 76), (9.99, 76), (10, 61), (18.99, 61), (19, 46), (27.9, 46),
                                    (28, 31), (44.99, 31), (45, 20), (68, 20), (68.01, None)])
def test_ista_1a_drop_height_bands_include_their_lower_bound(kg, cm):
    assert drop_height_cm(kg) == cm


def test_drop_height_rejects_a_negative_weight():
    with pytest.raises(ValueError):
        drop_height_cm(-1)


def test_flute_thickness_adds_up_the_layers():
    assert flute_thickness_mm("C", "2025-06-01") == 4.0
    assert flute_thickness_mm("bc") == 7.0
    assert flute_thickness_mm("BE") == 4.5
    with pytest.raises(ValueError, match="Không biết loại sóng"):
        flute_thickness_mm("X")


def test_blank_uses_the_default_glue_tab_from_the_parameters():
    assert fefco_0201_blank(300, 200, 150, 4).glue == tham_so("be_dan_hop")["mac_dinh"]
    with pytest.raises(ValueError):
        fefco_0201_blank(300, 0, 150, 4)


def test_label_check_reports_absent_and_blank_items_in_order():
    required = tham_so("noi_dung_nhan_bat_buoc", "2025-01-01")["chung"]
    assert missing_label_items({}, required) == required
    full = {item: "x" for item in required}
    assert missing_label_items(full, required) == []
    assert missing_label_items({**full, "xuat_xu": "   ", "ten_hang_hoa": None}, required) == [
        "ten_hang_hoa", "xuat_xu"]


# ------------------------------------------------------------------------------------ parameters
def test_ppwr_limit_is_known_from_august_2026_and_binding_from_2030():
    with pytest.raises(ValueError):
        tham_so("ty_le_khoang_trong_toi_da", "2026-08-11")
    limit = tham_so("ty_le_khoang_trong_toi_da", "2026-08-12")
    assert limit["gioi_han"] == 0.5 and limit["bat_buoc_tu"] == dt.date(2030, 1, 1)


def test_label_items_follow_decree_43_and_its_2021_amendment():
    before = tham_so("noi_dung_nhan_bat_buoc", "2021-12-31")
    after = tham_so("noi_dung_nhan_bat_buoc", "2022-02-15")
    assert before["chung"] == after["chung"] == [
        "ten_hang_hoa", "ten_to_chuc_chiu_trach_nhiem", "dia_chi_to_chuc_chiu_trach_nhiem", "xuat_xu"]
    assert "cum_tu_xuat_xu" not in before and "sản xuất tại" in after["cum_tu_xuat_xu"]
    names = tham_so("ten_truong_nhan")
    assert all(item in names for item in after["chung"] + after["theo_nhom"]["Thực phẩm"])


def test_every_packaging_parameter_has_a_source_and_a_confidence():
    for name in ("do_day_song", "be_dan_hop", "he_so_an_toan_xep_chong", "do_cao_roi_ista_1a",
                 "ty_le_khoang_trong_toi_da", "noi_dung_nhan_bat_buoc", "ten_truong_nhan"):
        entry = tham_so(name, "2030-01-01")
        assert entry["nguon"] and entry["do_tin_cay"] in ("cao", "trung bình", "thấp"), name
    safety = tham_so("he_so_an_toan_xep_chong")
    assert (safety["thap"], safety["cao"]) == (3, 5)
    ista = tham_so("do_cao_roi_ista_1a")
    assert ista["do_cao_cm"] == [76, 61, 46, 31, 20] and ista["tu_kg"][1:] == ista["den_kg"][:-1]
