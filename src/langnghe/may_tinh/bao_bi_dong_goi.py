"""Máy tính của mô-đun 3: vẽ khuôn thùng FEFCO 0201 từ kích thước lọt lòng, xem tấm phôi, tiền giấy, sức nén, lưu PDF.

    from langnghe.may_tinh import may_ve_khuon_hop
    may_ve_khuon_hop(dai_mm=400, rong_mm=300, cao_mm=300)
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
from IPython.display import HTML, display

from ..bao_bi_dong_goi import (GIA_TOC_TRONG_TRUONG, chu_vi_thung_mm, suc_nen_can_co, suc_nen_mckee,
                              tam_phoi_fefco_0201, ve_khuon_hop)
from ..data import tai_du_lieu
from ..fmt import so, tien
from ..params import tham_so
from ._chung import bang_ket_qua



def may_ve_khuon_hop(dai_mm: int = 300, rong_mm: int = 200, cao_mm: int = 150, ma_giay: str = "3C-1",
                     khoi_luong_kg: float = 8.0, so_tang: int = 5) -> w.Widget:
    """Máy vẽ khuôn hộp: nhập kích thước lọt lòng, chọn loại giấy; xem tấm phôi, tiền giấy, sức nén; lưu PDF 1:1.

    Các số trong ngoặc là giá trị ban đầu của ô nhập: kích thước lọt lòng (mm), mã giấy trong bảng
    `loai_giay_carton`, khối lượng một thùng (kg) và số tầng xếp chồng để xét sức nén cần có.
    """
    giay = tai_du_lieu("loai_giay_carton").set_index("ma_giay")
    be_dan = tham_so("be_dan_hop")
    an_toan = tham_so("he_so_an_toan_xep_chong")
    kich = dict(min=30, max=1500, step=5, layout=w.Layout(width="220px"), style={"description_width": "90px"})
    dai = w.BoundedIntText(value=dai_mm, description="Dài (mm)", **kich)
    rong = w.BoundedIntText(value=rong_mm, description="Rộng (mm)", **kich)
    cao = w.BoundedIntText(value=cao_mm, description="Cao (mm)", **kich)
    loai = w.Dropdown(
        options=[(f"{ma} · {r.ten_giay} · {so(r.do_day_mm, 1)} mm", ma) for ma, r in giay.iterrows()],
        value=ma_giay if ma_giay in giay.index else giay.index[0], description="Loại giấy",
        layout=w.Layout(width="420px"),
    )
    dan = w.IntSlider(value=be_dan["mac_dinh"], min=be_dan["thap"], max=be_dan["cao"], description="Bề dán (mm)",
                      style={"description_width": "90px"})
    kg = w.BoundedFloatText(value=khoi_luong_kg, min=0.1, max=60, step=0.5, description="Một thùng (kg)",
                            style={"description_width": "110px"}, layout=w.Layout(width="220px"))
    tang = w.IntSlider(value=so_tang, min=1, max=15, description="Số tầng xếp", style={"description_width": "110px"})
    he_so = w.FloatSlider(value=an_toan["cao"], min=an_toan["thap"], max=an_toan["cao"], step=0.5,
                          description="Hệ số an toàn", style={"description_width": "110px"})
    kho = w.ToggleButtons(options=[("Một trang vừa khuôn", "vua"), ("Chia trang A4", "A4")], value="vua")
    ten_tep = w.Text(value="khuon_hop.pdf", description="Tên tệp", layout=w.Layout(width="300px"))
    nut = w.Button(description="Lưu PDF", icon="download", button_style="primary")
    so_lieu, hinh, bao = w.Output(), w.Output(), w.Output()

    def update(*_):
        r = giay.loc[loai.value]
        t = float(r["do_day_mm"])
        phoi = tam_phoi_fefco_0201(dai.value, rong.value, cao.value, t, dan.value)
        bct = suc_nen_mckee(float(r["ect_kn_m"]), t, chu_vi_thung_mm(phoi.dai_mm, phoi.rong_mm))
        can = suc_nen_can_co(kg.value, tang.value, he_so.value)
        ket_luan = ("<b style='color:#007a33'>ĐẠT</b>" if bct >= can
                    else "<b style='color:#c00000'>KHÔNG ĐẠT: chọn giấy cứng hơn hoặc xếp ít tầng hơn</b>")
        rows = [
            ("Tấm phôi (dài × rộng)", f"{so(phoi.dai_phoi_mm, 1)} × {so(phoi.rong_phoi_mm, 1)} mm"),
            ("Diện tích giấy một hộp", f"{so(phoi.dien_tich_m2, 3)} m²"),
            ("Tiền giấy một hộp (ước tính)", tien(phoi.dien_tich_m2 * float(r["gia_m2"]))),
            ("Sức nén của hộp (McKee)", f"{so(bct)} N ≈ {so(bct / GIA_TOC_TRONG_TRUONG)} kg"),
            ("Sức nén cần có", f"{so(can)} N ≈ {so(can / GIA_TOC_TRONG_TRUONG)} kg"),
            ("Kết luận", ket_luan),
        ]
        so_lieu.clear_output(wait=True)
        with so_lieu:
            display(HTML(bang_ket_qua(rows)))
        hinh.clear_output(wait=True)
        with hinh:
            display(ve_khuon_hop(dai.value, rong.value, cao.value, t, be_dan_mm=dan.value,
                                 loai_giay=str(r["ten_giay"])))  # shows itself as the preview picture

    def save(_):
        r = giay.loc[loai.value]
        bao.clear_output()
        with bao:
            ve_khuon_hop(dai.value, rong.value, cao.value, float(r["do_day_mm"]), tep_pdf=Path(ten_tep.value),
                         be_dan_mm=dan.value, kho_giay=kho.value, loai_giay=str(r["ten_giay"]))

    for control in (dai, rong, cao, loai, dan, kg, tang, he_so):
        control.observe(update, "value")
    nut.on_click(save)
    update()
    nhap = w.VBox([w.HBox([dai, rong, cao]), w.HBox([loai, dan]), w.HBox([kg, tang, he_so])])
    luu = w.HBox([kho, ten_tep, nut])
    return w.VBox([nhap, so_lieu, luu, bao, hinh])
