"""The friendly checks: each failure says what is wrong in Vietnamese, never the answer."""

import pandas as pd
import pytest

from langnghe import (
    kiem_tra_bang,
    kiem_tra_chuoi,
    kiem_tra_cot,
    kiem_tra_danh_sach,
    kiem_tra_ham,
    kiem_tra_so,
    thu_ngay,
    xap_xi,
)


def hint(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as err:
        check(*args, **kwargs)
    return str(err.value)


def test_number_typed_as_text_is_told_to_drop_quotes():
    message = hint(kiem_tra_so, "1.250.000", "gia_ban")
    assert "`gia_ban` phải là một con số" in message
    assert "ngoặc kép" in message


def test_number_with_dot_thousands_is_caught_by_magnitude():
    # 1.250 in Python is one point two five, not one thousand two hundred and fifty.
    message = hint(kiem_tra_so, 1.25, "gia_ban", thap=10_000, cao=10_000_000)
    assert "quá nhỏ" in message
    assert "1.250 là một phẩy hai lăm" in message


def test_percent_typed_as_whole_number_is_caught():
    message = hint(kiem_tra_so, 5.0, "ty_le_phi", thap=0, cao=0.5)
    assert "quá lớn" in message and "0.05" in message


def test_plausible_range_passes_silently():
    kiem_tra_so(203_250.0, "tien_ve", thap=50_000, cao=300_000)


def test_hint_does_not_contain_the_answer():
    message = hint(kiem_tra_so, 180_000, "tien_ve", thap=190_000, cao=220_000)
    assert "203250" not in message.replace(".", "")


def test_placeholder_ellipsis_is_named():
    assert "dấu ..." in hint(kiem_tra_so, ..., "doanh_thu")


def test_nan_and_bool_are_not_numbers():
    assert "NaN" in hint(kiem_tra_so, float("nan"), "x")
    assert "giá trị đúng/sai" in hint(kiem_tra_so, True, "x")


def test_whole_number_required():
    assert "số nguyên" in hint(kiem_tra_so, 12.5, "so_don", so_nguyen=True)
    kiem_tra_so(12.0, "so_don", so_nguyen=True)


def test_function_missing_return_is_explained():
    def tinh(a):
        a * 2

    assert "quên `return`" in hint(kiem_tra_so, tinh(3), "tinh(3)")


def test_function_arity():
    assert "2 tham số" in hint(kiem_tra_ham, lambda a: a, "tinh_lai", so_tham_so=2)
    assert "phải là một hàm" in hint(kiem_tra_ham, 5, "tinh_lai")


def test_text_choices_listed():
    message = hint(kiem_tra_chuoi, "shopee", "san", mot_trong=["Shopee", "TikTok Shop"])
    assert "'Shopee'" in message and "chữ hoa" in message


def test_table_missing_column_named():
    table = pd.DataFrame({"thang": [1], "doanh_thu": [1.0]})
    assert "thiếu cột: so_don" in hint(kiem_tra_bang, table, "bang", cot=["thang", "so_don"])


def test_series_expected_not_dataframe():
    assert "Series" in hint(kiem_tra_cot, pd.DataFrame({"a": [1]}), "doanh_thu_theo_thang")


def test_xap_xi_tolerance():
    assert xap_xi(203_250.4, 203_250)
    assert not xap_xi(203_251, 203_250)
    assert not xap_xi("203250", 203_250)


def test_try_it_prints_hint_instead_of_raising(capsys):
    with thu_ngay():
        kiem_tra_so("abc", "doanh_thu")
    assert capsys.readouterr().out.startswith("💡 Gợi ý:")


def test_try_it_explains_missing_name(capsys):
    with thu_ngay():
        kiem_tra_so(chua_co_bien, "x")  # noqa: F821
    assert "chua_co_bien" in capsys.readouterr().out


def test_try_it_praises_success(capsys):
    with thu_ngay():
        kiem_tra_so(5, "x", thap=1, cao=10)
    assert capsys.readouterr().out.startswith("✅")


def test_list_expected_explains_tolist():
    assert ".tolist()" in hint(kiem_tra_danh_sach, pd.Series(["BT-01"]), "top5_san_pham")
    assert "5 phần tử" in hint(kiem_tra_danh_sach, ["BT-01"], "top5_san_pham", do_dai=5)


def test_how_far_off_is_measured_from_the_middle_of_the_range():
    # 240.000 typed the Vietnamese way is 240.0 in Python: a thousand times too small.
    message = hint(kiem_tra_so, 240.0, "gia_ban", thap=50_000, cao=1_000_000)
    assert "nhỏ hơn khoảng 1.000 lần" in message, message
    message = hint(kiem_tra_so, 5.0, "ty_le", thap=0.01, cao=0.2)
    assert "lớn hơn khoảng 100 lần" in message, message
