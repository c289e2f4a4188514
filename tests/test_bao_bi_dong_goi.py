"""The packaging arithmetic of module 3 and its dated parameters.

The functions that only tests call are checked against the numbers lesson 03.x or bt03 computes.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from langnghe import tai_du_lieu, tham_so
from langnghe.bao_bi_dong_goi import (
    GIA_TOC_TRONG_TRUONG,
    chu_vi_thung_mm,
    do_cao_roi_cm,
    do_day_giay_mm,
    muc_thieu_tren_nhan,
    suc_nen_can_co,
    suc_nen_mckee,
    tai_thung_duoi_cung,
    tam_phoi_fefco_0201,
    ty_le_khoang_trong,
)


def test_mckee_in_kn_per_m_and_mm_gives_newtons_like_si_units():
    in_mm = suc_nen_mckee(5.0, 4.0, 1000.0)  # ECT kN/m = N/mm, t and Z in mm
    in_si = 5.87 * 5000.0 * math.sqrt(0.004 * 1.0)  # ECT N/m, t and Z in m
    assert math.isclose(in_mm, in_si) and math.isclose(in_mm, 1856.27, rel_tol=1e-5)


def test_mckee_gives_the_strength_bt03_computes():
    # bt03, question bct_mckee: a 400 × 300 mm box of board 3C-1 (ECT 4.6 kN/m, 4 mm)
    assert math.isclose(suc_nen_mckee(4.6, 4, chu_vi_thung_mm(400, 300)), 2020.6446551533993, rel_tol=1e-9)


def test_bct_grows_with_the_square_root_of_thickness_and_perimeter():
    assert math.isclose(suc_nen_mckee(6, 4, 2000) / suc_nen_mckee(6, 4, 500), 2)
    assert math.isclose(suc_nen_mckee(6, 7, 1000) / suc_nen_mckee(6, 1.75, 1000), 2)
    assert suc_nen_mckee(6, 0, 1000) == 0


def test_perimeter_is_twice_length_plus_width():
    assert chu_vi_thung_mm(400, 300) == 1400


def test_bottom_box_carries_the_boxes_above_it():
    assert math.isclose(tai_thung_duoi_cung(12, 6), 5 * 12 * GIA_TOC_TRONG_TRUONG)
    assert tai_thung_duoi_cung(12, 1) == 0
    assert math.isclose(suc_nen_can_co(12, 6, 4), 5 * 12 * GIA_TOC_TRONG_TRUONG * 4)


def test_empty_space_ratio_counts_everything_but_the_product():
    assert ty_le_khoang_trong(1000, 2000) == 0.5
    assert ty_le_khoang_trong(0, 2000) == 1
    with pytest.raises(ValueError):
        ty_le_khoang_trong(10, 0)


def test_empty_space_ratio_finds_the_cartons_bt03_lists_as_over_the_eu_limit():
    # lesson 03.3 and bt03 (question vuot_gioi_han): current cartons more than 50 % empty
    dong_goi = tai_du_lieu("san_pham_dong_goi")
    gioi_han = tham_so("ty_le_khoang_trong_toi_da", "2026-08-12")["gioi_han"]
    ty_le = [ty_le_khoang_trong(r.dai_sp_mm * r.rong_sp_mm * r.cao_sp_mm, r.dai_thung_mm * r.rong_thung_mm * r.cao_thung_mm)
             for r in dong_goi.itertuples()]
    vuot = sorted(ma for ma, x in zip(dong_goi["ma_sp"], ty_le) if x > gioi_han)
    assert vuot == ["BT-AMC-04", "BT-BAT-03", "BT-BAT-06", "BT-BHO-01", "BT-BHO-02", "BT-BHO-03", "BT-BHO-04",
                    "BT-BHO-05", "BT-BHO-06", "BT-COC-05", "BT-TTR-01", "BT-TTR-02", "BT-TTR-04"]


# the bands of lesson 03.4's do_cao_roi and bt03's hidden tests of the same question
@pytest.mark.parametrize("kg, cm", [(0, 76), (0.5, 76), (9.99, 76), (10, 61), (18.99, 61), (19, 46), (27.9, 46),
                                    (28, 31), (44.99, 31), (45, 20), (68, 20), (68.01, None)])
def test_ista_1a_drop_height_bands_include_their_lower_bound(kg, cm):
    assert do_cao_roi_cm(kg) == cm


def test_drop_height_rejects_a_negative_weight():
    with pytest.raises(ValueError):
        do_cao_roi_cm(-1)


def test_flute_thickness_is_what_lesson_03_1_adds_up():
    song = tham_so("do_day_song", "2025-06-01")
    assert do_day_giay_mm("BC", "2025-06-01") == song["B"] + song["C"] == 7.0  # "Sóng BC ≈ 3,0 + 4,0 = 7,0 mm"


def test_flute_thickness_adds_up_the_layers():
    assert do_day_giay_mm("C", "2025-06-01") == 4.0
    assert do_day_giay_mm("bc") == 7.0
    assert do_day_giay_mm("BE") == 4.5
    with pytest.raises(ValueError, match="Không biết loại sóng"):
        do_day_giay_mm("X")


def test_blank_uses_the_default_glue_tab_from_the_parameters():
    assert tam_phoi_fefco_0201(300, 200, 150, 4).be_dan_mm == tham_so("be_dan_hop")["mac_dinh"]
    with pytest.raises(ValueError):
        tam_phoi_fefco_0201(300, 0, 150, 4)


def test_label_check_reports_absent_and_blank_items_in_order():
    required = tham_so("noi_dung_nhan_bat_buoc", "2025-01-01")["chung"]
    assert muc_thieu_tren_nhan({}, required) == required
    full = {item: "x" for item in required}
    assert muc_thieu_tren_nhan(full, required) == []
    assert muc_thieu_tren_nhan({**full, "xuat_xu": "   ", "ten_hang_hoa": None}, required) == [
        "ten_hang_hoa", "xuat_xu"]


def test_label_check_finds_what_lesson_03_4_and_bt03_find():
    bat_buoc = tham_so("noi_dung_nhan_bat_buoc", "2025-08-15")["chung"]
    nhan_coc = {"ten_hang_hoa": "Cốc sứ men lam vẽ sen 350 ml", "ten_to_chuc_chiu_trach_nhiem": "Hộ kinh doanh Gốm An Phúc",
                "dia_chi_to_chuc_chiu_trach_nhiem": "  ", "xuat_xu": "Bát Tràng"}  # lesson 03.4
    assert muc_thieu_tren_nhan(nhan_coc, bat_buoc) == ["dia_chi_to_chuc_chiu_trach_nhiem"]
    assert muc_thieu_tren_nhan({"ten_hang_hoa": "Cốc"}, bat_buoc) == [  # bt03, question nhan_con_thieu
        "ten_to_chuc_chiu_trach_nhiem", "dia_chi_to_chuc_chiu_trach_nhiem", "xuat_xu"]


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
