"""The arithmetic of one marketplace sale: fees, withheld tax, payout (module 1).

The parameters come from the dated parameter file, so an order is priced by the
rules in force on its date. Maintainer-facing names are English; the lesson shows
the same arithmetic step by step and the assignment asks trainees to write it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .params import tham_so


@dataclass(frozen=True)
class Payout:
    """What the shop receives for one order, and where the rest went (VND)."""

    order_value: float  # price × quantity − shop voucher
    payment_fee: float
    fixed_fee: float
    per_order_fee: float
    withheld_tax: float

    @property
    def payout(self) -> float:
        return self.order_value - self.payment_fee - self.fixed_fee - self.per_order_fee - self.withheld_tax

    @property
    def deductions(self) -> float:
        return self.order_value - self.payout


def order_payout(price: float, quantity: int, platform: str, date, shop_voucher: float = 0) -> Payout:
    """Fees and withheld tax on one order under the rules in force on `date`."""
    fees = tham_so("phi_san", date)["san"]
    if platform not in fees:
        raise ValueError(f"Không có biểu phí cho kênh {platform!r}. Các kênh có sẵn: {', '.join(fees)}.")
    fee = fees[platform]
    tax = tham_so("thue_khau_tru", date)
    value = price * quantity - shop_voucher
    tax_rate = tax["thue_gtgt"] + tax["thue_tncn"] if platform in tax["ap_dung_cho_san"] else 0.0
    return Payout(
        order_value=value,
        payment_fee=value * fee["phi_thanh_toan"],
        fixed_fee=value * fee["phi_co_dinh"],
        per_order_fee=fee["phi_moi_don"],
        withheld_tax=value * tax_rate,
    )


def khoi_luong_tinh_cuoc(kg_thuc: float, dai_cm: float, rong_cm: float, cao_cm: float,
                         he_so_quy_doi: float) -> float:
    """Khối lượng đơn vị vận chuyển tính cước (kg): số lớn hơn giữa khối lượng thật của kiện và
    khối lượng quy đổi dài × rộng × cao (cm) ÷ hệ số quy đổi của hãng (thường 5.000 hoặc 6.000).

    Ví dụ: kiện 1,2 kg, thùng 30 × 20 × 20 cm, hệ số 6.000 → quy đổi 2 kg, nên tính cước 2 kg.
    """
    return max(kg_thuc, dai_cm * rong_cm * cao_cm / he_so_quy_doi)


def started_half_kilos(kg: float) -> int:
    """Number of started 0.5 kg steps (couriers round up): 0.51 kg -> 2."""
    return math.ceil(round(kg / 0.5, 9))
