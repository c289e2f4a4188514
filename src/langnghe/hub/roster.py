"""The workshop roster: a CSV of full Vietnamese names becomes stable ASCII usernames.

A username is the given name followed by the initials of the family and middle names, as
Vietnamese offices name e-mail accounts ("Nguyễn Văn An" -> "annv"); a clash gets 2, 3, ...
Once given, a username never changes: the accounts file (tai-khoan.csv) is read back and
people already in it keep their names when the roster grows.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import CourseError

TRAINEE = "hoc_vien"
INSTRUCTOR = "giang_vien"
LEFT = "da_roi_lop"  # no longer on the roster: cannot log in, keeps the username and the files
ACCOUNTS_FILE = "tai-khoan.csv"
ACCOUNT_COLUMNS = ["ten_dang_nhap", "ho_ten", "vai_tro", "email", "dien_thoai"]

# Header spellings people type, after diacritics and spaces are folded away.
_HEADERS = {
    "ho_ten": {"ho_ten", "ho_va_ten", "hoten", "ten", "name", "full_name"},
    "vai_tro": {"vai_tro", "vaitro", "role"},
    "email": {"email", "e_mail", "thu_dien_tu"},
    "dien_thoai": {"dien_thoai", "so_dien_thoai", "sdt", "phone", "dienthoai"},
}
_ROLES = {
    TRAINEE: {"hoc_vien", "hocvien", "hv", "trainee", "student", "hoc_sinh"},
    INSTRUCTOR: {"giang_vien", "giangvien", "gv", "giao_vien", "instructor", "teacher", "can_bo"},
}
# Names a person must never get: system accounts and the course's own service account.
RESERVED = {"root", "admin", "daemon", "bin", "sys", "nobody", "www-data", "langnghe-cham", "jovyan"}
MAX_LENGTH = 30


class RosterError(CourseError, ValueError):
    """A roster that cannot be read (message in Vietnamese, with the row to fix)."""


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: str = TRAINEE
    email: str = ""
    phone: str = ""

    @property
    def is_instructor(self) -> bool:
        return self.role == INSTRUCTOR

    @property
    def may_log_in(self) -> bool:
        return self.role in (TRAINEE, INSTRUCTOR)


def ascii_fold(text: str) -> str:
    """Vietnamese text without diacritics, lower case ("Đặng Thị Ánh" -> "dang thi anh")."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", ascii_fold(header)).strip("_")


def base_username(full_name: str) -> str:
    words = re.findall(r"[a-z0-9]+", ascii_fold(full_name))
    if not words:
        return ""
    name = words[-1] + "".join(word[0] for word in words[:-1])
    if not name[0].isalpha():
        name = "hv" + name
    return name[:MAX_LENGTH]


def _column_map(fieldnames: list[str]) -> dict[str, str]:
    found = {}
    for header in fieldnames:
        key = _key(header or "")
        for column, spellings in _HEADERS.items():
            if key in spellings and column not in found:
                found[column] = header
    if "ho_ten" not in found:
        raise RosterError(
            "Danh sách học viên cần một cột họ tên (tiêu đề 'ho_ten' hoặc 'Họ tên'); "
            f"các cột đang có: {', '.join(fieldnames)}.")
    return found


def _role(value: str, row: int) -> str:
    key = _key(value)
    if not key:
        return TRAINEE
    for role, spellings in _ROLES.items():
        if key in spellings:
            return role
    raise RosterError(
        f"Dòng {row}: vai trò '{value}' không rõ. Ghi 'hoc_vien' (học viên) hoặc 'giang_vien' (giảng viên).")


def read_roster(path: Path) -> list[dict[str, str]]:
    """The people in a roster CSV, in order, without usernames yet."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"Không thấy tệp danh sách {path}.") from None
    except UnicodeDecodeError:
        raise RosterError(
            f"Tệp {path.name} không phải UTF-8. Trong Excel chọn Lưu thành → 'CSV UTF-8 (phân cách bằng dấu phẩy)'."
        ) from None
    try:  # Excel writes ';' where the decimal mark is ','; a one-column roster has no separator at all
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    columns = _column_map(reader.fieldnames or [])
    people = []
    for row_number, row in enumerate(reader, start=2):
        full_name = " ".join((row.get(columns["ho_ten"]) or "").split())
        if not full_name:
            if any((value or "").strip() for value in row.values()):
                raise RosterError(f"Dòng {row_number}: thiếu họ tên.")
            continue
        if not base_username(full_name):
            raise RosterError(f"Dòng {row_number}: họ tên '{full_name}' không có chữ cái nào để đặt tên đăng nhập.")
        people.append({
            "ho_ten": full_name,
            "vai_tro": _role(row.get(columns.get("vai_tro", ""), "") or "", row_number),
            "email": (row.get(columns.get("email", ""), "") or "").strip(),
            "dien_thoai": (row.get(columns.get("dien_thoai", ""), "") or "").strip(),
        })
    if not people:
        raise RosterError(f"Danh sách {path.name} không có ai.")
    return people


def read_accounts(path: Path) -> list[Person]:
    if not Path(path).is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [Person(r["ten_dang_nhap"], r["ho_ten"], r["vai_tro"], r.get("email", ""), r.get("dien_thoai", ""))
                for r in csv.DictReader(f)]


def write_accounts(path: Path, people: list[Person]) -> None:
    # BOM so that Excel opens the Vietnamese names correctly.
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(ACCOUNT_COLUMNS)
        for p in people:
            writer.writerow([p.username, p.full_name, p.role, p.email, p.phone])


def assign_usernames(rows: list[dict[str, str]], existing: list[Person],
                     taken=lambda name: False) -> list[Person]:
    """Everyone on the roster with a username; people already in `existing` keep theirs.

    A person is matched by name plus e-mail or phone when given, so two people with the same
    name stay apart. `taken(name)` says whether a name is used outside the workshop (a Unix
    account that is not ours, for instance).
    """
    def identity(full_name, email, phone):
        return (ascii_fold(full_name), email.lower(), phone)

    kept = {}
    for person in existing:
        kept.setdefault(identity(person.full_name, person.email, person.phone), []).append(person)
    used = {p.username for p in existing} | RESERVED
    result = []
    for row in rows:
        candidates = kept.get(identity(row["ho_ten"], row["email"], row["dien_thoai"]))
        if candidates:
            old = candidates.pop(0)
            result.append(Person(old.username, row["ho_ten"], row["vai_tro"], row["email"], row["dien_thoai"]))
            continue
        base = base_username(row["ho_ten"])
        name, n = base, 1
        while name in used or taken(name):
            n += 1
            name = f"{base[:MAX_LENGTH - len(str(n))]}{n}"
        used.add(name)
        result.append(Person(name, row["ho_ten"], row["vai_tro"], row["email"], row["dien_thoai"]))
    # People taken off the roster can no longer log in, but their username stays theirs.
    for leftovers in kept.values():
        result.extend(Person(p.username, p.full_name, LEFT, p.email, p.phone) for p in leftovers)
    return result
