"""Bán hàng trực tuyến (mô-đun 1): tiền thật sự về tài khoản của một đơn bán trên sàn, và
khối lượng mà đơn vị vận chuyển tính cước.

Phí sàn và thuế sàn khấu trừ đọc từ tệp tham số của khóa học theo ngày bán, nên mỗi đơn được
tính đúng biểu phí đang áp dụng vào ngày đó.

Maintainer note: the lesson (01.2) shows the same arithmetic step by step and the assignment
(bt01) asks trainees to write it; the calculator `may_tinh_tien_ve` uses `tien_ve_cua_don`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .params import tham_so


@dataclass(frozen=True)
class TienVe:
    """Một đơn hàng trên sàn chia ra thành những khoản nào (đơn vị: đồng).

    - ``gia_tri_don``: giá bán × số lượng − mã giảm giá của shop;
    - ``phi_thanh_toan``, ``phi_co_dinh``, ``phi_moi_don``: các khoản phí sàn thu;
    - ``thue_khau_tru``: thuế GTGT và thuế TNCN sàn giữ lại để nộp thay hộ kinh doanh;
    - ``tien_ve``: số tiền sàn chuyển về tài khoản của shop;
    - ``tong_bi_tru``: tổng phí và thuế sàn đã trừ.
    """

    gia_tri_don: float
    phi_thanh_toan: float
    phi_co_dinh: float
    phi_moi_don: float
    thue_khau_tru: float

    @property
    def tien_ve(self) -> float:
        """Tiền về tài khoản = giá trị đơn − các khoản phí − thuế khấu trừ (đồng)."""
        return self.gia_tri_don - self.phi_thanh_toan - self.phi_co_dinh - self.phi_moi_don - self.thue_khau_tru

    @property
    def tong_bi_tru(self) -> float:
        """Tổng số tiền sàn giữ lại: phí cộng thuế khấu trừ (đồng)."""
        return self.gia_tri_don - self.tien_ve


def tien_ve_cua_don(gia_ban: float, so_luong: int, san: str, ngay, giam_gia: float = 0) -> TienVe:
    """Tính phí sàn, thuế sàn khấu trừ và tiền về tài khoản của một đơn, theo biểu phí đang áp dụng
    vào ngày bán.

    - ``gia_ban``: giá một sản phẩm (đồng); ``so_luong``: số sản phẩm trong đơn;
    - ``san``: kênh bán, viết như trong tệp tham số: "Shopee", "Lazada", "TikTok Shop", "Facebook/Zalo";
    - ``ngay``: ngày bán, ví dụ "2025-08-15";
    - ``giam_gia``: mã giảm giá (voucher) do shop chịu, trừ vào giá trị đơn (đồng).

    Kết quả có các khoản ``gia_tri_don``, ``phi_thanh_toan``, ``phi_co_dinh``, ``phi_moi_don``,
    ``thue_khau_tru`` và ``tien_ve``. Ví dụ: ``tien_ve_cua_don(250000, 1, "Shopee", "2025-08-15").tien_ve``
    là 203.250 đồng.
    """
    fees = tham_so("phi_san", ngay)["san"]
    if san not in fees:
        raise ValueError(f"Không có biểu phí cho kênh {san!r}. Các kênh có sẵn: {', '.join(fees)}.")
    fee = fees[san]
    tax = tham_so("thue_khau_tru", ngay)
    value = gia_ban * so_luong - giam_gia
    tax_rate = tax["thue_gtgt"] + tax["thue_tncn"] if san in tax["ap_dung_cho_san"] else 0.0
    return TienVe(
        gia_tri_don=value,
        phi_thanh_toan=value * fee["phi_thanh_toan"],
        phi_co_dinh=value * fee["phi_co_dinh"],
        phi_moi_don=fee["phi_moi_don"],
        thue_khau_tru=value * tax_rate,
    )


def khoi_luong_tinh_cuoc(kg_thuc: float, dai_cm: float, rong_cm: float, cao_cm: float,
                         he_so_quy_doi: float) -> float:
    """Khối lượng đơn vị vận chuyển tính cước (kg): số lớn hơn giữa khối lượng thật của kiện và
    khối lượng quy đổi dài × rộng × cao (cm) ÷ hệ số quy đổi của hãng (thường 5.000 hoặc 6.000).

    Ví dụ: kiện 1,2 kg, thùng 30 × 20 × 20 cm, hệ số 6.000 → quy đổi 2 kg, nên tính cước 2 kg.
    """
    return max(kg_thuc, dai_cm * rong_cm * cao_cm / he_so_quy_doi)
