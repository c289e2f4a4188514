"""Datasets of module 5 (management capacity): a rattan and bamboo workshop in Phú Vinh, 2025.

One coherent fictional workshop, "Cơ sở mây tre đan Thanh Bình" in the craft village of Phú Vinh
(Hà Nội), ten weavers paid by the piece, selling to wholesale shops in Vietnam (paid on delivery)
and to an export trading company (paid about a month after the month of sale). The files agree
with each other:

- `nang_suat_tho`: each weaver's hours, good and rejected pieces and piece-rate pay per month;
- production (good + rejected pieces) × `dinh_muc_vat_tu` (bill of materials) = the weekly
  material issues in `nhap_xuat_kho`; the owner reorders each material when stock runs low, and
  buys at a higher price in a hurry when it runs out ("Mua gấp");
- `so_quy`: the cash book; material purchases are the receipts of `nhap_xuat_kho`, weavers' pay is
  the pay of `nang_suat_tho`, sales are the good pieces × the workshop's price.

Everything is drawn from one numpy generator with a fixed seed; amounts are integers of VND.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from ._chung import ghi_cac_bang

HAT_GIONG = 5055
NAM = 2025
DON_GIA_PHUT = 420  # piece rate: VND per standard minute (25,200 VND per standard hour)
TET_NGHI = (date(2025, 1, 25), date(2025, 2, 9))  # the weavers' Tết break (Tết Ất Tỵ 29/01/2025)
NGAY_LE = {date(2025, 1, 1), date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1),
           date(2025, 9, 2)}

TEP = ["san_pham_may_tre.csv", "vat_tu.csv", "dinh_muc_vat_tu.csv", "nang_suat_tho.csv",
       "nhap_xuat_kho.csv", "so_quy.csv"]

# ma_sp, ten_sp, nhom, standard minutes, workshop price, market low, market high
SAN_PHAM = [
    ("MT-GIO-01", "Giỏ mây tròn đựng đồ Ø25 cm", "Giỏ, làn", 120, 135_000, 125_000, 175_000),
    ("MT-KHA-01", "Khay mây chữ nhật 40 × 30 cm", "Khay, hộp", 170, 215_000, 200_000, 280_000),
    ("MT-LAN-01", "Làn mây đi chợ có quai", "Giỏ, làn", 230, 198_000, 240_000, 320_000),
    ("MT-HOP-01", "Hộp mây có nắp lót vải 30 × 20 cm", "Khay, hộp", 210, 295_000, 270_000, 370_000),
    ("MT-DEN-01", "Chao đèn mây Ø40 cm", "Đèn", 240, 430_000, 390_000, 540_000),
    ("MT-BO3-01", "Bộ 3 giỏ mây lồng nhau", "Giỏ, làn", 400, 640_000, 580_000, 820_000),
    ("MT-GHE-01", "Ghế mây tựa lưng", "Bàn ghế", 1_380, 1_980_000, 1_750_000, 2_700_000),
    ("TR-DEN-01", "Đèn tre đan hình giọt nước Ø35 cm", "Đèn", 200, 305_000, 260_000, 320_000),
]

# ma_vt, ten_vt, don_vi, lead time (days), supplier, base price (VND per unit) at 1/1/2025,
# price drift over the year, decimals of a purchase quantity, how the owner rounds an order.
VAT_TU = [
    ("VT01", "Sợi song mây lõi Ø2,5 mm", "kg", 10, "Đại lý song mây Hòa Bình", 185_000, 0.07, 0, 5),
    ("VT02", "Mây vỏ chẻ sợi", "kg", 14, "Đại lý song mây Hòa Bình", 240_000, 0.08, 0, 2),
    ("VT03", "Song cây Ø16–18 mm làm khung, vành", "m", 14, "Đại lý song mây Hòa Bình", 9_000, 0.06, 0, 50),
    ("VT04", "Nan tre chẻ sẵn, đã sấy", "kg", 5, "Hộ chẻ nan Phú Vinh", 38_000, 0.03, 0, 10),
    ("VT05", "Khung sắt sơn tĩnh điện cho đèn", "cái", 7, "Xưởng cơ khí Phú Nghĩa", 35_000, 0.02, 0, 20),
    ("VT06", "Đinh ghim, vít (hộp 500 cái)", "hộp", 3, "Cửa hàng vật liệu Chúc Sơn", 45_000, 0.0, 0, 1),
    ("VT07", "Keo sữa dán gỗ", "kg", 3, "Cửa hàng vật liệu Chúc Sơn", 55_000, 0.02, 0, 5),
    ("VT08", "Sơn PU bóng", "lít", 5, "Cửa hàng sơn Xuân Mai", 160_000, 0.04, 0, 5),
    ("VT09", "Dung môi pha sơn", "lít", 5, "Cửa hàng sơn Xuân Mai", 60_000, 0.03, 0, 5),
    ("VT10", "Bộ dây điện, đui đèn, công tắc", "bộ", 7, "Cửa hàng điện Chúc Sơn", 42_000, 0.02, 0, 20),
    ("VT11", "Thùng carton 5 lớp", "cái", 4, "Xưởng bao bì Thanh Oai", 18_000, 0.03, 0, 20),
    ("VT12", "Túi PE và giấy chống ẩm", "bộ", 4, "Xưởng bao bì Thanh Oai", 2_500, 0.02, 0, 100),
    ("VT13", "Thuốc chống mốc cho mây tre", "kg", 7, "Cửa hàng vật liệu Chúc Sơn", 120_000, 0.0, 0, 1),
    ("VT14", "Vải lót hộp", "m", 7, "Chợ vải Chúc Sơn", 25_000, 0.0, 0, 10),
    ("VT15", "Bản lề, khóa hộp", "bộ", 7, "Cửa hàng điện Chúc Sơn", 8_000, 0.0, 0, 20),
    ("VT16", "Nhãn, thẻ treo sản phẩm", "cái", 10, "Xưởng in Chúc Sơn", 1_200, 0.0, 0, 100),
    ("VT17", "Sơn màu cánh gián (mẫu cũ)", "lít", 5, "Cửa hàng sơn Xuân Mai", 175_000, 0.0, 0, 1),
]

# Bill of materials: quantity of each material in one finished piece.
DINH_MUC = {
    "MT-GIO-01": {"VT01": 0.10, "VT02": 0.02, "VT03": 0.5, "VT07": 0.005, "VT08": 0.03, "VT09": 0.015,
                  "VT12": 1, "VT13": 0.004, "VT16": 1},
    "MT-KHA-01": {"VT01": 0.16, "VT02": 0.04, "VT03": 1.6, "VT06": 0.02, "VT07": 0.01, "VT08": 0.06,
                  "VT09": 0.03, "VT11": 0.25, "VT12": 1, "VT13": 0.006, "VT16": 1},
    "MT-LAN-01": {"VT01": 0.22, "VT02": 0.05, "VT03": 1.2, "VT07": 0.01, "VT08": 0.05, "VT09": 0.02,
                  "VT12": 1, "VT13": 0.006, "VT16": 1},
    "MT-HOP-01": {"VT01": 0.18, "VT02": 0.04, "VT03": 1.0, "VT07": 0.015, "VT08": 0.06, "VT09": 0.03,
                  "VT11": 0.2, "VT12": 1, "VT13": 0.006, "VT14": 0.15, "VT15": 1, "VT16": 1},
    "MT-DEN-01": {"VT01": 0.25, "VT02": 0.05, "VT05": 1, "VT07": 0.01, "VT08": 0.08, "VT09": 0.04,
                  "VT10": 1, "VT11": 0.5, "VT12": 1, "VT13": 0.008, "VT16": 1},
    "MT-BO3-01": {"VT01": 0.5, "VT02": 0.1, "VT03": 3.0, "VT07": 0.03, "VT08": 0.15, "VT09": 0.07,
                  "VT11": 1, "VT12": 1, "VT13": 0.015, "VT16": 1},
    "MT-GHE-01": {"VT01": 0.9, "VT02": 0.5, "VT03": 14.0, "VT06": 0.3, "VT07": 0.08, "VT08": 0.5,
                  "VT09": 0.25, "VT11": 2, "VT12": 2, "VT13": 0.05, "VT16": 1},
    "TR-DEN-01": {"VT04": 0.45, "VT05": 1, "VT07": 0.02, "VT08": 0.08, "VT09": 0.04, "VT10": 1,
                  "VT11": 0.5, "VT12": 1, "VT13": 0.01, "VT16": 1},
}

# Weavers: usual product, efficiency (output ÷ standard), reject rate, first month of work.
# T10 joined in March and is still learning: slow, with many rejects, improving month by month.
THO = {
    "T01": ("MT-GHE-01", 1.08, 0.02, 1), "T02": ("MT-GHE-01", 0.97, 0.03, 1),
    "T03": ("MT-DEN-01", 1.02, 0.03, 1), "T04": ("MT-BO3-01", 0.95, 0.04, 1),
    "T05": ("MT-KHA-01", 1.10, 0.02, 1), "T06": ("MT-HOP-01", 0.92, 0.05, 1),
    "T07": ("MT-LAN-01", 1.00, 0.03, 1), "T08": ("MT-GIO-01", 0.99, 0.04, 1),
    "T09": ("TR-DEN-01", 0.96, 0.03, 1), "T10": ("MT-GIO-01", 0.70, 0.14, 3),
}
# Export season (lamps and baskets for Western Christmas shelves): some weavers switch products.
MUA_XUAT_KHAU = {8: {"T07": "MT-DEN-01", "T08": "MT-BO3-01"}, 9: {"T07": "MT-DEN-01", "T08": "MT-BO3-01"},
                 10: {"T07": "MT-DEN-01", "T08": "MT-BO3-01"}, 11: {"T07": "MT-DEN-01"}}
# Share of each month's sales that goes to the export trading company (paid about a month later).
TY_LE_XUAT_KHAU = {1: 0.22, 2: 0.20, 3: 0.30, 4: 0.35, 5: 0.40, 6: 0.45, 7: 0.50, 8: 0.58, 9: 0.62,
                   10: 0.62, 11: 0.55, 12: 0.32}
CONG_TY_XK = "Công ty XNK Thủ công Hà Thành"
KHACH_TRONG_NUOC = ["Cửa hàng Mây Xanh (Hà Nội)", "Cửa hàng Nhà Tre (Hà Nội)", "Đại lý Phố Hội (Hội An)",
                    "Cửa hàng Mộc Việt (TP. Hồ Chí Minh)", "Đại lý Song Mây (Đà Nẵng)",
                    "Cửa hàng quà tặng Hạ Long (Quảng Ninh)", "Khách lẻ tại xưởng",
                    "Đơn bán lẻ trực tuyến (Shopee, Zalo)"]
PHAI_THU_DAU_NAM = 61_480_000  # export sales of December 2024, collected in January 2025
TIEN_DAU_NAM = 118_000_000
KHOAN_VAY = 240_000_000
LAI_SUAT_NAM = 0.085  # the example rate of params/quan_ly.toml for 2025


def ngay_lam_viec(thang: int) -> list[date]:
    """Working days (Monday to Saturday) of a month of 2025, without holidays and the Tết break."""
    d, days = date(NAM, thang, 1), []
    while d.month == thang:
        if d.weekday() < 6 and d not in NGAY_LE and not (TET_NGHI[0] <= d <= TET_NGHI[1]):
            days.append(d)
        d += timedelta(days=1)
    return days


def _lam_tron(x: float, buoc: int) -> int:
    return int(math.floor(x / buoc + 0.5) * buoc)


def bang_san_pham() -> pd.DataFrame:
    rows = [{"ma_sp": m, "ten_sp": t, "nhom": n, "phut_chuan": p, "don_gia_cong": p * DON_GIA_PHUT,
             "gia_ban": g, "gia_thi_truong_thap": lo, "gia_thi_truong_cao": hi}
            for m, t, n, p, g, lo, hi in SAN_PHAM]
    return pd.DataFrame(rows)


def bang_dinh_muc() -> pd.DataFrame:
    rows = [{"ma_sp": sp, "ma_vt": vt, "dinh_muc": q} for sp, bom in DINH_MUC.items() for vt, q in bom.items()]
    return pd.DataFrame(rows).sort_values(["ma_sp", "ma_vt"]).reset_index(drop=True)


def sinh_nang_suat(rng: np.random.Generator) -> pd.DataFrame:
    """Hours, good and rejected pieces and pay of each weaver in each month."""
    phut = {m: p for m, _, _, p, *_ in SAN_PHAM}
    rows = []
    carry = {}  # work in progress carried to next month (a chair takes more than 20 hours)
    for thang in range(1, 13):
        days = len(ngay_lam_viec(thang))
        overtime = 1.5 if thang in (9, 10, 11) else 0.0
        for ma, (sp, eff, reject, start) in THO.items():
            if thang < start:
                continue
            sp = MUA_XUAT_KHAU.get(thang, {}).get(ma, sp)
            attendance = rng.uniform(0.88, 1.0)
            hours = round(days * attendance * (8 + overtime) * 2) / 2  # half hours
            if ma == "T10":  # learning: efficiency up, rejects down, month by month
                k = thang - start
                e = min(0.70 + 0.03 * k, 0.94) * rng.uniform(0.97, 1.03)
                r = max(0.14 - 0.01 * k, 0.06)
            else:
                e = eff * rng.uniform(0.95, 1.05)
                r = reject * rng.uniform(0.7, 1.3)
            work = hours * 60 * e / phut[sp] + carry.get((ma, sp), 0.0)
            made = int(work)
            carry = {k: v for k, v in carry.items() if k[0] != ma}
            carry[(ma, sp)] = work - made
            rejected = int(round(made * r))
            good = made - rejected
            rows.append({"thang": thang, "ma_tho": ma, "ma_sp": sp, "gio_lam": hours, "so_dat": good,
                         "so_loi": rejected, "tien_cong": good * phut[sp] * DON_GIA_PHUT})
    return pd.DataFrame(rows)


def _xuat_theo_tuan(nang_suat: pd.DataFrame) -> list[tuple[date, str, float]]:
    """Weekly material issues (date, material, quantity) for the pieces made, good or rejected."""
    units = nang_suat.assign(so_lam=nang_suat["so_dat"] + nang_suat["so_loi"])
    units_by_month = units.groupby(["thang", "ma_sp"])["so_lam"].sum()
    don_vi = {v[0]: v[2] for v in VAT_TU}
    issues = []
    for thang in range(1, 13):
        days = ngay_lam_viec(thang)
        weeks: dict[date, int] = {}
        for d in days:  # issue on the first working day of each week, for that week's working days
            monday = d - timedelta(days=d.weekday())
            first = next(x for x in days if x >= monday)
            weeks[first] = weeks.get(first, 0) + 1
        need: dict[str, float] = {}
        for (t, sp), n in units_by_month.items():
            if t == thang:
                for vt, q in DINH_MUC[sp].items():
                    need[vt] = need.get(vt, 0.0) + n * q
        for vt in sorted(need):
            whole = don_vi[vt] in ("cái", "bộ", "hộp")
            left = need[vt]
            for i, (d, k) in enumerate(sorted(weeks.items())):
                share = need[vt] * k / len(days)
                q = left if i == len(weeks) - 1 else share
                q = math.ceil(q - 1e-9) if whole else round(q, 2)
                if whole and i == len(weeks) - 1:
                    q = max(q, 0)
                left -= q
                if q > 0:
                    issues.append((d, vt, float(q)))
    return issues


def sinh_kho(nang_suat: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Stock movements of 2025: opening stock, purchases (reorder and hurry), weekly issues."""
    issues = _xuat_theo_tuan(nang_suat)
    by_day: dict[tuple[date, str], float] = {}
    for d, vt, q in issues:
        by_day[(d, vt)] = by_day.get((d, vt), 0.0) + q
    total = {v[0]: 0.0 for v in VAT_TU}
    for (_, vt), q in by_day.items():
        total[vt] += q
    rows = []
    last_price = {}
    for ma, ten, dv, lead, ncc, base, drift, _dec, step in VAT_TU:
        usage = total[ma] / 365
        price0 = base * 0.98
        if ma == "VT17":  # old colour no longer used: dead stock, no movement all year
            rows.append({"ngay": date(NAM, 1, 1), "ma_vt": ma, "loai": "Tồn đầu kỳ", "so_luong": 12.0,
                         "don_gia": _lam_tron(price0, 1000), "ghi_chu": "Tồn từ năm trước"})
            last_price[ma] = _lam_tron(price0, 1000)
            continue
        opening = max(step, _lam_tron(usage * rng.uniform(15, 25), step))
        price_step = 1000 if base >= 20_000 else 100
        rows.append({"ngay": date(NAM, 1, 1), "ma_vt": ma, "loai": "Tồn đầu kỳ", "so_luong": float(opening),
                     "don_gia": _lam_tron(price0, price_step), "ghi_chu": "Tồn từ năm trước"})
        last_price[ma] = _lam_tron(price0, price_step)
        level_factor = rng.uniform(0.8, 1.25)
        order_days = rng.uniform(25, 40)
        on_hand, on_order = float(opening), []  # on_order: (arrival date, quantity)
        d = date(NAM, 1, 1)
        while d.year == NAM:
            t = (d - date(NAM, 1, 1)).days / 365
            tet = 1.03 if d.month == 1 else 1.0

            def price(hurry: bool = False) -> int:
                p = base * (1 + drift * t) * tet * rng.normal(1, 0.012) * (1.08 if hurry else 1)
                return _lam_tron(p, price_step)

            for arrival, q in [o for o in on_order if o[0] == d]:
                p = price()
                rows.append({"ngay": d, "ma_vt": ma, "loai": "Nhập", "so_luong": float(q), "don_gia": p,
                             "ghi_chu": ""})
                last_price[ma] = p
                on_hand += q
            on_order = [o for o in on_order if o[0] != d]
            issue = by_day.get((d, ma), 0.0)
            if issue > on_hand + 1e-9:  # ran out: buy in a hurry at the shop, dearer
                q = max(step, _lam_tron(issue - on_hand + usage * 5 + step / 2, step))
                p = price(hurry=True)
                rows.append({"ngay": d, "ma_vt": ma, "loai": "Nhập", "so_luong": float(q), "don_gia": p,
                             "ghi_chu": "Mua gấp"})
                last_price[ma] = p
                on_hand += q
            if issue > 0:
                rows.append({"ngay": d, "ma_vt": ma, "loai": "Xuất", "so_luong": issue, "don_gia": None,
                             "ghi_chu": ""})
                on_hand = round(on_hand - issue, 2)
            position = on_hand + sum(q for _, q in on_order)
            level = usage * lead * level_factor + usage * 3
            suppliers_closed = TET_NGHI[0] - timedelta(days=3) <= d <= TET_NGHI[1]
            if usage > 0 and position <= level and not suppliers_closed and d.weekday() < 6:
                q = max(step, _lam_tron(usage * order_days, step))
                arrival = d + timedelta(days=lead)
                if arrival.year == NAM:
                    on_order.append((arrival, q))
            d += timedelta(days=1)
    kho = pd.DataFrame(rows)
    order = {"Tồn đầu kỳ": 0, "Nhập": 1, "Xuất": 2}
    kho["_o"] = kho["loai"].map(order)
    kho = kho.sort_values(["ngay", "_o", "ma_vt"], kind="stable").drop(columns="_o").reset_index(drop=True)
    prefix = {"Tồn đầu kỳ": "TD", "Nhập": "PN", "Xuất": "PX"}
    counters = {k: 0 for k in prefix}
    numbers = []
    for loai in kho["loai"]:
        counters[loai] += 1
        numbers.append(f"{prefix[loai]}-{counters[loai]:04d}")
    kho.insert(0, "so_phieu", numbers)
    kho["ngay"] = pd.to_datetime(kho["ngay"]).dt.strftime("%Y-%m-%d")
    kho["don_gia"] = kho["don_gia"].astype("Int64")
    return kho, last_price


