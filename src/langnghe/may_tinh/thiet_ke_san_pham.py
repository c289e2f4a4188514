"""Module 2 calculator: the design-variant explorer of the new mug (predicted preference and unit cost)."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as w
import pandas as pd

from ..thiet_ke_san_pham import ATTRIBUTE_NAMES, LEVELS, PRICE, all_variants, best_variant, part_worths, predict, unit_cost
from ..fmt import phan_tram, so, tien

_NON_PRICE = [a for a in LEVELS if a != PRICE]


@dataclass(frozen=True)
class Evaluation:
    """What the explorer shows for one design."""

    rating: float  # predicted rating, 0–10 scale of the survey
    contributions: dict  # attribute -> part-worth of the chosen level
    intercept: float
    cost: int  # unit cost (đồng)
    price: int
    rank: int  # 1 = best predicted rating among the variants at the same price
    variants: int

    @property
    def margin(self) -> int:
        return self.price - self.cost


class DesignModel:
    """Part-worths fitted once from the ratings, costs from the costing table."""

    def __init__(self, ratings: pd.DataFrame, costs: pd.DataFrame):
        self.intercept, self.worths = part_worths(ratings)
        self.costs = costs

    def variants(self, price: int) -> pd.DataFrame:
        return all_variants(self.intercept, self.worths, self.costs, price)

    def evaluate(self, choice: dict) -> Evaluation:
        rating = predict(self.intercept, self.worths, choice)
        ranked = self.variants(choice[PRICE])["diem_du_doan"]
        return Evaluation(
            rating=rating,
            contributions={a: float(self.worths[a][choice[a]]) for a in LEVELS},
            intercept=self.intercept,
            cost=unit_cost(self.costs, choice),
            price=int(choice[PRICE]),
            rank=int((ranked > rating + 1e-9).sum()) + 1,
            variants=len(ranked),
        )

    def best_within(self, price: int, cost_limit: float) -> dict | None:
        row = best_variant(self.variants(price), cost_limit)
        return None if row is None else {a: row[a] for a in LEVELS} | {"diem_du_doan": row["diem_du_doan"],
                                                                          "chi_phi": int(row["chi_phi"])}


def _bar(value: float, top: float = 10) -> str:
    width = max(0.0, min(1.0, value / top)) * 100
    return ("<div style='background:#e8e8e8;width:260px;height:14px;display:inline-block;vertical-align:middle'>"
            f"<div style='background:#009E73;width:{width:.0f}%;height:14px'></div></div>")


def _signed(x: float) -> str:
    return ("+" if x >= 0 else "−") + so(abs(x), 2)


def render(ev: Evaluation, choice: dict) -> str:
    """The explorer's result panel (HTML)."""
    base = ", ".join(tien(LEVELS[a][0]) if a == PRICE else str(LEVELS[a][0]).lower() for a in LEVELS)
    rows = [(f"Phương án gốc ({base})", so(ev.intercept, 2))]
    for attribute, value in ev.contributions.items():
        level = tien(choice[attribute]) if attribute == PRICE else choice[attribute]
        shown = "0 (mức gốc)" if choice[attribute] == LEVELS[attribute][0] else _signed(value)
        rows.append((f"{ATTRIBUTE_NAMES[attribute]}: {level}", shown))
    body = "".join(f"<tr><td style='padding:1px 14px 1px 0'>{a}</td><td style='text-align:right'>{b}</td></tr>"
                   for a, b in rows)
    share = ev.cost / ev.price if ev.price else 0
    return (
        f"<p><b>Điểm ưa thích dự đoán: {so(ev.rating, 1)} / 10</b> {_bar(ev.rating)}</p>"
        f"<table>{body}</table>"
        f"<p>Xếp thứ <b>{ev.rank}</b> trên {ev.variants} phương án cùng giá bán.</p>"
        f"<p>Giá vốn một chiếc: <b>{tien(ev.cost)}</b> ({phan_tram(share)} giá bán) · "
        f"lãi gộp một chiếc: <b>{tien(ev.margin)}</b> (chưa trừ phí sàn, quảng cáo).</p>"
    )


def render_best(best: dict | None, limit: float) -> str:
    if best is None:
        return f"<p>Không có phương án nào có giá vốn từ {tien(limit)} trở xuống.</p>"
    name = ", ".join(str(best[a]) for a in _NON_PRICE)
    return (f"<p>Được ưa nhất với giá vốn không quá {tien(limit)}: <b>{name}</b> "
            f"(điểm {so(best['diem_du_doan'], 1)}, giá vốn {tien(best['chi_phi'])}).</p>")


def kham_pha_mau_ma(gia_ban: int = 129_000, han_muc_chi_phi: int = 45_000, danh_gia: pd.DataFrame | None = None,
                    chi_phi: pd.DataFrame | None = None) -> w.Widget:
    """Khám phá phương án cốc: chọn màu men, dung tích, quai, bao bì, giá; xem điểm ưa thích dự đoán và giá vốn."""
    if danh_gia is None or chi_phi is None:
        from ..data import tai_du_lieu

        danh_gia = tai_du_lieu("danh_gia_mau_ma") if danh_gia is None else danh_gia
        chi_phi = tai_du_lieu("chi_phi_mau_ma") if chi_phi is None else chi_phi
    model = DesignModel(danh_gia, chi_phi)

    style = {"description_width": "90px"}
    controls = {a: w.Dropdown(options=LEVELS[a], description=ATTRIBUTE_NAMES[a], style=style) for a in _NON_PRICE}
    controls[PRICE] = w.Dropdown(options=[(tien(p), p) for p in LEVELS[PRICE]], value=gia_ban,
                                 description=ATTRIBUTE_NAMES[PRICE], style=style)
    limit = w.IntSlider(value=han_muc_chi_phi, min=25_000, max=70_000, step=500, description="Hạn mức giá vốn",
                        style={"description_width": "120px"}, layout=w.Layout(width="420px"))
    use_best = w.Button(description="Chọn phương án này", icon="check")
    result, best_box = w.HTML(), w.HTML()

    def choice() -> dict:
        return {a: c.value for a, c in controls.items()}

    def update(*_):
        picked = choice()
        result.value = render(model.evaluate(picked), picked)
        best_box.value = render_best(model.best_within(picked[PRICE], limit.value), limit.value)

    def pick_best(_):
        best = model.best_within(controls[PRICE].value, limit.value)
        if best is not None:
            for a in _NON_PRICE:
                controls[a].value = best[a]

    for control in (*controls.values(), limit):
        control.observe(update, "value")
    use_best.on_click(pick_best)
    update()
    panel = w.VBox([w.HTML("<b>Chọn thiết kế</b>"), *controls.values()])
    box = w.VBox([w.HBox([panel, result]), w.HBox([limit, use_best]), best_box])
    box.controls, box.result, box.best, box.limit, box.use_best = controls, result, best_box, limit, use_best
    return box
