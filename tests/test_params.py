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


def test_every_entry_says_when_it_was_last_checked_and_when_to_check_again():
    import datetime as dt

    for name, entries in _all_params().items():
        for entry in entries:
            assert isinstance(entry.get("kiem_tra_ngay"), dt.date) and entry["kiem_tra_ngay"] <= dt.date.today(), name
            assert isinstance(entry.get("kiem_tra_lai_thang"), int) and 1 <= entry["kiem_tra_lai_thang"] <= 36, name


def test_recheck_date_adds_whole_months():
    import datetime as dt

    from langnghe.params import ngay_kiem_tra_lai

    def recheck(day, months):
        return ngay_kiem_tra_lai({"kiem_tra_ngay": day, "kiem_tra_lai_thang": months})

    assert recheck(dt.date(2026, 11, 24), 3) == dt.date(2027, 2, 24)
    assert recheck(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)  # no 30 February
    assert recheck(dt.date(2026, 12, 24), 12) == dt.date(2027, 12, 24)


def _one_fee(monkeypatch):
    """A parameter checked on 1/3/2026, to be checked again three months later (1/6/2026)."""
    import datetime as dt

    from langnghe import params

    fee = {"hieu_luc_tu": dt.date(2026, 1, 1), "phi": 0.05, "nguon": "Trang người bán, 1/3/2026.",
           "do_tin_cay": "trung bình", "kiem_tra_ngay": dt.date(2026, 3, 1), "kiem_tra_lai_thang": 3}
    monkeypatch.setattr(params, "_all_params", lambda: {"phi_thu": [fee]})
    monkeypatch.setattr(params, "_NOTED", set())


def test_a_value_asked_past_its_recheck_date_comes_with_a_note_once(monkeypatch, capsys):
    _one_fee(monkeypatch)
    assert tham_so("phi_thu", "2026-06-01")["phi"] == 0.05
    assert capsys.readouterr().out == ""  # on the recheck date itself: still current
    assert tham_so("phi_thu", "2026-06-02")["phi"] == 0.05
    note = capsys.readouterr().out
    assert "kiểm tra với nguồn lần cuối ngày 01/03/2026" in note and "cần kiểm tra lại từ 01/06/2026" in note
    tham_so("phi_thu", "2026-07-01")
    assert capsys.readouterr().out == ""  # once is enough


def test_a_date_written_the_vietnamese_way_is_understood_and_a_wrong_one_explained():
    assert tham_so("thue_khau_tru", "15/08/2025") == tham_so("thue_khau_tru", "2025-08-15")
    with pytest.raises(ValueError, match="năm-tháng-ngày"):
        tham_so("thue_khau_tru", "15-8")


def test_the_command_lists_every_parameter_with_its_source_and_check_dates(capsys):
    from langnghe import cli

    assert cli.main(["tham-so"]) == 0
    out = capsys.readouterr().out
    for name, entries in _all_params().items():
        assert f"\n{name}\n" in f"\n{out}"
        for entry in entries:
            assert entry["nguon"] in out and f"từ {entry['hieu_luc_tu']:%d/%m/%Y}:" in out


def test_the_command_marks_an_entry_overdue(monkeypatch, capsys):
    from langnghe import cli

    _one_fee(monkeypatch)
    assert cli.main(["tham-so"]) == 0  # checked 1/3/2026 for three months: overdue from today on
    out = capsys.readouterr().out
    assert "phi_thu" in out and "QUÁ HẠN KIỂM TRA" in out and "1 mức đã quá hạn" in out


def test_the_command_shows_one_parameter_at_a_date(capsys):
    from langnghe import cli

    assert cli.main(["tham-so", "thue_khau_tru", "15/8/2025"]) == 0
    out = capsys.readouterr().out
    assert "thue_khau_tru: mức từ 01/07/2025" in out and "thue_gtgt = 0.01" in out and "Nghị định 117/2025" in out
    assert cli.main(["tham-so", "thue"]) == 2
    assert "Không có tham số “thue”" in capsys.readouterr().err


def test_platform_fees_change_on_their_dates():
    def fee(day, platform):
        return tham_so("phi_san", day)["san"][platform]

    assert fee("2025-03-01", "Shopee")["phi_moi_don"] == 0 and fee("2025-08-15", "Shopee")["phi_moi_don"] == 3000
    assert fee("2025-03-01", "Shopee")["phi_co_dinh"] < fee("2025-04-01", "Shopee")["phi_co_dinh"]
    assert fee("2025-09-09", "TikTok Shop")["phi_moi_don"] == 0 and fee("2025-10-27", "TikTok Shop")["phi_moi_don"] == 3000
    assert tham_so("phi_san", "2026-01-15")["hieu_luc_tu"] > tham_so("phi_san", "2025-11-01")["hieu_luc_tu"]


def test_household_vat_and_pit_thresholds_part_on_1_july_2025():
    before, after = tham_so("nguong_doanh_thu_ho_kinh_doanh", "2025-06-30"), tham_so("nguong_doanh_thu_ho_kinh_doanh", "2025-07-01")
    assert before["nguong_gtgt"] == before["nguong_tncn"] == 100_000_000
    assert (after["nguong_gtgt"], after["nguong_tncn"]) == (200_000_000, 100_000_000)


def test_a_workshop_that_makes_its_goods_pays_the_production_rates():
    groups = tham_so("ty_le_thue_ho_kinh_doanh", "2026-02-01")["nhom"]
    assert (groups["san_xuat"]["thue_gtgt"], groups["san_xuat"]["thue_tncn"]) == (0.03, 0.015)
    assert (groups["phan_phoi"]["thue_gtgt"], groups["phan_phoi"]["thue_tncn"]) == (0.01, 0.005)
