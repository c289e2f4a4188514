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
from ._chung import bang_ket_qua, huong_dan_go_so, thanh_truot



def may_ve_khuon_hop(dai_mm: int = 300, rong_mm: int = 200, cao_mm: int = 150, ma_giay: str = "3C-1",
                     khoi_luong_kg: float = 8.0, so_tang: int = 5) -> w.Widget:
    """Máy vẽ khuôn hộp: nhập kích thước lọt lòng, chọn loại giấy; xem tấm phôi, tiền giấy, sức nén; lưu PDF 1:1.

    Các số trong ngoặc là giá trị ban đầu của ô nhập: kích thước lọt lòng (mm), mã giấy trong bảng
    `loai_giay_carton`, khối lượng một thùng (kg) và số tầng xếp chồng để xét sức nén cần có.
    """
    giay = tai_du_lieu("loai_giay_carton").set_index("ma_giay")
    be_dan = tham_so("be_dan_hop")
    an_toan = tham_so("he_so_an_toan_xep_chong")
    nhan = {"description_width": "200px"}
    kich = dict(min=30, max=1500, step=5, layout=w.Layout(width="300px"), style=nhan)
    dai = w.BoundedIntText(value=dai_mm, description="Chiều dài lọt lòng (mm)", **kich)
    rong = w.BoundedIntText(value=rong_mm, description="Chiều rộng lọt lòng (mm)", **kich)
    cao = w.BoundedIntText(value=cao_mm, description="Chiều cao lọt lòng (mm)", **kich)
    loai = w.Dropdown(
        options=[(f"{ma} · {r.ten_giay} · {so(r.do_day_mm, 1)} mm", ma) for ma, r in giay.iterrows()],
        value=ma_giay if ma_giay in giay.index else giay.index[0], description="Loại giấy",
        style=nhan, layout=w.Layout(width="520px"),
    )
    dan = thanh_truot(be_dan["mac_dinh"], be_dan["thap"], be_dan["cao"], 1, "Bề dán (mm)", rong_nhan="200px",
                      rong="480px")
    kg = w.BoundedFloatText(value=khoi_luong_kg, min=0.1, max=60, step=0.5, description="Khối lượng một thùng (kg)",
                            style=nhan, layout=w.Layout(width="300px"))
    tang = thanh_truot(so_tang, 1, 15, 1, "Số tầng xếp chồng", rong_nhan="200px", rong="480px")
    # Chosen from a few values, shown the Vietnamese way (3,5 and not 3.50 as a FloatSlider's readout would).
    muc = [an_toan["thap"] + 0.5 * i for i in range(int((an_toan["cao"] - an_toan["thap"]) / 0.5) + 1)]
    he_so = w.SelectionSlider(options=[(so(m, 1, gon=True), float(m)) for m in muc], value=float(an_toan["cao"]),
                              description="Hệ số an toàn (lần)", style=nhan, layout=w.Layout(width="480px"))
    kho = w.ToggleButtons(options=[("Một trang vừa khuôn", "vua"), ("Chia trang A4", "A4")], value="vua",
                          style={"button_width": "170px"})
    ten_tep = w.Text(value="khuon_hop.pdf", description="Tên tệp PDF", style={"description_width": "90px"},
                     layout=w.Layout(width="340px"))
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
    nhap = w.VBox([huong_dan_go_so(), w.HBox([w.VBox([dai, rong, cao, kg]), w.VBox([dan, tang, he_so])]), loai])
    luu = w.HBox([kho, ten_tep, nut])
    box = w.VBox([nhap, so_lieu, luu, bao, hinh])
    box.nhap = {"dai_mm": dai, "rong_mm": rong, "cao_mm": cao, "ma_giay": loai, "khoi_luong_kg": kg, "so_tang": tang,
                "be_dan_mm": dan, "he_so_an_toan": he_so, "kho_giay": kho, "ten_tep": ten_tep}
    return box
