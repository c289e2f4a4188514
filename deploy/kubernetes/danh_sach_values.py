"""Roster → Helm values for the Kubernetes hub (and ngshare's student list).

Usernames come from the one-server hub's own rules (langnghe.hub.roster): the same roster
gives the same names on both, and names already in tai-khoan.csv never change.

    python deploy/kubernetes/danh_sach_values.py DANH_SACH.csv \
        --tai-khoan tai-khoan.csv --values values-danh-sach.yaml --ngshare hoc-vien-ngshare.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from langnghe.hub import roster
from langnghe.hub.workshop import INSTRUCTORS_GROUP, TRAINEES_GROUP

HEADER = """\
# Danh sách lớp cho Zero to JupyterHub, tạo bởi deploy/kubernetes/danh_sach_values.py.
# Dùng kèm values.yaml: helm upgrade ... -f values.yaml -f {name}
"""


def _list(names: list[str]) -> str:
    # Usernames are ASCII letters and digits (roster.base_username), so they need no quoting.
    return "[" + ", ".join(names) + "]"


def values_yaml(people: list[roster.Person], name: str = "values-danh-sach.yaml") -> str:
    """The hub.config part of values.yaml for these people (who may log in, who is admin)."""
    active = [p for p in people if p.may_log_in]
    instructors = sorted(p.username for p in active if p.is_instructor)
    trainees = sorted(p.username for p in active if not p.is_instructor)
    return HEADER.format(name=name) + f"""\
hub:
  config:
    JupyterHub:
      load_groups:
        {INSTRUCTORS_GROUP}:
          users: {_list(instructors)}
        {TRAINEES_GROUP}:
          users: {_list(trainees)}
    Authenticator:
      allowed_users: {_list(sorted(instructors + trainees))}
      admin_users: {_list(instructors)}
"""


def write_ngshare_students(path: Path, people: list[roster.Person]) -> None:
    """The CSV that `ngshare-course-management add_students` reads (trainees only)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "first_name", "last_name", "email"])
        for p in people:
            if p.may_log_in and not p.is_instructor:
                family, _, given = p.full_name.partition(" ")
                writer.writerow([p.username, given or family, family if given else "", p.email])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo values Helm (danh sách đăng nhập) từ danh sách lớp CSV.")
    parser.add_argument("roster", type=Path, metavar="DANH_SACH.csv", help="cột: ho_ten, vai_tro, email, dien_thoai")
    parser.add_argument("--tai-khoan", type=Path, default=Path(roster.ACCOUNTS_FILE),
                        help="tệp tài khoản (giữ tên đăng nhập cũ; được cập nhật để in thẻ)")
    parser.add_argument("--values", type=Path, default=Path("values-danh-sach.yaml"), help="tệp values Helm ghi ra")
    parser.add_argument("--ngshare", type=Path, help="ghi thêm danh sách học viên cho ngshare-course-management")
    args = parser.parse_args(argv)
    try:
        people = roster.assign_usernames(roster.read_roster(args.roster), roster.read_accounts(args.tai_khoan))
    except roster.RosterError as err:
        print(err, file=sys.stderr)
        return 2
    roster.write_accounts(args.tai_khoan, people)
    args.values.write_text(values_yaml(people, args.values.name), encoding="utf-8")
    if args.ngshare:
        write_ngshare_students(args.ngshare, people)
    active = [p for p in people if p.may_log_in]
    print(f"Đã ghi {args.values} ({len(active)} người đăng nhập được) và {args.tai_khoan}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
