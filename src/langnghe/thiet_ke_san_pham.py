"""The arithmetic of product design (module 2): Kano surveys, conjoint ratings, palettes, lead checks.

Lessons show the same steps in short pandas/numpy code a trainee can retype; this module
holds the shared version used by the design-variant explorer widget and by the tests.
Maintainer-facing names are English; messages a trainee can see are Vietnamese.

- Kano: each respondent answers a functional question ("if the mug HAS this feature?") and a
  dysfunctional one ("if it does NOT have it?") with one of five answers; the standard
  evaluation table turns the pair into a category A, O, M, I, R or Q (Kano et al. 1984;
  Berger et al. 1993). Better = (A + O)/(A + O + M + I), Worse = −(O + M)/(A + O + M + I).
- Conjoint (ratings based): dummy coding against a base level of each attribute, part-worths by
  ordinary least squares (numpy.linalg.lstsq), importance = range of an attribute's part-worths
  ÷ sum of the ranges, willingness to pay = a part-worth difference × đồng per utility point read
  from the price part-worths.
- Palette: k-means (Lloyd, k-means++ start) on RGB colours, seeded.
- Lead release: a result against the US FDA guideline of its ware type (parameter file).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .params import tham_so

# ------------------------------------------------------------------ Kano
# The five answers, in the order of the evaluation table (as they appear in the survey file).
KANO_ANSWERS = ("Thích", "Đương nhiên", "Trung lập", "Chấp nhận", "Không thích")
KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")
KANO_NAMES = {
    "A": "Hấp dẫn",
    "O": "Một chiều",
    "M": "Phải có",
    "I": "Không quan tâm",
    "R": "Ngược",
    "Q": "Nghi vấn",
}
# When two categories are equally frequent, the one that hurts most if ignored wins (Berger et al. 1993).
TIE_ORDER = ("M", "O", "A", "I", "R", "Q")

# Rows: answer to the functional question; columns: answer to the dysfunctional question.
KANO_TABLE = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index(KANO_ANSWERS, name="co_tinh_nang"),
    columns=pd.Index(KANO_ANSWERS, name="khong_co_tinh_nang"),
)

BANG_KANO = KANO_TABLE  # the name trainees type in lessons and assignments


def kano_category(functional: str, dysfunctional: str) -> str:
    """The Kano category (A, O, M, I, R, Q) of one pair of answers."""
    for answer in (functional, dysfunctional):
        if answer not in KANO_ANSWERS:
            raise ValueError(
                f"Câu trả lời {answer!r} không thuộc năm mức của phiếu Kano: {', '.join(KANO_ANSWERS)}."
            )
    return KANO_TABLE.loc[functional, dysfunctional]


def kano_counts(survey: pd.DataFrame, by: str = "tinh_nang", functional: str = "tra_loi_co",
                dysfunctional: str = "tra_loi_khong") -> pd.DataFrame:
    """Respondents per category for each feature: one row per feature, columns A, O, M, I, R, Q."""
    categories = [kano_category(f, d) for f, d in zip(survey[functional], survey[dysfunctional])]
    counts = pd.crosstab(survey[by], pd.Series(categories, index=survey.index, name="loai"))
    return counts.reindex(columns=list(KANO_CATEGORIES), fill_value=0).astype("int64")


def dominant_category(counts: pd.DataFrame) -> pd.Series:
    """The most frequent category of each row; ties go to M, then O, A, I, R, Q."""
    ordered = counts[list(TIE_ORDER)]
    return ordered.idxmax(axis=1).rename("loai")  # idxmax keeps the first column among equals


def better_worse(counts: pd.DataFrame) -> pd.DataFrame:
    """Better = (A + O)/(A + O + M + I) and Worse = −(O + M)/(A + O + M + I) of each row."""
    base = counts["A"] + counts["O"] + counts["M"] + counts["I"]
    better = (counts["A"] + counts["O"]) / base
    worse = -(counts["O"] + counts["M"]) / base
    return pd.DataFrame({"better": better, "worse": worse})


# ------------------------------------------------------------------ conjoint
# Levels of the mug study, base level first; the price is in đồng.
LEVELS: dict[str, list] = {
    "mau_men": ["Trắng ngà", "Xanh ngọc", "Hỏa biến"],
    "dung_tich": ["250 ml", "350 ml", "450 ml"],
    "quai": ["Quai nhỏ", "Quai to"],
    "bao_bi": ["Bọc xốp", "Hộp kraft", "Hộp quà cứng"],
    "gia_ban": [99_000, 129_000, 159_000],
}
ATTRIBUTE_NAMES = {
    "mau_men": "Màu men",
    "dung_tich": "Dung tích",
    "quai": "Quai cầm",
    "bao_bi": "Bao bì",
    "gia_ban": "Giá bán",
}
PRICE = "gia_ban"


def dummy_code(data: pd.DataFrame, levels: dict[str, list] = LEVELS) -> pd.DataFrame:
    """One 0/1 column per non-base level, named 'attribute=level' (the base level is left out)."""
    columns = {}
    for attribute, values in levels.items():
        unknown = set(data[attribute]) - set(values)
        if unknown:
            raise ValueError(f"Cột {attribute} có mức lạ: {sorted(map(str, unknown))}; các mức: {values}.")
        for level in values[1:]:
            columns[f"{attribute}={level}"] = (data[attribute] == level).astype("int64")
    return pd.DataFrame(columns, index=data.index)


def part_worths(data: pd.DataFrame, levels: dict[str, list] = LEVELS,
                rating: str = "diem") -> tuple[float, dict[str, pd.Series]]:
    """Least-squares part-worths: the intercept (all base levels) and, per attribute, a Series by level."""
    x = dummy_code(data, levels)
    design = np.column_stack([np.ones(len(x)), x.to_numpy(dtype=float)])
    coef, *_ = np.linalg.lstsq(design, data[rating].to_numpy(dtype=float), rcond=None)
    fitted = dict(zip(x.columns, coef[1:]))
    worths = {
        attribute: pd.Series([0.0] + [fitted[f"{attribute}={lv}"] for lv in values[1:]],
                             index=pd.Index(values, name=attribute), name="part_worth")
        for attribute, values in levels.items()
    }
    return float(coef[0]), worths


def importance(worths: dict[str, pd.Series]) -> pd.Series:
    """Share of each attribute in the sum of the part-worth ranges (sums to 1)."""
    ranges = pd.Series({a: s.max() - s.min() for a, s in worths.items()}, name="tam_quan_trong")
    return ranges / ranges.sum()


def vnd_per_point(price_worths: pd.Series) -> float:
    """Đồng that one utility point is worth: price range ÷ utility lost over that range."""
    low, high = min(price_worths.index), max(price_worths.index)
    lost = price_worths[low] - price_worths[high]
    if lost <= 0:
        raise ValueError("Điểm ưa thích không giảm khi giá tăng: không suy ra được giá trị bằng tiền.")
    return (high - low) / lost


def willingness_to_pay(worths: dict[str, pd.Series], attribute: str, from_level, to_level) -> float:
    """Extra đồng a respondent would pay for to_level instead of from_level (linear in price)."""
    gain = worths[attribute][to_level] - worths[attribute][from_level]
    return gain * vnd_per_point(worths[PRICE])


def predict(intercept: float, worths: dict[str, pd.Series], choice: dict) -> float:
    """Predicted rating of one design: intercept + the part-worth of each chosen level."""
    return intercept + sum(float(worths[a][choice[a]]) for a in worths)


def unit_cost(costs: pd.DataFrame, choice: dict) -> int:
    """Unit cost (đồng): the sum of the cost of each chosen level (table thuoc_tinh, muc, chi_phi)."""
    table = costs.set_index(["thuoc_tinh", "muc"])["chi_phi"]
    return int(sum(table[(a, choice[a])] for a in table.index.unique("thuoc_tinh")))


def all_variants(intercept: float, worths: dict[str, pd.Series], costs: pd.DataFrame, price: int,
                 levels: dict[str, list] = LEVELS) -> pd.DataFrame:
    """Every combination of the non-price levels at one price: predicted rating and unit cost."""
    attributes = [a for a in levels if a != PRICE]
    rows = []
    for combo in itertools.product(*(levels[a] for a in attributes)):
        choice = dict(zip(attributes, combo)) | {PRICE: price}
        rows.append(choice | {"diem_du_doan": predict(intercept, worths, choice),
                              "chi_phi": unit_cost(costs, choice)})
    return pd.DataFrame(rows)


def best_variant(variants: pd.DataFrame, cost_limit: float) -> pd.Series | None:
    """The variant with the highest predicted rating whose unit cost is at most cost_limit (None if none)."""
    affordable = variants[variants["chi_phi"] <= cost_limit]
    if affordable.empty:
        return None
    return affordable.loc[affordable["diem_du_doan"].idxmax()]


# ------------------------------------------------------------------ palette
def k_means(points, k: int, seed: int = 0, iterations: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means: (centres k×d, label of each point).

    The starting centres are drawn with seed the k-means++ way (Arthur and Vassilvitskii 2007): each new
    one is a point picked with probability proportional to its squared distance to the nearest centre
    already chosen, so the start is spread over the groups.
    """
    x = np.asarray(points, dtype=float)
    rng = np.random.default_rng(seed)
    centres = [x[rng.integers(len(x))]]
    for _ in range(k - 1):
        d2 = ((x[:, None, :] - np.array(centres)[None, :, :]) ** 2).sum(axis=2).min(axis=1)
        centres.append(x[rng.choice(len(x), p=d2 / d2.sum())])
    centres = np.array(centres)
    labels = np.full(len(x), -1)
    for _ in range(iterations):
        distances = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new_labels = distances.argmin(axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(k):
            if (labels == j).any():  # an empty cluster keeps its old centre
                centres[j] = x[labels == j].mean(axis=0)
    return centres, labels


# ------------------------------------------------------------------ lead release
PASS, FAIL, UNKNOWN = "Đạt", "Không đạt", "Chưa rõ loại"


def lead_limits(date) -> dict[str, float]:
    """US FDA lead guideline (µg/mL) by ware type, in force on date."""
    return dict(tham_so("gioi_han_chi_fda", date)["gioi_han"])


def lead_verdict(result: float, ware_type: str, limits: dict[str, float]) -> str:
    """'Đạt' if result ≤ the limit of its ware type, 'Không đạt' above it, 'Chưa rõ loại' if no limit."""
    if ware_type not in limits:
        return UNKNOWN
    return PASS if result <= limits[ware_type] else FAIL


def sample_values(results: pd.DataFrame, rules: dict[str, str], value: str = "chi_ug_ml") -> pd.DataFrame:
    """One row per sample: the value to compare with the limit (mean or maximum of its units, by rule)."""
    rows = []
    for sample, units in results.groupby("ma_mau", sort=True):
        ware = units["loai_do"].iloc[0]
        rule = rules.get(ware, "lon_nhat")
        compared = units[value].mean() if rule == "trung_binh" else units[value].max()
        rows.append({"ma_mau": sample, "loai_do": ware, "cach_so_sanh": rule, "gia_tri_so_sanh": compared})
    return pd.DataFrame(rows)
