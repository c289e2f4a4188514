"""Máy tính của mô-đun 4: mẫu nước thải này có vượt Cmax của QCVN 40:2011/BTNMT không?

    from langnghe.may_tinh import may_kiem_tra_nuoc_thai
    may_kiem_tra_nuoc_thai(thong_so="cod", cot="B", luu_luong_nguon=48, luu_luong_xa=500, ket_qua=150)
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
from IPython.display import HTML, display

from .. import san_xuat_sach_hon as cp
from ..fmt import ngay, so
from ._chung import bang_ket_qua

Q_SONG = "Lưu lượng sông Q (m³/s)"
V_HO = "Thể tích hồ V (m³)"


def _number(x: float) -> str:
    """Up to three decimals, Vietnamese style, without trailing zeros (0,05; 148,5; 150)."""
    return so(x, 3, gon=True)



def danh_gia_mau(thong_so: str, cot: str, ket_qua: float, luu_luong_xa: float, luu_luong_nguon: float,
                 loai_nguon: str = cp.SONG, ngay_lay_mau=None, co_so_cu: bool = True) -> str:
    """Đánh giá một mẫu nước thải: bảng Kq, Kf, Cmax, kết luận đạt hay vượt và quy chuẩn áp dụng (dạng HTML).

    Là phần kết quả của `may_kiem_tra_nuoc_thai`. `luu_luong_xa`: lưu lượng xả F (m³/ngày);
    `luu_luong_nguon`: Q của sông (m³/s) hoặc V của hồ (m³); `co_so_cu`: cơ sở hoạt động trước 01/9/2025.
    """
    table = cp.bang_gioi_han(ngay_lay_mau)
    spec = table["thong_so"][thong_so]
    limit = cp.cmax(thong_so, cot, luu_luong_xa, luu_luong_nguon, loai_nguon, ngay_lay_mau)
    unit = "" if spec["don_vi"] == "–" else f" {spec['don_vi']}"
    rows = [("Thông số", f"{spec['ten']} (cột {cot})")]
    if isinstance(limit, tuple):
        rows.append(("Khoảng cho phép (Cmax = C)", f"{_number(limit[0])} – {_number(limit[1])}"))
    elif cp.khong_nhan_kq_kf(thong_so, ngay_lay_mau):
        rows += [("C (Bảng 1)", _number(spec[cot]) + unit), ("Kq, Kf", "không nhân (Cmax = C)"),
                 ("<b>Cmax</b>", f"<b>{_number(limit)}{unit}</b>")]
    else:
        rows += [
            ("C (Bảng 1)", _number(spec[cot]) + unit),
            ("Kq (nguồn tiếp nhận)", _number(cp.kq(luu_luong_nguon, loai_nguon, ngay_lay_mau))),
            ("Kf (lưu lượng xả)", _number(cp.kf(luu_luong_xa, ngay_lay_mau))),
            ("<b>Cmax = C × Kq × Kf</b>", f"<b>{_number(limit)}{unit}</b>"),
        ]
    rows.append(("Kết quả đo", _number(ket_qua) + unit))
    over = cp.vuot_gioi_han(ket_qua, limit)
    verdict = "❌ <b>VƯỢT</b> giới hạn" if over else "✅ Đạt (không vượt)"
    if not isinstance(limit, tuple):
        verdict += f": bằng {_number(round(cp.ty_le_vuot(ket_qua, limit), 2))} lần Cmax"
    rows.append(("<b>Kết luận</b>", verdict))
    when = ngay_lay_mau or dt.date.today()
    standard = cp.quy_chuan_ap_dung(when, da_hoat_dong_truoc=co_so_cu)
    note = f"Ngày {ngay(when)}: cơ sở này áp dụng <b>{standard}</b>."
    if standard != "QCVN 40:2011/BTNMT":
        note += (" Máy tính này chỉ có số liệu của QCVN 40:2011: hãy tra giới hạn trong văn bản QCVN 40:2025/BTNMT "
                 "và giấy phép môi trường của cơ sở.")
    return bang_ket_qua(rows) + f"<p>{note}</p>"


def may_kiem_tra_nuoc_thai(thong_so: str = "cod", cot: str = "B", luu_luong_nguon: float = 48.0,
                           luu_luong_xa: float = 500.0, ket_qua: float = 150.0) -> w.Widget:
    """Máy kiểm tra nước thải: chọn thông số, cột A/B, nguồn tiếp nhận, lưu lượng; xem Cmax và kết luận.

    Các số trong ngoặc là giá trị ban đầu: Q của sông (m³/s), lưu lượng xả F (m³/ngày) và kết quả đo.
    """
    specs = cp.bang_gioi_han("2025-01-01")["thong_so"]

    def measured_label(key: str) -> str:
        unit = specs[key]["don_vi"]
        return "Kết quả đo" if unit == "–" else f"Kết quả đo ({unit})"

    parameter = w.Dropdown(options=[(s["ten"] if s["don_vi"] == "–" else f"{s['ten']} ({s['don_vi']})", k)
                                    for k, s in specs.items()], value=thong_so, description="Thông số đo",
                           layout=w.Layout(width="440px"))
    column = w.ToggleButtons(options=list(cp.CAC_COT), value=cot, description="Cột của quy chuẩn")
    source = w.ToggleButtons(options=[cp.SONG, cp.HO], value=cp.SONG, description="Nguồn tiếp nhận")
    flow = w.BoundedFloatText(value=luu_luong_nguon, min=0, max=1e12, step=1, description=Q_SONG)
    discharge = w.BoundedFloatText(value=luu_luong_xa, min=0, max=1e7, step=10, description="Lưu lượng xả F (m³/ngày)")
    measured = w.BoundedFloatText(value=ket_qua, min=0, max=1e6, step=1, description=measured_label(thong_so))
    day = w.DatePicker(value=dt.date(2025, 10, 1), description="Ngày lấy mẫu")
    existing = w.Checkbox(value=True, description="Cơ sở hoạt động trước 01/9/2025", indent=False)
    for control in (parameter, column, source, flow, discharge, measured, day):
        control.style.description_width = "180px"
    for control in (flow, discharge, measured):
        control.layout.width = "320px"
    for control in (column, source):
        control.style.button_width = "64px"
    day.layout.width = "340px"
    out = w.Output()

    def on_source(change):
        flow.description = Q_SONG if change["new"] == cp.SONG else V_HO
        flow.value = 48.0 if change["new"] == cp.SONG else 5_000_000.0

    def on_parameter(change):
        measured.description = measured_label(change["new"])

    def update(*_):
        out.clear_output(wait=True)
        with out:
            display(HTML(danh_gia_mau(parameter.value, column.value, measured.value, discharge.value, flow.value,
                                      source.value, day.value or dt.date.today(), existing.value)))

    source.observe(on_source, "value")
    parameter.observe(on_parameter, "value")
    for control in (parameter, column, source, flow, discharge, measured, day, existing):
        control.observe(update, "value")
    update()
    box = w.VBox([w.HBox([w.VBox([parameter, column, source, flow]), w.VBox([discharge, measured, day, existing])]),
                  out])
    box.nhap = {"thong_so": parameter, "cot": column, "nguon": source, "luu_luong_nguon": flow,
                "luu_luong_xa": discharge, "ket_qua": measured, "ngay_lay_mau": day, "co_so_cu": existing}
    return box
