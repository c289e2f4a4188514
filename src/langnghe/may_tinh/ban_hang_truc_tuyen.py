"""Máy tính của mô-đun 1: một đơn bán trên sàn thật sự đem về cho shop bao nhiêu tiền.

Maintainer note: the arithmetic lives in `langnghe.ban_hang_truc_tuyen.tien_ve_cua_don`.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
from IPython.display import HTML, display

from ..fmt import phan_tram, tien
from ..params import tham_so
from ..ban_hang_truc_tuyen import tien_ve_cua_don
from ._chung import bang_ket_qua



def may_tinh_tien_ve(gia_ban: int = 250_000, gia_von: int = 110_000, san: str = "Shopee") -> w.Widget:
    """Máy tính tiền về: chọn sàn, giá, số lượng, voucher và ngày bán; xem phí, thuế, tiền về và lãi."""
    platforms = list(tham_so("phi_san")["san"])
    price = w.IntSlider(value=gia_ban, min=20_000, max=2_000_000, step=5_000, description="Giá bán (₫)")
    cost = w.IntSlider(value=gia_von, min=0, max=1_500_000, step=5_000, description="Giá vốn (₫)")
    quantity = w.IntSlider(value=1, min=1, max=10, description="Số lượng")
    voucher = w.IntSlider(value=0, min=0, max=200_000, step=5_000, description="Voucher shop")
    channel = w.Dropdown(options=platforms, value=san, description="Kênh bán")
    day = w.DatePicker(value=dt.date(2025, 8, 1), description="Ngày bán")
    out = w.Output()

    def update(*_):
        when = day.value or dt.date.today()
        p = tien_ve_cua_don(price.value, quantity.value, channel.value, when, voucher.value)
        profit = p.tien_ve - cost.value * quantity.value
        rows = [
            ("Giá trị đơn (sau voucher)", tien(p.gia_tri_don)),
            ("− Phí thanh toán", tien(p.phi_thanh_toan)),
            ("− Phí cố định / hoa hồng", tien(p.phi_co_dinh)),
            ("− Phí mỗi đơn", tien(p.phi_moi_don)),
            ("− Thuế sàn khấu trừ", tien(p.thue_khau_tru)),
            ("<b>= Tiền về tài khoản</b>", f"<b>{tien(p.tien_ve)}</b>"),
            ("− Giá vốn", tien(cost.value * quantity.value)),
            ("<b>= Lãi gộp của đơn</b>", f"<b>{tien(profit)}</b>"),
        ]
        share = p.tong_bi_tru / p.gia_tri_don if p.gia_tri_don else 0
        out.clear_output(wait=True)
        with out:
            display(HTML(bang_ket_qua(rows) + f"<p>Sàn và thuế lấy đi {phan_tram(share)} giá trị đơn.</p>"))

    for control in (price, cost, quantity, voucher, channel, day):
        control.observe(update, "value")
    update()
    return w.VBox([w.HBox([w.VBox([channel, day, quantity]), w.VBox([price, cost, voucher])]), out])
