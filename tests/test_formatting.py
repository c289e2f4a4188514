"""Vietnamese formatting of money, numbers, percentages and dates."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from langnghe import ngay, phan_tram, so, thang, tien, tien_gon


def test_money_uses_dot_thousands_and_dong_sign():
    assert tien(1_250_000) == "1.250.000 ₫"


def test_money_rounds_to_whole_dong_and_keeps_sign():
    assert tien(-35_000.4) == "-35.000 ₫"
    assert tien(999.5) == "1.000 ₫"


def test_money_accepts_numpy_and_pandas_numbers():
    assert tien(np.int64(250_000)) == "250.000 ₫"
    assert tien(pd.Series([1_500.0]).sum()) == "1.500 ₫"


def test_money_refuses_text_with_vietnamese_hint():
    with pytest.raises(TypeError, match="con số"):
        tien("1.250.000")


def test_numbers_use_comma_for_decimals():
    assert so(1234.5, 1) == "1.234,5"
    assert so(1_000_000) == "1.000.000"


def test_percent_from_ratio():
    assert phan_tram(0.125) == "12,5%"
    assert phan_tram(0.05, 0) == "5%"


def test_short_money_for_chart_axes():
    assert tien_gon(1_250_000) == "1,25 triệu ₫"
    assert tien_gon(2_100_000_000) == "2,1 tỷ ₫"
    assert tien_gon(15_000) == "15 nghìn ₫"


def test_dates_day_month_year():
    assert ngay("2025-01-29") == "29/01/2025"
    assert ngay(pd.Timestamp("2025-07-01")) == "01/07/2025"
    assert ngay(dt.date(2025, 1, 29), dai=True) == "Thứ Tư, 29 tháng 1, 2025"


def test_months():
    assert thang("2025-03-15") == "tháng 3/2025"
    assert thang(12, ngan=True) == "T12"


def test_date_and_time_in_vietnam_time():
    from langnghe.fmt import ngay_gio

    # JupyterHub and nbgrader store UTC without a zone: 20:05 UTC is already the next day in Vietnam.
    assert ngay_gio(dt.datetime(2026, 12, 31, 20, 5)) == "01/01/2027 03:05"
    assert ngay_gio("2026-12-06T14:30:00") == "06/12/2026 21:30"
    assert ngay_gio("2026-12-06T14:30:00+07:00") == "06/12/2026 14:30"
    assert ngay_gio(pd.Timestamp("2026-03-01 01:00", tz="UTC")) == "01/03/2026 08:00"
    with pytest.raises(TypeError, match="ngay_gio"):
        ngay_gio(20261206)
