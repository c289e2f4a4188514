"""`langnghe hub demo`: a hub on 127.0.0.1 with a sample roster, to try the workshop flow.

Everything runs as one Unix user, so nothing keeps trainees apart: not for real use.
"""

from __future__ import annotations

from pathlib import Path

from ..course import find_root
from . import instructor, process
from .auth import LoginCodes, show_code
from .workshop import Workshop, create

SAMPLE_ROSTER = Path(__file__).parent / "danh-sach-mau.csv"
DEMO_ASSIGNMENTS = ["bt00", "bt01"]


def prepare(folder: Path | None = None, port: int = 8000) -> Workshop:
    root = find_root()
    ws = create(SAMPLE_ROSTER, folder or root / ".langnghe" / "hub-demo", ip="127.0.0.1", port=port,
                demo=True, source=root)
    for name in DEMO_ASSIGNMENTS:
        instructor.assign(ws, name)
    return ws


def how_to_log_in(ws: Workshop) -> str:
    lines = [
        f"Hub thử đang chạy tại {ws.url} (chỉ máy này vào được).",
        "CHỈ ĐỂ THỬ: mọi học viên chạy chung một tài khoản Unix, không có gì ngăn họ xem bài của nhau.",
        "Hội thảo thật: sudo langnghe hub create DANH_SACH.csv --dir /srv/langnghe/<tên> (xem deploy/).",
        "",
        "Tài khoản (lần đầu: tên đăng nhập, mã một lần ở ô mật khẩu, rồi tự chọn mật khẩu mới ít nhất 6 ký tự;",
        f"thẻ in được: langnghe hub the --dir {ws.root}):",
    ]
    codes = LoginCodes(ws.codes_file).pending()
    for person in ws.people():
        role = "giảng viên" if person.is_instructor else "học viên"
        code = show_code(codes[person.username]) if person.username in codes else "đã đặt mật khẩu"
        lines.append(f"  {person.username:<10} {code:<16} {person.full_name} ({role})")
    lines += ["", f"Giảng viên chấm câu tự luận ở {ws.url}/services/formgrader/ (mở trong thẻ riêng).",
              "Dừng hub: Ctrl+C."]
    return "\n".join(lines)


def run(port: int = 8000) -> None:
    ws = prepare(port=port)
    print(how_to_log_in(ws), flush=True)
    process.start(ws, foreground=True)
