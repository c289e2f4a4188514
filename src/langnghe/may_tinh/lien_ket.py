"""Máy tính của mô-đun 6: chia tiền mua chung, và chia chi phí trạm xử lý nước thải chung của cụm.

    from langnghe.may_tinh import may_tinh_mua_chung, may_tinh_chia_chi_phi

Maintainer note: the arithmetic lives in `langnghe.lien_ket`; these widgets only call it.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
from IPython.display import HTML, display

from ..fmt import phan_tram, so, tien
from ..lien_ket import bac_gia_tiep_theo, bang_mua_chung, chia_chi_phi, don_gia_theo_bac
from ._chung import huong_dan_go_so, thanh_truot

CUNG_DON_GIA = "Mọi kg trả cùng đơn giá của nhóm"
CHIA_DEU_TIET_KIEM = "Mỗi kg được tiết kiệm như nhau"


def _table(header: list[str], rows: list[list[str]], footer: list[str] | None = None) -> str:
    def line(cells, tag="td", bold=False):
        style = "padding:2px 10px;text-align:right"
        out = "".join(
            f"<{tag} style='{style if i else 'padding:2px 10px;text-align:left'}'>"
            f"{'<b>' if bold else ''}{c}{'</b>' if bold else ''}</{tag}>"
            for i, c in enumerate(cells)
        )
        return f"<tr>{out}</tr>"

    body = line(header, "th") + "".join(line(r) for r in rows)
    if footer:
        body += line(footer, bold=True)
    return f"<table>{body}</table>"


def _du_lieu_mac_dinh():
    from ..data import tai_du_lieu

    mua = tai_du_lieu("mua_chung")
    thang_10 = mua[mua["thang"] == 10]
    return thang_10.set_index("ten_co_so")["so_kg"], tai_du_lieu("bac_gia_to")


def may_tinh_mua_chung(so_kg=None, bac_gia: pd.DataFrame | None = None) -> w.Widget:
    """Máy tính mua chung: kéo số kg của từng thành viên, xem giá mua lẻ, giá nhóm, tiền mỗi nhà trả và tiết kiệm.

    `so_kg`: số kg theo tên thành viên (từ điển hoặc Series); `bac_gia`: bảng bậc giá có cột tu_kg, don_gia.
    Mặc định: lượng tơ tháng 10/2025 của các hộ dệt làng Tân Hòa và bảng giá `bac_gia_to`.
    """
    if so_kg is None or bac_gia is None:
        mac_dinh_kg, mac_dinh_gia = _du_lieu_mac_dinh()
        so_kg = mac_dinh_kg if so_kg is None else so_kg
        bac_gia = mac_dinh_gia if bac_gia is None else bac_gia
    so_kg = pd.Series(so_kg)
    sliders = {
        ten: thanh_truot(kg, 0, max(300, round(kg) * 2), 1, f"{ten} (kg)", rong_nhan="190px", rong="450px")
        for ten, kg in so_kg.items()
    }
    cach_chia = w.Dropdown(options=[CUNG_DON_GIA, CHIA_DEU_TIET_KIEM], value=CUNG_DON_GIA,
                           description="Cách chia tiền", style={"description_width": "110px"},
                           layout=w.Layout(width="480px"))
    out = w.Output()

    def update(*_):
        volumes = pd.Series({ten: s.value for ten, s in sliders.items()}, dtype="float64")
        bang = bang_mua_chung(volumes, bac_gia)
        cot_tra = "tien_tra_nhom" if cach_chia.value == CUNG_DON_GIA else "tien_tra_chia_deu"
        rows = []
        for ten, r in bang.iterrows():
            tiet_kiem = r["tien_mua_le"] - r[cot_tra]
            rows.append([str(ten), so(r["so_kg"]), tien(r["don_gia_mua_le"]), tien(r["tien_mua_le"]),
                         tien(r[cot_tra]), tien(tiet_kiem)])
        tong = bang.sum(numeric_only=True)
        footer = ["Cả nhóm", so(tong["so_kg"]), "", tien(tong["tien_mua_le"]), tien(tong[cot_tra]),
                  tien(tong["tien_mua_le"] - tong[cot_tra])]
        html = _table(["Thành viên", "Số kg", "Đơn giá mua lẻ", "Tiền nếu mua lẻ", "Tiền trả khi mua chung",
                       "Tiết kiệm"], rows, footer)
        tong_kg = float(tong["so_kg"])
        loi = f"<p>Cả nhóm mua {so(tong_kg)} kg, đơn giá nhóm {tien(don_gia_theo_bac(tong_kg, bac_gia))}/kg."
        tiep = bac_gia_tiep_theo(tong_kg, bac_gia)
        if tiep is None:
            loi += " Nhóm đã ở bậc giá cao nhất của nhà cung cấp.</p>"
        else:
            them_kg, gia_moi = tiep
            loi += (f" Mua thêm {so(them_kg)} kg nữa thì cả đơn được giá {tien(gia_moi)}/kg"
                    f" (rẻ hơn {tien(don_gia_theo_bac(tong_kg, bac_gia) - gia_moi)} mỗi kg).</p>")
        out.clear_output(wait=True)
        with out:
            display(HTML(loi + html))

    for control in (*sliders.values(), cach_chia):
        control.observe(update, "value")
    update()
    items = list(sliders.values())
    half = (len(items) + 1) // 2
    box = w.VBox([cach_chia, huong_dan_go_so(), w.HBox([w.VBox(items[:half]), w.VBox(items[half:])]), out])
    box.nhap = {"so_kg": sliders, "cach_chia": cach_chia}
    return box


def may_tinh_chia_chi_phi(co_so: pd.DataFrame, chi_phi: pd.DataFrame, so_ngay: int = 300) -> w.Widget:
    """Máy tính chia chi phí trạm xử lý nước thải chung giữa các cơ sở.

    `co_so`: mỗi cơ sở một dòng, chỉ mục là tên cơ sở, cột `luu_luong_m3_ngay` và `cod_kg_ngay`
    (trung bình một ngày); `chi_phi`: bảng `chi_phi_tram_xu_ly`; `so_ngay`: số ngày trạm chạy trong năm.
    Kéo tỷ trọng chia theo m³ (phần còn lại chia theo kg COD) và chọn có tính khấu hao hay không.
    """
    ty_trong = thanh_truot(50, 0, 100, 1, "Chia theo m³ nước thải (%)")
    khau_hao = w.Checkbox(value=True, description="Tính cả khấu hao vốn đầu tư (bỏ chọn nếu Nhà nước hỗ trợ vốn)",
                          indent=False, layout=w.Layout(width="560px"))
    out = w.Output()
    m3_nam = co_so["luu_luong_m3_ngay"] * so_ngay
    kg_nam = co_so["cod_kg_ngay"] * so_ngay

    def update(*_):
        bang_chi = chi_phi if khau_hao.value else chi_phi[~chi_phi["hang_muc"].str.startswith("Khấu hao")]
        tong = float(bang_chi["chi_phi_nam"].sum())
        phan = chia_chi_phi(m3_nam, kg_nam, tong, ty_trong.value / 100)
        rows = [[str(ten), so(m3_nam[ten]), so(kg_nam[ten]), tien(phan[ten]), tien(phan[ten] / m3_nam[ten]),
                 phan_tram(phan[ten] / tong)]
                for ten in phan.sort_values(ascending=False).index]
        footer = ["Cả cụm", so(m3_nam.sum()), so(kg_nam.sum()), tien(tong), tien(tong / m3_nam.sum()), "100%"]
        loi = (f"<p>Tổng chi phí một năm {tien(tong)}: {tien(tong / m3_nam.sum())} cho mỗi m³, "
               f"{tien(tong / kg_nam.sum())} cho mỗi kg COD. {ty_trong.value}% chia theo m³, "
               f"{100 - ty_trong.value}% chia theo kg COD.</p>")
        out.clear_output(wait=True)
        with out:
            display(HTML(loi + _table(["Cơ sở", "m³/năm", "kg COD/năm", "Phần phải trả", "Quy ra đồng/m³",
                                       "Tỷ lệ"], rows, footer)))

    for control in (ty_trong, khau_hao):
        control.observe(update, "value")
    update()
    box = w.VBox([huong_dan_go_so(), ty_trong, khau_hao, out])
    box.nhap = {"chia_theo_m3": ty_trong, "khau_hao": khau_hao}
    return box
