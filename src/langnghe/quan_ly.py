"""The arithmetic of running a small workshop (module 5), in the spirit of ILO's Improve Your Business.

Record keeping (a cash book to a monthly profit and loss), costing and pricing (unit cost,
markup, break-even, margin of safety), a 12-month cash plan (credit sales, loan repayments,
lowest-cash month, credit needed; saved as an Excel workbook with live formulas), stock control
(stock card with weighted-average cost, reorder point, ABC classes) and labour productivity.

The lessons show the same arithmetic step by step with pandas; the widgets, the Excel file and
the tests call these functions. Maintainer-facing names are English; the column names and
messages a trainee sees are Vietnamese.
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
KHONG_TINH_LAI_LO = ["Số dư đầu kỳ", "Vay ngân hàng", "Trả gốc vay", "Mua sắm tài sản", "Chủ hộ rút tiền"]

THANG = [f"T{m}" for m in range(1, 13)]


# ------------------------------------------------------------------ record keeping
def running_balance(cash_book: pd.DataFrame) -> pd.Series:
    """Cash on hand after each row of a cash book (`loai` "Thu"/"Chi", `so_tien` > 0)."""
    signed = cash_book["so_tien"].where(cash_book["loai"] == "Thu", -cash_book["so_tien"])
    return signed.cumsum()


def monthly_profit_and_loss(cash_book: pd.DataFrame, revenue: Sequence[str] = DOANH_THU,
                            costs: Sequence[str] = CHI_PHI, depreciation: float = 0.0) -> pd.DataFrame:
    """Cash-basis profit and loss of each month 1–12: doanh_thu, chi_phi, khau_hao, loi_nhuan.

    Only the categories listed count: a loan received, the repayment of its principal, buying a
    machine or the family taking money out move cash but are not revenue or cost. A month with no
    rows (or no sales) still appears, with zeros. `depreciation` (VND per month) spreads the cost
    of machines and buildings over their life.
    """
    month = pd.to_datetime(cash_book["ngay"]).dt.month
    kind = cash_book["khoan_muc"]
    months = pd.RangeIndex(1, 13, name="thang")
    rev = cash_book["so_tien"].where(kind.isin(revenue), 0).groupby(month).sum().reindex(months, fill_value=0)
    cost = cash_book["so_tien"].where(kind.isin(costs), 0).groupby(month).sum().reindex(months, fill_value=0)
    table = pd.DataFrame({"doanh_thu": rev, "chi_phi": cost, "khau_hao": float(depreciation)}, index=months)
    table["loi_nhuan"] = table["doanh_thu"] - table["chi_phi"] - table["khau_hao"]
    return table


# ------------------------------------------------------------------ costing and pricing
def material_cost(bom: pd.DataFrame, prices: pd.Series) -> pd.Series:
    """Material cost of one piece of each product: Σ quantity × unit price (VND), by ma_sp."""
    cost = bom["dinh_muc"] * bom["ma_vt"].map(prices)
    return cost.groupby(bom["ma_sp"]).sum()


def unit_cost(materials: float, labour: float, overhead: float) -> float:
    """Full cost of one piece: direct materials + direct labour + allocated overhead."""
    return materials + labour + overhead


def price_with_markup(cost: float, markup: float, step: int = 1000) -> int:
    """cost × (1 + markup), rounded UP to a whole `step` (1,000 ₫ by default)."""
    return int(math.ceil(round(cost * (1 + markup) / step, 9)) * step)


def break_even_units(fixed_costs: float, price: float, unit_variable_cost: float) -> int | None:
    """Pieces to sell to cover the fixed costs, rounded up; None if price ≤ variable cost (never)."""
    margin = price - unit_variable_cost
    if margin <= 0:
        return None
    return int(math.ceil(round(fixed_costs / margin, 9)))


def margin_of_safety(planned_units: float, break_even: float | None) -> float | None:
    """(planned − break-even) ÷ planned: how far sales may fall before a loss. None if undefined."""
    if break_even is None or planned_units <= 0:
        return None
    return (planned_units - break_even) / planned_units


# ------------------------------------------------------------------ the cash plan
def collections(sales: Sequence[float], cash_share: float, opening_receivable: float = 0.0) -> list[float]:
    """Cash from sales each month: `cash_share` of this month's sales, the rest of last month's."""
    out, previous = [], None
    for s in sales:
        later = opening_receivable if previous is None else previous * (1 - cash_share)
        out.append(s * cash_share + later)
        previous = s
    return out


def loan_schedule(balance: float, principal: float, annual_rate: float, months: int = 12) -> pd.DataFrame:
    """Equal principal repayments with interest on the balance still owed (monthly rate = annual ÷ 12)."""
    rows = []
    for _ in range(months):
        pay = min(principal, balance)
        rows.append({"du_no_dau_thang": balance, "tra_goc": pay, "tra_lai": balance * annual_rate / 12})
        balance -= pay
    return pd.DataFrame(rows, index=THANG[:months])


def cash_plan(opening_cash: float, receipts: dict[str, Sequence[float]], payments: dict[str, Sequence[float]],
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


def lowest_month(closing: pd.Series) -> tuple[str, float]:
    """The month with the least cash at its end (the first one if several), and that amount."""
    label = closing.idxmin()
    return label, float(closing[label])


def credit_needed(closing: Sequence[float], minimum_cash: float = 0.0) -> float:
    """Money to borrow (or bring in) so that cash never falls below `minimum_cash`; 0 if never."""
    return max(0.0, minimum_cash - min(closing))


# ------------------------------------------------------------------ the cash plan as an Excel workbook
def save_cash_plan_excel(path, opening_cash: float, sales: Sequence[float], cash_share: float,
                         opening_receivable: float, other_receipts: dict[str, Sequence[float]],
                         payments: dict[str, Sequence[float]], minimum_cash: float = 0.0,
                         months: Sequence[str] = THANG, title: str = "Kế hoạch tiền mặt 12 tháng") -> Path:
    """Write the cash plan as an .xlsx file with live formulas, for the owner to keep using.

    Yellow cells are the owner's numbers (sales, share paid at once, each receipt and payment);
    white cells are formulas (cash from sales, totals, balances, lowest month, credit needed), so
    Excel or LibreOffice recalculates them when a yellow cell changes.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
    except ImportError as err:  # pragma: no cover - openpyxl ships with the course environment
        raise ImportError(
            "Cần thư viện openpyxl để lưu tệp Excel. Cài bằng lệnh: pip install openpyxl "
            "(hoặc conda install openpyxl), rồi chạy lại ô này."
        ) from err

    n = len(months)
    for name, values in {"Doanh số bán": sales, **other_receipts, **payments}.items():
        if len(values) != n:
            raise ValueError(f"Dòng {name!r} có {len(values)} số, cần đúng {n} số (mỗi tháng một số).")
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Kế hoạch tiền mặt"
    yellow = PatternFill("solid", fgColor="FFF2CC")
    grey = PatternFill("solid", fgColor="E7E6E6")
    bold = Font(bold=True)
    money = "#,##0"
    col = [get_column_letter(2 + i) for i in range(n)]  # B..M
    last = get_column_letter(2 + n)  # the "Cả năm" column

    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Ô màu vàng: số anh chị tự nhập. Ô màu trắng: công thức, tự tính lại khi sửa ô vàng. Đơn vị: đồng."
    ws["A4"], ws["B4"] = "Tỷ lệ doanh số khách trả ngay trong tháng", cash_share
    ws["A5"], ws["B5"] = "Tiền khách còn nợ đầu kỳ (thu trong tháng đầu)", opening_receivable
    ws["A6"], ws["B6"] = "Mức tiền tối thiểu muốn luôn giữ", minimum_cash
    for ref in ("B4", "B5", "B6"):
        ws[ref].fill = yellow
    ws["B4"].number_format = "0%"
    ws["B5"].number_format = ws["B6"].number_format = money

    r = 8
    ws.cell(r, 1, "Khoản").font = bold
    for i, m in enumerate(months):
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
    put_row(r_sales, "Doanh số bán (ghi nhận khi giao hàng)", values=list(sales))
    r_open = r_sales + 1
    r_cash_sales = r_open + 1
    r_other = list(range(r_cash_sales + 1, r_cash_sales + 1 + len(other_receipts)))
    r_in = r_cash_sales + 1 + len(other_receipts)
    r_pay = list(range(r_in + 1, r_in + 1 + len(payments)))
    r_out = r_in + 1 + len(payments)
    r_close = r_out + 1

    put_row(r_open, "Tiền đầu tháng", formulas=lambda i: opening_cash if i == 0 else f"={col[i - 1]}{r_close}",
            total=False, strong=True)
    ws.cell(r_open, 2).fill = yellow
    put_row(r_cash_sales, "Thu tiền bán hàng",
            formulas=lambda i: (f"={col[i]}{r_sales}*$B$4+$B$5" if i == 0
                                else f"={col[i]}{r_sales}*$B$4+{col[i - 1]}{r_sales}*(1-$B$4)"))
    for row, (name, values) in zip(r_other, other_receipts.items()):
        put_row(row, name, values=list(values))
    put_row(r_in, "Tổng thu", formulas=lambda i: f"=SUM({col[i]}{r_cash_sales}:{col[i]}{r_in - 1})", strong=True)
    for row, (name, values) in zip(r_pay, payments.items()):
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


