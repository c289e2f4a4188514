"""Máy tính của mô-đun 2: máy khám phá phương án mẫu mã chiếc cốc mới (điểm ưa thích dự đoán và giá vốn).

Maintainer note: the widget internals (`_Evaluation`, `_DesignModel`, `_render`...) are private; the
arithmetic lives in `langnghe.thiet_ke_san_pham`.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as w
import pandas as pd

from ..thiet_ke_san_pham import (CAC_MUC, TEN_THUOC_TINH, THUOC_TINH_GIA, cac_phuong_an, diem_du_doan, gia_von,
                                 phuong_an_tot_nhat, uoc_luong_diem_ua_thich)
from ..fmt import phan_tram, so, tien
from ._chung import huong_dan_go_so, so_tien_ben_canh, thanh_truot

_NON_PRICE = [a for a in CAC_MUC if a != THUOC_TINH_GIA]


@dataclass(frozen=True)
class _Evaluation:
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


class _DesignModel:
    """Part-worths fitted once from the ratings, costs from the costing table."""

    def __init__(self, ratings: pd.DataFrame, costs: pd.DataFrame):
        self.intercept, self.worths = uoc_luong_diem_ua_thich(ratings)
        self.costs = costs

    def variants(self, price: int) -> pd.DataFrame:
        return cac_phuong_an(self.intercept, self.worths, self.costs, price)

    def evaluate(self, choice: dict) -> _Evaluation:
        rating = diem_du_doan(self.intercept, self.worths, choice)
        ranked = self.variants(choice[THUOC_TINH_GIA])["diem_du_doan"]
        return _Evaluation(
            rating=rating,
            contributions={a: float(self.worths[a][choice[a]]) for a in CAC_MUC},
            intercept=self.intercept,
            cost=gia_von(self.costs, choice),
            price=int(choice[THUOC_TINH_GIA]),
            rank=int((ranked > rating + 1e-9).sum()) + 1,
            variants=len(ranked),
        )

    def best_within(self, price: int, cost_limit: float) -> dict | None:
        row = phuong_an_tot_nhat(self.variants(price), cost_limit)
        return None if row is None else {a: row[a] for a in CAC_MUC} | {"diem_du_doan": row["diem_du_doan"],
                                                                          "chi_phi": int(row["chi_phi"])}


def _bar(value: float, top: float = 10) -> str:
    width = max(0.0, min(1.0, value / top)) * 100
    return ("<div style='background:#e8e8e8;width:260px;height:14px;display:inline-block;vertical-align:middle'>"
            f"<div style='background:#009E73;width:{width:.0f}%;height:14px'></div></div>")


def _signed(x: float) -> str:
    return ("+" if x >= 0 else "−") + so(abs(x), 2)


def _render(ev: _Evaluation, choice: dict) -> str:
    """The explorer's result panel (HTML)."""
    base = ", ".join(tien(CAC_MUC[a][0]) if a == THUOC_TINH_GIA else str(CAC_MUC[a][0]).lower() for a in CAC_MUC)
    rows = [(f"Phương án gốc ({base})", so(ev.intercept, 2))]
    for attribute, value in ev.contributions.items():
        level = tien(choice[attribute]) if attribute == THUOC_TINH_GIA else choice[attribute]
        shown = "0 (mức gốc)" if choice[attribute] == CAC_MUC[attribute][0] else _signed(value)
        rows.append((f"{TEN_THUOC_TINH[attribute]}: {level}", shown))
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


def _render_best(best: dict | None, limit: float) -> str:
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
    model = _DesignModel(danh_gia, chi_phi)

    style = {"description_width": "90px"}
    controls = {a: w.Dropdown(options=CAC_MUC[a], description=TEN_THUOC_TINH[a], style=style) for a in _NON_PRICE}
    controls[THUOC_TINH_GIA] = w.Dropdown(options=[(tien(p), p) for p in CAC_MUC[THUOC_TINH_GIA]], value=gia_ban,
                                 description=TEN_THUOC_TINH[THUOC_TINH_GIA], style=style)
    limit = thanh_truot(han_muc_chi_phi, 25_000, 70_000, 500, "Hạn mức giá vốn (₫/chiếc)",
                        rong_nhan="180px", rong="560px")
    use_best = w.Button(description="Chọn phương án này", icon="check", layout=w.Layout(width="180px"))
    result, best_box = w.HTML(), w.HTML()

    def choice() -> dict:
        return {a: c.value for a, c in controls.items()}

    def update(*_):
        picked = choice()
        result.value = _render(model.evaluate(picked), picked)
        best_box.value = _render_best(model.best_within(picked[THUOC_TINH_GIA], limit.value), limit.value)

    def pick_best(_):
        best = model.best_within(controls[THUOC_TINH_GIA].value, limit.value)
        if best is not None:
            for a in _NON_PRICE:
                controls[a].value = best[a]

    for control in (*controls.values(), limit):
        control.observe(update, "value")
    use_best.on_click(pick_best)
    update()
    panel = w.VBox([w.HTML("<b>Chọn thiết kế</b>"), *controls.values()], layout=w.Layout(flex="0 0 auto"))  # not squeezed
    box = w.VBox([w.HBox([panel, result]), huong_dan_go_so(), w.HBox([so_tien_ben_canh(limit), use_best]), best_box])
    box.controls, box.result, box.best, box.limit, box.use_best = controls, result, best_box, limit, use_best
    box.nhap = {"gia_ban": controls[THUOC_TINH_GIA], "han_muc_chi_phi": limit}
    return box
