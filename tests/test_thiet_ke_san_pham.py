"""Product design arithmetic (module 2): Kano, conjoint, palette, lead checks, and the explorer widget.

The last section runs lessons 02.1–02.4 in this process and checks that each function here gives the
numbers the lesson computes step by step (most of these functions are used only by tests: they are the
reference the lessons are held to).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from langnghe import tham_so
from langnghe.datagen.thiet_ke_san_pham import bang_chi_phi, the_conjoint
from langnghe.thiet_ke_san_pham import (
    BANG_KANO,
    CAC_MUC,
    CAU_TRA_LOI_KANO,
    CHUA_RO_LOAI,
    DAT,
    KHONG_DAT,
    cac_phuong_an,
    dem_loai_kano,
    diem_du_doan,
    dong_moi_diem,
    gia_tri_so_sanh,
    gia_von,
    gioi_han_chi,
    gom_nhom,
    he_so_hai_long,
    ket_luan_chi,
    loai_chinh,
    loai_kano,
    ma_hoa_gia,
    phuong_an_tot_nhat,
    san_long_tra_them,
    tam_quan_trong,
    uoc_luong_diem_ua_thich,
)

# A known additive model: part-worths of every level (base level 0), on the 0–10 scale.
TRUE_WORTHS = {
    "mau_men": [0, 1.0, 0.5],
    "dung_tich": [0, 0.8, 0.4],
    "quai": [0, 0.6],
    "bao_bi": [0, 0.5, 1.2],
    "gia_ban": [0, -1.0, -2.0],
}


def _exact_ratings(intercept: float = 5.0) -> pd.DataFrame:
    cards = the_conjoint()
    rating = np.full(len(cards), intercept)
    for attribute, worths in TRUE_WORTHS.items():
        rating += cards[attribute].map(dict(zip(CAC_MUC[attribute], worths))).to_numpy()
    return cards.assign(diem=rating)


# ------------------------------------------------------------------ Kano
def test_kano_table_is_the_standard_evaluation_table():
    assert loai_kano("Thích", "Không thích") == "O"
    assert loai_kano("Thích", "Chấp nhận") == "A"
    assert loai_kano("Đương nhiên", "Không thích") == "M"
    assert loai_kano("Trung lập", "Trung lập") == "I"
    assert loai_kano("Không thích", "Thích") == "R"
    assert loai_kano("Thích", "Thích") == loai_kano("Không thích", "Không thích") == "Q"
    counts = pd.Series(BANG_KANO.to_numpy().ravel()).value_counts().to_dict()
    assert counts == {"I": 9, "R": 7, "A": 3, "M": 3, "Q": 2, "O": 1}
    assert list(BANG_KANO.index) == list(BANG_KANO.columns) == list(CAU_TRA_LOI_KANO)


def test_unknown_kano_answer_is_refused_with_the_five_answers_listed():
    with pytest.raises(ValueError, match="Đương nhiên"):
        loai_kano("Rất thích", "Không thích")


def test_kano_counts_have_every_category_column_even_when_empty():
    survey = pd.DataFrame({"tinh_nang": ["x", "x", "y"], "tra_loi_co": ["Thích", "Thích", "Trung lập"],
                           "tra_loi_khong": ["Không thích", "Chấp nhận", "Trung lập"]})
    counts = dem_loai_kano(survey)
    assert list(counts.columns) == ["A", "O", "M", "I", "R", "Q"]
    assert counts.loc["x"].to_dict() == {"A": 1, "O": 1, "M": 0, "I": 0, "R": 0, "Q": 0}
    assert counts.loc["y", "I"] == 1


def test_better_and_worse_follow_the_course_formulas():
    counts = pd.DataFrame({"A": [10], "O": [20], "M": [30], "I": [40], "R": [5], "Q": [5]}, index=["f"])
    scores = he_so_hai_long(counts)
    assert scores.loc["f", "better"] == pytest.approx(0.3)  # (A + O) / (A + O + M + I)
    assert scores.loc["f", "worse"] == pytest.approx(-0.5)  # −(O + M) / (A + O + M + I), R and Q left out


def test_dominant_category_breaks_ties_towards_must_be_then_one_dimensional():
    counts = pd.DataFrame({"A": [5, 5, 9], "O": [5, 5, 1], "M": [5, 1, 1], "I": [5, 5, 1], "R": [0, 0, 0],
                           "Q": [0, 0, 0]}, index=["all", "no_m", "clear"])
    assert loai_chinh(counts).to_dict() == {"all": "M", "no_m": "O", "clear": "A"}


# ------------------------------------------------------------------ conjoint
def test_dummy_coding_leaves_out_the_base_level_and_refuses_unknown_levels():
    cards = the_conjoint()
    x = ma_hoa_gia(cards)
    assert "mau_men=Trắng ngà" not in x and "mau_men=Xanh ngọc" in x
    assert x.shape == (18, sum(len(v) - 1 for v in CAC_MUC.values()))
    with pytest.raises(ValueError, match="mức lạ"):
        ma_hoa_gia(cards.assign(quai="Không quai"))


def test_least_squares_recovers_an_exact_additive_model():
    intercept, worths = uoc_luong_diem_ua_thich(_exact_ratings(5.0))
    assert intercept == pytest.approx(5.0)
    for attribute, expected in TRUE_WORTHS.items():
        assert worths[attribute].tolist() == pytest.approx(expected), attribute
        assert list(worths[attribute].index) == CAC_MUC[attribute]


def test_importance_is_each_range_over_the_sum_of_ranges():
    _, worths = uoc_luong_diem_ua_thich(_exact_ratings())
    share = tam_quan_trong(worths)
    ranges = {"mau_men": 1.0, "dung_tich": 0.8, "quai": 0.6, "bao_bi": 1.2, "gia_ban": 2.0}
    assert share.sum() == pytest.approx(1.0)
    assert share.to_dict() == pytest.approx({a: r / 5.6 for a, r in ranges.items()})


def test_willingness_to_pay_converts_utility_with_the_price_range():
    _, worths = uoc_luong_diem_ua_thich(_exact_ratings())
    assert dong_moi_diem(worths["gia_ban"]) == pytest.approx(60_000 / 2.0)
    assert san_long_tra_them(worths, "bao_bi", "Bọc xốp", "Hộp quà cứng") == pytest.approx(1.2 * 30_000)
    assert san_long_tra_them(worths, "bao_bi", "Hộp quà cứng", "Bọc xốp") == pytest.approx(-1.2 * 30_000)


def test_willingness_to_pay_is_refused_when_a_higher_price_is_liked_more():
    with pytest.raises(ValueError, match="giá tăng"):
        dong_moi_diem(pd.Series([0.0, 0.2, 0.5], index=[99_000, 129_000, 159_000]))


def test_unit_cost_adds_the_cost_of_each_chosen_level_and_ignores_price():
    choice = {"mau_men": "Xanh ngọc", "dung_tich": "350 ml", "quai": "Quai to", "bao_bi": "Hộp kraft",
              "gia_ban": 159_000}
    assert gia_von(bang_chi_phi(), choice) == 6_000 + 28_000 + 2_500 + 7_000


def test_predicted_rating_is_intercept_plus_chosen_part_worths():
    intercept, worths = uoc_luong_diem_ua_thich(_exact_ratings(5.0))
    choice = {"mau_men": "Hỏa biến", "dung_tich": "350 ml", "quai": "Quai nhỏ", "bao_bi": "Hộp quà cứng",
              "gia_ban": 129_000}
    assert diem_du_doan(intercept, worths, choice) == pytest.approx(5.0 + 0.5 + 0.8 + 0 + 1.2 - 1.0)


def test_best_variant_includes_a_cost_exactly_at_the_limit_and_is_none_below_the_cheapest():
    intercept, worths = uoc_luong_diem_ua_thich(_exact_ratings())
    variants = cac_phuong_an(intercept, worths, bang_chi_phi(), 129_000)
    assert len(variants) == 3 * 3 * 2 * 3
    cheapest = variants["chi_phi"].min()
    assert phuong_an_tot_nhat(variants, cheapest - 1) is None
    at_limit = phuong_an_tot_nhat(variants, cheapest)
    assert at_limit["chi_phi"] == cheapest
    best = phuong_an_tot_nhat(variants, 43_500)
    assert best["chi_phi"] <= 43_500
    affordable = variants[variants["chi_phi"] <= 43_500]
    assert best["diem_du_doan"] == affordable["diem_du_doan"].max()
    assert phuong_an_tot_nhat(variants, 10**9)["diem_du_doan"] == variants["diem_du_doan"].max()


# ------------------------------------------------------------------ palette
def test_k_means_separates_well_spaced_colours_and_is_reproducible():
    rng = np.random.default_rng(0)
    centres = np.array([[30, 70, 150], [235, 230, 210], [190, 60, 45]])
    points = np.vstack([rng.normal(c, 5, size=(40, 3)) for c in centres])
    runs = [gom_nhom(points, 3, hat_giong=s) for s in range(5)]  # a bad start can merge two groups: keep the best
    found, labels = min(runs, key=lambda run: ((points - run[0][run[1]]) ** 2).sum())
    assert sorted(np.bincount(labels).tolist()) == [40, 40, 40]
    assert np.abs(np.sort(found, axis=0) - np.sort(centres, axis=0)).max() < 5
    again, labels_again = gom_nhom(points, 3, hat_giong=2)
    first, labels_first = runs[2]
    assert np.array_equal(first, again) and np.array_equal(labels_first, labels_again)


# ------------------------------------------------------------------ lead release
def test_fda_lead_limits_by_ware_type_come_from_the_parameter_file():
    limits = gioi_han_chi("2025-09-18")
    assert limits == {"Đồ dẹt": 3.0, "Đồ rỗng nhỏ": 2.0, "Đồ rỗng lớn": 1.0, "Cốc và ca": 0.5, "Bình rót": 0.5}
    entry = tham_so("gioi_han_chi_fda", "2025-09-18")
    assert entry["don_vi"] == "µg/mL" and "545.450" in entry["nguon"]


def test_a_result_exactly_at_the_limit_passes_and_just_above_fails():
    limits = gioi_han_chi("2025-09-18")
    assert ket_luan_chi(0.5, "Cốc và ca", limits) == DAT
    assert ket_luan_chi(0.501, "Cốc và ca", limits) == KHONG_DAT
    assert ket_luan_chi(3.0, "Đồ dẹt", limits) == DAT
    assert ket_luan_chi(1.0, "Đồ rỗng lớn", limits) == DAT
    assert ket_luan_chi(1.01, "Đồ rỗng lớn", limits) == KHONG_DAT
    assert ket_luan_chi(0.0, "Bình rót", limits) == DAT


def test_a_ware_type_without_a_limit_is_not_judged():
    limits = gioi_han_chi("2025-09-18")
    assert ket_luan_chi(0.01, "Đồ trang trí", limits) == CHUA_RO_LOAI
    assert ket_luan_chi(0.01, "cốc và ca", limits) == CHUA_RO_LOAI  # spelling matters: ask, do not guess


def test_flatware_is_judged_on_the_mean_and_hollowware_on_the_highest_unit():
    results = pd.DataFrame({
        "ma_mau": ["D"] * 3 + ["C"] * 3,
        "loai_do": ["Đồ dẹt"] * 3 + ["Cốc và ca"] * 3,
        "chi_ug_ml": [2.0, 4.0, 2.4, 0.1, 0.6, 0.2],
    })
    rules = tham_so("cach_danh_gia_chi_fda", "2025-09-18")["cach_so_sanh"]
    values = gia_tri_so_sanh(results, rules).set_index("ma_mau")["gia_tri_so_sanh"]
    assert values["D"] == pytest.approx(2.8)
    assert values["C"] == pytest.approx(0.6)


# ------------------------------------------------------------------ the explorer widget
@pytest.fixture(scope="module")
def explorer():
    from langnghe.may_tinh import kham_pha_mau_ma

    return kham_pha_mau_ma(gia_ban=129_000, han_muc_chi_phi=45_000, danh_gia=_exact_ratings(5.0),
                           chi_phi=bang_chi_phi())


def test_explorer_shows_the_predicted_rating_and_unit_cost_of_the_chosen_design(explorer):
    controls = explorer.controls
    controls["mau_men"].value, controls["dung_tich"].value = "Xanh ngọc", "350 ml"
    controls["quai"].value, controls["bao_bi"].value = "Quai to", "Hộp kraft"
    text = explorer.result.value
    assert "6,9 / 10" in text  # 5 + 1.0 + 0.8 + 0.6 + 0.5 − 1.0
    assert "43.500 ₫" in text and "85.500 ₫" in text  # unit cost, and 129.000 − 43.500


def test_explorer_finds_and_applies_the_best_design_within_the_cost_limit(explorer):
    explorer.limit.value = 45_000
    assert "45.000 ₫" in explorer.best.value
    explorer.use_best.click()
    chosen = {a: c.value for a, c in explorer.controls.items()}
    variants = cac_phuong_an(*uoc_luong_diem_ua_thich(_exact_ratings(5.0)), bang_chi_phi(), 129_000)
    best = phuong_an_tot_nhat(variants, 45_000)
    assert chosen == {a: best[a] for a in CAC_MUC}
    explorer.limit.value = 25_000
    assert "Không có phương án" in explorer.best.value


# ------------------------------------------------------------------ the lessons compute the same numbers
LESSONS = Path(__file__).resolve().parents[1] / "lessons" / "02-thiet-ke-san-pham"
_ran: dict[str, dict] = {}


def _lesson(name: str) -> dict:
    """The variables of a lesson after running all its code cells, top to bottom, in this process."""
    if name not in _ran:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        path = next(LESSONS.glob(f"{name}-*.ipynb"))
        variables: dict = {}
        with contextlib.chdir(path.parent), contextlib.redirect_stdout(io.StringIO()):
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "code":
                    exec(compile(cell.source, f"{path.name}:{cell.id}", "exec"), variables)
        plt.close("all")
        _ran[name] = variables
    return _ran[name]


def test_kano_functions_give_the_counts_categories_and_coefficients_of_lesson_2_1():
    bai = _lesson("02.1")
    khao_sat = bai["khao_sat"]
    assert [loai_kano(c, k) for c, k in zip(khao_sat["tra_loi_co"], khao_sat["tra_loi_khong"])] == \
        khao_sat["loai"].tolist()
    dem = dem_loai_kano(khao_sat)
    pd.testing.assert_frame_equal(dem[list(bai["dem"].columns)], bai["dem"], check_names=False, check_dtype=False)
    assert loai_chinh(dem).to_dict() == bai["ket_qua"]["loai"].to_dict()
    he_so = he_so_hai_long(dem)
    for cot in ("better", "worse"):
        assert he_so[cot].to_dict() == pytest.approx(bai["ket_qua"][cot].to_dict()), cot


def test_conjoint_functions_give_the_part_worths_importance_and_best_mug_of_lesson_2_2():
    bai = _lesson("02.2")
    hang_so, diem_ua_thich = uoc_luong_diem_ua_thich(bai["danh_gia"])
    assert hang_so == pytest.approx(bai["hang_so"])
    for tt, pw in bai["part_worth"].items():
        assert diem_ua_thich[tt].tolist() == pytest.approx(pw.tolist()), tt
    assert tam_quan_trong(diem_ua_thich).to_dict() == pytest.approx(bai["tam_quan_trong"].to_dict())
    assert dong_moi_diem(diem_ua_thich["gia_ban"]) == pytest.approx(bai["dong_moi_diem"])
    assert san_long_tra_them(diem_ua_thich, "bao_bi", "Bọc xốp", "Hộp quà cứng") == pytest.approx(bai["san_long_tra"])
    phuong_an = cac_phuong_an(hang_so, diem_ua_thich, bai["chi_phi"], bai["gia_chon"])
    assert phuong_an["diem_du_doan"].tolist() == pytest.approx(bai["phuong_an"]["diem_du_doan"].tolist())
    assert phuong_an["chi_phi"].tolist() == bai["phuong_an"]["chi_phi"].tolist()
    tot_nhat, cua_bai = phuong_an_tot_nhat(phuong_an, bai["han_muc"]), bai["tot_nhat"]
    assert [tot_nhat[tt] for tt in bai["thuoc_tinh_thiet_ke"]] == cua_bai[bai["thuoc_tinh_thiet_ke"]].tolist()
    assert tot_nhat["diem_du_doan"] == pytest.approx(cua_bai["diem_du_doan"])


def test_gom_nhom_finds_the_same_six_colour_groups_as_the_k_means_of_lesson_2_3():
    bai = _lesson("02.3")
    tong_kc, cac_tam, nhom = bai["tot_nhat"]
    lan_chay = [gom_nhom(bai["diem"], bai["k"], hat_giong=s) for s in range(5)]
    tam, nhan = min(lan_chay, key=lambda run: ((bai["diem"] - run[0][run[1]]) ** 2).sum())
    assert ((bai["diem"] - tam[nhan]) ** 2).sum() == pytest.approx(tong_kc)
    assert np.allclose(tam, cac_tam) and np.array_equal(nhan, nhom)


def test_lead_functions_give_the_values_and_verdicts_of_lesson_2_4():
    bai = _lesson("02.4")
    gioi_han = gioi_han_chi(bai["ngay_thu"])
    assert gioi_han == bai["gioi_han"]
    so_sanh = gia_tri_so_sanh(bai["thu_nghiem"], bai["cach_so_sanh"]).set_index("ma_mau")
    mau = bai["mau"].set_index("ma_mau")
    assert so_sanh["gia_tri_so_sanh"].to_dict() == pytest.approx(mau["gia_tri_so_sanh"].to_dict())
    ket_luan = {m: ket_luan_chi(r.gia_tri_so_sanh, r.loai_do, gioi_han) for m, r in so_sanh.iterrows()}
    assert ket_luan == mau["ket_luan"].to_dict()