def cash_plan_from_sales(opening_cash: float, sales: Sequence[float], cash_share: float,
                         opening_receivable: float, other_receipts: dict[str, Sequence[float]],
                         payments: dict[str, Sequence[float]], months: Sequence[str] = THANG) -> pd.DataFrame:
    """The same plan as the Excel file computes: cash from sales first, then the other receipts."""
    receipts = {"Thu tiền bán hàng": collections(sales, cash_share, opening_receivable), **other_receipts}
    return cash_plan(opening_cash, receipts, payments, months)


# ------------------------------------------------------------------ stock control
def stock_card(movements: pd.DataFrame) -> pd.DataFrame:
    """Stock card of one material with a moving weighted-average cost.

    `movements`: rows in date order with `loai` ("Tồn đầu kỳ", "Nhập" or "Xuất"), `so_luong` and, for
    stock coming in, `don_gia`. After each receipt the average cost is
    (value in stock + quantity × price) ÷ (quantity in stock + quantity); issues leave at the average.
    """
    rows, qty, value = [], 0.0, 0.0
    for r in movements.itertuples(index=False):
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


def reorder_point(daily_usage: float, lead_time_days: float, safety_stock: float) -> float:
    """Order again when stock falls to usage × lead time + safety stock (no rounding)."""
    return daily_usage * lead_time_days + safety_stock