def bang_vat_tu(last_price: dict) -> pd.DataFrame:
    rows = [{"ma_vt": ma, "ten_vt": ten, "don_vi": dv, "so_ngay_cho_hang": lead, "nha_cung_cap": ncc,
             "don_gia_gan_nhat": last_price[ma]}
            for ma, ten, dv, lead, ncc, *_ in VAT_TU]
    return pd.DataFrame(rows)


def _ngay(thang: int, ngay: int) -> date:
    """A working day on or after the given day of the month (or the last one before month end)."""
    days = ngay_lam_viec(thang)
    later = [d for d in days if d.day >= ngay]
    return later[0] if later else days[-1]


def sinh_so_quy(nang_suat: pd.DataFrame, kho: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The cash book of 2025 (cash and bank account together), one row per receipt or payment."""
    gia = {m: g for m, _, _, _, g, *_ in SAN_PHAM}
    ten_vt = {v[0]: (v[1], v[2]) for v in VAT_TU}
    rows = [(date(NAM, 1, 1), "Thu", "Số dư đầu kỳ", "Số dư đầu năm chuyển sang (tiền mặt và tài khoản)",
             TIEN_DAU_NAM)]
    doanh_so = (nang_suat["so_dat"] * nang_suat["ma_sp"].map(gia)).groupby(nang_suat["thang"]).sum()
    # export sales of a month are collected in the next month; December's are collected in 2026
    rows.append((_ngay(1, 24), "Thu", "Thu nợ khách hàng", f"{CONG_TY_XK} trả tiền hàng xuất khẩu tháng 12/2024",
                 PHAI_THU_DAU_NAM))
    for thang in range(1, 13):
        days = ngay_lam_viec(thang)
        total = int(doanh_so[thang])
        export = _lam_tron(total * TY_LE_XUAT_KHAU[thang], 1000)
        domestic = total - export
        if thang < 12:
            rows.append((_ngay(thang + 1, 25), "Thu", "Thu nợ khách hàng",
                         f"{CONG_TY_XK} trả tiền hàng xuất khẩu tháng {thang}/2025", export))
        n = int(rng.integers(9, 14))
        shares = rng.dirichlet(np.ones(n) * 5.0)
        amounts = [_lam_tron(domestic * s, 1000) for s in shares[:-1]]
        amounts.append(domestic - sum(amounts))
        picks = sorted(rng.choice(len(days), size=n, replace=n > len(days)))
        for k, a in zip(picks, amounts):
            khach = KHACH_TRONG_NUOC[int(rng.integers(len(KHACH_TRONG_NUOC)))]
            rows.append((days[k], "Thu", "Bán hàng", f"Thu tiền hàng: {khach}", int(a)))
            if rng.random() < 0.45 and "tại xưởng" not in khach and a >= 2_000_000:
                fee = _lam_tron(a * rng.uniform(0.015, 0.03), 1000)
                rows.append((days[k], "Chi", "Vận chuyển", f"Cước gửi hàng cho {khach}", max(fee, 80_000)))
        # pay of the weavers, on the last working day of the month
        pay = int(nang_suat.loc[nang_suat["thang"] == thang, "tien_cong"].sum())
        rows.append((days[-1], "Chi", "Tiền công thợ", f"Trả tiền công khoán tháng {thang}/2025 cho thợ", pay))
        rows.append((_ngay(thang, 1), "Chi", "Thuê kho bãi", f"Thuê kho và sân phơi tháng {thang}/2025", 5_000_000))
        rows.append((days[-1], "Chi", "Lương nhân viên", f"Lương nhân viên sổ sách, bán hàng tháng {thang}/2025",
                     7_500_000))
        kwh = 1_200_000 + 0.012 * doanh_so[thang] * rng.uniform(0.9, 1.1)
        rows.append((_ngay(thang, 12), "Chi", "Tiền điện", f"Tiền điện tháng {thang - 1}/2025" if thang > 1 else "Tiền điện tháng 12/2024",
                     _lam_tron(kwh, 1000)))
        rows.append((_ngay(thang, 15), "Chi", "Điện thoại, internet", "Cước điện thoại, internet", 450_000))
        rows.append((_ngay(thang, 20), "Chi", "Chủ hộ rút tiền", "Chủ hộ rút tiền chi tiêu gia đình",
                     22_000_000))
        if rng.random() < 0.6:
            rows.append((days[int(rng.integers(len(days)))], "Chi", "Sửa chữa, dụng cụ nhỏ",
                         "Mua dao chẻ, kéo, dùi; sửa máy", _lam_tron(rng.uniform(400_000, 2_200_000), 10_000)))
        if thang in (1, 4, 7, 10):
            rows.append((_ngay(thang, 20), "Chi", "Thuế", f"Nộp thuế khoán hộ kinh doanh quý {(thang + 2) // 3}",
                         18_600_000))
        if thang >= 4:
            balance = KHOAN_VAY - 10_000_000 * (thang - 4)
            rows.append((_ngay(thang, 10), "Chi", "Trả lãi vay", f"Trả lãi vay ngân hàng tháng {thang}/2025",
                         _lam_tron(balance * LAI_SUAT_NAM / 12, 1000)))
            rows.append((_ngay(thang, 10), "Chi", "Trả gốc vay", f"Trả nợ gốc vay ngân hàng kỳ {thang - 3}/24",
                         10_000_000))
    rows += [
        (date(NAM, 1, 22), "Chi", "Tiền công thợ", "Thưởng Tết Ất Tỵ cho 9 thợ", 9 * 1_500_000),
        (date(NAM, 1, 22), "Chi", "Chủ hộ rút tiền", "Chủ hộ rút tiền sắm Tết", 30_000_000),
        (date(NAM, 3, 10), "Thu", "Vay ngân hàng", "Nhận tiền vay ngân hàng 24 tháng (mua máy, vật tư mùa xuất khẩu)",
         KHOAN_VAY),
        (date(NAM, 3, 20), "Chi", "Mua sắm tài sản", "Mua máy chẻ nan và máy vót nan", 38_500_000),
        (date(NAM, 5, 19), "Chi", "Mua sắm tài sản", "Làm mái che sân phơi mây tre", 96_000_000),
        (date(NAM, 11, 12), "Chi", "Hội chợ, quảng cáo", "Thuê gian hàng hội chợ làng nghề", 12_000_000),
        (date(NAM, 6, 16), "Chi", "Hội chợ, quảng cáo", "Chụp ảnh sản phẩm, in catalogue", 4_500_000),
    ]
    for r in kho[kho["loai"] == "Nhập"].itertuples():
        ten, dv = ten_vt[r.ma_vt]
        so = format_decimal(r.so_luong, format="0.###", locale="vi_VN")  # 12,5 kg; no grouping
        hurry = " (mua gấp)" if r.ghi_chu == "Mua gấp" else ""
        rows.append((date.fromisoformat(r.ngay), "Chi", "Mua vật tư", f"Mua {ten[0].lower() + ten[1:]}: {so} {dv}{hurry}",
                     int(round(r.so_luong * r.don_gia))))
    sq = pd.DataFrame(rows, columns=["ngay", "loai", "khoan_muc", "dien_giai", "so_tien"])
    sq["_o"] = (sq["khoan_muc"] != "Số dư đầu kỳ").astype(int)
    sq["_l"] = (sq["loai"] == "Chi").astype(int)  # within a day, money in before money out
    sq = sq.sort_values(["ngay", "_o", "_l", "khoan_muc", "dien_giai", "so_tien"], kind="stable")
    sq = sq.drop(columns=["_o", "_l"]).reset_index(drop=True)
    counters = {"Thu": 0, "Chi": 0}
    numbers = []
    for i, loai in enumerate(sq["loai"]):
        if i == 0:
            numbers.append("DK-2025")
            continue
        counters[loai] += 1
        numbers.append(f"{'PT' if loai == 'Thu' else 'PC'}-{counters[loai]:04d}")
    sq.insert(1, "so_phieu", numbers)
    sq["ngay"] = pd.to_datetime(sq["ngay"]).dt.strftime("%Y-%m-%d")
    return sq[["ngay", "so_phieu", "loai", "khoan_muc", "dien_giai", "so_tien"]]


def generate(out_dir: Path) -> list[Path]:
    """Write the CSV files of module 5 into out_dir; return their paths."""
    rng = np.random.default_rng(HAT_GIONG)
    nang_suat = sinh_nang_suat(rng)
    kho, last_price = sinh_kho(nang_suat, rng)
    bang = {
        "san_pham_may_tre.csv": bang_san_pham(),
        "vat_tu.csv": bang_vat_tu(last_price),
        "dinh_muc_vat_tu.csv": bang_dinh_muc(),
        "nang_suat_tho.csv": nang_suat,
        "nhap_xuat_kho.csv": kho,
        "so_quy.csv": sinh_so_quy(nang_suat, kho, rng),
    }
    return ghi_cac_bang(bang, TEP, out_dir)
