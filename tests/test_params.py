"""Dated parameters: the value in force on a date, with its source."""

import pytest

from langnghe import tham_so
from langnghe.params import _all_params
from langnghe.selling import chargeable_weight, order_payout


def test_withholding_starts_on_1_july_2025():
    assert tham_so("thue_khau_tru", "2025-06-30")["thue_gtgt"] == 0
    after = tham_so("thue_khau_tru", "2025-07-01")
    assert (after["thue_gtgt"], after["thue_tncn"]) == (0.01, 0.005)


def test_household_threshold_changes_in_2026():
    assert tham_so("nguong_doanh_thu_ho_kinh_doanh", "2025-12-31")["nguong"] == 100_000_000
    assert tham_so("nguong_doanh_thu_ho_kinh_doanh", "2026-01-01")["nguong"] == 500_000_000


def test_every_entry_has_date_source_and_confidence():
    for name, entries in _all_params().items():
        for entry in entries:
            assert entry.get("nguon"), name
            assert entry.get("do_tin_cay") in {"cao", "trung bình", "thấp"}, name


def test_unknown_parameter_lists_available():
    with pytest.raises(KeyError, match="thue_khau_tru"):
        tham_so("thue")


def test_date_before_first_entry_is_refused():
    with pytest.raises(ValueError, match="chỉ có từ"):
        tham_so("phi_san", "2020-01-01")


def test_payout_same_order_before_and_after_withholding():
    june = order_payout(250_000, 1, "Shopee", "2025-06-15")
    august = order_payout(250_000, 1, "Shopee", "2025-08-15")
    assert june.withheld_tax == 0
    assert august.withheld_tax == pytest.approx(3_750)
    assert june.payout - august.payout == pytest.approx(3_750)
    assert august.payout == pytest.approx(250_000 - 12_500 - 27_500 - 3_000 - 3_750)


def test_direct_channel_pays_no_platform_fee_or_withholding():
    direct = order_payout(250_000, 2, "Facebook/Zalo", "2025-08-15", shop_voucher=20_000)
    assert direct.payout == 480_000


def test_chargeable_weight_takes_the_larger():
    assert chargeable_weight(1.2, 30, 20, 20, 6000) == pytest.approx(2.0)
    assert chargeable_weight(3.0, 20, 20, 10, 5000) == 3.0