def abc_classes(values: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """ABC class of each item from its yearly usage value.

    Items are sorted by value, largest first (ties by their label); an item is "A" while the items
    before it make up less than `a` of the total, "B" while they make up less than `b`, else "C".
    So the item that crosses 80% is still "A", and an item with no usage is always "C".
    Returned in the original order.
    """
    if len(values) == 0:
        return pd.Series(dtype=object, index=values.index)
    order = sorted(values.index, key=lambda k: (-float(values[k]), str(k)))
    total = float(values.sum())
    classes, before = {}, 0.0
    for k in order:
        share_before = before / total if total > 0 else 1.0
        v = float(values[k])
        if v <= 0:
            classes[k] = "C"
        elif share_before < a:
            classes[k] = "A"
        elif share_before < b:
            classes[k] = "B"
        else:
            classes[k] = "C"
        before += v
    return pd.Series([classes[k] for k in values.index], index=values.index, name="nhom_abc")


# ------------------------------------------------------------------ labour productivity
def productivity(work: pd.DataFrame, standard_minutes: pd.Series) -> pd.DataFrame:
    """Per row of (hours, good, rejected pieces, pay): pieces per hour, efficiency, reject rate, pay per hour.

    Efficiency = standard hours of the pieces made (good + rejected) ÷ hours worked; 1.0 means
    exactly at the standard (định mức).
    """
    made = work["so_dat"] + work["so_loi"]
    std_hours = made * work["ma_sp"].map(standard_minutes) / 60
    out = work.copy()
    out["sp_moi_gio"] = work["so_dat"] / work["gio_lam"]
    out["hieu_suat"] = std_hours / work["gio_lam"]
    out["ty_le_loi"] = (work["so_loi"] / made).where(made > 0, 0.0)
    out["cong_moi_gio"] = work["tien_cong"] / work["gio_lam"]
    return out


# ------------------------------------------------------------------ trainee-facing names (Vietnamese, no diacritics)
def lap_ke_hoach_tien_mat(tien_dau_nam: float, doanh_so: Sequence[float], ty_le_tra_ngay: float,
                          phai_thu_dau_nam: float, thu_khac: dict[str, Sequence[float]],
                          chi: dict[str, Sequence[float]], thang: Sequence[str] = THANG) -> pd.DataFrame:
    """Bảng kế hoạch tiền mặt: mỗi cột một tháng; các dòng thu, chi, tổng thu, tổng chi, tiền đầu và cuối tháng.

    Khách trả ngay `ty_le_tra_ngay` doanh số của tháng, phần còn lại trả vào tháng sau; tháng đầu thu thêm
    `phai_thu_dau_nam` (tiền khách còn nợ từ năm trước).
    """
    return cash_plan_from_sales(tien_dau_nam, doanh_so, ty_le_tra_ngay, phai_thu_dau_nam, thu_khac, chi, thang)


def luu_ke_hoach_excel(ten_tep, tien_dau_nam: float, doanh_so: Sequence[float], ty_le_tra_ngay: float,
                       phai_thu_dau_nam: float, thu_khac: dict[str, Sequence[float]],
                       chi: dict[str, Sequence[float]], muc_toi_thieu: float = 0,
                       thang: Sequence[str] = THANG) -> Path:
    """Lưu kế hoạch tiền mặt ra tệp Excel (.xlsx) có công thức, để chủ cơ sở sửa số và dùng tiếp."""
    return save_cash_plan_excel(ten_tep, tien_dau_nam, doanh_so, ty_le_tra_ngay, phai_thu_dau_nam, thu_khac,
                                chi, muc_toi_thieu, thang)
