"""The roster: full Vietnamese names to ASCII usernames that are unique and never change."""

from __future__ import annotations

import pytest

from langnghe.hub.roster import (INSTRUCTOR, LEFT, TRAINEE, RosterError, assign_usernames, base_username,
                                 read_accounts, read_roster, write_accounts)


def roster(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "danh-sach.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("full_name, username", [
    ("Nguyễn Văn An", "annv"),
    ("Đặng Thị Ánh", "anhdt"),  # Đ is a letter of its own, not D with a mark: it still folds to d
    ("Lê Thị Bích Ngọc", "ngocltb"),
    ("  Phạm   Đức  Thắng ", "thangpd"),
    ("Hoàng", "hoang"),
    ("Nguyễn Văn 3", "hv3nv"),  # a username starts with a letter
])
def test_username_is_the_given_name_then_the_initials(full_name, username):
    assert base_username(full_name) == username


def test_same_name_twice_gets_a_number_and_vietnamese_headers_are_understood(tmp_path):
    # Excel's "CSV UTF-8" (with BOM), headers with diacritics, a semicolon separator, roles in words.
    path = roster(tmp_path, "\ufeffHọ và tên;Vai trò;Số điện thoại\n"
                            "Nguyễn Văn An;Giảng viên;0912345678\n"
                            "Nguyễn Văn An;học viên;0987654321\n"
                            "Ngô Văn An;;\n")
    people = assign_usernames(read_roster(path), [])
    assert [(p.username, p.role) for p in people] == [("annv", INSTRUCTOR), ("annv2", TRAINEE), ("annv3", TRAINEE)]
    assert people[1].phone == "0987654321"


def test_usernames_stay_when_the_roster_grows_or_is_reordered(tmp_path):
    first = assign_usernames(read_roster(roster(tmp_path, "ho_ten\nNguyễn Văn An\nNguyễn Văn An\nTrần Thị Hoa\n")), [])
    write_accounts(tmp_path / "tai-khoan.csv", first)
    existing = read_accounts(tmp_path / "tai-khoan.csv")
    grown = assign_usernames(read_roster(roster(tmp_path, "ho_ten\nNgô Văn An\nTrần Thị Hoa\nNguyễn Văn An\n"
                                                          "Nguyễn Văn An\n")), existing)
    names = {p.full_name: [] for p in grown}
    for p in grown:
        names[p.full_name].append(p.username)
    assert names == {"Ngô Văn An": ["annv3"], "Trần Thị Hoa": ["hoatt"], "Nguyễn Văn An": ["annv", "annv2"]}


def test_someone_taken_off_the_roster_keeps_the_name_but_cannot_log_in(tmp_path):
    first = assign_usernames(read_roster(roster(tmp_path, "ho_ten\nNguyễn Văn An\nTrần Thị Hoa\n")), [])
    later = assign_usernames(read_roster(roster(tmp_path, "ho_ten\nTrần Thị Hoa\nLê Văn An\n")), first)
    by_name = {p.full_name: p for p in later}
    assert by_name["Nguyễn Văn An"].role == LEFT and not by_name["Nguyễn Văn An"].may_log_in
    assert by_name["Lê Văn An"].username == "anlv"
    assert by_name["Nguyễn Văn An"].username == "annv"  # not given to anyone else


def test_system_accounts_and_names_taken_outside_the_workshop_are_avoided(tmp_path):
    people = assign_usernames(read_roster(roster(tmp_path, "ho_ten\nRoot\nNguyễn Văn An\n")), [],
                              taken=lambda name: name == "annv")
    assert [p.username for p in people] == ["root2", "annv2"]


@pytest.mark.parametrize("text, encoding, message", [
    ("ten_dang_nhap,email\nannv,a@b.vn\n", "utf-8", "cột họ tên"),
    ("ho_ten,vai_tro\nNguyễn Văn An,quản lý\n", "utf-8", "Dòng 2: vai trò 'quản lý' không rõ"),
    ("ho_ten,email\n,an@lang.vn\n", "utf-8", "Dòng 2: thiếu họ tên"),
    ("ho_ten\nLê Văn Hà\n", "cp1258", "không phải UTF-8"),  # Excel's plain "CSV" on a Vietnamese Windows
    ("ho_ten\n\n", "utf-8", "không có ai"),
])
def test_a_bad_roster_gets_a_vietnamese_message_with_the_row_to_fix(tmp_path, text, encoding, message):
    with pytest.raises(RosterError, match=message):
        read_roster(roster(tmp_path, text, encoding))
