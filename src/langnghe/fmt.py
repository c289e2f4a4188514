"""Viết tiền, số, phần trăm và ngày tháng theo cách Việt Nam (dùng babel, locale vi_VN)."""

from __future__ import annotations

import datetime as _dt

from babel.dates import format_date, format_datetime, get_timezone
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "vi_VN"
# All of Vietnam keeps one time, UTC+7, with no daylight saving.
VIETNAM_TIME = get_timezone("Asia/Ho_Chi_Minh")


def _number(x, name: str) -> float:
    """Accept Python, numpy and pandas numbers; refuse text with a Vietnamese hint."""
    if isinstance(x, bool) or not hasattr(x, "__float__") or isinstance(x, str):
        raise TypeError(
            f"{name} cần một con số (ví dụ 1250000), nhưng nhận được {x!r}. "
            "Hãy bỏ dấu ngoặc kép và dấu chấm ngăn cách hàng nghìn."
        )
    return float(x)


def tien(so_tien, chu_so: int = 0) -> str:
    """Số tiền theo cách viết Việt Nam: tien(1250000) -> '1.250.000 ₫'."""
    value = round(_number(so_tien, "tien()"), chu_so)
    pattern = "#,##0" + ("." + "0" * chu_so if chu_so else "") + "\u00a0¤"
    return format_currency(value, "VND", format=pattern, locale=LOCALE, currency_digits=False).replace(
        "\u00a0", " "
    )


def so(gia_tri, chu_so: int = 0, gon: bool = False) -> str:
    """Số có dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân: so(1234.5, 1) -> '1.234,5'.

    gon=True bỏ các chữ số 0 thừa ở cuối phần thập phân: so(7.5, 2, gon=True) -> '7,5'.
    """
    value = round(_number(gia_tri, "so()"), chu_so)
    pattern = "#,##0" + ("." + ("#" if gon else "0") * chu_so if chu_so else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def diem(so_diem) -> str:
    """Điểm số, bỏ số 0 thừa: diem(7.5) -> '7,5'; diem(12.0) -> '12'; diem(0.25) -> '0,25'."""
    return so(so_diem or 0, 2, gon=True)


def phan_tram(ty_le, chu_so: int = 1) -> str:
    """Tỷ lệ (0,125) thành phần trăm: phan_tram(0.125) -> '12,5%'."""
    pattern = "#,##0" + ("." + "0" * chu_so if chu_so else "") + "%"
    return format_percent(_number(ty_le, "phan_tram()"), format=pattern, locale=LOCALE)


def tien_gon(so_tien) -> str:
    """Số tiền rút gọn cho trục biểu đồ: 1.250.000 -> '1,25 triệu ₫', 2,1e9 -> '2,1 tỷ ₫'."""
    value = _number(so_tien, "tien_gon()")
    for unit, name in ((1e9, "tỷ"), (1e6, "triệu"), (1e3, "nghìn")):
        if abs(value) >= unit:
            return f"{format_decimal(round(value / unit, 2), format='#,##0.##', locale=LOCALE)} {name} ₫"
    return tien(value)


def _as_date(d) -> _dt.date:
    if isinstance(d, str):
        return _dt.date.fromisoformat(d[:10])
    if hasattr(d, "to_pydatetime"):  # pandas Timestamp
        d = d.to_pydatetime()
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    raise TypeError(f"ngay() cần một ngày (ví dụ '2025-01-29'), nhưng nhận được {d!r}.")


def ngay(gia_tri, dai: bool = False) -> str:
    """Ngày kiểu Việt Nam: ngay('2025-01-29') -> '29/01/2025'; dai=True -> 'Thứ Tư, 29 tháng 1, 2025'."""
    date = _as_date(gia_tri)
    if dai:
        return format_date(date, "EEEE, d 'tháng' M, y", locale=LOCALE)
    return format_date(date, "dd/MM/y", locale=LOCALE)


def thang(gia_tri, ngan: bool = False) -> str:
    """Tháng: thang('2025-03-15') -> 'tháng 3/2025'; thang(3) -> 'tháng 3'; ngan=True -> 'T3' (nhãn trục)."""
    if isinstance(gia_tri, int) and 1 <= gia_tri <= 12:
        return f"T{gia_tri}" if ngan else f"tháng {gia_tri}"
    date = _as_date(gia_tri)
    return f"T{date.month}" if ngan else f"tháng {date.month}/{date.year}"


def ngay_gio(thoi_diem) -> str:
    """Ngày giờ Việt Nam của một thời điểm: ngay_gio('2026-12-06T14:30:00') -> '06/12/2026 21:30'.

    Thời điểm không ghi múi giờ là giờ UTC, như JupyterHub và nbgrader vẫn lưu."""
    if isinstance(thoi_diem, str):
        thoi_diem = _dt.datetime.fromisoformat(thoi_diem)
    if hasattr(thoi_diem, "to_pydatetime"):  # pandas Timestamp
        thoi_diem = thoi_diem.to_pydatetime()
    if not isinstance(thoi_diem, _dt.datetime):
        raise TypeError(f"ngay_gio() cần một thời điểm (ví dụ '2026-12-06T14:30'), nhưng nhận được {thoi_diem!r}.")
    if thoi_diem.tzinfo is None:
        thoi_diem = thoi_diem.replace(tzinfo=_dt.timezone.utc)
    return format_datetime(thoi_diem, "dd/MM/y HH:mm", tzinfo=VIETNAM_TIME, locale=LOCALE)
