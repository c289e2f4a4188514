"""Product design arithmetic (module 2): Kano, conjoint, palette, lead checks, and the explorer widget."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from langnghe import tham_so
from langnghe.datagen.thiet_ke_san_pham import bang_chi_phi, the_conjoint
from langnghe.thiet_ke_san_pham import (
    FAIL,
    KANO_ANSWERS,
    KANO_TABLE,
    LEVELS,
    PASS,
    UNKNOWN,
    all_variants,
    best_variant,
    better_worse,
    dominant_category,
    dummy_code,
    importance,
    k_means,
    kano_category,
    kano_counts,
    lead_limits,
    lead_verdict,
    part_worths,
    predict,
    sample_values,
    unit_cost,
    vnd_per_point,
    willingness_to_pay,
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
        rating += cards[attribute].map(dict(zip(LEVELS[attribute], worths))).to_numpy()
    return cards.assign(diem=rating)


# ------------------------------------------------------------------ Kano
def test_kano_table_is_the_standard_evaluation_table():
    assert kano_category("Thích", "Không thích") == "O"
    assert kano_category("Thích", "Chấp nhận") == "A"
    assert kano_category("Đương nhiên", "Không thích") == "M"
    assert kano_category("Trung lập", "Trung lập") == "I"
    assert kano_category("Không thích", "Thích") == "R"
    assert kano_category("Thích", "Thích") == kano_category("Không thích", "Không thích") == "Q"
    counts = pd.Series(KANO_TABLE.to_numpy().ravel()).value_counts().to_dict()
    assert counts == {"I": 9, "R": 7, "A": 3, "M": 3, "Q": 2, "O": 1}
    assert list(KANO_TABLE.index) == list(KANO_TABLE.columns) == list(KANO_ANSWERS)


def test_unknown_kano_answer_is_refused_with_the_five_answers_listed():
    with pytest.raises(ValueError, match="Đương nhiên"):
        kano_category("Rất thích", "Không thích")


def test_kano_counts_have_every_category_column_even_when_empty():
    survey = pd.DataFrame({"tinh_nang": ["x", "x", "y"], "tra_loi_co": ["Thích", "Thích", "Trung lập"],
                           "tra_loi_khong": ["Không thích", "Chấp nhận", "Trung lập"]})
    counts = kano_counts(survey)
    assert list(counts.columns) == ["A", "O", "M", "I", "R", "Q"]
    assert counts.loc["x"].to_dict() == {"A": 1, "O": 1, "M": 0, "I": 0, "R": 0, "Q": 0}
    assert counts.loc["y", "I"] == 1


def test_better_and_worse_follow_the_course_formulas():
    counts = pd.DataFrame({"A": [10], "O": [20], "M": [30], "I": [40], "R": [5], "Q": [5]}, index=["f"])
    scores = better_worse(counts)
    assert scores.loc["f", "better"] == pytest.approx(0.3)  # (A + O) / (A + O + M + I)
    assert scores.loc["f", "worse"] == pytest.approx(-0.5)  # −(O + M) / (A + O + M + I), R and Q left out


def test_dominant_category_breaks_ties_towards_must_be_then_one_dimensional():
    counts = pd.DataFrame({"A": [5, 5, 9], "O": [5, 5, 1], "M": [5, 1, 1], "I": [5, 5, 1], "R": [0, 0, 0],
                           "Q": [0, 0, 0]}, index=["all", "no_m", "clear"])
    assert dominant_category(counts).to_dict() == {"all": "M", "no_m": "O", "clear": "A"}


# ------------------------------------------------------------------ conjoint
def test_dummy_coding_leaves_out_the_base_level_and_refuses_unknown_levels():
    cards = the_conjoint()
    x = dummy_code(cards)
    assert "mau_men=Trắng ngà" not in x and "mau_men=Xanh ngọc" in x
    assert x.shape == (18, sum(len(v) - 1 for v in LEVELS.values()))
    with pytest.raises(ValueError, match="mức lạ"):
        dummy_code(cards.assign(quai="Không quai"))


def test_least_squares_recovers_an_exact_additive_model():
    intercept, worths = part_worths(_exact_ratings(5.0))
    assert intercept == pytest.approx(5.0)
    for attribute, expected in TRUE_WORTHS.items():
        assert worths[attribute].tolist() == pytest.approx(expected), attribute
        assert list(worths[attribute].index) == LEVELS[attribute]


def test_importance_is_each_range_over_the_sum_of_ranges():
    _, worths = part_worths(_exact_ratings())
    share = importance(worths)
    ranges = {"mau_men": 1.0, "dung_tich": 0.8, "quai": 0.6, "bao_bi": 1.2, "gia_ban": 2.0}
    assert share.sum() == pytest.approx(1.0)
    assert share.to_dict() == pytest.approx({a: r / 5.6 for a, r in ranges.items()})


def test_willingness_to_pay_converts_utility_with_the_price_range():
    _, worths = part_worths(_exact_ratings())
    assert vnd_per_point(worths["gia_ban"]) == pytest.approx(60_000 / 2.0)
    assert willingness_to_pay(worths, "bao_bi", "Bọc xốp", "Hộp quà cứng") == pytest.approx(1.2 * 30_000)
    assert willingness_to_pay(worths, "bao_bi", "Hộp quà cứng", "Bọc xốp") == pytest.approx(-1.2 * 30_000)


def test_willingness_to_pay_is_refused_when_a_higher_price_is_liked_more():
    with pytest.raises(ValueError, match="giá tăng"):
        vnd_per_point(pd.Series([0.0, 0.2, 0.5], index=[99_000, 129_000, 159_000]))


def test_unit_cost_adds_the_cost_of_each_chosen_level_and_ignores_price():
    choice = {"mau_men": "Xanh ngọc", "dung_tich": "350 ml", "quai": "Quai to", "bao_bi": "Hộp kraft",
              "gia_ban": 159_000}
    assert unit_cost(bang_chi_phi(), choice) == 6_000 + 28_000 + 2_500 + 7_000


def test_predicted_rating_is_intercept_plus_chosen_part_worths():
    intercept, worths = part_worths(_exact_ratings(5.0))
    choice = {"mau_men": "Hỏa biến", "dung_tich": "350 ml", "quai": "Quai nhỏ", "bao_bi": "Hộp quà cứng",
              "gia_ban": 129_000}
    assert predict(intercept, worths, choice) == pytest.approx(5.0 + 0.5 + 0.8 + 0 + 1.2 - 1.0)


def test_best_variant_includes_a_cost_exactly_at_the_limit_and_is_none_below_the_cheapest():
    intercept, worths = part_worths(_exact_ratings())
    variants = all_variants(intercept, worths, bang_chi_phi(), 129_000)
    assert len(variants) == 3 * 3 * 2 * 3
    cheapest = variants["chi_phi"].min()
    assert best_variant(variants, cheapest - 1) is None
    at_limit = best_variant(variants, cheapest)
    assert at_limit["chi_phi"] == cheapest
    best = best_variant(variants, 43_500)
    assert best["chi_phi"] <= 43_500
    affordable = variants[variants["chi_phi"] <= 43_500]
    assert best["diem_du_doan"] == affordable["diem_du_doan"].max()
    assert best_variant(variants, 10**9)["diem_du_doan"] == variants["diem_du_doan"].max()


# ------------------------------------------------------------------ palette
def test_k_means_separates_well_spaced_colours_and_is_reproducible():
    rng = np.random.default_rng(0)
    centres = np.array([[30, 70, 150], [235, 230, 210], [190, 60, 45]])
    points = np.vstack([rng.normal(c, 5, size=(40, 3)) for c in centres])
    runs = [k_means(points, 3, seed=s) for s in range(5)]  # a bad start can merge two groups: keep the best
    found, labels = min(runs, key=lambda run: ((points - run[0][run[1]]) ** 2).sum())
    assert sorted(np.bincount(labels).tolist()) == [40, 40, 40]
    assert np.abs(np.sort(found, axis=0) - np.sort(centres, axis=0)).max() < 5
    again, labels_again = k_means(points, 3, seed=2)
    first, labels_first = runs[2]
    assert np.array_equal(first, again) and np.array_equal(labels_first, labels_again)


# ------------------------------------------------------------------ lead release
def test_fda_lead_limits_by_ware_type_come_from_the_parameter_file():
    limits = lead_limits("2025-09-18")
    assert limits == {"Đồ dẹt": 3.0, "Đồ rỗng nhỏ": 2.0, "Đồ rỗng lớn": 1.0, "Cốc và ca": 0.5, "Bình rót": 0.5}
    entry = tham_so("gioi_han_chi_fda", "2025-09-18")
    assert entry["don_vi"] == "µg/mL" and "545.450" in entry["nguon"]


def test_a_result_exactly_at_the_limit_passes_and_just_above_fails():
    limits = lead_limits("2025-09-18")
    assert lead_verdict(0.5, "Cốc và ca", limits) == PASS
    assert lead_verdict(0.501, "Cốc và ca", limits) == FAIL
    assert lead_verdict(3.0, "Đồ dẹt", limits) == PASS
    assert lead_verdict(1.0, "Đồ rỗng lớn", limits) == PASS
    assert lead_verdict(1.01, "Đồ rỗng lớn", limits) == FAIL
    assert lead_verdict(0.0, "Bình rót", limits) == PASS


def test_a_ware_type_without_a_limit_is_not_judged():
    limits = lead_limits("2025-09-18")
    assert lead_verdict(0.01, "Đồ trang trí", limits) == UNKNOWN
    assert lead_verdict(0.01, "cốc và ca", limits) == UNKNOWN  # spelling matters: ask, do not guess


def test_flatware_is_judged_on_the_mean_and_hollowware_on_the_highest_unit():
    results = pd.DataFrame({
        "ma_mau": ["D"] * 3 + ["C"] * 3,
        "loai_do": ["Đồ dẹt"] * 3 + ["Cốc và ca"] * 3,
        "chi_ug_ml": [2.0, 4.0, 2.4, 0.1, 0.6, 0.2],
    })
    rules = tham_so("cach_danh_gia_chi_fda", "2025-09-18")["cach_so_sanh"]
    values = sample_values(results, rules).set_index("ma_mau")["gia_tri_so_sanh"]
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
    variants = all_variants(*part_worths(_exact_ratings(5.0)), bang_chi_phi(), 129_000)
    best = best_variant(variants, 45_000)
    assert chosen == {a: best[a] for a in LEVELS}
    explorer.limit.value = 25_000
    assert "Không có phương án" in explorer.best.value
