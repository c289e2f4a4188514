"""`langnghe hub ...`: the workshop hub's verbs. Parsing only; the work is in the modules."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path


def _workshop(args):
    from .workshop import Workshop

    return Workshop(Path(args.dir))


def _create(args) -> int:
    from .workshop import create

    ws = create(Path(args.roster), Path(args.dir), ip=args.ip, port=args.port, demo=args.demo,
                home_base=Path(args.home_base) if args.home_base else None)
    people = ws.people()
    print(f"Đã tạo hội thảo trong {ws.root}: {len(people)} tài khoản (danh sách in thẻ: {ws.accounts_file}).")
    for p in people:
        print(f"  {p.username:<12} {p.full_name} ({p.role})")
    print(f"Chạy hub: langnghe hub start --dir {ws.root}")
    return 0


def _start(args) -> int:
    from .process import start

    url = start(_workshop(args), foreground=args.foreground)
    print(f"Hub đang chạy: {url}  (dừng: langnghe hub stop --dir {args.dir})")
    return 0


def _stop(args) -> int:
    from .process import stop

    print("Đã dừng hub." if stop(_workshop(args)) else "Hub không chạy.")
    return 0


def _demo(args) -> int:
    from .demo import run

    run(port=args.port)
    return 0


def _assign(args) -> int:
    from .instructor import assign

    print(f"Đã giao {assign(_workshop(args), args.assignment)}: học viên lấy bài trong danh sách Bài tập.")
    return 0


def _collect(args) -> int:
    from .instructor import collect

    aid, students = collect(_workshop(args), args.assignment)
    print(f"Đã thu {aid} của {len(students)} học viên: {', '.join(students) or '(chưa ai nộp)'}.")
    return 0


def _grade(args) -> int:
    from ..grade.summary import table
    from .instructor import grade

    aid, results = grade(_workshop(args), args.assignment, args.students or None)
    print(table(results))
    return 0


def _return(args) -> int:
    from .instructor import give_back

    aid, pages = give_back(_workshop(args), args.assignment)
    print(f"Đã trả {len(pages)} trang nhận xét của {aid}; học viên lấy ở danh sách Bài tập (Fetch Feedback).")
    return 0


def _report(args) -> int:
    from .instructor import report

    for path in report(_workshop(args), Path(args.output) if args.output else None):
        print(f"Đã viết {path}")
    return 0


def _password(args) -> int:
    from .auth import forget_password

    ws = _workshop(args)
    if forget_password(str(ws.root / "passwords.dbm"), args.username):
        print(f"Đã xóa mật khẩu của {args.username}: lần đăng nhập tới, mật khẩu gõ vào sẽ thành mật khẩu mới.")
        return 0
    print(f"{args.username} chưa đặt mật khẩu nào.", file=sys.stderr)
    return 1


def _remove_accounts(args) -> int:
    from .process import stop
    from .workshop import remove_accounts

    ws = _workshop(args)
    stop(ws)
    removed = remove_accounts(ws)
    print(f"Đã xóa {len(removed)} tài khoản Unix (thư mục nhà và bài làm vẫn giữ nguyên).")
    return 0


def add_parser(verbs) -> None:
    hub = verbs.add_parser("hub", help="JupyterHub cho một lớp tập huấn: tài khoản, giao bài, thu bài, chấm")
    sub = hub.add_subparsers(dest="hub_verb", required=True, metavar="VIỆC")

    def verb(name, run, help, needs_dir=True):
        p = sub.add_parser(name, help=help)
        if needs_dir:
            p.add_argument("--dir", default=".", help="thư mục hội thảo (mặc định: thư mục hiện tại)")
        p.set_defaults(run=partial(_guarded, run))
        return p

    c = verb("create", _create, "tạo (hoặc cập nhật) hội thảo từ danh sách CSV: tài khoản, khóa học, cấu hình")
    c.add_argument("roster", metavar="DANH_SACH.csv", help="cột: ho_ten, vai_tro (hoc_vien/giang_vien), email, dien_thoai")
    c.add_argument("--ip", default="0.0.0.0", help="địa chỉ nghe (mặc định: mọi địa chỉ của máy)")
    c.add_argument("--port", type=int, default=8000, help="cổng web (hub dùng thêm 3 cổng kế tiếp)")
    c.add_argument("--home-base", help="thư mục chứa thư mục nhà của học viên (mặc định /home)")
    c.add_argument("--demo", action="store_true", help="một người dùng Unix cho tất cả: chỉ để thử")
    s = verb("start", _start, "chạy hub (nền), in địa chỉ")
    s.add_argument("--foreground", action="store_true", help="chạy ở tiền cảnh (cho systemd)")
    verb("stop", _stop, "dừng hub và máy chủ của mọi học viên")
    d = verb("demo", _demo, "hub thử trên 127.0.0.1 với danh sách mẫu (không dùng thật)", needs_dir=False)
    d.add_argument("--port", type=int, default=8000)
    for name, run, help in [("assign", _assign, "giao bài tập cho học viên qua nbgrader"),
                            ("collect", _collect, "thu bài đã nộp"),
                            ("grade", _grade, "chấm tự động bài đã thu (langnghe grade)"),
                            ("return", _return, "viết nhận xét và trả cho học viên")]:
        p = verb(name, run, help)
        p.add_argument("assignment", metavar="BAI_TAP", help="ví dụ bt01")
        if name == "grade":
            p.add_argument("students", nargs="*", metavar="HOC_VIEN")
    r = verb("report", _report, "báo cáo kết quả lớp (HTML, CSV, XLSX)")
    r.add_argument("--output", help="thư mục ghi báo cáo (mặc định: khoa-hoc/bao-cao/)")
    pw = verb("password", _password, "xóa mật khẩu một người quên, để họ đặt lại khi đăng nhập")
    pw.add_argument("username", metavar="TEN_DANG_NHAP")
    verb("remove-accounts", _remove_accounts, "dừng hub và xóa các tài khoản Unix hội thảo đã tạo")


def _guarded(run, args) -> int:
    from .roster import RosterError
    from .workshop import WorkshopError

    try:
        return run(args)
    except (RosterError, WorkshopError) as err:
        print(err, file=sys.stderr)
        return 2
