"""Các phép tính quản lý một xưởng nhỏ (mô-đun 5), theo tinh thần bộ sách *Improve Your Business* của ILO.

- Sổ thu chi: tồn quỹ sau mỗi lần thu chi, lãi lỗ từng tháng (`ton_quy`, `lai_lo_hang_thang`).
- Giá thành và giá bán: tiền vật tư, giá thành, giá bán đề xuất, sản lượng hòa vốn, biên an toàn
  (`tien_vat_tu`, `gia_thanh`, `gia_ban_de_xuat`, `san_luong_hoa_von`, `bien_an_toan`).
- Kế hoạch tiền mặt 12 tháng: tiền bán hàng thu được (có bán chịu), lịch trả nợ vay, tháng ít tiền
  nhất, số tiền cần vay thêm; lưu ra tệp Excel có công thức (`lap_ke_hoach_tien_mat`,
  `luu_ke_hoach_excel`, `thu_tien_ban_hang`, `lich_tra_no`, `thang_thap_nhat`, `tien_can_vay`).
- Quản lý kho: thẻ kho tính giá bình quân, điểm đặt hàng, phân loại ABC (`lap_the_kho`,
  `diem_dat_hang`, `phan_loai_abc`).
- Năng suất lao động: hiệu suất so với định mức, tỷ lệ lỗi, tiền công mỗi giờ (`nang_suat_lao_dong`).

Đơn vị tiền là đồng. Ví dụ:

    from langnghe.quan_ly import san_luong_hoa_von
    san_luong_hoa_von(16_000_000, 430_000, 270_000)   # 100 sản phẩm

Maintainer note: the lessons show the same arithmetic step by step with pandas; the calculators
(`langnghe.may_tinh.quan_ly`), the Excel file and the tests call these functions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

# Cash-book categories (khoan_muc) of the course's workshop, by their place in a profit and loss.
DOANH_THU = ["Bán hàng", "Thu nợ khách hàng"]
CHI_PHI = ["Mua vật tư", "Tiền công thợ", "Lương nhân viên", "Thuê kho bãi", "Tiền điện",
           "Điện thoại, internet", "Vận chuyển", "Sửa chữa, dụng cụ nhỏ", "Hội chợ, quảng cáo", "Thuế",
           "Trả lãi vay"]

THANG = [f"T{m}" for m in range(1, 13)]


# ------------------------------------------------------------------ record keeping
def ton_quy(so_thu_chi: pd.DataFrame) -> pd.Series:
    """Tồn quỹ: số tiền còn lại sau mỗi dòng của sổ thu chi (đồng).

    `so_thu_chi` có cột `loai` ("Thu" hoặc "Chi") và cột `so_tien` (luôn là số dương). Dòng "Thu"
    cộng vào, dòng "Chi" trừ đi, cộng dồn từ trên xuống. Ví dụ: thu 100, chi 30, thu 50 → 100, 70, 120.
    """
    signed = so_thu_chi["so_tien"].where(so_thu_chi["loai"] == "Thu", -so_thu_chi["so_tien"])
    return signed.cumsum()


def lai_lo_hang_thang(so_thu_chi: pd.DataFrame, doanh_thu: Sequence[str] = DOANH_THU,
                      chi_phi: Sequence[str] = CHI_PHI, khau_hao: float = 0.0) -> pd.DataFrame:
    """Bảng lãi lỗ 12 tháng theo tiền thu chi: các cột doanh_thu, chi_phi, khau_hao, loi_nhuan (đồng).

    Chỉ tính các khoản mục có trong danh sách `doanh_thu` và `chi_phi`: tiền vay, trả gốc vay, mua
    sắm tài sản hay gia đình rút tiền làm tiền vào ra nhưng không phải doanh thu hay chi phí. Tháng
    không có dòng nào vẫn có trong bảng, với số 0. `khau_hao` (đồng mỗi tháng) là phần giá máy móc,
    nhà xưởng chia đều cho những tháng dùng được.
    Lợi nhuận = doanh thu − chi phí − khấu hao.
    """
    month = pd.to_datetime(so_thu_chi["ngay"]).dt.month
    kind = so_thu_chi["khoan_muc"]
    months = pd.RangeIndex(1, 13, name="thang")
    rev = so_thu_chi["so_tien"].where(kind.isin(doanh_thu), 0).groupby(month).sum().reindex(months, fill_value=0)
    cost = so_thu_chi["so_tien"].where(kind.isin(chi_phi), 0).groupby(month).sum().reindex(months, fill_value=0)
    table = pd.DataFrame({"doanh_thu": rev, "chi_phi": cost, "khau_hao": float(khau_hao)}, index=months)
    table["loi_nhuan"] = table["doanh_thu"] - table["chi_phi"] - table["khau_hao"]
    return table


# ------------------------------------------------------------------ costing and pricing
def tien_vat_tu(dinh_muc: pd.DataFrame, don_gia: pd.Series) -> pd.Series:
    """Tiền vật tư cho một sản phẩm của từng mã sản phẩm (đồng): cộng định mức × đơn giá.

    `dinh_muc`: bảng định mức có cột `ma_sp`, `ma_vt`, `dinh_muc` (lượng vật tư cho một sản phẩm);
    `don_gia`: đơn giá mỗi đơn vị vật tư, theo mã vật tư. Kết quả theo `ma_sp`.
    """
    cost = dinh_muc["dinh_muc"] * dinh_muc["ma_vt"].map(don_gia)
    return cost.groupby(dinh_muc["ma_sp"]).sum()


def gia_thanh(vat_tu: float, tien_cong: float, chi_phi_chung: float) -> float:
    """Giá thành một sản phẩm = vật tư + tiền công + chi phí chung phân bổ (đồng).

    Ví dụ: gia_thanh(81_460, 96_600, 56_000) → 234.060 đồng.
    """
    return vat_tu + tien_cong + chi_phi_chung


def gia_ban_de_xuat(gia_thanh: float, ty_le_cong_them: float, lam_tron_den: int = 1000) -> int:
    """Giá bán đề xuất = giá thành × (1 + tỷ lệ cộng thêm), làm tròn LÊN đến `lam_tron_den` (mặc định nghìn đồng).

    Ví dụ: gia_ban_de_xuat(234_060, 0.25) → 293.000 đồng (292.575 làm tròn lên).
    """
    return int(math.ceil(round(gia_thanh * (1 + ty_le_cong_them) / lam_tron_den, 9)) * lam_tron_den)


def san_luong_hoa_von(chi_phi_co_dinh: float, gia_ban: float, bien_phi: float) -> int | None:
    """Số sản phẩm phải bán để đủ trả chi phí cố định, làm tròn lên; None nếu không bao giờ hòa vốn.

    Sản lượng hòa vốn = chi phí cố định ÷ (giá bán − biến phí một sản phẩm). Nếu giá bán không cao
    hơn biến phí thì bán bao nhiêu cũng không hòa vốn: trả về None.
    Ví dụ: san_luong_hoa_von(16_000_000, 430_000, 270_090) → 101 (100,06 làm tròn lên).
    """
    margin = gia_ban - bien_phi
    if margin <= 0:
        return None
    return int(math.ceil(round(chi_phi_co_dinh / margin, 9)))


def bien_an_toan(du_kien: float, hoa_von: float | None) -> float | None:
    """Biên an toàn = (sản lượng dự kiến − sản lượng hòa vốn) ÷ sản lượng dự kiến.

    Cho biết bán hụt bao nhiêu phần trăm so với dự kiến thì bắt đầu lỗ (0.22 nghĩa là 22%); số âm:
    kế hoạch đang lỗ. None nếu không hòa vốn được hoặc sản lượng dự kiến là 0.
    Ví dụ: bien_an_toan(130, 101) → 0.223.
    """
    if hoa_von is None or du_kien <= 0:
        return None
    return (du_kien - hoa_von) / du_kien


# ------------------------------------------------------------------ the cash plan
def thu_tien_ban_hang(doanh_so: Sequence[float], ty_le_tra_ngay: float,
                      phai_thu_dau_nam: float = 0.0) -> list[float]:
    """Tiền bán hàng thu được mỗi tháng (đồng), khi một phần khách trả chậm một tháng.

    Mỗi tháng thu `ty_le_tra_ngay` doanh số của tháng đó, cộng phần còn lại của doanh số tháng
    trước; tháng đầu thu thêm `phai_thu_dau_nam` (tiền khách còn nợ từ trước).
    Ví dụ: thu_tien_ban_hang([100, 200, 0], 0.6, 30) → [90, 160, 80].
    """
    out, previous = [], None
    for s in doanh_so:
        later = phai_thu_dau_nam if previous is None else previous * (1 - ty_le_tra_ngay)
        out.append(s * ty_le_tra_ngay + later)
        previous = s
    return out


def lich_tra_no(du_no: float, goc_moi_thang: float, lai_suat_nam: float, so_thang: int = 12) -> pd.DataFrame:
    """Lịch trả nợ vay: mỗi tháng trả một khoản gốc bằng nhau và tiền lãi trên số còn nợ (đồng).

    Lãi tháng = dư nợ đầu tháng × lãi suất năm ÷ 12. Các cột: du_no_dau_thang, tra_goc, tra_lai;
    mỗi dòng một tháng (T1, T2...). Hết nợ thì trả gốc 0.
    Ví dụ: lich_tra_no(150_000_000, 10_000_000, 0.085) cho lãi tháng 1 là 1.062.500 đồng.
    """
    rows, balance = [], du_no
    for _ in range(so_thang):
        pay = min(goc_moi_thang, balance)
        rows.append({"du_no_dau_thang": balance, "tra_goc": pay, "tra_lai": balance * lai_suat_nam / 12})
        balance -= pay
    return pd.DataFrame(rows, index=THANG[:so_thang])


def _cash_plan(opening_cash: float, receipts: dict[str, Sequence[float]], payments: dict[str, Sequence[float]],
               months: Sequence[str] = THANG) -> pd.DataFrame:
    """A cash plan: one column per month, rows = each receipt and payment line, totals, balances."""
    n = len(months)
    rows: dict[str, list[float]] = {}
    for name, values in {**receipts, **payments}.items():
        if len(values) != n:
            raise ValueError(f"Dòng {name!r} có {len(values)} số, cần đúng {n} số (mỗi tháng một số).")
    total_in = [sum(v[i] for v in receipts.values()) for i in range(n)]
    total_out = [sum(v[i] for v in payments.values()) for i in range(n)]
    start, end, cash = [], [], opening_cash
    for i in range(n):
        start.append(cash)
        cash = cash + total_in[i] - total_out[i]
        end.append(cash)
    rows["Tiền đầu tháng"] = start
    for name, values in receipts.items():
        rows[name] = list(values)
    rows["Tổng thu"] = total_in
    for name, values in payments.items():
        rows[name] = list(values)
    rows["Tổng chi"] = total_out
    rows["Tiền cuối tháng"] = end
    return pd.DataFrame(rows, index=list(months)).T


def lap_ke_hoach_tien_mat(tien_dau_nam: float, doanh_so: Sequence[float], ty_le_tra_ngay: float,
                          phai_thu_dau_nam: float, thu_khac: dict[str, Sequence[float]],
                          chi: dict[str, Sequence[float]], thang: Sequence[str] = THANG) -> pd.DataFrame:
    """Bảng kế hoạch tiền mặt: mỗi cột một tháng; các dòng thu, chi, tổng thu, tổng chi, tiền đầu và cuối tháng.

    Khách trả ngay `ty_le_tra_ngay` doanh số của tháng, phần còn lại trả vào tháng sau; tháng đầu thu thêm
    `phai_thu_dau_nam` (tiền khách còn nợ từ năm trước). `thu_khac` và `chi`: mỗi khoản một tên và 12 số
    (mỗi tháng một số), ví dụ {"Trả gốc vay": [10_000_000] * 12}. Tính đúng như các công thức của tệp Excel
    mà `luu_ke_hoach_excel` lưu. Lấy dòng tiền cuối tháng bằng `bang.loc["Tiền cuối tháng"]`.
    """
    receipts = {"Thu tiền bán hàng": thu_tien_ban_hang(doanh_so, ty_le_tra_ngay, phai_thu_dau_nam), **thu_khac}
    return _cash_plan(tien_dau_nam, receipts, chi, thang)


def thang_thap_nhat(tien_cuoi_thang: pd.Series) -> tuple[str, float]:
    """Tháng có tiền cuối tháng thấp nhất (tháng đầu tiên nếu có nhiều tháng bằng nhau) và số tiền đó.

    Ví dụ: thang_thap_nhat(pd.Series({"T1": 20, "T2": -30, "T3": 70})) → ("T2", -30.0).
    Với kế hoạch của `lap_ke_hoach_tien_mat`: thang_thap_nhat(bang.loc["Tiền cuối tháng"]).
    """
    label = tien_cuoi_thang.idxmin()
    return label, float(tien_cuoi_thang[label])


def tien_can_vay(tien_cuoi_thang: Sequence[float], muc_toi_thieu: float = 0.0) -> float:
    """Số tiền cần vay thêm (hoặc góp thêm) để tiền cuối tháng không bao giờ xuống dưới `muc_toi_thieu` (đồng).

    Bằng mức tối thiểu trừ tiền cuối tháng thấp nhất; 0 nếu không tháng nào xuống dưới mức đó.
    Ví dụ: tien_can_vay([50, -20, 80], 10) → 30.
    """
    return max(0.0, muc_toi_thieu - min(tien_cuoi_thang))


# ------------------------------------------------------------------ the cash plan as an Excel workbook
def luu_ke_hoach_excel(ten_tep, tien_dau_nam: float, doanh_so: Sequence[float], ty_le_tra_ngay: float,
                       phai_thu_dau_nam: float, thu_khac: dict[str, Sequence[float]],
                       chi: dict[str, Sequence[float]], muc_toi_thieu: float = 0,
                       thang: Sequence[str] = THANG, tieu_de: str = "Kế hoạch tiền mặt 12 tháng") -> Path:
    """Lưu kế hoạch tiền mặt ra tệp Excel (.xlsx) có công thức, để chủ cơ sở sửa số và dùng tiếp.

    Các tham số như của `lap_ke_hoach_tien_mat`, thêm tên tệp, mức tiền tối thiểu muốn luôn giữ và
    tiêu đề. Ô màu vàng là số chủ cơ sở tự nhập (doanh số, tỷ lệ khách trả ngay, từng khoản thu chi);
    ô màu trắng là công thức (tiền bán hàng thu được, tổng thu, tổng chi, tiền cuối tháng, tháng
    thấp nhất, số tiền cần vay thêm), Excel hoặc LibreOffice tự tính lại khi sửa ô vàng.
    Trả về đường dẫn của tệp đã lưu.
    """
    from openpyxl import Workbook  # a dependency of the course; imported here, used only here
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    n = len(thang)
    for name, values in {"Doanh số bán": doanh_so, **thu_khac, **chi}.items():
        if len(values) != n:
            raise ValueError(f"Dòng {name!r} có {len(values)} số, cần đúng {n} số (mỗi tháng một số).")
    path = Path(ten_tep)
    wb = Workbook()
    ws = wb.active
    ws.title = "Kế hoạch tiền mặt"
    yellow = PatternFill("solid", fgColor="FFF2CC")
    grey = PatternFill("solid", fgColor="E7E6E6")
    bold = Font(bold=True)
    money = "#,##0"
    col = [get_column_letter(2 + i) for i in range(n)]  # B..M

    ws["A1"] = tieu_de
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Ô màu vàng: số anh chị tự nhập. Ô màu trắng: công thức, tự tính lại khi sửa ô vàng. Đơn vị: đồng."
    ws["A4"], ws["B4"] = "Tỷ lệ doanh số khách trả ngay trong tháng", ty_le_tra_ngay
    ws["A5"], ws["B5"] = "Tiền khách còn nợ đầu kỳ (thu trong tháng đầu)", phai_thu_dau_nam
    ws["A6"], ws["B6"] = "Mức tiền tối thiểu muốn luôn giữ", muc_toi_thieu
    for ref in ("B4", "B5", "B6"):
        ws[ref].fill = yellow
    ws["B4"].number_format = "0%"
    ws["B5"].number_format = ws["B6"].number_format = money

    r = 8
    ws.cell(r, 1, "Khoản").font = bold
    for i, m in enumerate(thang):
        ws.cell(r, 2 + i, m).font = bold
    ws.cell(r, 2 + n, "Cả năm").font = bold
    header = r

    def put_row(row: int, label: str, values=None, formulas=None, total: bool = True, strong: bool = False):
        ws.cell(row, 1, label)
        for i in range(n):
            c = ws.cell(row, 2 + i, values[i] if values is not None else formulas(i))
            c.number_format = money
            if values is not None:
                c.fill = yellow
        if total:
            c = ws.cell(row, 2 + n, f"=SUM(B{row}:{col[-1]}{row})")
            c.number_format = money
        if strong:
            for j in range(1, n + 3):
                ws.cell(row, j).font = bold

    r_sales = header + 1
    put_row(r_sales, "Doanh số bán (ghi nhận khi giao hàng)", values=list(doanh_so))
    r_open = r_sales + 1
    r_cash_sales = r_open + 1
    r_other = list(range(r_cash_sales + 1, r_cash_sales + 1 + len(thu_khac)))
    r_in = r_cash_sales + 1 + len(thu_khac)
    r_pay = list(range(r_in + 1, r_in + 1 + len(chi)))
    r_out = r_in + 1 + len(chi)
    r_close = r_out + 1

    put_row(r_open, "Tiền đầu tháng", formulas=lambda i: tien_dau_nam if i == 0 else f"={col[i - 1]}{r_close}",
            total=False, strong=True)
    ws.cell(r_open, 2).fill = yellow
    put_row(r_cash_sales, "Thu tiền bán hàng",
            formulas=lambda i: (f"={col[i]}{r_sales}*$B$4+$B$5" if i == 0
                                else f"={col[i]}{r_sales}*$B$4+{col[i - 1]}{r_sales}*(1-$B$4)"))
    for row, (name, values) in zip(r_other, thu_khac.items()):
        put_row(row, name, values=list(values))
    put_row(r_in, "Tổng thu", formulas=lambda i: f"=SUM({col[i]}{r_cash_sales}:{col[i]}{r_in - 1})", strong=True)
    for row, (name, values) in zip(r_pay, chi.items()):
        put_row(row, name, values=list(values))
    put_row(r_out, "Tổng chi", formulas=lambda i: f"=SUM({col[i]}{r_in + 1}:{col[i]}{r_out - 1})", strong=True)
    put_row(r_close, "Tiền cuối tháng", formulas=lambda i: f"={col[i]}{r_open}+{col[i]}{r_in}-{col[i]}{r_out}",
            total=False, strong=True)
    for j in range(1, n + 3):
        ws.cell(r_close, j).fill = grey

    closing = f"B{r_close}:{col[-1]}{r_close}"
    r = r_close + 2
    ws.cell(r, 1, "Số tiền cuối tháng thấp nhất").font = bold
    ws.cell(r, 2, f"=MIN({closing})").number_format = money
    ws.cell(r + 1, 1, "Tháng thấp nhất").font = bold
    ws.cell(r + 1, 2, f"=INDEX(B{header}:{col[-1]}{header},MATCH(MIN({closing}),{closing},0))")
    ws.cell(r + 2, 1, "Cần vay thêm (hoặc góp thêm) để không xuống dưới mức tối thiểu").font = bold
    ws.cell(r + 2, 2, f"=MAX(0,$B$6-MIN({closing}))").number_format = money

    ws.column_dimensions["A"].width = 58
    for i in range(n + 1):
        ws.column_dimensions[get_column_letter(2 + i)].width = 14
    ws.freeze_panes = ws.cell(header + 1, 2)
    for row in ws.iter_rows(min_row=header, max_row=header):
        for c in row:
            c.alignment = Alignment(horizontal="center")

    guide = wb.create_sheet("Hướng dẫn")
    lines = [
        "Cách dùng bảng kế hoạch tiền mặt",
        "1. Mỗi tháng, ghi số thật vào bên cạnh số kế hoạch (chép sang một cột mới hoặc một tệp mới) để so sánh.",
        "2. Sửa các ô màu vàng khi kế hoạch đổi: doanh số, các khoản thu khác, các khoản chi.",
        "3. Ô 'Tỷ lệ doanh số khách trả ngay': phần còn lại khách trả vào tháng sau (bán chịu).",
        "4. Các ô trắng là công thức, đừng gõ đè lên. Xem dòng 'Tiền cuối tháng' và ba dòng cuối cùng.",
        "5. Nếu 'Cần vay thêm' lớn hơn 0: chuẩn bị vay, đòi nợ sớm, hoãn mua sắm, hoặc bớt rút tiền cho gia đình.",
        "Bảng được tạo bởi khóa học langnghe (mô-đun 5: Nâng cao năng lực quản lý).",
    ]
    for i, text in enumerate(lines, start=1):
        guide.cell(i, 1, text)
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110
    wb.calculation.fullCalcOnLoad = True  # Excel and LibreOffice compute the formulas on opening
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# ------------------------------------------------------------------ stock control
def lap_the_kho(phieu_kho: pd.DataFrame) -> pd.DataFrame:
    """Thẻ kho của một vật tư, tính giá xuất theo giá bình quân gia quyền sau mỗi lần nhập.

    `phieu_kho`: các phiếu theo thứ tự ngày, có cột `ngay`, `so_phieu`, `loai` ("Tồn đầu kỳ", "Nhập"
    hoặc "Xuất"), `so_luong` và, với phiếu nhập, `don_gia`. Sau mỗi lần nhập, giá bình quân =
    (giá trị đang tồn + lượng nhập × đơn giá) ÷ (lượng đang tồn + lượng nhập); hàng xuất ra theo giá
    bình quân đó. Các cột: nhap, xuat, ton, don_gia_binh_quan, gia_tri_xuat, gia_tri_ton.
    """
    rows, qty, value = [], 0.0, 0.0
    for r in phieu_kho.itertuples(index=False):
        q = float(r.so_luong)
        if r.loai in ("Tồn đầu kỳ", "Nhập"):
            qty, value = qty + q, value + q * float(r.don_gia)
            avg = value / qty if qty else 0.0
            nhap, xuat, gia_xuat = q, 0.0, 0.0
        else:
            avg = value / qty if qty else 0.0
            nhap, xuat, gia_xuat = 0.0, q, q * avg
            qty, value = round(qty - q, 6), value - q * avg
        rows.append({"ngay": r.ngay, "so_phieu": r.so_phieu, "loai": r.loai, "nhap": nhap, "xuat": xuat,
                     "ton": qty, "don_gia_binh_quan": avg, "gia_tri_xuat": gia_xuat, "gia_tri_ton": value})
    return pd.DataFrame(rows)


def diem_dat_hang(dung_moi_ngay: float, so_ngay_cho: float, ton_an_toan: float) -> float:
    """Điểm đặt hàng: khi tồn kho xuống tới mức này thì đặt mua tiếp (không làm tròn).

    Điểm đặt hàng = lượng dùng mỗi ngày × số ngày chờ hàng về + tồn kho an toàn, cùng đơn vị với
    vật tư (kg, m, cái...). Ví dụ: diem_dat_hang(3.5, 10, 24.5) → 59,5.
    """
    return dung_moi_ngay * so_ngay_cho + ton_an_toan


def phan_loai_abc(gia_tri: pd.Series, moc_thu_nhat: float = 0.8, moc_thu_hai: float = 0.95) -> pd.Series:
    """Nhóm A, B hay C của từng vật tư, theo giá trị sử dụng cả năm (`gia_tri`, đồng).

    Xếp vật tư theo giá trị từ lớn đến nhỏ (bằng nhau thì theo mã). Một vật tư là "A" nếu các vật tư
    đứng trước nó cộng lại chưa tới `moc_thu_nhat` (80%) tổng giá trị, là "B" nếu chưa tới
    `moc_thu_hai` (95%), còn lại là "C". Vì vậy vật tư vượt mốc 80% vẫn là "A"; vật tư không dùng
    (giá trị 0) luôn là "C". Kết quả giữ thứ tự ban đầu, tên cột `nhom_abc`.
    """
    if len(gia_tri) == 0:
        return pd.Series(dtype=object, index=gia_tri.index)
    order = sorted(gia_tri.index, key=lambda k: (-float(gia_tri[k]), str(k)))
    total = float(gia_tri.sum())
    classes, before = {}, 0.0
    for k in order:
        share_before = before / total if total > 0 else 1.0
        v = float(gia_tri[k])
        if v <= 0:
            classes[k] = "C"
        elif share_before < moc_thu_nhat:
            classes[k] = "A"
        elif share_before < moc_thu_hai:
            classes[k] = "B"
        else:
            classes[k] = "C"
        before += v
    return pd.Series([classes[k] for k in gia_tri.index], index=gia_tri.index, name="nhom_abc")


# ------------------------------------------------------------------ labour productivity
def nang_suat_lao_dong(bang_cong: pd.DataFrame, phut_chuan: pd.Series) -> pd.DataFrame:
    """Năng suất của từng dòng bảng công: sản phẩm mỗi giờ, hiệu suất, tỷ lệ lỗi, tiền công mỗi giờ.

    `bang_cong` có cột `ma_sp`, `gio_lam`, `so_dat`, `so_loi`, `tien_cong` (như bảng `nang_suat_tho`);
    `phut_chuan`: thời gian chuẩn làm một sản phẩm (phút), theo mã sản phẩm. Hiệu suất = giờ chuẩn
    của số sản phẩm làm ra (đạt + lỗi) ÷ giờ làm thật; 1.0 nghĩa là đúng định mức. Thêm các cột
    sp_moi_gio, hieu_suat, ty_le_loi, cong_moi_gio.
    """
    made = bang_cong["so_dat"] + bang_cong["so_loi"]
    std_hours = made * bang_cong["ma_sp"].map(phut_chuan) / 60
    out = bang_cong.copy()
    out["sp_moi_gio"] = bang_cong["so_dat"] / bang_cong["gio_lam"]
    out["hieu_suat"] = std_hours / bang_cong["gio_lam"]
    out["ty_le_loi"] = (bang_cong["so_loi"] / made).where(made > 0, 0.0)
    out["cong_moi_gio"] = bang_cong["tien_cong"] / bang_cong["gio_lam"]
    return out
