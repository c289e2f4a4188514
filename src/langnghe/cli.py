"""The `langnghe` command. This file only parses arguments and calls the verb's module; `main` is
the one place a CourseError becomes its Vietnamese message and exit code (langnghe.errors)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .course import find_course, find_root
from .errors import EXIT_FOUND_PROBLEMS, EXIT_INTERRUPTED, EXIT_OK, CourseError
from .hub.cli import add_parser as add_hub_parser
from .wheels import PYTHONS, TARGETS

SELF_STUDY_VIEW = "build/tu-hoc"  # `langnghe lab --tu-hoc`: the learner's view of a source tree


def _release(args) -> int:
    from .release import differences, release

    root = find_root()
    if args.check:
        problems = differences(root, args.assignments or None)
        for problem in problems:
            print(problem)
        if problems:
            print("Bản học viên trong exercises/ không khớp với solutions/: chạy `langnghe release`.",
                  file=sys.stderr)
            return EXIT_FOUND_PROBLEMS
        print("exercises/ khớp với solutions/.")
        return EXIT_OK
    for name in release(root, args.assignments or None):
        print(f"Đã tạo exercises/{name}/")
    return EXIT_OK


def _check(args) -> int:
    from .check import check_notebook, format_report

    notebook = Path(args.notebook)
    report = check_notebook(notebook, find_course(notebook.resolve().parent), args.assignment)
    print(format_report(report))
    return EXIT_OK


def _grade(args) -> int:
    from .grade.kernels import ForkServer

    server = ForkServer(dict(os.environ))  # loads the kernels' libraries while the grader imports nbgrader
    from .grade.run import Grader, Options
    from .grade.summary import table

    options = Options(notebook_timeout=args.time_limit, isolate=not args.no_isolation, progress=not args.quiet)
    if args.workers:
        options.workers = args.workers
    if args.memory:
        options.memory_bytes = int(args.memory * 1024**3)
    try:
        results = Grader(find_root(), args.assignment, options).grade(args.students or None, server)
    except CourseError:
        server.close()
        raise
    print(table(results))
    return EXIT_OK


def _feedback(args) -> int:
    from .grade.feedback import generate

    pages = generate(find_root(), args.assignment, args.students or None)
    print(f"Đã viết {len(pages)} trang nhận xét trong feedback/.")
    return EXIT_OK


def _report(args) -> int:
    from .grade.report import write

    for path in write(find_root(), Path(args.output) if args.output else None):
        print(f"Đã viết {path}")
    return EXIT_OK


def _start_page(args) -> int:
    from .startpage import START_PAGE, is_current, write

    root = find_root()
    if args.check:
        if is_current(root):
            print(f"{START_PAGE} khớp với các thư mục của khóa học.")
            return EXIT_OK
        print(f"{START_PAGE} đã cũ: chạy `langnghe start-page`.", file=sys.stderr)
        return EXIT_FOUND_PROBLEMS
    print(f"Đã tạo {write(root).name}")
    return EXIT_OK


def _lab(args) -> int:
    from .lab import run

    root = find_course()
    if args.tu_hoc:
        from .bundle import write_self_study

        root = write_self_study(root, root / SELF_STUDY_VIEW)
        print(f"Bản tự học (không có lời giải, không nộp bài, tự chấm bằng langnghe check) ở {root}; "
              "bài anh chị làm ở đó được giữ lại lần sau.", flush=True)
    run(root, port=args.port, open_browser=not args.no_browser)
    return EXIT_OK  # not reached: run() replaces this process


def _site(args) -> int:
    from .site import build

    built = build(find_root(), Path(args.output) if args.output else None, args.workers,
                  report=None if args.quiet else print)
    print(f"Đã viết {len(built.lessons)} bài và mục lục vào {built.output} "
          f"({built.size_bytes / 1e6:.1f} MB, {built.seconds:.0f} giây). Mở {built.output / 'index.html'}")
    return EXIT_OK


def _bundle(args) -> int:
    from .bundle import build, build_offline

    output = Path(args.output) if args.output else None
    if args.offline:
        paths = [build_offline(find_root(), target, output, pythons=tuple(args.python or PYTHONS))
                 for target in args.offline]
    else:
        paths = [build(find_root(), output)]
    for path in paths:
        print(f"Đã tạo {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return EXIT_OK


def _parameters(args) -> int:
    import datetime as dt

    from .params import cac_tham_so, ngay_kiem_tra_lai, tham_so

    today = dt.date.today()

    def checked(entry) -> str:
        recheck = ngay_kiem_tra_lai(entry)
        late = "  ⚠ QUÁ HẠN KIỂM TRA" if recheck < today else ""
        return (f"độ tin cậy {entry['do_tin_cay']}; kiểm tra với nguồn ngày {entry['kiem_tra_ngay']:%d/%m/%Y}, "
                f"lại từ {recheck:%d/%m/%Y}{late}")

    everything = cac_tham_so()
    if args.name:
        if args.name not in everything:
            raise CourseError(f"Không có tham số “{args.name}”. Các tham số có: {', '.join(everything)}.")
        try:
            entry = tham_so(args.name, args.date)
        except ValueError as err:  # a date before the first entry, or not a date
            raise CourseError(str(err)) from None
        print(f"{args.name}: mức từ {entry['hieu_luc_tu']:%d/%m/%Y} ({checked(entry)})")
        def show(prefix, value):  # nested tables as the TOML file spells them: san.Shopee.phi_co_dinh
            if isinstance(value, dict):
                for key, inner in value.items():
                    show(f"{prefix}.{key}" if prefix else key, inner)
            else:
                print(f"  {prefix} = {value}")

        show("", {k: v for k, v in entry.items()
                  if k not in {"hieu_luc_tu", "nguon", "do_tin_cay", "kiem_tra_ngay", "kiem_tra_lai_thang"}})
        print(f"  Nguồn: {entry['nguon']}")
        return EXIT_OK
    late = 0
    for name, entries in everything.items():
        print(name)
        for entry in entries:
            late += ngay_kiem_tra_lai(entry) < today
            print(f"  từ {entry['hieu_luc_tu']:%d/%m/%Y}: {checked(entry)}")
            print(f"    Nguồn: {entry['nguon']}")
    print(f"\n{len(everything)} tham số; {late} mức đã quá hạn kiểm tra lại." if late else
          f"\n{len(everything)} tham số; mọi mức còn trong hạn kiểm tra.")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="langnghe", description="Khóa học dữ liệu cho cơ sở làng nghề.")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="LỆNH")

    r = verbs.add_parser("release", help="tạo bản học viên exercises/ từ solutions/ bằng nbgrader")
    r.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="tên bài tập, ví dụ bt01-ban-hang-truc-tuyen")
    r.add_argument("--check", action="store_true", help="chỉ kiểm tra exercises/ có khớp không (mã thoát 1 nếu không)")
    r.set_defaults(run=_release)

    c = verbs.add_parser("check", help="tự chấm notebook bài tập của bạn (không cần mạng)")
    c.add_argument("notebook", help="đường dẫn tới notebook bài tập")
    c.add_argument("--assignment", help="tên bài tập, nếu đã đổi tên tệp")
    c.set_defaults(run=_check)

    g = verbs.add_parser("grade", help="chấm tự động mọi bài nộp của một bài tập, song song và cách ly")
    g.add_argument("assignment", metavar="ASSIGNMENT", help="tên bài tập, ví dụ bt01-ban-hang-truc-tuyen")
    g.add_argument("students", nargs="*", metavar="STUDENT", help="chỉ chấm các học viên này")
    g.add_argument("--workers", type=int, help="số bài chấm cùng lúc (mặc định: số nhân CPU)")
    g.add_argument("--time-limit", type=float, default=180, help="giới hạn giây cho cả một notebook (mặc định 180)")
    g.add_argument("--memory", type=float, help="giới hạn bộ nhớ mỗi bài, GiB (mặc định 2)")
    g.add_argument("--no-isolation", action="store_true", help="không đổi sang người dùng riêng / không cắt mạng")
    g.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ")
    g.set_defaults(run=_grade)

    f = verbs.add_parser("feedback", help="viết trang nhận xét HTML (tiếng Việt, không lộ kiểm tra ẩn)")
    f.add_argument("assignment", metavar="ASSIGNMENT")
    f.add_argument("students", nargs="*", metavar="STUDENT")
    f.set_defaults(run=_feedback)

    rp = verbs.add_parser("report", help="báo cáo kết quả lớp: HTML có biểu đồ, CSV và XLSX")
    rp.add_argument("--output", help="thư mục ghi báo cáo (mặc định: bao-cao/)")
    rp.set_defaults(run=_report)

    s = verbs.add_parser("start-page", help="tạo trang bắt đầu BAT-DAU.ipynb từ các thư mục")
    s.add_argument("--check", action="store_true", help="chỉ kiểm tra trang có khớp không")
    s.set_defaults(run=_start_page)

    lab = verbs.add_parser("lab", help="mở khóa học trong JupyterLab (tiếng Việt, 127.0.0.1)")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    lab.add_argument("--tu-hoc", action="store_true",
                     help=f"mở khóa học như người tự học thấy (bản trong {SELF_STUDY_VIEW}/, như bộ tự học): "
                          "không lời giải, không nộp bài")
    lab.set_defaults(run=_lab)

    st = verbs.add_parser("site", help="trang web tĩnh của các bài học (đã chạy, có biểu đồ), đọc được không cần mạng")
    st.add_argument("--output", help="thư mục ghi trang web (mặc định: build/site/)")
    st.add_argument("--workers", type=int, help="số bài chạy cùng lúc (mặc định: số nhân CPU)")
    st.add_argument("--quiet", action="store_true", help="không in từng bài đã chạy")
    st.set_defaults(run=_site)

    b = verbs.add_parser("bundle", help="đóng gói khóa học tự học thành một tệp zip (không có lời giải)")
    b.add_argument("--output", help="thư mục ghi tệp zip (mặc định: dist/)")
    b.add_argument("--offline", nargs="+", choices=list(TARGETS), metavar="HE_DIEU_HANH",
                   help="bộ cài không cần mạng, một tệp zip cho mỗi hệ điều hành (windows, linux, macos): "
                        "mang theo mọi gói Python; lúc tạo cần mạng tới PyPI")
    b.add_argument("--python", action="append", choices=list(PYTHONS), metavar="X.Y",
                   help=f"chỉ mang gói cho phiên bản Python này (lặp lại được; mặc định: {', '.join(PYTHONS)})")
    b.set_defaults(run=_bundle)

    ts = verbs.add_parser("tham-so", help="các tham số có ngày hiệu lực (phí sàn, thuế...): nguồn, ngày kiểm tra, mức quá hạn")
    ts.add_argument("name", nargs="?", metavar="TEN", help="chỉ xem một tham số, ví dụ phi_san")
    ts.add_argument("date", nargs="?", metavar="NGAY", help="mức có hiệu lực vào ngày này, ví dụ 2025-08-15 (mặc định: hôm nay)")
    ts.set_defaults(run=_parameters)

    add_hub_parser(verbs)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # a wrong verb or option: argparse's own message, exit 2
    try:
        return args.run(args)
    except CourseError as err:
        print(err, file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu (Ctrl+C).", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the output went to `head` or `less`, which closed it: nothing is wrong
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
