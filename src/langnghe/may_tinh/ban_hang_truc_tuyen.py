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
from ._chung import bang_ket_qua, huong_dan_go_so, so_tien_ben_canh, thanh_truot



def may_tinh_tien_ve(gia_ban: int = 250_000, gia_von: int = 110_000, san: str = "Shopee") -> w.Widget:
    """Máy tính tiền về: chọn sàn, giá, số lượng, voucher và ngày bán; xem phí, thuế, tiền về và lãi.

    Các thanh tiền đi từng 1.000 ₫: gõ được đúng giá như 198.000 ₫ hay 250.000 ₫.
    """
    platforms = list(tham_so("phi_san")["san"])
    price = thanh_truot(gia_ban, 20_000, 2_000_000, 1_000, "Giá bán một sản phẩm (₫)")
    cost = thanh_truot(gia_von, 0, 1_500_000, 1_000, "Giá vốn một sản phẩm (₫)")
    quantity = thanh_truot(1, 1, 10, 1, "Số sản phẩm trong đơn", rong="460px")
    voucher = thanh_truot(0, 0, 200_000, 1_000, "Voucher của shop (₫ mỗi đơn)")
    label = {"description_width": "90px"}
    channel = w.Dropdown(options=platforms, value=san, description="Kênh bán", style=label)
    day = w.DatePicker(value=dt.date(2025, 8, 1), description="Ngày bán", style=label)
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
    box = w.VBox([w.HBox([channel, day]), huong_dan_go_so(), so_tien_ben_canh(price), so_tien_ben_canh(cost),
                  quantity, so_tien_ben_canh(voucher), out])
    box.nhap = {"gia_ban": price, "gia_von": cost, "san": channel, "so_luong": quantity, "voucher": voucher,
                "ngay_ban": day}
    return box
