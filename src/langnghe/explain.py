"""Python's errors explained in Vietnamese, in the course's kernels (an IPython extension).

When a cell fails, the learner first reads what probably happened in her cell and what to try,
in Vietnamese; Python's own message, in English and with the library source around it, is folded
below, one click away. The error itself is still reported as an error (the cell's execution
status, its ename and evalue are Python's), so nbgrader, `langnghe check` and grading see what
they always saw. `langnghe.lab.install_overrides` makes every kernel of the course's environment
load it (`etc/ipython/ipython_kernel_config.json`), except the kernels grading runs a submission
in; `%unload_ext langnghe.explain` turns it off.

A check cell of an exercise (its first line `# Ô kiểm tra câu N`) that runs without error says so
in one line, since a check that passes prints nothing and silence means nothing to a beginner.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import traceback
import types
import unicodedata
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CODE = re.compile(r"`([^`]+)`")
# 240.000.000: the thousands dots a Vietnamese writer uses, which Python cannot read.
THOUSANDS_DOTS = re.compile(r"\d\.\d{3}\.\d")
NO_THOUSANDS_DOTS = ("Trong Python, số không viết dấu chấm ngăn cách hàng nghìn: viết 240000000 (hoặc 240_000_000), "
                     "không viết 240.000.000")
_HINTS_FILE = str(Path(__file__).with_name("hints.py"))
# The first line of an exercise's check cell, as the course writes it: `# Ô kiểm tra câu 6`,
# or with what to do after a colon (`# Ô kiểm tra câu 1: chạy ô này sau khi trả lời.`).
CHECK_CELL = re.compile(r"# Ô kiểm tra câu (\d+)(?:: .*)?")


def _names(shell) -> list[str]:
    return [n for n in (shell.user_ns if shell is not None else {}) if not n.startswith("_")]


def _close(word: str, candidates) -> str:
    found = difflib.get_close_matches(word, [str(c) for c in candidates], n=1, cutoff=0.75)
    return f" Có phải ý bạn là `{found[0]}`?" if found else ""


def _dataframe_in(tb):
    """The DataFrame (or Series) whose lookup failed, from the frames of the traceback."""
    import pandas as pd

    while tb is not None:
        candidate = tb.tb_frame.f_locals.get("self")
        if isinstance(candidate, (pd.DataFrame, pd.Series)):
            return candidate
        tb = tb.tb_next
    return None


def _from_course_check(tb) -> bool:
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _HINTS_FILE:
            return True
        tb = tb.tb_next
    return False


def explain(etype, value, tb=None, shell=None, source: str = "") -> str:
    """What probably happened, in Vietnamese, for the errors beginners meet most."""
    name, message = etype.__name__, str(value)
    if issubclass(etype, IndentationError):
        return ("Các dòng trong ô chưa thẳng hàng (thụt lề sai). Dòng sau `if`, `for`, `def` phải lùi vào "
                "4 dấu cách; các dòng cùng cấp phải thẳng nhau. Xóa các dấu cách thừa ở đầu dòng bị báo rồi chạy lại.")
    if issubclass(etype, SyntaxError):
        line = (getattr(value, "text", "") or "").strip()
        where = f" ở dòng {value.lineno}: `{line}`" if getattr(value, "lineno", None) and line else ""
        if THOUSANDS_DOTS.search(line or source):
            why = f"{NO_THOUSANDS_DOTS}; dấu chấm là dấu thập phân (1.5 là một phẩy năm)."
        elif "never closed" in message or "unterminated" in message or "EOF" in message or "incomplete" in message:
            why = "Có một dấu ngoặc ( [ { hoặc một dấu nháy \" ' mở ra mà chưa đóng lại."
        elif "expected ':'" in message:
            why = "Thiếu dấu hai chấm `:` ở cuối dòng `if`, `for`, `def`."
        elif "'(' was never closed" in message or "unmatched" in message:
            why = "Số dấu ngoặc mở và đóng chưa khớp nhau."
        else:
            why = ("Kiểm tra dấu ngoặc, dấu nháy, dấu hai chấm, dấu phẩy giữa các giá trị, và chữ có dấu "
                   "tiếng Việt trong tên biến (tên biến viết không dấu: doanh_thu, không viết doanh_thu_tháng).")
        return f"Python không đọc được ô này{where}. {why} Sửa rồi nhấn Shift+Enter chạy lại ô."
    if issubclass(etype, NameError):
        missing = getattr(value, "name", None) or (re.findall(r"'(.+?)'", message) or [""])[0]
        return (f"Python chưa biết tên `{missing}`. Thường là ô lệnh đặt ra tên này chưa được chạy: chạy lần "
                "lượt các ô phía trên (bấm vào từng ô rồi nhấn Shift+Enter), hoặc tên gõ chưa đúng (chữ hoa, "
                f"chữ thường, dấu gạch dưới).{_close(missing, _names(shell))}")
    if issubclass(etype, KeyError):
        key = value.args[0] if value.args else ""
        table = _dataframe_in(tb)
        if table is not None and hasattr(table, "columns"):
            columns = ", ".join(map(str, table.columns))
            return (f"Bảng không có cột `{key}`. Các cột của bảng: {columns}.{_close(str(key), table.columns)} "
                    "Tên cột phải gõ đúng từng chữ, trong dấu nháy.")
        if table is not None:
            return f"Không có `{key}` trong cột (Series) này.{_close(str(key), table.index)}"
        return f"Không tìm thấy khóa `{key}`: kiểm tra cách viết (chữ hoa, chữ thường, dấu)."
    if issubclass(etype, TypeError) and "str" in message and (
            "concatenate" in message or "unsupported operand" in message or "not supported between" in message):
        return ("Phép tính đang trộn chữ với số. Có thể một con số nằm trong dấu nháy (\"250000\" là chữ, 250000 "
                "mới là số), hoặc một cột đọc vào là chữ. Bỏ dấu nháy, hoặc đổi sang số bằng int(...) / float(...).")
    if issubclass(etype, ValueError) and ("isoformat" in message or "does not match format" in message
                                          or "datetime" in message.lower()):
        return ("Ngày chưa đúng cách viết mà Python hiểu. Viết ngày theo dạng năm-tháng-ngày, trong dấu nháy: "
                "\"2025-09-09\" (không viết \"9/9/2025\").")
    if issubclass(etype, ValueError) and ("could not convert string to float" in message
                                          or "invalid literal for int()" in message):
        return ("Python không đổi được chữ này thành số. Số viết liền, không có dấu chấm ngăn cách hàng nghìn, "
                "không có chữ ₫ hay đ: viết 1250000, không viết \"1.250.000 đ\".")
    if issubclass(etype, ZeroDivisionError):
        return ("Phép chia cho 0. Mẫu số đang bằng 0: kiểm tra số chia (ví dụ số đơn, số sản phẩm) trước khi chia, "
                "hoặc bỏ qua trường hợp bằng 0.")
    if issubclass(etype, AttributeError):
        attribute = getattr(value, "name", None) or (re.findall(r"attribute '(.+?)'", message) or [""])[0]
        owner = getattr(value, "obj", None)
        close = _close(attribute, dir(owner)) if owner is not None else ""
        return (f"Giá trị này không có `{attribute}`. Có thể gõ sai tên, hoặc giá trị không phải loại bạn nghĩ "
                f"(ví dụ một con số chứ không phải một bảng).{close}")
    if issubclass(etype, IndexError):
        return ("Vị trí vượt quá độ dài của danh sách hoặc bảng. Python đếm từ 0: danh sách 3 phần tử có vị trí "
                "0, 1, 2; phần tử cuối là [-1].")
    if issubclass(etype, AssertionError) and _from_course_check(tb):
        return message  # the course's own check: its message is the hint
    if issubclass(etype, FileNotFoundError):
        return ("Không tìm thấy tệp. Kiểm tra tên tệp và thư mục; dữ liệu của khóa học mở bằng "
                "tai_du_lieu(\"ten_bang\"), không cần đường dẫn.")
    return f"Python báo lỗi {name}. Đọc dòng cuối của thông báo bên dưới để biết chỗ sai."


def _page(headline: str, text: str, full: str) -> dict:
    plain = f"💡 {headline}\n{text}\n"
    body = _CODE.sub(r"<code>\1</code>", html.escape(text))
    page = (f'<div class="langnghe-loi" style="border-left:4px solid #d55e00;padding:4px 10px;margin:4px 0">'
            f"<b>{html.escape(headline)}</b><br>{body}"
            f"<details><summary>Xem thông báo đầy đủ của Python (tiếng Anh)</summary>"
            f"<pre>{html.escape(full)}</pre></details></div>")
    return {"text/plain": plain, "text/html": page}


def _show(shell, etype, value, text: str, structured: list[str]) -> None:
    from IPython.display import display

    full = _ANSI.sub("", "\n".join(structured))
    course_check = issubclass(etype, AssertionError) and text == str(value)
    display(_page("Gợi ý" if course_check else "Lỗi trong ô này", text, full), raw=True)
    # The error stays an error (status, ename, evalue); its shown text is one line, the hint is above.
    message = getattr(value, "msg", None) if issubclass(etype, SyntaxError) else value  # no temporary file name
    shell._showtraceback(etype, value, [etype.__name__ if course_check else f"{etype.__name__}: {message}"])


def _on_error(shell, etype, value, tb, tb_offset=None):
    structured = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    try:
        text = explain(etype, value, tb, shell)
    except Exception:  # noqa: BLE001 - an explanation must never hide the error itself
        return structured
    _show(shell, etype, value, text, structured)
    return None


def _show_syntax_error(shell, filename=None, running_compiled_code=False):
    etype, value, last = shell._get_exc_info()
    elist = traceback.extract_tb(last) if running_compiled_code else []
    structured = shell.SyntaxTB.structured_traceback(etype, value, elist)
    try:
        text = explain(etype, value, shell=shell)
    except Exception:  # noqa: BLE001
        shell._showtraceback(etype, value, structured)
        return
    _show(shell, etype, value, text, structured)


def check_question(source: str) -> str | None:
    """The question number of a check cell, from its first non-empty line; None for any other cell."""
    first = next((line.strip() for line in (source or "").splitlines() if line.strip()), "")
    found = CHECK_CELL.fullmatch(unicodedata.normalize("NFC", first))
    return found.group(1) if found else None


def passed_line(question: str) -> str:
    return (f"✅ Câu {question}: đã qua phần kiểm tra cơ bản. "
            "Khi chấm, máy còn chạy thêm kiểm tra ẩn, kỹ hơn.")


def _on_cell_ran(result) -> None:
    if not result.success:
        return
    question = check_question(getattr(result.info, "raw_cell", ""))
    if question is not None:
        from IPython.display import display

        display({"text/plain": passed_line(question)}, raw=True)


def load_ipython_extension(shell) -> None:
    # A kernel nbgrader or `langnghe grade` runs a submission in stays plain IPython: grading
    # records errors exactly as nbgrader does (NBGRADER_EXECUTION is nbgrader's own marker).
    if os.environ.get("NBGRADER_EXECUTION"):
        return
    shell.set_custom_exc((Exception,), _on_error)
    shell.showsyntaxerror = types.MethodType(_show_syntax_error, shell)
    if _on_cell_ran not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _on_cell_ran)


def unload_ipython_extension(shell) -> None:
    shell.set_custom_exc((), None)
    shell.__dict__.pop("showsyntaxerror", None)
    if _on_cell_ran in shell.events.callbacks["post_run_cell"]:
        shell.events.unregister("post_run_cell", _on_cell_ran)


__all__ = ["CHECK_CELL", "check_question", "explain", "load_ipython_extension", "passed_line",
           "unload_ipython_extension"]
