"""`langnghe hub ...`: the workshop hub's verbs. Parsing only; the work is in the modules."""

from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_OK


def _workshop(args):
    from .workshop import Workshop

    return Workshop(Path(args.dir))


def _create(args) -> int:
    from .workshop import create

    ws = create(Path(args.roster), Path(args.dir), ip=args.ip, port=args.port, demo=args.demo,
                home_base=Path(args.home_base) if args.home_base else None)
    people = ws.people()
    print(f"Đã tạo hội thảo trong {ws.root}: {len(people)} tài khoản.")
    for p in people:
        print(f"  {p.username:<12} {p.full_name} ({p.role})")
    print(f"In thẻ đăng nhập (mỗi người một mã một lần): langnghe hub the --dir {ws.root}")
    print(f"Chạy hub: langnghe hub start --dir {ws.root}")
    return EXIT_OK


def _start(args) -> int:
    from .process import start

    url = start(_workshop(args), foreground=args.foreground)
    print(f"Hub đang chạy: {url}  (dừng: langnghe hub stop --dir {args.dir})")
    return EXIT_OK


def _stop(args) -> int:
    from .process import stop

    print("Đã dừng hub." if stop(_workshop(args)) else "Hub không chạy.")
    return EXIT_OK


def _demo(args) -> int:
    from .demo import run

    run(port=args.port)
    return EXIT_OK


def _assign(args) -> int:
    from .instructor import assign

    print(f"Đã giao {assign(_workshop(args), args.assignment)}: học viên lấy bài trong danh sách Bài tập.")
    return EXIT_OK


def _collect(args) -> int:
    from .instructor import collect

    aid, students = collect(_workshop(args), args.assignment)
    print(f"Đã thu {aid} của {len(students)} học viên: {', '.join(students) or '(chưa ai nộp)'}.")
    return EXIT_OK


def _grade(args) -> int:
    from ..grade.summary import table
    from .instructor import grade

    aid, results = grade(_workshop(args), args.assignment, args.students or None)
    print(table(results))
    return EXIT_OK


def _return(args) -> int:
    from .instructor import give_back

    aid, pages = give_back(_workshop(args), args.assignment)
    print(f"Đã trả {len(pages)} trang nhận xét của {aid}; học viên mở ở bảng Bài tập (nút Xem nhận xét).")
    return EXIT_OK


def _report(args) -> int:
    from .instructor import report

    for path in report(_workshop(args), Path(args.output) if args.output else None):
        print(f"Đã viết {path}")
    return EXIT_OK


def _password(args) -> int:
    from .auth import LoginCodes, forget_password, show_code
    from .workshop import WorkshopError

    ws = _workshop(args)
    person = next((p for p in ws.people() if p.username == args.username and p.may_log_in), None)
    if person is None:
        raise WorkshopError(f"Không có “{args.username}” trong danh sách lớp (xem tai-khoan.csv).")
    forget_password(str(ws.passwords_file), person.username)
    code = LoginCodes(ws.codes_file).issue(person.username)
    print(f"Mã một lần mới của {person.full_name} ({person.username}): {show_code(code)}\n"
          "Mật khẩu cũ không dùng được nữa. Lần đăng nhập tới, người đó gõ mã này rồi tự chọn mật khẩu mới. "
          f"In lại thẻ: langnghe hub the --dir {ws.root}")
    return EXIT_OK


def _cards(args) -> int:
    from .cards import write_cards

    pdf, table, count = write_cards(_workshop(args), Path(args.output) if args.output else None)
    print(f"Đã viết {count} thẻ đăng nhập: {pdf} (in khổ A4, cắt theo đường chấm) và danh sách {table}.\n"
          "Người đã đăng nhập lần đầu không có thẻ; ai quên mật khẩu: langnghe hub password TEN_DANG_NHAP.")
    return EXIT_OK


def _locks(args) -> int:
    from .auth import FailedLogins

    failures = FailedLogins(_workshop(args).failures_file)
    if args.clear:
        cleared = failures.clear(None if args.clear == "all" else args.clear)
        print(f"Đã mở khóa: {', '.join(cleared)}." if cleared else f"Không có khóa nào cho “{args.clear}”.")
        return EXIT_OK
    locks = failures.locks()
    if not locks:
        print("Không có tên đăng nhập hay địa chỉ nào đang bị khóa.")
    for key, count, left in locks:
        kind, name = key.split(":", 1)
        what = "tên đăng nhập" if kind == "user" else "địa chỉ"
        print(f"{what} {name}: sai {count} lần, còn khóa khoảng {max(1, round(left / 60))} phút "
              f"(mở: langnghe hub locks --clear {name})")
    return EXIT_OK


def _remove_accounts(args) -> int:
    from .process import stop
    from .workshop import remove_accounts

    ws = _workshop(args)
    stop(ws)
    removed = remove_accounts(ws)
    print(f"Đã xóa {len(removed)} tài khoản Unix (thư mục nhà và bài làm vẫn giữ nguyên).")
    return EXIT_OK


def add_parser(verbs) -> None:
    hub = verbs.add_parser("hub", help="JupyterHub cho một lớp tập huấn: tài khoản, giao bài, thu bài, chấm")
    sub = hub.add_subparsers(dest="hub_verb", required=True, metavar="VIỆC")

    def verb(name, run, help, needs_dir=True):
        p = sub.add_parser(name, help=help)
        if needs_dir:
            p.add_argument("--dir", default=".", help="thư mục hội thảo (mặc định: thư mục hiện tại)")
        p.set_defaults(run=run)
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
    pw = verb("password", _password, "cấp mã một lần mới cho người quên mật khẩu (mật khẩu cũ hết dùng được)")
    pw.add_argument("username", metavar="TEN_DANG_NHAP")
    t = verb("the", _cards, "in thẻ đăng nhập (PDF khổ A4, có mã một lần và mã QR) và danh sách CSV")
    t.add_argument("--output", help="thư mục ghi thẻ (mặc định: thư mục hội thảo)")
    lk = verb("locks", _locks, "xem tên đăng nhập, địa chỉ đang bị khóa vì đăng nhập sai nhiều lần")
    lk.add_argument("--clear", metavar="TEN_HOAC_DIA_CHI", help="mở khóa một tên hoặc địa chỉ (all: tất cả)")
    verb("remove-accounts", _remove_accounts, "dừng hub và xóa các tài khoản Unix hội thảo đã tạo")

