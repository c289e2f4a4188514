"""Module 1's arithmetic: what an order pays out, what a parcel is charged for."""

import pytest

from langnghe.ban_hang_truc_tuyen import khoi_luong_tinh_cuoc, tien_ve_cua_don


def test_payout_same_order_before_and_after_withholding():
    # From 01/7/2025 Shopee charges a 3.000 ₫ infrastructure fee per order AND withholds 1.5% tax:
    # the June and August orders differ by both.
    june = tien_ve_cua_don(250_000, 1, "Shopee", "2025-06-15")
    august = tien_ve_cua_don(250_000, 1, "Shopee", "2025-08-15")
    assert june.thue_khau_tru == 0
    assert june.phi_moi_don == 0
    assert august.phi_moi_don == 3_000
    assert august.thue_khau_tru == pytest.approx(3_750)
    assert june.tien_ve - august.tien_ve == pytest.approx(3_000 + 3_750)
    assert june.tien_ve == pytest.approx(250_000 - 12_500 - 25_000)
    assert august.tien_ve == pytest.approx(250_000 - 12_500 - 25_000 - 3_000 - 3_750)


def test_fees_before_april_2025_and_tiktok_order_fee_from_27_october():
    march = tien_ve_cua_don(250_000, 1, "Shopee", "2025-03-15")
    assert march.phi_co_dinh == pytest.approx(10_000)  # 4% for non-Mall sellers before 01/4/2025
    assert march.phi_moi_don == 0
    tiktok_sep = tien_ve_cua_don(250_000, 1, "TikTok Shop", "2025-09-09")
    tiktok_nov = tien_ve_cua_don(250_000, 1, "TikTok Shop", "2025-11-11")
    assert tiktok_sep.phi_moi_don == 0
    assert tiktok_nov.phi_moi_don == 3_000


def test_direct_channel_pays_no_platform_fee_or_withholding():
    direct = tien_ve_cua_don(250_000, 2, "Facebook/Zalo", "2025-08-15", giam_gia=20_000)
    assert direct.tien_ve == 480_000


def test_chargeable_weight_takes_the_larger():
    assert khoi_luong_tinh_cuoc(1.2, 30, 20, 20, 6000) == pytest.approx(2.0)
    assert khoi_luong_tinh_cuoc(3.0, 20, 20, 10, 5000) == 3.0
