"""Máy tính của mô-đun 5: hòa vốn với các thanh trượt, và kế hoạch tiền mặt 12 tháng lưu được ra tệp Excel.

    from langnghe.may_tinh import may_tinh_hoa_von, ke_hoach_tien_mat

Maintainer note: the arithmetic lives in `langnghe.quan_ly`; these widgets only call it.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import HTML, display

from ..bieu_do import MAU, truc_tien
from ..fmt import phan_tram, so, tien
from ..quan_ly import (THANG, bien_an_toan, lap_ke_hoach_tien_mat, luu_ke_hoach_excel, san_luong_hoa_von,
                       thang_thap_nhat, tien_can_vay)
from ._chung import bang_ket_qua, huong_dan_go_so, so_tien_ben_canh, thanh_truot


def may_tinh_hoa_von(gia_ban: int = 430_000, bien_phi: int = 270_000, chi_phi_co_dinh: int = 16_000_000,
                     san_luong_du_kien: int = 130) -> w.Widget:
    """Máy tính hòa vốn: kéo giá bán, biến phí một sản phẩm, chi phí cố định và sản lượng dự kiến.

    Giá bán và biến phí đi từng 1.000 ₫, chi phí cố định từng 10.000 ₫; số nào không tròn như vậy (273.862 ₫)
    thì thanh trượt đi bước nhỏ hơn để giữ đúng số đó.
    """
    price = thanh_truot(gia_ban, 0, max(3 * gia_ban, 100_000), 1_000, "Giá bán một sản phẩm (₫)")
    variable = thanh_truot(bien_phi, 0, max(3 * bien_phi, 100_000), 1_000, "Biến phí một sản phẩm (₫)")
    fixed = thanh_truot(chi_phi_co_dinh, 0, max(3 * chi_phi_co_dinh, 1_000_000), 10_000, "Chi phí cố định (₫)")
    planned = thanh_truot(san_luong_du_kien, 0, max(3 * san_luong_du_kien, 10), 1, "Sản lượng dự kiến (sản phẩm)")
    out = w.Output()

    def update(*_):
        p, v, f, q = price.value, variable.value, fixed.value, planned.value
        be = san_luong_hoa_von(f, p, v)
        mos = bien_an_toan(q, be)
        profit = (p - v) * q - f
        rows = [
            ("Lãi góp một sản phẩm = giá − biến phí", tien(p - v)),
            ("<b>Sản lượng hòa vốn (làm tròn lên)</b>",
             f"<b>{so(be)} sản phẩm</b>" if be is not None else "<b>không bao giờ hòa vốn</b>"),
            ("Doanh thu hòa vốn", tien(be * p) if be is not None else "—"),
            ("Biên an toàn", phan_tram(mos) if mos is not None else "—"),
            (f"Lãi (lỗ) nếu bán {so(q)} sản phẩm", tien(profit)),
        ]
        note = ""
        if be is None:
            note = ("<p>⚠️ Giá bán không cao hơn biến phí: bán càng nhiều càng lỗ. Phải tăng giá hoặc giảm "
                    "biến phí trước đã.</p>")
        elif mos is not None and mos < 0:
            note = "<p>⚠️ Sản lượng dự kiến thấp hơn sản lượng hòa vốn: kế hoạch này lỗ.</p>"
        out.clear_output(wait=True)
        with out:
            display(HTML(bang_ket_qua(rows) + note))
            top = max(q, be or 0, 1) * 1.5
            xs = [0, top]
            fig, ax = plt.subplots(figsize=(7, 3.6))
            ax.plot(xs, [p * x for x in xs], label="Doanh thu", color=MAU[0])
            ax.plot(xs, [f + v * x for x in xs], label="Tổng chi phí = cố định + biến phí", color=MAU[3])
            ax.axhline(f, color="grey", linestyle=":", linewidth=1, label="Chi phí cố định")
            if be is not None:
                ax.axvline(be, color=MAU[2], linestyle="--", linewidth=1)
                ax.annotate(f"hòa vốn: {so(be)} sp", (be, be * p), xytext=(-100, 12), textcoords="offset points")
            ax.axvline(q, color=MAU[1], linewidth=2, alpha=0.6, label=f"Dự kiến: {so(q)} sp")
            ax.set_xlabel("Số sản phẩm bán được")
            ax.set_ylabel("Đồng")
            truc_tien(ax)
            ax.set_title("Doanh thu và chi phí theo số sản phẩm")
            ax.legend(loc="upper left", fontsize=9)
            plt.show()

    for control in (price, variable, fixed, planned):
        control.observe(update, "value")
    update()
    box = w.VBox([huong_dan_go_so(), so_tien_ben_canh(price), so_tien_ben_canh(variable), so_tien_ben_canh(fixed),
                  planned, out])
    box.nhap = {"gia_ban": price, "bien_phi": variable, "chi_phi_co_dinh": fixed, "san_luong_du_kien": planned}
    return box


def ke_hoach_tien_mat(tien_dau_nam: float, doanh_so: Sequence[float], ty_le_tra_ngay: float,
                      phai_thu_dau_nam: float, thu_khac: dict[str, Sequence[float]],
                      chi: dict[str, Sequence[float]], muc_toi_thieu: float = 0,
                      chi_theo_doanh_so: Sequence[str] = (), ten_tep: str = "ke_hoach_tien_mat.xlsx") -> w.Widget:
    """Kế hoạch tiền mặt 12 tháng: thử doanh số cao thấp, tỷ lệ khách trả ngay, mức tiền tối thiểu; lưu ra Excel.

    Các dòng chi có tên trong `chi_theo_doanh_so` (ví dụ mua vật tư, tiền công) tăng giảm cùng doanh số.
    """
    growth = thanh_truot(0, -40, 40, 1, "Doanh số tăng hay giảm (%)")
    share = thanh_truot(round(ty_le_tra_ngay * 100), 0, 100, 1, "Khách trả ngay (% doanh số)")
    opening = thanh_truot(tien_dau_nam, 0, max(3 * tien_dau_nam, 50_000_000), 10_000, "Tiền đầu năm (₫)")
    minimum = thanh_truot(muc_toi_thieu, 0, max(3 * muc_toi_thieu, 50_000_000), 10_000, "Mức tiền tối thiểu (₫)")
    filename = w.Text(value=ten_tep, description="Tên tệp Excel", style={"description_width": "110px"},
                      layout=w.Layout(width="480px"))
    save = w.Button(description="Lưu ra tệp Excel", icon="download", layout=w.Layout(width="180px"))
    message = w.HTML()
    out = w.Output()

    def inputs():
        k = 1 + growth.value / 100
        sales = [s * k for s in doanh_so]
        pays = {name: [x * k for x in v] if name in chi_theo_doanh_so else list(v) for name, v in chi.items()}
        return sales, share.value / 100, pays

    def update(*_):
        sales, cash_share, pays = inputs()
        plan = lap_ke_hoach_tien_mat(opening.value, sales, cash_share, phai_thu_dau_nam, thu_khac, pays)
        closing = plan.loc["Tiền cuối tháng"]
        label, low = thang_thap_nhat(closing)
        need = tien_can_vay(closing.tolist(), minimum.value)
        out.clear_output(wait=True)
        with out:
            rows = [("Tháng có tiền cuối tháng thấp nhất", label), ("Số tiền cuối tháng đó", tien(low)),
                    ("<b>Cần vay thêm để không xuống dưới mức tối thiểu</b>", f"<b>{tien(need)}</b>")]
            display(HTML(bang_ket_qua(rows)))
            fig, ax = plt.subplots(figsize=(8, 3.6))
            colours = [MAU[3] if v < minimum.value else MAU[0] for v in closing]
            ax.bar(list(closing.index), closing.values, color=colours)
            ax.axhline(minimum.value, color="grey", linestyle="--", linewidth=1, label="Mức tối thiểu")
            ax.axhline(0, color="black", linewidth=0.8)
            truc_tien(ax)
            ax.set_xlabel("Tháng")
            ax.set_ylabel("Tiền cuối tháng (đồng)")
            ax.set_title("Tiền cuối mỗi tháng theo kế hoạch")
            ax.legend(loc="upper left")
            plt.show()

    def on_save(_):
        sales, cash_share, pays = inputs()
        try:
            path = luu_ke_hoach_excel(filename.value or ten_tep, opening.value, sales, cash_share,
                                      phai_thu_dau_nam, thu_khac, pays, minimum.value, THANG)
        except (ImportError, OSError, ValueError) as err:
            message.value = f"<p>❌ Chưa lưu được: {err}</p>"
            return
        message.value = f"<p>✅ Đã lưu <code>{path}</code>. Mở bằng Excel hoặc LibreOffice để dùng tiếp.</p>"

    for control in (growth, share, opening, minimum):
        control.observe(update, "value")
    save.on_click(on_save)
    update()
    box = w.VBox([huong_dan_go_so(), growth, share, so_tien_ben_canh(opening), so_tien_ben_canh(minimum), out,
                  w.HBox([filename, save]), message])
    box.nhap = {"tang_giam_doanh_so": growth, "ty_le_tra_ngay": share, "tien_dau_nam": opening,
                "muc_toi_thieu": minimum, "ten_tep": filename}
    return box
