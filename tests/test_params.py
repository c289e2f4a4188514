"""Dated parameters: the value in force on a date, with its source."""

import pytest

from langnghe import tham_so
from langnghe.params import _all_params


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
